"""Timing code: what ``%timeit`` and ``%time`` measure, and how times are written.

``%timeit`` compiles the statement (and its setup) into a function that runs it in a
loop, so the loop costs almost nothing, and times that function with the standard
library's :class:`timeit.Timer` (garbage collection off while timing).  The number
of loops, when not given, starts at 1 and grows tenfold until one run takes at least
0.2 seconds.  The result is a :class:`TimeitResult`, written as IPython 9 writes it:
``7.76 µs ± 0.1 µs per loop (mean ± std. dev. of 7 runs, 100,000 loops each)``.
"""

from __future__ import annotations

import ast
import math
import os
import sys
import time
import timeit
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "AUTORANGE_TARGET_S",
    "DEFAULT_REPEAT",
    "TimeitResult",
    "build_timer",
    "choose_loops",
    "cpu_times",
    "format_time",
]

AUTORANGE_TARGET_S = 0.2
DEFAULT_REPEAT = 7
_CACHING_RATIO = 4
_AUTORANGE_TRIES = 10
_TEMPLATE = """\
def inner(_it, _timer):
    SETUP
    _t0 = _timer()
    for _i in _it:
        STMT
    _t1 = _timer()
    return _t1 - _t0
"""


def cpu_times() -> tuple[float, float]:
    """The user and system CPU seconds this process has used so far."""
    try:
        import resource  # noqa: PLC0415 - POSIX only

        usage = resource.getrusage(resource.RUSAGE_SELF)
    except ImportError:
        times = os.times()
        return times.user, times.system
    return usage.ru_utime, usage.ru_stime


def _shown(text: str, fallback: str) -> str:
    """``text`` when standard output can show it, else ``fallback``."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return fallback
    return text


def _micro() -> str:
    """``µs`` when standard output can show it, else ``us``."""
    return _shown("\xb5s", "us")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def format_time(seconds: float, precision: int = 3) -> str:
    """A duration for people: ``7.76 µs``, ``12.3 ms``, ``1.5 s``, ``1h 2min 3s``."""
    if seconds >= 60.0:
        parts = []
        rest = seconds
        for suffix, length in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
            value = int(rest // length)
            if value > 0:
                parts.append(f"{value}{suffix}")
                rest -= value * length
            if rest < 1:
                break
        return " ".join(parts)
    units = ("s", "ms", _micro(), "ns")
    order = min(-(math.floor(math.log10(seconds)) // 3), 3) if seconds > 0 else 3
    text = f"{seconds * 1000**order:.{precision}g}"
    if order > 0 and float(text) >= 1000:  # 999.96 ns rounds to 1e+03: say 1 µs
        order -= 1
        text = f"{seconds * 1000**order:.{precision}g}"
    return f"{text} {units[order]}"


@dataclass
class TimeitResult:
    """What ``%timeit -o`` returns.

    Attributes:
        loops: How many times the statement ran in each run.
        repeat: How many runs there were.
        best: The fastest run's time per loop, in seconds.
        worst: The slowest run's time per loop.
        all_runs: The total time of each run (``loops`` executions each).
        compile_time: Seconds spent compiling the statement.
        precision: Significant digits used when the times are written.
    """

    loops: int
    repeat: int
    best: float
    worst: float
    all_runs: list[float] = field(default_factory=list)
    compile_time: float = 0.0
    precision: int = 3

    @property
    def timings(self) -> list[float]:
        """The time per loop of each run."""
        return [run / self.loops for run in self.all_runs]

    @property
    def average(self) -> float:
        """The mean time per loop over the runs."""
        timings = self.timings
        return sum(timings) / len(timings) if timings else 0.0

    @property
    def stdev(self) -> float:
        """The standard deviation of the time per loop over the runs."""
        timings = self.timings
        if not timings:
            return 0.0
        mean = self.average
        return math.sqrt(sum((t - mean) ** 2 for t in timings) / len(timings))

    def __str__(self) -> str:
        pm = _shown("\xb1", "+-")
        mean = format_time(self.average, self.precision)
        spread = format_time(self.stdev, self.precision)
        return (
            f"{mean} {pm} {spread} per loop (mean {pm} std. dev. of "
            f"{_plural(self.repeat, 'run')}, {_plural(self.loops, 'loop')} each)"
        )

    def outlier_warning(self) -> str | None:
        """A warning when the slowest run took over four times the fastest (and over
        a microsecond per loop): a sign that a result is cached between runs."""
        if self.best > 0 and self.worst > _CACHING_RATIO * self.best and self.worst > 1e-6:
            return (
                f"The slowest run took {self.worst / self.best:.2f} times longer than the "
                "fastest. This could mean that an intermediate result is being cached."
            )
        return None

    def __repr__(self) -> str:
        return f"<TimeitResult : {self}>"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))


def _body(source: str, label: str, transform_ast: Callable[[ast.Module], ast.Module]) -> list[Any]:
    tree = ast.parse(source or "pass", filename=label)
    tree = transform_ast(tree)
    return list(tree.body) or [ast.Pass()]


def build_timer(
    stmt: str,
    setup: str,
    namespace: dict[str, Any],
    *,
    timer: Callable[[], float] = time.perf_counter,
    transform_ast: Callable[[ast.Module], ast.Module] = lambda tree: tree,
) -> tuple[timeit.Timer, float]:
    """A :class:`timeit.Timer` running ``stmt`` after ``setup`` with ``namespace`` as
    globals, and the seconds its compilation took.

    Raises:
        SyntaxError: ``stmt`` or ``setup`` is not valid Python.
    """
    started = time.perf_counter()
    template = ast.parse(_TEMPLATE)
    function = template.body[0]
    assert isinstance(function, ast.FunctionDef)
    loop = function.body[2]
    assert isinstance(loop, ast.For)
    loop.body = _body(stmt, "<magic-timeit>", transform_ast)
    function.body[0:1] = _body(setup, "<magic-timeit setup>", transform_ast)
    ast.fix_missing_locations(template)
    code = compile(template, "<magic-timeit>", "exec")
    compile_time = time.perf_counter() - started
    local: dict[str, Any] = {}
    exec(code, namespace, local)  # noqa: S102 - defines the timing function in the user's namespace
    result = timeit.Timer(timer=timer)
    result.inner = local["inner"]  # type: ignore[attr-defined]
    return result, compile_time


def choose_loops(timer: timeit.Timer, target: float = AUTORANGE_TARGET_S) -> int:
    """How many loops make one run last at least ``target`` seconds (1, 10, 100 ...)."""
    number = 1
    for _ in range(_AUTORANGE_TRIES):
        if timer.timeit(number) >= target:
            break
        number *= 10
    return number
