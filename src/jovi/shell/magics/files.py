"""``%%writefile`` (``%%file``): a cell's body saved as a file."""

from __future__ import annotations

from pathlib import Path

from jovi.errors import UsageError
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, cell_magic, magics_class
from jovi.utils.atomic import atomic_write

__all__ = ["FileMagics"]


@magics_class
class FileMagics(Magics):
    """Writing files from cells."""

    @magic_arguments("%writefile")
    @argument("-a", "--append", action="store_true", help="Add to the end of the file.")
    @argument("filename", help="The file to write (~ is your home directory).")
    @cell_magic("writefile")
    @cell_magic("file")
    def writefile(self, line: str, cell: str) -> None:
        """Write the cell's body to a file: ``%%writefile [-a] FILENAME``.

        Prints ``Writing FILE``, ``Overwriting FILE`` or (with ``-a``) ``Appending to
        FILE``.  A replaced file is swapped in whole, never left half written.
        ``%%file`` is an older name for it.  ``$name`` and ``{expr}`` in the first line
        are expanded; the body is written as typed.
        """
        args = parse_argstring(self.writefile, line)
        path = Path(args.filename.strip("'\"")).expanduser()
        if path.is_dir():
            raise UsageError(f"%%writefile: {args.filename} is a directory; give a file name")
        if not path.parent.is_dir():
            raise UsageError(
                f"%%writefile: the directory {path.parent} does not exist; create it first"
            )
        exists = path.exists()
        try:
            if args.append:
                self.shell.output.write(f"Appending to {args.filename}\n")
                with path.open("a", encoding="utf-8") as stream:
                    stream.write(cell)
            else:
                verb = "Overwriting" if exists else "Writing"
                self.shell.output.write(f"{verb} {args.filename}\n")
                atomic_write(path, cell)
        except OSError as error:
            raise UsageError(
                f"%%writefile: cannot write {args.filename}: {error.strerror or error}"
            ) from None
