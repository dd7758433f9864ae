"""A virtual screen (Xvfb) for tests that start real windows, and xdotool to drive them."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def virtual_screen(width: int = 1280, height: int = 1024) -> Iterator[str]:
    """An Xvfb server on a free display; yields its DISPLAY (``:N``)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as announced:
            number = announced.readline().strip()  # written once Xvfb accepts clients
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def find_window(display: str, name: str, timeout: float = 60.0) -> str:
    """The id of the visible window called ``name`` (xdotool waits for it)."""
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", name],
        capture_output=True,
        text=True,
        env={**os.environ, "DISPLAY": display},
        timeout=timeout,
        check=True,
    )
    return found.stdout.split()[0]


def xdotool(display: str, *args: str) -> None:
    """Run ``xdotool args`` on ``display``."""
    subprocess.run(
        ["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=60
    )


def wait_for_file(path: Path, timeout: float = 60.0) -> str:
    """The text of ``path`` once it exists (written by the program under test)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} was not written"
        time.sleep(0.05)
    return path.read_text(encoding="utf-8")
