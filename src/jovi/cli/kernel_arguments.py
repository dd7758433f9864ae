"""Arguments of a console's command line meant for the kernel it starts.

As qtconsole does, ``jovi qtconsole --matplotlib inline`` hands the options it does not
know to the kernel it starts; everything after ``--`` goes to the kernel as it is.
An unknown ``--name`` takes the next word as its value when jovi's kernel knows it as
an option with a value (``--matplotlib inline``), or, unless jovi's kernel knows it as
a switch, when the next word does not start with ``-``; ``--name=value`` is always one
argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from jovi.config import Alias, Flag

__all__ = ["split_kernel_arguments"]

_REQUESTS = frozenset({"-h", "--help", "--help-all", "--version", "-V"})


def split_kernel_arguments(
    argv: Sequence[str],
    *,
    aliases: Iterable[Alias],
    flags: Iterable[Flag],
    kernel_aliases: Iterable[Alias] = (),
    kernel_flags: Iterable[Flag] = (),
) -> tuple[list[str], list[str]]:
    """``argv`` as (the command's own arguments, the kernel's).

    Args:
        argv: The command line (without the program name).
        aliases, flags: The command's own options.
        kernel_aliases, kernel_flags: jovi's kernel's options, which say whether an
            unknown option takes a value.
    """
    own_values = {alias.spelling for alias in aliases}
    own_switches = {flag.spelling for flag in flags}
    kernel_values = {alias.spelling for alias in kernel_aliases}
    kernel_switches = {flag.spelling for flag in kernel_flags}
    own: list[str] = []
    kernel: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        index += 1
        if arg == "--":
            kernel.extend(argv[index:])
            break
        spelled, has_value, _ = arg.partition("=")
        known = (
            not arg.startswith("-")
            or arg == "-"
            or arg in _REQUESTS
            or spelled in own_values
            or spelled in own_switches
            or (spelled.startswith("--") and "." in spelled)  # --Class.option=value
        )
        if known:
            own.append(arg)
            if spelled in own_values and not has_value and index < len(argv):
                own.append(argv[index])  # the alias's value, whatever it looks like
                index += 1
            continue
        kernel.append(arg)
        if has_value or spelled in kernel_switches or index >= len(argv):
            continue
        following = argv[index]
        if spelled in kernel_values or not following.startswith("-"):
            kernel.append(following)
            index += 1
    return own, kernel
