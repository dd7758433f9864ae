"""Twenty kernels started at once by one manager: all ready, no shared port, all gone
cleanly afterwards (no process, no connection file)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from jovi.kernels import MultiKernelManager
from jovi.kernels.ports import reserve_ports, reserved_ports
from jovi.utils.paths import jupyter_runtime_dir

pytestmark = [pytest.mark.integration, pytest.mark.slow]

COUNT = 20


def test_twenty_kernels_at_once():
    kernels = MultiKernelManager(default_kernel_name="pyimport/jovi")
    started = time.monotonic()
    ids = [kernels.start_kernel() for _ in range(COUNT)]
    try:
        assert len(set(ids)) == COUNT
        errors = []

        def ready(kernel_id):
            try:
                kernels.wait_for_ready(kernel_id, timeout=60)
            except Exception as error:  # noqa: BLE001 - collected for the assertion
                errors.append(error)

        waiters = [threading.Thread(target=ready, args=(kernel_id,)) for kernel_id in ids]
        for waiter in waiters:
            waiter.start()
        for waiter in waiters:
            waiter.join()
        assert errors == []
        ports = [
            port
            for kernel_id in ids
            for port in kernels.get_kernel(kernel_id).connection_info.ports().values()
        ]
        assert len(set(ports)) == COUNT * 5
        pids = [kernels.get_kernel(kernel_id).process.pid for kernel_id in ids]
        files = [kernels.get_kernel(kernel_id).connection_file for kernel_id in ids]
        assert all(Path(path).exists() for path in files)
        stopping = time.monotonic()
        kernels.shutdown_all()
        assert time.monotonic() - stopping < 10
    finally:
        kernels.shutdown_all(now=True)
    assert len(kernels) == 0
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not any(Path(path).exists() for path in files)
    assert list(jupyter_runtime_dir().glob("kernel-*")) == []
    assert reserved_ports().isdisjoint(ports)
    assert time.monotonic() - started < 60


def test_reservations_made_together_never_share_a_port():
    reservations = [reserve_ports() for _ in range(50)]
    try:
        ports = [port for reservation in reservations for port in reservation.ports]
        assert len(set(ports)) == len(ports) == 250
        for reservation in reservations:
            reservation.hand_over()
        # Handed over (the kernels bind them now), the ports are still not given again.
        again = reserve_ports()
        assert set(again.ports).isdisjoint(ports)
        again.release()
    finally:
        for reservation in reservations:
            reservation.release()
    assert reserved_ports().isdisjoint(ports)
