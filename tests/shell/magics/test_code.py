"""%edit, %load, %save, %pycat, %macro, %recall and %rerun."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from jovi.shell.macro import Macro

# ---------------------------------------------------------------------- %edit


@pytest.mark.integration
def test_edit_a_new_temporary_file_runs_and_returns_it(run, shell, output, editor):
    editor.will_write("edited = 6 * 7\n")
    run("%edit")
    (call,) = editor.calls()
    temp = Path(call[-1])
    assert temp.name.startswith("jovi_edit_")
    assert temp.suffix == ".py"
    assert f"jovi will make a temporary file named: {temp}" in output.stdout
    assert "Editing... done. Executing edited code..." in output.stdout
    assert shell.user_ns["edited"] == 42
    assert output.text_results[-1] == repr("edited = 6 * 7\n")


@pytest.mark.integration
def test_edit_x_does_not_run_and_p_reopens_the_previous_text(run, shell, output, editor):
    editor.will_write("not_run = 1\n")
    run("%edit -x")
    assert "not_run" not in shell.user_ns
    assert "Editing... done.\n" in output.stdout
    editor.will_write(None)  # the editor leaves the file as it is
    run("%edit -p")
    assert editor.seen() == "not_run = 1\n"
    assert shell.user_ns["not_run"] == 1


def test_edit_p_with_nothing_to_reopen(run, output, editor):
    run("%edit -p")
    assert output.errors[-1].ename == "UsageError"


@pytest.mark.integration
def test_edit_history_lines(run, shell, editor):
    run("a = 1")
    run("b = a + 1")
    editor.will_write("c = 3\n")
    run("%edit 1-2")
    assert editor.seen() == "a = 1\nb = a + 1\n"
    assert shell.user_ns["c"] == 3


@pytest.mark.integration
def test_edit_raw_history_keeps_magics(run, shell, editor):
    run("names = %who_ls")
    editor.will_write(None)
    run("%edit -r 1")
    assert editor.seen() == "names = %who_ls\n"
    run("%edit 1")
    assert "run_line_magic('who_ls'" in editor.seen()


@pytest.mark.integration
def test_edit_a_string_variable_updates_it(run, shell, editor):
    run("snippet = 'value = 1\\n'")
    editor.will_write("value = 2\n")
    run("%edit snippet")
    assert editor.seen() == "value = 1\n"
    assert shell.user_ns["snippet"] == "value = 2\n"
    assert shell.user_ns["value"] == 2


@pytest.mark.integration
def test_edit_a_macro_redefines_it_without_running(run, shell, output, editor):
    shell.user_ns["m"] = Macro("counter = 1\n")
    editor.will_write("counter = 100\n")
    run("%edit m")
    assert isinstance(shell.user_ns["m"], Macro)
    assert shell.user_ns["m"].value == "counter = 100\n"
    assert "counter" not in shell.user_ns
    assert "The macro `m` was updated." in output.stdout


@pytest.mark.integration
def test_edit_a_function_defined_in_a_cell(run, shell, editor):
    run("x = 0\n\ndef double(v):\n    return v * 2\n")
    editor.will_write("def double(v):\n    return v * 3\n")
    run("%edit double")
    call = editor.calls()[-1]
    assert call[0] == "+3"  # opened at the definition
    assert "def double(v):" in editor.seen()
    run("result = double(2)")
    assert shell.user_ns["result"] == 6


@pytest.mark.integration
def test_edit_a_file_runs_it_with_file_set(run, shell, output, editor, workdir):
    path = workdir / "prog.py"
    path.write_text("old = 1\n")
    editor.will_write("where = __file__\nnew = 2\n")
    run("%edit -n 5 prog")
    assert editor.calls()[-1] == ["+5", "prog.py"]
    assert shell.user_ns["new"] == 2
    assert shell.user_ns["where"].endswith("prog.py")
    assert "__file__" not in shell.user_ns
    assert output.text_results == []  # a real file's text is not returned


@pytest.mark.integration
def test_edit_a_function_in_a_module_opens_its_file(run, shell, editor, tmp_path, monkeypatch):
    module = tmp_path / "edited_module_e.py"
    module.write_text("import os\n\n\ndef helper():\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    run("from edited_module_e import helper")
    editor.will_write(None)
    run("%edit -x helper")
    assert editor.calls()[-1] == ["+4", str(module)]


@pytest.mark.integration
def test_edit_with_a_failing_editor_runs_nothing(run, shell, output, editor):
    editor.will_write("ran = True\n", status=3)
    run("%edit")
    assert output.errors[-1].ename == "UsageError"
    assert "exited with status 3" in output.errors[-1].evalue
    assert "ran" not in shell.user_ns


def test_edit_uses_the_editor_option_and_the_hook(run, shell, editor, monkeypatch):
    calls = []

    def hook(the_shell, filename, line):
        calls.append((the_shell, line))
        Path(filename).write_text("from_hook = 1\n")

    shell.set_hook("editor", hook)
    run("%edit")
    assert calls == [(shell, None)]
    assert shell.user_ns["from_hook"] == 1
    assert editor.calls() == []


@pytest.mark.integration
def test_edit_with_an_editor_that_does_not_exist(run, output, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-for-jovi")
    run("%edit")
    assert output.errors[-1].ename == "UsageError"
    assert "cannot start the editor 'no-such-editor-for-jovi'" in output.errors[-1].evalue


# ---------------------------------------------------------------------- %load


SOURCE = """\
# -*- coding: utf-8 -*-
import math


def area(r):
    return math.pi * r**2


@staticmethod
def decorated():
    pass


class Shape:
    sides = 0
"""


@pytest.fixture
def source_file(workdir):
    path = workdir / "shapes.py"
    path.write_text(SOURCE)
    return path


def test_load_a_file_into_the_next_input(run, shell, output, source_file):
    run("%load shapes.py")
    text = output.next_inputs[-1]
    assert text.startswith("# %load shapes.py\n")
    assert "def area(r):" in text
    assert "coding" not in text  # the encoding line is left out
    assert "area" not in shell.user_ns  # nothing runs


def test_load_lines_and_symbols(run, output, source_file):
    run("%load -r 2-3 shapes.py")
    assert output.next_inputs[-1] == "# %load -r 2-3 shapes.py\nimport math\n\n"
    run("%load -r 1-2 shapes.py")  # the coding line counts, but is not loaded
    assert output.next_inputs[-1] == "# %load -r 1-2 shapes.py\nimport math\n"
    run("%load -r 5:7 shapes.py")
    assert output.next_inputs[-1].endswith("def area(r):\n    return math.pi * r**2\n")
    run("%load -s Shape,decorated,missing shapes.py")
    loaded = output.next_inputs[-1]
    assert loaded.index("class Shape:") < loaded.index("@staticmethod\ndef decorated():")
    assert "def area" not in loaded
    assert "The following symbols were not found: missing" in output.stderr


def test_load_history_macros_variables_and_objects(run, shell, output):
    run("first = 1")
    run("second = 2")
    run("%load 1-2")
    assert output.next_inputs[-1] == "# %load 1-2\nfirst = 1\nsecond = 2"
    shell.user_ns["mac"] = Macro("print('macro')\n")
    run("%load mac")
    assert output.next_inputs[-1].endswith("print('macro')\n")
    run("code_text = 'x = 5'")
    run("%load code_text")
    assert output.next_inputs[-1].endswith("x = 5")
    run("def shown():\n    return 'source'\n")
    run("%load shown")
    assert output.errors[-1].ename == "UsageError"
    run("%load -n shown")
    assert "return 'source'" in output.next_inputs[-1]


def test_load_nothing_found(run, output, workdir):
    run("%load nosuch_thing")
    assert output.errors[-1].ename == "UsageError"
    assert (
        output.errors[-1].evalue
        == "'nosuch_thing' was not found in history, as a file, a URL, nor in the user namespace."
    )


@pytest.fixture
def http_file():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/demo":
                self.send_error(404)
                return
            body = "# coding: latin-1\nprint('from the web é')\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.integration
def test_load_and_pycat_a_url(run, output, http_file):
    run(f"%load {http_file}/demo")
    assert output.next_inputs[-1] == f"# %load {http_file}/demo\nprint('from the web é')\n"
    run(f"%pycat {http_file}/demo")
    assert "print('from the web é')" in output.page_text()
    run(f"%load {http_file}/missing")
    assert output.errors[-1].ename == "UsageError"
    assert "could not fetch" in output.errors[-1].evalue


# ---------------------------------------------------------------------- %save


def test_save_history_lines_to_a_new_file(run, output, workdir):
    run("a = 1")
    run("b = 2")
    run("%save out 1-2")
    saved = (workdir / "out.py").read_text()
    assert saved == "# coding: utf-8\na = 1\nb = 2\n"
    assert "The following commands were written to file `out.py`:\na = 1\nb = 2\n" in output.stdout


def test_save_never_overwrites_without_confirmation(run, output, workdir, stdin):
    run("a = 1")
    (workdir / "keep.py").write_text("precious\n")
    run("%save keep.py 1")  # pytest's stdin cannot be read: nobody can confirm
    assert (workdir / "keep.py").read_text() == "precious\n"
    assert "File `keep.py` exists. Use `%save -f keep.py ...` to force overwrite" in output.stdout
    stdin("n")
    run("%save keep.py 1")
    assert "Operation cancelled (`%save -f keep.py ...` overwrites it)." in output.stdout
    assert (workdir / "keep.py").read_text() == "precious\n"
    stdin("y")
    run("%save keep.py 1")
    assert (workdir / "keep.py").read_text() == "# coding: utf-8\na = 1\n"
    run("a = 2")
    run("%save -f keep.py 5")
    assert (workdir / "keep.py").read_text() == "# coding: utf-8\na = 2\n"


def test_save_append_and_raw(run, workdir):
    run("x = 1")
    run("%save -a log 1")
    run("y = %who_ls")
    run("%save -a log 3")
    assert (workdir / "log.py").read_text() == (
        "# coding: utf-8\nx = 1\ny = get_ipython().run_line_magic('who_ls', '')\n"
    )
    run("%save -r raw 3")
    assert (workdir / "raw.ipy").read_text() == "# coding: utf-8\ny = %who_ls\n"


def test_save_macros_and_missing_arguments(run, shell, output, workdir):
    shell.user_ns["mac"] = Macro("m = 1\n")
    run("%save from_macro mac")
    assert (workdir / "from_macro.py").read_text() == "# coding: utf-8\nm = 1\n"
    run("%save only_name")
    assert output.errors[-1].ename == "UsageError"


# ---------------------------------------------------------------------- %pycat


def test_pycat_pages_a_file(run, shell, output, source_file):
    run("%pycat shapes.py")
    assert output.pages[-1]["text/plain"] == SOURCE
    shell.colors = "Linux"
    run("%pycat shapes.py")
    assert "\x1b[" in output.pages[-1]["text/plain"]
    run("%pycat")
    assert output.errors[-1].ename == "UsageError"


# ---------------------------------------------------------------------- %macro


def test_macro_from_history_runs_when_named(run, shell, output):
    run("total = 0")
    run("total += 5")
    run("%macro add 2")
    assert (
        "Macro `add` created. To execute, type its name (without quotes).\n"
        "=== Macro contents: ===\ntotal += 5\n"
    ) in output.stdout
    run("add")
    run("add")
    assert shell.user_ns["total"] == 15
    run("print(add)")
    assert isinstance(shell.user_ns["add"], Macro)


def test_macro_ranges_repeats_raw_quiet_and_magics(run, shell, output):
    run("n = 1")
    run("n *= 2")
    run("names = %who_ls")
    count = len(output.stdout)
    run("%macro -q twice 2 2:3 3")
    assert len(output.stdout) == count  # -q
    assert shell.user_ns["twice"].value.count("n *= 2") == 2
    run("twice")
    assert shell.user_ns["n"] == 8
    assert "n" in shell.user_ns["names"]
    run("%macro -r -q raw_one 3")
    assert shell.user_ns["raw_one"].value == "names = %who_ls\n"
    run("%macro bad-name 1")
    assert output.errors[-1].ename == "UsageError"
    run("%macro nothing 99")
    assert output.errors[-1].ename == "UsageError"


# ---------------------------------------------------------------------- %recall, %rerun


def test_recall_puts_text_in_the_next_input(run, output):
    run("21 * 2")
    run("%recall")
    assert output.next_inputs[-1] == "42"
    run("%rep 1")
    assert output.next_inputs[-1] == "21 * 2"
    run("word = 'hello'")
    run("%recall word.upper()")
    assert output.next_inputs[-1] == "HELLO"
    run("%recall 21 *")  # not an expression: the latest input containing it
    assert output.next_inputs[-1] == "21 * 2"
    run("%recall zzz_nothing_like_this")
    assert output.errors[-1].ename == "UsageError"


def test_rerun_the_last_line_a_range_l_and_g(run, shell, output):
    run("counter = 0")
    run("counter += 1")
    run("%rerun")
    assert shell.user_ns["counter"] == 2
    assert "=== Executing: ===\ncounter += 1\n=== Output: ===\n" in output.stdout
    run("%rerun 2")
    assert shell.user_ns["counter"] == 3
    run("other = 10")
    run("%rerun -l 2")  # 'counter += 1' from %rerun 2 is not a line; the last two inputs are
    assert shell.user_ns["counter"] == 4
    run("%rerun -g counter +=")
    assert shell.user_ns["counter"] == 5
    run("%rerun -g no_such_text_anywhere")
    assert output.errors[-1].evalue == "No lines in history match specification"


def test_load_asks_before_loading_a_very_long_text(run, output, stdin, workdir):
    (workdir / "big.py").write_text("x = 1\n" * 40_000)
    stdin("n")
    run("%load big.py")
    assert "Operation cancelled." in output.stdout
    assert output.next_inputs == []
    stdin("y")
    run("%load big.py")
    assert len(output.next_inputs[-1]) > 200_000
    run("%load -y big.py")  # not asked: with the typed input used up, a question gets "no"
    assert len(output.next_inputs) == 2


# ---------------------------------------------------------------------- %pastebin


@pytest.mark.parametrize("line", ["%pastebin", "%pastebin -d 'my code' 1-2"])
def test_pastebin_uploads_nothing_and_says_so_in_one_sentence(run, output, line):
    run("x = 1")
    result = run(line)
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == (
        "%pastebin uploads nothing, as jovi makes no network requests: "
        "%save FILE 1-7 writes the code to a file you can share."
    )
