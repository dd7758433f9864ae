"""``LoadBalancedView``: tasks go to whichever engine the scheduler chooses.

``rc.load_balanced_view()`` makes one.  Its flags travel in each task's metadata and
are read by the controller's task scheduler (:mod:`jovi.parallel.scheduler`):
``after`` and ``follow`` (dependencies: msg_ids, AsyncResults or a
:class:`Dependency`), ``timeout`` (seconds the dependencies may take), ``retries``
(how often a task whose engine died is sent again) and ``targets`` (the engines it may
go to).  ``temp_flags`` sets flags for a ``with`` block.
"""

from __future__ import annotations

import collections
import contextlib
from typing import TYPE_CHECKING, Any

from jovi.parallel import ops
from jovi.parallel.asyncresult import AsyncMapResult, AsyncResult, finished

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from jovi.parallel.client import Client
    from jovi.parallel.executor import ViewExecutor

__all__ = ["Dependency", "LazyMapIterator", "LoadBalancedView"]

_FLAGS = ("block", "after", "follow", "timeout", "retries", "targets")


class Dependency(set[str]):
    """Tasks another task depends on, and what counts as met.

    Args:
        dependencies: msg_ids, AsyncResults, or a mix.
        all: Every one must be met (else any one).
        success: A task that succeeded meets it.
        failure: A task that failed meets it.
    """

    def __init__(
        self,
        dependencies: Iterable[Any] = (),
        all: bool = True,  # noqa: A002 - ipyparallel's name
        success: bool = True,
        failure: bool = False,
    ) -> None:
        super().__init__(msg_ids_of(dependencies))
        self.all = all
        self.success = success
        self.failure = failure
        if not (success or failure):
            raise ValueError("a dependency must be met by success, failure, or both")

    def as_dict(self) -> dict[str, Any]:
        """The form sent in a task's metadata."""
        return {
            "msg_ids": sorted(self),
            "all": self.all,
            "success": self.success,
            "failure": self.failure,
        }


def msg_ids_of(dependencies: Any) -> list[str]:
    """The msg_ids of a msg_id, an AsyncResult, or an iterable of them."""
    if dependencies is None:
        return []
    if isinstance(dependencies, str):
        return [dependencies]
    if isinstance(dependencies, AsyncResult):
        return list(dependencies.msg_ids)
    ids: list[str] = []
    for item in dependencies:
        ids.extend(msg_ids_of(item))
    return ids


def _dependency_json(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Dependency):
        return value.as_dict()
    return msg_ids_of(value) or None


class LoadBalancedView:
    """Tasks sent to the scheduler, one engine each.

    Attributes:
        client: The client.
        block: Whether methods wait and return values.
        after: Tasks that must end (successfully, by default) before a task starts.
        follow: Tasks on whose engine a task must run.
        timeout: Seconds a task may wait for its dependencies (0: no limit).
        retries: How often a task whose engine died is sent again.
        targets: The engines tasks may go to (None: any).
    """

    def __init__(self, client: Client, targets: Sequence[int] | None = None) -> None:
        self.client = client
        self.block = False
        self.after: Any = None
        self.follow: Any = None
        self.timeout: float = 0
        self.retries = 0
        self.targets: Sequence[int] | None = targets

    def set_flags(self, **flags: Any) -> None:
        """Set flags (``block``, ``after``, ``follow``, ``timeout``, ``retries``, ``targets``).

        Raises:
            KeyError: not a flag of this view.
        """
        for name, value in flags.items():
            if name not in _FLAGS:
                raise KeyError(f"{name!r} is not a flag; the flags are {', '.join(_FLAGS)}")
            setattr(self, name, value)

    @contextlib.contextmanager
    def temp_flags(self, **flags: Any) -> Iterator[None]:
        """Set flags for the ``with`` block only."""
        saved = {name: getattr(self, name) for name in _FLAGS}
        self.set_flags(**flags)
        try:
            yield
        finally:
            self.set_flags(**saved)

    def _metadata(self) -> dict[str, Any]:
        return {
            "after": _dependency_json(self.after),
            "follow": _dependency_json(self.follow),
            "timeout": self.timeout or 0,
            "retries": self.retries,
            "targets": None if self.targets is None else list(self.targets),
        }

    def _finish(self, result: AsyncResult, block: bool | None) -> Any:
        return finished(result, self.block if block is None else block)

    def _apply(
        self,
        function: Callable[..., Any],
        args: Sequence[Any],
        kwargs: dict[str, Any],
        block: bool | None,
    ) -> Any:
        msg_id = self.client.send_task(function, args, kwargs, self._metadata())
        name = str(getattr(function, "__name__", "apply"))
        return self._finish(AsyncResult(self.client, [msg_id], fname=name, single=True), block)

    def apply(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``f(*args, **kwargs)`` on one engine (waiting if the view blocks)."""
        return self._apply(f, args, kwargs, None)

    def apply_async(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> AsyncResult:
        """Run ``f(*args, **kwargs)`` on one engine; returns at once."""
        result: AsyncResult = self._apply(f, args, kwargs, False)
        return result

    def apply_sync(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``f(*args, **kwargs)`` on one engine and wait for its value."""
        return self._apply(f, args, kwargs, True)

    def apply_with_flags(
        self,
        f: Callable[..., Any],
        args: Sequence[Any] = (),
        kwargs: dict[str, Any] | None = None,
        **flags: Any,
    ) -> Any:
        """``apply`` with ``flags`` (see :meth:`set_flags`) for this call only."""
        with self.temp_flags(**flags):
            return self._apply(f, tuple(args), dict(kwargs or {}), None)

    def map(
        self,
        f: Callable[..., Any],
        *sequences: Sequence[Any],
        block: bool | None = None,
        chunksize: int = 1,
        ordered: bool = True,
    ) -> Any:
        """``list(map(f, *sequences))``, ``chunksize`` elements per task; iterating over
        the result of an unordered map (``ordered=False``) yields the elements as
        their tasks finish.

        Raises:
            ValueError: no sequence.
        """
        if not sequences:
            raise ValueError("map needs at least one sequence")
        length = min(len(s) for s in sequences)
        size = max(1, chunksize)
        metadata = self._metadata()
        msg_ids = [
            self.client.send_task(
                ops.map_chunk, (f, *(list(s[i : i + size]) for s in sequences)), {}, metadata
            )
            for i in range(0, length, size)
        ]
        name = str(getattr(f, "__name__", "map"))
        result = AsyncMapResult(self.client, msg_ids, fname=name, ordered=ordered)
        return self._finish(result, block)

    def imap(
        self,
        f: Callable[..., Any],
        *iterables: Iterable[Any],
        ordered: bool = True,
        max_outstanding: int | str = "auto",
    ) -> LazyMapIterator:
        """``map(f, *iterables)`` as an iterator that reads its input lazily: at most
        ``max_outstanding`` tasks are sent and unfinished at a time (``"auto"``: twice
        the number of engines), so an endless or huge input is fine.  Results come in
        input order, or as they finish with ``ordered=False``.
        """
        if not iterables:
            raise ValueError("imap needs at least one iterable")
        limit = (
            2 * max(1, len(self.client.ids)) if max_outstanding == "auto" else int(max_outstanding)
        )
        if limit < 1:
            raise ValueError(f"max_outstanding must be at least 1, not {max_outstanding!r}")
        return LazyMapIterator(self, f, zip(*iterables, strict=False), ordered=ordered, limit=limit)

    def map_async(self, f: Callable[..., Any], *sequences: Sequence[Any], **options: Any) -> Any:
        """``map`` without waiting."""
        return self.map(f, *sequences, block=False, **options)

    def map_sync(self, f: Callable[..., Any], *sequences: Sequence[Any], **options: Any) -> Any:
        """``map``, waiting for the list."""
        return self.map(f, *sequences, block=True, **options)

    @property
    def executor(self) -> ViewExecutor:
        """A ``concurrent.futures.Executor`` whose calls run through this view."""
        from jovi.parallel.executor import ViewExecutor  # noqa: PLC0415 - only when used

        return ViewExecutor(self)

    def register_joblib_backend(self, name: str = "jovi", make_default: bool = False) -> None:
        """Register this view as joblib's parallel backend ``name`` (and the default
        one with ``make_default``; see :func:`jovi.parallel.bridges.register_joblib_backend`)."""
        from jovi.parallel.bridges import register_joblib_backend  # noqa: PLC0415 - cycle

        register_joblib_backend(name, make_default, view=self)

    def wait(self, jobs: Sequence[AsyncResult] | None = None, timeout: float = -1) -> bool:
        """Wait for ``jobs`` (every outstanding request by default)."""
        msg_ids = None if jobs is None else [m for job in jobs for m in job.msg_ids]
        return self.client.wait(msg_ids, timeout)

    def __repr__(self) -> str:
        return f"<LoadBalancedView targets={self.targets!r}>"


class LazyMapIterator:
    """The results of :meth:`LoadBalancedView.imap`, sending tasks as results are read.

    Attributes:
        sent: How many tasks were sent so far.
    """

    def __init__(
        self,
        view: LoadBalancedView,
        function: Callable[..., Any],
        arguments: Iterator[tuple[Any, ...]],
        *,
        ordered: bool,
        limit: int,
    ) -> None:
        self._view = view
        self._function = function
        self._arguments = arguments
        self._ordered = ordered
        self._limit = limit
        self._pending: collections.deque[str] = collections.deque()
        self._cancelled = False
        self._finished: collections.deque[str] = collections.deque()
        """Unordered: tasks seen finished, not yet returned."""
        self.sent = 0

    def _fill(self) -> None:
        client = self._view.client
        metadata = self._view._metadata()
        while not self._cancelled and len(self._pending) < self._limit:
            try:
                arguments = next(self._arguments)
            except StopIteration:
                return
            msg_id = client.send_task(self._function, arguments, {}, metadata)
            self._pending.append(msg_id)
            self.sent += 1

    def _take(self) -> str | None:
        client = self._view.client
        client.spin(0)
        if self._ordered:
            first = self._pending[0]
            if first in client.outstanding:
                return None
            self._pending.popleft()
            return first
        if not self._finished:  # one look over the pending tasks finds every finished one
            outstanding = client.outstanding
            still = collections.deque(m for m in self._pending if m in outstanding)
            self._finished.extend(m for m in self._pending if m not in outstanding)
            self._pending = still
        return self._finished.popleft() if self._finished else None

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        self._fill()
        if not self._pending and not self._finished:
            raise StopIteration
        client = self._view.client
        msg_id = self._take()
        while msg_id is None:
            client.spin(0.05)
            msg_id = self._take()
        result = AsyncResult(
            client, [msg_id], fname=getattr(self._function, "__name__", "imap"), single=True
        )
        try:
            value = result.get()
        finally:
            # Returned once, then forgotten here (the controller's task database keeps
            # it): an endless imap runs in flat memory.
            client.purge_local_results([msg_id])
        self._fill()
        return value

    def cancel(self) -> None:
        """Send no more tasks (those sent still run; their results are dropped)."""
        self._cancelled = True
        self._pending.clear()
        self._finished.clear()
