"""Killing what a kernel left behind never reaches another program's process group.

Once the kernel's process is reaped its pid is free, and the system may give it to
a new process. If that process leads its own group (another kernel does: each starts
a session of its own), signalling "the kernel's group" by the old number would kill
it. Reuse is simulated here: the reaped kernel's pid is set to a live group leader's.
"""

from __future__ import annotations

import subprocess
import sys

import psutil
import pytest

from jovi.kernels.process import KernelProcess

pytestmark = pytest.mark.integration


def test_killing_a_reaped_kernel_spares_a_new_group_that_got_its_pid() -> None:
    kernel = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    kernel.wait(30)
    other = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    try:
        kernel.pid = other.pid  # the number came back, for another program's group
        KernelProcess(kernel).kill(timeout=1)
        with pytest.raises(subprocess.TimeoutExpired):  # before: killed by SIGKILL
            other.wait(2)
    finally:
        other.kill()
        other.wait(30)


def test_children_a_reaped_kernel_left_in_its_group_are_killed() -> None:
    # The kernel's group outlives it while its children run: they go with kill().
    leaves_a_child = (
        "import subprocess, sys; child = subprocess.Popen([sys.executable, '-c', "
        "'import time; time.sleep(60)']); print(child.pid, flush=True)"
    )
    kernel = subprocess.Popen(
        [sys.executable, "-c", leaves_a_child], start_new_session=True, stdout=subprocess.PIPE
    )
    assert kernel.stdout is not None
    child = psutil.Process(int(kernel.stdout.readline()))
    kernel.wait(30)
    kernel.stdout.close()
    KernelProcess(kernel).kill(timeout=1)
    _, alive = psutil.wait_procs([child], timeout=10)
    assert not alive
