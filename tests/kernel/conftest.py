"""Fixtures of the kernel tests: jovi's kernelspec installed for the isolated user."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def jovi_kernelspec(isolated_dirs: Path) -> Path:
    """jovi's kernelspec, installed for the (isolated) user by ``jovi kernelspec install``."""
    from jovi.cli.main import main

    assert main(["kernelspec", "install", "--user"]) == 0
    spec_dir = isolated_dirs / "jupyter-data" / "kernels" / "jovi"
    assert (spec_dir / "kernel.json").is_file()
    return spec_dir


@pytest.fixture
def jupyterlab(jovi_kernelspec: Path, tmp_path: Path):
    """A running JupyterLab (real server, isolated directories) with jovi's kernel installed."""
    from tests.kernel.jupyterlab import jupyterlab_server

    with jupyterlab_server(tmp_path / "jupyterlab") as server:
        yield server


@pytest.fixture
def lab_page():
    """A page of headless Chromium (Debian's), driven by Playwright."""
    from tests.kernel.jupyterlab import chromium_page

    with chromium_page() as page:
        yield page
