"""The task scheduler's decisions: which waiting task goes to which engine.

Socket-free, so that it is tested on its own; the controller feeds it events (an
engine joined or left, a task arrived, a task finished) and sends what
:meth:`TaskScheduler.schedule` decides.

* **Schemes** choose among the engines that may take a task: ``lru`` (the engine
  used least recently, the default), ``leastload`` (the fewest tasks assigned, then
  the least recently used), ``plainrandom``, ``twobin`` (the less recently used of two
  picked at random), ``weighted`` (at random, weighted by 1 / (1 + load)) and
  ``pure`` (round robin, no high-water mark).
* **hwm**: an engine takes at most ``hwm`` tasks at once (0: no limit); the others
  wait in the controller, where they can still go to whichever engine frees first.
  One exception hides the round trip that would otherwise leave an engine idle
  between tiny tasks: while at least ``deep_queue`` tasks wait and an engine's last
  task ran for less than ``short_task_s``, that engine takes up to
  ``short_task_hwm`` (a long task ends it at once; ``short_task_hwm=1``: never).
* **Dependencies**: ``after`` (run only once these tasks finished as asked) and
  ``follow`` (and run where they ran); a dependency that can no longer be met fails
  the task with ``ImpossibleDependency``, one not met within ``timeout`` seconds with
  ``DependencyTimeout``.
* **Retries**: a task whose engine died goes back in the queue ``retries`` times,
  then fails with ``EngineError``.
* **Unmet requirements**: a task that raised ``UnmetDependency`` on an engine (its
  ``@require`` or ``@depend`` check failed there) goes back in the queue and never to
  that engine again; once every engine that may run it refused it, it fails with
  ``ImpossibleDependency``.
"""

from __future__ import annotations

import collections
import itertools
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from collections.abc import Set as AbstractSet

__all__ = ["SCHEMES", "Dependency", "EngineLoad", "Task", "TaskScheduler"]

SCHEMES: Final = ("lru", "leastload", "plainrandom", "twobin", "weighted", "pure")


@dataclass(frozen=True)
class Dependency:
    """A set of tasks another task depends on, and what counts as met.

    Attributes:
        msg_ids: The tasks.
        all: Every one must be met (else any one).
        success: A task that succeeded meets it.
        failure: A task that failed meets it.
    """

    msg_ids: frozenset[str]
    all: bool = True
    success: bool = True
    failure: bool = False

    @classmethod
    def from_json(cls, data: Any) -> Dependency | None:
        """The dependency in a request's metadata (a list of msg_ids, or an object)."""
        if not data:
            return None
        if isinstance(data, list):
            return cls(frozenset(str(m) for m in data)) if data else None
        if isinstance(data, dict):
            ids = frozenset(str(m) for m in data.get("msg_ids", ()))
            if not ids:
                return None
            return cls(
                ids,
                bool(data.get("all", True)),
                bool(data.get("success", True)),
                bool(data.get("failure", False)),
            )
        return None

    def met_by(self, ok: bool) -> bool:
        """Whether a task that finished (``ok``: successfully) meets this dependency."""
        return self.success if ok else self.failure


@dataclass
class Task:
    """A load-balanced request waiting for, or assigned to, an engine."""

    msg_id: str
    frames: list[Any]
    """``[client, <IDS|MSG>, signature, header, ...]``, sent to the engine as they are."""
    after: Dependency | None = None
    follow: Dependency | None = None
    targets: frozenset[int] | None = None
    retries: int = 0
    deadline: float | None = None
    engine: int | None = None
    refused_by: set[int] = field(default_factory=set)
    """Engines where it raised ``UnmetDependency`` (a ``@require``/``@depend`` check)."""


@dataclass
class EngineLoad:
    """The tasks an engine has, and when it was last given one."""

    tasks: set[str] = field(default_factory=set)
    last_used: int = 0
    short: bool = False
    """Whether its last task ran for less than the scheduler's ``short_task_s``."""


class TaskScheduler:
    """Decides where tasks go.

    Args:
        scheme: One of :data:`SCHEMES`.
        hwm: The most tasks an engine has at once (0: no limit).
        seed: Seeds the random schemes.
        outcome_limit: How many outcomes of finished requests are kept (the oldest go
            first); a dependency on a forgotten one can no longer be met.
        short_task_s, short_task_hwm, deep_queue: An engine whose last task ran for
            less than ``short_task_s`` takes up to ``short_task_hwm`` tasks while at
            least ``deep_queue`` wait.
    """

    def __init__(
        self,
        scheme: str = "lru",
        hwm: int = 1,
        seed: int | None = None,
        outcome_limit: int = 10_000,
        *,
        short_task_s: float = 0.002,
        short_task_hwm: int = 16,
        deep_queue: int = 64,
    ) -> None:
        if scheme not in SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}; the schemes are {', '.join(SCHEMES)}")
        self.scheme = scheme
        self.hwm = 0 if scheme == "pure" else hwm
        self.engines: dict[int, EngineLoad] = {}
        # Tasks without dependencies, targets or a timeout wait in order and are only
        # looked at while an engine has room: 10,000 queued tasks cost nothing per event.
        self._plain: collections.deque[Task] = collections.deque()
        self._special: list[Task] = []
        self.running: dict[str, Task] = {}
        self.finished: dict[str, tuple[bool, int | None]] = {}
        """msg_id -> (succeeded, engine) of the latest tasks and direct requests that ended."""
        self.outcome_limit = outcome_limit
        self.short_task_s = short_task_s
        self.short_task_hwm = max(short_task_hwm, hwm)
        self.deep_queue = deep_queue
        self._clock = itertools.count(1)
        self._random = random.Random(seed)  # noqa: S311 - spreading load, not secrets
        self._next = 0

    @property
    def queue(self) -> list[Task]:
        """The tasks waiting, in the order they will be looked at."""
        return [*self._special, *self._plain]

    @property
    def waiting(self) -> int:
        """How many tasks wait."""
        return len(self._special) + len(self._plain)

    # ------------------------------------------------------------------ events

    def add_engine(self, engine: int) -> None:
        """An engine joined."""
        self.engines.setdefault(engine, EngineLoad())

    def remove_engine(self, engine: int) -> list[Task]:
        """An engine left: its tasks that were running, to retry or fail."""
        load = self.engines.pop(engine, None)
        if load is None:
            return []
        return [self.running.pop(m) for m in sorted(load.tasks) if m in self.running]

    def submit(self, task: Task, *, first: bool = False) -> None:
        """A task to schedule (``first``: before the others, for a retry)."""
        plain = task.after is None and task.follow is None and task.targets is None
        plain = plain and task.deadline is None and not task.refused_by
        if plain and first:
            self._plain.appendleft(task)
        elif plain:
            self._plain.append(task)
        elif first:
            self._special.insert(0, task)
        else:
            self._special.append(task)

    def record(
        self, msg_id: str, ok: bool, engine: int | None, duration: float | None = None
    ) -> Task | None:
        """A request ended (a task, or a direct request) after running ``duration``
        seconds on its engine; returns the task if it was one."""
        finished = self.finished
        finished[msg_id] = (ok, engine)
        if len(finished) > self.outcome_limit:
            del finished[next(iter(finished))]
        task = self.running.pop(msg_id, None)
        if task is not None and task.engine in self.engines:
            load = self.engines[task.engine]
            load.tasks.discard(msg_id)
            load.short = duration is not None and duration < self.short_task_s
        return task

    def unmet(self, msg_id: str, engine: int) -> Task | None:
        """The running task ``msg_id`` raised ``UnmetDependency`` on ``engine``: it goes
        back in the queue, never to that engine again; returns it (None if unknown)."""
        task = self.running.pop(msg_id, None)
        if task is None:
            return None
        load = self.engines.get(engine)
        if load is not None:
            load.tasks.discard(msg_id)
        task.refused_by.add(engine)
        task.engine = None
        self.submit(task, first=True)
        return task

    def forget(self, msg_ids: Iterable[str]) -> None:
        """Forget the outcomes of these requests (purged)."""
        for msg_id in msg_ids:
            self.finished.pop(msg_id, None)

    def abort(self, msg_ids: AbstractSet[str]) -> list[Task]:
        """Take the waiting tasks named out of the queue; returns them."""
        taken = [t for t in (*self._special, *self._plain) if t.msg_id in msg_ids]
        if taken:
            self._special = [t for t in self._special if t.msg_id not in msg_ids]
            self._plain = collections.deque(t for t in self._plain if t.msg_id not in msg_ids)
        return taken

    # ------------------------------------------------------------------ decisions

    def schedule(
        self, now: float, known: Callable[[str], bool]
    ) -> tuple[list[Task], list[tuple[Task, str, str]]]:
        """Assign what can be assigned.

        Args:
            now: The time (monotonic), for timeouts.
            known: Whether a msg_id names a request the controller has seen (a
                dependency on anything else can never be met).

        Returns:
            The tasks assigned (``task.engine`` set), and the tasks failed with the
            error's name and text.
        """
        assigned: list[Task] = []
        failed: list[tuple[Task, str, str]] = []
        waiting: list[Task] = []
        for task in self._special:
            state, where = self._dependencies(task, known)
            if state == "impossible":
                failed.append((task, "ImpossibleDependency", where_text(where)))
                continue
            if state == "waiting":
                if task.deadline is not None and now >= task.deadline:
                    failed.append(
                        (task, "DependencyTimeout", "the task's dependencies were not met in time")
                    )
                else:
                    waiting.append(task)
                continue
            candidates = self._candidates(task, where)
            if candidates is None:
                why = (
                    "the task's requirements were unmet on every engine that may run it"
                    if task.refused_by
                    else "no engine can run this task"
                )
                failed.append((task, "ImpossibleDependency", why))
                continue
            if not candidates:
                waiting.append(task)
                continue
            self._assign(task, self._choose(candidates))
            assigned.append(task)
        self._special = waiting
        while self._plain and self.engines:
            candidates = self._candidates(self._plain[0], None)
            if not candidates:
                break
            task = self._plain.popleft()
            self._assign(task, self._choose(candidates))
            assigned.append(task)
        return assigned, failed

    def _assign(self, task: Task, engine: int) -> None:
        task.engine = engine
        load = self.engines[engine]
        load.tasks.add(task.msg_id)
        load.last_used = next(self._clock)
        self.running[task.msg_id] = task

    def _dependencies(
        self, task: Task, known: Callable[[str], bool]
    ) -> tuple[str, frozenset[int] | str | None]:
        """``("met", engines allowed by follow or None)``, ``("waiting", None)`` or
        ``("impossible", why)``."""
        where: frozenset[int] | None = None
        for dependency, is_follow in ((task.after, False), (task.follow, True)):
            if dependency is None:
                continue
            state = self._state(dependency, known)
            if state != "met":
                return state, (None if state == "waiting" else "a dependency failed or is unknown")
            if is_follow:
                places = [self.finished[m][1] for m in dependency.msg_ids if m in self.finished]
                engines = frozenset(p for p in places if p is not None)
                if dependency.all and len(engines) > 1:
                    return "impossible", "the tasks to follow ran on different engines"
                where = engines
        return "met", where

    def _state(self, dependency: Dependency, known: Callable[[str], bool]) -> str:
        met = unmet = pending = 0
        for msg_id in dependency.msg_ids:
            result = self.finished.get(msg_id)
            if result is None:
                if known(msg_id):
                    pending += 1
                else:
                    unmet += 1
            elif dependency.met_by(result[0]):
                met += 1
            else:
                unmet += 1
        if dependency.all:
            if unmet:
                return "impossible"
            return "waiting" if pending else "met"
        if met:
            return "met"
        return "waiting" if pending else "impossible"

    def _candidates(self, task: Task, where: frozenset[int] | str | None) -> list[int] | None:
        """The engines that may take ``task`` now; None if none ever could."""
        possible = set(self.engines)
        if task.targets is not None:
            possible &= task.targets
        if isinstance(where, frozenset):
            possible &= where
        possible -= task.refused_by
        if not possible:
            return None
        if not self.hwm:
            return sorted(possible)
        deep = len(self._plain) + len(self._special) >= self.deep_queue
        engines = self.engines

        def room(engine: int) -> bool:
            load = engines[engine]
            return len(load.tasks) < (self.short_task_hwm if deep and load.short else self.hwm)

        return sorted(e for e in possible if room(e))

    def _choose(self, candidates: list[int]) -> int:
        loads: Mapping[int, EngineLoad] = self.engines
        if self.scheme == "lru":
            return min(candidates, key=lambda e: loads[e].last_used)
        if self.scheme == "leastload":
            return min(candidates, key=lambda e: (len(loads[e].tasks), loads[e].last_used))
        if self.scheme == "plainrandom":
            return self._random.choice(candidates)
        if self.scheme == "twobin":
            pair = self._random.sample(candidates, min(2, len(candidates)))
            return min(pair, key=lambda e: loads[e].last_used)
        if self.scheme == "weighted":
            weights = [1 / (1 + len(loads[e].tasks)) for e in candidates]
            return self._random.choices(candidates, weights)[0]
        self._next += 1  # pure: round robin
        return candidates[self._next % len(candidates)]


def where_text(where: object) -> str:
    """The reason a dependency is impossible, as text."""
    return where if isinstance(where, str) else "a dependency can no longer be met"
