"""The description of the machine and of the software that a run's figures belong to."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
import sys
from pathlib import Path

__all__ = ["PACKAGES", "describe_machine", "package_versions", "source_revision"]

PACKAGES = (
    "jovi",
    "ipython",
    "ipykernel",
    "jupyter_client",
    "jupyter_core",
    "nbclient",
    "nbformat",
    "nbconvert",
    "ipyparallel",
    "traitlets",
    "pyzmq",
    "jedi",
    "numpy",
)


def _proc_field(path: str, name: str) -> str | None:
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def describe_machine() -> dict[str, object]:
    """CPU model, cores, memory, operating system kernel, Python, load."""
    memory = _proc_field("/proc/meminfo", "MemTotal")  # "24684032 kB"
    return {
        "cpu_model": _proc_field("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_bytes": int(memory.split()[0]) * 1024 if memory else None,
        "system": platform.system(),
        "kernel": platform.release(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "python_executable": sys.executable,
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """The installed version of each distribution in this environment (None: absent)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def source_revision(repo_root: Path) -> dict[str, object]:
    """The git commit of the repository and whether its working tree has changes."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args],
                check=False,
                cwd=repo_root,
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain")
    return {"commit": git("rev-parse", "HEAD"), "dirty": None if status is None else bool(status)}
