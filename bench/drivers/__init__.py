"""Drivers: the code that runs inside a measured process, in the bench environment.

Each module is run as ``python -m bench.drivers.<module> <measure> --side peer|jovi
--params JSON`` in a fresh process. It imports the peer (IPython, jupyter_client ...)
or jovi, measures with ``time.perf_counter_ns``, and prints one result line that the
harness reads (:mod:`bench.drivers.common`).
"""
