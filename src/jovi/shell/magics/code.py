"""Code as text: ``%edit``/``%ed``, ``%load``/``%loadpy``, ``%save``, ``%pycat``, ``%macro``,
``%recall``/``%rep``, ``%rerun`` and ``%pastebin`` (which uploads nothing)."""

from __future__ import annotations

import linecache
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.confirm import ask_yes_no
from jovi.shell.history.ranges import is_range
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.shell.usercode import (
    extract_lines,
    extract_symbols,
    find_user_code,
    history_code,
    strip_encoding_cookie,
)

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["LOAD_CONFIRM_CHARS", "CodeMagics"]

LOAD_CONFIRM_CHARS = 200_000
_RECALL_LINE = re.compile(r"^\s*%?(recall|rep)\b")


class _EditTarget:
    """What ``%edit`` opens and what happens after (a plain class: no dataclasses at
    start-up)."""

    __slots__ = ("line", "macro", "path", "text", "variable")

    def __init__(
        self,
        path: Path | None = None,
        text: str = "",
        line: int | None = None,
        variable: str | None = None,
        macro: str | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.line = line
        self.variable = variable
        self.macro = macro

    @property
    def temporary(self) -> bool:
        return self.path is None


def _source_location(obj: Any) -> tuple[str, int] | None:
    import inspect  # noqa: PLC0415 - not needed at start-up

    try:
        target = inspect.unwrap(obj)
        filename = inspect.getsourcefile(target) or inspect.getfile(target)
        _lines, line = inspect.getsourcelines(target)
    except (TypeError, OSError):
        return None
    return filename, max(line, 1)


@magics_class
class CodeMagics(Magics):
    """Editing, loading, saving and re-running code."""

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        self.last_edit_text: str | None = None

    # ------------------------------------------------------------------ %edit

    @line_magic
    def edit(self, parameter_s: str = "") -> Any:
        """Edit code in your editor, then run it: ``%edit [options] [target]``.

        Targets:
          (none)        a new temporary file;
          1-3 ~1/4-6    those input lines (the history range syntax), in a temporary file;
          name          a variable holding a string (it gets the edited text back), a
                        macro (redefined, not run), or a function, class or module
                        (its file opens at its definition; for code typed here, the
                        cell it was defined in);
          file.py       that file (created if missing; ``.py`` is tried).

        After the editor exits the code runs in your namespace (a file with
        ``__file__`` set).  Code from a temporary file is returned, so it lands in
        Out.  The editor is TerminalInteractiveShell.editor, else $VISUAL, else
        $EDITOR, else vi; it is started as ``editor +LINE file``.

        Options:
          -n LINE   Open the file at LINE.
          -p        Edit the text of the previous %edit again.
          -r        Use the raw input (as typed, with magics) for history lines, and
                    run the result with jovi's syntax.
          -x        Do not run the code after editing.
        """
        from jovi.shell.editor import make_temporary_file, open_in_editor  # noqa: PLC0415 - start-up cost

        opts, args = self.parse_options(parameter_s, "prxn:")
        target = self._edit_target(args, raw="r" in opts, previous="p" in opts)
        if "n" in opts:
            try:
                target.line = int(opts["n"])
            except ValueError:
                raise UsageError(f"%edit -n: expected a line number, not {opts['n']!r}") from None
        output = self.shell.output
        path = target.path
        if path is None:
            path = make_temporary_file(target.text)
            output.write(f"jovi will make a temporary file named: {path}\n")
        if output.open_editor(str(path), target.line):
            # A kernel: the frontend opens the file in its editor; nothing runs here
            # (there is no telling when the user is done), as in ipykernel.
            return None
        output.write("Editing... ")
        open_in_editor(self.shell, path, target.line)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            output.write("done. The file was not saved; nothing to run.\n")
            return None
        if target.macro is not None:
            from jovi.shell.macro import Macro  # noqa: PLC0415 - start-up cost

            self.shell.user_ns[target.macro] = Macro(text)
            output.write(f"done. The macro `{target.macro}` was updated.\n")
            return None
        if target.temporary:
            self.last_edit_text = text
        if target.variable is not None:
            self.shell.user_ns[target.variable] = text
        if "x" in opts:
            output.write("done.\n")
        else:
            output.write("done. Executing edited code...\n")
            self._run_edited(path, text, as_cell="r" in opts or path.suffix == ".ipy")
        return text if target.temporary else None

    @line_magic
    def ed(self, parameter_s: str = "") -> Any:
        """Another name for ``%edit``."""
        return self.edit(parameter_s)

    def _edit_target(self, args: str, *, raw: bool, previous: bool) -> _EditTarget:
        shell = self.shell
        if previous:
            if self.last_edit_text is None:
                raise UsageError("%edit -p: there is no previous %edit to reopen")
            return _EditTarget(text=self.last_edit_text)
        if not args:
            return _EditTarget()
        words = args.split()

        if all(is_range(word) for word in words):
            text = history_code(shell, args, raw=raw)
            if not text:
                raise UsageError(f"%edit: no input lines in {args}")
            return _EditTarget(text=text + "\n")
        if args.isidentifier() and args in shell.user_ns:
            from jovi.shell.macro import Macro  # noqa: PLC0415 - start-up cost

            value = shell.user_ns[args]
            if isinstance(value, Macro):
                return _EditTarget(text=value.value, macro=args)
            if isinstance(value, str):
                return _EditTarget(text=value, variable=args)
        path = Path(args).expanduser()
        if not path.exists() and not path.suffix and Path(f"{path}.py").exists():
            path = Path(f"{path}.py")
        if path.exists() or not args.replace(".", "").isidentifier():
            return _EditTarget(path=path)
        return self._object_target(args, path)

    def _object_target(self, name: str, path: Path) -> _EditTarget:
        from jovi.shell.cells import cell_number  # noqa: PLC0415 - start-up cost
        from jovi.shell.introspection import find_object  # noqa: PLC0415 - start-up cost

        found = find_object(self.shell, name)
        if not found.found or found.ismagic:
            return _EditTarget(path=path)  # a new file of that name
        location = _source_location(found.obj)
        if location is None:
            raise UsageError(f"%edit: cannot find the source code of {name}")
        filename, line = location
        if cell_number(filename) is not None:
            return _EditTarget(text="".join(linecache.getlines(filename)), line=line)
        return _EditTarget(path=Path(filename), line=line)

    def _run_edited(self, path: Path, text: str, *, as_cell: bool) -> None:
        if as_cell:
            self.shell.run_cell(text, store_history=False)
            return
        from jovi.shell.runner import RunRequest, ScriptRunner  # noqa: PLC0415 - start-up cost

        ScriptRunner(self.shell).run(RunRequest(path=path, interactive=True))

    # ------------------------------------------------------------------ %load

    @line_magic
    def load(self, arg_s: str = "") -> None:
        """Put code in the next input, to edit before running: ``%load [options] source``.

        The source is a file, a URL (http or https), input lines (``%load 1-3``, the
        history range syntax), a macro, or a variable holding a string.  The input
        starts with a ``# %load ...`` comment line.

        Options:
          -r LINES    Only these lines of the source: 5, 5-10 (inclusive), 5:10
                      (10 excluded), -10, 5-; several separated by commas.
          -s SYMBOLS  Only these functions and classes (comma-separated) of the source.
          -y          Do not ask for confirmation when the text is very long
                      (over 200 000 characters).
          -n          Also look for an object of that name in your namespace and
                      load its source code.
        """
        opts, args = self.parse_options(arg_s, "yns:r:")
        if not args:
            raise UsageError(
                "%load needs something to load: a file, a URL, input lines (1-3), a macro or a variable"
            )
        # Line numbers (-r) are those of the source as it is: the coding line goes last.
        contents = find_user_code(
            self.shell, args, search_ns="n" in opts, skip_encoding_cookie=False
        )
        if "s" in opts:
            contents, missing = extract_symbols(contents, str(opts["s"]))
            if missing:
                self.shell.output.write(
                    f"The following symbols were not found: {', '.join(missing)}\n", error=True
                )
        if "r" in opts:
            contents = extract_lines(contents, str(opts["r"]))
        contents = strip_encoding_cookie(contents)
        if len(contents) > LOAD_CONFIRM_CHARS and "y" not in opts:
            question = (
                f"The text you're trying to load seems pretty big ({len(contents)} characters). "
                "Continue (y/[n]) ?"
            )
            if ask_yes_no(question, default=False) is False:
                self.shell.output.write("Operation cancelled.\n")
                return
        self.shell.set_next_input(f"# %load {arg_s.strip()}\n{contents}", replace=True)

    @line_magic
    def loadpy(self, arg_s: str = "") -> None:
        """Another name for ``%load`` (its old name)."""
        self.load(arg_s)

    # ------------------------------------------------------------------ %save

    @line_magic
    def save(self, parameter_s: str = "") -> None:
        """Save code to a file: ``%save [options] filename source ...``.

        The source is input lines (``1-5 7``, the history range syntax), macros,
        string variables or files, joined in order.  ``.py`` is added to a name
        without an extension.  A new file starts with ``# coding: utf-8``.  An
        existing file is overwritten only after you confirm; without anyone to
        confirm, nothing is written.

        Options:
          -r      Save the raw input (as typed, with magics); the default extension
                  is then ``.ipy``.
          -f      Overwrite an existing file without asking.
          -a      Append to the file instead of overwriting it.
        """
        opts, args = self.parse_options(parameter_s, "fra", mode="list")
        if len(args) < 2:
            raise UsageError("%save needs a file name and what to save, e.g. %save out.py 1-5")
        name = args[0]
        if not Path(name).suffix:
            name += ".ipy" if "r" in opts else ".py"
        path = Path(name).expanduser()
        output = self.shell.output
        exists = path.exists()
        if exists and "f" not in opts and "a" not in opts:
            answer = ask_yes_no(f"File `{name}` exists. Overwrite (y/[n])?", default=False)
            if answer is None:
                output.write(
                    f"File `{name}` exists. Use `%save -f {name} ...` to force overwrite\n"
                )
                return
            if not answer:
                output.write(f"Operation cancelled (`%save -f {name} ...` overwrites it).\n")
                return
        code = find_user_code(self.shell, " ".join(args[1:]), raw="r" in opts)
        if not code.endswith("\n"):
            code += "\n"
        try:
            if "a" in opts and exists:
                with path.open("a", encoding="utf-8") as stream:
                    stream.write(code)
            else:
                from jovi.utils.atomic import atomic_write  # noqa: PLC0415 - start-up cost

                atomic_write(path, "# coding: utf-8\n" + code)
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror}") from None
        verb = "appended to" if "a" in opts and exists else "written to"
        output.write(f"The following commands were {verb} file `{name}`:\n{code}")

    # ------------------------------------------------------------------ %pycat

    @line_magic
    def pastebin(self, parameter_s: str = "") -> None:
        """Uploads nothing: jovi makes no network requests (IPython's ``%pastebin`` sent
        code to a paste site); ``%save FILE RANGE`` writes the code to a file to share."""
        del parameter_s
        raise UsageError(
            "%pastebin uploads nothing, as jovi makes no network requests: "
            "%save FILE 1-7 writes the code to a file you can share."
        )

    @line_magic
    def pycat(self, parameter_s: str = "") -> None:
        """Show a file, URL, input lines or macro as Python source, highlighted, in the pager.

        ``%pycat script.py``, ``%pycat https://...``, ``%pycat 1-5``, ``%pycat mymacro``.
        """
        target = parameter_s.strip()
        if not target:
            raise UsageError("%pycat needs a file, URL, input lines or macro to show")
        code = find_user_code(self.shell, target, skip_encoding_cookie=False)
        if getattr(self.shell, "colors", "NoColor") != "NoColor":
            try:
                from pygments import highlight  # noqa: PLC0415 - start-up cost
                from pygments.formatters import TerminalFormatter  # noqa: PLC0415 - start-up cost
                from pygments.lexers import PythonLexer  # noqa: PLC0415 - start-up cost
            except ImportError:
                pass
            else:
                code = highlight(code, PythonLexer(), TerminalFormatter())
        self.shell.output.page({"text/plain": code})

    # ------------------------------------------------------------------ macros

    @line_magic
    def macro(self, parameter_s: str = "") -> None:
        """Name a piece of code so that typing the name runs it: ``%macro [-r] [-q] name source ...``.

        The source is input lines (``%macro m 1-3 5``, the history range syntax,
        also ``4:8``; repeats allowed), files, string variables or other macros,
        joined in order.  Typing ``m`` alone then runs the code as if typed;
        ``print(m)`` shows it.  Magics inside work.

        Options:
          -r      Use the raw input (as typed) instead of the translated Python.
          -q      Do not print the macro's contents.
        """
        from jovi.shell.macro import Macro  # noqa: PLC0415 - start-up cost

        opts, args = self.parse_options(parameter_s, "rq", mode="list")
        if len(args) < 2:
            raise UsageError("%macro needs a name and the lines, e.g. %macro m 1-3")
        name = args[0]
        if not name.isidentifier():
            raise UsageError(f"%macro: {name!r} is not a valid variable name")
        code = find_user_code(self.shell, " ".join(args[1:]), raw="r" in opts)
        if not code.strip():
            raise UsageError(f"%macro: no code found in {' '.join(args[1:])}")
        macro = Macro(code)
        self.shell.user_ns[name] = macro
        if "q" not in opts:
            self.shell.output.write(
                f"Macro `{name}` created. To execute, type its name (without quotes).\n"
                f"=== Macro contents: ===\n{macro.value}"
            )

    # ------------------------------------------------------------------ re-running

    @line_magic
    def recall(self, parameter_s: str = "") -> None:
        """Put earlier input, or a value, in the next input to edit: ``%recall [arg]``.

        No argument: the last result (``_``) as text.  A number or range
        (``%recall 3``, ``%recall 1-4``): those input lines.  Otherwise the value of
        the expression, if it can be evaluated, or else the latest input line that
        contains the text.
        """
        shell = self.shell
        arg = parameter_s.strip()
        if not arg:
            shell.set_next_input(str(shell.user_ns.get("_", "")))
            return
        words = arg.split()

        if all(is_range(word) for word in words):
            code = history_code(shell, arg)
            if code:
                shell.set_next_input(code.rstrip())
                return
        try:
            value = shell.ev(arg)
        except Exception:  # noqa: BLE001 - not an expression: search the history instead
            for row in reversed(shell.history_manager.search(f"*{arg}*")):
                text = str(row[2])
                if _RECALL_LINE.match(text):
                    continue
                shell.set_next_input(text.rstrip())
                return
            raise UsageError(f"Couldn't evaluate or find in history: {arg}") from None
        shell.set_next_input(str(value).rstrip())

    @line_magic
    def rep(self, parameter_s: str = "") -> None:
        """Another name for ``%recall``."""
        self.recall(parameter_s)

    @line_magic
    def rerun(self, parameter_s: str = "") -> None:
        """Run earlier input again: ``%rerun [-l N] [-g TEXT] [range]``.

        With no argument the previous input runs again; a range (``%rerun 4-6``,
        the history range syntax) runs those lines.  The code is printed first.

        Options:
          -l N      The last N inputs (before this one).
          -g TEXT   The latest input containing TEXT (other %rerun lines excluded).
        """
        opts, args = self.parse_options(parameter_s, "l:g:")
        manager = self.shell.history_manager
        if "l" in opts:
            try:
                count = int(opts["l"])
            except ValueError:
                raise UsageError(f"%rerun -l: expected a number, not {opts['l']!r}") from None
            lines = [str(row[2]) for row in manager.get_tail(count, raw=False)]
        elif "g" in opts:
            found = [str(row[2]) for row in manager.search(f"*{opts['g']}*", raw=False)]
            lines = [line for line in found if "rerun" not in line][-1:]
        elif args:
            lines = [line for line in [history_code(self.shell, args, raw=False)] if line]
        else:
            lines = [str(row[2]) for row in manager.get_tail(1, raw=False)]
        if not lines:
            raise UsageError("No lines in history match specification")
        code = "\n".join(lines)
        self.shell.output.write(f"=== Executing: ===\n{code}\n=== Output: ===\n")
        self.shell.run_cell(code, store_history=False)
