"""Whole stacks as users call them: a kernel manager starting a kernel, a blocking client.

``manager``: jupyter_client's ``KernelManager`` starting ipykernel, against
``jovi.kernels.KernelManager`` starting jovi's kernel, from ``start_kernel`` to
``wait_for_ready``. ``client``: jupyter_client's ``BlockingKernelClient`` against
``jovi.client``'s, both driving the same ipykernel (started untimed by
jupyter_client), ``execute("pass")`` up to its reply. The calls on the jovi side are
in :func:`_jovi_manager` and :func:`_jovi_client`, the one place to adjust if jovi's
API differs.
"""

from __future__ import annotations

import importlib
import time
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, seconds, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

READY_TIMEOUT = 60


def _peer_manager() -> Any:
    from jupyter_client.manager import KernelManager

    return KernelManager(kernel_name="python3")


def _jovi_manager() -> Any:
    return importlib.import_module("jovi.kernels").KernelManager(kernel_name="jovi")


def manager(side: str, params: Mapping[str, Any]) -> Metrics:
    begin = time.perf_counter_ns()
    kernels = _peer_manager() if side == "peer" else _jovi_manager()
    kernels.start_kernel()
    try:
        client = kernels.client()
        client.start_channels()
        client.wait_for_ready(timeout=READY_TIMEOUT)
        ready = time.perf_counter_ns()
        client.stop_channels()
    finally:
        kernels.shutdown_kernel(now=True)
    return {"ready": seconds(ready - begin)}


def _ok(reply: Any) -> None:
    content = reply["content"] if isinstance(reply, dict) else reply.content
    status = content["status"] if isinstance(content, dict) else content.status
    if status != "ok":
        raise RuntimeError(f"execute('pass') failed: {reply!r}")


def _peer_client(connection_file: str) -> tuple[Callable[[], None], Callable[[], None]]:
    from jupyter_client.blocking.client import BlockingKernelClient

    client = BlockingKernelClient()
    client.load_connection_file(connection_file)
    client.start_channels()
    client.wait_for_ready(timeout=READY_TIMEOUT)
    return (lambda: _ok(client.execute("pass", reply=True, timeout=READY_TIMEOUT))), (
        client.stop_channels
    )


def _jovi_client(connection_file: str) -> tuple[Callable[[], None], Callable[[], None]]:
    module = importlib.import_module("jovi.client")
    client = module.BlockingKernelClient.from_connection_file(connection_file)
    client.wait_for_ready(timeout=READY_TIMEOUT)
    return (lambda: _ok(client.execute("pass", reply=True, timeout=READY_TIMEOUT))), client.close


def client(side: str, params: Mapping[str, Any]) -> Metrics:
    kernels = _peer_manager()
    kernels.start_kernel()
    try:
        connect = _peer_client if side == "peer" else _jovi_client
        execute, close = connect(kernels.connection_file)
        try:
            taken = latencies(execute, count=params["count"], warmup=params["warmup"])
        finally:
            close()
    finally:
        kernels.shutdown_kernel(now=True)
    return summary_metrics("execute", taken)


if __name__ == "__main__":
    run_driver({"manager": manager, "client": client})
