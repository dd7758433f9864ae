"""``jovi nbconvert --execute`` from the command line: every format, ``--inplace``,
``--allow-errors``, ``--kernel``, ``--ExecutePreprocessor.timeout``, failures as one
line naming the notebook, and Ctrl-C stopping the kernel."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from jovi.cli.main import main
from tests.nbconvert.processes import process_gone

pytestmark = [pytest.mark.integration]


def write(path, *sources, kernel="jovi"):
    cells = [
        {
            "cell_type": "code",
            "id": f"c{index}",
            "metadata": {},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
        for index, source in enumerate(sources)
    ]
    metadata = {"kernelspec": {"name": kernel, "display_name": kernel}} if kernel else {}
    notebook = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def cells_of(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def jovi(*argv):
    return main(["nbconvert", *argv])


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_execute_inplace_writes_the_outputs_into_the_notebook(workdir, capsys):
    path = write(workdir / "sub" / "nb.ipynb", "import os\nprint(os.getcwd())", "6 * 7")
    assert jovi("--execute", "--inplace", "sub/nb.ipynb") == 0
    first, second = cells_of(path)
    assert first["outputs"] == [
        {"name": "stdout", "output_type": "stream", "text": [f"{workdir / 'sub'}\n"]}
    ]  # the kernel ran in the notebook's directory
    assert second["outputs"][0]["data"] == {"text/plain": ["42"]}
    assert [first["execution_count"], second["execution_count"]] == [1, 2]
    notebook = json.loads(path.read_text())
    assert notebook["metadata"]["language_info"]["name"] == "python"
    assert "Converted sub/nb.ipynb to sub/nb.ipynb" in capsys.readouterr().err


def test_execute_then_any_format(workdir):
    write(workdir / "nb.ipynb", "print('printed by the kernel')", "'a result'")
    assert jovi("--execute", "nb.ipynb") == 0
    html = (workdir / "nb.html").read_text()
    assert "printed by the kernel" in html
    assert "&#39;a result&#39;" in html or "'a result'" in html
    assert jovi("--execute", "--to", "markdown", "--stdout", "nb.ipynb") == 0
    assert jovi("--execute", "--to", "python", "nb.ipynb") == 0
    assert "print('printed by the kernel')" in (workdir / "nb.py").read_text()


def test_a_failing_cell_is_one_sentence_naming_the_notebook_then_the_traceback(workdir, capsys):
    write(workdir / "bad.ipynb", "x = 1", "x / 0", "'after'")
    write(workdir / "good.ipynb", "'fine'")
    assert jovi("--execute", "--to", "notebook", "bad.ipynb", "good.ipynb") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "jovi nbconvert: bad.ipynb: cell 1 (id 'c1') raised ZeroDivisionError and the run "
        "stopped there (--allow-errors, or the tag raises-exception on the cell, lets it go on):"
    )
    assert "ZeroDivisionError: division by zero" in err
    assert not (workdir / "bad.nbconvert.ipynb").exists()
    assert (workdir / "good.nbconvert.ipynb").exists()  # the others are still converted

    assert jovi("--execute", "--allow-errors", "--to", "notebook", "bad.ipynb") == 0
    cells = cells_of(workdir / "bad.nbconvert.ipynb")
    assert cells[1]["outputs"][0]["ename"] == "ZeroDivisionError"
    assert cells[2]["outputs"][0]["data"] == {"text/plain": ["'after'"]}


def test_timeout_from_the_command_line(workdir, capsys):
    write(workdir / "slow.ipynb", "import time\ntime.sleep(20)")
    started = time.monotonic()
    assert jovi("--execute", "--ExecutePreprocessor.timeout=1", "--to", "notebook", "slow") == 1
    assert time.monotonic() - started < 15
    err = capsys.readouterr().err
    assert err.startswith("jovi nbconvert: slow.ipynb: cell 0 (id 'c0') did not finish within 1 s;")
    assert len(err.strip().splitlines()) == 1
    assert (
        jovi(
            "--execute",
            "--ExecutePreprocessor.timeout=1",
            "--ExecutePreprocessor.interrupt_on_timeout=True",
            "--to",
            "notebook",
            "slow",
        )
        == 0
    )
    assert cells_of(workdir / "slow.nbconvert.ipynb")[0]["outputs"][-1]["ename"] == (
        "KeyboardInterrupt"
    )


def test_kernel_option_and_a_bad_kernel_name(workdir, capsys):
    write(workdir / "nb.ipynb", "'x'", kernel="cobol")
    assert jovi("--execute", "--to", "notebook", "nb.ipynb") == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "jovi nbconvert: nb.ipynb: no kernel named 'cobol' was found; the kernels here are: "
    )
    assert "jovi" in err
    assert len(err.strip().splitlines()) == 1
    assert jovi("--execute", "--kernel", "jovi", "--to", "notebook", "nb.ipynb") == 0
    write(workdir / "none.ipynb", "'x'", kernel=None)
    assert jovi("--execute", "--to", "notebook", "none.ipynb") == 1
    assert "choose one with --kernel NAME" in capsys.readouterr().err


@pytest.mark.slow
def test_ctrl_c_stops_the_run_and_the_kernel(workdir, jovi_command):
    write(
        workdir / "long.ipynb",
        "import os, time\nopen('pid', 'w').write(str(os.getpid()))",
        "open('running', 'w').close()\ntime.sleep(60)",
    )
    process = subprocess.Popen(
        [*jovi_command, "nbconvert", "--execute", "--to", "notebook", "long.ipynb"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (workdir / "running").exists():  # the second cell runs
            assert time.monotonic() < deadline, "the second cell did not start"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err
    assert process_gone(int((workdir / "pid").read_text()))
    assert not (workdir / "long.nbconvert.ipynb").exists()
    assert list(Path(os.environ["JUPYTER_RUNTIME_DIR"]).iterdir()) == []  # no connection file left
