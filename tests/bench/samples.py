"""Workloads and results made up for the harness's own tests (no peer ever runs)."""

from __future__ import annotations

from bench.model import Command, Driver, Metric, Side, Workload, importable, option, subcommand


def make_workload(name="demo.work", *, jovi=True, requires=None, **changes):
    """A workload with a timed metric (target 0.5), a memory metric and an optional one."""
    fields = {
        "name": name,
        "title": "demo over {lines:,} lines",
        "metrics": (
            Metric("time", "time for {lines:,} lines", "s", 0.5),
            Metric("memory", "memory", "B"),
            Metric("extra", "extra", "s", optional=True),
        ),
        "peer": Side("peer demo", Driver("bench.drivers.demo", "work")),
        "jovi": Side(
            "jovi demo",
            Command(("jovi", "-c", "pass")),
            (importable("jovi.demo:Thing"), subcommand("demo"), option("-c"))
            if requires is None
            else requires,
        )
        if jovi
        else None,
        "params": {"lines": 1000, "count": 10},
        "smoke_params": {"lines": 10},
    }
    return Workload(**(fields | changes))
