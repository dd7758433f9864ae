"""Messages to signed frames and back: jovi's Session against jupyter_client's.

The whole per-message work of the protocol layer: build the JSON frames, sign,
verify, parse, and (jovi) check every field into typed content.  jovi is measured
with its JSON codec (msgspec) and with the standard library's json swapped in, to
show what the codec choice is worth on the whole path.  Run with the project's
environment (jupyter_client is a test peer there)::

    .venv/bin/python bench/session_codec.py

Prints microseconds per message (serialize + deserialize, best of several repeats)
and ratios to jupyter_client.
"""

from __future__ import annotations

import json
import timeit
from typing import TYPE_CHECKING, Any

from jupyter_client.session import Session as JupyterSession

from jovi.protocol import Content, DisplayData, ExecuteRequest, Session, Status, Stream, codec

if TYPE_CHECKING:
    from collections.abc import Callable

KEY = b"bench-key"


def cases() -> dict[str, Content]:
    html = "".join(f"<tr><td>{i}</td><td>café {i}</td></tr>" for i in range(1000))
    return {
        "execute_request": ExecuteRequest(code="import numpy as np\nnp.arange(10).sum()"),
        "status": Status(execution_state="busy"),
        "display_data 40 KB html": DisplayData(data={"text/html": html, "text/plain": "<t>"}),
        "stream 1 MB": Stream(name="stdout", text="abcdefghij éü→\n" * 70_000),
    }


def best_microseconds(func: Callable[[], object]) -> float:
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def jovi_round_trip(content: Content) -> Callable[[], object]:
    session = Session(KEY, digest_history_size=0)
    message = session.message(content)

    def run() -> object:
        return session.deserialize(session.serialize(message, [b"id"]))

    return run


def jupyter_round_trip(content: Content) -> Callable[[], object]:
    session = JupyterSession(key=KEY, digest_history_size=0)
    message = session.msg(content.msg_type, content=content.to_json())

    def run() -> object:
        _, rest = session.feed_identities(session.serialize(message, ident=[b"id"]))
        return session.deserialize(rest)

    return run


def with_stdlib_json(run: Callable[[], object]) -> Callable[[], object]:
    encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    saved = codec.dumps, codec.loads

    def dumps(value: Any) -> bytes:
        return encoder.encode(value).encode()

    def run_patched() -> object:
        codec.dumps, codec.loads = dumps, json.loads  # type: ignore[assignment]
        try:
            return run()
        finally:
            codec.dumps, codec.loads = saved

    return run_patched


def main() -> None:
    for name, content in cases().items():
        theirs = best_microseconds(jupyter_round_trip(content))
        ours = best_microseconds(jovi_round_trip(content))
        ours_stdlib = best_microseconds(with_stdlib_json(jovi_round_trip(content)))
        print(
            f"{name:26} jupyter_client {theirs:9.1f} us   jovi {ours:9.1f} us "
            f"({ours / theirs:4.2f}x)   jovi with stdlib json {ours_stdlib:9.1f} us "
            f"({ours_stdlib / theirs:4.2f}x)"
        )


if __name__ == "__main__":
    main()
