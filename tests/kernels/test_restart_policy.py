"""The restarter's decisions, without threads, processes or a real clock: events in,
whole lists of instructions out, for each story a restarter can live."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass

import pytest

from jovi.kernels import restart_policy
from jovi.kernels.restart_policy import (
    TRANSITIONS,
    Finish,
    FireDied,
    FireFailed,
    FireRestarted,
    HeartbeatLost,
    KernelReplaced,
    ProcessDied,
    Restart,
    RestarterState,
    RestartFailed,
    RestartPolicy,
    RestartPolicyError,
    RestartSucceeded,
    Start,
    Stop,
    Unwatch,
    Watch,
)

KILLED = "the kernel 'k' (pid 1) was killed by SIGKILL"
SILENT = "the kernel 'k' (pid 1) stopped answering its heartbeat"


@dataclass
class Settings:
    restart_limit: int = 2
    stable_start_time: float = 10.0
    random_ports_until_alive: bool = True
    use_heartbeat: bool = True


class Clock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Later:
    """A step of a story: ``seconds`` pass."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


def live(story, settings=None):
    """Feed ``story`` (events, and ``Later`` steps) to a new policy; what it said to
    each event, and the policy."""
    clock = Clock()
    policy = RestartPolicy(settings or Settings(), clock)
    said = []
    for step in story:
        if isinstance(step, Later):
            clock.now += step.seconds
        else:
            said.append(policy.handle(step))
    return said, policy


DIED = ProcessDied(KILLED, answered=True)
WATCH = Watch(heartbeat=True)
TOLD = [Unwatch(), FireDied(KILLED)]
AGAIN = [WATCH, FireRestarted()]

STORIES = {
    "watching begins": (
        [Start()],
        Settings(),
        [[WATCH]],
        RestarterState.WATCHING,
    ),
    "without the heartbeat": (
        [Start()],
        Settings(use_heartbeat=False),
        [[Watch(heartbeat=False)]],
        RestarterState.WATCHING,
    ),
    "a kernel that answered is restarted on its ports": (
        [Start(), DIED, RestartSucceeded()],
        Settings(),
        [[WATCH], [*TOLD, Restart(newports=False)], AGAIN],
        RestarterState.WATCHING,
    ),
    "a kernel that never answered is restarted on new ports": (
        [Start(), ProcessDied(KILLED, answered=False), RestartSucceeded()],
        Settings(),
        [[WATCH], [*TOLD, Restart(newports=True)], AGAIN],
        RestarterState.WATCHING,
    ),
    "unless random_ports_until_alive is off": (
        [Start(), ProcessDied(KILLED, answered=False)],
        Settings(random_ports_until_alive=False),
        [[WATCH], [*TOLD, Restart(newports=False)]],
        RestarterState.RESTARTING,
    ),
    "a silent heartbeat is a death of a kernel that answered": (
        [Start(), HeartbeatLost(SILENT)],
        Settings(),
        [[WATCH], [Unwatch(), FireDied(SILENT), Restart(newports=False)]],
        RestarterState.RESTARTING,
    ),
    "the death after restart_limit restarts in a row gives up": (
        [Start(), DIED, RestartSucceeded(), DIED, RestartSucceeded(), DIED],
        Settings(restart_limit=2),
        [
            [WATCH],
            [*TOLD, Restart(newports=False)],
            AGAIN,
            [*TOLD, Restart(newports=False)],
            AGAIN,
            [*TOLD, FireFailed("died 3 times in a row"), Finish()],
        ],
        RestarterState.FAILED,
    ),
    "a limit of 0 gives up at the first death": (
        [Start(), DIED],
        Settings(restart_limit=0),
        [[WATCH], [*TOLD, FireFailed("died 1 time in a row"), Finish()]],
        RestarterState.FAILED,
    ),
    "a stable run ends the row": (
        [Start(), DIED, RestartSucceeded(), Later(10.0), DIED],
        Settings(restart_limit=1),
        [[WATCH], [*TOLD, Restart(newports=False)], AGAIN, [*TOLD, Restart(newports=False)]],
        RestarterState.RESTARTING,
    ),
    "a run just short of stable does not": (
        [Start(), DIED, RestartSucceeded(), Later(9.9), DIED],
        Settings(restart_limit=1),
        [
            [WATCH],
            [*TOLD, Restart(newports=False)],
            AGAIN,
            [*TOLD, FireFailed("died 2 times in a row"), Finish()],
        ],
        RestarterState.FAILED,
    ),
    "time before the restart does not count as a stable run": (
        [Start(), Later(60.0), DIED, Later(60.0), RestartSucceeded(), DIED],
        Settings(restart_limit=1),
        [
            [WATCH],
            [*TOLD, Restart(newports=False)],
            AGAIN,
            [*TOLD, FireFailed("died 2 times in a row"), Finish()],
        ],
        RestarterState.FAILED,
    ),
    "a restart that fails gives up": (
        [Start(), DIED, RestartFailed("no such file: python9")],
        Settings(),
        [
            [WATCH],
            [*TOLD, Restart(newports=False)],
            [FireFailed("could not be started again (no such file: python9)"), Finish()],
        ],
        RestarterState.FAILED,
    ),
    "a process the manager replaced is watched anew, not counted": (
        [Start(), KernelReplaced(), DIED],
        Settings(restart_limit=0),
        [[WATCH], [Unwatch(), WATCH], [*TOLD, FireFailed("died 1 time in a row"), Finish()]],
        RestarterState.FAILED,
    ),
    "stopping while watching": (
        [Start(), Stop()],
        Settings(),
        [[WATCH], [Unwatch(), Finish()]],
        RestarterState.STOPPED,
    ),
    "stopping during a restart": (
        [Start(), DIED, Stop()],
        Settings(),
        [[WATCH], [*TOLD, Restart(newports=False)], [Finish()]],
        RestarterState.STOPPED,
    ),
    "stopping after giving up, and twice": (
        [Start(), DIED, Stop(), Stop()],
        Settings(restart_limit=0),
        [[WATCH], [*TOLD, FireFailed("died 1 time in a row"), Finish()], [], []],
        RestarterState.STOPPED,
    ),
    "late reports about a kernel no longer watched are ignored": (
        [Start(), Stop(), DIED, HeartbeatLost(SILENT), KernelReplaced()],
        Settings(),
        [[WATCH], [Unwatch(), Finish()], [], [], []],
        RestarterState.STOPPED,
    ),
    "a start after giving up begins a new row": (
        [Start(), DIED, Start(), DIED],
        Settings(restart_limit=0),
        [
            [WATCH],
            [*TOLD, FireFailed("died 1 time in a row"), Finish()],
            [WATCH],
            [*TOLD, FireFailed("died 1 time in a row"), Finish()],
        ],
        RestarterState.FAILED,
    ),
}


@pytest.mark.parametrize(("story", "settings", "said", "state"), STORIES.values(), ids=STORIES)
def test_stories(story, settings, said, state):
    heard, policy = live(story, settings)
    assert (heard, policy.state) == (said, state)


@pytest.mark.parametrize(
    ("story", "event"),
    [
        ([], DIED),
        ([], RestartSucceeded()),
        ([Start()], Start()),
        ([Start()], RestartSucceeded()),
        ([Start()], RestartFailed("boom")),
        ([Start(), DIED], DIED),
        ([Start(), DIED], Start()),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, list) else str(len(value)),
)
def test_what_cannot_happen_is_refused_and_changes_nothing(story, event):
    _, policy = live(story)
    before = policy.state
    if isinstance(event, (ProcessDied, HeartbeatLost, KernelReplaced)):
        assert policy.handle(event) == []  # a late report: ignored
    else:
        with pytest.raises(RestartPolicyError, match=f"{type(event).__name__} cannot happen"):
            policy.handle(event)
    assert policy.state is before


def test_the_options_are_read_at_each_decision():
    settings = Settings(restart_limit=5)
    _, policy = live([Start(), DIED, RestartSucceeded()], settings)
    settings.restart_limit = 1
    assert policy.handle(DIED) == [*TOLD, FireFailed("died 2 times in a row"), Finish()]


def test_restarts_count_the_row_and_read_zero_after_a_stable_run():
    clock = Clock()
    policy = RestartPolicy(Settings(restart_limit=5), clock)
    for event in (Start(), DIED, RestartSucceeded(), DIED, RestartSucceeded()):
        policy.handle(event)
    assert policy.restarts == 2
    clock.now += 10.0
    assert policy.restarts == 0


def test_every_state_can_be_stopped_and_every_move_is_in_the_table():
    assert set(TRANSITIONS) == set(RestarterState)
    assert all(Stop in moves for moves in TRANSITIONS.values())
    # Each story above made only moves of the table (handle() checks every move).
    reachable = {state for moves in TRANSITIONS.values() for to in moves.values() for state in to}
    assert reachable == set(RestarterState)


def test_the_policy_does_no_io_and_reads_no_clock_of_its_own():
    tree = ast.parse(inspect.getsource(restart_policy))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "collections", "dataclasses", "enum", "typing"}
