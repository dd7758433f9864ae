"""Directories and the environment: %cd, %pwd, %pushd/%popd/%dirs, %dhist, %bookmark, %env.

Starter acceptance items 5 and 10.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jovi.shell.interactiveshell import InteractiveShell
from jovi.shell.magics.directories import compress_dhist


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    """Three directories a, b, c (real paths), starting in tmp_path."""
    root = tmp_path.resolve()
    made = {}
    for name in ("alpha", "beta", "gamma"):
        made[name] = root / name
        made[name].mkdir()
    monkeypatch.chdir(root)
    return made


def test_cd_changes_directory_prints_it_and_records_it(run, shell, output, dirs):
    run(f"%cd {dirs['alpha']}")
    assert Path.cwd() == dirs["alpha"]
    assert output.stdout == f"{dirs['alpha']}\n"
    assert shell.user_ns["_dh"][-1] == str(dirs["alpha"])
    run("%pwd")
    assert output.text_results == [repr(str(dirs["alpha"]))]


def test_cd_dash_goes_back(run, dirs):
    run(f"%cd -q {dirs['alpha']}")
    run(f"%cd -q {dirs['beta']}")
    run("cd -")
    assert Path.cwd() == dirs["alpha"]


def test_cd_dash_without_history_is_a_usage_error(shell, output, tmp_path):
    fresh = InteractiveShell(output=output, profile_dir=tmp_path / "profile_fresh")
    try:
        fresh.history_manager.dir_hist[:] = [str(Path.cwd())]
        fresh.run_cell("%cd -")
        assert output.errors[-1].evalue == "%cd -: No previous directory to change to."
    finally:
        fresh.close()


def test_cd_quiet_and_home(run, output, dirs, monkeypatch):
    home = dirs["gamma"]
    monkeypatch.setenv("HOME", str(home))
    run("%cd -q")
    assert Path.cwd() == home
    assert output.stdout == ""
    run(f"%cd -q {dirs['alpha']}")
    run("%cd -q ~")
    assert Path.cwd() == home


def test_cd_by_history_number_and_pattern(run, shell, output, dirs):
    for name in ("alpha", "beta", "gamma"):
        run(f"%cd -q {dirs[name]}")
    history = shell.user_ns["_dh"]
    index = history.index(str(dirs["beta"]))
    run(f"%cd -q -{index}")
    assert Path.cwd() == dirs["beta"]
    run("%cd -q --alp")
    assert Path.cwd() == dirs["alpha"]
    run("%cd --zzz")
    assert "No matching entry in directory history" in output.errors[-1].evalue
    run("%cd -99")
    assert "does not exist in history" in output.errors[-1].evalue


def test_a_missing_directory_is_one_line(run, output, dirs):
    result = run("%cd nowhere-at-all")
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == (
        "cannot change directory to nowhere-at-all: No such file or directory."
    )


def test_automagic_cd_and_shadowing(run, shell, output, dirs):
    run(f"%cd -q {dirs['alpha']}")
    run("cd=1")
    result = run("cd ..")
    assert not result.success
    assert output.error_names == ["SyntaxError"]
    run("%cd -q ..")
    assert Path.cwd() == dirs["alpha"].parent
    run("del cd")
    run(f"cd {dirs['beta']}")
    assert Path.cwd() == dirs["beta"]


@pytest.mark.integration
def test_bang_cd_does_not_move_jovi_and_says_to_use_the_magic(run, dirs, output):
    run(f"!cd {dirs['alpha']}")
    assert Path.cwd() == dirs["alpha"].parent
    assert output.stderr == (
        "Note: !cd changes the directory of a sub-shell that ends at once; "
        "the magic %cd changes this session's.\n"
    )


def test_pushd_popd_dirs(run, shell, output, dirs):
    start = Path.cwd()
    run(f"first = %pushd {dirs['alpha']}")
    assert Path.cwd() == dirs["alpha"]
    assert shell.user_ns["first"] == [str(start)]
    run(f"%pushd {dirs['beta']}")
    run("stack = %dirs")
    assert shell.user_ns["stack"] == [str(dirs["alpha"]), str(start)]
    run("%popd")
    assert Path.cwd() == dirs["alpha"]
    assert f"popd -> {dirs['alpha']}\n" in output.stdout
    run("%popd")
    run("%popd")
    assert output.errors[-1].evalue == "%popd on empty stack"


def test_pushd_abbreviates_home(run, output, dirs, monkeypatch):
    monkeypatch.setenv("HOME", str(dirs["alpha"]))
    run(f"%cd -q {dirs['alpha']}")
    run(f"%pushd {dirs['beta']}")
    assert output.text_results[-1] == "['~']"
    run("%popd")
    assert Path.cwd() == dirs["alpha"]


def test_dhist_prints_all_the_last_n_or_a_range(run, shell, output, dirs):
    shell.history_manager.dir_hist[:] = ["/zero"]
    for name in ("alpha", "beta", "gamma"):
        run(f"%cd -q {dirs[name]}")
    run("%dhist")
    run("%dhist 1")
    run("%dhist 1 3")
    assert output.stdout == (
        "Directory history (kept in _dh)\n"
        f"0: /zero\n1: {dirs['alpha']}\n2: {dirs['beta']}\n3: {dirs['gamma']}\n"
        f"Directory history (kept in _dh)\n3: {dirs['gamma']}\n"
        f"Directory history (kept in _dh)\n1: {dirs['alpha']}\n2: {dirs['beta']}\n"
    )
    run("%dhist x")
    assert output.error_names == ["UsageError"]


def test_the_directory_history_is_saved_in_the_profile(run, shell, dirs):
    run(f"%cd -q {dirs['alpha']}")
    run(f"%cd -q {dirs['beta']}")
    run(f"%cd -q {dirs['alpha']}")
    saved = shell.db["dhist"]
    assert saved[-2:] == [str(dirs["beta"]), str(dirs["alpha"])]
    assert len(saved) == len(set(saved))


def test_compress_dhist_keeps_the_latest_distinct_entries():
    assert compress_dhist(["a", "b", "a", "c", "b"]) == ["a", "c", "b"]
    assert compress_dhist([str(n) for n in range(150)]) == [str(n) for n in range(50, 150)]


def test_bookmarks_persist_across_sessions(run, shell, output, dirs, tmp_path):
    run(f"%cd -q {dirs['alpha']}")
    run("%bookmark here")
    run(f"%bookmark there {dirs['beta']}")
    other = InteractiveShell(output=output, profile_dir=shell.profile_dir)
    try:
        other.run_cell("%cd -q /")
        other.run_cell("%cd there")
        assert Path.cwd() == dirs["beta"]
        assert f"(bookmark:there) -> {dirs['beta']}\n" in output.stdout
        other.run_cell("%cd -q -b here")
        assert Path.cwd() == dirs["alpha"]
        other.run_cell("%bookmark -l")
        assert f"here  -> {dirs['alpha']}\nthere -> {dirs['beta']}\n" in output.stdout
    finally:
        other.close()


def test_bookmark_deletion_and_errors(run, shell, output, dirs):
    run("%bookmark one")
    run("%bookmark two")
    run("%bookmark -d one")
    assert shell.db["bookmarks"] == {"two": str(Path.cwd())}
    run("%cd -b one")
    assert output.errors[-1].evalue == (
        "Bookmark 'one' not found.  Use '%bookmark -l' to see your bookmarks."
    )
    run("%bookmark -d one")
    assert "there is no bookmark 'one'" in output.errors[-1].evalue
    run("%bookmark")
    assert output.errors[-1].evalue == "%bookmark: You must specify the bookmark name"
    run("%bookmark a b c")
    assert "too many arguments" in output.errors[-1].evalue
    run("%bookmark -r")
    assert shell.db["bookmarks"] == {}
    run("%bookmark -l")
    assert "No bookmarks defined" in output.stdout


def test_a_damaged_bookmark_file_is_one_line(run, shell, output):
    (shell.profile_dir / "db").mkdir(parents=True, exist_ok=True)
    (shell.profile_dir / "db" / "bookmarks").write_bytes(b"not a pickle")
    run("%bookmark -l")
    assert output.error_names == ["UsageError"]
    assert "%bookmark -r" in output.errors[0].evalue


# ---------------------------------------------------------------------- %env


def test_env_lists_gets_and_sets(run, shell, output, monkeypatch):
    monkeypatch.setenv("JOVI_PLAIN", "visible")
    monkeypatch.setenv("JOVI_API_TOKEN", "s3cret")
    run("everything = %env")
    everything = shell.user_ns["everything"]
    assert everything["JOVI_PLAIN"] == "visible"
    assert everything["JOVI_API_TOKEN"] == "<hidden>"
    run("%env JOVI_API_TOKEN")
    assert output.text_results[-1] == "'s3cret'"
    run("%env JOVI_NEW value one")
    run("%env JOVI_OTHER=x=y")
    assert (os.environ["JOVI_NEW"], os.environ["JOVI_OTHER"]) == ("value one", "x=y")
    assert "env: JOVI_NEW=value one\nenv: JOVI_OTHER=x=y\n" in output.stdout
    monkeypatch.delenv("JOVI_NEW")
    monkeypatch.delenv("JOVI_OTHER")


def test_env_expands_python_values(run, monkeypatch):
    monkeypatch.setenv("JOVI_EXPANDED", "")
    run("target = 'from-python'")
    run("%env JOVI_EXPANDED=$target/{1+1}")
    assert os.environ["JOVI_EXPANDED"] == "from-python/2"


def test_env_errors(run, output):
    run("%env JOVI_NO_SUCH_VARIABLE")
    assert output.errors[-1].evalue == "Environment does not have key: JOVI_NO_SUCH_VARIABLE"
    run("%env PATH+=/foo")
    assert "give the whole value" in output.errors[-1].evalue
    run("%env -d VISUAL")
    assert "not supported" in output.errors[-1].evalue


@pytest.mark.integration
def test_children_see_the_new_environment(run, capsys, monkeypatch):
    monkeypatch.setenv("JOVI_CHILD", "")
    run("%env JOVI_CHILD=inherited")
    capsys.readouterr()
    run("!echo $$JOVI_CHILD")
    assert capsys.readouterr().out == "inherited\n"


# ---------------------------------------------------------------------- %set_env


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("%set_env JOVI_SET=plain", "plain"),
        ("%set_env JOVI_SET two words", "two words"),
        ("%set_env JOVI_SET A=B", "A=B"),
        ("%set_env JOVI_SET=x=y", "x=y"),
        ("%set_env JOVI_SET=", ""),
        ("%set_env JOVI_SET=$target/{1+1}", "from-python/2"),
    ],
)
def test_set_env_sets_and_says_so(run, output, monkeypatch, line, value):
    monkeypatch.setenv("JOVI_SET", "before")
    run("target = 'from-python'")
    assert run(line).success
    assert os.environ["JOVI_SET"] == value
    assert output.stdout == f"env: JOVI_SET={value}\n"


@pytest.mark.parametrize("line", ["%set_env", "%set_env JOVI_ONLY_A_NAME", "%set_env =value"])
def test_set_env_without_a_name_and_value_is_one_line(run, output, line):
    assert not run(line).success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == "%set_env needs a name and a value: %set_env NAME=VALUE"
    assert "JOVI_ONLY_A_NAME" not in os.environ


def test_profile_names_the_profile(run, output):
    run("%profile")
    assert output.stdout == "test\n"
