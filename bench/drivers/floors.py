"""The floors: what a round trip over pyzmq costs before any kernel does any work.

``raw``: a bare DEALER/ROUTER echo of a small payload. ``signed``: a Jupyter-style
multipart message (``<IDS|MSG>``, HMAC-SHA256 signature over the four JSON frames
header, parent header, metadata and content) that the server verifies, parses and
answers with a signed reply, which the client verifies and parses in turn. Both over
tcp loopback to a server in a dedicated process (``python -m bench.drivers.floors
serve raw|signed``). No kernel can answer faster than its floor.

``kernel``: a kernel that runs nothing (:func:`serve_kernel`, ``python -m
bench.drivers.floors kernel CONNECTION_FILE``), one thread on pyzmq, answering each
execute request with the four messages of the protocol (busy, execute_input, the
reply, idle), driven by ``kernel.execute``'s own client (:mod:`bench.drivers.kernel`).
What is left of a kernel's time above it is the kernel's own work.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

DELIMITER = b"<IDS|MSG>"
KEY = b"bench-floor-key"
PAYLOAD = b"x" * 100


def sign(frames: Sequence[bytes], key: bytes = KEY) -> bytes:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for frame in frames:
        mac.update(frame)
    return mac.hexdigest().encode()


def message(
    msg_type: str, content: dict[str, Any], parent: dict[str, Any] | bytes, key: bytes = KEY
) -> list[bytes]:
    """The signature and the four JSON frames of a signed message (``parent``: a header,
    or its JSON as received)."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "session": "bench",
        "username": "bench",
        "date": datetime.now(UTC).isoformat(),
        "msg_type": msg_type,
        "version": "5.3",
    }
    parent_json = parent if isinstance(parent, bytes) else json.dumps(parent).encode()
    frames = [json.dumps(header).encode(), parent_json, b"{}", json.dumps(content).encode()]
    return [sign(frames, key), *frames]


def verified(parts: list[bytes]) -> list[dict[str, Any]]:
    """The four parsed frames of a signed message, after checking its signature."""
    signature, *frames = parts
    if not hmac.compare_digest(signature, sign(frames)):
        raise ValueError("bad signature")
    return [json.loads(frame) for frame in frames]


def serve(mode: str) -> None:
    import zmq

    context = zmq.Context()
    socket = context.socket(zmq.ROUTER)
    port = socket.bind_to_random_port("tcp://127.0.0.1")
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    while True:
        identity, *rest = socket.recv_multipart()
        if mode == "raw":
            socket.send_multipart([identity, *rest])
            continue
        header, _parent, _metadata, _content = verified(rest[1:])
        reply = message("execute_reply", {"status": "ok", "execution_count": 1}, header)
        socket.send_multipart([identity, DELIMITER, *reply])


def serve_kernel(connection_file: str) -> None:
    """A kernel that runs nothing, on the ports of ``connection_file``, until shut down."""
    import zmq

    info = json.loads(Path(connection_file).read_text())
    key = info["key"].encode()
    context = zmq.Context()

    def bound(kind: int, port: str) -> zmq.Socket[bytes]:
        socket = context.socket(kind)
        socket.bind(f"tcp://{info['ip']}:{info[port]}")
        return socket

    shell, control = bound(zmq.ROUTER, "shell_port"), bound(zmq.ROUTER, "control_port")
    iopub, _stdin = bound(zmq.PUB, "iopub_port"), bound(zmq.ROUTER, "stdin_port")
    heartbeat = bound(zmq.REP, "hb_port")
    poller = zmq.Poller()
    for socket in (shell, control, heartbeat):
        poller.register(socket, zmq.POLLIN)
    count = 0

    def publish(msg_type: str, parent: bytes, content: dict[str, Any]) -> None:
        iopub.send_multipart(
            [b"kernel." + msg_type.encode(), DELIMITER, *message(msg_type, content, parent, key)]
        )

    while True:
        for socket, _ in poller.poll():
            if socket is heartbeat:
                heartbeat.send(heartbeat.recv())
                continue
            frames = socket.recv_multipart()
            split = frames.index(DELIMITER)
            identities, signature, parts = (
                frames[:split],
                frames[split + 1],
                frames[split + 2 : split + 6],
            )
            if not hmac.compare_digest(signature, sign(parts, key)):
                continue
            parent = parts[0]
            msg_type = json.loads(parent)["msg_type"]
            publish("status", parent, {"execution_state": "busy"})
            content: dict[str, Any] = {"status": "ok"}
            if msg_type == "execute_request":
                count += 1
                code = json.loads(parts[3])["code"]
                publish("execute_input", parent, {"code": code, "execution_count": count})
                content |= {"execution_count": count, "user_expressions": {}, "payload": []}
            elif msg_type == "kernel_info_request":
                content |= {
                    "protocol_version": "5.3",
                    "implementation": "floor",
                    "implementation_version": "0",
                    "language_info": {"name": "python"},
                    "banner": "",
                }
            elif msg_type == "shutdown_request":
                content["restart"] = False
            reply_type = msg_type.replace("_request", "_reply")
            socket.send_multipart(
                [*identities, DELIMITER, *message(reply_type, content, parent, key)]
            )
            publish("status", parent, {"execution_state": "idle"})
            if msg_type == "shutdown_request":
                context.destroy(linger=1000)
                return


def roundtrips(mode: str, params: Mapping[str, Any]) -> Metrics:
    import zmq

    server = subprocess.Popen(
        [sys.executable, "-m", "bench.drivers.floors", "serve", mode],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        context = zmq.Context()
        socket = context.socket(zmq.DEALER)
        socket.connect(f"tcp://127.0.0.1:{port}")

        def raw() -> None:
            socket.send(PAYLOAD)
            socket.recv()

        def signed() -> None:
            request = message("execute_request", {"code": "pass", "silent": False}, {})
            socket.send_multipart([DELIMITER, *request])
            verified(socket.recv_multipart()[1:])

        taken = latencies(
            raw if mode == "raw" else signed, count=params["count"], warmup=params["warmup"]
        )
        socket.close(linger=0)
        context.term()
    finally:
        server.kill()
        server.wait()
    return summary_metrics("roundtrip", taken)


def raw(side: str, params: Mapping[str, Any]) -> Metrics:
    return roundtrips("raw", params)


def signed(side: str, params: Mapping[str, Any]) -> Metrics:
    return roundtrips("signed", params)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2])
    elif sys.argv[1:2] == ["kernel"]:
        serve_kernel(sys.argv[2])
    else:
        run_driver({"raw": raw, "signed": signed})
