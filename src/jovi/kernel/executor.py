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

Requests are served by a callback of the loop (the *pump*), one after another, in
one :class:`contextvars.Context` kept for the executor's life: a context variable a
cell sets is still set in the next cell, as in ipykernel.  A request whose handler
returns an awaitable (a cell with top-level ``await``) becomes a task in that
context; the pump goes on when it is done.  So a request that arrives at an idle
executor costs one turn of the loop, and one that needs no awaiting is served in it
without another.  ``asyncio`` is imported when the executor starts, after the kernel
answers its first ``kernel_info``.
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import inspect
import sys
import threading
from typing import TYPE_CHECKING, Any

from jovi.kernel import wakes
from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Awaitable, Callable

    from jovi.kernel.server import Request

__all__ = ["Executor"]

log = get_logger("jovi.kernel")


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
        self._asleep = False  # the pump found nothing to do: a submit must wake it
        self._stopping = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.running: Request | None = None
        """The request being served (None between requests)."""
        self.thread: threading.Thread | None = None
        self.threads = OwnedThreads(f"the kernel's {self.name} executor")
        """The thread of an executor started with :meth:`start`."""
        self.thread_id: int | None = None
        """The thread serving (set when it starts serving)."""
        self._context = contextvars.copy_context()
        self._task: asyncio.Task[None] | None = None  # the awaiting request's task
        self.selector_fd: int | None = None
        """The descriptor of the loop's selector, readable when the loop has I/O or a
        callback from another thread (None before :meth:`open_loop`, or on Windows)."""

    # ------------------------------------------------------------ any thread

    def owns_current_thread(self) -> bool:
        """Whether the caller runs on this executor's thread."""
        return self.thread_id == threading.get_ident()

    @property
    def queued(self) -> int:
        """How many requests wait in the queue."""
        return len(self._queue)

    @property
    def idle(self) -> bool:
        """Whether nothing is queued or being served."""
        return self.running is None and not self._queue

    def accepted(self) -> tuple[Request, ...]:
        """The request being served, then the queued ones: a snapshot taken without the
        lock (a signal handler on the executor's thread calls it, and waiting there for
        a lock that thread holds would never end)."""
        running = self.running
        queued = tuple(self._queue)  # one C call: no other thread runs meanwhile
        return queued if running is None else (running, *queued)

    def set_in_context(self, variable: contextvars.ContextVar[Any], value: Any) -> None:
        """Set ``variable`` to ``value`` in the context requests are served in (before
        :meth:`start`)."""
        self._context.run(variable.set, value)

    def submit(self, request: Request) -> None:
        """Queue ``request``; it is served after those queued before it."""
        with self._lock:
            self._queue.append(request)
            wake, self._asleep = self._asleep, False
        if wake:
            wakes.defer(lambda: self._call_soon(self._pump))  # when the submitter waits

    def submit_early(self, request: Request) -> None:
        """Queue ``request``, and serve it at once if a request being served awaits."""
        self.submit(request)
        self._call_soon(lambda: self._serve_early(request))

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
            wake, self._asleep = self._asleep, False
        if wake:
            self._call_soon(self._pump)

    def cancel_awaiting(self) -> None:
        """Interrupt a request that awaits (Ctrl-C while the loop waits): cancel it."""
        task = self._task
        if task is not None:
            self._call_soon(lambda: task.cancel("interrupted by the user"))

    def _call_soon(self, callback: Callable[[], object]) -> None:
        loop = self.loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(callback, context=self._context)

    # ------------------------------------------------------------ the executor's thread

    def start(self) -> None:
        """Serve on a new thread (SIGINT blocked in it: Ctrl-C belongs to the main thread)."""
        # The thread runs user code: a debugger of user code must see it.
        self.thread = self.threads.start(self.run, name=f"jovi-kernel-{self.name}", internal=False)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the thread of a started executor to end."""
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout)

    def run(self) -> None:
        """Serve requests on this thread until :meth:`stop`."""
        loop = self.open_loop()
        try:
            while True:
                try:
                    loop.run_forever()
                except KeyboardInterrupt:
                    self.interrupted_between_requests()
                    continue
                break
        finally:
            self.close_loop()

    def open_loop(self, *, defer_wakes: bool = True) -> asyncio.AbstractEventLoop:
        """Make the calling thread this executor's, with a new event loop whose first
        callback serves the queue; :meth:`run` runs it, or an application's event loop
        steps it (:mod:`jovi.inprocess`, which does not ``defer_wakes``: its thread waits
        in the application's loop, not in this one's selector)."""
        import asyncio  # noqa: PLC0415 - imported once the kernel answers, not before

        loop, self.selector_fd = _new_loop()
        asyncio.set_event_loop(loop)
        if defer_wakes:
            wakes.take_part()
        self.thread_id = threading.get_ident()
        self.loop = loop
        loop.call_soon(self._pump, context=self._context)
        return loop

    def interrupted_between_requests(self) -> None:
        """A ``KeyboardInterrupt`` left the loop while no request ran: log it, go on."""
        log.info("an interrupt arrived between requests and was ignored")
        if self._task is None and self.loop is not None:
            self.loop.call_soon(self._pump, context=self._context)

    @property
    def stopped(self) -> bool:
        """Whether :meth:`stop` was called and the loop was told to stop."""
        return self._stopping and self.running is None

    def close_loop(self) -> None:
        """Send deferred wake-ups, cancel what user code left running, close the loop."""
        wakes.send_deferred()
        if self.loop is not None:
            _close(self.loop)
        self.loop = None

    def _pump(self) -> None:
        """Serve queued requests until one awaits or none is left (on the loop)."""
        assert self.loop is not None
        while self._task is None:
            with self._lock:
                if self._stopping:
                    self.loop.stop()
                    return
                if not self._queue:
                    self._asleep = True
                    return
                request = self.running = self._queue.popleft()
            wakes.send_deferred()  # the last request's end goes out before this one runs
            try:
                result = self._serve(request, self)
            except KeyboardInterrupt:
                log.info("an interrupt arrived outside running code and was ignored")
                result = None
            except Exception:
                log.exception("the %s request could not be served", request.message.msg_type)
                result = None
            if result is not None and inspect.isawaitable(result):
                self._task = self.loop.create_task(
                    self._complete_and_go_on(result, request), context=self._context
                )
                self._task.add_done_callback(self._awaited, context=self._context)
                return
            self.running = None

    async def _complete_and_go_on(self, awaitable: Awaitable[Any], request: Request) -> None:
        """Await the request, then serve the queue on (in the same loop turn: a done
        callback would cost the thread another turn before it sleeps)."""
        await _complete(awaitable, request)
        task = self._task
        if task is not None:
            task.remove_done_callback(self._awaited)
        self._awaited(task)

    def _awaited(self, task: asyncio.Task[None] | None) -> None:
        """The awaiting request is done: go on with the queue (on the loop)."""
        self._task = None
        self.running = None
        self._pump()

    def _serve_early(self, request: Request) -> None:
        """On the loop: a request being served awaits; serve ``request`` now if still queued."""
        if self._task is None:
            return  # nothing awaits: it is served in its turn
        with self._lock:
            try:
                self._queue.remove(request)
            except ValueError:
                return  # already served
        try:
            result = self._serve(request, self)
            if result is not None and inspect.isawaitable(result):
                assert self.loop is not None
                self.loop.create_task(_complete(result, request), context=self._context)
        except Exception:
            log.exception("the %s request could not be served", request.message.msg_type)


def _new_loop() -> tuple[asyncio.AbstractEventLoop, int | None]:
    """An event loop that sends this thread's deferred wake-ups before it waits, and the
    descriptor of its selector."""
    import asyncio  # noqa: PLC0415 - already imported by run()
    import selectors  # noqa: PLC0415 - with asyncio, after the first kernel_info

    if sys.platform == "win32":
        return asyncio.new_event_loop(), None

    class SendingSelector(selectors.DefaultSelector):
        def select(self, timeout: float | None = None) -> list[Any]:
            wakes.send_deferred()
            return super().select(timeout)

    selector = SendingSelector()
    return asyncio.SelectorEventLoop(selector), selector.fileno()


async def _complete(awaitable: Awaitable[Any], request: Request) -> None:
    try:
        await awaitable
    except KeyboardInterrupt:
        log.info("an interrupt arrived outside running code and was ignored")
    except Exception:
        log.exception("the %s request could not be served", request.message.msg_type)
    except BaseException as error:  # a cancelled cell: reported by the cell, not here
        if type(error).__name__ != "CancelledError":
            raise


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
