"""Executors: requests in order on one thread's event loop, tasks between requests,
early delivery to a request that awaits, and stopping."""

from __future__ import annotations

import asyncio
import dataclasses
import queue
import threading

from jovi.kernel.executor import Executor


@dataclasses.dataclass
class FakeMessage:
    msg_type: str = "execute_request"


@dataclasses.dataclass
class FakeRequest:
    """Stands in for a kernel Request: the executor reads only ``message.msg_type``."""

    name: str
    message: FakeMessage = dataclasses.field(default_factory=FakeMessage)


def _started(serve) -> Executor:
    executor = Executor("test", serve)
    executor.start()
    return executor


def test_requests_are_served_one_at_a_time_in_the_order_they_came():
    served: queue.SimpleQueue[str] = queue.SimpleQueue()
    release = threading.Event()

    async def slow(request):
        served.put(f"start {request.name}")
        await asyncio.get_running_loop().run_in_executor(None, release.wait, 5)
        served.put(f"end {request.name}")

    def serve(request, executor):
        if request.name == "a":
            return slow(request)
        served.put(request.name)
        return None

    executor = _started(serve)
    try:
        for name in "abc":
            executor.submit(FakeRequest(name))
        assert served.get(timeout=5) == "start a"
        assert not executor.idle
        release.set()
        assert [served.get(timeout=5) for _ in range(3)] == ["end a", "b", "c"]
    finally:
        executor.stop()
        executor.join(5)
    assert not executor.thread.is_alive()


def test_tasks_a_request_creates_run_between_requests():
    results: queue.SimpleQueue[str] = queue.SimpleQueue()

    def serve(request, executor):
        async def later() -> None:
            await asyncio.sleep(0.01)
            results.put("task ran")

        asyncio.get_running_loop().create_task(later())  # a cell's task: no await
        results.put(f"served {request.name}")

    executor = _started(serve)
    try:
        executor.submit(FakeRequest("cell"))
        assert [results.get(timeout=5), results.get(timeout=5)] == ["served cell", "task ran"]
    finally:
        executor.stop()
        executor.join(5)


def test_a_request_delivered_early_reaches_a_request_that_awaits_it():
    answered: queue.SimpleQueue[str] = queue.SimpleQueue()
    box: dict[str, asyncio.Future[str]] = {}

    async def waiting(loop) -> None:
        box["future"] = loop.create_future()
        answered.put("waiting")
        answered.put(await asyncio.wait_for(box["future"], 5))

    def serve(request, executor):
        if request.name == "cell":
            return waiting(asyncio.get_running_loop())
        box["future"].set_result(f"got {request.name}")  # the comm message
        return None

    executor = _started(serve)
    try:
        executor.submit(FakeRequest("cell"))
        assert answered.get(timeout=5) == "waiting"
        executor.submit(FakeRequest("queued behind"))  # stays in order
        executor.submit_early(FakeRequest("comm"))
        assert answered.get(timeout=5) == "got comm"
    finally:
        executor.stop()
        executor.join(5)


def test_queued_requests_can_be_taken_out_and_stopping_drops_the_rest():
    served: list[str] = []
    gate, running = threading.Event(), threading.Event()

    def serve(request, executor):
        if request.name == "first":
            running.set()
            gate.wait(5)
        served.append(request.name)

    executor = _started(serve)
    executor.submit(FakeRequest("first"))
    assert running.wait(5)
    for name in ("x1", "keep", "x2"):
        executor.submit(FakeRequest(name))
    taken = executor.take_queued(lambda request: request.name.startswith("x"))
    assert [request.name for request in taken] == ["x1", "x2"]
    executor.stop()
    gate.set()
    executor.join(5)
    assert served == ["first"]  # "keep" was queued behind the stop


def test_every_request_shares_one_context_also_after_one_that_awaited():
    import contextvars

    var: contextvars.ContextVar[str] = contextvars.ContextVar("test_var", default="unset")
    seen: queue.SimpleQueue[str] = queue.SimpleQueue()

    async def awaiting(name: str) -> None:
        await asyncio.sleep(0)
        var.set(name)

    def serve(request, executor):
        seen.put(f"{request.name} sees {var.get()}")
        if request.name.startswith("async"):
            return awaiting(request.name)
        var.set(request.name)
        return None

    executor = _started(serve)
    try:
        for name in ("first", "async-second", "third", "async-fourth", "fifth"):
            executor.submit(FakeRequest(name))
        assert [seen.get(timeout=5) for _ in range(5)] == [
            "first sees unset",
            "async-second sees first",
            "third sees async-second",  # a cell that awaited changed it for the next
            "async-fourth sees third",
            "fifth sees async-fourth",
        ]
    finally:
        executor.stop()
        executor.join(5)


def test_accepted_lists_the_request_served_then_the_queued_ones():
    names = queue.SimpleQueue()
    release = threading.Event()

    def serve(request, executor):
        names.put([accepted.name for accepted in executor.accepted()])
        if request.name == "a":
            release.wait(5)

    executor = _started(serve)
    try:
        executor.submit(FakeRequest("a"))
        assert names.get(timeout=5) == ["a"]
        executor.submit(FakeRequest("b"))
        assert [request.name for request in executor.accepted()] == ["a", "b"]
        release.set()
        assert names.get(timeout=5) == ["b"]
    finally:
        executor.stop()
        executor.join(5)
    assert executor.accepted() == ()
