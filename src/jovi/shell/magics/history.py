"""``%history`` (``%hist``): show, search and save the input history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jovi.errors import UsageError
from jovi.shell.history.ranges import parse_ranges
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, line_magic, magics_class

__all__ = ["HistoryMagics", "format_history"]


def _number(session: int, line: int, current: int, *, always_session: bool) -> str:
    if always_session or (session and session != current):
        return f"{session}/{line}"
    return str(line)


def format_history(
    rows: list[tuple[int, int, Any]],
    *,
    numbers: bool,
    output: bool,
    prompts: bool,
    current_session: int,
    always_session: bool = False,
) -> str:
    """The text of ``%history`` for rows ``(session, line, source or (source, output))``."""
    out: list[str] = []
    width = max(
        (len(_number(s, n, current_session, always_session=always_session)) for s, n, _ in rows),
        default=1,
    )
    width = max(width, 4)
    for session, line, value in rows:
        source, result = value if output else (value, None)
        source = (source or "").expandtabs(4)
        if prompts:
            lines = source.splitlines() or [""]
            body = ">>> " + lines[0] + "".join(f"\n... {rest}" for rest in lines[1:])
            if len(lines) > 1:
                body += "\n..."
        else:
            body = source
        if numbers:
            label = _number(session, line, current_session, always_session=always_session)
            separator = "\n" if "\n" in body else " "
            out.append(f"{label:>{width}}:{separator}{body}")
        else:
            out.append(body)
        if output and result:
            out.append(result)
    return "\n".join(out)


def _matching(rows: list[tuple[int, int, Any]], pattern: str, *, output: bool) -> list[Any]:
    """The rows whose source matches the glob ``pattern`` (``%history -g PATTERN RANGE``)."""
    import fnmatch  # noqa: PLC0415 - only for this rare combination

    return [
        row for row in rows if fnmatch.fnmatchcase((row[2][0] if output else row[2]) or "", pattern)
    ]


@magics_class
class HistoryMagics(Magics):
    """The input history of this and earlier sessions."""

    @magic_arguments()
    @argument(
        "-n",
        dest="numbers",
        action="store_true",
        help="Print the line numbers (session/line for other sessions).",
    )
    @argument(
        "-o",
        dest="output",
        action="store_true",
        help="Also print the outputs (saved outputs for other sessions).",
    )
    @argument(
        "-p",
        dest="prompts",
        action="store_true",
        help="Print >>> and ... prompts, as in a doctest.",
    )
    @argument(
        "-t",
        dest="translated",
        action="store_true",
        help="Print the Python that ran instead of what was typed.",
    )
    @argument("-f", dest="filename", help="Write to FILENAME instead of the screen.")
    @argument(
        "-g",
        dest="pattern",
        nargs="*",
        default=None,
        help="Search every session for a glob pattern (*, ?).",
    )
    @argument(
        "-l",
        dest="limit",
        type=int,
        nargs="?",
        const=10,
        default=None,
        help="The last N lines of all sessions (10); with -g, the last N matches.",
    )
    @argument(
        "-u", dest="unique", action="store_true", help="With -g: show each distinct line once."
    )
    @argument("range", nargs="*", help="Ranges: 4, 4-6, 4:6, 243/1-5, ~2/7, ~1/, ~8/1-~6/5.")
    @line_magic("history")
    def history(self, parameter_s: str = "") -> None:
        """Print input history (this session by default), with ranges, search and options.

        Ranges: ``4`` (line 4), ``4-6`` (4 to 6), ``4:6`` (4 and 5), ``243/1-5``
        (session 243), ``~2/7`` (line 7, two sessions ago), ``~1/`` (the whole
        previous session).  ``-g PATTERN`` searches every session (``-l N``: the last
        N matches; with ranges, only the lines of the ranges that match).  Lines of
        other sessions are numbered ``session/line``.
        """
        args = parse_argstring(self.history, parameter_s)
        manager = self.shell.history_manager
        raw = not args.translated
        # Asking for the session's number starts it: only when other sessions are read.
        current = (
            manager.session_number if (args.pattern is not None or args.limit is not None) else 0
        )
        pattern = f"*{' '.join(args.pattern)}*" if args.pattern else "*"
        if args.pattern is not None and not args.range:
            rows = manager.search(
                pattern, raw=raw, output=args.output, n=args.limit, unique=args.unique
            )
            numbers = True
        elif args.limit is not None:
            rows = manager.get_tail(args.limit, raw=raw, output=args.output)
            numbers = args.numbers
        elif args.range:
            text = " ".join(args.range)
            try:
                ranges = parse_ranges(text)
            except ValueError as error:
                raise UsageError(str(error)) from None
            rows = [
                row
                for found in ranges
                for row in manager.get_range(
                    found.session, found.start, found.stop, raw=raw, output=args.output
                )
            ]
            numbers = args.numbers
            if args.pattern:
                rows = _matching(rows, pattern, output=args.output)
                numbers = True
        else:
            rows = manager.get_range(0, 1, None, raw=raw, output=args.output)
            numbers = args.numbers
        text = format_history(
            rows,
            numbers=numbers,
            output=args.output,
            prompts=args.prompts,
            current_session=current,
        )
        if args.filename:
            path = Path(args.filename).expanduser()
            from jovi.utils.atomic import atomic_write  # noqa: PLC0415 - start-up cost

            atomic_write(path, text + "\n")
            self.shell.output.write(f"Wrote {len(rows)} lines to {path}\n")
            return
        if text:
            self.shell.output.write(text + "\n")

    @line_magic
    def hist(self, parameter_s: str = "") -> None:
        """Another name for ``%history``."""
        self.history(parameter_s)
