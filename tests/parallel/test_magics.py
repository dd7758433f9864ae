"""The parallel magics in a jovi shell (in this process) driving a real cluster.

The shell is jovi's own ``InteractiveShell`` with its output recorded; the engines
are real processes.  The terminal and notebook tests (test_magics_frontends.py) show
the same through the real ``jovi`` program and a real kernel.
"""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from jovi.parallel import Client, CompositeError, RemoteError
from jovi.parallel.files import connection_file
from jovi.parallel.magics import parse_targets
from jovi.shell.interactiveshell import InteractiveShell
from tests.shell.conftest import RecordingOutput

pytestmark = pytest.mark.integration


@pytest.fixture
def output() -> RecordingOutput:
    return RecordingOutput()


@pytest.fixture
def shell(output, tmp_path, cluster):
    sh = InteractiveShell(output=output, profile_dir=tmp_path / "profile_px", colors="NoColor")
    InteractiveShell._instances[InteractiveShell] = sh
    sh.user_ns["url_file"] = str(
        connection_file(cluster.security_dir, "client", cluster.cluster_id)
    )
    try:
        yield sh
    finally:
        client = sh.user_ns.get("rc")
        if isinstance(client, Client):
            client.close()
        sh.close()


@pytest.fixture
def run(shell, output):
    """Run a cell; its written text (stdout and stderr) since the last one."""

    def run_cell(code: str):
        output.written.clear()
        output.errors.clear()
        shell.run_cell(code, store_history=True)
        return "".join(text for text, _ in output.written)

    return run_cell


@pytest.fixture
def px(run, rc):
    """A shell whose client (made in the shell) activated %px; engines emptied."""
    assert "px" not in run("from jovi.parallel import Client; rc = Client(url_file)")
    return run


def engine_lines(text: str, kind: str = "stdout") -> list[str]:
    return re.findall(rf"^\[{kind}:\d+\].*$", text, flags=re.MULTILINE)


def test_creating_a_client_gives_px_and_each_engine_prints_under_its_id(px, shell):
    out = px("%px print('hi')")
    assert engine_lines(out) == [f"[stdout:{i}] hi" for i in range(4)]
    help_text = shell.magics_manager.magics["cell"]["px"].__doc__
    assert "%px [--local]" in help_text
    assert "--group-outputs {engine,order,type}" in help_text


def test_values_show_as_out_with_the_engine_and_its_count(px):
    px("%px a = 6")
    out = px("%px a * 7")
    assert re.findall(r"^Out\[(\d):\d+\]: 42$", out, flags=re.MULTILINE) == ["0", "1", "2", "3"]


def test_displays_and_rich_values_of_the_engines_are_republished(px, output):
    px("%px from jovi.display import HTML, display")
    out = px("%%px --targets [0,1]\ndisplay(HTML('<b>shown</b>'))\nHTML('<i>value</i>')")
    out = re.sub(r"Out\[(\d):\d+\]", r"Out[\1:n]", out)
    assert out == "[output:0]\n[output:1]\nOut[0:n]:\nOut[1:n]:\n"
    html = [data.get("text/html") for data, *_ in output.displays]
    assert html == ["<b>shown</b>", "<b>shown</b>", "<i>value</i>", "<i>value</i>"]


def test_cell_px_with_targets_runs_on_those_only_and_restores_the_view(px):
    out = px("%%px --targets ::2\nprint('I am even')")
    assert engine_lines(out) == ["[stdout:0] I am even", "[stdout:2] I am even"]
    out = px("%%px --targets 1\nprint('I am number 1')")
    assert out == "I am number 1\n"  # one engine by id: no label
    out = px("%%px\nprint(\"still 'all' by default\")")
    assert len(engine_lines(out)) == 4


def test_multi_line_output_is_labelled_once_per_engine(px):
    out = px("%%px --targets [0,1]\nprint('one')\nprint('two')")
    assert out == "[stdout:0]\none\ntwo\n[stdout:1]\none\ntwo\n"


def test_group_outputs_engine_keeps_each_engines_outputs_together(px):
    cell = (
        "%%px --targets [0,1] --group-outputs=engine\n"
        "print('out')\nimport sys; print('err', file=sys.stderr)\n7"
    )
    out = re.sub(r"Out\[(\d):\d+\]", r"Out[\1:n]", px(cell))
    assert out == (
        "[stdout:0] out\n[stderr:0] err\nOut[0:n]: 7\n[stdout:1] out\n[stderr:1] err\nOut[1:n]: 7\n"
    )
    out = re.sub(r"Out\[(\d):\d+\]", r"Out[\1:n]", px(cell.replace("engine", "type")))
    assert out == (
        "[stdout:0] out\n[stdout:1] out\n[stderr:0] err\n[stderr:1] err\nOut[0:n]: 7\nOut[1:n]: 7\n"
    )


def test_noblock_returns_the_result_and_pxresult_shows_it(px, shell, output):
    px("%%px --noblock --out saved\nimport time; time.sleep(0.3); print('late')")
    assert repr(output.results[-1][1]["text/plain"]).startswith("'<AsyncResult")
    out = px("%pxresult")
    assert engine_lines(out) == [f"[stdout:{i}] late" for i in range(4)]
    assert shell.user_ns["saved"].ready()


def test_pxresult_before_any_px_is_a_usage_error(run, rc, output):
    run("from jovi.parallel import Client; rc = Client(url_file)")
    run("%pxresult")
    assert output.error_names == ["UsageError"]


def test_pxconfig_changes_the_defaults(px, output):
    px("%pxconfig --targets ::2")
    assert engine_lines(px("%px print('hi')")) == ["[stdout:0] hi", "[stdout:2] hi"]
    px("%pxconfig --noblock --verbose")
    out = px("%px print('are you there?')")
    assert out == "Async parallel execution on engine(s): [0, 2]\n"
    out = px("%pxresult")
    assert engine_lines(out) == ["[stdout:0] are you there?", "[stdout:2] are you there?"]


def test_errors_show_each_engines_remote_traceback(px, output, shell):
    px("%px 1/0")
    assert output.error_names == ["CompositeError"]
    text = re.sub(r"\x1b\[[0-9;]*m", "", output.errors[-1].text())
    for engine in range(4):
        assert f"[{engine}:execute]" in text
    assert text.count("ZeroDivisionError") >= 4
    px("try:\n    %px 1/0\nexcept Exception as e:\n    caught = e")
    error = shell.user_ns["caught"]
    assert isinstance(error, CompositeError)
    with pytest.raises(RemoteError) as first:
        error.raise_exception()
    assert first.value.ename == "ZeroDivisionError"


def test_the_seeds_exception_transcript(px, shell, output, monkeypatch, capsys):
    # CompositeError.tb_limit = 1; %px a=b shows one traceback and how many are left out.
    monkeypatch.setattr(CompositeError, "tb_limit", 1)
    px("%px a=b")
    text = re.sub(r"\x1b\[[0-9;]*m", "", output.errors[-1].text())
    assert "[0:execute]" in text
    assert "[1:execute]" not in text
    assert "NameError" in text
    assert "... 3 more exceptions ..." in text
    # print_traceback(i) shows the i-th engine's traceback.
    px("try:\n    rc[:].execute('1/0', block=True)\nexcept CompositeError as e:\n    caught = e")
    assert "caught" not in shell.user_ns  # CompositeError is not a name here yet
    px("from jovi.parallel import CompositeError")
    px("try:\n    rc[:].execute('1/0', block=True)\nexcept CompositeError as e:\n    caught = e")
    capsys.readouterr()
    shell.user_ns["caught"].print_traceback(1)
    printed = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)
    assert printed.startswith("[1:execute]: \n")
    assert "ZeroDivisionError" in printed
    assert "[0:execute]" not in printed


def test_autopx_runs_every_cell_on_the_engines_until_toggled(px, shell):
    assert px("%autopx") == "%autopx enabled\n"
    px("max_evals = []\nfor i in range(3):\n    max_evals.append(i * 10)")
    out = px("print('total', sum(max_evals))")
    assert engine_lines(out) == [f"[stdout:{i}] total 30" for i in range(4)]
    assert "max_evals" not in shell.user_ns
    assert px("%autopx") == "%autopx disabled\n"
    px("here = 1")
    assert shell.user_ns["here"] == 1


def test_activate_with_a_suffix_adds_magics_beside_the_others(px):
    px("even = rc[::2]; even.block = True; even.activate('_even')")
    out = px('%px_even print("We aren\'t odd!")')
    assert engine_lines(out) == ["[stdout:0] We aren't odd!", "[stdout:2] We aren't odd!"]
    assert len(engine_lines(px("%px print('hi all')"))) == 4
    assert len(engine_lines(px("%%px_even\nprint('cell')"))) == 2


def test_view_activate_replaces_the_view_of_px_and_rc_activate_restores_all(px):
    px("even = rc[::2]; even.block = True; even.activate()")
    assert len(engine_lines(px("%px print('hi')"))) == 2
    px("rc.activate()")
    assert len(engine_lines(px("%px print('hi')"))) == 4


def test_a_long_blocking_command_shows_its_progress(px, output):
    cell = "import time\ntime.sleep(0.4)\nprint('slept')"
    out = px("%%px --targets [0,1] --progress-after 0\n" + cell)
    assert not output.errors, output.errors[0].text()
    assert re.match(
        r"(\r0/2 tasks finished after \d+ s)*\r2/2 tasks finished after \d+ s: done *\n", out
    )
    assert out.endswith("[stdout:0] slept\n[stdout:1] slept\n")
    out = px("%%px --targets [0,1]\n" + cell)  # quicker than the default 2 s
    assert "tasks finished" not in out
    px("%pxconfig --progress-after 0.1")
    assert "2/2 tasks finished" in px("%%px --targets [0,1]\n" + cell)


def test_local_runs_the_cell_here_too(px, shell):
    out = px("%%px --local\nwhere = 'both'\nprint(where)")
    assert shell.user_ns["where"] == "both"
    assert len(engine_lines(out)) == 4


def test_stream_shows_output_while_the_engines_run(px, shell, output):
    client = shell.user_ns["rc"]
    shown_while_running: list[tuple[str, bool]] = []
    write = output.write

    def recording_write(text, *, error=False):
        shown_while_running.append((text, bool(client.outstanding)))
        write(text, error=error)

    output.write = recording_write
    cell = "import time\nprint('first', flush=True)\ntime.sleep(1)\nprint('second')"
    px("%%px --stream --targets [0,1]\n" + cell)
    firsts = [running for text, running in shown_while_running if "first" in text]
    assert firsts == [True, True]  # shown before the engines finished
    out = "".join(text for text, _ in shown_while_running)
    assert out.count("[stdout:0] first") == 1
    assert out.count("[stdout:1] second") == 1
    shown_while_running.clear()
    px("%%px --targets [0,1]\n" + cell)
    assert not any(running for text, running in shown_while_running if "first" in text)


def test_targets_strings():
    ids = [0, 1, 2, 3]
    assert parse_targets("::2", ids) == [0, 2]
    assert parse_targets("1:", ids) == [1, 2, 3]
    assert parse_targets("1", ids) == 1
    assert parse_targets("[0, 3]", ids) == [0, 3]
    assert parse_targets("all", ids) == "all"


def test_ctrl_c_during_a_blocking_px_interrupts_the_engines(px, run, tmp_path, rc):
    # As ipyparallel's %px: a KeyboardInterrupt while waiting sends SIGINT to the
    # engines, whose KeyboardInterrupts come back as the command's error.
    sender = threading.Thread(target=_interrupt_main_once_all_started, args=(tmp_path, len(rc.ids)))
    sender.start()
    try:
        text = run(
            "%px import os, pathlib, time; "
            f"pathlib.Path({str(tmp_path)!r}, f'started-{{os.getpid()}}').touch(); "
            "time.sleep(30)"
        )
    finally:
        sender.join()
    assert "Sending SIGINT to the engines" in text
    assert text.count("KeyboardInterrupt") >= 1
    assert "after" in run("%px print('after')")  # the engines answer again at once


def _interrupt_main_once_all_started(directory, engines: int) -> None:
    """SIGINT to the main thread (waiting in %px) once every engine runs the cell."""
    deadline = time.monotonic() + 20
    while len(list(directory.glob("started-*"))) < engines and time.monotonic() < deadline:
        time.sleep(0.01)
    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
