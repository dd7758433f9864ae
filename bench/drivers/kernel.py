"""Kernels driven over the Jupyter protocol: start, execute, iopub, complete, inspect.

Both kernels, ipykernel (``python -m ipykernel_launcher -f FILE``) and jovi's (``jovi
kernel -f FILE``), are started by this driver in a dedicated process and driven by the
same client, jupyter_client's, through its channel sockets directly (``get_msg``
rather than the ``run_sync`` wrappers) so that the client adds as little as it can
to what is measured. Ready means the kernel answered ``kernel_info_request``.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, seconds, summary_metrics
from bench.drivers.shell import time_completions

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

WAIT = 120.0  # seconds any one reply may take before the run is abandoned
INSPECTED = "os.path.join"


def kernel_argv(side: str, connection_file: Path) -> list[str]:
    if side == "floor":  # a kernel that runs nothing
        return [sys.executable, "-m", "bench.drivers.floors", "kernel", str(connection_file)]
    if side == "peer":
        return [sys.executable, "-m", "ipykernel_launcher", "-f", str(connection_file)]
    return [str(Path(sys.executable).with_name("jovi")), "kernel", "-f", str(connection_file)]


def resident_bytes(pid: int) -> int:
    """The resident set size of a live process (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class Kernel:
    """A kernel process and a jupyter_client client connected to it."""

    def __init__(self, process: subprocess.Popen[bytes], client: Any) -> None:
        self.process = process
        self.client = client

    def _get(self, channel: Any, deadline: float) -> dict[str, Any]:
        while True:
            try:
                message: dict[str, Any] = channel.get_msg(timeout=0.5)
            except Empty:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"the kernel exited with status {self.process.returncode}"
                    ) from None
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no message from the kernel in {WAIT} s") from None
            else:
                return message

    def reply(self, msg_id: str, msg_type: str) -> dict[str, Any]:
        """The reply to ``msg_id`` on the shell channel (earlier replies are skipped)."""
        deadline = time.monotonic() + WAIT
        while True:
            message = self._get(self.client.shell_channel, deadline)
            if message["parent_header"].get("msg_id") == msg_id:
                if message["msg_type"] != msg_type:
                    raise RuntimeError(f"expected {msg_type}, got {message['msg_type']}")
                return message

    def idle(self, msg_id: str, on_message: Callable[[dict[str, Any]], None] | None = None) -> None:
        """Read iopub until the kernel is idle after ``msg_id``, passing its messages on."""
        deadline = time.monotonic() + WAIT
        while True:
            message = self._get(self.client.iopub_channel, deadline)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "status":
                if message["content"]["execution_state"] == "idle":
                    return
            elif on_message is not None:
                on_message(message)

    def execute(
        self,
        code: str,
        *,
        silent: bool = False,
        on_message: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        """Execute ``code``, wait for its reply and for idle, fail unless it succeeded."""
        msg_id = self.client.execute(code, silent=silent)
        # Output first, as frontends read it (while the cell runs), then the reply.
        self.idle(msg_id, on_message)
        reply = self.reply(msg_id, "execute_reply")
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{code[:60]!r} failed: {reply['content']}")

    def connect_iopub(self) -> None:
        """Make sure the iopub subscription is live (a SUB socket misses what precedes it)."""
        channel = self.client.iopub_channel
        for _ in range(40):
            self.reply(self.client.kernel_info(), "kernel_info_reply")
            try:
                channel.get_msg(timeout=0.25)
            except Empty:
                continue
            with contextlib.suppress(Empty):  # what is left of the status messages
                while True:
                    channel.get_msg(timeout=0.05)
            return
        raise RuntimeError("iopub never connected")


@contextlib.contextmanager
def started_kernel(side: str) -> Iterator[tuple[Kernel, float]]:
    """A running kernel and the seconds it took from spawn to its first kernel_info_reply."""
    import zmq
    from jupyter_client.blocking.client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

    directory = Path(tempfile.mkdtemp(prefix="bench-kernel-"))
    connection_file = directory / "kernel.json"
    write_connection_file(str(connection_file), ip="127.0.0.1", key=uuid.uuid4().hex.encode())
    context = zmq.Context()
    # The client connects before the kernel listens; retry every 5 ms, not every 100 ms.
    context.setsockopt(zmq.RECONNECT_IVL, 5)
    client = BlockingKernelClient(context=context)
    client.load_connection_file(str(connection_file))
    client.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=True)
    start = time.perf_counter_ns()
    process = subprocess.Popen(kernel_argv(side, connection_file), stdin=subprocess.DEVNULL)
    kernel = Kernel(process, client)
    try:
        kernel.reply(client.kernel_info(), "kernel_info_reply")
        ready = time.perf_counter_ns()
        yield kernel, seconds(ready - start)
    finally:
        with contextlib.suppress(Exception):
            client.shutdown()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        client.stop_channels()
        context.destroy(linger=0)
        shutil.rmtree(directory, ignore_errors=True)


def start(side: str, params: Mapping[str, Any]) -> Metrics:
    with started_kernel(side) as (kernel, ready):
        return {"ready": ready, "rss": float(resident_bytes(kernel.process.pid))}


def execute(side: str, params: Mapping[str, Any]) -> Metrics:
    count, warmup, pipelined = params["count"], params["warmup"], params["pipelined"]
    with started_kernel(side) as (kernel, _):
        kernel.connect_iopub()
        metrics = summary_metrics(
            "execute", latencies(lambda: kernel.execute("pass"), count=count, warmup=warmup)
        )
        metrics |= summary_metrics(
            "silent",
            latencies(lambda: kernel.execute("pass", silent=True), count=count, warmup=warmup),
        )
        begin = time.perf_counter_ns()
        sent = [kernel.client.execute("pass") for _ in range(pipelined)]
        for msg_id in sent:
            kernel.reply(msg_id, "execute_reply")
        kernel.idle(sent[-1])
        metrics["pipelined"] = seconds(time.perf_counter_ns() - begin) / pipelined
    return metrics


def floor_execute(side: str, params: Mapping[str, Any]) -> Metrics:
    """``execute``'s one-at-a-time figure, on the kernel that runs nothing."""
    with started_kernel("floor") as (kernel, _):
        kernel.connect_iopub()
        taken = latencies(
            lambda: kernel.execute("pass"), count=params["count"], warmup=params["warmup"]
        )
    return summary_metrics("execute", taken)


def _output_to_idle(kernel: Kernel, code: str) -> float:
    """Seconds from sending ``code`` to idle; the kernel must have sent some stream output."""
    streamed: list[int] = []

    def count(message: dict[str, Any]) -> None:
        if message["msg_type"] == "stream":
            streamed.append(len(message["content"]["text"]))

    begin = time.perf_counter_ns()
    kernel.execute(code, on_message=count)
    taken = seconds(time.perf_counter_ns() - begin)
    if not streamed:
        raise RuntimeError(f"no stream output from {code!r}")
    return taken


def iopub(side: str, params: Mapping[str, Any]) -> Metrics:
    with started_kernel(side) as (kernel, _):
        kernel.connect_iopub()
        _output_to_idle(kernel, "print('warm')")
        lines = _output_to_idle(kernel, f"for i in range({params['lines']}):\n    print(i)")
        flushed = _output_to_idle(
            kernel, f"for i in range({params['lines']}):\n    print(i, flush=True)"
        )
        big = _output_to_idle(kernel, f"print('x' * {params['megabytes'] * 1_000_000})")
    return {"lines": lines, "flushed": flushed, "big_print": big}


def requests(side: str, params: Mapping[str, Any]) -> Metrics:
    with started_kernel(side) as (kernel, _):
        kernel.connect_iopub()

        def complete(code: str) -> str:
            msg_id = kernel.client.complete(code, len(code))
            return " ".join(kernel.reply(msg_id, "complete_reply")["content"]["matches"])

        def inspect() -> dict[str, Any]:
            msg_id = kernel.client.inspect(INSPECTED, len(INSPECTED), detail_level=0)
            content: dict[str, Any] = kernel.reply(msg_id, "inspect_reply")["content"]
            return content

        metrics = time_completions(complete, kernel.execute, params)
        if not inspect().get("found"):
            raise RuntimeError(f"inspecting {INSPECTED} found nothing")
        taken = latencies(inspect, count=params["count"], warmup=params["warmup"])
    return metrics | summary_metrics("inspect", taken)


if __name__ == "__main__":
    run_driver(
        {
            "start": start,
            "execute": execute,
            "floor_execute": floor_execute,
            "iopub": iopub,
            "requests": requests,
        }
    )
