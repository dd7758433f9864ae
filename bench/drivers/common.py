"""What every driver shares: its command line, its result line, and timing loops.

A driver module defines measures, functions ``(side, params) -> metrics`` where the
metrics are seconds or bytes keyed by the workload's metric keys, and ends with
``run_driver({...})``. The result is printed as one line starting with
:data:`RESULT_MARKER`, so that whatever a peer prints on stdout does no harm.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any

from bench.stats import percentile

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "RESULT_MARKER",
    "Metrics",
    "latencies",
    "parse_result",
    "result_line",
    "run_driver",
    "seconds",
    "summary_metrics",
]

RESULT_MARKER = "BENCH-RESULT "

Metrics = dict[str, float]


def seconds(ns: int) -> float:
    return ns / 1e9


def latencies(call: Callable[[], object], *, count: int, warmup: int = 0) -> list[float]:
    """Seconds taken by each of ``count`` calls of ``call``, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        call()
    taken = []
    for _ in range(count):
        start = time.perf_counter_ns()
        call()
        taken.append(seconds(time.perf_counter_ns() - start))
    return taken


def summary_metrics(prefix: str, taken: list[float]) -> Metrics:
    """``{prefix}.median`` and ``{prefix}.p99`` of per-iteration latencies."""
    return {f"{prefix}.median": percentile(taken, 0.5), f"{prefix}.p99": percentile(taken, 0.99)}


def result_line(stdout: str) -> object:
    """The JSON of the last result line in a driver's stdout."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_MARKER):
            return json.loads(line[len(RESULT_MARKER) :])
    raise ValueError("the driver printed no result line")


def parse_result(stdout: str) -> Metrics:
    """The metrics of the last result line in a driver's stdout."""
    data = result_line(stdout)
    if not isinstance(data, dict):
        raise ValueError(f"the driver's result is not an object: {data!r}")
    return {str(k): float(v) for k, v in data.items()}


def run_driver(measures: Mapping[str, Callable[[str, Mapping[str, Any]], Metrics]]) -> None:
    """Parse the command line, run the named measure, print its result line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("measure", choices=sorted(measures))
    parser.add_argument("--side", choices=("peer", "jovi"), required=True)
    parser.add_argument("--params", default="{}", help="the workload's parameters, JSON")
    args = parser.parse_args()
    metrics = measures[args.measure](args.side, json.loads(args.params))
    sys.stdout.write(RESULT_MARKER + json.dumps(metrics) + "\n")
    sys.stdout.flush()
