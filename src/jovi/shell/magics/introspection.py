"""Introspection magics: ``%pinfo``, ``%pinfo2``, ``%pdef``, ``%pdoc``, ``%psource``,
``%pfile``, ``%psearch``."""

from __future__ import annotations

from pathlib import Path

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class

__all__ = ["IntrospectionMagics"]


@magics_class
class IntrospectionMagics(Magics):
    """Looking at objects: help, signatures, docstrings, source, files, searching names.

    ``jovi.shell.introspection`` is imported by the magics that use it, not with this
    module: the shell registers these magics at start-up, and most sessions never
    call them.
    """

    def _page(self, text: str) -> None:
        self.shell.output.page({"text/plain": text})

    def _found(self, name: str) -> object:
        from jovi.shell.introspection import find_object  # noqa: PLC0415 - see docstring

        found = find_object(self.shell, name)
        if not found.found:
            raise UsageError(f"Object `{name}` not found.")
        return found.obj

    @line_magic
    def pinfo(self, parameter_s: str = "", namespaces: object = None) -> None:
        """Show what an object is (``obj?``): type, signature, docstring, file ..."""
        name = parameter_s.strip()
        if "*" in name:
            self.psearch(name)
            return
        self.shell.show_object_info(name, detail_level=0)

    @line_magic
    def pinfo2(self, parameter_s: str = "", namespaces: object = None) -> None:
        """Like ``%pinfo`` with more detail (``obj??``): the source instead of the docstring."""
        self.shell.show_object_info(parameter_s.strip(), detail_level=1)

    @line_magic
    def pdef(self, parameter_s: str = "") -> None:
        """Print the call signature of a callable (of ``__init__`` for a class)."""
        from jovi.shell.introspection import signature_text  # noqa: PLC0415 - start-up cost

        name = parameter_s.strip()
        obj = self._found(name)
        label = name.rsplit(".", 1)[-1]
        text = signature_text(obj, label)
        if text is None and callable(obj):
            text = signature_text(type(obj).__call__, label)
        if text is None:
            raise UsageError(f"No definition (call signature) found for {name}.")
        self.shell.output.write(text + "\n")

    @line_magic
    def pdoc(self, parameter_s: str = "") -> None:
        """Print the docstring of an object (for a class, also that of its constructor)."""
        import inspect  # noqa: PLC0415 - start-up cost

        name = parameter_s.strip()
        obj = self._found(name)
        parts = []
        doc = inspect.getdoc(obj)
        if doc:
            parts.append(doc)
        if inspect.isclass(obj):
            init = inspect.getdoc(getattr(obj, "__init__", None))
            if init and init != doc and init != inspect.getdoc(object.__init__):
                parts.append(f"Init docstring:\n{init}")
        if not parts:
            self.shell.output.write("No documentation found for " + name + "\n")
            return
        self._page("\n\n".join(parts))

    @line_magic
    def psource(self, parameter_s: str = "") -> None:
        """Show the source code of an object."""
        from jovi.shell.introspection import find_object, object_info  # noqa: PLC0415 - start-up cost

        name = parameter_s.strip()
        info = object_info(find_object(self.shell, name), detail_level=1)
        if not info.found:
            raise UsageError(f"Object `{name}` not found.")
        if not info.source:
            raise UsageError(f"No source found for {name}.")
        self._page(info.source)

    @line_magic
    def pfile(self, parameter_s: str = "") -> None:
        """Show the whole file an object is defined in (or a file given by name)."""
        import inspect  # noqa: PLC0415 - start-up cost

        from jovi.shell.introspection import find_object  # noqa: PLC0415 - start-up cost

        name = parameter_s.strip()
        found = find_object(self.shell, name)
        path: Path | None = None
        if found.found:
            try:
                path = Path(inspect.getsourcefile(found.obj) or "")
            except TypeError:
                path = None
        if path is None or not path.is_file():
            candidate = Path(name).expanduser()
            path = candidate if candidate.is_file() else candidate.with_suffix(".py")
        if not path.is_file():
            raise UsageError(f"Could not find a file for {name}.")
        self._page(path.read_text(encoding="utf-8", errors="replace"))

    @line_magic
    def psearch(self, parameter_s: str = "") -> None:
        """Search names with wildcards: ``%psearch [-a] [-i|-c] [-e NS] [-s NS] pattern [type]``.

        ``*`` matches any characters: ``%psearch a*``, ``%psearch re.e*``,
        ``%psearch -i a* function``.  Namespaces: user, user_global, builtin
        (``-s`` adds one, ``-e`` removes one; the default is user and builtin).
        ``-a`` includes names starting with an underscore; ``-i``/``-c`` force
        case-insensitive or case-sensitive matching.  ``type`` keeps only objects of
        that type (``int``, ``function``, ``module`` ...).
        """
        from jovi.shell.introspection import search_names  # noqa: PLC0415 - start-up cost
        from jovi.shell.introspection.search import default_namespaces  # noqa: PLC0415 - start-up cost

        opts, args = self.parse_options(parameter_s, "cias:e:", list_all=True, mode="list")
        if not args:
            raise UsageError("give a pattern, e.g. %psearch a*")
        pattern, type_filter = args[0], (args[1] if len(args) > 1 else "all")
        names = ["user", "builtin"]
        names += [ns for ns in opts.get("s", []) if ns not in names]
        names = [ns for ns in names if ns not in opts.get("e", [])]
        case_sensitive = self.shell.wildcards_case_sensitive
        if "i" in opts:
            case_sensitive = False
        if "c" in opts:
            case_sensitive = True
        found = search_names(
            pattern,
            default_namespaces(self.shell, names),
            type_filter=type_filter,
            case_sensitive=case_sensitive,
            show_all="a" in opts,
        )
        self._page("\n".join(found) if found else "")
