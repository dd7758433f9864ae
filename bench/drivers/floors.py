"""The floors: what a round trip over pyzmq costs before any kernel does any work.

``raw``: a bare DEALER/ROUTER echo of a small payload. ``signed``: a Jupyter-style
multipart message (``<IDS|MSG>``, HMAC-SHA256 signature over the four JSON frames
header, parent header, metadata and content) that the server verifies, parses and
answers with a signed reply, which the client verifies and parses in turn. Both over
tcp loopback to a server in a dedicated process (``python -m bench.drivers.floors
serve raw|signed``). No kernel can answer faster than its floor.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Mapping

DELIMITER = b"<IDS|MSG>"
KEY = b"bench-floor-key"
PAYLOAD = b"x" * 100


def sign(frames: list[bytes], key: bytes = KEY) -> bytes:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for frame in frames:
        mac.update(frame)
    return mac.hexdigest().encode()


def message(msg_type: str, content: dict[str, Any], parent: dict[str, Any]) -> list[bytes]:
    """The signature and the four JSON frames of a signed message."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "session": "bench",
        "username": "bench",
        "date": datetime.now(UTC).isoformat(),
        "msg_type": msg_type,
        "version": "5.3",
    }
    frames = [json.dumps(part).encode() for part in (header, parent, {}, content)]
    return [sign(frames), *frames]


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
    else:
        run_driver({"raw": raw, "signed": signed})
