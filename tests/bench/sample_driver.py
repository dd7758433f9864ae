"""A driver for the harness's own tests: ``work`` reports, ``broken`` fails, ``partial`` omits."""

from __future__ import annotations

from bench.drivers.common import run_driver


def work(side, params):
    return {"time": float(params["lines"]), "memory": 1.0, "side_is_jovi": float(side == "jovi")}


def broken(side, params):
    raise RuntimeError("broken on purpose")


def partial(side, params):
    return {"time": 1.0}


if __name__ == "__main__":
    run_driver({"work": work, "broken": broken, "partial": partial})
