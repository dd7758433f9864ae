"""A real jovi server on a loopback port (uvicorn on a thread the fixture joins), and a
small HTTP client for it."""

from __future__ import annotations

import http.client
import json
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn

from jovi.lib.notary import Notary
from jovi.server.app import ServerSettings, build_app


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Http:
    """Requests to the server: with the token in a header unless told otherwise."""

    port: int
    token: str
    base_url: str = "/"
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        token: bool = True,
        headers: dict[str, str] | None = None,
        raw_body: bytes | None = None,
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = dict(headers or {})
        if token and self.token:
            sent["Authorization"] = f"token {self.token}"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = raw_body if raw_body is not None else None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        url = self.base_url.rstrip("/") + quote(path, safe="/?=&%")
        connection.request(method, url, body=data, headers=sent)
        response = connection.getresponse()
        reply = Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders() if k.lower() != "set-cookie"},
            response.read(),
        )
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return reply

    def get(self, path: str, **options: Any) -> Reply:
        return self.request("GET", path, **options)


class RunningServer:
    """uvicorn serving ``app`` on a free loopback port, on a thread this object joins."""

    def __init__(self, app: Any, *, ws_ping_interval: float = 20.0) -> None:
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            lifespan="on",
            ws="websockets-sansio",
            ws_ping_interval=ws_ping_interval,
            ws_ping_timeout=ws_ping_interval,
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, name="test-server", daemon=True)

    def start(self) -> int:
        self._thread.start()
        deadline = 30.0
        step = 0.01
        waited = 0.0
        while not self.server.started:
            assert self._thread.is_alive(), "the server did not start"
            threading.Event().wait(step)
            waited += step
            assert waited < deadline, "the server did not start within 30 s"
        sockets = self.server.servers[0].sockets
        return int(sockets[0].getsockname()[1])

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(10)
        assert not self._thread.is_alive(), "the server did not stop"


@pytest.fixture
def server_root(tmp_path: Path) -> Path:
    root = tmp_path / "served"
    root.mkdir()
    return root


def start_server(
    root: Path, tmp_path: Path, *, ws_ping_interval: float = 20.0, **settings: Any
) -> tuple[RunningServer, Http]:
    """A server of ``root``; its WebSockets are pinged every ``ws_ping_interval``
    seconds and closed when a pong takes as long (uvicorn's keepalive)."""
    token = settings.pop("token", secrets.token_hex(8))
    options = ServerSettings(
        root_dir=root,
        token=token,
        cookie_secret=secrets.token_bytes(32),
        notary=Notary(tmp_path / "notary", db_file=":memory:"),
        **settings,
    )
    running = RunningServer(build_app(options), ws_ping_interval=ws_ping_interval)
    port = running.start()
    return running, Http(port, token, options.base_url)


@pytest.fixture
def server(server_root: Path, tmp_path: Path):
    running, client = start_server(server_root, tmp_path)
    try:
        yield client
    finally:
        running.stop()
