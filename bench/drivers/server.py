"""The notebook server over HTTP and WebSockets: start, a big notebook, kernels through it.

Each side is a server process started by this driver on a free loopback port with a
token, serving a scratch directory, as a user starts it:

* peer: ``python -m jupyter_server`` (Jupyter Server) and ipykernel (``python3``);
* jovi: ``jovi notebook`` and jovi's kernel (``jovi``) or ipykernel (``python3``).

Both pass every output on: Jupyter Server's IOPub rate limit is off
(``ZMQChannelsWebsocketConnection.limit_rate=False``) and jovi's cap on one cell's
output is raised to 100,000 lines (``NotebookApp.output_limit_lines``). The measures:

* ``rest``: spawn to the first 200 answer of ``GET /api`` (polled every 5 ms); then
  ``GET /api/contents/big.ipynb`` of a generated notebook of about ``megabytes`` MB
  (code cells with stream outputs), ``count`` times on one keep-alive connection,
  each answer read whole, parsed as JSON and checked;
* ``kernel`` (each side's own kernel) and ``ipykernel``: a kernel started with ``POST
  /api/kernels``, one WebSocket on it, ``execute("pass")`` to both its
  ``execute_reply`` and its ``idle`` status, ``count`` times after ``warmup``;
* ``kernel`` then opens ``clients - 1`` more WebSockets on the kernel and the first
  one runs ``lines`` lines printed in ``prints`` flushed prints: from the send to the
  last client's ``idle``, and every client must have received every line, in order.
  The same lines printed unflushed (one burst) are timed too.

Why not 10,000 flushed prints of one line: ipykernel then sends 10,000 messages, and
with 5 clients or more Jupyter Server loses some of them even with its rate limit
off (ZeroMQ's high-water marks, 1,000 messages, drop IOPub messages when the server
falls behind), so the peer would fail the check. 1,000 messages fit in the queues.

The WebSockets speak the ``v1.kernel.websocket.jupyter.org`` framing, as JupyterLab
does, with the ``websockets`` package's asyncio client and its defaults (it offers
permessage-deflate, as browsers do).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import itertools
import json
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, run_driver, seconds, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from websockets.asyncio.client import ClientConnection

WAIT = 60.0  # seconds a server, a kernel or one message may take before the run is abandoned
POLL = 0.005  # seconds between two attempts at the first GET /api
V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
NOTEBOOK = "big.ipynb"
OUTPUT_LINES = 40  # stream lines of each code cell of the big notebook


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_argv(side: str, root: Path, port: int, token: str) -> list[str]:
    """The command starting a side's server; a taken port makes it fail, never move."""
    if side == "peer":
        return [
            sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root",
            f"--port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--ZMQChannelsWebsocketConnection.limit_rate=False",
        ]  # fmt: skip
    return [
        str(Path(sys.executable).with_name("jovi")), "notebook", str(root), "--no-browser",
        "--allow-root", "--port", str(port), "--port-retries", "0", "--token", token,
        "--NotebookApp.output_limit_lines=100000",
    ]  # fmt: skip


class Server:
    """A server process, its port and token, and plain HTTP requests to it."""

    def __init__(self, side: str, root: Path, logs: Path, argv_of: Any = None) -> None:
        """``argv_of(side, root, port, token)`` makes the command (:func:`server_argv`)."""
        self.port = _free_port()
        self.token = uuid.uuid4().hex
        self.logs = logs
        argv = (argv_of or server_argv)(side, root, self.port, self.token)
        with (logs / "stdout").open("wb") as out, (logs / "stderr").open("wb") as err:
            self.started = time.perf_counter_ns()
            self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)

    def failure(self, what: str) -> RuntimeError:
        """An error saying ``what`` went wrong, with the end of the server's stderr."""
        status = self.process.poll()
        exited = "" if status is None else f" (the server exited with status {status})"
        tail = (self.logs / "stderr").read_text(errors="replace").strip().splitlines()[-20:]
        return RuntimeError(f"{what}{exited}; its stderr ends:\n" + "\n".join(tail))

    def first_200(self) -> float:
        """Seconds from spawn to the first 200 answer of ``GET /api``."""
        deadline = time.monotonic() + WAIT
        while True:
            connection = self.connection()
            try:
                connection.request("GET", "/api", headers=self.headers)
                response = connection.getresponse()
                body = response.read()
                status = response.status
            except ConnectionError:  # not listening yet, or closed on us while starting
                status, body = 0, b""
            finally:
                connection.close()
            if status == 200:
                answered = time.perf_counter_ns()
                if "version" not in json.loads(body):
                    raise self.failure(f"GET /api answered {body[:200]!r}")
                return seconds(answered - self.started)
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise self.failure(f"no 200 from GET /api (last status {status})")
            time.sleep(POLL)

    def request(self, method: str, path: str, body: object = None) -> Any:
        """The JSON answer of one request on a fresh connection (any 2xx)."""
        connection = self.connection()
        try:
            data = None if body is None else json.dumps(body)
            connection.request(method, path, body=data, headers=self.headers)
            response = connection.getresponse()
            answer = response.read()
        finally:
            connection.close()
        if not 200 <= response.status < 300:
            raise self.failure(f"{method} {path}: {response.status} {answer[:300]!r}")
        return json.loads(answer) if answer else None

    def start_kernel(self, name: str) -> str:
        kernel_id: str = self.request("POST", "/api/kernels", {"name": name})["id"]
        return kernel_id

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # What it started goes with the driver's process group when the run ends.
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def running_server(side: str, argv_of: Any = None) -> Iterator[tuple[Server, Path, float]]:
    """A server answering on ``/api``, its root directory, and its spawn to first 200
    (``argv_of``: as :class:`Server` takes it)."""
    with tempfile.TemporaryDirectory(prefix="bench-server-") as directory:
        root, logs = Path(directory) / "root", Path(directory) / "logs"
        root.mkdir()
        logs.mkdir()
        server = Server(side, root, logs, argv_of)
        try:
            yield server, root, server.first_200()
        finally:
            server.stop()


# ---------------------------------------------------------------- a big notebook


def build_notebook(megabytes: float) -> dict[str, Any]:
    """A valid nbformat 4.5 notebook of about ``megabytes`` MB written with ``indent=1``:
    one Markdown cell in ten, code cells with :data:`OUTPUT_LINES` stream lines each."""
    cells: list[dict[str, Any]] = []
    size = 0
    for index in itertools.count():
        if size >= megabytes * 1_000_000:
            break
        if index % 10 == 0:
            cell: dict[str, Any] = {
                "cell_type": "markdown",
                "id": f"m{index}",
                "metadata": {},
                "source": [f"## Part {index}\n", "\n", "Some *text* and `code`.\n"],
            }
        else:
            cell = {
                "cell_type": "code",
                "execution_count": index,
                "id": f"c{index}",
                "metadata": {},
                "outputs": [
                    {
                        "name": "stdout",
                        "output_type": "stream",
                        "text": [
                            f"cell {index}, line {j}: {index * 0.001 + j:.6f}\n"
                            for j in range(OUTPUT_LINES)
                        ],
                    }
                ],
                "source": [
                    f"values = [k * 0.001 for k in range({index})]\n",
                    f"for j in range({OUTPUT_LINES}):\n",
                    f"    print(f'cell {index}, line {{j}}: {{{index} * 0.001 + j:.6f}}')",
                ],
            }
        cells.append(cell)
        written = json.dumps(cell, indent=1)
        size += len(written) + 2 * (written.count("\n") + 1) + 2  # nested 2 deep, ",\n"
    metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python", "pygments_lexer": "ipython3", "file_extension": ".py"},
    }
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def _check_model(model: Any, notebook: dict[str, Any]) -> None:
    content = model.get("content") or {}
    cells = content.get("cells") or []
    if model.get("type") != "notebook" or len(cells) != len(notebook["cells"]):
        raise RuntimeError(f"GET {NOTEBOOK}: type {model.get('type')!r}, {len(cells)} cells")
    last, expected = cells[-1], notebook["cells"][-1]
    text = "".join(last["outputs"][0]["text"]) if last.get("outputs") else None
    if text != "".join(expected["outputs"][0]["text"]):
        raise RuntimeError(f"GET {NOTEBOOK}: the last cell's output differs: {text!r:.200}")


# ---------------------------------------------------------------- kernel WebSockets


def encode_v1(channel: str, header: dict[str, Any], content: dict[str, Any]) -> bytes:
    """A message in the v1 framing: offsets, then channel, header, parent, metadata, content."""
    pieces = [channel.encode(), json.dumps(header).encode(), b"{}", b"{}"]
    pieces.append(json.dumps(content).encode())
    offsets = list(itertools.accumulate((len(p) for p in pieces), initial=8 * (len(pieces) + 2)))
    return struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets) + b"".join(pieces)


def decode_v1(data: bytes) -> tuple[str, bytes, bytes, bytes]:
    """Channel, header, parent header and content (raw JSON) of a v1 message."""
    (count,) = struct.unpack_from("<Q", data)
    offsets = struct.unpack_from(f"<{count}Q", data, 8)
    channel, header, parent, _, content = (data[a:b] for a, b in itertools.pairwise(offsets[:6]))
    return channel.decode(), header, parent, content


class Channels:
    """One WebSocket on a kernel, as a browser tab holds it."""

    def __init__(self, socket: ClientConnection, session: str) -> None:
        self.socket = socket
        self.session = session

    @classmethod
    async def open(cls, server: Server, kernel_id: str) -> Channels:
        from websockets.asyncio.client import connect
        from websockets.typing import Subprotocol

        session = uuid.uuid4().hex
        url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={session}"
        socket = await connect(
            url,
            additional_headers=server.headers,
            subprotocols=[Subprotocol(V1_PROTOCOL)],
            open_timeout=WAIT,
            max_size=None,
        )
        if socket.subprotocol != V1_PROTOCOL:
            await socket.close()
            raise RuntimeError(f"the server chose the subprotocol {socket.subprotocol!r}")
        return cls(socket, session)

    def request(self, msg_type: str, content: dict[str, Any], channel: str = "shell") -> bytes:
        """A request ready to send, its msg_id in ``self.last``."""
        self.last = uuid.uuid4().hex
        header = {
            "msg_id": self.last,
            "msg_type": msg_type,
            "session": self.session,
            "username": "bench",
            "date": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "version": "5.3",
        }
        return encode_v1(channel, header, content)

    def execute_request(self, code: str) -> bytes:
        content = {"code": code, "silent": False, "store_history": True, "allow_stdin": False}
        return self.request("execute_request", content)

    async def until_done(
        self, msg_id: str, *, reply: bool = True, stdout: list[str] | None = None
    ) -> dict[str, Any] | None:
        """Read until the kernel is idle after ``msg_id`` and (``reply``) its reply came;
        its stdout text goes to ``stdout``. The reply's content, if one was awaited."""
        answer: dict[str, Any] | None = None
        idle = False
        key = b'"' + msg_id.encode() + b'"'
        try:
            async with asyncio.timeout(WAIT):
                while not idle or (reply and answer is None):
                    data = await self.socket.recv()
                    if not isinstance(data, bytes):
                        raise RuntimeError(f"a text frame on the v1 protocol: {data[:200]!r}")
                    channel, header, parent, content = decode_v1(data)
                    if key not in parent or json.loads(parent).get("msg_id") != msg_id:
                        continue
                    msg_type = json.loads(header)["msg_type"]
                    if channel == "iopub":
                        if msg_type == "status":
                            idle = idle or json.loads(content)["execution_state"] == "idle"
                        elif msg_type == "stream" and stdout is not None:
                            stream = json.loads(content)
                            if stream["name"] == "stdout":
                                stdout.append(stream["text"])
                    elif msg_type.endswith("_reply"):
                        answer = json.loads(content)
        except TimeoutError:
            missing = "its idle status" if not idle else "its reply"
            raise RuntimeError(f"{msg_id}: no {missing} in {WAIT:g} s") from None
        return answer

    async def call(self, message: bytes) -> dict[str, Any]:
        msg_id = self.last
        await self.socket.send(message)
        answer = await self.until_done(msg_id)
        assert answer is not None
        if answer.get("status") != "ok":
            raise RuntimeError(f"{msg_id} failed: {json.dumps(answer)[:500]}")
        return answer

    async def ready(self) -> None:
        """A kernel_info round trip: the kernel runs and this connection is live."""
        await self.call(self.request("kernel_info_request", {}))

    async def execute(self, code: str) -> None:
        await self.call(self.execute_request(code))

    async def close(self) -> None:
        await self.socket.close()


async def _latencies(channels: Channels, count: int, warmup: int) -> list[float]:
    """Seconds of each of ``count`` ``execute("pass")``, reply and idle, after ``warmup``."""
    for _ in range(warmup):
        await channels.execute("pass")
    taken = []
    for _ in range(count):
        start = time.perf_counter_ns()
        await channels.execute("pass")
        taken.append(seconds(time.perf_counter_ns() - start))
    return taken


async def _broadcast(every: list[Channels], code: str, lines: int) -> float:
    """Seconds from the first client's sending ``code`` to the last client's idle; every
    client must have received the stdout lines 0 to ``lines - 1``, in order, and no more."""
    sender = every[0]
    received: list[list[str]] = [[] for _ in every]

    async def collect(channels: Channels, msg_id: str, stdout: list[str]) -> str:
        try:
            await channels.until_done(msg_id, reply=channels is sender, stdout=stdout)
        except RuntimeError as error:
            return str(error)
        return ""

    message = sender.execute_request(code)
    start = time.perf_counter_ns()
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(collect(channels, sender.last, stdout))
            for channels, stdout in zip(every, received, strict=True)
        ]
        await sender.socket.send(message)
    taken = seconds(time.perf_counter_ns() - start)
    expected = "".join(f"{i}\n" for i in range(lines))
    failed = []
    for number, (stdout, task) in enumerate(zip(received, tasks, strict=True), 1):
        text = "".join(stdout)
        if task.result() or text != expected:
            got = f"{text.count(chr(10))} lines in {len(stdout)} stream messages"
            failed.append(f"client {number}: {got} {task.result()}".rstrip())
    if failed:
        raise RuntimeError(
            f"{len(failed)} of {len(every)} clients did not receive the {lines:,} lines of "
            f"{code!r} (0 to {lines - 1}, in order): " + "; ".join(failed[:5])
        )
    return taken


async def _open_clients(server: Server, kernel_id: str, count: int) -> list[Channels]:
    every = []
    try:
        for _ in range(count):
            every.append(await Channels.open(server, kernel_id))
            await every[-1].ready()
    except BaseException:
        await _close(every)
        raise
    return every


async def _close(every: list[Channels]) -> None:
    for channels in every:
        await channels.close()


async def _kernel(server: Server, kernel: str, params: Mapping[str, Any]) -> Metrics:
    """``execute("pass")`` on one client; then, with ``clients`` clients on the same
    kernel (the first one among them), ``lines`` lines in ``prints`` flushed prints,
    and the same lines printed unflushed."""
    kernel_id = server.start_kernel(kernel)
    every = await _open_clients(server, kernel_id, 1)
    try:
        taken = await _latencies(every[0], params["count"], params["warmup"])
        metrics = summary_metrics("execute", taken)
        if "clients" not in params:
            return metrics
        every += await _open_clients(server, kernel_id, params["clients"] - 1)
        lines, prints = params["lines"], params["prints"]
        if lines % prints:
            raise ValueError(f"{lines} lines do not divide into {prints} prints")
        await _broadcast(every, "print(0, flush=True)", 1)
        step = lines // prints
        flushed = (
            f"for i in range(0, {lines}, {step}):\n"
            f"    print(*range(i, i + {step}), sep='\\n', flush=True)"
        )
        metrics["fanout"] = await _broadcast(every, flushed, lines)
        unflushed = f"for i in range({lines}):\n    print(i)"
        metrics["fanout_burst"] = await _broadcast(every, unflushed, lines)
    finally:
        await _close(every)
    return metrics


# ---------------------------------------------------------------- measures


def rest(side: str, params: Mapping[str, Any]) -> Metrics:
    """The server's start to its first 200, then GETs of a big notebook."""
    notebook = build_notebook(params["megabytes"])
    with running_server(side) as (server, root, first):
        (root / NOTEBOOK).write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
        connection = server.connection()
        path = f"/api/contents/{NOTEBOOK}"

        def get() -> Any:
            connection.request("GET", path, headers=server.headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise server.failure(f"GET {path}: {response.status} {body[:300]!r}")
            return json.loads(body)

        try:
            _check_model(get(), notebook)
            taken = []
            for _ in range(params["count"]):
                begin = time.perf_counter_ns()
                get()
                taken.append(seconds(time.perf_counter_ns() - begin))
        finally:
            connection.close()
    return {"first_200": first, **summary_metrics("get", taken)}


def kernel(side: str, params: Mapping[str, Any]) -> Metrics:
    """Each side's own kernel through its server: latency, then fan-out."""
    with running_server(side) as (server, _, _):
        return asyncio.run(_kernel(server, "python3" if side == "peer" else "jovi", params))


def ipykernel(side: str, params: Mapping[str, Any]) -> Metrics:
    """ipykernel through each side's server: latency."""
    with running_server(side) as (server, _, _):
        return asyncio.run(_kernel(server, "python3", params))


if __name__ == "__main__":
    run_driver({"rest": rest, "kernel": kernel, "ipykernel": ipykernel})
