"""The magic system: writing magics, registering them, options, help, and the core magics."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from jovi.errors import UsageError
from jovi.shell.magic import (
    Magics,
    argument,
    cell_magic,
    line_cell_magic,
    line_magic,
    magic_arguments,
    magics_class,
    needs_local_scope,
    no_var_expand,
    parse_argstring,
    register_cell_magic,
    register_line_cell_magic,
    register_line_magic,
)


@magics_class
class ExampleMagics(Magics):
    """IPython 1.x's documented examples: %lmagic, %%cmagic, %lcmagic/%%lcmagic."""

    def __init__(self, shell, data=None):
        super().__init__(shell)
        self.data = data

    @line_magic
    def lmagic(self, line):
        "my line magic"
        return ("line", line, self.data)

    @cell_magic("cmagic")
    def some_cell_method(self, line, cell):
        "my cell magic"
        return ("cell", line, cell)

    @line_cell_magic
    def lcmagic(self, line, cell=None):
        "Magic that works both as %lcmagic and as %%lcmagic"
        return ("both", line, cell)

    @magic_arguments()
    @argument("-o", "--option", help="An optional argument.")
    @argument("count", type=int, help="An integer positional argument.")
    @line_magic
    def cool(self, line):
        """A really cool magic command."""
        args = parse_argstring(self.cool, line)
        return (args.option, args.count)

    @line_magic
    def opts(self, line):
        "Options, getopt style."
        options, rest = self.parse_options(line, "nl:", "limit=", mode="list")
        return dict(options), rest

    @line_magic
    @needs_local_scope
    def scope(self, line, local_ns=None):
        "See the caller's variables."
        return local_ns.get(line.strip())

    @line_magic
    @no_var_expand
    def raw(self, line):
        "The line as typed."
        return line


@pytest.fixture
def examples(shell):
    shell.register_magics(ExampleMagics(shell, data="state"))
    return shell


def test_line_cell_and_both_magics(examples, run, output):
    run("%lmagic hello")
    run("%%cmagic arg\nbody line\n")
    run("%lcmagic as line")
    run("%%lcmagic as cell\nthe body\n")
    assert output.text_results == [
        "('line', 'hello', 'state')",
        "('cell', 'arg', 'body line\\n')",
        "('both', 'as line', None)",
        "('both', 'as cell', 'the body\\n')",
    ]


def test_automagic_calls_line_magics_without_percent(examples, run, shell, output):
    run("lmagic hello")
    assert output.text_results == ["('line', 'hello', 'state')"]
    run("lmagic = 5")
    run("lmagic")
    assert output.text_results[-1] == "5"
    run("del lmagic")
    shell.automagic = False
    run("lmagic hello")
    assert output.error_names == ["SyntaxError"]


def test_a_magic_result_can_be_assigned(examples, run, shell):
    run("x = %lmagic assigned")
    assert shell.user_ns["x"] == ("line", "assigned", "state")


def test_variables_are_expanded_in_magic_lines(examples, run, output):
    run("name = 'world'")
    run("%lmagic hello $name {1 + 1} $$literal")
    assert output.text_results == ["('line', 'hello world 2 $literal', 'state')"]
    run("%raw $name {1 + 1}")
    assert output.text_results[-1] == "'$name {1 + 1}'"


def test_a_failed_expansion_leaves_the_whole_line(examples, run, output):
    run("%lmagic $undefined_name {also_undefined}")
    assert output.text_results == ["('line', '$undefined_name {also_undefined}', 'state')"]


def test_expansion_sees_the_local_variables_of_the_caller(examples, run, output):
    run(
        "def f():\n    local_value = 42\n    return get_ipython().run_line_magic('lmagic', '$local_value')\nf()"
    )
    assert output.text_results == ["('line', '42', 'state')"]


def test_needs_local_scope(examples, run, output):
    run("def g():\n    secret = 'inside'\n    found = %scope secret\n    return found\ng()")
    assert output.text_results == ["'inside'"]


def test_magic_arguments_parse_and_document(examples, run, shell, output):
    run("%cool -o fast 3")
    assert output.text_results == ["('fast', 3)"]
    run("%cool notanumber")
    assert output.error_names == ["UsageError"]
    assert "invalid int value" in output.errors[0].evalue
    doc = shell.find_line_magic("cool").__doc__
    assert "%cool [-o OPTION] count" in doc
    assert "An integer positional argument." in doc


@pytest.mark.integration
def test_argument_parsers_are_built_on_first_use_and_help_shows_usage_once(shell):
    # In a fresh interpreter: the parsers are shared by every shell of a process.
    probe = textwrap.dedent(
        """
        from jovi.shell.interactiveshell import InteractiveShell
        from jovi.shell.magic.arguments import ArgumentMagic

        shell = InteractiveShell()
        lazy = [
            value
            for magics in shell.magics_manager.registry.values()
            for value in vars(type(magics)).values()
            if isinstance(value, ArgumentMagic)
        ]
        print(len(lazy), sum(magic._parser is not None for magic in lazy))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    declared, built = map(int, result.stdout.split())
    assert declared > 0, "the built-in magics use @magic_arguments"
    assert built == 0  # nothing built at start-up
    doc = shell.find_line_magic("history").__doc__
    assert doc.count("usage: %history") == 1
    assert doc.count("[range ...]") == 1  # the wrapped usage is not repeated in the body
    assert "\nRanges:" in doc  # the description is dedented as a whole


def test_getopt_style_options(examples, shell):
    opts = shell.find_line_magic("opts")
    assert opts("-n -l 5 rest of it") == ({"n": "", "l": "5"}, ["rest", "of", "it"])
    assert opts("--limit=3 x") == ({"limit": "3"}, ["x"])
    with pytest.raises(UsageError, match="option -z not recognized"):
        opts("-z")


def test_register_functions_as_magics(shell, run, output):
    @register_line_magic
    def lfunc(line):
        "a line magic function"
        return line.upper()

    @register_cell_magic("cfunc")
    def anything(line, cell):
        return cell.strip()

    @register_line_cell_magic
    def both_func(line, cell=None):
        return cell is None

    run("%lfunc abc")
    run("%%cfunc\n  body  \n")
    run("%both_func")
    run("%%both_func\nx\n")
    assert output.text_results == ["'ABC'", "'body'", "True", "False"]


def test_register_magic_function_and_define_magic(shell, run, output):
    shell.register_magic_function(lambda line, cell: len(cell), "cell", "length")
    shell.define_magic("mycommand", lambda self, line: (type(self).__name__, line))
    run("%%length\nabcd\n")
    run("%mycommand arg")
    assert output.text_results == ["5", "('_LegacyMagicSelf', 'arg')"]


def test_unknown_magics_say_so_and_hint_at_the_other_kind(examples, run, output):
    run("%nosuch")
    run("%cmagic")
    run("%%lmagic\nx\n")
    assert [report.evalue for report in output.errors] == [
        "Line magic function `%nosuch` not found.",
        "Line magic function `%cmagic` not found (But cell magic `%%cmagic` exists, did you mean that instead?).",
        "Cell magic `%%lmagic` not found (But line magic `%lmagic` exists, did you mean that instead?).",
    ]


def test_alias_magic(examples, run, shell, output):
    run("%alias_magic t lcmagic")
    assert output.stdout.splitlines() == [
        "Created `%t` as an alias for `%lcmagic`.",
        "Created `%%t` as an alias for `%%lcmagic`.",
    ]
    run("%t x")
    run("%%t y\nz\n")
    assert output.text_results == ["('both', 'x', None)", "('both', 'y', 'z\\n')"]
    run("%alias_magic -l -p fixed whereami lmagic")
    run("%whereami more")
    assert output.text_results[-1] == "('line', 'fixed more', 'state')"
    run("%alias_magic -c nope lmagic")
    assert output.errors[-1].evalue == "Cell magic function `%%lmagic` not found."


def test_lsmagic_lists_and_groups(examples, run, shell, output):
    run("%lsmagic")
    text = output.text_results[0]
    assert text.startswith("Available line magics:\n")
    assert "%lmagic" in text
    assert "Available cell magics:\n" in text
    assert "%%cmagic" in text
    assert text.endswith("Automagic is ON, % prefix IS NOT needed for line magics.")
    listing = shell.run_cell("%lsmagic", silent=True)
    assert listing.success
    result = shell.find_line_magic("lsmagic")("")
    assert result._repr_json_()["line"]["lmagic"] == "ExampleMagics"
    assert shell.find_line_magic("lsmagic")("--json") == result._repr_json_()


def test_magic_and_quickref_page_their_text(examples, run, output):
    run("%magic -brief")
    text = output.page_text()
    assert "%lmagic: my line magic" in text
    assert "%%cmagic: my cell magic" in text
    output.pages.clear()
    run("%quickref")
    assert "quick reference" in output.page_text()
    output.pages.clear()
    run("%guiref")
    assert "jovi qtconsole -- quick reference" in output.page_text()
    assert "Ctrl-Shift-T" in output.page_text()


def test_automagic_and_autocall_toggles(run, shell, output):
    run("%automagic off")
    assert shell.automagic is False
    run("%automagic")
    assert shell.automagic is True
    assert (
        output.stdout.strip().splitlines()[-1]
        == "Automagic is ON, % prefix IS NOT needed for line magics."
    )
    run("%autocall 2")
    assert shell.autocall == 2
    run("%autocall")
    assert shell.autocall == 0
    run("%autocall")
    assert shell.autocall == 2
    run("%autocall 7")
    assert "Valid modes: (0->Off, 1->Smart, 2->Full)" in output.stderr


def test_autocall_rewrites_and_echoes(run, shell, output):
    run("%autocall 1")
    run("str 43")
    assert output.text_results == ["'43'"]
    assert "------> str(43)\n" in output.stdout
    run("def f(*a):\n    return a\n")
    run("f 1, 2")
    assert output.text_results[-1] == "(1, 2)"
    run("x = 1 if f else 2")
    assert shell.user_ns["x"] == 1
    run("%autocall 2")
    run("f")
    assert output.text_results[-1] == "()"


def test_forced_autoparen_and_autoquote(run, shell, output):
    run("def f(*a):\n    return a\n")
    run("/f 1 2")
    run(",f a b")
    run(";f a b")
    assert output.text_results == ["(1, 2)", "('a', 'b')", "('a b',)"]


def test_config_magic(run, shell, output):
    run("%config")
    assert "Available objects for config:" in output.stdout
    assert "    InteractiveShell" in output.stdout
    output.written.clear()
    run("%config PlainTextFormatter")
    assert "--PlainTextFormatter.max_width=<int>" in output.stdout
    assert "PlainTextFormatter.max_width = 79" in output.stdout
    run("width = 40")
    run("%config PlainTextFormatter.max_width = width")
    run("list(range(15))")
    assert output.text_results[-1].count("\n") > 3
    run("%config InteractiveShell.colors = 'Purple'")
    assert output.errors[-1].ename == "UsageError"
    assert "is not one of 'NoColor', 'Linux', 'LightBG', 'Neutral'" in output.errors[-1].evalue
    run("%config NoSuchBackend.figure_format = 'svg'")
    assert "unknown configurable class NoSuchBackend" in output.errors[-1].evalue


def test_colors_and_xmode(run, shell, output):
    run("%colors linux")
    assert shell.colors == "Linux"
    run("%colors nosuch")
    assert output.errors[-1].ename == "UsageError"
    run("%xmode Plain")
    assert shell.xmode == "Plain"
    run("%xmode")
    assert shell.xmode == "Context"
    assert output.stdout.splitlines()[-1] == "Exception reporting mode: Context"


def test_pprint_and_precision(run, shell, output):
    run("%pprint")
    run("list(range(40))")
    assert "\n" not in output.text_results[-1]
    run("%pprint")
    run("import math\n%precision 3\nmath.pi")
    assert output.text_results[-1] == "3.142"
    run("%precision %e")
    run("math.pi")
    assert output.text_results[-1] == "3.141593e+00"
    run("%precision")
    run("math.pi")
    assert output.text_results[-1] == "3.141592653589793"


def test_cell_magic_with_an_empty_body(run, shell, output):
    shell.register_magic_function(lambda line, cell: cell, "cell", "timeit")
    run("%%timeit\n")
    assert output.errors[-1].evalue == (
        "%%timeit is a cell magic, but the cell body is empty. Did you mean the line magic %timeit (single %)?"
    )


def test_extensions(shell, run, output, tmp_path, monkeypatch):
    module = tmp_path / "sample_extension.py"
    module.write_text(
        textwrap.dedent(
            """\
            loads = []
            def load_ipython_extension(ip):
                loads.append(ip)
                ip.push({"extension_value": len(loads)})
            def unload_ipython_extension(ip):
                ip.user_ns.pop("extension_value", None)
            """
        )
    )
    (tmp_path / "not_an_extension.py").write_text("x = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    run("%load_ext sample_extension")
    assert shell.user_ns["extension_value"] == 1
    run("%load_ext sample_extension")
    assert "The sample_extension extension is already loaded. To reload it, use:" in output.stdout
    run("%reload_ext sample_extension")
    assert shell.user_ns["extension_value"] == 1
    run("%unload_ext sample_extension")
    assert "extension_value" not in shell.user_ns
    run("%unload_ext sample_extension")
    assert "The sample_extension extension is not loaded." in output.stdout
    run("%load_ext not_an_extension")
    assert "The not_an_extension module is not a jovi extension." in output.stdout
    run("%load_ext")
    assert output.errors[-1].evalue == "Missing module name."


def test_an_extension_of_the_extensions_directory_reloads(shell, run, output, tmp_path):
    directory = shell.extension_manager.extensions_dir
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dir_extension.py").write_text(
        "def load_jovi_extension(ip):\n    ip.push({'dir_value': 1})\n", encoding="utf-8"
    )
    run("%load_ext dir_extension")
    assert shell.user_ns["dir_value"] == 1
    (directory / "dir_extension.py").write_text(
        # A different size: a stale .pyc of the same size and second would hide the change.
        "def load_jovi_extension(ip):\n    ip.push({'dir_value': 222})\n",
        encoding="utf-8",
    )
    run("%reload_ext dir_extension")
    assert output.errors == []
    assert shell.user_ns["dir_value"] == 222
    assert str(directory) not in sys.path


def test_magics_classes_must_be_decorated(shell):
    class Undecorated(Magics):
        @line_magic
        def x(self, line):
            return line

    with pytest.raises(ValueError, match="must be decorated with @magics_class"):
        shell.register_magics(Undecorated)
