"""Kernels through the server: REST, the kernel WebSocket in both framings, several
clients, interrupt and restart, a client that comes back, sessions, kernelspecs.

Everything is real: uvicorn on loopback, jovi kernels as processes, a WebSocket
client (the ``websockets`` package) speaking the wire format byte by byte."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import struct
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from jovi.server.kernels.frames import V1_PROTOCOL

pytestmark = pytest.mark.integration

WAIT_S = 30.0


def _request(msg_type: str, content: dict, session: str, channel: str = "shell") -> dict:
    return {
        "channel": channel,
        "header": {
            "msg_id": str(uuid.uuid4()),
            "msg_type": msg_type,
            "session": session,
            "username": "test",
            "date": datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "buffers": [],
    }


def _execute(code: str, session: str) -> dict:
    return _request(
        "execute_request",
        {"code": code, "silent": False, "store_history": True, "allow_stdin": False},
        session,
    )


def _v1_encode(message: dict) -> bytes:
    pieces = [message["channel"].encode()] + [
        json.dumps(message[key]).encode()
        for key in ("header", "parent_header", "metadata", "content")
    ]
    count = len(pieces) + 1
    offsets, position = [], 8 * (count + 1)
    for piece in pieces:
        offsets.append(position)
        position += len(piece)
    offsets.append(position)
    return struct.pack(f"<{count + 1}Q", count, *offsets) + b"".join(pieces)


def _v1_decode(data: bytes) -> dict:
    (count,) = struct.unpack_from("<Q", data)
    offsets = struct.unpack_from(f"<{count}Q", data, 8)
    pieces = [data[a:b] for a, b in itertools.pairwise(offsets)]
    names = ("header", "parent_header", "metadata", "content")
    message = {name: json.loads(piece) for name, piece in zip(names, pieces[1:5], strict=True)}
    message["channel"] = pieces[0].decode()
    return message


class Channels:
    """A WebSocket on a kernel, as a browser would hold it."""

    def __init__(self, server, kernel_id: str, *, v1: bool = False, session: str = "") -> None:
        self.session = session or str(uuid.uuid4())
        self.v1 = v1
        url = (
            f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels"
            f"?session_id={self.session}"
        )
        self._stack = contextlib.ExitStack()
        self.socket = self._stack.enter_context(
            connect(
                url,
                additional_headers={"Authorization": f"token {server.token}"},
                subprotocols=[V1_PROTOCOL] if v1 else None,
                open_timeout=WAIT_S,
            )
        )

    def send(self, message: dict) -> str:
        self.socket.send(_v1_encode(message) if self.v1 else json.dumps(message))
        return message["header"]["msg_id"]

    def receive(self, timeout: float = WAIT_S) -> dict:
        data = self.socket.recv(timeout=timeout)
        if self.v1:
            assert isinstance(data, bytes), "the v1 protocol is binary only"
            return _v1_decode(data)
        assert isinstance(data, str), "a message without buffers is a text frame"
        return json.loads(data)

    def until_reply(self, msg_id: str) -> tuple[dict, list[dict]]:
        """The reply to ``msg_id`` and every IOPub message for it, once idle came too."""
        iopub: list[dict] = []
        reply = None
        deadline = time.monotonic() + WAIT_S
        while reply is None or not any(
            m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
            for m in iopub
        ):
            message = self.receive(deadline - time.monotonic())
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["channel"] == "iopub":
                iopub.append(message)
            elif message["header"]["msg_type"].endswith("_reply"):
                reply = message
        return reply, iopub

    def wait_for_status(self, state: str) -> None:
        """Read until an IOPub ``status`` message says ``state`` (the server's own ones too)."""
        while True:
            message = self.receive()
            if message["header"]["msg_type"] == "status" and (
                message["content"]["execution_state"] == state
            ):
                return

    def close(self) -> None:
        self._stack.close()


def _stdout(iopub: list[dict]) -> str:
    return "".join(
        m["content"]["text"]
        for m in iopub
        if m["header"]["msg_type"] == "stream" and m["content"]["name"] == "stdout"
    )


def _start(server, **body: Any) -> dict:
    reply = server.request("POST", "/api/kernels", body or {"name": "jovi"})
    assert reply.status == 201, reply.body
    return reply.json()


def test_start_list_get_and_shut_down_a_kernel(server):
    kernel = _start(server)
    assert set(kernel) == {"id", "name", "last_activity", "execution_state", "connections"}
    assert kernel["name"] == "jovi"
    assert [k["id"] for k in server.get("/api/kernels").json()] == [kernel["id"]]
    assert server.get(f"/api/kernels/{kernel['id']}").json()["id"] == kernel["id"]
    assert server.request("DELETE", f"/api/kernels/{kernel['id']}").status == 204
    assert server.get(f"/api/kernels/{kernel['id']}").status == 404
    assert server.get("/api/kernels").json() == []


def test_an_unknown_kernel_name_is_404_in_one_sentence(server):
    reply = server.request("POST", "/api/kernels", {"name": "no-such-kernel"})
    assert reply.status == 404
    assert "no-such-kernel" in reply.json()["message"]


@pytest.mark.parametrize("v1", [False, True], ids=["json", "v1"])
def test_execute_through_the_websocket(server, v1):
    kernel = _start(server)
    channels = Channels(server, kernel["id"], v1=v1)
    try:
        msg_id = channels.send(_execute("print('hello'); 6 * 7", channels.session))
        reply, iopub = channels.until_reply(msg_id)
        assert reply["content"]["status"] == "ok"
        assert reply["channel"] == "shell"
        assert _stdout(iopub) == "hello\n"
        results = [m for m in iopub if m["header"]["msg_type"] == "execute_result"]
        assert results[0]["content"]["data"]["text/plain"] == "42"
        assert server.get(f"/api/kernels/{kernel['id']}").json()["connections"] == 1
    finally:
        channels.close()


def test_a_control_request_and_kernel_info(server):
    kernel = _start(server)
    channels = Channels(server, kernel["id"])
    try:
        msg_id = channels.send(_request("kernel_info_request", {}, channels.session, "control"))
        reply, _ = channels.until_reply(msg_id)
        assert reply["channel"] == "control"
        assert reply["content"]["implementation"] == "jovi"
    finally:
        channels.close()


def test_every_client_of_a_kernel_gets_its_outputs(server):
    kernel = _start(server)
    first, second = Channels(server, kernel["id"]), Channels(server, kernel["id"])
    try:
        msg_id = first.send(_execute("print('to all')", first.session))
        first.until_reply(msg_id)
        seen = []
        while not any(m["header"]["msg_type"] == "stream" for m in seen):
            message = second.receive()
            if message["parent_header"].get("msg_id") == msg_id:
                seen.append(message)
        assert _stdout(seen) == "to all\n"
        assert server.get(f"/api/kernels/{kernel['id']}").json()["connections"] == 2
    finally:
        first.close()
        second.close()


def test_interrupt_through_the_api(server):
    kernel = _start(server)
    channels = Channels(server, kernel["id"])
    try:
        msg_id = channels.send(
            _execute("import time\nprint('go', flush=True)\ntime.sleep(60)", channels.session)
        )
        while channels.receive()["header"]["msg_type"] != "stream":
            pass
        assert server.request("POST", f"/api/kernels/{kernel['id']}/interrupt").status == 204
        reply, _ = channels.until_reply(msg_id)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
    finally:
        channels.close()


def test_restart_through_the_api_answers_once_the_kernel_runs_again(server):
    kernel = _start(server)
    channels = Channels(server, kernel["id"])
    try:
        msg_id = channels.send(_execute("x = 1", channels.session))
        channels.until_reply(msg_id)
        restarted = server.request("POST", f"/api/kernels/{kernel['id']}/restart")
        assert restarted.status == 200
        assert restarted.json()["execution_state"] == "idle"
        msg_id = channels.send(_execute("print('x' in dir())", channels.session))
        reply, iopub = channels.until_reply(msg_id)
        assert reply["content"]["status"] == "ok"
        assert _stdout(iopub) == "False\n"  # a new process
    finally:
        channels.close()


def _until_state(server, kernel_id: str, states: set[str]) -> None:
    """Until ``/api/kernels/{id}`` says one of ``states``."""
    deadline = time.monotonic() + WAIT_S
    while server.get(f"/api/kernels/{kernel_id}").json()["execution_state"] not in states:
        assert time.monotonic() < deadline, f"the kernel never became {states}"


def _slow_to_restart_kernel(marker: Path) -> str:
    """A kernelspec whose kernel starts 3 s late once ``marker`` exists."""
    name = "slowrestart"
    spec = Path(os.environ["JUPYTER_DATA_DIR"]) / "kernels" / name
    spec.mkdir(parents=True)
    delay = f"import os, time\nif os.path.exists({str(marker)!r}): time.sleep(3)\n"
    starts = "import sys\nos.execv(sys.executable, [sys.executable, '-m', 'jovi', 'kernel', '-f', sys.argv[1]])"
    argv = [sys.executable, "-c", delay + starts, "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name}))
    return name


def test_a_client_keeps_its_websocket_while_a_restart_takes_long(server_root, tmp_path):
    # The server reads the WebSocket while the kernel is not ready: messages sent then
    # wait for the kernel, and uvicorn's keepalive pongs are still read (it stops
    # reading a socket whose messages the application does not take, and closes it
    # when a pong is late).
    marker = tmp_path / "slow"
    from tests.server.conftest import start_server

    running, server = start_server(server_root, tmp_path, ws_ping_interval=0.5)
    try:
        kernel = _start(server, name=_slow_to_restart_kernel(marker))
        channels = Channels(server, kernel["id"])
        try:
            channels.until_reply(channels.send(_execute("x = 1", channels.session)))
            marker.touch()
            with ThreadPoolExecutor(1) as pool:
                restarted = pool.submit(
                    server.request, "POST", f"/api/kernels/{kernel['id']}/restart"
                )
                _until_state(server, kernel["id"], {"restarting", "starting"})  # not ready
                channels.send(_execute("ran = ['first']", channels.session))
                second = channels.send(_execute("print(ran + ['second'])", channels.session))
                _, iopub = channels.until_reply(second)
                assert restarted.result().status == 200
            assert _stdout(iopub) == "['first', 'second']\n"  # both, in order
        finally:
            channels.close()
    finally:
        running.stop()


def _slow_to_start_kernel(marker: Path) -> str:
    """A kernelspec whose kernel's first process takes 3 s to start (``marker`` tells
    the later ones apart)."""
    name = "slowstart"
    spec = Path(os.environ["JUPYTER_DATA_DIR"]) / "kernels" / name
    spec.mkdir(parents=True)
    delay = (
        "import os, time\n"
        f"if not os.path.exists({str(marker)!r}):\n"
        f"    open({str(marker)!r}, 'w').close()\n"
        "    time.sleep(3)\n"
    )
    starts = "import sys\nos.execv(sys.executable, [sys.executable, '-m', 'jovi', 'kernel', '-f', sys.argv[1]])"
    argv = [sys.executable, "-c", delay + starts, "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name}))
    return name


def test_a_restart_while_the_kernel_starts_answers_once_the_new_one_runs(server, tmp_path):
    # The server's readiness probe of the first process still runs when the restart
    # begins; the probe of the new one must not compete with it for the replies.
    kernel = _start(server, name=_slow_to_start_kernel(tmp_path / "started"))
    began = time.monotonic()
    restarted = server.request("POST", f"/api/kernels/{kernel['id']}/restart")
    assert restarted.status == 200, restarted.body
    assert time.monotonic() - began < 15
    channels = Channels(server, kernel["id"])
    try:
        _reply, iopub = channels.until_reply(channels.send(_execute("print(1)", channels.session)))
        assert _stdout(iopub) == "1\n"
    finally:
        channels.close()


def test_a_restart_whose_kernel_never_answers_fails_in_one_sentence(server, tmp_path, monkeypatch):
    from jovi.server.kernels import registry

    monkeypatch.setattr(registry, "_READY_TIMEOUT_S", 2.0)
    name = "mute"
    marker = tmp_path / "started"
    spec = Path(os.environ["JUPYTER_DATA_DIR"]) / "kernels" / name
    spec.mkdir(parents=True)
    code = (  # the first process is a kernel; the ones after it never answer
        "import os, sys, time\n"
        f"if os.path.exists({str(marker)!r}):\n"
        "    time.sleep(600)\n"
        f"open({str(marker)!r}, 'w').close()\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'jovi', 'kernel', '-f', sys.argv[1]])"
    )
    argv = [sys.executable, "-c", code, "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name}))
    kernel = _start(server, name=name)
    channels = Channels(server, kernel["id"])
    try:  # the first process runs (it made the marker): the next one will not answer
        channels.until_reply(channels.send(_execute("pass", channels.session)))
    finally:
        channels.close()
    restarted = server.request("POST", f"/api/kernels/{kernel['id']}/restart")
    assert restarted.status == 500
    assert restarted.json()["message"] == (
        "The kernel was started again but has not answered for 2 s."
    )


def test_a_kernel_that_dies_is_restarted_and_its_clients_told(server):
    kernel = _start(server)
    channels = Channels(server, kernel["id"])
    try:
        msg_id = channels.send(_execute("import os; print(os.getpid())", channels.session))
        _, iopub = channels.until_reply(msg_id)
        os.kill(int(_stdout(iopub)), 9)
        channels.wait_for_status("restarting")
        msg_id = channels.send(_execute("print('alive')", channels.session))
        _reply, iopub = channels.until_reply(msg_id)
        assert _stdout(iopub) == "alive\n"
    finally:
        channels.close()


def test_a_client_that_comes_back_gets_what_it_missed_in_order_and_once(server):
    kernel = _start(server)
    session = str(uuid.uuid4())
    channels = Channels(server, kernel["id"], session=session)
    code = "import time\nfor i in range(6):\n    print(i, flush=True)\n    time.sleep(0.3)"
    msg_id = channels.send(_execute(code, session))
    while channels.receive()["header"]["msg_type"] != "stream":
        pass
    channels.close()
    time.sleep(1.0)  # outputs arrive while no client is connected
    channels = Channels(server, kernel["id"], session=session)
    try:
        reply, iopub = channels.until_reply(msg_id)
        assert reply["content"]["status"] == "ok"
        rest = _stdout(iopub)
        assert rest.split() == [str(i) for i in range(int(rest.split()[0]), 6)]
        assert int(rest.split()[0]) <= 2  # what came while it was away is there
    finally:
        channels.close()


def test_a_websocket_from_another_site_is_refused_unless_it_shows_the_token(server):
    kernel = _start(server)
    browser_cookie = server.__class__(server.port, "")
    browser_cookie.get(f"/api/contents?token={server.token}")
    cookie = "; ".join(f"{k}={v}" for k, v in browser_cookie.cookies.items())
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels?session_id=s"
    with pytest.raises(InvalidStatus) as refused:  # noqa: SIM117 - connect() itself raises
        with connect(url, additional_headers={"Cookie": cookie}, origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    with connect(
        url, additional_headers={"Cookie": cookie}, origin=f"http://127.0.0.1:{server.port}"
    ) as same_site:
        assert same_site.subprotocol is None
    with connect(url + f"&token={server.token}", origin="http://evil.example", open_timeout=WAIT_S):
        pass


def test_a_websocket_without_credentials_is_refused(server):
    kernel = _start(server)
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels?session_id=s"
    with pytest.raises(InvalidStatus) as refused, connect(url, open_timeout=WAIT_S):
        pass
    assert refused.value.response.status_code == 403


# ---------------------------------------------------------------------- sessions


def test_sessions_one_per_path_rename_and_delete(server):
    body = {
        "path": "work/a.ipynb",
        "name": "a.ipynb",
        "type": "notebook",
        "kernel": {"name": "jovi"},
    }
    created = server.request("POST", "/api/sessions", body)
    assert created.status == 201
    session = created.json()
    assert set(session) >= {"id", "path", "name", "type", "kernel"}
    assert created.headers["location"] == f"/api/sessions/{session['id']}"
    again = server.request("POST", "/api/sessions", body).json()
    assert again["id"] == session["id"]
    assert again["kernel"]["id"] == session["kernel"]["id"]
    renamed = server.request(
        "PATCH", f"/api/sessions/{session['id']}", {"path": "work/b.ipynb"}
    ).json()
    assert renamed["path"] == "work/b.ipynb"
    assert [s["path"] for s in server.get("/api/sessions").json()] == ["work/b.ipynb"]
    assert server.request("DELETE", f"/api/sessions/{session['id']}").status == 204
    assert server.get("/api/kernels").json() == []  # its kernel was shut down
    assert server.get(f"/api/sessions/{session['id']}").status == 404


def test_two_tabs_opening_one_notebook_at_once_share_one_session(server):
    # Two browser tabs (or a reload) ask for the session of one path at the same time:
    # both get the same session and kernel, and only one kernel is started.
    import threading

    body = {"path": "same.ipynb", "name": "same.ipynb", "type": "notebook", "kernel": {}}
    answers: list[Any] = []

    def create() -> None:
        answers.append(server.request("POST", "/api/sessions", body))

    threads = [threading.Thread(target=create) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status for answer in answers] == [201, 201, 201]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert len(server.get("/api/kernels").json()) == 1


def test_a_session_can_change_its_kernel(server):
    session = server.request(
        "POST", "/api/sessions", {"path": "n.ipynb", "type": "notebook", "kernel": {"name": "jovi"}}
    ).json()
    old = session["kernel"]["id"]
    changed = server.request(
        "PATCH", f"/api/sessions/{session['id']}", {"kernel": {"name": "jovi"}}
    ).json()
    assert changed["kernel"]["id"] != old
    assert [k["id"] for k in server.get("/api/kernels").json()] == [changed["kernel"]["id"]]


def test_kernelspecs_list_jovis_kernel_as_the_default(server):
    specs = server.get("/api/kernelspecs").json()
    assert specs["default"] == "jovi"
    jovi = specs["kernelspecs"]["jovi"]
    assert jovi["spec"]["language"] == "python"
    assert jovi["spec"]["display_name"]
    assert server.get("/api/kernelspecs/jovi").json()["name"] == "jovi"
    assert server.get("/api/kernelspecs/none").status == 404


def test_a_malformed_message_is_dropped_and_the_connection_goes_on(server):
    kernel = _start(server)
    channels = Channels(server, kernel["id"])
    try:
        channels.socket.send("{not json")
        channels.socket.send(json.dumps({"channel": "nowhere", "header": {}}))
        channels.socket.send(b"\x00\x00\x00\x09short")
        msg_id = channels.send(_execute("print('still here')", channels.session))
        _, iopub = channels.until_reply(msg_id)
        assert _stdout(iopub) == "still here\n"
    finally:
        channels.close()


def test_the_kernels_a_server_started_end_with_it(server_root, tmp_path):
    from tests.server.conftest import start_server

    running, client = start_server(server_root, tmp_path)
    try:
        kernel = _start(client)
        channels = Channels(client, kernel["id"])
        msg_id = channels.send(_execute("import os; print(os.getpid())", channels.session))
        _, iopub = channels.until_reply(msg_id)
        pid = int(_stdout(iopub))
        channels.close()
    finally:
        running.stop()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"the kernel {pid} outlived its server")
