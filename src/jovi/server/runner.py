"""Running the server: listen, say where, open the browser, stop cleanly.

:class:`NotebookServer` binds the first free port (:mod:`~jovi.server.listening`),
runs the application with uvicorn (TLS when given a certificate), prints the URL with
its token, writes the file ``jovi notebook list`` reads, opens the browser unless
told not to, and on Ctrl-C asks before stopping (:mod:`~jovi.server.stopping`).
SIGTERM stops it at once.  Stopping shuts down every kernel it started and removes
its file; the exit status is 0.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import uvicorn

from jovi._version import __version__
from jovi.server.app import ServerSettings, build_app, normalize_base_url
from jovi.server.listening import ServerInfo, ServerInfoFile, bind_first_free
from jovi.server.origins import LOOPBACK_NAMES
from jovi.server.stopping import CONFIRM_WINDOW_S, InterruptPolicy
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from types import FrameType

__all__ = ["NotebookServer", "RunOptions"]


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How the server listens and starts.

    Attributes:
        ip: The address (``127.0.0.1`` by default; ``*`` or ``0.0.0.0``: every one).
        port: The first port tried.
        port_retries: How many more are tried when it is taken.
        certfile: A TLS certificate (PEM): the server speaks HTTPS.
        keyfile: Its private key, if not in ``certfile``.
        open_browser: Open the UI in the browser once listening.
        open_path: What to open: a notebook's path under the root, or "" (the tree).
        runtime_dir: Where the file for ``jovi notebook list`` goes.
        allow_remote_access: Answer requests addressed by any name, not only loopback
            names, when listening on loopback.
    """

    ip: str
    port: int
    port_retries: int
    certfile: str
    keyfile: str
    open_browser: bool
    open_path: str
    runtime_dir: Path
    allow_remote_access: bool = False


class _Uvicorn(uvicorn.Server):
    """uvicorn with jovi's Ctrl-C: asks first, stops on a second one or a yes."""

    def __init__(
        self, config: uvicorn.Config, policy: InterruptPolicy, say: Callable[[str], None]
    ) -> None:
        super().__init__(config)
        self.policy = policy
        self.say = say
        self.threads = OwnedThreads("the notebook server")

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {
            sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def request_stop(self) -> None:
        """Stop as soon as the request that asked has been answered."""
        self.should_exit = True

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if sig == signal.SIGINT and not self.should_exit and self.policy.on_interrupt() == "ask":
            self._ask()
            return
        self.should_exit = True

    def _ask(self) -> None:
        self.say(
            f"\nShut down this server (y/[n])? (or press Ctrl-C again within "
            f"{CONFIRM_WINDOW_S:g} s) "
        )
        self.threads.start(self._read_answer, name="jovi-confirm-stop")

    def _read_answer(self) -> None:
        ready, _, _ = select.select([sys.stdin], [], [], CONFIRM_WINDOW_S)
        answer = sys.stdin.readline() if ready else ""
        if self.policy.on_answer(answer) == "stop":
            self.should_exit = True
        elif not self.should_exit:
            self.say("Resuming the server.\n")


class _SignalsUntilServing:
    """SIGINT and SIGTERM from the very start: a signal that comes before uvicorn
    installs its handlers (while the URL is being printed, say) is not lost, nor does
    it kill the server before it removes its file."""

    def __init__(self) -> None:
        self._received: list[int] = []
        self._server: _Uvicorn | None = None
        self._previous = {
            sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)
        }

    def _handle(self, sig: int, frame: FrameType | None) -> None:
        if self._server is not None:
            self._server.handle_exit(sig, frame)
        else:
            self._received.append(sig)

    def hand_over(self, server: _Uvicorn) -> None:
        """From now on ``server`` handles them, beginning with those already received."""
        self._server = server
        for sig in self._received:
            server.handle_exit(sig, None)

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


class NotebookServer:
    """One run of the notebook server.

    Args:
        settings: What it serves (its ``port`` is set to the port it gets).
        options: How it listens and starts.
        say: Writes what the person who started it reads (the URL, the Ctrl-C prompt).
    """

    def __init__(
        self, settings: ServerSettings, options: RunOptions, say: Callable[[str], None]
    ) -> None:
        self.settings = settings
        self.options = options
        self.say = say

    def run(self) -> int:
        """Serve until stopped; the exit status.

        Raises:
            ServerError: no port could be used.
        """

        signals = _SignalsUntilServing()
        try:
            return self._run(signals, __version__)
        finally:
            signals.restore()

    def _run(self, signals: _SignalsUntilServing, version: str) -> int:
        options = self.options
        listener = bind_first_free(options.ip, options.port, options.port_retries)
        port = int(listener.getsockname()[1])
        settings = replace(self.settings, port=port)
        if options.ip in LOOPBACK_NAMES and not options.allow_remote_access:
            settings = replace(settings, allowed_hosts=LOOPBACK_NAMES | {options.ip})
        app = build_app(settings)
        config = uvicorn.Config(
            app,
            log_level="warning",
            lifespan="on",
            ws="websockets-sansio",
            # Kernel messages are many and small: compressing each costs more time than
            # it saves on loopback (Jupyter Server does not compress either).
            ws_per_message_deflate=False,
            ssl_certfile=options.certfile or None,
            ssl_keyfile=options.keyfile or None,
        )
        interactive = sys.stdin is not None and sys.stdin.isatty()
        server = _Uvicorn(config, InterruptPolicy(interactive=interactive), self.say)
        app.state.request_stop = server.request_stop
        signals.hand_over(server)
        info = _server_info(settings, options, port, version)
        info_file = ServerInfoFile(options.runtime_dir)
        info_file.write(info)
        self.say(_announcement(info, settings))
        if options.open_browser:
            server.threads.start(_open_browser, info, options.open_path, name="jovi-open-browser")
        try:
            server.run(sockets=[listener])
        finally:
            info_file.remove()
            server.threads.join(max(10, CONFIRM_WINDOW_S + 1))
            listener.close()
        self.say("The server stopped; its kernels were shut down.\n")
        return 0


def _server_info(
    settings: ServerSettings, options: RunOptions, port: int, version: str
) -> ServerInfo:
    scheme = "https" if options.certfile else "http"
    host = options.ip if options.ip not in ("", "*", "0.0.0.0", "::") else "localhost"  # noqa: S104
    shown = f"[{host}]" if ":" in host else host
    base_url = normalize_base_url(settings.base_url)
    return ServerInfo(
        url=f"{scheme}://{shown}:{port}{base_url}",
        hostname=host,
        port=port,
        secure=bool(options.certfile),
        base_url=base_url,
        token=settings.token,
        root_dir=str(settings.root_dir),
        pid=_pid(),
        password=bool(settings.password),
        version=version,
    )


def _pid() -> int:
    return os.getpid()


def _announcement(info: ServerInfo, settings: ServerSettings) -> str:
    lines = [
        f"jovi notebook {info.version} is serving {settings.root_dir}",
        f"    {info.url_with_token}",
    ]
    if not info.token and not info.password:
        lines.append("    (no token and no password: anyone who can reach this port can use it)")
    lines.append("Press Ctrl-C to stop the server (it asks first).")
    return "\n".join(lines) + "\n"


def _open_browser(info: ServerInfo, path: str) -> None:
    import webbrowser  # noqa: PLC0415 - only when a browser is opened

    target = info.url + (f"notebooks/{path}" if path else "tree")
    if info.token:
        target += f"?token={info.token}"
    with contextlib.suppress(webbrowser.Error):
        webbrowser.open(target, new=2)
