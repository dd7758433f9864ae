"""Profiling code with cProfile, reported as ``%prun`` and ``%run -p`` report it.

The options are those of ``%prun``:

| option | meaning |
|---|---|
| ``-l LIMIT`` | limit the report (repeatable): an integer is a number of lines, a float between 0 and 1 a fraction, anything else a regular expression on the function names |
| ``-s KEY`` | sort by KEY (repeatable): calls, cumulative, file, module, pcalls, line, name, nfl, stdname, time (unambiguous abbreviations work); the default is time |
| ``-r`` | return the :class:`pstats.Stats` object |
| ``-T FILE`` | also write the text report to FILE |
| ``-D FILE`` | also dump the raw statistics to FILE (read them with ``pstats.Stats(FILE)``) |
| ``-q`` | do not show the report |
"""

from __future__ import annotations

import cProfile
import io
import pstats
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jovi.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import CodeType

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["PROFILE_OPTIONS", "ProfileOptions", "profile_code"]

PROFILE_OPTIONS = "l:rs:T:D:q"


@dataclass
class ProfileOptions:
    """The ``%prun`` options, parsed."""

    limits: list[int | float | str] = field(default_factory=list)
    sort_keys: list[str] = field(default_factory=list)
    return_stats: bool = False
    text_file: str | None = None
    dump_file: str | None = None
    quiet: bool = False

    @classmethod
    def from_options(cls, opts: Mapping[str, Any]) -> ProfileOptions:
        """From ``parse_options`` results (values are lists when ``list_all`` was used)."""

        def values(key: str) -> list[str]:
            value = opts.get(key)
            if value is None:
                return []
            return [str(v) for v in value] if isinstance(value, list) else [str(value)]

        limits = [_limit(text) for text in values("l")]
        text_files = values("T")
        dump_files = values("D")
        return cls(
            limits=limits,
            sort_keys=values("s"),
            return_stats="r" in opts,
            text_file=text_files[-1] if text_files else None,
            dump_file=dump_files[-1] if dump_files else None,
            quiet="q" in opts,
        )


def _limit(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _check_sort_keys(keys: list[str]) -> list[str]:
    known = pstats.Stats.sort_arg_dict_default
    checked = []
    for key in keys:
        matches = [name for name in known if name.startswith(key)]
        if key in known:
            checked.append(key)
        elif matches and len({known[name] for name in matches}) == 1:
            checked.append(matches[0])
        else:
            choices = ", ".join(sorted(known))
            raise UsageError(
                f"-s {key}: not a sort key (or an ambiguous one); the keys are {choices}"
            )
    return checked or ["time"]


def profile_code(
    shell: InteractiveShell,
    code: CodeType,
    globals_: dict[str, Any],
    locals_: Mapping[str, Any] | None,
    options: ProfileOptions,
) -> pstats.Stats | None:
    """Run ``code`` under cProfile, then report as the options say.

    An exception of the code propagates after the report; ``sys.exit()`` is caught
    and mentioned.  Returns the statistics with ``-r``.
    """
    sort_keys = _check_sort_keys(options.sort_keys)
    profiler = cProfile.Profile()
    exit_note = ""
    failure: BaseException | None = None
    try:
        # runctx runs code objects as exec() does; its stub says str only.
        profiler.runctx(cast("Any", code), globals_, locals_ if locals_ is not None else globals_)
    except SystemExit:
        exit_note = "*** SystemExit exception caught in code being profiled."
    except BaseException as error:  # noqa: BLE001 - reported after the statistics, re-raised
        failure = error
    report(shell, profiler, options, sort_keys, exit_note)
    if failure is not None:
        raise failure
    if options.return_stats:
        return pstats.Stats(profiler)
    return None


def report(
    shell: InteractiveShell,
    profiler: cProfile.Profile,
    options: ProfileOptions,
    sort_keys: list[str],
    exit_note: str = "",
) -> None:
    """Show, write and dump the statistics of ``profiler``."""
    stream = io.StringIO()
    try:
        stats = pstats.Stats(profiler, stream=stream)
    except TypeError:  # nothing was recorded (the code did not run)
        shell.output.write("*** The profiler recorded nothing.\n")
        return
    stats.strip_dirs().sort_stats(*sort_keys).print_stats(*options.limits)
    text = stream.getvalue().strip("\n") + "\n"
    if exit_note:
        text += exit_note + "\n"
    if not options.quiet:
        shell.output.page({"text/plain": text})
    if options.text_file:
        path = Path(options.text_file).expanduser()
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write the report to {path}: {error.strerror}") from None
        shell.output.write(f"\n*** Profile printout saved to text file '{path}'.\n")
    if options.dump_file:
        path = Path(options.dump_file).expanduser()
        try:
            profiler.dump_stats(str(path))
        except OSError as error:
            raise UsageError(f"cannot write the statistics to {path}: {error.strerror}") from None
        shell.output.write(f"\n*** Profile stats marshalled to file '{path}'.\n")
