"""kill -9 of the server in the middle of 100 concurrent saves: every file is the old
version or the new one, never a truncated mix (saves are atomic)."""

from __future__ import annotations

import contextlib
import http.client
import json
import signal
import threading
import time

import pytest

from tests.processes import free_port
from tests.server.test_command import ServerProcess

pytestmark = pytest.mark.integration

FILES = 100


def _notebook(version: str) -> dict:
    return {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
             "outputs": [{"name": "stdout", "output_type": "stream", "text": version * 2000}],
             "source": f"print({version!r})"}
            for i in range(20)
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def test_kill_9_during_100_concurrent_saves_leaves_every_file_old_or_new(jovi_command, tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    old, new = _notebook("old"), _notebook("new")
    server = ServerProcess(jovi_command, root, "--port", str(free_port()))
    try:
        for index in range(FILES):
            status = _put(server, f"nb{index}.ipynb", old)
            assert status in (200, 201)
        old_text = {p.name: p.read_text() for p in root.glob("*.ipynb")}
        started = threading.Barrier(FILES + 1)
        threads = [
            threading.Thread(target=_save_quietly, args=(server, f"nb{i}.ipynb", new, started))
            for i in range(FILES)
        ]
        for thread in threads:
            thread.start()
        started.wait(30)
        deadline = time.monotonic() + 30
        while not any("print('new')" in p.read_text() for p in root.glob("nb*.ipynb")):
            assert time.monotonic() < deadline, "no save went through"
        server.process.send_signal(signal.SIGKILL)  # mid-flight: some saved, some not
        for thread in threads:
            thread.join(60)
    finally:
        server.stop()
    new_text = None
    outcomes = {"old": 0, "new": 0}
    for index in range(FILES):
        text = (root / f"nb{index}.ipynb").read_text()
        parsed = json.loads(text)  # never truncated
        if text == old_text[f"nb{index}.ipynb"]:
            outcomes["old"] += 1
        else:
            assert "".join(parsed["cells"][0]["source"]) == "print('new')"
            new_text = new_text or text
            assert text == new_text
            outcomes["new"] += 1
    assert sum(outcomes.values()) == FILES


def _put(server: ServerProcess, path: str, notebook: dict) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    body = json.dumps({"type": "notebook", "content": notebook}).encode()
    try:
        connection.request(
            "PUT", f"/api/contents/{path}", body=body,
            headers={"Authorization": f"token {server.token}", "Content-Type": "application/json"},
        )  # fmt: skip
        return connection.getresponse().status
    finally:
        connection.close()


def _save_quietly(
    server: ServerProcess, path: str, notebook: dict, started: threading.Barrier
) -> None:
    started.wait(30)
    with contextlib.suppress(OSError):  # the server was killed under this request
        _put(server, path, notebook)
