"""A joblib parallel backend that runs joblib's batches on a view's engines.

``register_joblib_backend()`` registers it as ``"jovi"``; then::

    with joblib.parallel_backend("jovi"):
        Parallel()(delayed(f)(i) for i in range(10))

runs the calls on the engines of the default profile's cluster (a load-balanced view
of all its engines), or of the view given (``view.register_joblib_backend()``).
joblib is imported only by this module, which only these calls import.

joblib sends batches of calls (auto-sized, as for its process pools) as tasks of the
view (on a direct view, each batch to one of its engines in turn), each a
``BatchedCalls`` object sent by value with cloudpickle; a batch's result
is read when joblib asks for it, in order, and that is when joblib sends the next
batch (so the engines hold ``pre_dispatch`` batches at a time).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from joblib import register_parallel_backend
from joblib.parallel import AutoBatchingMixin, ParallelBackendBase

from jovi.parallel.view import DirectView

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.parallel.asyncresult import AsyncResult
    from jovi.parallel.balanced import LoadBalancedView

__all__ = ["JoviBackend", "register"]


class _Batch:
    """A batch sent, and joblib's callback to call once its result is read."""

    def __init__(self, result: AsyncResult, callback: Callable[..., Any] | None) -> None:
        self.result = result
        self._callback = callback

    def get(self, timeout: float | None = None) -> Any:
        try:
            return self.result.get(-1 if timeout is None else timeout)
        finally:
            callback, self._callback = self._callback, None
            if callback is not None:
                callback(self.result)  # joblib sends its next batch


class JoviBackend(AutoBatchingMixin, ParallelBackendBase):  # type: ignore[misc]
    """joblib's batches as tasks of ``view`` (by default a load-balanced view of the
    default profile's cluster, connected on first use)."""

    supports_retrieve_callback = False

    def __init__(self, view: DirectView | LoadBalancedView | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._view = view
        self._owned_client: Any = None
        self._sent: list[str] = []
        self._turn = -1

    @property
    def view(self) -> DirectView | LoadBalancedView:
        """The view the batches go through."""
        if self._view is None:
            from jovi.parallel.client import Client  # noqa: PLC0415 - only without a view

            self._owned_client = Client()
            self._view = self._owned_client.load_balanced_view()
        return self._view

    def effective_n_jobs(self, n_jobs: int | None) -> int:
        """As many jobs at a time as the view has engines."""
        view = self.view
        targets = getattr(view, "targets", None)
        if isinstance(targets, list | tuple):
            return max(1, len(targets))
        return max(1, len(view.client.ids))

    def submit(self, func: Callable[[], Any], callback: Callable[..., Any] | None = None) -> _Batch:
        """Send the batch ``func`` as a task."""
        view = self.view
        if isinstance(view, DirectView):  # one engine per batch, in turn
            ids = view.client.resolve_targets(view.targets)
            self._turn = (self._turn + 1) % len(ids)
            view = view.client.direct_view(ids[self._turn])
        result = view.apply_async(func)
        outstanding = self.view.client.outstanding
        self._sent = [m for m in self._sent if m in outstanding]
        self._sent.extend(result.msg_ids)
        return _Batch(result, callback)

    def retrieve_result(self, out: _Batch, timeout: float | None = None) -> Any:
        """The batch's results (its error raised), waiting for them."""
        return out.get(timeout)

    def abort_everything(self, ensure_ready: bool = True) -> None:
        """Skip the batches that have not started."""
        client = self.view.client
        pending = [m for m in self._sent if m in client.outstanding]
        self._sent = []
        if pending:
            client.abort(pending)
        if ensure_ready:
            self.configure(n_jobs=self.parallel.n_jobs, parallel=self.parallel)

    def terminate(self) -> None:
        """Close the client this backend connected, if it did."""
        if self._owned_client is not None:
            self._owned_client.close()
            self._owned_client = None
            self._view = None


def register(
    name: str = "jovi",
    make_default: bool = False,
    *,
    view: DirectView | LoadBalancedView | None = None,
) -> None:
    """Register joblib's parallel backend ``name`` running on ``view`` (by default a
    load-balanced view of the default profile's running cluster); with
    ``make_default``, joblib uses it without ``parallel_backend``."""
    register_parallel_backend(name, functools.partial(JoviBackend, view), make_default=make_default)
