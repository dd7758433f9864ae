"""``%load_ext``, ``%unload_ext``, ``%reload_ext``."""

from __future__ import annotations

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class

__all__ = ["ExtensionMagics"]


@magics_class
class ExtensionMagics(Magics):
    """Loading and unloading extensions."""

    def _name(self, parameter_s: str) -> str:
        name = parameter_s.strip()
        if not name:
            raise UsageError("Missing module name.")
        return name

    @line_magic
    def load_ext(self, parameter_s: str = "") -> None:
        """Load an extension: a module with ``load_jovi_extension(shell)`` (or the IPython name)."""
        name = self._name(parameter_s)
        try:
            outcome = self.shell.extension_manager.load_extension(name)
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] != "IPython":
                raise
            raise UsageError(
                f"the {name} extension is written for IPython, which is not installed: "
                "install it (%pip install ipython) and jovi runs the extension"
            ) from None
        if outcome == "already loaded":
            self.shell.output.write(
                f"The {name} extension is already loaded. To reload it, use:\n  %reload_ext {name}\n"
            )
        elif outcome == "no load function":
            self.shell.output.write(f"The {name} module is not a jovi extension.\n")

    @line_magic
    def unload_ext(self, parameter_s: str = "") -> None:
        """Unload an extension (if it defines how)."""
        name = self._name(parameter_s)
        outcome = self.shell.extension_manager.unload_extension(name)
        if outcome == "no unload function":
            self.shell.output.write(f"The {name} extension doesn't define how to unload it.\n")
        elif outcome == "not loaded":
            self.shell.output.write(f"The {name} extension is not loaded.\n")

    @line_magic
    def reload_ext(self, parameter_s: str = "") -> None:
        """Reload an extension: unload it, re-import its module, load it again."""
        self.shell.extension_manager.reload_extension(self._name(parameter_s))
