"""The magic system: writing magics (``Magics``, decorators, argument parsing) and their registry."""

from __future__ import annotations

from jovi.errors import UsageError
from jovi.shell.magic.arguments import (
    argument,
    argument_group,
    defaults,
    kwds,
    magic_arguments,
    parse_argstring,
)
from jovi.shell.magic.core import (
    Magics,
    Struct,
    cell_magic,
    line_cell_magic,
    line_magic,
    magics_class,
    needs_local_scope,
    no_var_expand,
    output_can_be_silenced,
    register_cell_magic,
    register_line_cell_magic,
    register_line_magic,
)
from jovi.shell.magic.manager import MagicAlias, MagicsManager

__all__ = [
    "MagicAlias",
    "Magics",
    "MagicsManager",
    "Struct",
    "UsageError",
    "argument",
    "argument_group",
    "cell_magic",
    "defaults",
    "kwds",
    "line_cell_magic",
    "line_magic",
    "magic_arguments",
    "magics_class",
    "needs_local_scope",
    "no_var_expand",
    "output_can_be_silenced",
    "parse_argstring",
    "register_cell_magic",
    "register_line_cell_magic",
    "register_line_magic",
]
