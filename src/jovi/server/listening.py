"""Where the server listens: the first free port of a few, and the ``list`` files.

:func:`bind_first_free` tries the port asked for, then the next few in order, then
random ones near it (IPython 1.x's ``port_retries``): two servers started one after the
other get 8888 and 8889.  :class:`ServerInfoFile` is ``jovi-server-<pid>.json`` in
the Jupyter runtime directory (mode 0600: it holds the token), which ``jovi notebook
list`` and ``jovi notebook stop`` read; a file whose process is gone is removed when
it is found.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import socket
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Final

from jovi.errors import ServerError
from jovi.utils.atomic import atomic_write
from jovi.utils.processes import pid_running

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "ServerInfo",
    "ServerInfoFile",
    "bind_first_free",
    "candidate_ports",
    "process_running",
    "running_servers",
]

_IN_ORDER: Final = 5


def candidate_ports(port: int, retries: int) -> list[int]:
    """``port``, then up to ``retries`` more: the next five, then random ones near it."""
    ports = [port, *(port + step for step in range(1, min(retries, _IN_ORDER) + 1))]
    spread = max(2 * retries, 10)
    while len(ports) < retries + 1:
        candidate = port + random.randint(-spread, spread)  # noqa: S311 - not a secret
        if 0 < candidate < 65536 and candidate not in ports:
            ports.append(candidate)
    return [p for p in ports if 0 < p < 65536] if port else [0]


def bind_first_free(ip: str, port: int, retries: int) -> socket.socket:
    """A listening socket on the first free port of :func:`candidate_ports`.

    Raises:
        ServerError: no port was free (or ``ip`` cannot be used); one sentence.
    """
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    host = "" if ip in ("*", "") else ip
    last: OSError | None = None
    for candidate in candidate_ports(port, retries):
        # Named as TCP, so that asyncio sets TCP_NODELAY on every connection: without
        # it, the second frame of an answer waits for the client's delayed ACK (40 ms).
        listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((host, candidate))
        except OSError as error:
            listener.close()
            last = error
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            raise ServerError(500, f"The server cannot listen on {ip}: {error.strerror}.") from None
        listener.listen(128)
        listener.setblocking(False)
        return listener
    reason = last.strerror if last is not None else "no port"
    raise ServerError(
        500,
        f"No free port among {port} and the {retries} after it ({reason}); "
        "choose another with --port.",
    )


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """A running server, as ``jovi notebook list`` shows it."""

    url: str
    hostname: str
    port: int
    secure: bool
    base_url: str
    token: str
    root_dir: str
    pid: int
    password: bool
    version: str

    @property
    def url_with_token(self) -> str:
        return f"{self.url}?token={self.token}" if self.token else self.url


class ServerInfoFile:
    """``jovi-server-<pid>.json``: written when the server starts, removed when it stops."""

    def __init__(self, runtime_dir: Path, pid: int | None = None) -> None:
        self.path = runtime_dir / f"jovi-server-{pid if pid is not None else os.getpid()}.json"

    def write(self, info: ServerInfo) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(asdict(info), indent=1), permissions=0o600)

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def running_servers(runtime_dir: Path) -> list[ServerInfo]:
    """The servers whose files are in ``runtime_dir`` and whose process still runs."""
    found = []
    for path in sorted(runtime_dir.glob("jovi-server-*.json")):
        try:
            info = ServerInfo(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            continue
        if not process_running(info.pid):
            with contextlib.suppress(OSError):
                path.unlink()  # its server was killed: the file is stale
            continue
        found.append(info)
    return found


def process_running(pid: int) -> bool:
    """Whether the process ``pid`` runs (one that ended but was not reaped does not)."""
    return pid_running(pid)
