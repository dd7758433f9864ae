"""JSON codecs on the message workload: the standard library's json, orjson and msgspec.

Each workload is what the protocol encodes and decodes per message: the four JSON
frames (header, parent header, metadata, content).  Run with the project's
environment after installing the candidates (``pip install orjson msgspec``)::

    .venv/bin/python bench/json_codecs.py

It prints microseconds per message (best of several repeats) and the ratio to the
standard library.  Candidates that are not installed are skipped.
"""

from __future__ import annotations

import base64
import json
import os
import random
import timeit
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

HEADER = {
    "msg_id": "5f0c1b9e-3a7d4c2e9f1a6b8d_4242_17",
    "session": "5f0c1b9e-3a7d4c2e9f1a6b8d",
    "username": "alice",
    "date": "2026-11-20T10:11:12.131415Z",
    "msg_type": "execute_request",
    "version": "5.3",
}


def _frames(content: dict[str, Any], msg_type: str) -> list[dict[str, Any]]:
    return [{**HEADER, "msg_type": msg_type}, HEADER, {}, content]


def workloads() -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(1)
    table = "".join(
        f"<tr><td>{i}</td><td>{rng.random():.6f}</td><td>naïve café {i}</td></tr>"
        for i in range(1000)
    )
    png = base64.b64encode(os.urandom(100_000)).decode()
    text = "".join(rng.choice("abcdefghij éü→\n") for _ in range(1_000_000))
    return {
        "execute_request (small)": _frames(
            {
                "code": "import numpy as np\nnp.arange(10).sum()",
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": True,
                "stop_on_error": True,
            },
            "execute_request",
        ),
        "status (tiny)": _frames({"execution_state": "busy"}, "status"),
        "display_data 60 KB html + 130 KB png": _frames(
            {
                "data": {"text/html": f"<table>{table}</table>", "image/png": png},
                "metadata": {"image/png": {"width": 640, "height": 480}},
                "transient": {},
            },
            "display_data",
        ),
        "stream 1 MB non-ASCII text": _frames({"name": "stdout", "text": text}, "stream"),
        "application/json 10k floats": _frames(
            {
                "data": {"application/json": {"x": [rng.random() for _ in range(10_000)]}},
                "metadata": {},
            },
            "display_data",
        ),
    }


def codecs() -> dict[str, tuple[Callable[[Any], bytes], Callable[[bytes], Any]]]:
    # The standard library at its best: one encoder built once, not one per call.
    stdlib = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    stdlib_ascii = json.JSONEncoder(allow_nan=False, separators=(",", ":"))
    found: dict[str, tuple[Callable[[Any], bytes], Callable[[bytes], Any]]] = {
        "json (stdlib)": (lambda obj: stdlib.encode(obj).encode(), json.loads),
        "json ascii": (lambda obj: stdlib_ascii.encode(obj).encode("ascii"), json.loads),
    }
    try:
        import orjson  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        pass
    else:
        found["orjson"] = (orjson.dumps, orjson.loads)
    try:
        import msgspec
    except ImportError:
        pass
    else:
        found["msgspec"] = (msgspec.json.Encoder().encode, msgspec.json.Decoder().decode)
    return found


def best_microseconds(func: Callable[[], object]) -> float:
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def _each(func: Callable[[Any], object], items: list[Any]) -> list[object]:
    return [func(item) for item in items]


def main() -> None:
    available = codecs()
    for name, frames in workloads().items():
        print(f"\n{name}")
        baseline: tuple[float, float] | None = None
        for codec_name, (encode, decode) in available.items():
            encoded = [encode(frame) for frame in frames]
            assert [decode(data) for data in encoded] == frames
            enc = best_microseconds(partial(_each, encode, frames))
            dec = best_microseconds(partial(_each, decode, encoded))
            if baseline is None:
                baseline = (enc, dec)
            print(
                f"  {codec_name:14} encode {enc:10.1f} us ({enc / baseline[0]:4.2f}x)"
                f"   decode {dec:10.1f} us ({dec / baseline[1]:4.2f}x)"
            )


if __name__ == "__main__":
    main()
