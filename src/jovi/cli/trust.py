"""``jovi trust NOTEBOOK...``: trust notebooks (their outputs are shown as they are).

Notebooks trusted here are trusted by Jupyter on this machine too, and the other way
round: both keep signatures in the Jupyter data directory (``jovi.lib.notary``).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp
from jovi.config import Bool, Flag

__all__ = ["TrustApp"]


class TrustApp(JoviApp):
    """``jovi trust``."""

    command: ClassVar[str] = "jovi trust"
    summary: ClassVar[str] = "trust notebooks: their HTML and JavaScript outputs are shown."
    usage: ClassVar[tuple[str, ...]] = (
        "NOTEBOOK [NOTEBOOK ...]   trust these notebooks",
        "--reset                   forget every trusted notebook (a new secret)",
    )
    max_positionals: ClassVar[int | None] = None
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "reset",
            {"TrustApp": {"reset": True}},
            "Forget every trusted notebook: a new secret makes every signature invalid.",
        ),
    )

    reset = Bool(False, help="Forget every trusted notebook (jovi and Jupyter alike).")

    def start(self) -> int:
        from jovi.errors import NotebookError
        from jovi.lib.notary import Notary
        from jovi.nbformat import read

        notary = Notary()
        if self.reset:
            notary.reset()
            print(f"Every notebook is untrusted now; the secret in {notary.data_dir} is new.")
            if not self.positionals:
                return EXIT_OK
        if not self.positionals:
            print("Name the notebooks to trust: jovi trust NOTEBOOK [NOTEBOOK ...]")
            return EXIT_FAILURE
        status = EXIT_OK
        try:
            for name in self.positionals:
                path = Path(name)
                try:
                    nb = read(path)
                except FileNotFoundError:
                    print(f"jovi trust: {name}: there is no such file.")
                    status = EXIT_FAILURE
                    continue
                except (OSError, NotebookError) as error:
                    print(f"jovi trust: {name}: cannot be read as a notebook ({error}).")
                    status = EXIT_FAILURE
                    continue
                if notary.check_signature(nb):
                    print(f"Notebook already trusted: {name}")
                else:
                    notary.sign(nb, str(path.resolve()))
                    print(f"Trusting notebook: {name}")
        finally:
            notary.close()
        return status
