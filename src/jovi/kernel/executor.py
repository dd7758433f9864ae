"""An executor: one thread serving one shell's requests in order, inside an asyncio loop.

The kernel has one executor per place code runs (:mod:`~jovi.kernel.routing`): the
main shell on the main thread, each subshell on a thread of its own, and the control
channel's requests (the debugger, ``execute`` on control) on the control thread.

Each executor runs an asyncio event loop for its whole life and serves its requests
one at a time, in the order they were submitted, from inside that loop:

* a cell runs while the loop is running, so ``asyncio.get_running_loop()``,
  ``asyncio.create_task()`` and top-level ``await`` work in it, as in ipykernel;
* tasks a cell creates keep running between requests (the loop waits for the next
  request by awaiting it);
* a cell that awaits lets the loop run other callbacks: :meth:`Executor.submit_early`
  hands such a cell the comm message it may be waiting for, ahead of the queue.

A request that needs no awaiting is served without a turn of the loop; a waiting
executor costs one wake-up per request that arrives.  ``asyncio`` is imported when
the executor starts, after the kernel answers its first ``kernel_info``.
"""

from __future__ import annotations

import collections
import contextlib
import inspect
import threading
from typing import TYPE_CHECKING, Any

from jovi.kernel.lifetime import sigint_blocked
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Awaitable, Callable

    from jovi.kernel.server import Request

__all__ = ["Executor"]

log = get_logger("jovi.kernel")

_STOP: Any = object()


class Executor:
    """Serves requests one at a time, in order, on one thread's event loop.

    Args:
        name: Names the executor and its thread (``"main"``, ``"control"``, a subshell id).
        serve: ``serve(request, executor)`` serves one request; it may return an
            awaitable (awaited in the loop).
    """

    def __init__(
        self, name: str, serve: Callable[[Request, Executor], Awaitable[None] | None]
    ) -> None:
        self.name = name
        self._serve = serve
        self._queue: collections.deque[Request] = collections.deque()
        self._lock = threading.Lock()
        self._waiter: asyncio.Future[None] | None = None
        self._stopping = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.running: Request | None = None
        """The request being served (None between requests)."""
        self.thread: threading.Thread | None = None
        """The thread of an executor started with :meth:`start`."""
        self.thread_id: int | None = None
        """The thread serving (set when it starts serving)."""
        self._task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ any thread

    def owns_current_thread(self) -> bool:
        """Whether the caller runs on this executor's thread."""
        return self.thread_id == threading.get_ident()

    @property
    def idle(self) -> bool:
        """Whether nothing is queued or being served."""
        return self.running is None and not self._queue

    def submit(self, request: Request) -> None:
        """Queue ``request``; it is served after those queued before it."""
        with self._lock:
            self._queue.append(request)
            waiter, self._waiter = self._waiter, None
        if waiter is not None:
            self._wake(waiter)

    def submit_early(self, request: Request) -> None:
        """Queue ``request``, and serve it at once if a request being served awaits."""
        self.submit(request)
        loop = self.loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(self._serve_early, request)

    def take_queued(self, wanted: Callable[[Request], bool]) -> list[Request]:
        """Take the queued requests ``wanted`` selects out of the queue, in order."""
        with self._lock:
            taken = [request for request in self._queue if wanted(request)]
            kept = [request for request in self._queue if not wanted(request)]
            self._queue.clear()
            self._queue.extend(kept)
        return taken

    def stop(self) -> None:
        """Serve nothing more after the request being served; the loop then ends."""
        with self._lock:
            self._stopping = True
            waiter, self._waiter = self._waiter, None
        if waiter is not None:
            self._wake(waiter)

    def _wake(self, waiter: asyncio.Future[None]) -> None:
        loop = self.loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(_resolve, waiter)

    # ------------------------------------------------------------ the executor's thread

    def start(self) -> None:
        """Serve on a new thread (SIGINT blocked in it: Ctrl-C belongs to the main thread)."""
        self.thread = threading.Thread(
            target=self.run, name=f"jovi-kernel-{self.name}", daemon=True
        )
        with sigint_blocked():
            self.thread.start()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the thread of a started executor to end."""
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout)

    def run(self) -> None:
        """Serve requests on this thread until :meth:`stop`."""
        import asyncio  # noqa: PLC0415 - imported once the kernel answers, not before

        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self.loop = loop
        self.thread_id = threading.get_ident()
        try:
            while True:
                try:
                    loop.run_until_complete(self._serve_all())
                except KeyboardInterrupt:
                    log.info("an interrupt arrived between requests and was ignored")
                    continue
                break
        finally:
            _close(loop)
            self.loop = None

    async def _serve_all(self) -> None:
        import asyncio  # noqa: PLC0415 - already imported by run()

        self._task = asyncio.current_task()
        while True:
            request = await self._next()
            if request is _STOP:
                return
            try:
                result = self._serve(request, self)
                if inspect.isawaitable(result):
                    await result
            except KeyboardInterrupt:
                log.info("an interrupt arrived outside running code and was ignored")
            except asyncio.CancelledError:
                pass
            except Exception:
                log.exception("the %s request could not be served", request.message.msg_type)
            finally:
                self.running = None
                self._uncancel()

    async def _next(self) -> Request:
        while True:
            with self._lock:
                if self._stopping:
                    return _STOP  # type: ignore[no-any-return]
                if self._queue:
                    request = self._queue.popleft()
                    self.running = request
                    return request
                assert self.loop is not None
                waiter = self.loop.create_future()
                self._waiter = waiter
            try:
                await waiter
            except BaseException as error:  # an interrupt meant for a request that ended
                if type(error).__name__ != "CancelledError":
                    raise
                self._uncancel()

    def _serve_early(self, request: Request) -> None:
        """On the loop: a request being served awaits; serve ``request`` now if still queued."""
        if self.running is None:
            return  # nothing awaits: it is served in its turn
        with self._lock:
            try:
                self._queue.remove(request)
            except ValueError:
                return  # already served
        try:
            result = self._serve(request, self)
            if inspect.isawaitable(result):
                self.loop.create_task(_complete(result))  # type: ignore[union-attr]
        except Exception:
            log.exception("the %s request could not be served", request.message.msg_type)

    def cancel_awaiting(self) -> None:
        """Interrupt a request that awaits (Ctrl-C while the loop waits): cancel it."""
        task, loop = self._task, self.loop
        if task is not None and loop is not None and self.running is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(task.cancel, "interrupted by the user")

    def _uncancel(self) -> None:
        task = self._task
        if task is not None:
            while task.cancelling():
                task.uncancel()


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


async def _complete(awaitable: Awaitable[Any]) -> None:
    try:
        await awaitable
    except Exception:
        log.exception("a request served early failed")


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what user code left running on ``loop``, let it finish, close it."""
    import asyncio  # noqa: PLC0415 - already imported by run()

    with contextlib.suppress(Exception):
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
