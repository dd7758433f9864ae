"""The restarter: a killed kernel is reported dead and started again; one that dies at
every start ends in 'failed'; a restart asked of the manager is not a death; stopping
joins the restarter's thread, even from a callback."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from jovi.kernels import KernelManager

pytestmark = pytest.mark.integration


class Events:
    """When each restarter event happened."""

    def __init__(self, manager):
        self.times: dict[str, list[float]] = {"died": [], "restarted": [], "failed": []}
        self.changed = threading.Condition()
        for event in self.times:
            manager.add_restart_callback(lambda e=event: self._record(e), event)

    def _record(self, event):
        with self.changed:
            self.times[event].append(time.monotonic())
            self.changed.notify_all()

    def wait(self, event, count=1, timeout=30.0):
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.times[event]) >= count, timeout), (
                f"no {event!r} event within {timeout} s: {self.times}"
            )
        return self.times[event][count - 1]


def test_a_killed_kernel_is_reported_dead_and_started_again(tmp_path):
    manager = KernelManager("pyimport/jovi", autorestart=True)
    manager.start_kernel()
    events = Events(manager)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        time_to_dead = manager.restarter.time_to_dead
        old_pid = manager.process.pid
        killed = time.monotonic()
        os.kill(old_pid, signal.SIGKILL)
        died = events.wait("died")
        assert died - killed < time_to_dead + 1.0
        restarted = events.wait("restarted")
        assert restarted >= died
        assert manager.process.pid != old_pid
        client.wait_for_ready(timeout=30)
        assert client.execute("1 + 1", reply=True, timeout=10).content.status == "ok"
        assert events.times["failed"] == []
    finally:
        client.close()
        manager.shutdown(now=True)
    assert not manager.restarter.running


def test_a_kernel_that_dies_at_every_start_ends_in_failed(doomed):
    manager = KernelManager(doomed, autorestart=True)
    manager.add_restart_callback(lambda: None, "dead")  # jupyter_client's name for 'failed'
    limit = 3
    events = Events(manager)
    manager.restarter.restart_limit = limit
    manager.start_kernel()
    try:
        events.wait("failed", timeout=30)
        assert manager.restarter.join(10)
        assert len(events.times["died"]) == limit + 1
        assert len(events.times["restarted"]) == limit
        assert (manager.restarter.state.value, manager.restarter.running) == ("failed", False)
        assert not manager.is_alive()
    finally:
        manager.shutdown(now=True)
    assert manager.restarter.state.value == "stopped"


def test_a_restart_asked_of_the_manager_is_not_a_death():
    manager = KernelManager("pyimport/jovi", autorestart=True)
    events = Events(manager)
    manager.start_kernel()
    try:
        manager.wait_for_ready(timeout=30)
        first = manager.process.pid
        manager.restart_kernel(now=True)
        manager.restart_kernel(now=True, newports=True)
        manager.wait_for_ready(timeout=30)
        # Still watched, the new process: a kill is a death again.
        os.kill(manager.process.pid, signal.SIGKILL)
        events.wait("restarted")
        assert {event: len(times) for event, times in events.times.items()} == {
            "died": 1,
            "restarted": 1,
            "failed": 0,
        }
        assert manager.process.pid != first
    finally:
        manager.shutdown(now=True)


def test_the_restarter_looking_again_during_a_restart_watches_the_new_process():
    # A restart records the old process's end (the generation moves on) before it
    # starts the new one.  The restarter, looking again in that window (CI: it was late
    # under load), took the new generation with the old, dead process, then recorded
    # the new, healthy process as dead: "the kernel (pid N) is running".
    from jovi.kernels.restarter import KernelRestarter

    manager = KernelManager("pyimport/jovi", autorestart=False)
    manager.start_kernel()
    restarter = KernelRestarter(manager)  # its look alone, without its thread
    try:
        manager.wait_for_ready(timeout=30)
        launch = manager._launcher.launch
        launching, go_on = threading.Event(), threading.Event()

        def held_launch(*args, **kwargs):
            launching.set()
            go_on.wait(30)
            return launch(*args, **kwargs)

        manager._launcher.launch = held_launch
        restart = threading.Thread(target=manager.restart_kernel, kwargs={"now": True})
        restart.start()
        assert launching.wait(30)  # the old process has ended; the new one is not there
        looked = threading.Thread(target=restarter._watch, args=(False,))
        looked.start()
        looked.join(0.5)
        go_on.set()
        restart.join(30)
        looked.join(30)
        assert restarter._process is manager.process
        assert restarter._process.is_alive()
        assert restarter._generation == manager.generation
    finally:
        restarter._unwatch()
        manager.shutdown(now=True)


def restarter_threads():
    return [thread for thread in threading.enumerate() if "restarter" in thread.name]


def test_stopping_joins_the_restarters_thread():
    manager = KernelManager("pyimport/jovi", autorestart=True)
    manager.start_kernel()
    try:
        assert [thread.name for thread in restarter_threads()] == [
            f"jovi-kernel-restarter-{manager.kernel_id}"
        ]
        manager.stop_restarter()
        assert (restarter_threads(), manager.restarter.state.value) == ([], "stopped")
        manager.start_restarter()
        assert manager.restarter.state.value == "watching"
    finally:
        manager.shutdown(now=True)
    assert restarter_threads() == []


def test_a_died_callback_that_shuts_the_kernel_down_stops_the_restarter():
    manager = KernelManager("pyimport/jovi", autorestart=True)
    events = Events(manager)
    manager.add_restart_callback(lambda: manager.shutdown(now=True), "died")
    manager.start_kernel()
    try:
        manager.wait_for_ready(timeout=30)
        os.kill(manager.process.pid, signal.SIGKILL)
        events.wait("died")
        assert manager.restarter.join(10)
        assert (events.times["restarted"], manager.restarter.state.value) == ([], "stopped")
        assert not manager.is_alive()
    finally:
        manager.shutdown(now=True)


def test_the_restarters_clock_decides_when_a_row_of_restarts_ends(doomed):
    # The kernel dies at every start; by the restarter's clock each process lived a
    # minute, longer than stable_start_time: every death begins a new row, so a limit
    # of one restart in a row is never reached (by the wall clock it would be at once).
    from jovi.kernels.restarter import KernelRestarter

    minutes = iter(range(0, 10**6, 60))
    manager = KernelManager(doomed, autorestart=True)
    manager.restarter = KernelRestarter(manager, clock=lambda: float(next(minutes)))
    manager.restarter.restart_limit = 1
    events = Events(manager)
    manager.start_kernel()
    try:
        events.wait("restarted", count=3, timeout=60)
        assert events.times["failed"] == []
    finally:
        manager.shutdown(now=True)
