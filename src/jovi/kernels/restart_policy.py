"""What the restarter decides, as a state machine with no threads, processes or clock.

Events in, instructions out: :class:`RestartPolicy` is told what happened to the
watched kernel (:class:`ProcessDied`, :class:`HeartbeatLost`, the outcome of a
restart...) and answers with the list of things to do, in order (:class:`Watch` it,
:class:`FireDied`, :class:`Restart` it on new ports or not, :class:`FireFailed` and
:class:`Finish`...).  :class:`~jovi.kernels.restarter.KernelRestarter` feeds it from
its thread and carries the instructions out; every decision is here, in one table of
transitions (:data:`TRANSITIONS`) and one handler per event, and it is tested by
feeding events and comparing whole lists of instructions.

The decisions:

* a death is restarted, unless it is the ``restart_limit + 1``-th in a row: then the
  policy gives up (``failed``) and watching ends;
* a row ends when the kernel has run ``stable_start_time`` seconds since its last
  start (the time comes from the clock the policy is given, read at each death);
* a kernel that never answered (neither ``kernel_info`` nor its heartbeat) is
  restarted on new ports when ``random_ports_until_alive`` is set, in case another
  program took one of its ports;
* a restart that fails ends in ``failed`` too;
* the manager ending or replacing the watched process itself (a restart asked for
  by the user) is not a death: the new process is watched, nothing is counted;
* a report about a kernel that is no longer watched (late, after a stop or a
  failure) is ignored; any other event that cannot happen in the current state is a
  bug of the driver and raises :class:`RestartPolicyError`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "TRANSITIONS",
    "Event",
    "Finish",
    "FireDied",
    "FireFailed",
    "FireRestarted",
    "HeartbeatLost",
    "Instruction",
    "KernelReplaced",
    "ProcessDied",
    "Restart",
    "RestartFailed",
    "RestartPolicy",
    "RestartPolicyError",
    "RestartSettings",
    "RestartSucceeded",
    "RestarterState",
    "Start",
    "Stop",
    "Unwatch",
    "Watch",
]


class RestarterState(enum.Enum):
    """Where the restarter is in its life."""

    STOPPED = "stopped"
    """Not watching: not started yet, or stopped."""
    WATCHING = "watching"
    """A kernel process is watched (its exit, its heartbeat)."""
    RESTARTING = "restarting"
    """A restart was asked for; its outcome is awaited."""
    FAILED = "failed"
    """Gave up: too many deaths in a row, or a restart that failed."""


class RestartPolicyError(RuntimeError):
    """An event that cannot happen in the restarter's state (a bug of its driver)."""


# ---------------------------------------------------------------------- events


@dataclass(frozen=True)
class Start:
    """Watching begins (a new row of restarts)."""


@dataclass(frozen=True)
class ProcessDied:
    """The watched kernel's process ended, as ``notice`` tells; ``answered``: whether
    the kernel ever answered (``kernel_info`` or its heartbeat)."""

    notice: str
    answered: bool


@dataclass(frozen=True)
class HeartbeatLost:
    """The watched kernel's heartbeat, which beat, went silent (the kernel answered)."""

    notice: str


@dataclass(frozen=True)
class KernelReplaced:
    """The manager ended or replaced the watched process itself (a restart asked for)."""


@dataclass(frozen=True)
class RestartSucceeded:
    """The kernel runs again."""


@dataclass(frozen=True)
class RestartFailed:
    """The kernel could not be started again, for ``error``."""

    error: str


@dataclass(frozen=True)
class Stop:
    """Stop watching."""


Event: TypeAlias = (
    Start | ProcessDied | HeartbeatLost | KernelReplaced | RestartSucceeded | RestartFailed | Stop
)

# ---------------------------------------------------------------------- instructions


@dataclass(frozen=True)
class Watch:
    """Watch the manager's kernel process of now: its exit, and its heartbeat if asked."""

    heartbeat: bool


@dataclass(frozen=True)
class Unwatch:
    """Stop watching the process (and its heartbeat)."""


@dataclass(frozen=True)
class FireDied:
    """Tell the ``died`` callbacks (and the log) ``notice``."""

    notice: str


@dataclass(frozen=True)
class Restart:
    """Start the kernel again, on new ports if ``newports``."""

    newports: bool


@dataclass(frozen=True)
class FireRestarted:
    """Tell the ``restarted`` callbacks."""


@dataclass(frozen=True)
class FireFailed:
    """Tell the ``failed`` callbacks (and the log) why the restarter gives up."""

    reason: str


@dataclass(frozen=True)
class Finish:
    """Watching is over: the driver's loop ends."""


Instruction: TypeAlias = Watch | Unwatch | FireDied | Restart | FireRestarted | FireFailed | Finish

# ---------------------------------------------------------------------- the table

_S = RestarterState
TRANSITIONS: Final[dict[RestarterState, dict[type[Event], frozenset[RestarterState]]]] = {
    _S.STOPPED: {
        Start: frozenset({_S.WATCHING}),
        Stop: frozenset({_S.STOPPED}),
    },
    _S.WATCHING: {
        ProcessDied: frozenset({_S.RESTARTING, _S.FAILED}),
        HeartbeatLost: frozenset({_S.RESTARTING, _S.FAILED}),
        KernelReplaced: frozenset({_S.WATCHING}),
        Stop: frozenset({_S.STOPPED}),
    },
    _S.RESTARTING: {
        RestartSucceeded: frozenset({_S.WATCHING}),
        RestartFailed: frozenset({_S.FAILED}),
        Stop: frozenset({_S.STOPPED}),
    },
    _S.FAILED: {
        Start: frozenset({_S.WATCHING}),
        Stop: frozenset({_S.STOPPED}),
    },
}
"""For each state, the events it accepts and the states each may lead to."""

_REPORTS: Final = (ProcessDied, HeartbeatLost, KernelReplaced)
"""Events about the watched kernel: late ones, in a state that watches nothing, are
ignored rather than refused."""


class RestartSettings(Protocol):
    """The options the policy reads, at each decision (they may change meanwhile)."""

    @property
    def restart_limit(self) -> int:
        """How many restarts in a row before giving up."""
        ...

    @property
    def stable_start_time(self) -> float:
        """Seconds a kernel must run for its next death to begin a new row."""
        ...

    @property
    def random_ports_until_alive(self) -> bool:
        """Whether a kernel that never answered is restarted on new ports."""
        ...

    @property
    def use_heartbeat(self) -> bool:
        """Whether the heartbeat is watched too."""
        ...


class RestartPolicy:
    """The restarter's decisions (see the module's docstring).

    Args:
        settings: The options, read at each decision.
        clock: Seconds on a monotonic clock (``time.monotonic`` in the restarter, a
            clock the test moves in tests); read at each start and each death.
    """

    def __init__(self, settings: RestartSettings, clock: Callable[[], float]) -> None:
        self.settings = settings
        self.clock = clock
        self.state = RestarterState.STOPPED
        self._restarts = 0
        self._started_at = 0.0

    @property
    def restarts(self) -> int:
        """Restarts in the current row (0 once the kernel has run long enough)."""
        if self.state is _S.WATCHING and self._stable():
            return 0
        return self._restarts

    def handle(self, event: Event) -> list[Instruction]:
        """What to do about ``event``, in order; the state moves on.

        Raises:
            RestartPolicyError: ``event`` cannot happen in this state.
        """
        allowed = TRANSITIONS[self.state].get(type(event))
        if allowed is None:
            if isinstance(event, _REPORTS):
                return []  # about a kernel no longer watched
            raise RestartPolicyError(
                f"{type(event).__name__} cannot happen while the restarter is {self.state.value}"
            )
        state, instructions = self._decide(event)
        assert state in allowed, f"{self.state} -> {state} on {event} is not in the table"
        self.state = state
        return instructions

    # ------------------------------------------------------------------ handlers

    def _decide(self, event: Event) -> tuple[RestarterState, list[Instruction]]:
        match event:
            case Start():
                self._restarts = 0
                return self._watch([])
            case ProcessDied(notice=notice, answered=answered):
                return self._death(notice, answered)
            case HeartbeatLost(notice=notice):
                return self._death(notice, answered=True)
            case KernelReplaced():
                return self._watch([Unwatch()])
            case RestartSucceeded():
                return self._watch([], then=[FireRestarted()])
            case RestartFailed(error=error):
                return _S.FAILED, [FireFailed(f"could not be started again ({error})"), Finish()]
            case Stop():
                if self.state is _S.WATCHING:
                    return _S.STOPPED, [Unwatch(), Finish()]
                if self.state is _S.RESTARTING:
                    return _S.STOPPED, [Finish()]
                return _S.STOPPED, []  # nothing runs any more

    def _watch(
        self, first: list[Instruction], then: list[Instruction] | None = None
    ) -> tuple[RestarterState, list[Instruction]]:
        self._started_at = self.clock()
        return _S.WATCHING, [*first, Watch(heartbeat=self.settings.use_heartbeat), *(then or [])]

    def _death(self, notice: str, answered: bool) -> tuple[RestarterState, list[Instruction]]:
        if self._stable():
            self._restarts = 0  # it ran long enough: this death begins a new row
        told: list[Instruction] = [Unwatch(), FireDied(notice)]
        if self._restarts >= self.settings.restart_limit:
            deaths = self._restarts + 1
            reason = f"died {deaths} time{'s' if deaths != 1 else ''} in a row"
            return _S.FAILED, [*told, FireFailed(reason), Finish()]
        self._restarts += 1
        newports = self.settings.random_ports_until_alive and not answered
        return _S.RESTARTING, [*told, Restart(newports=newports)]

    def _stable(self) -> bool:
        return self.clock() - self._started_at >= self.settings.stable_start_time
