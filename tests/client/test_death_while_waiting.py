"""A client of a kernel that a fast restarter watches learns of every death: a wait
under way when the kernel is killed (and started again at once) ends with
``KernelDied`` naming the killed process, every time, for both clients; a wait that
begins after the restart, for a request the dead kernel had, ends the same way."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from functools import partial

import pytest

from jovi.errors import KernelDied, KernelTimeout
from jovi.kernels import KernelManager

pytestmark = pytest.mark.integration

KILLS = 20
SLEEPER = "import time; time.sleep(60)"
WAIT_S = 5.0  # far longer than telling a death takes: a timeout means it was missed


class Restarts:
    """How many times the restarter has started the kernel again."""

    def __init__(self, manager: KernelManager) -> None:
        self.count = 0
        self._changed = threading.Condition()
        manager.add_restart_callback(self._restarted, "restarted")

    def _restarted(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait(self, count: int, timeout: float = 30.0) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: self.count >= count, timeout), (
                f"the kernel was not started again ({self.count} restarts, {count} expected)"
            )


@pytest.fixture
def watched(request):
    """A jovi kernel watched by its restarter, which never gives up (and takes a
    heartbeat silent for ``time_to_dead`` seconds, a parameter, for a death)."""
    manager = KernelManager("pyimport/jovi", autorestart=True)
    restarts = Restarts(manager)
    assert manager.restarter is not None
    manager.restarter.restart_limit = 1000
    manager.restarter.time_to_dead = getattr(request, "param", 3.0)
    manager.start_kernel()
    try:
        yield manager, restarts
    finally:
        manager.shutdown(now=True)


@pytest.fixture
def client(watched):
    """A blocking client of the watched kernel, ready."""
    manager, _ = watched
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        yield client
    finally:
        client.close()


@contextlib.contextmanager
def after(delay: float, action: Callable[[], object]) -> Iterator[None]:
    """Do ``action`` ``delay`` seconds into the block, on a thread joined at its end."""
    timer = threading.Timer(delay, action)
    timer.start()
    try:
        yield
    finally:
        timer.join()


def kill_delay(round_: int) -> float:
    """When to kill the kernel after the request went out: spread over the first half
    second, so kills land before, during and after the kernel starts the cell."""
    return 0.05 + 0.45 * round_ / KILLS


def outcome(error: BaseException | None, pid: int) -> str:
    """What the wait told: the death of ``pid``, something else, or nothing."""
    if isinstance(error, KernelDied):
        told = f"(pid {pid}) was killed by SIGKILL" in str(error)
        return "told" if told else f"told something else: {error}"
    return "reply" if error is None else type(error).__name__


def blocking_wait(client, how: str) -> None:
    if how == "execute":
        client.execute(SLEEPER, reply=True, timeout=WAIT_S)
    else:
        client.execute_interactive(SLEEPER, timeout=WAIT_S, output_hook=lambda message: None)


async def async_wait(client, how: str) -> None:
    if how == "execute":
        await client.execute(SLEEPER, reply=True, timeout=WAIT_S)
    else:
        await client.execute_interactive(SLEEPER, timeout=WAIT_S, output_hook=lambda message: None)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("how", ["execute", "execute_interactive"])
def test_the_blocking_client_is_told_of_every_kill(watched, client, how):
    manager, restarts = watched
    outcomes = []
    for round_ in range(KILLS):
        pid = manager.process.pid
        try:
            with after(kill_delay(round_), partial(os.kill, pid, signal.SIGKILL)):
                blocking_wait(client, how)
        except (KernelDied, KernelTimeout) as error:
            outcomes.append(outcome(error, pid))
        else:
            outcomes.append(outcome(None, pid))
        restarts.wait(round_ + 1)
        client.wait_for_ready(timeout=30)
    assert outcomes == ["told"] * KILLS, f"told {outcomes.count('told')} of {KILLS}: {outcomes}"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("how", ["execute", "execute_interactive"])
async def test_the_asyncio_client_is_told_of_every_kill(watched, how):
    manager, restarts = watched
    client = manager.async_client()
    client.start_channels()
    loop = asyncio.get_running_loop()
    outcomes = []
    try:
        for round_ in range(KILLS):
            await client.wait_for_ready(timeout=30)
            pid = manager.process.pid
            killer = loop.call_later(kill_delay(round_), os.kill, pid, signal.SIGKILL)
            try:
                await async_wait(client, how)
            except (KernelDied, KernelTimeout) as error:
                outcomes.append(outcome(error, pid))
            else:
                outcomes.append(outcome(None, pid))
            finally:
                killer.cancel()
            await asyncio.to_thread(restarts.wait, round_ + 1)
    finally:
        await client.aclose()
    assert outcomes == ["told"] * KILLS, f"told {outcomes.count('told')} of {KILLS}: {outcomes}"


def test_a_wait_that_begins_after_the_restart_is_told_too_and_only_once(watched, client):
    manager, restarts = watched
    pid = manager.process.pid
    msg_id = client.execute(SLEEPER)
    # Killed once it has the request: killed sooner, the request may still wait in the
    # client's socket, and would then go to the new kernel and keep it busy for 60 s.
    while not _runs(client.get_iopub_msg(timeout=WAIT_S), msg_id):
        pass
    os.kill(pid, signal.SIGKILL)
    restarts.wait(1)  # the new kernel runs before anyone waits
    with pytest.raises(KernelDied, match=rf"\(pid {pid}\) was killed by SIGKILL"):
        client.get_reply(msg_id, timeout=WAIT_S)
    # Told once: a wait for anything else is about the new kernel.
    with pytest.raises(KernelTimeout):
        client.get_stdin_msg(timeout=0.3)
    client.wait_for_ready(timeout=30)
    assert client.execute("6 * 7", reply=True, timeout=10).content.status == "ok"


def _runs(message, msg_id: str) -> bool:
    """Whether ``message`` says the kernel began running the request ``msg_id``."""
    return message.msg_type == "execute_input" and message.parent_msg_id == msg_id


async def test_every_waiting_coroutine_is_told(watched):
    manager, _ = watched
    client = manager.async_client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=30)
        pid = manager.process.pid
        waits = [
            client.execute(SLEEPER, reply=True, timeout=WAIT_S),
            client.execute("1", reply=True, timeout=WAIT_S),  # queued behind the sleeper
            client.get_stdin_msg(timeout=WAIT_S),
        ]
        asyncio.get_running_loop().call_later(0.3, os.kill, pid, signal.SIGKILL)
        results = await asyncio.gather(*waits, return_exceptions=True)
        assert [outcome(r if isinstance(r, BaseException) else None, pid) for r in results] == [
            "told"
        ] * 3
    finally:
        await client.aclose()


def test_a_wait_is_told_when_the_manager_restarts_the_kernel(watched, client):
    manager, _ = watched
    pid = manager.process.pid
    with (
        after(0.3, partial(manager.restart_kernel, now=True)),
        pytest.raises(KernelDied, match=rf"\(pid {pid}\) was restarted"),
    ):
        client.execute(SLEEPER, reply=True, timeout=WAIT_S)
    client.wait_for_ready(timeout=30)
    assert client.execute("6 * 7", reply=True, timeout=10).content.status == "ok"


@pytest.mark.parametrize("watched", [0.5], indirect=True)
def test_a_wait_is_told_when_the_heartbeat_stops(watched, client):
    manager, restarts = watched
    pid = manager.process.pid
    with (
        after(0.3, partial(os.kill, pid, signal.SIGSTOP)),
        pytest.raises(KernelDied, match=rf"\(pid {pid}\) stopped answering its heartbeat"),
    ):
        client.execute(SLEEPER, reply=True, timeout=WAIT_S)
    restarts.wait(1)
    # The kernel started again is watched with the same 0.5 s: on a CI machine loaded
    # by another worker it was once silent that long too, and died in turn (the wait
    # is told, as it must be). Such deaths of the new kernels are waited out.
    for _ in range(5):
        try:
            client.wait_for_ready(timeout=30)
            break
        except KernelDied as death:
            if "stopped answering its heartbeat" not in str(death):
                raise
    else:
        pytest.fail("no kernel started again stayed up")
    assert manager.process.pid != pid
