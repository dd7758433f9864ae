"""Parallel computing: a local cluster of 2 engines, ipyparallel against jovi.parallel.

Each side runs the same steps with its own package, in a fresh profile directory:

* ``start``: ``Cluster(n=2).start_and_connect_sync()`` until both engines are
  registered, timed; then ``rc[0].apply_sync(noop)`` ``count`` times (the figure is
  the median and p99 of their latencies); then the cluster is stopped (untimed);
* ``tasks``: ``count`` tiny tasks through a load-balanced view
  (``lview.apply_async(noop, i)`` in a loop, then ``rc.wait()``), timed; the figure is
  the time per task.  Every result is checked.
"""

from __future__ import annotations

import os
import tempfile
import time
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Mapping


def noop(*args: Any) -> Any:
    """Nothing, returned."""
    return args[0] if args else None


def _cluster(side: str, directory: str) -> Any:
    if side == "peer":
        os.environ["IPYTHONDIR"] = directory
        import ipyparallel

        return ipyparallel.Cluster(n=2, log_level=40)
    os.environ["JOVI_DIR"] = directory
    from jovi.parallel import Cluster

    return Cluster(n=2)


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


def tasks(side: str, params: Mapping[str, Any]) -> Metrics:
    count = params["count"]
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as directory:
        cluster = _cluster(side, directory)
        rc = cluster.start_and_connect_sync()
        try:
            if side == "peer":
                rc.wait_for_engines(2, timeout=60)
            view = rc.load_balanced_view()
            view.apply_sync(noop, 0)
            began = time.perf_counter()
            results = [view.apply_async(noop, i) for i in range(count)]
            rc.wait(timeout=600)
            elapsed = time.perf_counter() - began
            if [r.get() for r in results] != list(range(count)):
                raise RuntimeError(f"{side}: wrong task results")
        finally:
            cluster.stop_cluster_sync()
            if side == "peer":
                rc.close()
    return {"task": elapsed / count}


if __name__ == "__main__":
    run_driver({"start": start, "tasks": tasks})
