"""``ViewExecutor``: a view as a ``concurrent.futures.Executor`` (``view.executor``).

``submit`` calls the function through the view and returns its
:class:`~jovi.parallel.asyncresult.AsyncResult`, which is a
``concurrent.futures.Future``; ``map`` maps through the view (in blocks on a direct
view, task by task on a load-balanced one) and yields the results in order;
``shutdown(wait=True)`` waits for every call submitted.  Code written for
``ThreadPoolExecutor`` or ``ProcessPoolExecutor`` runs on the engines::

    with rc.load_balanced_view().executor as ex:
        squares = list(ex.map(lambda x: x * x, range(10)))

On a direct view of several engines each call runs on every engine, and its result is
the list of their values (as the view's ``apply`` gives).
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from typing import TYPE_CHECKING, Any, Final

from jovi.parallel.balanced import LoadBalancedView

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from jovi.parallel.asyncresult import AsyncResult
    from jovi.parallel.view import DirectView

__all__ = ["ViewExecutor"]

PRUNE_AT: Final = 1024
"""Futures kept before the finished ones are forgotten."""


class ViewExecutor(concurrent.futures.Executor):
    """Calls submitted to ``view``'s engines.

    Args:
        view: A :class:`~jovi.parallel.view.DirectView` or
            :class:`~jovi.parallel.balanced.LoadBalancedView`.
    """

    def __init__(self, view: DirectView | LoadBalancedView) -> None:
        self.view = view
        self._futures: list[AsyncResult] = []
        self._shut = False
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> AsyncResult:
        """Call ``fn(*args, **kwargs)`` on the view; returns the future.

        Raises:
            RuntimeError: the executor was shut down.
        """
        with self._lock:
            if self._shut:
                raise RuntimeError("cannot submit after shutdown")
            future = self.view.apply_async(fn, *args, **kwargs)
            self._keep(future)
            return future

    def _keep(self, future: AsyncResult) -> None:
        self._futures.append(future)
        if len(self._futures) >= PRUNE_AT:
            outstanding = self.view.client.outstanding
            self._futures = [f for f in self._futures if not outstanding.isdisjoint(f.msg_ids)]

    def map(
        self,
        fn: Callable[..., Any],
        *iterables: Iterable[Any],
        timeout: float | None = None,
        chunksize: int = 1,
        buffersize: int | None = None,
    ) -> Iterator[Any]:
        """``map(fn, *iterables)`` on the engines: the results in order, each as soon as
        it (and those before it) arrived.

        Raises:
            RuntimeError: the executor was shut down.
            TimeoutError: (while iterating) not every result arrived within ``timeout``
                seconds of the call.
        """
        del buffersize  # the input is read at once: the view splits it
        sequences = [list(iterable) for iterable in iterables]
        with self._lock:
            if self._shut:
                raise RuntimeError("cannot map after shutdown")
            if not sequences or min(len(s) for s in sequences) == 0:
                return iter(())
            result: AsyncResult
            if isinstance(self.view, LoadBalancedView):
                result = self.view.map(fn, *sequences, block=False, chunksize=chunksize)
            else:
                result = self.view.map(fn, *sequences, block=False)
            self._keep(result)
        deadline = None if timeout is None else time.monotonic() + timeout
        return _in_order(result, deadline)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Refuse new calls; with ``wait``, wait for those submitted; with
        ``cancel_futures``, first skip those that have not started (they fail with
        ``TaskAborted``)."""
        with self._lock:
            self._shut = True
            futures, self._futures = self._futures, []
        if cancel_futures:
            pending = [m for f in futures for m in f.msg_ids if m in self.view.client.outstanding]
            if pending:
                self.view.client.abort(pending)
        if wait:
            self.view.client.wait([m for f in futures for m in f.msg_ids])

    def __repr__(self) -> str:
        return f"<ViewExecutor on {self.view!r}>"


def _in_order(result: AsyncResult, deadline: float | None) -> Iterator[Any]:
    if deadline is not None and not result.wait(max(0.0, deadline - time.monotonic())):
        raise TimeoutError(f"{result.fname}: the results are not ready in time")
    yield from result
