"""``jovi run``: files run on jovi's kernel, on ipykernel, and on a running kernel."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def run(jovi_command, tmp_path):
    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*jovi_command, "run", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
        )

    return run


@pytest.fixture
def scripts(tmp_path):
    (tmp_path / "s.py").write_text("print('hi')\n3*3\n", encoding="utf-8")
    (tmp_path / "bad.py").write_text("1/0\n", encoding="utf-8")
    (tmp_path / "after.py").write_text("print('never')\n", encoding="utf-8")
    return tmp_path


def test_a_file_runs_on_jovis_kernel(run, scripts):
    result = run("s.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["hi", "9"]


@pytest.mark.interop
def test_a_file_runs_on_ipykernel(run, scripts):
    result = run("--kernel", "python3", "s.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["hi", "9"]


def test_files_share_one_kernel_and_an_error_stops_the_run(run, scripts):
    (scripts / "first.py").write_text("shared = 41\n", encoding="utf-8")
    (scripts / "second.py").write_text("print(shared + 1)\n", encoding="utf-8")
    assert run("first.py", "second.py").stdout.split() == ["42"]
    result = run("s.py", "bad.py", "after.py")
    assert result.returncode == 1
    assert result.stdout.split() == ["hi", "9"]
    assert "ZeroDivisionError" in result.stderr
    assert result.stderr.strip().endswith("jovi run: bad.py failed; the run stops here.")


def test_code_from_standard_input(run, scripts):
    result = run(stdin="print(2 + 2)\n")
    assert (result.returncode, result.stdout) == (0, "4\n")


def test_bad_arguments_are_one_plain_sentence(run, scripts):
    missing = run("nosuch.py")
    assert missing.returncode == 2
    assert "cannot read nosuch.py: No such file or directory" in missing.stderr
    unknown = run("--kernel", "nosuchkernel", "s.py")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("jovi run: no kernel named 'nosuchkernel'")
    for result in (missing, unknown):
        assert "Traceback" not in result.stderr


def test_existing_runs_on_a_running_kernel_and_leaves_it_running(
    run, scripts, jovi_command, tmp_path
):
    connection = tmp_path / "kernel.json"
    kernel = subprocess.Popen(
        [*jovi_command, "kernel", "-f", str(connection)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not connection.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert json.loads(connection.read_text(encoding="utf-8"))["shell_port"]
        (scripts / "define.py").write_text("kept = 'still here'\n", encoding="utf-8")
        (scripts / "use.py").write_text("print(kept)\n", encoding="utf-8")
        assert run("--existing", str(connection), "define.py").returncode == 0
        result = run("--existing", str(connection), "use.py")
        assert (result.returncode, result.stdout) == (0, "still here\n")
        assert kernel.poll() is None
    finally:
        kernel.terminate()
        kernel.wait(10)
