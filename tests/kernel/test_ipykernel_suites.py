"""ipykernel's own test suites, run against jovi's kernel (the data is in peer_suites/ipykernel).

Each module runs in a pytest process of its own whose only ``python3`` kernelspec
starts jovi's kernel, so every kernel those tests start is jovi's.  A test of the
suite that fails fails this test, with its name and message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SUITE = Path(__file__).parent / "peer_suites" / "ipykernel"

LEFT_OUT: dict[str, str] = {}
"""Tests not run, each with the reason: they check IPython's identity, not behaviour."""

UPSTREAM_SKIPS = {
    # Skipped by ipykernel itself on every Linux run (their own skip marks).
    "test_kernel.py::test_capture_fd",
    "test_kernel.py::test_subprocess_peek_at_stream_fileno",
    "test_kernel.py::test_complete",  # Windows only
    "test_kernel.py::test_unc_paths",  # Windows only
    "test_kernel.py::test_shutdown_subprocesses",  # "Stalls on linux"
}
"""Tests the suite skips on Linux by its own marks; any other skip fails the run."""

MODULES = ("test_message_spec.py", "test_kernel.py", "test_subshells.py", "test_debugger.py")


def _install_python3_spec(root: Path) -> Path:
    """A private Jupyter path whose ``python3`` kernelspec is jovi's kernel."""
    spec_dir = root / "share" / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "jovi", "kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (jovi)",
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": True},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), "utf-8")
    return root / "share" / "jupyter"


STDERR_MARK = "\n--- output of the test and its kernels ---\n"


def _tail_of_stderr(message: str) -> str:
    """The stderr part :func:`_outcomes` appended to a failure's message, if any."""
    _, mark, stderr = message.partition(STDERR_MARK)
    return mark + stderr if mark else ""


def _outcomes(report: Path) -> dict[str, tuple[str, str]]:
    """``{"module.py::test": (outcome, message)}`` from a JUnit XML report."""
    outcomes: dict[str, tuple[str, str]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1] + ".py"
        name = f"{module}::{case.get('name')}"
        outcome, message = "passed", ""
        for child in case:
            if child.tag in {"failure", "error", "skipped"}:
                outcome = "failed" if child.tag != "skipped" else "skipped"
                message = (child.get("message") or "") + "\n" + (child.text or "")
                break
        stderr = "".join(
            child.text or "" for child in case if child.tag in {"system-out", "system-err"}
        )
        if outcome == "failed" and stderr.strip():
            message += STDERR_MARK + stderr[-3000:]
        outcomes[name] = (outcome, message)
    return outcomes


@pytest.mark.interop
@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("module", MODULES)
def test_ipykernel_suite_passes_against_jovi(module: str, tmp_path: Path) -> None:
    _run_suite(module, tmp_path)


@pytest.mark.interop
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_ipykernel_debugger_suite_passes_against_jovi_without_debugpy(tmp_path: Path) -> None:
    # debugpy made unimportable in the suite's process and in every kernel it starts (a
    # sitecustomize on PYTHONPATH): the suite then checks its other branch, that kernel_info
    # offers no debugger, every debug reply is empty, and nothing blocks.
    blocker = tmp_path / "no-debugpy"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['debugpy'] = None\n")
    _run_suite("test_debugger.py", tmp_path, {"PYTHONPATH": str(blocker)})


PYTEST_OPTIONS = ("-c", "pytest.ini", "--rootdir", ".", "-q")

PORT_RACE = "Address already in use"
"""What jovi's kernel says when a port of its connection file is taken."""


def _run_pytest(args: list[str], report: Path, env: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Run pytest on ``args`` in the suite's directory; its outcomes by test name."""
    report.unlink(missing_ok=True)
    process = subprocess.run(
        [sys.executable, "-m", "pytest", *args, *PYTEST_OPTIONS, f"--junitxml={report}"],
        cwd=SUITE,
        env=env,
        capture_output=True,
        text=True,
        timeout=880,
        check=False,
    )
    assert report.exists(), process.stdout[-4000:] + process.stderr[-4000:]
    outcomes = _outcomes(report)
    assert outcomes, process.stdout[-4000:]
    return outcomes


def _run_suite(module: str, tmp_path: Path, extra_env: dict[str, str] | None = None) -> None:
    """Run ipykernel's ``module`` against jovi's kernel; fail with the failures' messages."""
    jupyter_path = _install_python3_spec(tmp_path / "spec")
    ipython_dir = tmp_path / "ipython"
    (ipython_dir / "profile_default").mkdir(parents=True)
    report = tmp_path / "report.xml"
    deselect = [
        arg
        for name in LEFT_OUT
        if name.startswith(module + "::")
        for arg in ("--deselect", f"tests/{name}")
    ]
    env = dict(os.environ, JUPYTER_PATH=str(jupyter_path), IPYTHONDIR=str(ipython_dir))
    env.pop("PYTHONPATH", None)
    env.update(extra_env or {})
    outcomes = _run_pytest([f"tests/{module}", *deselect], report, env)
    failed = {name: message for name, (outcome, message) in outcomes.items() if outcome == "failed"}
    raced = [name for name, message in failed.items() if PORT_RACE in message]
    if raced:
        # jupyter_client chose a port another process took before the kernel bound it
        # (the kernel says so and exits); ipykernel would die the same way.  Those
        # tests run once more, with new ports; any other failure stands.
        again = _run_pytest([f"tests/{name}" for name in raced], report, env)
        for name in raced:
            outcome, message = again.get(name, ("failed", "not run again"))
            if outcome == "failed":
                failed[name] = message
            else:
                del failed[name]
    skipped = {name for name, (outcome, _) in outcomes.items() if outcome == "skipped"}
    report_text = "\n\n".join(
        f"{name}: {message.partition(STDERR_MARK)[0].strip()[:1500]}{_tail_of_stderr(message)}"
        for name, message in failed.items()
    )
    assert not failed, f"{len(failed)} of {len(outcomes)} failed:\n{report_text}"
    unexpected = skipped - UPSTREAM_SKIPS
    assert not unexpected, f"skipped, but not by the suite's own Linux marks: {sorted(unexpected)}"
