"""Fixtures of the kernel-management tests: the test peer's kernelspec, kernels to drive."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

IPYKERNEL = "python3"
JOVI = "pyimport/jovi"


def write_spec(directory: Path, name: str, spec: dict) -> Path:
    """Write ``spec`` as ``<directory>/<name>/kernel.json``; the kernelspec directory."""
    target = directory / name
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return target


@pytest.fixture
def user_kernels(isolated_dirs: Path) -> Path:
    """The isolated user's kernelspec directory."""
    path = isolated_dirs / "jupyter-data" / "kernels"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def ipykernel_spec(user_kernels: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ipykernel (the test peer) installed as the isolated user's ``python3`` kernelspec
    (the user's kernelspecs searched before this environment's)."""
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    return write_spec(
        user_kernels,
        IPYKERNEL,
        {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "metadata": {"debugger": True},
        },
    )


@pytest.fixture(params=[JOVI, IPYKERNEL])
def kernel_name(request, ipykernel_spec) -> str:
    """Each kernel the acceptance suite runs against: jovi's and ipykernel."""
    return request.param


@pytest.fixture
def doomed(user_kernels: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec ``doomed`` whose kernel exits with status 7 at once, every time."""
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    write_spec(
        user_kernels,
        "doomed",
        {
            "argv": [sys.executable, "-c", "import sys; sys.exit(7)", "{connection_file}"],
            "display_name": "Doomed",
        },
    )
    return "doomed"
