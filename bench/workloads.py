"""The registry: every workload the harness runs, in the order of the table.

To add one: write a measure in a module of ``bench.drivers`` (or name a command),
then add a :class:`~bench.model.Workload` to :data:`WORKLOADS` with its metrics,
targets and the requirements by which its jovi side is detected (bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.model import Command, Driver, Metric, Side, Workload, importable, option, subcommand

__all__ = ["DISTANCES", "WORKLOADS", "Distance"]

JOVI_KERNEL = subcommand("kernel")
IPYKERNEL = "ipykernel (python -m ipykernel_launcher)"


def _driven(module: str, measure: str) -> Driver:
    return Driver(f"bench.drivers.{module}", measure)


def _latency(key: str, label: str, target: float | None = None) -> tuple[Metric, Metric]:
    return Metric(f"{key}.median", f"{label}, median", "s", target), Metric(
        f"{key}.p99", f"{label}, p99", "s"
    )


def _completion_metrics() -> tuple[Metric, ...]:
    return (
        Metric("complete_os_pa.median", "complete `os.pa`, median", "s", 0.5),
        Metric("complete_import_o.median", "complete `import o`, median", "s", 0.5),
        Metric("complete_np_dot.median", "complete `np.`, median", "s", optional=True),
    )


WORKLOADS: tuple[Workload, ...] = (
    Workload(
        name="shell.start",
        title="shell start, `-c pass` (whole process)",
        metrics=(
            Metric("wall", "wall time", "s", 0.4),
            Metric("peak_rss", "peak memory (ru_maxrss)", "B", 0.8),
            Metric("cpu", "CPU time, user + system", "s"),
        ),
        peer=Side("ipython -c pass", Command(("ipython", "-c", "pass"))),
        jovi=Side("jovi -c pass", Command(("jovi", "-c", "pass")), (option("-c"),)),
        timeout=60,
    ),
    Workload(
        name="shell.engine",
        title="shell engine in-process",
        metrics=(
            Metric("import_construct", "import and construct", "s", 0.4),
            *_latency("run_cell", '`run_cell("pass")`', 0.5),
        ),
        peer=Side("IPython InteractiveShell", _driven("shell", "engine")),
        jovi=Side(
            "jovi.shell.InteractiveShell",
            _driven("shell", "engine"),
            (importable("jovi.shell:InteractiveShell"),),
        ),
        params={"cells": 1000, "warmup": 50},
        smoke_params={"cells": 100, "warmup": 5},
    ),
    Workload(
        name="shell.complete",
        title="completion in the shell engine (jedi on)",
        metrics=_completion_metrics(),
        peer=Side("IPython Completer.completions", _driven("shell", "complete")),
        jovi=Side(
            "jovi InteractiveShell.complete",
            _driven("shell", "complete"),
            (importable("jovi.shell:InteractiveShell.complete"),),
        ),
        params={"count": 30, "warmup": 3},
        smoke_params={"count": 3, "warmup": 1},
    ),
    Workload(
        name="kernel.start",
        title="kernel start to ready, resident memory",
        metrics=(
            Metric("ready", "spawn to kernel_info_reply", "s", 0.35),
            Metric("rss", "resident memory after start", "B", 0.8),
        ),
        peer=Side(IPYKERNEL, _driven("kernel", "start")),
        jovi=Side("jovi kernel", _driven("kernel", "start"), (JOVI_KERNEL,)),
        timeout=120,
    ),
    Workload(
        name="kernel.execute",
        title='`execute("pass")`: reply plus idle, one at a time and pipelined',
        metrics=(
            *_latency("execute", "reply + idle", 0.35),
            *_latency("silent", "silent, reply + idle"),
            Metric("pipelined", "{pipelined} pipelined, time per execute", "s"),
        ),
        peer=Side(IPYKERNEL, _driven("kernel", "execute")),
        jovi=Side("jovi kernel", _driven("kernel", "execute"), (JOVI_KERNEL,)),
        params={"count": 200, "warmup": 20, "pipelined": 500},
        smoke_params={"count": 20, "warmup": 2, "pipelined": 50},
    ),
    Workload(
        name="kernel.iopub",
        title="iopub throughput, execute to idle",
        metrics=(
            Metric("lines", "{lines:,} printed lines", "s", 0.5),
            Metric("big_print", "one {megabytes} MB print", "s"),
        ),
        peer=Side(IPYKERNEL, _driven("kernel", "iopub")),
        jovi=Side("jovi kernel", _driven("kernel", "iopub"), (JOVI_KERNEL,)),
        params={"lines": 100_000, "megabytes": 50},
        smoke_params={"lines": 10_000, "megabytes": 5},
    ),
    Workload(
        name="kernel.requests",
        title="complete and inspect requests to the kernel (jedi on)",
        metrics=(
            *_completion_metrics(),
            Metric("inspect.median", "inspect `os.path.join`, median", "s"),
        ),
        peer=Side(IPYKERNEL, _driven("kernel", "requests")),
        jovi=Side("jovi kernel", _driven("kernel", "requests"), (JOVI_KERNEL,)),
        params={"count": 30, "warmup": 3},
        smoke_params={"count": 3, "warmup": 1},
    ),
    Workload(
        name="manager.start",
        title="kernel manager + kernel, start to ready",
        metrics=(Metric("ready", "start_kernel to wait_for_ready", "s", 0.35),),
        peer=Side("jupyter_client KernelManager + ipykernel", _driven("stacks", "manager")),
        jovi=Side(
            "jovi.kernels KernelManager + jovi kernel",
            _driven("stacks", "manager"),
            (importable("jovi.kernels:KernelManager"), JOVI_KERNEL),
        ),
        timeout=120,
    ),
    Workload(
        name="client.execute",
        title='blocking client against ipykernel, `execute("pass")` to its reply',
        metrics=_latency("execute", "round trip", 1.0),
        peer=Side("jupyter_client BlockingKernelClient", _driven("stacks", "client")),
        jovi=Side(
            "jovi.client BlockingKernelClient",
            _driven("stacks", "client"),
            (importable("jovi.client:BlockingKernelClient"),),
        ),
        params={"count": 200, "warmup": 20},
        smoke_params={"count": 20, "warmup": 2},
    ),
    Workload(
        name="history.search",
        title="history search `*numpy*` over {lines:,} stored lines",
        metrics=_latency("search", "search, every match read"),
        peer=Side("IPython HistoryAccessor.search", _driven("history", "search")),
        jovi=Side(
            "jovi.shell.history HistoryAccessor.search",
            _driven("history", "search"),
            (importable("jovi.shell.history:HistoryAccessor"),),
        ),
        params={"lines": 100_000, "count": 10, "warmup": 1},
        smoke_params={"lines": 10_000, "count": 3, "warmup": 1},
    ),
    Workload(
        name="floor.zmq",
        title="floor: bare pyzmq round trip (DEALER/ROUTER echo, tcp loopback)",
        metrics=_latency("roundtrip", "round trip"),
        peer=Side("pyzmq", _driven("floors", "raw")),
        params={"count": 5000, "warmup": 500},
        smoke_params={"count": 500, "warmup": 50},
    ),
    Workload(
        name="floor.signed",
        title="floor: signed Jupyter-style message round trip (HMAC-SHA256, 4 JSON frames)",
        metrics=_latency("roundtrip", "round trip"),
        peer=Side("pyzmq + hmac + json", _driven("floors", "signed")),
        params={"count": 5000, "warmup": 500},
        smoke_params={"count": 500, "warmup": 50},
    ),
)


@dataclass(frozen=True)
class Distance:
    """How far a kernel's figure is above a floor's (reported once jovi's side exists)."""

    workload: str
    metric: str
    floor: str
    floor_metric: str


DISTANCES: tuple[Distance, ...] = (
    Distance("kernel.execute", "execute.median", "floor.zmq", "roundtrip.median"),
    Distance("kernel.execute", "execute.median", "floor.signed", "roundtrip.median"),
)
