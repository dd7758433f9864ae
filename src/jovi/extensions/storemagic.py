"""storemagic: ``%store``, keeping variables and aliases across sessions (loaded by default).

Values are pickled into the profile's database, ``<profile>/db/autorestore/<name>``;
aliases into ``<profile>/db/stored_aliases``.  ``%store -r`` brings them back (and the
directory history of ``%cd``); with ``StoreMagics.autorestore = True`` that happens
at start-up.  ``c.StoreMagic.autorestore``, the spelling of IPython's documentation,
works too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jovi.config import Bool, Configurable
from jovi.errors import StoredValueError, UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.shell.profiledb import DHIST_KEY, STORED_ALIASES_KEY, as_usage_error

__all__ = [
    "PREFIX",
    "StoreMagics",
    "load_jovi_extension",
    "refresh_variables",
    "restore_aliases",
    "restore_dhist",
    "unload_jovi_extension",
]

#: The keys of stored variables in the profile's database.
PREFIX = "autorestore/"


def _write(shell: Any, line: str) -> None:
    shell.output.write(line + "\n")


def restore_aliases(shell: Any) -> None:
    """Define the aliases kept by ``%store``."""
    try:
        stored: dict[str, str] = shell.db.get(STORED_ALIASES_KEY, {})
    except StoredValueError as error:
        _write(shell, f"Unable to restore the stored aliases: {error}")
        return
    for name, command in stored.items():
        shell.alias_manager.soft_define_alias(name, command)


def restore_dhist(shell: Any) -> None:
    """Bring back the directory history ``_dh`` of the last sessions."""
    try:
        history: list[str] = shell.db.get(DHIST_KEY, [])
    except StoredValueError:
        return
    shell.history_manager.dir_hist[:] = history


def refresh_variables(shell: Any, names: list[str] | None = None) -> None:
    """Put stored variables (all, or ``names``) back into the user namespace."""
    db = shell.db
    keys = [PREFIX + name for name in names] if names else db.keys_matching(PREFIX + "*")
    for key in keys:
        name = key[len(PREFIX) :]
        if key not in db:
            _write(shell, f"no stored variable {name}")
            continue
        try:
            shell.user_ns[name] = db[key]
        except StoredValueError as error:
            _write(
                shell, f"Unable to restore variable '{name}', ignoring (use %store -d to forget!)"
            )
            _write(shell, f"  ({error})")


@magics_class
class StoreMagics(Magics, Configurable):
    """``%store``: variables and aliases that last across sessions."""

    config_aliases = ("StoreMagic",)

    autorestore = Bool(
        False, help="Restore the variables and aliases kept by %store when the shell starts."
    )

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        Configurable.__init__(self, parent=shell if isinstance(shell, Configurable) else None)
        Magics.__init__(self, shell, **kwargs)

    @line_magic
    def store(self, parameter_s: str = "") -> None:
        """Keep variables (and aliases) for later sessions: ``%store [-d|-r|-z] [NAME ...]``.

        * ``%store NAME ...``: keep these variables (or aliases), as they are now;
        * ``%store``: list what is kept, with the start of each value;
        * ``%store -r``: put every kept variable back (also the kept aliases and the
          directory history); ``%store -r NAME ...`` only those;
        * ``%store -d NAME``: forget NAME; ``%store -z``: forget everything;
        * ``%store NAME >FILE`` / ``>>FILE``: write (append) the value, pretty-printed.

        Values are pickled; objects of classes defined at the prompt can be restored
        only after their class is defined again.  With ``StoreMagics.autorestore =
        True`` everything comes back when jovi starts.
        """
        with as_usage_error():
            self._store_command(parameter_s)

    def _store_command(self, parameter_s: str) -> None:
        opts, rest = self.parse_options(parameter_s, "drz", mode="string")
        shell = self.shell
        db = shell.db
        if "d" in opts:
            self._forget(rest.split())
        elif "z" in opts:
            for key in db.keys_matching(PREFIX + "*"):
                del db[key]
        elif "r" in opts:
            refresh_variables(shell, rest.split() or None)
            if not rest.split():
                restore_aliases(shell)
                restore_dhist(shell)
        elif ">" in rest:
            name, _, target = rest.partition(">")
            append = target.startswith(">")
            self._to_file(name.strip(), target.lstrip(">").strip(), append)
        elif rest.strip():
            for name in rest.split():
                self._store(name)
        else:
            self._list()

    # ------------------------------------------------------------------ the forms

    def _list(self) -> None:
        db = self.shell.db
        names = [key[len(PREFIX) :] for key in db.keys_matching(PREFIX + "*")]
        lines = ["Stored variables and their in-db values:"]
        width = max((len(name) for name in names), default=0)
        for name in sorted(names):
            try:
                shown = repr(db[PREFIX + name])
            except StoredValueError:
                shown = "<unavailable>"
            lines.append(f"{name.ljust(width)} -> {shown[:50]}")
        _write(self.shell, "\n".join(lines))

    def _forget(self, names: list[str]) -> None:
        if not names:
            raise UsageError("%store -d needs the name of a stored variable")
        db = self.shell.db
        for name in names:
            try:
                del db[PREFIX + name]
            except KeyError:
                raise UsageError(f"Can't delete variable '{name}': it is not stored") from None

    def _store(self, name: str) -> None:
        shell = self.shell
        if name not in shell.user_ns:
            alias = shell.alias_manager.get_alias(name)
            if alias is None:
                raise UsageError(f"Unknown variable '{name}'")
            stored: dict[str, str] = shell.db.get(STORED_ALIASES_KEY, {})
            stored[name] = alias.command
            shell.db[STORED_ALIASES_KEY] = stored
            _write(shell, f"Alias stored: {name} ({alias.command})")
            return
        import inspect  # noqa: PLC0415 - heavy, and only needed here
        import pickle  # noqa: PLC0415 - start-up cost

        value = shell.user_ns[name]
        try:
            shell.db[PREFIX + name] = value
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            raise UsageError(
                f"cannot store {name!r}: its value cannot be pickled ({error})"
            ) from None
        _write(shell, f"Stored '{name}' ({type(value).__name__})")
        owner = getattr(inspect.getmodule(type(value)), "__name__", "")
        if owner == "__main__" or getattr(value, "__module__", None) == "__main__":
            _write(
                shell,
                f"Note: {name} depends on a class or function defined at the prompt; "
                "define it again before %store -r in a new session.",
            )

    def _to_file(self, name: str, target: str, append: bool) -> None:
        from jovi.display.pretty import pretty  # noqa: PLC0415 - start-up cost

        if not name or not target:
            raise UsageError("the forms are %store NAME >FILE and %store NAME >>FILE")
        try:
            value = self.shell.ev(name)
        except Exception as error:  # noqa: BLE001 - any failure of the user's expression
            raise UsageError(f"cannot evaluate {name!r}: {type(error).__name__}: {error}") from None
        path = Path(target).expanduser()
        text = value if isinstance(value, str) else pretty(value)
        try:
            with path.open("a" if append else "w", encoding="utf-8") as stream:
                _write(self.shell, f"Writing '{name}' ({type(value).__name__}) to file '{target}'.")
                stream.write(text if text.endswith("\n") else text + "\n")
        except OSError as error:
            raise UsageError(f"cannot write {target}: {error.strerror or error}") from None


def load_jovi_extension(shell: Any) -> None:
    """Add ``%store``; with ``autorestore``, bring back what was stored."""
    magics = StoreMagics(shell)
    shell.register_magics(magics)
    if magics.autorestore:
        restore_aliases(shell)
        refresh_variables(shell)
        restore_dhist(shell)


def unload_jovi_extension(shell: Any) -> None:
    """Remove ``%store``."""
    shell.magics_manager.unregister(StoreMagics.__name__)
