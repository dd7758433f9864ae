"""The REST contract: one sequence of requests, successes and errors, against Jupyter
Server (the test peer, a real ``jupyter server`` process) and against ``jovi
notebook``; both answer with the same status codes and, for JSON answers, the same
keys with values of the same JSON types."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.processes import free_port
from tests.server.test_command import ServerProcess

pytestmark = pytest.mark.integration

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c1",
            "metadata": {},
            "outputs": [],
            "source": "1 + 1",
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}

# (method, path, body, token?) ; "{kernel}" and "{session}" are filled from earlier answers.
SEQUENCE: list[tuple[str, str, Any, bool]] = [
    ("GET", "/api", None, False),
    ("GET", "/api/status", None, True),
    ("GET", "/api/contents", None, False),
    ("GET", "/api/contents", None, True),
    ("POST", "/api/contents", {"type": "notebook"}, True),
    ("POST", "/api/contents", {"type": "notebook"}, True),
    ("POST", "/api/contents", {"type": "directory"}, True),
    ("POST", "/api/contents", {"type": "file", "ext": ".txt"}, True),
    ("PUT", "/api/contents/Untitled.ipynb", {"type": "notebook", "content": NOTEBOOK}, True),
    ("GET", "/api/contents/Untitled.ipynb", None, True),
    ("GET", "/api/contents/Untitled.ipynb?content=0", None, True),
    ("GET", "/api/contents/Untitled.ipynb?hash=1", None, True),
    ("GET", "/api/contents/Untitled.ipynb?type=directory", None, True),
    ("GET", "/api/contents/missing.ipynb", None, True),
    ("GET", "/api/contents/Untitled.ipynb?format=hex", None, True),
    ("PUT", "/api/contents/a.txt", {"type": "file", "format": "text", "content": "A"}, True),
    ("PUT", "/api/contents/a.txt", {"type": "file", "format": "text", "content": "B"}, True),
    ("GET", "/api/contents/a.txt", None, True),
    ("GET", "/api/contents/a.txt?format=base64", None, True),
    (
        "PUT",
        "/api/contents/data.bin",
        {"type": "file", "format": "base64", "content": "AAE="},
        True,
    ),
    ("GET", "/api/contents/data.bin", None, True),
    ("PATCH", "/api/contents/a.txt", {"path": "b.txt"}, True),
    ("PATCH", "/api/contents/b.txt", {"path": "Untitled.ipynb"}, True),
    ("PATCH", "/api/contents/nothere.txt", {"path": "c.txt"}, True),
    ("POST", "/api/contents", {"copy_from": "Untitled.ipynb"}, True),
    ("POST", "/api/contents/b.txt", {"type": "file"}, True),
    ("PUT", "/api/contents/c.txt", {"copy_from": "b.txt"}, True),
    ("POST", "/api/contents/Untitled.ipynb/checkpoints", None, True),
    ("GET", "/api/contents/Untitled.ipynb/checkpoints", None, True),
    ("POST", "/api/contents/Untitled.ipynb/checkpoints/checkpoint", None, True),
    ("DELETE", "/api/contents/Untitled.ipynb/checkpoints/checkpoint", None, True),
    ("DELETE", "/api/contents/b.txt", None, True),
    ("DELETE", "/api/contents/b.txt", None, True),
    ("GET", "/api/contents/Untitled Folder", None, True),
    ("DELETE", "/api/contents/Untitled Folder", None, True),
    ("GET", "/api/kernelspecs", None, True),
    ("GET", "/api/kernelspecs/python3", None, True),
    ("GET", "/api/kernels", None, True),
    ("GET", "/api/kernels/00000000-0000-0000-0000-000000000000", None, True),
    (
        "POST",
        "/api/sessions",
        {"path": "Untitled.ipynb", "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        True,
    ),
    ("GET", "/api/sessions", None, True),
    ("GET", "/api/sessions/{session}", None, True),
    ("PATCH", "/api/sessions/{session}", {"path": "Untitled1.ipynb"}, True),
    ("GET", "/api/kernels", None, True),
    ("GET", "/api/kernels/{kernel}", None, True),
    ("POST", "/api/kernels/{kernel}/interrupt", None, True),
    ("GET", "/api/sessions/not-a-session", None, True),
    ("DELETE", "/api/sessions/{session}", None, True),
    ("GET", "/api/kernels", None, True),
]


def _request(
    port: int, token: str, method: str, path: str, body: Any, send_token: bool
) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"token {token}"} if send_token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path.replace(" ", "%20"), body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return response.status, parsed


def _shape(value: Any) -> Any:
    """The JSON types of ``value``'s keys, one level down (lists: of their first item)."""
    if isinstance(value, dict):
        return {key: _kind(item) for key, item in value.items()}
    if isinstance(value, list):
        return ["list", _shape(value[0]) if value else None]
    return _kind(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
            dict: "object"}[type(value)]  # fmt: skip


def _run(port: int, token: str) -> list[tuple[int, Any]]:
    answers: list[tuple[int, Any]] = []
    ids: dict[str, str] = {}
    for method, path, body, send_token in SEQUENCE:
        path = path.format(**ids) if "{" in path else path
        status, parsed = _request(port, token, method, path, body, send_token)
        if path == "/api/sessions" and method == "POST" and isinstance(parsed, dict):
            ids = {"session": parsed["id"], "kernel": parsed["kernel"]["id"]}
        answers.append((status, _shape(parsed) if 200 <= status < 300 else None))
    return answers


def _start_jupyter_server(root: Path, token: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root",
         f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _request(port, token, "GET", "/api", None, False)[0] == 200:
                    return process, port
            except OSError:
                time.sleep(0.1)
        raise AssertionError("Jupyter Server did not answer within 60 s")
    except BaseException as error:  # never leave the server running, whatever failed
        process.kill()
        error.add_note(process.communicate()[0][-3000:])
        raise


def test_jovi_answers_the_sequence_as_jupyter_server(jovi_command, tmp_path):
    token = "contract-token"
    peer_root, jovi_root = tmp_path / "peer", tmp_path / "jovi"
    peer_root.mkdir()
    jovi_root.mkdir()
    peer, peer_port = _start_jupyter_server(peer_root, token)
    try:
        expected = _run(peer_port, token)
    finally:
        peer.terminate()
        peer.communicate(timeout=30)
    server = ServerProcess(jovi_command, jovi_root, f"--token={token}", "--port", str(free_port()))
    try:
        actual = _run(server.port, token)
    finally:
        assert server.stop() == 0
    differences = [
        f"{method} {path}: Jupyter Server {want}, jovi {got}"
        for (method, path, _, _), want, got in zip(SEQUENCE, expected, actual, strict=True)
        if want != got
    ]
    assert differences == []
    statuses = {status for status, _ in expected}
    assert {200, 201, 204, 400, 403, 404, 409} <= statuses  # the sequence covers them all
