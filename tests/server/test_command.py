"""``jovi notebook`` as a user runs it: a real process, its URL and token, ``list`` and
``stop``, port retries, refusals, Ctrl-C, passwords and the login page, HTTPS, a
base URL."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jovi.server.auth import Gate
from jovi.server.listening import candidate_ports
from jovi.server.passwords import check_password, hash_password, legacy_hash
from jovi.server.stopping import CONFIRM_WINDOW_S, InterruptPolicy
from tests.processes import free_port

pytestmark = pytest.mark.integration

URL_LINE = re.compile(r"(https?://\S+)")


class ServerProcess:
    """``jovi notebook`` in a subprocess; its URL once it listens."""

    def __init__(self, jovi_command, root: Path, *arguments: str) -> None:
        self.process = subprocess.Popen(
            [*jovi_command, "notebook", str(root), "--no-browser", "--allow-root", *arguments],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.url = ""
        self.lines: list[str] = []
        deadline = time.monotonic() + 30
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            found = URL_LINE.search(line)
            if found:
                self.url = found.group(1)
                break
        assert self.url, (self.lines, self.process.stderr.read() if self.process.poll() else "")
        parts = urlsplit(self.url)
        self.port = parts.port
        self.token = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get(
            "token", ""
        )
        self.secure = parts.scheme == "https"
        self.base = parts.path

    def request(self, method: str, path: str, *, token: bool = True) -> tuple[int, bytes]:
        if self.secure:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=30, context=context
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"token {self.token}"} if token and self.token else {}
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def stop(self) -> int:
        """SIGTERM (if it still runs); its exit status, once its pipes are drained."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.communicate()
        self.lines.append(out)
        self.stderr = err
        return self.process.returncode


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    (root / "hello.txt").write_text("hello")
    return root


def test_the_command_prints_its_url_serves_lists_and_stops(jovi_command, served, isolated_dirs):
    port = free_port()
    server = ServerProcess(jovi_command, served, "--port", str(port))
    try:
        assert server.port == port
        assert len(server.token) == 48
        assert server.request("GET", "/api/contents/hello.txt")[0] == 200
        assert server.request("GET", "/api/contents/hello.txt", token=False)[0] == 403
        info_files = list((isolated_dirs / "jupyter-runtime").glob("jovi-server-*.json"))
        assert len(info_files) == 1
        assert info_files[0].stat().st_mode & 0o777 == 0o600
        secret = isolated_dirs / "jovi" / "profile_default" / "security" / "notebook_cookie_secret"
        assert secret.stat().st_mode & 0o777 == 0o600
        listed = subprocess.run(
            [*jovi_command, "notebook", "list"], capture_output=True, text=True, check=True
        ).stdout
        assert f"http://127.0.0.1:{port}/?token={server.token} :: {served}" in listed
        status, body = server.request("POST", "/api/kernels")
        assert status == 201
        kernel_id = json.loads(body)["id"]
        stopped = subprocess.run(
            [*jovi_command, "notebook", "stop", str(port)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert stopped.returncode == 0, stopped.stderr
        assert f"Stopped the server on port {port}." in stopped.stdout
        assert server.stop() == 0
        assert not info_files[0].exists()
        assert not _processes_mentioning(kernel_id), "its kernel outlived the server"
    finally:
        server.stop()


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in command and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


def test_a_taken_port_makes_it_try_the_next(jovi_command, served):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        server = ServerProcess(jovi_command, served, "--port", str(port))
        try:
            assert server.port != port
            assert server.port in candidate_ports(port, 50)
        finally:
            assert server.stop() == 0


def test_candidate_ports_are_the_next_five_then_random_ones_near():
    ports = candidate_ports(8888, 50)
    assert ports[:6] == [8888, 8889, 8890, 8891, 8892, 8893]
    assert len(ports) == 51 == len(set(ports))
    assert all(8888 - 100 <= p <= 8888 + 100 for p in ports)
    assert candidate_ports(8888, 0) == [8888]


def test_no_token_is_refused_unless_on_loopback(jovi_command, served):
    refused = subprocess.run(
        [*jovi_command, "notebook", str(served), "--no-browser", "--allow-root",
         "--token=", "--ip=0.0.0.0"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        (
            "jovi notebook: refusing to listen on 0.0.0.0 with no token and no password; "
            "set one (jovi notebook password) or listen on 127.0.0.1."
        )
    ]
    server = ServerProcess(jovi_command, served, "--token=", "--port", str(free_port()))
    try:
        assert server.token == ""
        assert server.request("GET", "/api/contents", token=False)[0] == 200
    finally:
        server.stop()


def test_running_as_root_is_refused_without_allow_root(monkeypatch, served, capsys):
    from jovi.cli.notebook import NotebookApp

    monkeypatch.setattr(os, "geteuid", lambda: 0)
    status = NotebookApp.launch([str(served), "--no-browser"])
    assert status == 2
    assert "refusing to run as root" in capsys.readouterr().err


@pytest.fixture
def recorded_settings(monkeypatch):
    """The settings each ``NotebookApp.launch`` gives the server, which is not started
    (what the command makes of its options is the point)."""
    from jovi.server import runner

    started = []

    class Recorded:
        def __init__(self, settings, options, say):
            started.append(settings)

        def run(self):
            return 0

    monkeypatch.setattr(runner, "NotebookServer", Recorded)
    return started


def test_jupyter_servers_names_for_the_token_trash_and_hidden_files(recorded_settings, served):
    # Deployments (docker images, hubs) start servers with these Jupyter Server settings.
    from jovi.cli.notebook import NotebookApp

    started = recorded_settings
    argv = [str(served), "--no-browser", "--allow-root"]
    assert NotebookApp.launch(argv) == 0
    assert started[-1].delete_to_trash is True  # Jupyter Server's default
    assert started[-1].allow_hidden is False
    assert (
        NotebookApp.launch(
            [
                *argv,
                "--IdentityProvider.token=given",
                "--FileContentsManager.delete_to_trash=False",
                "--ContentsManager.allow_hidden=True",
                "--MappingKernelManager.cull_idle_timeout=600",
                "--MappingKernelManager.cull_interval=60",
                "--ServerApp.disable_check_xsrf=True",
                "--ServerApp.shutdown_no_activity_timeout=900",
            ]
        )
        == 0
    )
    settings = started[-1]
    assert (settings.token, settings.delete_to_trash, settings.allow_hidden) == (
        "given",
        False,
        True,
    )
    assert (settings.cull.idle_timeout, settings.cull.interval) == (600, 60)
    assert (settings.cull.cull_connected, settings.cull.cull_busy) == (False, False)
    assert settings.disable_check_xsrf is True
    assert settings.shutdown_no_activity_timeout == 900
    assert started[0].disable_check_xsrf is False


def test_jupyter_server_settings_jovi_does_not_use_are_warnings(recorded_settings, served, capsys):
    from jovi.cli.notebook import NotebookApp

    argv = [str(served), "--no-browser", "--allow-root", "--ServerApp.terminals_enabled=False"]
    assert NotebookApp.launch(argv) == 0
    assert "jovi's server has no terminals" in capsys.readouterr().err
    assert len(recorded_settings) == 1


def test_password_required_refuses_to_start_without_one(monkeypatch, served, capsys):
    from jovi.cli.notebook import NotebookApp

    argv = [str(served), "--no-browser", "--allow-root", "--ServerApp.password_required=True"]
    assert NotebookApp.launch(argv) == 2
    assert "a password is required" in capsys.readouterr().err


def test_a_missing_directory_is_one_sentence(jovi_command, tmp_path):
    result = subprocess.run(
        [*jovi_command, "notebook", str(tmp_path / "nope"), "--no-browser", "--allow-root"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == f"jovi notebook: {tmp_path / 'nope'} does not exist."


def test_a_notebook_argument_serves_its_directory(jovi_command, served):
    (served / "analysis.ipynb").write_text("{}")
    server = ServerProcess(jovi_command, served / "analysis", "--port", str(free_port()))
    try:
        status, body = server.request("GET", "/api/contents")
        assert status == 200
        assert "analysis.ipynb" in {m["name"] for m in json.loads(body)["content"]}
    finally:
        server.stop()


def test_one_ctrl_c_without_a_terminal_stops_it_cleanly(jovi_command, served, isolated_dirs):
    server = ServerProcess(jovi_command, served, "--port", str(free_port()))
    server.process.send_signal(signal.SIGINT)
    server.process.wait(30)
    assert server.stop() == 0
    assert not list((isolated_dirs / "jupyter-runtime").glob("jovi-server-*.json"))


def test_at_a_terminal_ctrl_c_asks_and_a_second_one_stops():
    policy = InterruptPolicy(interactive=True)
    assert policy.on_interrupt(now=100.0) == "ask"
    assert policy.on_interrupt(now=100.0 + CONFIRM_WINDOW_S - 0.1) == "stop"
    late = InterruptPolicy(interactive=True)
    assert late.on_interrupt(now=0.0) == "ask"
    assert late.on_interrupt(now=CONFIRM_WINDOW_S + 1) == "ask"  # too late: asks again
    answered = InterruptPolicy(interactive=True)
    answered.on_interrupt(now=0.0)
    assert answered.on_answer("y\n", now=1.0) == "stop"
    answered.on_interrupt(now=10.0)
    assert answered.on_answer("n\n", now=11.0) == "resume"
    answered.on_interrupt(now=20.0)
    assert answered.on_answer("y\n", now=20.0 + CONFIRM_WINDOW_S + 1) == "resume"
    assert InterruptPolicy(interactive=False).on_interrupt() == "stop"


def test_ctrl_c_at_a_terminal_asks_before_stopping(jovi_command, served, tmp_path):
    """In a real pseudo-terminal: the first Ctrl-C asks, the second stops."""
    import pty

    port = free_port()
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*jovi_command, "notebook", str(served), "--no-browser", "--allow-root",
         "--port", str(port)],
        stdin=follower, stdout=follower, stderr=follower, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    output = b""
    try:
        output = _read_until(leader, b"Press Ctrl-C", output)
        process.send_signal(signal.SIGINT)
        output = _read_until(leader, b"Shut down this server (y/[n])?", output)
        assert process.poll() is None, "one Ctrl-C stopped it"
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)


def _read_until(fd: int, marker: bytes, output: bytes) -> bytes:
    import select

    deadline = time.monotonic() + 30
    while marker not in output:
        assert time.monotonic() < deadline, output
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            output += os.read(fd, 4096)
    return output


# ---------------------------------------------------------------------- passwords


def test_password_hashes_are_argon2_and_never_the_password():
    hashed = hash_password("correct horse")
    assert hashed.startswith("argon2:$argon2id$")
    assert "correct horse" not in hashed
    assert check_password(hashed, "correct horse")
    assert not check_password(hashed, "wrong")
    assert check_password(legacy_hash("seed era"), "seed era")  # IPython 1.x's sha1 form
    assert not check_password("nonsense", "x")


def test_the_password_command_stores_only_the_hash(jovi_command, isolated_dirs):
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*jovi_command, "notebook", "password"],
        stdin=follower, stdout=follower, stderr=follower, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    try:
        output = _read_until(leader, b"Enter a password:", b"")
        os.write(leader, b"s3cret-pass\n")
        output = _read_until(leader, b"Verify the password:", output)
        os.write(leader, b"s3cret-pass\n")
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    config = isolated_dirs / "jovi" / "profile_default" / "jovi_notebook_config.json"
    text = config.read_text()
    assert "s3cret-pass" not in text
    assert config.stat().st_mode & 0o777 == 0o600
    assert check_password(json.loads(text)["NotebookApp"]["password"], "s3cret-pass")


def test_login_with_the_password_then_the_cookie_suffices(server_root, tmp_path):
    from tests.server.conftest import Http, start_server

    running, client = start_server(server_root, tmp_path, token="", password=hash_password("pw"))
    try:
        browser = Http(client.port, "")
        assert browser.get("/api/contents").status == 403
        page = browser.get("/login?next=/tree")
        assert page.status == 200
        assert b'type="password"' in page.body
        form = f"password=nope&_xsrf={browser.cookies['_xsrf']}&next=/tree".encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        wrong = browser.request("POST", "/login", raw_body=form, headers=headers)
        assert wrong.status == 401
        no_xsrf = browser.request("POST", "/login", raw_body=b"password=pw", headers=headers)
        assert no_xsrf.status == 403
        form = f"password=pw&_xsrf={browser.cookies['_xsrf']}&next=https://evil.example/".encode()
        logged_in = browser.request("POST", "/login", raw_body=form, headers=headers)
        assert logged_in.status == 302
        assert logged_in.headers["location"] == "/"  # never to another site
        assert browser.get("/api/contents").status == 200
        browser.get("/logout")
        assert browser.get("/api/contents").status == 403
    finally:
        running.stop()


def test_a_login_cookie_names_the_port():
    assert (
        Gate("t", b"s", "jovi-login-8888").cookie_name
        != Gate("t", b"s", "jovi-login-8889").cookie_name
    )


# ---------------------------------------------------------------------- https, base url


def test_https_with_a_certificate(jovi_command, served, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-nodes", "-days", "1", "-newkey", "rsa:2048",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    server = ServerProcess(
        jovi_command, served, "--certfile", str(cert), "--keyfile", str(key),
        "--port", str(free_port()),
    )  # fmt: skip
    try:
        assert server.secure
        assert server.request("GET", "/api/contents/hello.txt")[0] == 200
    finally:
        assert server.stop() == 0


def test_a_base_url_prefixes_every_route(jovi_command, served):
    server = ServerProcess(jovi_command, served, "--base-url", "nb", "--port", str(free_port()))
    try:
        assert server.base == "/nb/"
        assert server.request("GET", "/nb/api/contents/hello.txt")[0] == 200
        assert server.request("GET", "/api/contents/hello.txt")[0] == 404
    finally:
        server.stop()


def test_the_command_runs_in_this_python(jovi_command):
    help_text = subprocess.run(
        [*jovi_command, "notebook", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for option in ("--port", "--ip", "--no-browser", "--token", "--password", "--base-url",
                   "--certfile", "--keyfile", "--allow-origin", "--allow-root", "--root-dir",
                   "--port-retries"):  # fmt: skip
        assert option in help_text, option
    assert sys.executable


def test_it_opens_the_browser_on_its_url_with_the_token(
    jovi_command, served, tmp_path, monkeypatch
):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"{browser} %s")
    (served / "analysis.ipynb").write_text("{}")
    process = subprocess.Popen(
        [*jovi_command, "notebook", str(served / "analysis.ipynb"), "--allow-root",
         "--port", str(free_port())],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not opened.exists() or not opened.read_text().strip():
            assert time.monotonic() < deadline, "no browser was opened"
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    url = opened.read_text().strip()
    assert re.match(r"http://127\.0\.0\.1:\d+/notebooks/analysis\.ipynb\?token=[0-9a-f]{48}$", url)


def test_an_execute_through_the_command_does_not_wait_for_delayed_acks(jovi_command, served):
    """The listening socket is named TCP, so every connection has TCP_NODELAY: without
    it, each answer's second frame waited for the client's delayed ACK (~40 ms)."""
    import statistics

    from tests.server.test_kernels import Channels, _execute

    server = ServerProcess(jovi_command, served, "--port", str(free_port()))
    try:
        status, body = server.request("POST", "/api/kernels")
        assert status == 201
        channels = Channels(server, json.loads(body)["id"])
        try:
            times = []
            for _ in range(25):
                started = time.perf_counter()
                channels.until_reply(channels.send(_execute("pass", channels.session)))
                times.append(time.perf_counter() - started)
        finally:
            channels.close()
    finally:
        server.stop()
    assert statistics.median(times[5:]) < 0.025, times


def test_the_password_flag_asks_stores_the_hash_and_then_requires_it(
    jovi_command, served, isolated_dirs
):
    import pty

    from tests.server.conftest import Http

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*jovi_command, "notebook", str(served), "--no-browser", "--allow-root", "--password",
         "--port", str(free_port())],
        stdin=follower, stdout=follower, stderr=follower, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    try:
        output = _read_until(leader, b"Enter a password:", b"")
        os.write(leader, b"flag-pass\n")
        output = _read_until(leader, b"Verify the password:", output)
        os.write(leader, b"flag-pass\n")
        output = _read_until(leader, b"Press Ctrl-C", output)
        url = URL_LINE.search(output.decode(errors="replace").split("serving", 1)[1]).group(1)
        assert "token=" not in url  # a password, so no token
        browser = Http(urlsplit(url).port, "")
        assert browser.get("/api/contents").status == 403
        browser.get("/login")
        form = f"password=flag-pass&_xsrf={browser.cookies['_xsrf']}&next=/".encode()
        logged_in = browser.request(
            "POST", "/login", raw_body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        assert logged_in.status == 302
        assert browser.get("/api/contents").status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
        os.close(leader)
    config = isolated_dirs / "jovi" / "profile_default" / "jovi_notebook_config.json"
    assert "flag-pass" not in config.read_text()
    assert check_password(json.loads(config.read_text())["NotebookApp"]["password"], "flag-pass")
