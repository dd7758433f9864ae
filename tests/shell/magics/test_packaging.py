"""%pip, %uv, %conda, %mamba, %micromamba: package managers acting on the session's
own environment (issue 15).

pip runs for real (it is in the test environment; only commands that change nothing
are used).  conda, mamba, micromamba and uv are fake programs written by the test:
each prints the arguments it was given, so the tests see the command that was built.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from jovi.shell.magics.packaging import RESTART_NOTE


@pytest.fixture(autouse=True)
def quiet_pip(monkeypatch):
    # pip would look for a newer pip on the network after some commands.
    monkeypatch.setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    monkeypatch.setenv("PIP_NO_INPUT", "1")


@pytest.fixture
def tools(tmp_path, monkeypatch):
    """A PATH holding only ``make(name)``'s fake programs, each printing its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    for variable in ("CONDA_EXE", "MAMBA_EXE"):
        monkeypatch.delenv(variable, raising=False)

    def make(name: str):
        tool = bin_dir / name
        tool.write_text(
            f"#!{sys.executable}\nimport json, sys\nprint({name!r}, json.dumps(sys.argv[1:]))\n"
        )
        tool.chmod(0o755)
        return tool

    return make


@pytest.fixture
def conda_env(shell, tmp_path):
    """The shell's packaging magics act on a conda environment made for the test."""
    prefix = tmp_path / "conda-env"
    (prefix / "conda-meta").mkdir(parents=True)
    (prefix / "conda-meta" / "history").write_text("==> 2026-01-01 00:00:00 <==\n")
    shell.magics_manager.load("PackagingMagics").prefix = prefix
    return prefix


def called(capfd, name: str) -> list[str]:
    """The arguments the fake program ``name`` printed."""
    for line in capfd.readouterr().out.splitlines():
        if line.startswith(f"{name} "):
            return json.loads(line.removeprefix(f"{name} "))
    raise AssertionError(f"{name} was not run")


# ---------------------------------------------------------------------- %pip


@pytest.mark.integration
def test_pip_runs_the_pip_of_jovis_own_python(run, shell, output, capfd):
    assert run("%pip --version").success
    shown = capfd.readouterr().out
    assert shown.startswith("pip ")
    assert os.path.realpath(sys.prefix) in os.path.realpath(shown.split(" from ")[1])
    assert shell.user_ns["_exit_code"] == 0
    assert RESTART_NOTE not in output.stdout  # nothing was installed


@pytest.mark.integration
def test_pip_list_shows_the_environment(run, capfd):
    assert run("%pip list --format=freeze").success
    assert any(line.startswith("pip==") for line in capfd.readouterr().out.splitlines())


@pytest.mark.integration
def test_pip_uninstall_is_followed_by_the_restart_note(run, output, capfd):
    assert run("%pip uninstall -y jovi-no-such-package").success
    assert "jovi-no-such-package" in capfd.readouterr().err  # "Skipping ... not installed"
    assert output.stdout == RESTART_NOTE
    assert output.stdout == (
        "Note: you may need to restart the kernel (or jovi) to use updated packages.\n"
    )


@pytest.mark.integration
def test_a_failing_pip_keeps_its_status_and_gives_no_note(run, shell, output, capfd):
    run("%pip install --no-index jovi-no-such-package")
    assert "jovi-no-such-package" in capfd.readouterr().err
    assert shell.user_ns["_exit_code"] != 0
    assert output.stdout == ""


@pytest.mark.integration
def test_pip_typed_without_percent_runs_the_magic(run, capfd):
    # As in IPython: with automagic on, a line starting with "pip " is the %pip magic.
    assert run("pip --version").success
    assert capfd.readouterr().out.startswith("pip ")


@pytest.mark.integration
def test_bang_pip_runs_but_says_to_use_the_magic(run, output, capfd, tools):
    tools("pip")
    run("!pip install something")
    assert called(capfd, "pip") == ["install", "something"]
    assert output.stderr == (
        "Note: !pip may act on another Python environment than this session's; "
        "the magic %pip acts on this one.\n"
    )


@pytest.mark.integration
def test_pip_line_is_split_like_a_shell_line(run, tools, capfd, monkeypatch):
    # `python -m pip` of a Python that only prints its arguments.
    fake_python = tools("python")
    monkeypatch.setattr(sys, "executable", str(fake_python))
    run("%pip install 'numpy>=2' \"two words\"")
    assert called(capfd, "python") == ["-m", "pip", "install", "numpy>=2", "two words"]


def test_an_unsplittable_line_is_one_line(run, output):
    assert not run("%pip install 'unclosed").success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue.startswith("%pip: cannot split the line")


# ---------------------------------------------------------------------- %uv


@pytest.mark.integration
def test_uv_pip_is_pointed_at_jovis_python(run, output, tools, capfd):
    tools("uv")
    assert run("%uv pip install requests").success
    assert called(capfd, "uv") == ["pip", "install", "--python", sys.executable, "requests"]
    assert output.stdout == RESTART_NOTE


@pytest.mark.integration
def test_uv_keeps_a_python_given_and_other_commands_as_typed(run, output, tools, capfd):
    tools("uv")
    run("%uv pip list --python /other/python")
    assert called(capfd, "uv") == ["pip", "list", "--python", "/other/python"]
    run("%uv --version")
    assert called(capfd, "uv") == ["--version"]
    assert output.stdout == ""


def test_uv_missing_is_one_sentence(run, output, tools):
    assert not run("%uv pip install requests").success
    assert output.errors[0].evalue == (
        "%uv needs the uv program, which is not installed here (%pip install uv installs it)."
    )


# ---------------------------------------------------------------------- conda and the mambas


@pytest.mark.integration
def test_conda_install_gets_the_prefix_and_yes(run, output, tools, conda_env, capfd):
    tools("conda")
    assert run("%conda install numpy").success
    # Output is read here (no terminal), so conda could not ask: --yes.
    assert called(capfd, "conda") == ["install", "--yes", "--prefix", str(conda_env), "numpy"]
    assert output.stdout == RESTART_NOTE


@pytest.mark.integration
def test_conda_keeps_a_named_environment_and_a_given_yes(run, output, tools, conda_env, capfd):
    tools("conda")
    run("%conda install -n other -y numpy")
    assert called(capfd, "conda") == ["install", "-n", "other", "-y", "numpy"]
    run("%conda list")
    assert called(capfd, "conda") == ["list", "--prefix", str(conda_env)]
    run("%conda --version")
    assert called(capfd, "conda") == ["--version"]
    assert output.stdout == RESTART_NOTE  # only after the install


@pytest.mark.integration
@pytest.mark.parametrize("tool", ["mamba", "micromamba"])
def test_the_mambas_work_as_conda(run, tools, conda_env, capfd, tool):
    tools(tool)
    assert run(f"%{tool} remove scipy").success
    assert called(capfd, tool) == ["remove", "--yes", "--prefix", str(conda_env), "scipy"]


@pytest.mark.integration
def test_the_tool_named_by_its_variable_comes_first(
    run, tools, conda_env, capfd, monkeypatch, tmp_path
):
    tools("micromamba")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    named = elsewhere / "micromamba"
    named.write_text(f"#!{sys.executable}\nimport sys\nprint('named', sys.argv[1:])\n")
    named.chmod(0o755)
    monkeypatch.setenv("MAMBA_EXE", str(named))
    run("%micromamba list")
    assert capfd.readouterr().out.startswith("named ['list', '--prefix'")


@pytest.mark.parametrize("tool", ["conda", "mamba", "micromamba"])
def test_a_missing_tool_is_one_sentence(run, output, tools, conda_env, tool):
    variable = "CONDA_EXE" if tool == "conda" else "MAMBA_EXE"
    assert not run(f"%{tool} install numpy").success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == (
        f"%{tool} needs the {tool} program, which was not found "
        f"(neither ${variable} nor $PATH names it)."
    )


def test_conda_outside_a_conda_environment_says_to_use_pip(run, output, tools):
    tools("conda")
    assert not run("%conda install numpy").success
    assert output.errors[0].evalue == (
        "%conda installs into conda environments, and jovi's Python "
        f"({sys.prefix}) is not in one: use %pip install instead."
    )
