"""The ``jovi`` command, run as a user runs it: the installed script in a subprocess."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from jovi import __version__
from jovi.cli.registry import SUBCOMMANDS


@pytest.fixture
def jovi(jovi_command):
    def run(*args, env=None, check_code=None):
        result = subprocess.run(
            [*jovi_command, *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **(env or {})},
            check=False,
        )
        # A raw Python traceback (with its colon) means an internal error escaped;
        # jovi's own report of a user error has no colon after the heading.
        assert "Traceback (most recent call last):" not in result.stdout + result.stderr, (
            result.stdout + result.stderr
        )
        if check_code is not None:
            assert result.returncode == check_code, result.stdout + result.stderr
        return result

    return run


@pytest.mark.integration
def test_help_lists_the_real_subcommands_and_the_options(jovi):
    out = jovi("--help", check_code=0).stdout
    assert out.startswith("jovi: interactive computing for Python.")
    for sub in SUBCOMMANDS:
        assert f"  {sub.name}" in out
    for spelling in (
        "--profile NAME",
        "--log-level LEVEL",
        "--jovi-dir DIR",
        "--config FILE",
        "--debug",
        "--help-all",
        "--version",
    ):
        assert spelling in out
    assert "--Class.option=value" in out


@pytest.mark.integration
def test_code_on_standard_input_runs_as_cells(jovi_command):
    result = subprocess.run(
        jovi_command,
        input="x = 6 * 7\nx\ndef f():\n    return x\nf() + 1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Out[2]: 42\nOut[4]: 43\n"


@pytest.mark.integration
def test_run_code_with_dash_c_and_its_exit_status(jovi):
    assert (
        jovi("-c", "import sys; print(sys.argv)", "a", "b", check_code=0).stdout
        == "['-c', 'a', 'b']\n"
    )
    failed = jovi("-c", "1/0", check_code=1)
    assert "ZeroDivisionError: division by zero" in failed.stderr


@pytest.mark.integration
def test_help_all_documents_every_option(jovi):
    from jovi.cli.catalogue import load_catalogue

    out = jovi("--help-all", check_code=0).stdout
    for cls in load_catalogue():
        for name in cls.own_options():
            assert f"--{cls.__name__}.{name}=<" in out
    assert "Default: 'WARNING'" in out


@pytest.mark.integration
def test_version(jovi):
    assert jovi("--version", check_code=0).stdout == f"jovi {__version__}\n"
    assert jovi("-V", check_code=0).stdout == f"jovi {__version__}\n"


@pytest.mark.integration
def test_profile_create_list_and_locate(jovi, tmp_path):
    env = {"JOVI_DIR": str(tmp_path / "jd")}
    created = jovi("profile", "create", "foo", env=env, check_code=0).stdout
    profile = tmp_path / "jd" / "profile_foo"
    assert created.splitlines()[0] == f"Created profile 'foo' at {profile}"
    listed = jovi("profile", "list", env=env, check_code=0).stdout
    assert listed.splitlines()[1:3] == ["  default", "  foo"]
    assert jovi("locate", "profile", "foo", env=env, check_code=0).stdout == f"{profile}\n"
    assert jovi("profile", "locate", "foo", env=env, check_code=0).stdout == f"{profile}\n"
    assert jovi("locate", env=env, check_code=0).stdout == f"{tmp_path / 'jd'}\n"
    assert stat.S_IMODE((profile / "security").stat().st_mode) == 0o700
    assert (profile / "jovi_config.py").read_text().startswith("# Configuration file for jovi.")


@pytest.mark.integration
def test_profile_create_keeps_an_existing_config_unless_reset(jovi, tmp_path):
    env = {"JOVI_DIR": str(tmp_path)}
    jovi("profile", "create", "foo", env=env, check_code=0)
    config = tmp_path / "profile_foo" / "jovi_config.py"
    config.write_text("# mine\n")
    again = jovi("profile", "create", "foo", env=env, check_code=0).stdout
    assert "kept its jovi_config.py (use --reset to replace it" in again
    assert config.read_text() == "# mine\n"
    reset = jovi("profile", "create", "foo", "--reset", env=env, check_code=0).stdout
    assert reset.startswith("Reset profile 'foo'")
    assert config.read_text().startswith("# Configuration file for jovi.")


@pytest.mark.integration
def test_locating_a_missing_profile_says_how_to_create_it(jovi, tmp_path):
    result = jovi("locate", "profile", "dne", env={"JOVI_DIR": str(tmp_path)}, check_code=1)
    assert (
        result.stderr
        == f"jovi: error: profile 'dne' not found in {tmp_path}; create it with: jovi profile create dne\n"
    )
    assert result.stdout == ""


@pytest.mark.integration
def test_profile_without_a_subcommand(jovi):
    result = jovi("profile", check_code=1)
    assert result.stdout.startswith(
        "No subcommand specified. Must specify one of: create, list, locate, import-ipython."
    )


@pytest.mark.integration
def test_help_for_a_subcommand(jovi):
    assert jovi("help", "profile", check_code=0).stdout == jovi("profile", "--help").stdout
    assert "jovi profile create" in jovi("profile", "create", "--help", check_code=0).stdout
    assert "--reset" in jovi("profile", "create", "--help").stdout


@pytest.mark.integration
def test_an_unknown_subcommand(jovi):
    result = jovi("profil", check_code=2)
    assert result.stderr.splitlines() == [
        "jovi: error: unknown subcommand 'profil'; did you mean 'profile'?; the subcommands are: profile, locate, history, kernel, console, qtconsole, run, kernelspec, nbconvert, trust, notebook, cluster, controller, engine",
        "  See `jovi --help`.",
    ]


# ------------------------------------------------------------------ bad input


@pytest.mark.integration
def test_a_bad_value_on_the_command_line(jovi):
    result = jovi("profile", "list", "--Application.log_level=LOUD", check_code=2)
    assert result.stderr.splitlines() == [
        "jovi: error: bad value for Application.log_level: 'LOUD' (from the command line: --Application.log_level=LOUD)",
        "  allowed: a level name (DEBUG, INFO, WARNING, ERROR, CRITICAL) or number (0, 10, 20, 30, 40, 50)",
    ]
    assert result.stdout == ""


@pytest.mark.integration
def test_an_unknown_option_on_the_command_line_suggests_the_closest(jovi):
    result = jovi("--Application.log_levl=DEBUG", check_code=2)
    assert result.stderr == (
        "jovi: error: unknown option Application.log_levl (from the command line: --Application.log_levl=DEBUG);"
        " did you mean Application.log_level?\n"
    )


@pytest.mark.integration
def test_an_unknown_class_on_the_command_line(jovi):
    result = jovi("--JoviAp.profile=x", check_code=2)
    assert result.stderr == (
        "jovi: error: unknown configurable class JoviAp (from the command line: --JoviAp.profile=x); did you mean JoviApp?\n"
    )


@pytest.mark.integration
def test_an_unrecognised_argument(jovi):
    result = jovi("--debgu", check_code=2)
    assert result.stderr.splitlines() == [
        "jovi: error: unrecognised argument '--debgu'; did you mean --debug?",
        "  See `jovi --help`.",
    ]


def write_profile_file(tmp_path, name, text):
    profile = tmp_path / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / name).write_text(text)
    return profile / name


@pytest.mark.integration
def test_a_syntax_error_in_jovi_config_py_warns_and_jovi_carries_on(jovi, tmp_path):
    path = write_profile_file(
        tmp_path, "jovi_config.py", "c = get_config()\nc.Application.log_level = = 10\n"
    )
    result = jovi("locate", env={"JOVI_DIR": str(tmp_path)}, check_code=0)
    assert result.stdout == f"{tmp_path}\n"
    assert result.stderr == (
        f"jovi: warning: could not use {path}, line 2: invalid syntax; "
        "its settings were ignored and jovi continued without them.\n"
    )


@pytest.mark.integration
def test_an_exception_in_jovi_config_py_warns_and_the_other_layers_still_apply(jovi, tmp_path):
    path = write_profile_file(
        tmp_path,
        "jovi_config.py",
        "c = get_config()\nc.Application.log_level = 'DEBUG'\nimport nonexistent_module_xyz\n",
    )
    write_profile_file(tmp_path, "jovi_config.json", '{"Application": {"log_level": "CRITICAL"}}')
    result = jovi("locate", env={"JOVI_DIR": str(tmp_path)}, check_code=0)
    assert result.stderr.startswith(
        f"jovi: warning: could not use {path}, line 3: ModuleNotFoundError:"
    )


@pytest.mark.integration
def test_a_bad_value_in_jovi_config_py_names_file_and_line_and_is_ignored(jovi, tmp_path):
    path = write_profile_file(
        tmp_path, "jovi_config.py", "c = get_config()\n\nc.Application.log_level = 'LOUD'\n"
    )
    result = jovi("locate", env={"JOVI_DIR": str(tmp_path)}, check_code=0)
    assert result.stderr.splitlines() == [
        f"jovi: warning: bad value for Application.log_level: 'LOUD' (from {path}, line 3); it was ignored",
        "  allowed: a level name (DEBUG, INFO, WARNING, ERROR, CRITICAL) or number (0, 10, 20, 30, 40, 50)",
    ]


@pytest.mark.integration
def test_an_unknown_option_in_jovi_config_py(jovi, tmp_path):
    path = write_profile_file(
        tmp_path, "jovi_config.py", "c = get_config()\nc.JoviApp.profil = 'x'\n"
    )
    result = jovi("locate", env={"JOVI_DIR": str(tmp_path)}, check_code=0)
    assert result.stderr == (
        f"jovi: warning: unknown option JoviApp.profil (from {path}, line 2); it was ignored; did you mean JoviApp.profile?\n"
    )


@pytest.mark.integration
def test_broken_json_config_warns(jovi, tmp_path):
    path = write_profile_file(tmp_path, "jovi_config.json", '{"Application": ')
    result = jovi("locate", env={"JOVI_DIR": str(tmp_path)}, check_code=0)
    assert result.stderr.startswith(
        f"jovi: warning: could not use {path}, line 1: Expecting value (not valid JSON)"
    )


@pytest.mark.integration
def test_a_bad_environment_variable_warns_and_is_ignored(jovi, tmp_path):
    result = jovi(
        "locate",
        env={"JOVI_DIR": str(tmp_path), "JOVI_Application__log_level": "chatty"},
        check_code=0,
    )
    assert result.stderr.splitlines()[0] == (
        "jovi: warning: bad value for Application.log_level: 'chatty' "
        "(from the environment variable JOVI_Application__log_level=chatty); it was ignored"
    )


@pytest.mark.integration
def test_a_missing_profile_given_on_the_command_line(jovi, tmp_path):
    result = jovi("locate", "--profile=nope", env={"JOVI_DIR": str(tmp_path)}, check_code=1)
    assert (
        result.stderr
        == f"jovi: error: profile 'nope' not found in {tmp_path}; create it with: jovi profile create nope\n"
    )


@pytest.mark.integration
def test_an_invalid_profile_name(jovi, tmp_path):
    result = jovi("profile", "create", "../escape", env={"JOVI_DIR": str(tmp_path)}, check_code=1)
    assert "'../escape' is not a valid profile name" in result.stderr
    assert not (tmp_path.parent / "escape").exists()


@pytest.mark.integration
def test_a_missing_extra_config_file_warns(jovi, tmp_path):
    result = jovi(
        "locate",
        "--config",
        str(tmp_path / "absent.py"),
        env={"JOVI_DIR": str(tmp_path)},
        check_code=0,
    )
    assert (
        result.stderr
        == f"jovi: warning: the configuration file {tmp_path / 'absent.py'} given by --config does not exist; it was ignored.\n"
    )


@pytest.mark.integration
def test_the_extra_config_file_is_loaded(jovi, tmp_path):
    extra = tmp_path / "extra.py"
    extra.write_text("c.Application.log_level = 'LOUD'\n")
    result = jovi("locate", f"--config={extra}", env={"JOVI_DIR": str(tmp_path)}, check_code=0)
    assert f"(from {extra}, line 1)" in result.stderr


@pytest.mark.integration
def test_the_issue_example_a_bad_colour_scheme_on_the_command_line(jovi):
    result = jovi("--InteractiveShell.colors=Purple", check_code=2)
    assert result.stderr.splitlines() == [
        "jovi: error: bad value for InteractiveShell.colors: 'Purple' (from the command line: --InteractiveShell.colors=Purple)",
        "  allowed: one of 'NoColor', 'Linux', 'LightBG', 'Neutral', 'Pride', 'Gruvbox-Dark' (any case)",
    ]


@pytest.mark.integration
def test_a_colour_scheme_in_any_case_is_accepted(jovi):
    assert jovi("--InteractiveShell.colors=lightbg", check_code=0).stderr == ""


@pytest.mark.integration
def test_a_misspelt_shell_option_in_jovi_config_py(jovi, tmp_path):
    path = write_profile_file(
        tmp_path, "jovi_config.py", "c = get_config()\nc.InteractiveShell.colours = 'Linux'\n"
    )
    result = jovi("locate", env={"JOVI_DIR": str(tmp_path)}, check_code=0)
    assert result.stderr == (
        f"jovi: warning: unknown option InteractiveShell.colours (from {path}, line 2); it was ignored;"
        " did you mean InteractiveShell.colors?\n"
    )


@pytest.mark.integration
def test_modules_of_the_current_directory_are_importable(jovi, jovi_command, tmp_path, monkeypatch):
    # As in `python`: the console script's bin directory gives way to '' (the cwd).
    (tmp_path / "localmod.py").write_text("VALUE = 7\n", encoding="utf-8")
    (tmp_path / "runner.py").write_text("import localmod\nprint(localmod.VALUE)\n")
    monkeypatch.chdir(tmp_path)
    code = "import sys, localmod; print(localmod.VALUE, sys.path[0] == '', __IPYTHON__)"
    assert jovi("-c", code, check_code=0).stdout == "7 True True\n"
    assert jovi("runner.py", check_code=0).stdout == "7\n"
    bin_dir = str(Path(jovi_command[0]).parent)
    assert repr(bin_dir) not in jovi("-c", "import sys; print(sys.path)").stdout


@pytest.mark.integration
def test_piped_cell_magics_take_every_line_up_to_a_blank_one(jovi_command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    piped = (
        "%%writefile pt.txt\nhello\n\nworld = 1\n\n"
        "print(open('pt.txt').read().split())\n"
        "%%capture kept\nprint('hidden')\nprint('too')\n\n"
    )
    result = subprocess.run(
        [*jovi_command, "--no-banner", "--colors", "NoColor"],
        input=piped + "print(kept.stdout.split())\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pt.txt").read_text() == "hello\n"
    assert result.stdout.splitlines()[-2:] == ["['hello']", "['hidden', 'too']"]
