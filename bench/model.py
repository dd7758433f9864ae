"""What a workload is, what a run produced, and how a jovi side says that it exists.

A :class:`Workload` measures one piece of work on two sides: the peer (IPython,
ipykernel, jupyter_client ...) and jovi. Each side is either a :class:`Command`, a
whole process measured from outside by the operating system's accounting, or a
:class:`Driver`, a function in ``bench.drivers`` that runs in its own process and
reports in-process latencies as JSON. A floor is a workload with no jovi side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "Capabilities",
    "Command",
    "Driver",
    "Metric",
    "ProcessFigures",
    "Requirement",
    "Run",
    "Side",
    "SideName",
    "Status",
    "Unit",
    "Workload",
    "WorkloadResult",
    "importable",
    "option",
    "subcommand",
]

Unit = Literal["s", "B", "x"]
"""Seconds, bytes, or a plain ratio of two figures of one side."""
SideName = Literal["peer", "jovi"]
Status = Literal["measured", "not built", "failed", "none"]
"""A side's outcome: measured; the jovi side is not built yet; a run failed; or the
workload has no jovi side at all (a floor)."""


@dataclass(frozen=True)
class Requirement:
    """Something that must exist in the bench environment for a jovi side to run.

    ``object``: an importable module or attribute, ``"jovi.shell"`` or
    ``"jovi.shell:InteractiveShell.complete"``; ``subcommand``: a subcommand listed by
    ``jovi --help``; ``option``: an option listed there (``"-c"``).
    """

    kind: Literal["object", "subcommand", "option"]
    name: str

    def __str__(self) -> str:
        if self.kind == "object":
            return self.name
        return f"`jovi {self.name}`"


def importable(spec: str) -> Requirement:
    """A module (``"jovi.client"``) or an object in it (``"jovi.shell:InteractiveShell"``)."""
    return Requirement("object", spec)


def subcommand(name: str) -> Requirement:
    return Requirement("subcommand", name)


def option(flag: str) -> Requirement:
    return Requirement("option", flag)


@dataclass(frozen=True)
class Capabilities:
    """What the probe found in the bench environment (``bench.drivers.probe``)."""

    objects: frozenset[str] = frozenset()
    subcommands: frozenset[str] = frozenset()
    options: frozenset[str] = frozenset()

    def missing(self, requirements: tuple[Requirement, ...]) -> tuple[Requirement, ...]:
        found = {"object": self.objects, "subcommand": self.subcommands, "option": self.options}
        return tuple(r for r in requirements if r.name not in found[r.kind])


@dataclass(frozen=True)
class Metric:
    """One row of the table: a figure a side's run reports, lower is better.

    ``label`` may name the workload's parameters (``"{lines:,} printed lines to idle"``).
    ``target`` is the ratio jovi/peer the issues ask for, at most. An ``optional``
    metric may be left out by a driver (``np.`` completion when numpy is absent).
    """

    key: str
    label: str
    unit: Unit
    target: float | None = None
    optional: bool = False


@dataclass(frozen=True)
class Command:
    """A whole process, timed and measured by the OS: figures ``wall``, ``cpu``, ``peak_rss``.

    ``argv[0]`` names a script in the bench environment's ``bin`` directory.
    """

    argv: tuple[str, ...]


@dataclass(frozen=True)
class Driver:
    """``python -m bench.drivers.<module> <measure> --side <side>`` reporting JSON metrics."""

    module: str
    measure: str


@dataclass(frozen=True)
class Side:
    """One side of a workload: what runs, a label for the table, what must exist first."""

    label: str
    run: Command | Driver
    requires: tuple[Requirement, ...] = ()


@dataclass(frozen=True)
class Workload:
    """A piece of work measured on the peer and on jovi (or alone, for a floor).

    ``params`` go to the driver as JSON; ``smoke_params`` override them in smoke mode,
    which scales the heavy workloads down.
    """

    name: str
    title: str
    metrics: tuple[Metric, ...]
    peer: Side
    jovi: Side | None = None
    params: Mapping[str, int] = field(default_factory=dict)
    smoke_params: Mapping[str, int] = field(default_factory=dict)
    timeout: float = 300.0

    def effective_params(self, *, smoke: bool) -> dict[str, int]:
        return {**self.params, **(self.smoke_params if smoke else {})}

    def describe(self, text: str, *, smoke: bool) -> str:
        """``text`` (a title or a metric's label) with the parameters of this mode filled in."""
        return text.format(**self.effective_params(smoke=smoke))


@dataclass(frozen=True)
class ProcessFigures:
    """The operating system's accounting of one child process (``os.wait4``)."""

    wall_s: float
    cpu_s: float
    peak_rss_bytes: int
    exit_code: int


@dataclass(frozen=True)
class Run:
    """One run of one side: its metrics, or the error that stopped it."""

    side: SideName
    round: int
    warmup: bool
    metrics: Mapping[str, float]
    process: ProcessFigures | None = None
    error: str | None = None
    detail: str = ""
    """The end of the failed run's stderr."""


@dataclass
class WorkloadResult:
    """Every run of one workload and each side's outcome."""

    workload: Workload
    params: dict[str, int]
    peer_status: Status = "measured"
    jovi_status: Status = "none"
    peer_note: str = ""
    jovi_note: str = ""
    runs: list[Run] = field(default_factory=list)

    def counted(self, side: SideName) -> list[Run]:
        return [r for r in self.runs if r.side == side and not r.warmup and r.error is None]
