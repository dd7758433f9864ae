"""``python -m jovi.kernels.discovery``: list every kernel the finder knows.

Prints one line per kernel type (its full name and display name), then one line
per kernelspec that was skipped because its ``kernel.json`` cannot be used.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

__all__ = ["list_kernels", "main"]


def list_kernels(out: TextIO) -> int:
    """Write the kernels found, and the problems, to ``out``; the number found."""
    from jovi.kernels.finder import KernelFinder  # noqa: PLC0415 - start-up cost

    finder = KernelFinder.from_entrypoints()
    found = list(finder.find_kernels())
    width = max((len(name) for name, _ in found), default=0) + 2
    out.writelines(
        f"{name.ljust(width)}{attributes.get('display_name', '')}\n" for name, attributes in found
    )
    if not found:
        out.write("No kernels were found.\n")
    out.writelines(f"warning: {problem}\n" for problem in finder.problems())
    return len(found)


def main(argv: Sequence[str] | None = None) -> int:
    """List the kernels; exit status 0."""
    del argv
    list_kernels(sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
