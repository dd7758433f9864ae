"""Fixtures shared by every test: each test runs with its own home and jovi/Jupyter dirs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO_ROOT = Path(__file__).resolve().parents[1]

# Hypothesis's own clocks (a deadline per example, a health check on slow generation of
# data) measure the machine's load, not the properties: CI's two cores run two test
# processes and their kernels, and generation once took a second for eight inputs.
settings.register_profile("jovi", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("jovi")


@pytest.fixture(scope="session")
def matplotlib_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """matplotlib's configuration and cache directory (``MPLCONFIGDIR``), one per test
    process: its font cache is built once, not by every kernel of every test."""
    return tmp_path_factory.mktemp("matplotlib")


@pytest.fixture(scope="session")
def matplotlib_font_cache(matplotlib_dir: Path) -> Path:
    """``matplotlib_dir`` with its font cache built.  matplotlib says "Matplotlib is
    building the font cache; this may take a moment." on stderr when building takes
    over 5 s, which on a loaded machine made that line an output of a notebook the
    tests compare with another run's."""
    environment = dict(os.environ, MPLCONFIGDIR=str(matplotlib_dir))
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"], env=environment, check=True
    )
    return matplotlib_dir


def _isolate(monkeypatch: pytest.MonkeyPatch, root: Path, matplotlib_dir: Path) -> None:
    """Point HOME, JOVI_DIR and the Jupyter dirs into ``root``; drop what would reach
    past it (the user's IPython and Jupyter paths, jovi's own settings)."""
    home = root / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("JOVI_DIR", str(root / "jovi"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(root / "jupyter-data"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(root / "jupyter-runtime"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(root / "jupyter-config"))
    monkeypatch.setenv("MPLCONFIGDIR", str(matplotlib_dir))
    for name in list(os.environ):
        if name.startswith("JOVI_") and name != "JOVI_DIR":
            monkeypatch.delenv(name)
    for name in (
        "IPYTHONDIR",  # jovi takes over IPython's profile on a first start
        "JUPYTER_PATH",
        "JUPYTER_CONFIG_PATH",
        "JUPYTER_PREFER_ENV_PATH",
        "JUPYTER_NO_CONFIG",
        "XDG_DATA_HOME",  # the trash of files deleted through the server: the home's
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True, scope="session")
def worker_dirs(tmp_path_factory: pytest.TempPathFactory, matplotlib_dir: Path) -> Iterator[Path]:
    """Dirs of the test process's own, set before any fixture starts a process: a
    module's server or cluster (set up before a test's :func:`isolated_dirs`) must not
    use the user's home, nor share it with the other test processes (two servers
    once shared ``~/.jupyter/nbconfig``, and one test's settings undid another's)."""
    root = tmp_path_factory.mktemp("worker")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, root, matplotlib_dir)
        yield root


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    matplotlib_dir: Path,
    worker_dirs: Path,
) -> Iterator[Path]:
    """A fresh HOME, JOVI_DIR and Jupyter dirs, so no test sees the user's or another test's
    files (matplotlib's directory, a cache, is shared by the process's tests); and the
    environment as it was after each test (code run in-process, ``%env`` or a library
    setting ``QT_API``, must not change what later tests' kernels inherit)."""
    del worker_dirs  # set first
    environment = dict(os.environ)
    root = tmp_path_factory.mktemp("home")
    _isolate(monkeypatch, root, matplotlib_dir)
    yield root
    if os.environ != environment:
        os.environ.clear()
        os.environ.update(environment)


@pytest.fixture
def jovi_dir(isolated_dirs: Path) -> Path:
    return isolated_dirs / "jovi"


@pytest.fixture
def jovi_command() -> list[str]:
    """The installed ``jovi`` console script of the environment running the tests."""
    script = Path(sys.executable).parent / "jovi"
    assert script.exists(), f"jovi is not installed in {sys.prefix}; run `make test`"
    return [str(script)]


@pytest.fixture(autouse=True)
def fresh_jovi_logger():
    """Commands run in-process configure the 'jovi' logger; give every test a fresh one."""
    import logging

    logger = logging.getLogger("jovi")
    yield
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


# Test suites of peers kept as data (tests/kernel/peer_suites) run in processes of
# their own, started by the tests beside them; they are never collected here.
collect_ignore_glob = ["kernel/peer_suites/*"]


# --------------------------------------------------------------- the integration marker
# "integration: starts real processes or sockets" (pyproject.toml) is kept true: a test
# not marked integration (nor interop, whose peers are processes) fails when it starts
# a process or binds or connects a network socket, so `make quick` runs only tests that
# do neither.  An audit hook sees the events, whoever causes them.

_PROCESS_EVENTS = frozenset({"subprocess.Popen", "os.posix_spawn", "os.fork", "os.exec"})
_SOCKET_EVENTS = frozenset({"socket.bind", "socket.connect"})
# Programs a library runs once per process when first imported, whichever test that
# is (matplotlib lists the system's fonts): not what the test does.
_LIBRARY_PROBES = frozenset({"fc-list"})
_watched: list[list[str]] = []  # the current unmarked test's findings, while it runs


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _watched or (event not in _PROCESS_EVENTS and event not in _SOCKET_EVENTS):
        return
    if event == "subprocess.Popen" and _program(args) in _LIBRARY_PROBES:
        return
    if event in _SOCKET_EVENTS:
        sock = args[0]
        family = getattr(sock, "family", None)
        if family is not None and int(family) == 1:  # AF_UNIX: a local pipe, no network
            return
    _watched[-1].append(f"{event} {args[1] if len(args) > 1 else ''}".strip())


def _program(args: tuple[object, ...]) -> str:
    command = args[1] if len(args) > 1 else None
    first = command[0] if isinstance(command, list | tuple) and command else command
    return Path(str(first)).name if first is not None else ""


sys.addaudithook(_audit)


def _watch_zmq() -> None:
    # ZeroMQ binds and connects in C, where no audit event is raised.
    import zmq

    for method in ("bind", "connect"):
        original = getattr(zmq.Socket, method)

        def watched(
            self: object, address: str, *, _original: object = original, _m: str = method
        ) -> object:
            if _watched and not address.startswith("inproc://"):
                _watched[-1].append(f"zmq.{_m} {address}")
            return _original(self, address)  # type: ignore[operator]

        setattr(zmq.Socket, method, watched)


_watch_zmq()


@pytest.fixture(autouse=True)
def integration_marker_is_true(request: pytest.FixtureRequest):
    marked = {mark.name for mark in request.node.iter_markers()}
    if marked & {"integration", "interop"}:
        yield
        return
    findings: list[str] = []
    _watched.append(findings)
    try:
        yield
    finally:
        _watched.remove(findings)
    if findings:
        pytest.fail(
            "this test starts processes or uses network sockets but is not marked "
            f"integration: {sorted(set(findings))[:3]}",
            pytrace=False,
        )
