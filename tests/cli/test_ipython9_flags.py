"""IPython 9's command-line flags of the terminal shell: --simple-prompt, --pylab,
--profile-dir, --show-config and --show-config-json (issue 15, point 4)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest


@pytest.fixture
def jovi(jovi_command, tmp_path):
    def run(*args, stdin="", check_code=0):
        result = subprocess.run(
            [*jovi_command, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={**os.environ, "MPLBACKEND": ""},
            check=False,
        )
        assert result.returncode == check_code, result.stdout + result.stderr
        assert "Traceback (most recent call last)" not in result.stderr, result.stderr
        return result

    return run


@pytest.mark.integration
def test_simple_prompt_on_a_pipe_prints_the_prompts_an_inferior_shell_waits_for(jovi):
    # Emacs may talk to jovi through pipes: without prompts it would wait forever.
    out = jovi("--simple-prompt", stdin="def f():\n    return 41\n\nf() + 1\n").stdout
    assert "In [1]: " in out
    assert "   ...: " in out
    assert "In [2]: Out[2]: 42" in out


@pytest.mark.integration
def test_without_simple_prompt_a_pipe_runs_cells_without_prompts(jovi):
    out = jovi(stdin="6 * 7\n").stdout
    assert "In [1]" not in out
    assert "Out[1]: 42" in out


@pytest.mark.integration
def test_show_config_lists_each_set_option_with_where_it_comes_from(jovi, jovi_dir):
    profile = jovi_dir / "profile_default"
    profile.mkdir(parents=True)
    (profile / "jovi_config.py").write_text(
        "c.TerminalInteractiveShell.editing_mode = 'vi'\n"
        "c.TerminalInteractiveShell.shortcuts = [{'command': 'jovi:new_line', 'new_keys': []}]\n"
    )
    result = jovi("--show-config", "--colors=Linux", "--TerminalInteractiveShell.auto_match=True")
    lines = result.stdout.splitlines()
    assert "TerminalInteractiveShell" in lines
    assert f"  .editing_mode = 'vi'  # from {profile / 'jovi_config.py'}, line 1" in lines, (
        result.stdout
    )
    assert "  .auto_match = True  # from the command line" in "\n".join(lines)
    assert "  .colors = 'Linux'  # from the command line" in "\n".join(lines)
    assert "In [" not in result.stdout  # it exits instead of starting the shell


@pytest.mark.integration
def test_show_config_json_is_the_same_configuration_as_json(jovi, jovi_dir):
    profile = jovi_dir / "profile_default"
    profile.mkdir(parents=True)
    (profile / "jovi_config.py").write_text("c.InteractiveShell.cache_size = 50\n")
    data = json.loads(jovi("--show-config-json", "--autocall=1").stdout)
    assert data["InteractiveShell"] == {"autocall": 1, "cache_size": 50}


@pytest.mark.integration
def test_show_config_with_nothing_configured(jovi):
    assert "every option has its default value" in jovi("--show-config").stdout


@pytest.mark.integration
def test_profile_dir_runs_that_directorys_startup_files(jovi, tmp_path):
    profile = tmp_path / "my profile"
    (profile / "startup").mkdir(parents=True)
    (profile / "startup" / "00-names.py").write_text("from_the_profile = 'yes'\n")
    out = jovi("--profile-dir", str(profile), "-c", "print(from_the_profile)").stdout
    assert out.strip() == "yes"


@pytest.mark.integration
def test_pylab_sets_up_matplotlib_and_imports_numpy_names(jovi):
    out = jovi(
        "--pylab=agg", "-c", "print(plt.get_backend(), round(pi, 2), linspace(0, 1, 3).tolist())"
    ).stdout
    assert out.strip().splitlines()[-1] == "agg 3.14 [0.0, 0.5, 1.0]"


@pytest.mark.integration
def test_simple_prompt_says_that_gui_windows_wait_with_the_prompt(jovi):
    result = jovi("--simple-prompt", stdin="%gui tk\n")
    assert "with --simple-prompt, nothing runs the tk event loop" in result.stderr


@pytest.mark.integration
def test_ipythons_names_for_the_directory_the_theme_and_the_history(jovi, tmp_path):
    # --ipython-dir is IPython's --jovi-dir, --theme IPython 9's --colors, and
    # HistoryAccessor the class IPython's history options belong to (test set-ups
    # write --HistoryAccessor.hist_file=:memory:).
    directory = tmp_path / "elsewhere"
    result = jovi(
        f"--ipython-dir={directory}",
        "--theme=linux",
        "--HistoryAccessor.hist_file=:memory:",
        "--show-config",
    )
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"  .jovi_dir = '{directory}'") for line in lines), lines
    assert any(line.startswith("  .colors = 'Linux'") for line in lines), lines
    assert any(line.startswith("  .hist_file = ':memory:'") for line in lines), lines
    out = jovi(
        "--ipython-dir",
        str(directory),
        "-c",
        "print(get_ipython().profile_dir)",
    ).stdout
    assert out.strip().startswith(str(directory))
