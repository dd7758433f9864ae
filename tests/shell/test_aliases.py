"""Aliases: %alias with %s and %l, %unalias, %rehashx, the default aliases.

Starter acceptance items 11 and 12.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest

from jovi.shell.alias import default_aliases


@pytest.mark.integration
def test_positional_arguments_fill_each_percent_s(run, capsys):
    run("%alias parts echo first %s second %s")
    run("parts A B")
    run("%parts C D")
    assert capsys.readouterr().out == "first A second B\nfirst C second D\n"


@pytest.mark.integration
def test_too_few_arguments_is_an_error_and_extra_ones_are_appended(run, output, capsys):
    run("%alias parts echo first %s second %s")
    result = run("parts A")
    assert not result.success
    assert output.errors[0].evalue == "Alias <parts> requires 2 arguments, 1 given."
    run("parts A B C")
    assert capsys.readouterr().out == "first A second B C\n"


@pytest.mark.integration
def test_percent_l_takes_the_whole_line(run, capsys):
    run('%alias bracket echo "Input in brackets: <%l>"')
    run("bracket hello world")
    assert capsys.readouterr().out == "Input in brackets: <hello world>\n"


def test_percent_s_and_percent_l_cannot_be_mixed(run, output):
    run("%alias bad echo %s %l")
    assert output.errors[0].evalue == (
        "The %s and %l specifiers are mutually exclusive in alias definitions."
    )


@pytest.mark.integration
def test_double_percent_is_a_literal_percent(run, capsys):
    run("%alias pct echo 100%% of %s")
    run("pct x")
    assert capsys.readouterr().out == "100% of x\n"


@pytest.mark.integration
def test_arguments_are_expanded_once(run, capsys, monkeypatch):
    monkeypatch.setenv("JOVI_ALIAS_VAR", "the environment")
    run("%alias show echo")
    run("JOVI_ALIAS_VAR = 'A Python string'")
    run("show $JOVI_ALIAS_VAR")
    run("show $$JOVI_ALIAS_VAR")
    assert capsys.readouterr().out == "A Python string\nthe environment\n"


@pytest.mark.integration
def test_an_alias_of_an_alias_runs_the_inner_command(run, capsys):
    run("%alias foo echo /srv")
    run("%alias baz foo")
    run("baz x")
    assert capsys.readouterr().out == "/srv x\n"


def test_a_cycle_is_reported_and_nothing_runs(run, output, capsys):
    run("%alias ping pong")
    run("%alias pong ping")
    run("ping")
    assert "Cyclic alias definition, repeated 'ping'" in output.stderr
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("for", "keyword or builtin"),
        ("len", "keyword or builtin"),
        ("cd", "keyword or builtin"),
        ("pushd", "keyword or builtin"),
        ("alias", "keyword or builtin"),
        ("lsmagic", "another magic command"),
        ("a.b", "use letters, digits"),
    ],
)
def test_names_that_cannot_be_aliases(run, output, name, reason):
    result = run(f"%alias {name} echo no")
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert reason in output.errors[0].evalue


@pytest.mark.integration
def test_a_python_variable_shadows_an_alias(run, shell, capsys):
    run("%alias parts echo first %s second %s")
    run("parts = 5")
    run("parts")
    assert shell.last_execution_succeeded
    assert capsys.readouterr().out == ""
    run("%parts A B")  # the % form still reaches the alias
    assert capsys.readouterr().out == "first A second B\n"


def test_listing_returns_the_pairs(run, shell, output):
    run("%alias la ls -al")
    run("alist = %alias")
    pairs = shell.user_ns["alist"]
    assert ("la", "ls -al") in pairs
    assert pairs == sorted(pairs)
    assert f"Total number of aliases: {len(pairs)}\n" in output.stdout


def test_one_alias_can_be_shown(run, output):
    run("%alias la ls -al")
    run("%alias la")
    assert "la -> ls -al" in output.stdout
    run("%alias nosuch")
    assert "nosuch is not an alias" in output.errors[-1].evalue


def test_unalias_removes_it(run, shell, output):
    run("%alias la ls -al")
    run("%unalias la")
    assert not shell.alias_manager.is_alias("la")
    assert shell.find_line_magic("la") is None
    run("%unalias la")
    assert output.errors[-1].evalue == "la is not an alias."


def test_aliases_are_line_magics_with_help(shell):
    shell.run_cell("%alias la ls -al")
    assert "la" in shell.magics_manager.names("line")
    assert shell.object_inspect_text("la").count("Alias") >= 1


@pytest.mark.integration
def test_default_aliases_are_there_and_work(run, shell, tmp_path, capsys, monkeypatch):
    names = {name for name, _ in shell.alias_manager.aliases}
    assert {
        "ls",
        "ll",
        "lf",
        "lk",
        "ldir",
        "lx",
        "mkdir",
        "rmdir",
        "mv",
        "rm",
        "cp",
        "cat",
    } <= names
    assert "less" not in names  # terminal-only aliases belong to the terminal shell
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("note\n")
    (tmp_path / "sub").mkdir()
    run("%cat notes.txt")
    run("%mkdir made")
    run("%lf")
    run("%ldir")
    printed = capsys.readouterr().out
    assert printed.startswith("note\n")
    assert (tmp_path / "made").is_dir()
    assert "notes.txt" in printed
    assert "sub/" in printed


def test_default_aliases_follow_the_platform(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert ("ls", "ls -F -G") in default_aliases()
    monkeypatch.setattr(sys, "platform", "linux")
    assert ("ls", "ls -F --color=auto") in default_aliases()


def test_configured_user_aliases(output, tmp_path):
    from jovi.config import Config
    from jovi.shell.interactiveshell import InteractiveShell

    config = Config({"AliasManager": {"user_aliases": [("hello", "echo hello"), ("bad",)]}})
    shell = InteractiveShell(config=config, output=output, profile_dir=tmp_path / "profile_c")
    try:
        assert shell.alias_manager.is_alias("hello")
        assert "the alias ('bad',) was skipped" in output.stderr
    finally:
        shell.close()


def test_rehashx_makes_path_programs_aliases(run, shell, output, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("tool.1", "helper", "len"):
        program = bin_dir / name
        program.write_text("#!/bin/sh\necho ran $0 $@\n")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    (bin_dir / "not-executable").write_text("")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    run("%rehashx")
    manager = shell.alias_manager
    assert manager.is_alias("tool1")  # dots are dropped
    assert manager.is_alias("helper")
    assert not manager.is_alias("len")  # a builtin's name
    assert not manager.is_alias("not-executable")
    assert manager.get_alias("ls").command == dict(default_aliases())["ls"]
    assert "programs on $PATH are now aliases" in output.stdout


def test_rehash_is_the_old_name_of_rehashx(shell):
    assert shell.find_line_magic("rehash").__name__ == "rehashx"


@pytest.mark.integration
def test_an_alias_defined_in_an_ipy_startup_file(shell, tmp_path, capsys):
    from jovi.shell.scripts import run_ipy_file

    startup = tmp_path / "20-b.ipy"
    startup.write_text("A = 1\n%alias la echo listed $A\n")
    assert run_ipy_file(shell, startup)
    shell.run_cell("la")
    assert capsys.readouterr().out == "listed 1\n"
