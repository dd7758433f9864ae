"""The magics about magics and the shell itself: ``%lsmagic``, ``%magic``, ``%quickref``, ``%guiref``,
``%automagic``, ``%autocall``, ``%autoawait``, ``%alias_magic``, ``%colors``, ``%xmode``,
``%pprint``, ``%precision``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.shell.tracebacks.formatter import MODES

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["BasicMagics", "MagicsListing"]

_ON = {"on", "1", "true", "yes"}
_OFF = {"off", "0", "false", "no"}


def _columns(names: list[str], width: int = 79) -> str:
    if not names:
        return ""
    column = max(len(name) for name in names) + 2
    per_line = max(width // column, 1)
    rows = [names[i : i + per_line] for i in range(0, len(names), per_line)]
    return "\n".join("".join(name.ljust(column) for name in row).rstrip() for row in rows)


class MagicsListing:
    """What ``%lsmagic`` returns: text for terminals, JSON for rich frontends."""

    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell

    def _names(self, kind: str) -> list[str]:
        prefix = "%" if kind == "line" else "%%"
        return [prefix + name for name in self.shell.magics_manager.names(kind)]

    def __repr__(self) -> str:
        automagic = (
            "Automagic is ON, % prefix IS NOT needed for line magics."
            if self.shell.automagic
            else "Automagic is OFF, % prefix IS needed for line magics."
        )
        return (
            f"Available line magics:\n{_columns(self._names('line'))}\n\n"
            f"Available cell magics:\n{_columns(self._names('cell'))}\n\n{automagic}"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))

    def _repr_json_(self) -> dict[str, dict[str, str]]:
        manager = self.shell.magics_manager
        return {
            kind: {
                name: type(getattr(f, "__self__", f)).__name__
                for name, f in manager.lsmagic()[kind].items()
            }
            for kind in ("line", "cell")
        }


def _on_off(text: str, current: bool) -> bool:
    word = text.strip().lower()
    if not word:
        return not current
    if word in _ON:
        return True
    if word in _OFF:
        return False
    raise UsageError(f"expected on or off (or nothing, to toggle), not {text.strip()!r}")


@magics_class
class BasicMagics(Magics):
    """Magics about magics and about the shell's own behaviour."""

    @line_magic
    def lsmagic(self, parameter_s: str = "") -> MagicsListing | dict[str, dict[str, str]]:
        """List every line and cell magic, and whether automagic is on.

        ``%lsmagic --json`` returns the JSON form instead: ``{"line": {name: class},
        "cell": {...}}``, as IPython's does (the Qt console's Magic menu reads it).
        """
        listing = MagicsListing(self.shell)
        if parameter_s.split() == ["--json"]:
            return listing._repr_json_()
        return listing

    @line_magic
    def magic(self, parameter_s: str = "") -> None:
        """Explain the magic system and show the help of every magic.

        ``%magic -brief`` shows only the first line of each magic's help.
        """
        brief = "-brief" in parameter_s.split()
        manager = self.shell.magics_manager
        parts = [
            "Magics: commands of the shell itself",
            "====================================",
            "",
            "Line magics start with %, take the rest of the line as their argument and work",
            "anywhere a statement may start, also inside loops: `%cd /tmp`, `x = %pwd`.",
            "Cell magics start with %% on the first line of a cell and receive the lines",
            "below as their body.  With automagic on, line magics also work without %,",
            "unless a variable has the same name.  `%name?` shows the help of a magic.",
            "",
        ]
        for kind, prefix in (("line", "%"), ("cell", "%%")):
            parts.append(f"{kind.title()} magics:")
            parts.append("")
            for name, doc in manager.docs(kind, brief=brief).items():
                if brief:
                    parts.append(f"{prefix}{name}: {doc}")
                else:
                    parts.append(f"{prefix}{name}:")
                    parts.extend("    " + line for line in doc.splitlines())
                    parts.append("")
            parts.append("")
        self.shell.output.page({"text/plain": "\n".join(parts)})

    @line_magic
    def quickref(self, parameter_s: str = "") -> None:
        """Show the one-page quick reference."""
        from jovi.shell.usage import QUICK_REFERENCE  # noqa: PLC0415 - start-up cost

        self.shell.output.page({"text/plain": QUICK_REFERENCE})

    @line_magic
    def guiref(self, parameter_s: str = "") -> None:
        """Show the quick reference of the Qt console's keys and features."""
        from jovi.shell.usage import GUI_REFERENCE  # noqa: PLC0415 - start-up cost

        self.shell.output.page({"text/plain": GUI_REFERENCE})

    @line_magic
    def automagic(self, parameter_s: str = "") -> None:
        """Turn automagic on or off (no argument: toggle).

        With automagic on, line magics work without the % prefix when no variable
        has their name: ``cd /tmp`` runs ``%cd /tmp``.
        """
        self.shell.automagic = _on_off(parameter_s, self.shell.automagic)
        if self.shell.automagic:
            self.shell.output.write("\nAutomagic is ON, % prefix IS NOT needed for line magics.\n")
        else:
            self.shell.output.write("\nAutomagic is OFF, % prefix IS needed for line magics.\n")

    @line_magic
    def autoawait(self, parameter_s: str = "") -> None:
        """Show or set how top-level ``await`` runs: ``%autoawait [off|on|asyncio|trio|curio]``.

        Alone, say whether it is on and which library runs it.  ``off`` (``false``)
        makes top-level ``await`` a syntax error, ``on`` (``true``) allows it again;
        ``asyncio`` (the default), ``trio`` and ``curio`` allow it and choose the
        library that runs such cells (trio and curio must be installed).  The dotted
        name of a function taking a coroutine and running it to its end
        (``package.module.run``) chooses that function.  In a kernel, asyncio cells
        run on the kernel's own loop.
        """
        choice = parameter_s.strip()
        shell = self.shell
        word = choice.lower()
        if not choice:
            state = "on" if shell.autoawait else "off"
            shell.output.write(
                f"autoawait is {state}; top-level await runs with {shell.loop_runner}.\n"
            )
        elif word in ("off", "false"):
            shell.autoawait = False
        elif word in ("on", "true"):
            shell.autoawait = True
        else:
            from jovi.shell.looprunners import LIBRARY_RUNNERS, runner_for  # noqa: PLC0415 - start-up cost

            runner = word if word in LIBRARY_RUNNERS else choice
            if runner != "asyncio":
                runner_for(runner)  # a missing library is reported now, not at the next await
            shell.loop_runner = runner
            shell.autoawait = True

    @line_magic
    def autocall(self, parameter_s: str = "") -> None:
        """Set the autocall mode: 0 (off), 1 (smart), 2 (full); no argument toggles.

        Smart: ``f x`` runs ``f(x)``; full also calls a callable named alone: ``f``
        runs ``f()``.  The rewritten line is echoed.
        """
        text = parameter_s.strip()
        shell = self.shell
        if text:
            if text not in ("0", "1", "2"):
                shell.output.write("Valid modes: (0->Off, 1->Smart, 2->Full)\n", error=True)
                return
            shell.autocall = int(text)
        elif shell.autocall:
            self._previous_autocall = shell.autocall
            shell.autocall = 0
        else:
            shell.autocall = getattr(self, "_previous_autocall", 1)
        names = {0: "OFF", 1: "Smart", 2: "Full"}
        shell.output.write(f"Automatic calling is: {names[shell.autocall]}\n")

    @magic_arguments()
    @argument("-l", "--line", action="store_true", help="Create a line magic alias.")
    @argument("-c", "--cell", action="store_true", help="Create a cell magic alias.")
    @argument("-p", "--params", default=None, help="Arguments always passed to the magic.")
    @argument("name", help="The name of the new alias.")
    @argument("target", help="The magic it stands for (with or without %%).")
    @line_magic
    def alias_magic(self, line: str = "") -> None:
        """Create another name for a magic: ``%alias_magic t timeit`` makes ``%t`` and ``%%t``."""
        args = parse_argstring(self.alias_magic, line)
        target = args.target.lstrip("%")
        manager = self.shell.magics_manager
        kinds = [kind for kind, wanted in (("line", args.line), ("cell", args.cell)) if wanted]
        if not kinds:
            kinds = [kind for kind in ("line", "cell") if manager.find(kind, target) is not None]
            if not kinds:
                raise UsageError(f"Magic `%{target}` not found.")
        params = args.params.strip("'\"") if args.params else None
        for kind in kinds:
            manager.register_alias(args.name, target, kind, params)
            prefix = "%" if kind == "line" else "%%"
            self.shell.output.write(
                f"Created `{prefix}{args.name}` as an alias for `{prefix}{target}`.\n"
            )

    @line_magic
    def colors(self, parameter_s: str = "") -> None:
        """Choose the colour scheme of prompts, tracebacks and object help: ``%colors SCHEME``.

        The schemes are NoColor (no escape codes, always safe), Linux (for dark
        backgrounds), LightBG (for light backgrounds), Neutral, Pride and Gruvbox-Dark
        (both in 24-bit colour); case does not matter, so IPython 9's theme names work:
        ``%colors nocolor``, ``%colors gruvbox-dark``.
        """
        from jovi.shell.interactiveshell import COLOR_SCHEMES  # noqa: PLC0415 - start-up cost

        name = parameter_s.strip()
        if not name:
            raise UsageError(
                f"%colors needs a scheme: {', '.join(COLOR_SCHEMES)} (now {self.shell.colors})"
            )
        match = next(
            (scheme for scheme in COLOR_SCHEMES if scheme.casefold() == name.casefold()), None
        )
        if match is None:
            raise UsageError(
                f"%colors does not know {name!r}; "
                f"the schemes are {', '.join(COLOR_SCHEMES)} (any case)."
            )
        self.shell.colors = match

    @line_magic
    def xmode(self, parameter_s: str = "") -> None:
        """Choose how tracebacks look (no argument: the next mode).

        Plain is like Python; Context (the default) shows a few lines around each line
        involved; Verbose adds the values of the variables and sub-expressions on the
        failing lines; Minimal shows the exception only; Docs shows the outermost line,
        how many frames were left out and the exception; Doctest shows what a doctest
        expects (``Traceback (most recent call last):``, ``...``, the exception).
        """
        name = parameter_s.strip()
        if not name:
            current = MODES.index(self.shell.xmode)
            name = MODES[(current + 1) % len(MODES)]
        match = next((mode for mode in MODES if mode.casefold() == name.casefold()), None)
        if match is None:
            raise UsageError(f"unknown traceback mode {name!r}; the modes are: {', '.join(MODES)}")
        self.shell.xmode = match
        self.shell.output.write(f"Exception reporting mode: {match}\n")

    @line_magic
    def pprint(self, parameter_s: str = "") -> None:
        """Toggle pretty printing of results."""
        formatter = self.shell.plain_text_formatter
        formatter.pprint = not formatter.pprint
        self.shell.output.write(
            f"Pretty printing has been turned {'ON' if formatter.pprint else 'OFF'}\n"
        )

    @line_magic
    def precision(self, parameter_s: str = "") -> str:
        """Set how floats are shown: ``%precision 3``, ``%precision %e``; no argument: full repr.

        Returns the format in use.  With numpy imported, its print precision follows
        a number of digits.
        """

        text = parameter_s.strip()
        formatter = self.shell.plain_text_formatter
        try:
            fmt: str = self.shell.display_formatter.plain_text.set_float_precision(text or None)
        except (ValueError, TypeError) as error:
            raise UsageError(f"invalid precision {text!r}: {error}") from None
        formatter.float_precision = text
        numpy = sys.modules.get("numpy")
        if numpy is not None and (not text or text.isdigit()):
            numpy.set_printoptions(precision=int(text) if text else 8)
        return fmt
