"""Extensions written for IPython load and run in jovi's shell (issue 15, point 6).

line_profiler, memory_profiler, ipython-autotime and python-dotenv are test peers (the
``interop`` extra): real extensions whose magics subclass ``IPython.core.magic.Magics``
and which reach the shell through IPython's own code (``get_ipython()``, ``page()``,
events).  Each test uses a shell made for it; jovi imports no IPython itself (see
``test_jovi_imports_no_ipython_until_an_extension_does``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from jovi.config import Config
from jovi.shell import InteractiveShell

pytestmark = pytest.mark.interop

PROFILED = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"


def test_lprun_of_line_profiler_shows_each_line_of_a_cell_function(run, output):
    assert run("%load_ext line_profiler").success
    assert run(PROFILED).success
    result = run("%lprun -f total total(1000)")
    assert result.success, output.errors
    report = output.page_text()
    assert "Line #      Hits" in report
    assert "Function: total at line 1" in report
    # The cell's own lines, found in linecache by the cell's IPython-style name.
    hits = [line.split() for line in report.splitlines() if line.strip().endswith("s += i")]
    assert hits
    assert hits[0][:2] == ["4", "1000"]


def test_lprun_returns_the_profiler_with_r_and_reports_bad_options_in_one_line(run, output):
    assert run("%load_ext line_profiler").success
    assert run(PROFILED).success
    assert run("profiler = %lprun -r -f total total(10)").success
    assert run("type(profiler).__name__").success
    assert output.text_results[-1] == "'LineProfiler'"
    result = run("%lprun -Q total(1)")
    assert not result.success
    # IPython's UsageError reads as jovi's: one line, no traceback.
    assert output.errors[-1].ename == "UsageError"
    assert "option -Q not recognized" in output.errors[-1].evalue


# memory_profiler 0.61 compares versions with distutils (deprecated in Python 3.10+).
@pytest.mark.filterwarnings("ignore:The distutils package is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:distutils Version classes are deprecated:DeprecationWarning")
def test_memit_of_memory_profiler_measures_a_statement_and_a_cell(run, output, capfd):
    assert run("%load_ext memory_profiler").success, output.errors
    assert run("%memit data = list(range(200_000))").success, output.errors
    assert run("%%memit n = 1000\nblock = bytearray(n * 1024)").success, output.errors
    assert run("result = %memit -o -q x = [0] * 10").success, output.errors
    assert run("type(result).__name__, result.repeat").success
    assert output.text_results[-1] == "('MemitResult', 1)"
    printed = capfd.readouterr().out
    assert printed.count("peak memory:") == 2
    assert "increment:" in printed


def test_autotime_times_each_cell_through_the_events(run, capfd):
    assert run("%load_ext autotime").success
    assert run("x = 1").success
    assert "time: " in capfd.readouterr().out
    assert run("%unload_ext autotime").success
    capfd.readouterr()
    assert run("y = 2").success
    assert "time: " not in capfd.readouterr().out


def test_dotenv_magic_loads_a_file(run, output, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JOVI_DOTENV_PROBE", raising=False)
    (tmp_path / "probe.env").write_text("JOVI_DOTENV_PROBE=loaded\n")
    assert run("%load_ext dotenv").success
    assert run("%dotenv probe.env").success, output.errors
    assert run("import os; os.environ['JOVI_DOTENV_PROBE']").success
    assert output.text_results[-1] == "'loaded'"


def test_ipython_sees_jovis_shell(shell, run, output):
    assert run("import IPython, IPython.core.page").success
    assert run("IPython.get_ipython() is get_ipython()").success
    assert output.text_results[-1] == "True"
    # IPython's pager reaches the shell's output (through shell.hooks.show_in_pager).
    assert run("IPython.core.page.page('paged by IPython')").success
    assert output.pages[-1] == {"text/plain": "paged by IPython"}
    assert run(
        "from IPython.core.interactiveshell import InteractiveShellABC\n"
        "isinstance(get_ipython(), InteractiveShellABC)"
    ).success
    assert output.text_results[-1] == "True"


@pytest.fixture
def configured_shell(output, tmp_path):
    config = Config()
    config.LimitMagics.limit = 7  # as jovi_config.py would say it
    shell = InteractiveShell(
        config=config, output=output, profile_dir=tmp_path / "profile", colors="NoColor"
    )
    try:
        with shell.activated():
            yield shell
    finally:
        shell.close()


def test_a_configurable_magics_class_gets_jovis_settings_as_traitlets_config(
    configured_shell, output
):
    # Shaped like jupysql's SqlMagic: Magics and a traitlets Configurable made from
    # shell.config, added to shell.configurables, reading its option from the config.
    shell = configured_shell
    cell = textwrap.dedent(
        """
        from IPython.core.magic import Magics, line_magic, magics_class, needs_local_scope
        from traitlets import Int
        from traitlets.config import Configurable

        @magics_class
        class LimitMagics(Magics, Configurable):
            limit = Int(1).tag(config=True)

            def __init__(self, shell):
                Configurable.__init__(self, config=shell.config)
                Magics.__init__(self, shell=shell)
                self.shell.configurables.append(self)

            @needs_local_scope
            @line_magic
            def limit_of(self, line, local_ns=None):
                return self.limit, self.shell.ev(line), "local" in local_ns

        def load_ipython_extension(ip):
            ip.register_magics(LimitMagics(ip))

        import types, sys
        module = types.ModuleType("limit_extension")
        module.load_ipython_extension = load_ipython_extension
        sys.modules["limit_extension"] = module
        """
    )
    assert shell.run_cell(cell).success, output.errors
    assert shell.run_cell("%load_ext limit_extension").success, output.errors
    assert shell.run_cell(
        "def f():\n    local = 1\n    got = %limit_of 2 * 3\n    return got\nf()"
    ).success, output.errors
    assert output.text_results[-1] == "(7, 6, True)"
    registered = shell.magics_manager.registry["LimitMagics"]
    assert registered.limit == 7
    # As a bound method would, a magic names its object (jupysql looks for it so).
    assert shell.find_line_magic("limit_of").__self__ is registered.original
    # %config lists, shows and sets the extension's traitlets options.
    assert shell.run_cell("%config").success
    assert "    LimitMagics\n" in output.stdout
    assert shell.run_cell("%config LimitMagics").success
    assert "--LimitMagics.limit=<Int>" in output.stdout
    assert shell.run_cell("%config LimitMagics.limit = 3 * 3").success, output.errors
    assert registered.limit == 9
    assert not shell.run_cell("%config LimitMagics.limit = 'many'").success
    assert output.errors[-1].ename == "UsageError"
    assert "LimitMagics.limit:" in output.errors[-1].evalue
    del sys.modules["limit_extension"]


def test_jovi_imports_no_ipython_until_an_extension_does():
    probe = textwrap.dedent(
        """
        import sys
        from jovi.shell import InteractiveShell
        shell = InteractiveShell(colors="NoColor")
        shell.run_cell("x = 1")
        before = sorted(name for name in sys.modules if name.split(".")[0] in ("IPython", "traitlets"))
        shell.run_cell("%load_ext line_profiler")
        shell.run_cell("def g():\\n    return 1")
        shell.run_cell("%lprun -f g g()")
        print(before, "IPython" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "[] True"
    assert "Line #" in result.stdout


def test_the_jovi_command_runs_lprun_and_memit(jovi_command, tmp_path):
    script = tmp_path / "profile_it.ipy"
    script.write_text(
        "%load_ext line_profiler\n%load_ext memory_profiler\n"
        + PROFILED
        + "\n%lprun -f total total(300)\n%memit x = list(range(1000))\n"
    )
    result = subprocess.run(
        [*jovi_command, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Line #      Hits" in result.stdout
    assert [line.split()[:2] for line in result.stdout.splitlines() if "s += i" in line] == [
        ["6", "300"]
    ]
    assert "peak memory:" in result.stdout


def test_ipythons_own_decorators_register_magics_in_a_shell_made_by_hand(output, tmp_path):
    # The public entry point: a shell that nobody registered or activated; IPython's
    # get_ipython() (and so its decorators) finds it while its cells run.
    shell = InteractiveShell(output=output, profile_dir=tmp_path / "profile", colors="NoColor")
    try:
        cell = (
            "from IPython import get_ipython\n"
            "from IPython.core.magic import register_cell_magic, register_line_magic\n"
            "@register_line_magic\n"
            "def hello(line):\n"
            "    'Say hello.'\n"
            "    return 'hello ' + line\n"
            "@register_cell_magic('shout')\n"
            "def shout(line, cell):\n"
            "    return cell.upper()\n"
            "get_ipython() is not None"
        )
        assert shell.run_cell(cell).success, output.errors
        assert shell.run_cell("%hello world").success
        assert shell.run_cell("%%shout\nabc").success
        assert output.text_results == ["True", "'hello world'", "'ABC\\n'"]
    finally:
        shell.close()


def test_help_of_an_ipython_magic_names_the_extensions_file(run, output):
    assert run("%load_ext line_profiler").success
    assert run("%lprun?").success
    text = output.page_text()
    assert "Execute a statement under the line-by-line profiler" in text
    assert "line_profiler/ipython_extension.py" in text


def test_an_ipython_extension_without_ipython_installed_is_one_sentence():
    probe = textwrap.dedent(
        """
        import sys
        sys.modules["IPython"] = None  # as if IPython were not installed
        from jovi.shell import InteractiveShell
        shell = InteractiveShell(colors="NoColor")
        result = shell.run_cell("%load_ext line_profiler")
        print(type(result.error_in_exec).__name__, result.error_in_exec)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines()[-1] == (
        "UsageError the line_profiler extension is written for IPython, which is not "
        "installed: install it (%pip install ipython) and jovi runs the extension"
    )


def test_a_closed_shell_that_ran_an_ipython_extension_is_freed(tmp_path):
    import gc
    import weakref

    shell = InteractiveShell(profile_dir=tmp_path / "profile", colors="NoColor")
    assert shell.run_cell("%load_ext line_profiler").success
    gone = weakref.ref(shell)
    shell.close()
    del shell
    gc.collect()
    assert gone() is None


def test_ipython_imported_before_the_shell_still_finds_it():
    # Modules of IPython imported before jovi's shell hold get_ipython by name.
    import subprocess
    import sys

    code = (
        "import IPython.core.page, IPython.core.history\n"
        "from jovi.shell import InteractiveShell\n"
        "shell = InteractiveShell(colors='NoColor')\n"
        "with shell.activated():\n"
        "    shell.run_cell('import IPython.core.page; IPython.core.page.page(\"paged\")')\n"
        "    shell.run_cell('print(IPython.core.page.get_ipython() is get_ipython())')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == "True", done.stdout + done.stderr
    assert "paged" in done.stdout


@pytest.fixture
def ipython_shell_class():
    """IPython's InteractiveShell class, given back its own ``ast_node_interactivity``
    after the test (the notebook habit replaces it on the class)."""
    from IPython.core.interactiveshell import InteractiveShell as IPythonShell

    trait = IPythonShell.__dict__["ast_node_interactivity"]
    try:
        yield IPythonShell
    finally:
        IPythonShell.ast_node_interactivity = trait


def test_the_notebook_habit_of_setting_ast_node_interactivity_on_ipythons_class(
    ipython_shell_class, run, output
):
    # The first cell of many notebooks: every expression of a cell shows its value.
    assert run(
        "from IPython.core.interactiveshell import InteractiveShell\n"
        'InteractiveShell.ast_node_interactivity = "all"'
    ).success
    assert run("1\n2").success
    assert output.text_results[-2:] == ["1", "2"]
    assert run('InteractiveShell.ast_node_interactivity = "last_expr"').success
    assert run("3\n4").success
    assert output.text_results[-2:] == ["2", "4"]
    # %config, after it, is obeyed as in IPython (there it sets the shell's own value).
    assert run("%config InteractiveShell.ast_node_interactivity = 'all'").success
    assert run("5\n6").success
    assert output.text_results[-2:] == ["5", "6"]


def test_a_bad_ast_node_interactivity_on_ipythons_class_is_one_usage_error(
    ipython_shell_class, run, output
):
    ipython_shell_class.ast_node_interactivity = "everything"
    result = run("1")
    assert not result.success
    assert output.errors[-1].ename == "UsageError"
    assert "'everything' is not" in output.errors[-1].evalue
    ipython_shell_class.ast_node_interactivity = "last_expr"
    assert run("2").success


def test_a_formatter_a_library_adds_for_a_new_mime_type_is_used(run, output):
    # pandas adds IPython's own kind of formatter for its table schema MIME type (once
    # IPython is imported, as it is in any notebook that imported a library using it).
    assert run(
        "import IPython\n"
        "import pandas as pd\n"
        "pd.options.display.html.table_schema = True\n"
        "pd.DataFrame({'a': [1, 2]})"
    ).success, output.errors
    data = output.results[-1][1]
    schema = data["application/vnd.dataresource+json"]
    assert [row["a"] for row in schema["data"]] == [1, 2]
    assert run("pd.options.display.html.table_schema = False\npd.DataFrame({'a': [1]})").success
    assert "application/vnd.dataresource+json" not in output.results[-1][1]


def test_a_replaced_showtraceback_of_ipythons_kind_gets_each_error(shell, run, output):
    # IPython's hook for showing errors another way: rich.traceback.install() replaces
    # the shell's _showtraceback and reads the error back with _get_exc_info().
    seen = []

    def show(etype, evalue, stb):
        current = shell._get_exc_info()
        seen.append((etype, current[1] is evalue, bool(stb)))

    shell._showtraceback = show
    assert not run("1 / 0").success
    assert not run("x = (").success
    assert seen == [(ZeroDivisionError, True, True), (SyntaxError, True, True)]
    assert output.errors == []  # shown by the hook instead
    del shell._showtraceback
    assert not run("1 / 0").success
    assert output.errors[-1].ename == "ZeroDivisionError"


def test_get_exc_info_is_ipythons(shell):
    try:
        raise KeyError("k")
    except KeyError as error:
        found, raised = shell._get_exc_info(), error
    assert found == (KeyError, raised, raised.__traceback__)
    given = (ValueError, ValueError("v"), None)
    assert shell._get_exc_info(given) == given


def test_set_custom_exc_hands_the_errors_named_to_the_handler(shell, run, output):
    # IPython's API, used to be told of a failing cell (a notification, say):
    # the handler gets the error and shows it with showtraceback.
    seen = []

    def handler(self, etype, evalue, tb, tb_offset=None):
        seen.append(etype)
        self.showtraceback((etype, evalue, tb), tb_offset=tb_offset)

    shell.set_custom_exc((ZeroDivisionError,), handler)
    assert not run("1 / 0").success
    assert seen == [ZeroDivisionError]
    assert output.errors[-1].ename == "ZeroDivisionError"
    assert not run("[][1]").success  # not named: shown as usual
    assert (seen, output.errors[-1].ename) == ([ZeroDivisionError], "IndexError")
    with pytest.raises(TypeError, match="tuple"):
        shell.set_custom_exc([KeyError], handler)


def test_a_failing_custom_exc_handler_is_unregistered_and_the_error_still_shown(shell, run, output):
    shell.set_custom_exc((KeyError,), lambda *args, **kwargs: 1 / 0)
    assert not run("{}['k']").success
    assert "Custom TB Handler failed, unregistering" in output.stderr
    assert output.errors[-1].ename == "KeyError"
    assert shell.custom_exceptions == ()
    assert not run("{}['k']").success
    assert output.stderr.count("unregistering") == 1


def test_the_completer_under_ipythons_name(shell, run):
    # A common notebook workaround for slow completion: get_ipython().Completer.use_jedi = False
    assert run("get_ipython().Completer.use_jedi = False").success
    assert shell.completer.use_jedi is False
    assert shell.Completer is shell.completer


def test_color_info_off_shows_object_information_without_colours(output, tmp_path):
    # IPython's --no-color-info: obj? in plain text, whatever the colour scheme.
    from jovi.shell.interactiveshell import InteractiveShell as Shell

    coloured = Shell(output=output, profile_dir=tmp_path / "a", colors="Linux")
    plain = Shell(output=output, profile_dir=tmp_path / "b", colors="Linux", color_info=False)
    try:
        assert "\x1b[" in coloured.object_inspect_mime("len")["text/plain"]
        assert "\x1b[" not in plain.object_inspect_mime("len")["text/plain"]
    finally:
        plain.close()
        coloured.close()
