"""``jovi notebook``: the notebook server, and ``list``, ``stop`` and ``password``.

``jovi notebook [DIR | NOTEBOOK]`` serves DIR (the current directory by default) on
127.0.0.1:8888, or the next free port, prints its URL with the token, and opens the
browser.  Every option is also a configuration option (``c.NotebookApp.port = 9999``
in ``jovi_notebook_config.py``), as in IPython 1.x's ``ipython_notebook_config.py``.

Security by default: a fresh token each run unless a password is set; a server
without token and password is refused unless it listens on loopback only; running as
root is refused without ``--allow-root``; the cookie secret lives in the profile's
``security`` directory (0600).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, JoviApp, Subcommand
from jovi.config import Alias, Bool, Flag, Float, Int, Str

if TYPE_CHECKING:
    from jovi.server.app import ServerSettings
    from jovi.server.runner import RunOptions

__all__ = ["NotebookApp", "NotebookListApp", "NotebookPasswordApp", "NotebookStopApp"]

_GENERATED = "<generated>"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class NotebookApp(JoviApp):
    """``jovi notebook``: the notebook server."""

    command: ClassVar[str] = "jovi notebook"
    summary: ClassVar[str] = "run the notebook server (Jupyter Server's API) on a directory."
    usage: ClassVar[tuple[str, ...]] = (
        "[DIR | NOTEBOOK] [options]",
        "list",
        "stop PORT",
        "password",
    )
    description: ClassVar[str] = (
        "Serves DIR (default: the current directory) and opens the browser. With a\n"
        "NOTEBOOK, serves its directory and opens it. Stop it with Ctrl-C (it asks\n"
        "first; a second Ctrl-C within 5 s stops it) or with: jovi notebook stop PORT."
    )
    config_name: ClassVar[str | None] = "notebook"
    # A configuration written for Jupyter Server (c.ServerApp.port = 9999) works too,
    # with the settings of its contents manager and of its token's identity provider
    # that jovi's server has (c.FileContentsManager.delete_to_trash,
    # c.ContentsManager.allow_hidden, c.IdentityProvider.token).
    # The same for the settings that cull idle kernels (c.MappingKernelManager.cull_*).
    config_aliases = (
        "ServerApp",
        "ContentsManager",
        "FileContentsManager",
        "IdentityProvider",
        "MappingKernelManager",
    )
    creates_profile: ClassVar[bool] = True
    max_positionals: ClassVar[int | None] = 1

    ip = Str("127.0.0.1", help="The address to listen on ('*' or 0.0.0.0: every address).")
    port = Int(8888, min=0, max=65535, help="The port to listen on (0: any free port).")
    port_retries = Int(50, min=0, help="How many other ports to try when the port is taken.")
    open_browser = Bool(True, help="Open the browser once the server listens.")
    root_dir = Str("", help="The directory served (default: the current directory).")
    token = Str(
        _GENERATED,
        help="The token clients show (default: a new one each run, unless a password is set; "
        "empty: none, which is refused unless the server listens on loopback only).",
    )
    password = Str("", help="The hash of the login password (set it with: jovi notebook password).")
    base_url = Str("/", help="The URL prefix of every page and API route.")
    certfile = Str("", help="A TLS certificate (PEM): serve HTTPS.")
    keyfile = Str("", help="The TLS private key, if it is not in the certificate file.")
    allow_origin = Str("", help="Another site whose pages may use the server ('*': any).")
    allow_root = Bool(False, help="Allow running the server as root.")
    allow_remote_access = Bool(
        False,
        help="On loopback, also answer requests addressed by other names (turns off the "
        "DNS rebinding protection).",
    )
    allow_hidden = Bool(False, help="Serve hidden files and directories too.")
    delete_to_trash = Bool(
        True,
        help="Deleting a file or an empty directory moves it to the user's trash (where "
        "the desktop can restore it from); False: deleting is for good.",
    )
    default_kernel = Str("jovi", help="The kernel started when a client names none.")
    output_limit_lines = Int(
        10_000, min=1, help="Lines of one cell's output sent to the browser; the rest is kept."
    )
    output_limit_bytes = Int(
        5_000_000, min=1, help="Bytes of one cell's output sent to the browser; the rest is kept."
    )
    iopub_msg_rate_limit = Float(
        0.0, min=0.0, help="Jupyter Server's IOPub message rate limit (per second; 0: none)."
    )
    iopub_data_rate_limit = Float(
        0.0, min=0.0, help="Jupyter Server's IOPub data rate limit (bytes per second; 0: none)."
    )
    rate_limit_window = Float(3.0, min=0.001, help="Seconds the IOPub rates are averaged over.")
    ask_password = Bool(False, help="Ask for a new password, store its hash, then start.")
    disable_check_xsrf = Bool(
        False,
        help="Let requests that change something by login cookie alone in without the "
        "XSRF header (for clients that cannot send it; weakens the protection against "
        "other sites' pages).",
    )
    password_required = Bool(
        False, help="Refuse to start without a password (set one: jovi notebook password)."
    )
    shutdown_no_activity_timeout = Int(
        0,
        min=0,
        help="Stop the server after this many seconds with no kernel running and no "
        "request (0: never); with cull_idle_timeout a forgotten server ends by itself.",
    )
    cull_idle_timeout = Int(
        0, min=0, help="Shut down kernels idle for this many seconds (0: never)."
    )
    cull_interval = Int(300, min=1, help="Seconds between two looks for idle kernels.")
    cull_connected = Bool(False, help="Shut down idle kernels a client is connected to as well.")
    cull_busy = Bool(False, help="Shut down busy kernels without activity as well.")

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("ip", "NotebookApp.ip", "The address to listen on.", "ADDRESS"),
        Alias("port", "NotebookApp.port", "The port to listen on.", "PORT"),
        Alias("port-retries", "NotebookApp.port_retries", "Other ports to try.", "N"),
        Alias("root-dir", "NotebookApp.root_dir", "The directory served.", "DIR"),
        Alias(
            "notebook-dir",
            "NotebookApp.root_dir",
            "The directory served (IPython 1.x's name).",
            "DIR",
        ),
        Alias("token", "NotebookApp.token", "The token clients must show.", "TOKEN"),
        Alias("base-url", "NotebookApp.base_url", "The URL prefix.", "PREFIX"),
        Alias("certfile", "NotebookApp.certfile", "A TLS certificate.", "FILE"),
        Alias("keyfile", "NotebookApp.keyfile", "The TLS key.", "FILE"),
        Alias("allow-origin", "NotebookApp.allow_origin", "A site allowed to use it.", "ORIGIN"),
        Alias("kernel", "NotebookApp.default_kernel", "The default kernel.", "NAME"),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag("no-browser", {"NotebookApp": {"open_browser": False}}, "Do not open a browser."),
        Flag("allow-root", {"NotebookApp": {"allow_root": True}}, "Allow running as root."),
        Flag("allow-hidden", {"NotebookApp": {"allow_hidden": True}}, "Serve hidden files."),
        Flag(
            "password",
            {"NotebookApp": {"ask_password": True}},
            "Ask for a password, store its hash, and require it.",
        ),
    )
    subcommands: ClassVar[tuple[Subcommand, ...]] = (
        Subcommand("list", "jovi.cli.notebook:NotebookListApp", "List the running servers."),
        Subcommand("stop", "jovi.cli.notebook:NotebookStopApp", "Stop the server on PORT."),
        Subcommand("password", "jovi.cli.notebook:NotebookPasswordApp", "Set the login password."),
    )

    def start(self) -> int:
        from jovi.errors import ServerError
        from jovi.server.runner import NotebookServer
        from jovi.utils.paths import jupyter_runtime_dir

        root, open_path = self._root_and_open_path()
        if root is None:
            return EXIT_USAGE
        if hasattr(os, "geteuid") and os.geteuid() == 0 and not self.allow_root:
            print(
                "jovi notebook: refusing to run as root; use --allow-root if you mean it.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        password = self.password
        if self.ask_password:
            password = _ask_new_password()
            if not password:
                return EXIT_FAILURE
            self._store_password(password)
        if self.password_required and not password:
            print(
                "jovi notebook: a password is required (NotebookApp.password_required) and "
                "none is set; set one with: jovi notebook password",
                file=sys.stderr,
            )
            return EXIT_USAGE
        token = self._token(password)
        if not token and not password and self.ip not in _LOOPBACK:
            print(
                f"jovi notebook: refusing to listen on {self.ip} with no token and no "
                "password; set one (jovi notebook password) or listen on 127.0.0.1.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        settings, options = self._settings(root, token, password, open_path, jupyter_runtime_dir())
        try:
            return NotebookServer(settings, options, _say).run()
        except ServerError as error:
            print(f"jovi notebook: {error}", file=sys.stderr)
            return EXIT_FAILURE

    def _root_and_open_path(self) -> tuple[Path | None, str]:
        given = self.positionals[0] if self.positionals else (self.root_dir or ".")
        target = Path(given).expanduser()
        if not target.exists() and not target.suffix and target.with_suffix(".ipynb").is_file():
            target = target.with_suffix(".ipynb")
        if target.is_dir():
            return target.resolve(), ""
        if target.is_file():
            return target.resolve().parent, target.name
        print(f"jovi notebook: {given} does not exist.", file=sys.stderr)
        return None, ""

    def _token(self, password: str) -> str:
        if self.token != _GENERATED:
            return self.token
        from_env = os.environ.get("JUPYTER_TOKEN")
        token_file = os.environ.get("JUPYTER_TOKEN_FILE")
        if from_env is not None:
            return from_env
        if token_file:
            with contextlib.suppress(OSError):
                return Path(token_file).read_text(encoding="utf-8").strip()
        return "" if password else secrets.token_hex(24)

    def _settings(
        self, root: Path, token: str, password: str, open_path: str, runtime: Path
    ) -> tuple[ServerSettings, RunOptions]:
        from jovi.lib.notary import Notary
        from jovi.server.app import ServerSettings
        from jovi.server.kernels.culling import CullPolicy
        from jovi.server.runner import RunOptions

        settings = ServerSettings(
            root_dir=root,
            token=token,
            cookie_secret=self._cookie_secret(),
            port=self.port,
            base_url=self.base_url,
            allow_hidden=self.allow_hidden,
            delete_to_trash=self.delete_to_trash,
            password=password,
            notary=Notary(),
            default_kernel=self.default_kernel,
            allow_origin=self.allow_origin,
            output_limit_lines=self.output_limit_lines,
            output_limit_bytes=self.output_limit_bytes,
            iopub_msg_rate_limit=self.iopub_msg_rate_limit,
            iopub_data_rate_limit=self.iopub_data_rate_limit,
            rate_limit_window=self.rate_limit_window,
            jovi_dir=self.jovi_dir_path,
            disable_check_xsrf=self.disable_check_xsrf,
            shutdown_no_activity_timeout=self.shutdown_no_activity_timeout,
            cull=CullPolicy(
                idle_timeout=self.cull_idle_timeout,
                interval=self.cull_interval,
                cull_connected=self.cull_connected,
                cull_busy=self.cull_busy,
            ),
        )
        options = RunOptions(
            ip=self.ip,
            port=self.port,
            port_retries=self.port_retries,
            certfile=self.certfile,
            keyfile=self.keyfile,
            open_browser=self.open_browser,
            open_path=open_path,
            runtime_dir=runtime,
            allow_remote_access=self.allow_remote_access,
        )
        return settings, options

    def _cookie_secret(self) -> bytes:
        from jovi.utils.atomic import atomic_write

        assert self.profile_dir is not None
        path = self.profile_dir.security_dir / "notebook_cookie_secret"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            secret = secrets.token_bytes(32).hex().encode()
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, secret, permissions=0o600)
            return secret

    def _store_password(self, hashed: str) -> None:
        assert self.profile_dir is not None
        store_password(self.profile_dir.location / "jovi_notebook_config.json", hashed)


def _say(text: str) -> None:
    print(text, end="", flush=True)


def store_password(path: Path, hashed: str) -> None:
    """Put ``NotebookApp.password`` in the JSON config file ``path``, keeping the rest."""
    from jovi.utils.atomic import atomic_write

    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        config = {}
    if not isinstance(config, dict):
        config = {}
    section = config.get("NotebookApp")
    config["NotebookApp"] = {**(section if isinstance(section, dict) else {}), "password": hashed}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(config, indent=2) + "\n", permissions=0o600)


def _ask_new_password() -> str:
    """The hash of a new password typed twice ("" when they differ or none was given)."""
    from jovi.server.passwords import hash_password

    first = getpass.getpass("Enter a password: ")
    second = getpass.getpass("Verify the password: ")
    if not first:
        print("jovi notebook: an empty password was not set.", file=sys.stderr)
        return ""
    if first != second:
        print("jovi notebook: the passwords differ; nothing was set.", file=sys.stderr)
        return ""
    return hash_password(first)


class NotebookPasswordApp(JoviApp):
    """``jovi notebook password``: set the server's login password."""

    command: ClassVar[str] = "jovi notebook password"
    summary: ClassVar[str] = "set the login password of the notebook server (its hash is stored)."
    creates_profile: ClassVar[bool] = True

    def start(self) -> int:
        hashed = _ask_new_password()
        if not hashed:
            return EXIT_FAILURE
        assert self.profile_dir is not None
        path = self.profile_dir.location / "jovi_notebook_config.json"
        store_password(path, hashed)
        print(f"The password's hash was written to {path}")
        return EXIT_OK


class NotebookListApp(JoviApp):
    """``jovi notebook list``: the running servers and their URLs."""

    command: ClassVar[str] = "jovi notebook list"
    summary: ClassVar[str] = "list the running notebook servers with their URLs."
    as_json = Bool(False, help="Print one JSON object per server.")
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag("json", {"NotebookListApp": {"as_json": True}}, "Print JSON."),
    )

    def start(self) -> int:
        from dataclasses import asdict

        from jovi.server.listening import running_servers
        from jovi.utils.paths import jupyter_runtime_dir

        servers = running_servers(jupyter_runtime_dir())
        if self.as_json:
            for info in servers:
                print(json.dumps(asdict(info)))
            return EXIT_OK
        print("Currently running servers:")
        for info in servers:
            print(f"{info.url_with_token} :: {info.root_dir}")
        return EXIT_OK


class NotebookStopApp(JoviApp):
    """``jovi notebook stop PORT``: stop the server on PORT (its kernels too)."""

    command: ClassVar[str] = "jovi notebook stop"
    summary: ClassVar[str] = "stop the notebook server listening on PORT."
    usage: ClassVar[tuple[str, ...]] = ("PORT",)
    max_positionals: ClassVar[int | None] = 1

    def start(self) -> int:
        from jovi.server.listening import process_running, running_servers
        from jovi.utils.paths import jupyter_runtime_dir

        if not self.positionals or not self.positionals[0].isdigit():
            print("jovi notebook stop: give the PORT of the server to stop.", file=sys.stderr)
            return EXIT_USAGE
        port = int(self.positionals[0])
        servers = [s for s in running_servers(jupyter_runtime_dir()) if s.port == port]
        if not servers:
            print(f"jovi notebook stop: no server of yours runs on port {port}.", file=sys.stderr)
            return EXIT_FAILURE
        info = servers[0]
        if not _ask_to_stop(info.url, info.token):
            import signal

            with contextlib.suppress(ProcessLookupError):
                os.kill(info.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not process_running(info.pid):
                print(f"Stopped the server on port {port}.")
                return EXIT_OK
            time.sleep(0.05)
        print(f"jovi notebook stop: the server on port {port} did not stop.", file=sys.stderr)
        return EXIT_FAILURE


def _ask_to_stop(url: str, token: str) -> bool:
    """POST /api/shutdown; whether the server accepted."""
    import ssl
    import urllib.request

    if not url.startswith(("http://", "https://")):
        return False
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url + "api/shutdown",
        method="POST",
        headers={"Authorization": f"token {token}"} if token else {},
    )
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # its own machine's server, often self-signed
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False
