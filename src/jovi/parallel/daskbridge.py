"""``Client.become_dask()``: the engines as a dask.distributed cluster, and back.

``become_dask`` starts a ``distributed.Scheduler`` in the client's process (or, with
``scheduler_engine=N``, in engine ``N``'s), a ``distributed.Worker`` in each engine's
process, and returns a ``distributed.Client`` connected to the scheduler.  Each
scheduler or worker runs its own asyncio event loop on a daemon thread of its process,
so an engine keeps serving jovi's requests while it is a dask worker (its worker
threads run dask's tasks; its main thread runs jovi's).  ``stop_dask`` closes the
workers, the scheduler and the ``distributed.Client``.

dask and distributed are imported only by the functions here, in the processes that
run them, and only when ``become_dask`` is called.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any, Final

from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

    from jovi.parallel.client import Client, Targets

__all__ = ["LoopThread", "become_dask", "stop_dask"]

START_S: Final = 60.0
"""How long a scheduler or worker may take to start or to close."""

_running: dict[str, tuple[LoopThread, Any]] = {}
"""This process's scheduler and worker (``"scheduler"``, ``"worker"``), each with the
event loop thread it runs on."""


class LoopThread:
    """An asyncio event loop on a daemon thread of its own."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._threads = OwnedThreads(f"dask's {name}")
        self._threads.start(self._run, name=f"jovi-dask-{name}")

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, make: Callable[[], Coroutine[Any, Any, Any]], timeout: float = START_S) -> Any:
        """Run the coroutine ``make()`` on the loop and return its value."""

        async def wrapped() -> Any:
            return await make()

        return asyncio.run_coroutine_threadsafe(wrapped(), self.loop).result(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loop and wait for the thread."""
        self.loop.call_soon_threadsafe(self.loop.stop)
        if not self._threads.join(timeout):
            self.loop.close()


def start_scheduler(options: dict[str, Any]) -> str:
    """Start a dask scheduler in this process (once); returns its address."""
    if "scheduler" in _running:
        return str(_running["scheduler"][1].address)
    from distributed import Scheduler  # noqa: PLC0415 - only when asked for

    thread = LoopThread("scheduler")
    options = {"port": 0, "dashboard_address": None, **options}

    async def start() -> Any:
        return await Scheduler(**options)

    scheduler = thread.run(start)
    _running["scheduler"] = (thread, scheduler)
    return str(scheduler.address)


def start_worker(address: str, options: dict[str, Any]) -> str:
    """Start a dask worker of the scheduler at ``address`` in this process (an engine;
    once); returns the worker's address."""
    if "worker" in _running:
        return str(_running["worker"][1].address)
    from distributed import Worker  # noqa: PLC0415 - only when asked for

    thread = LoopThread("worker")

    async def start() -> Any:
        return await Worker(address, **options)

    worker = thread.run(start)
    _running["worker"] = (thread, worker)
    return str(worker.address)


def stop_running(role: str) -> bool:
    """Close this process's scheduler or worker (``role``); whether one ran."""
    entry = _running.pop(role, None)
    if entry is None:
        return False
    thread, server = entry

    async def close() -> None:
        await server.close()

    with contextlib.suppress(Exception):  # closing a worker whose scheduler went is fine
        thread.run(close)
    thread.stop()
    return True


def stop_worker() -> bool:
    """Close this process's dask worker (an engine's); whether one ran."""
    return stop_running("worker")


def become_dask(
    client: Client,
    targets: Targets = "all",
    *,
    ncores: int | None = None,
    scheduler_engine: int | None = None,
    scheduler_args: dict[str, Any] | None = None,
    **worker_args: Any,
) -> Any:
    """See :meth:`jovi.parallel.client.Client.become_dask`."""
    import distributed  # noqa: PLC0415 - only when asked for

    options = dict(scheduler_args or {})
    if scheduler_engine is None:
        options.setdefault("host", _host_for_engines(client))
        address = start_scheduler(options)
        client.dask_scheduler = "client"
    else:
        address = client[scheduler_engine].apply_sync(start_scheduler, options)
        client.dask_scheduler = scheduler_engine
    worker_args.setdefault("nthreads", ncores if ncores is not None else 1)
    client.direct_view(targets).apply_sync(start_worker, address, worker_args)
    dask_client = distributed.Client(address)  # type: ignore[no-untyped-call]
    client.dask_client = dask_client
    return dask_client


def stop_dask(client: Client, targets: Targets = "all") -> None:
    """See :meth:`jovi.parallel.client.Client.stop_dask`."""
    client.direct_view(targets).apply_sync(stop_worker)
    dask_client = client.dask_client
    client.dask_client = None
    if dask_client is not None:
        with contextlib.suppress(Exception):
            dask_client.close()
    where = client.dask_scheduler
    client.dask_scheduler = None
    if where == "client":
        stop_running("scheduler")
    elif isinstance(where, int):
        client[where].apply_sync(stop_running, "scheduler")


def _host_for_engines(client: Client) -> str:
    """Where the scheduler listens: the controller's interface (the engines reach
    this machine there when it runs the controller), else every interface."""
    ip = client.info.ip
    return ip if ip.startswith("127.") or ip == "localhost" else ""
