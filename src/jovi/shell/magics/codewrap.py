"""``%%code_wrap``: run every following cell inside a template of code."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, line_cell_magic, magics_class

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["CodeWrapMagics"]


@magics_class
class CodeWrapMagics(Magics):
    """Templates wrapped around every cell."""

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        self.wrappers: dict[str, Any] = {}
        """The templates in use, by name (each a :class:`~jovi.shell.codewrap.CodeWrapper`)."""

    @magic_arguments()
    @argument("name", nargs="?", default="default", help="The template's name (default).")
    @argument("--remove", action="store_true", help="Stop using the template NAME.")
    @argument("--list", action="store_true", help="List the templates' names.")
    @argument("--list-all", action="store_true", help="List the templates with their code.")
    @line_cell_magic
    def code_wrap(self, line: str, cell: str | None = None) -> None:
        """Wrap every following cell in a template: ``%%code_wrap [NAME]`` with the template.

        In the template, the statement ``__code__`` stands for the cell's code and
        ``__ret__`` for the value of its last expression; names starting with ``___``
        are the template's own (renamed, so they never clash with yours)::

            %%code_wrap timing
            from time import perf_counter as ___clock
            ___start = ___clock()
            __code__
            print(f"took {___clock() - ___start:.3f} s")
            __ret__

        A new template of the same name replaces the old one.  ``%code_wrap NAME``
        (no cell) or ``%code_wrap --remove NAME`` stops using it; ``--list`` names the
        templates, ``--list-all`` shows their code.
        """
        args = parse_argstring(self.code_wrap, line)
        output = self.shell.output
        if args.list:
            output.write("".join(f"{name}\n" for name in self.wrappers))
            return
        if args.list_all:
            for name, wrapper in self.wrappers.items():
                output.write(f"{name}:\n{textwrap.indent(wrapper.source.strip(), '    ')}\n")
            return
        transformers = self.shell.ast_transformers
        old = self.wrappers.pop(args.name, None)
        if old in transformers:
            transformers.remove(old)
        if cell is None or args.remove:
            if old is None:
                raise UsageError(f"%code_wrap: no template is named {args.name!r}")
            return
        from jovi.shell.codewrap import CodeWrapper  # noqa: PLC0415 - when used

        try:
            wrapper = CodeWrapper(cell)
        except SyntaxError as error:
            raise UsageError(f"%%code_wrap: the template is not Python ({error})") from None
        if not wrapper.has_code():
            raise UsageError("%%code_wrap: the template has no __code__ line for the cell")
        self.wrappers[args.name] = wrapper
        transformers.append(wrapper)
        self.shell.hide_names(*wrapper.hidden_names())
