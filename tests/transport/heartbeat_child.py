"""A stand-in kernel for the heartbeat tests: starts a heartbeat, then blocks its main thread.

Usage: python heartbeat_child.py MODE
  MODE sleep:        jovi's heartbeat; the main thread sleeps (GIL released)
  MODE gil:          jovi's heartbeat; the main thread is in a C call holding the GIL
  MODE python-echo:  a pure-Python echo thread instead (the control: needs the GIL)

Prints the heartbeat's port, waits for a line on stdin, prints "blocking", blocks for
about a second, prints "blocked <seconds>", stops the heartbeat and exits.
"""

from __future__ import annotations

import sys
import threading
import time

import zmq

from jovi.transport.zmq import Heartbeat

BLOCK_SECONDS = 1.0


def python_echo() -> tuple[int, threading.Event]:
    context = zmq.Context()
    echo = context.socket(zmq.ROUTER)
    echo.linger = 0
    port = echo.bind_to_random_port("tcp://127.0.0.1")
    done = threading.Event()

    def run() -> None:
        while not done.is_set():
            if echo.poll(50):
                echo.send_multipart(echo.recv_multipart())

    threading.Thread(target=run, daemon=True).start()
    return port, done


def gil_holding_length(seconds: float) -> int:
    """How long a range makes ``sum(range(n))`` last ``seconds`` or more.

    ``sum()`` over a range runs in C without returning to the interpreter loop, so the
    GIL is held throughout.  Calibrated on small runs, done before blocking.
    """
    probe = 1_000_000
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        sum(range(probe))
        timings.append(time.perf_counter() - started)
    return int(seconds * probe / min(timings))


def main() -> None:
    mode = sys.argv[1]
    heartbeat = None
    if mode == "python-echo":
        port, done = python_echo()
    else:
        heartbeat = Heartbeat("tcp", "127.0.0.1")
        heartbeat.start()
        port = heartbeat.port
    # The control blocks three times as long: its pings must fall inside the block even
    # when a loaded machine delays the pinging side (it was once answered on time).
    length = gil_holding_length(BLOCK_SECONDS * (3 if mode == "python-echo" else 1))
    print(port, flush=True)
    sys.stdin.readline()
    print("blocking", flush=True)
    started = time.perf_counter()
    if mode == "sleep":
        time.sleep(BLOCK_SECONDS)
    else:
        sum(range(length))
    print(f"blocked {time.perf_counter() - started:.3f}", flush=True)
    if heartbeat is not None:
        heartbeat.stop()
    else:
        done.set()


if __name__ == "__main__":
    main()
