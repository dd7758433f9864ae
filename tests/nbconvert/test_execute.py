"""``execute_notebook``: a notebook run in jovi's kernel, with what a user sees of
every option and tag, time limits, interrupts, errors and a kernel that dies."""

from __future__ import annotations

import json
import re
import sys
import time

import pytest

import jovi.nbformat as nbf
from jovi.errors import CellExecutionError, CellTimeoutError, ExecutionError
from jovi.nbconvert import execute_notebook
from tests.nbconvert.processes import process_gone

pytestmark = [pytest.mark.integration]

JOVI = "jovi"  # jovi's kernel: pyimport/jovi, since no kernelspec is installed here


def notebook(*cells, kernel=JOVI):
    made = []
    for index, cell in enumerate(cells):
        if isinstance(cell, str):
            cell = nbf.CodeCell(source=cell, id=f"c{index}")
        made.append(cell)
    nb = nbf.Notebook(cells=tuple(made))
    return nb.with_kernelspec(nbf.KernelSpecInfo(kernel, kernel)) if kernel else nb


def tagged(source, *tags, **fields):
    return nbf.CodeCell(source=source, metadata={"tags": list(tags)}, **fields)


def texts(cell):
    return [
        output.text if isinstance(output, nbf.Stream) else dict(output.data)
        for output in cell.outputs
    ]


def test_outputs_are_recorded_as_a_notebook_frontend_records_them(tmp_path):
    old = nbf.Stream(text="old output\n")
    nb = notebook(
        nbf.MarkdownCell(source="# Title"),
        "for i in range(3):\n    print(i, flush=True)",
        "from jovi.display import clear_output\n"
        "for frame in range(3):\n    clear_output(wait=True)\n    display(frame)",
        "print('gone')\nclear_output()\nprint('kept')",
        "handle = display('first', display_id='shown')",
        "handle.update('second')",
        nbf.CodeCell(source="  ", outputs=(old,), execution_count=9),
        "import os\nos.getcwd()",
    )
    ran = execute_notebook(nb, cwd=tmp_path)
    cells = ran.cells
    assert cells[0] == nb.cells[0]
    assert texts(cells[1]) == ["0\n1\n2\n"]  # one output, however many messages
    assert texts(cells[2]) == [{"text/plain": "2"}]  # clear_output(wait=True): the last frame
    assert texts(cells[3]) == ["kept\n"]
    assert texts(cells[4]) == [{"text/plain": "'second'"}]  # updated by the next cell
    assert texts(cells[5]) == []
    assert cells[6] == nb.cells[6]  # empty: not run, outputs kept
    assert texts(cells[7]) == [{"text/plain": repr(str(tmp_path))}]  # run in cwd
    counts = [cell.execution_count for cell in cells[1:6]] + [cells[7].execution_count]
    assert counts == [1, 2, 3, 4, 5, 6]
    assert cells[7].outputs[0].execution_count == 6
    assert ran.language_info.name == "python"
    assert ran.language_info.pygments_lexer == "ipython3"
    timing = cells[1].metadata["execution"]
    assert sorted(timing) == [
        "iopub.execute_input",
        "iopub.status.busy",
        "iopub.status.idle",
        "shell.execute_reply",
    ]
    assert timing["iopub.status.busy"] <= timing["iopub.status.idle"]
    quiet = execute_notebook(notebook("1"), record_timing=False)
    assert "execution" not in quiet.cells[0].metadata


def test_a_cell_that_raises_stops_the_run_with_one_sentence_and_the_traceback(tmp_path):
    nb = notebook("x = 1", "def f():\n    return 1 / 0\nf()", "open('ran-after', 'w')")
    with pytest.raises(CellExecutionError) as caught:
        execute_notebook(nb, cwd=tmp_path)
    error = caught.value
    first, _, rest = str(error).partition("\n")
    assert first == (
        "cell 1 (id 'c1') raised ZeroDivisionError and the run stopped there "
        "(--allow-errors, or the tag raises-exception on the cell, lets it go on):"
    )
    assert "return 1 / 0" in rest
    assert "ZeroDivisionError: division by zero" in rest
    assert "\x1b[" not in str(error)  # the traceback as text, without colours
    assert (error.ename, error.evalue, error.cell_index) == (
        "ZeroDivisionError",
        "division by zero",
        1,
    )
    assert not (tmp_path / "ran-after").exists()


def test_allow_errors_and_the_raises_exception_tag_go_on_after_an_error(tmp_path):
    nb = notebook("1/0", "'after'", "input('name? ')")
    ran = execute_notebook(nb, allow_errors=True)
    assert [o.ename for o in ran.cells[0].outputs] == ["ZeroDivisionError"]
    assert texts(ran.cells[1]) == [{"text/plain": "'after'"}]
    # input() cannot be answered: an error output, as in nbclient
    assert [o.ename for o in ran.cells[2].outputs] == ["StdinNotImplementedError"]

    nb = notebook(tagged("raise ValueError('ok here')", "raises-exception"), "'next'", "1/0", "2")
    with pytest.raises(CellExecutionError, match=r"^cell 2 \(id 'c2'\) raised ZeroDivisionError"):
        execute_notebook(nb)
    ran = execute_notebook(nb.delete_cell(2))
    assert ran.cells[0].outputs[0].evalue == "ok here"
    assert texts(ran.cells[1]) == [{"text/plain": "'next'"}]


def test_skip_execution_cells_are_not_run_and_keep_their_outputs(tmp_path):
    kept = nbf.Stream(text="from last time\n")
    nb = notebook(
        tagged("open('skipped-ran', 'w')", "skip-execution", outputs=(kept,), execution_count=4),
        "'ran'",
    )
    ran = execute_notebook(nb, cwd=tmp_path)
    assert ran.cells[0] == nb.cells[0]
    assert not (tmp_path / "skipped-ran").exists()
    assert (ran.cells[1].execution_count, texts(ran.cells[1])) == (1, [{"text/plain": "'ran'"}])


def test_a_cell_out_of_time_stops_the_run_naming_it_and_the_kernel_is_stopped(tmp_path):
    nb = notebook(
        "import os, time\nopen('pid', 'w').write(str(os.getpid()))",
        "time.sleep(30)",
        "open('ran-after', 'w')",
    )
    started = time.monotonic()
    with pytest.raises(CellTimeoutError) as caught:
        execute_notebook(nb, timeout=1, cwd=tmp_path)
    assert time.monotonic() - started < 15
    assert str(caught.value) == (
        "cell 1 (id 'c1') did not finish within 1 s; give cells more time with "
        "--ExecutePreprocessor.timeout=SECONDS, or interrupt them and go on with "
        "--ExecutePreprocessor.interrupt_on_timeout=True"
    )
    assert isinstance(caught.value, TimeoutError)
    assert process_gone(int((tmp_path / "pid").read_text()))
    assert not (tmp_path / "ran-after").exists()


def test_interrupt_on_timeout_interrupts_the_cell_and_goes_on():
    nb = notebook("import time\nprint('started', flush=True)\ntime.sleep(30)", "'next'")
    started = time.monotonic()
    ran = execute_notebook(nb, timeout=1, interrupt_on_timeout=True)
    assert time.monotonic() - started < 15
    outputs = ran.cells[0].outputs
    assert outputs[0] == nbf.Stream(text="started\n")
    assert outputs[-1].ename == "KeyboardInterrupt"
    assert texts(ran.cells[1]) == [{"text/plain": "'next'"}]


def test_a_kernel_that_dies_in_a_cell_is_one_clear_message(tmp_path):
    nb = notebook("import os\nos.getpid()", "os.kill(os.getpid(), 9)", "'never'")
    with pytest.raises(ExecutionError) as caught:
        execute_notebook(nb, timeout=30)
    message = str(caught.value)
    assert message.startswith("cell 1 (id 'c1') did not finish: the kernel 'jovi' (pid ")
    assert message.endswith("was killed by SIGKILL")
    assert "\n" not in message
    assert caught.value.cell_index == 1


def test_the_kernel_comes_from_the_notebook_or_the_option_and_bad_names_list_the_known():
    with pytest.raises(ExecutionError) as caught:
        execute_notebook(notebook("1", kernel="cobol"))
    message = str(caught.value)
    assert message.startswith("no kernel named 'cobol' was found; the kernels here are: ")
    assert message.endswith(" (choose one with --kernel NAME)")
    assert "jovi" in message.split(": ", 1)[1].split(", ")
    assert "\n" not in message
    ran = execute_notebook(notebook("1", kernel="cobol"), kernel_name=JOVI)
    assert ran.cells[0].execution_count == 1


def test_a_kernel_that_cannot_start_is_one_sentence(isolated_dirs):
    spec = isolated_dirs / "jupyter-data" / "kernels" / "doomed"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", "import sys; sys.exit(7)", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Doomed"}))
    with pytest.raises(ExecutionError) as caught:
        execute_notebook(notebook("1", kernel="doomed"))
    assert re.fullmatch(
        r"the kernel 'doomed' did not start: the kernel 'doomed' \(pid \d+\) exited with code 7",
        str(caught.value),
    )
