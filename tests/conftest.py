"""Fixtures shared by every test: each test runs with its own home and jovi/Jupyter dirs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh HOME, JOVI_DIR and Jupyter dirs, so no test sees the user's or another test's files."""
    root = tmp_path_factory.mktemp("home")
    home = root / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("JOVI_DIR", str(root / "jovi"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(root / "jupyter-data"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(root / "jupyter-runtime"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(root / "jupyter-config"))
    for name in list(os.environ):
        if name.startswith("JOVI_") and name != "JOVI_DIR":
            monkeypatch.delenv(name)
    for name in (
        "IPYTHONDIR",  # jovi takes over IPython's profile on a first start
        "JUPYTER_PATH",
        "JUPYTER_CONFIG_PATH",
        "JUPYTER_PREFER_ENV_PATH",
        "JUPYTER_NO_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    return root


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
