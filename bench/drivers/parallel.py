"""Parallel computing: a local cluster of 2 engines, ipyparallel against jovi.parallel.

Each side runs the same steps with its own package, in a fresh profile directory:

* ``start``: ``Cluster(n=2).start_and_connect_sync()`` until both engines are
  registered, timed; then ``rc[0].apply_sync(noop)`` ``count`` times (the figure is
  the median and p99 of their latencies); then the cluster is stopped (untimed);
* ``tasks``: ``count`` tiny tasks through a load-balanced view
  (``lview.apply_async(noop, i)`` in a loop, then ``rc.wait()``), timed; the figure is
  the time per task.  Every result is checked;
* ``data``: a ``megabytes`` MB numpy array pushed to engine 0 and pulled back
  (``rc[0].push``, ``rc[0].pull``), ``count`` times each; the figures are the medians.
  The array pulled is checked;
* ``imap``: ``count`` tiny tasks through ``lview.imap(noop, range(count),
  max_outstanding=outstanding)``, read as they come, timed; the figures are the time
  per task and the client's resident memory growth (its peak, sampled every 1,000
  results).  The results are checked;
* ``broadcast``: a ``megabytes`` MB numpy array pushed to ``engines`` engines by a
  ``BroadcastView`` and by a ``DirectView``, ``count`` times each, alternating; the
  figures are the medians, and their ratio (``share``: how much of a direct push a
  broadcast costs).  Every engine's copy is checked;
* ``scale``: ``Cluster(n=engines).start_and_connect_sync()`` until every engine is
  registered, timed (``registered``); then the controller's resident memory
  (``controller_rss``) and one ``apply_sync`` on all engines, each one's pid checked
  distinct; then the cluster is stopped (untimed);
* ``memory``: the controller's resident memory (RSS) before and after ``tasks``
  load-balanced tasks each taking a ``kilobytes`` kB input (``lview.map_sync``), with
  no task database (``--nodb``); the figure is the growth.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


def noop(*args: Any) -> Any:
    """Nothing, returned."""
    return args[0] if args else None


def _cluster(
    side: str, directory: str, *controller_args: str, n: int = 2, timeout: int = 60
) -> Any:
    if side == "peer":
        os.environ["IPYTHONDIR"] = directory
        import ipyparallel

        return ipyparallel.Cluster(
            n=n, log_level=40, controller_args=list(controller_args), engine_timeout=timeout
        )
    os.environ["JOVI_DIR"] = directory
    from jovi.parallel import Cluster

    return Cluster(n=n, controller_args=controller_args)


def _parent(pid: str) -> str:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[1]


def _controller_rss() -> int:
    """The resident memory of the controller this process started, in bytes (Linux)."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        try:
            if b"controller" not in (entry / "cmdline").read_bytes():
                continue
            ancestor = _parent(entry.name)
            while ancestor not in (me, "0", "1"):
                ancestor = _parent(ancestor)
            if ancestor == me:
                status = (entry / "status").read_text()
                kilobytes = next(line for line in status.splitlines() if line.startswith("VmRSS"))
                return int(kilobytes.split()[1]) * 1024
        except (OSError, StopIteration, IndexError, ValueError):
            continue
    raise RuntimeError("no controller process found")


def start(side: str, params: Mapping[str, Any]) -> Metrics:
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as directory:
        cluster = _cluster(side, directory)
        began = time.perf_counter()
        rc = cluster.start_and_connect_sync()
        if side == "peer":
            rc.wait_for_engines(2, timeout=60)
        ready = time.perf_counter() - began
        try:
            engine = rc[0]
            taken = latencies(
                lambda: engine.apply_sync(noop), count=params["count"], warmup=params["warmup"]
            )
        finally:
            cluster.stop_cluster_sync()
            if side == "peer":
                rc.close()
    return {"start": ready, **summary_metrics("apply", taken)}


@contextlib.contextmanager
def _connected(side: str, *controller_args: str, n: int = 2) -> Iterator[Any]:
    """A started cluster's client, all engines registered; stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as directory:
        cluster = _cluster(side, directory, *controller_args, n=n)
        rc = cluster.start_and_connect_sync()
        try:
            if side == "peer":
                rc.wait_for_engines(n, timeout=120)
            yield rc
        finally:
            cluster.stop_cluster_sync()
            if side == "peer":
                rc.close()


def tasks(side: str, params: Mapping[str, Any]) -> Metrics:
    count = params["count"]
    with _connected(side) as rc:
        view = rc.load_balanced_view()
        view.apply_sync(noop, 0)
        began = time.perf_counter()
        results = [view.apply_async(noop, i) for i in range(count)]
        rc.wait(timeout=600)
        elapsed = time.perf_counter() - began
        if [r.get() for r in results] != list(range(count)):
            raise RuntimeError(f"{side}: wrong task results")
    return {"task": elapsed / count}


def data(side: str, params: Mapping[str, Any]) -> Metrics:
    import numpy

    array = numpy.random.default_rng(0).random(params["megabytes"] * 1_000_000 // 8)
    pushes, pulls = [], []
    with _connected(side) as rc:
        engine = rc[0]
        engine.push({"warm": numpy.zeros(1)}, block=True)  # numpy imported on the engine
        for _ in range(params["count"]):
            began = time.perf_counter()
            engine.push({"a": array}, block=True)
            pushes.append(time.perf_counter() - began)
            began = time.perf_counter()
            back = engine.pull("a", block=True)
            pulls.append(time.perf_counter() - began)
            if back.shape != array.shape or back[-1] != array[-1]:
                raise RuntimeError(f"{side}: the array pulled is not the one pushed")
            del back
    return {"push": statistics.median(pushes), "pull": statistics.median(pulls)}


def _rss() -> int:
    status = Path("/proc/self/status").read_text()
    return (
        int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
        * 1024
    )


def imap(side: str, params: Mapping[str, Any]) -> Metrics:
    count = params["count"]
    with _connected(side) as rc:
        view = rc.load_balanced_view()
        view.apply_sync(noop, 0)
        before = peak = _rss()
        total = 0
        began = time.perf_counter()
        for index, value in enumerate(
            view.imap(noop, range(count), max_outstanding=params["outstanding"])
        ):
            total += value
            if index % 1000 == 0:
                peak = max(peak, _rss())
        elapsed = time.perf_counter() - began
        if total != count * (count - 1) // 2:
            raise RuntimeError(f"{side}: wrong imap results")
    return {"task": elapsed / count, "growth": float(max(peak, _rss()) - before)}


def broadcast(side: str, params: Mapping[str, Any]) -> Metrics:
    import numpy

    array = numpy.random.default_rng(0).random(params["megabytes"] * 1_000_000 // 8)
    timings: dict[str, list[float]] = {"broadcast": [], "direct": []}
    with _connected(side, n=params["engines"]) as rc:
        views = {"broadcast": rc.broadcast_view(), "direct": rc[:]}
        for view in views.values():
            view.push({"warm": numpy.zeros(1)}, block=True)  # numpy imported on the engines
            view.push({"a": array}, block=True)
        for _ in range(params["count"]):
            for name, view in views.items():
                began = time.perf_counter()
                view.push({"a": array}, block=True)
                timings[name].append(time.perf_counter() - began)
        last = views["direct"].apply_sync(lambda: float(a[-1]))  # type: ignore[name-defined]  # noqa: F821
        if last != [float(array[-1])] * params["engines"]:
            raise RuntimeError(f"{side}: an engine has not the array pushed")
    broadcast_time = statistics.median(timings["broadcast"])
    direct_time = statistics.median(timings["direct"])
    return {
        "broadcast": broadcast_time,
        "direct": direct_time,
        "share": broadcast_time / direct_time,
    }


SCALE_TIMEOUT_S = 600


def scale(side: str, params: Mapping[str, Any]) -> Metrics:
    n = params["engines"]
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as directory:
        # Hundreds of engines on a small machine take minutes (each imports its package):
        # neither side gives up after its default minute.
        cluster = _cluster(side, directory, n=n, timeout=SCALE_TIMEOUT_S)
        began = time.perf_counter()
        if side == "peer":
            rc = cluster.start_and_connect_sync()
        else:
            rc = cluster.start_and_connect_sync(timeout=SCALE_TIMEOUT_S)
        try:
            if side == "peer":
                rc.wait_for_engines(n, timeout=SCALE_TIMEOUT_S)
            registered = time.perf_counter() - began
            rss = _controller_rss()
            if len(set(rc[:].apply_sync(os.getpid))) != n:
                raise RuntimeError(f"{side}: fewer than {n} engines answered")
        finally:
            cluster.stop_cluster_sync()
            if side == "peer":
                rc.close()
    return {"registered": registered, "controller_rss": float(rss)}


def _size(data: Any) -> int:
    return len(data)


def memory(side: str, params: Mapping[str, Any]) -> Metrics:
    big = os.urandom(params["kilobytes"] * 1000)
    with _connected(side, "--nodb") as rc:
        view = rc.load_balanced_view()
        view.map_sync(_size, [b"warm"] * 10)
        before = _controller_rss()
        sizes = view.map_sync(_size, [big] * params["tasks"])
        if sizes != [len(big)] * params["tasks"]:
            raise RuntimeError(f"{side}: wrong task results")
        rc.purge_everything()
        after = _controller_rss()
    return {"growth": float(after - before)}


if __name__ == "__main__":
    run_driver(
        {
            "start": start,
            "tasks": tasks,
            "imap": imap,
            "data": data,
            "broadcast": broadcast,
            "memory": memory,
            "scale": scale,
        }
    )
