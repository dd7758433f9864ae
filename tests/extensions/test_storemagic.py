"""storemagic: %store keeps variables and aliases across sessions (starter acceptance item 30)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from jovi.config import Config
from jovi.shell.interactiveshell import InteractiveShell
from jovi.shell.macro import Macro


@pytest.fixture
def restart(shell, output):
    """A new session on the same profile (closed at the end of the test)."""
    shells = []

    def new_session(config=None):
        session = InteractiveShell(config=config, output=output, profile_dir=shell.profile_dir)
        shells.append(session)
        return session

    yield new_session
    for session in reversed(shells):  # each gives back the builtins it found
        session.close()


def test_store_is_loaded_by_default(shell):
    assert shell.find_line_magic("store") is not None
    assert "storemagic" in shell.extension_manager.loaded


def test_store_then_restore_in_a_new_session(run, shell, output, restart):
    run("l = ['hello', 10, 'world']")
    run("%store l")
    assert "Stored 'l' (list)\n" in output.stdout
    assert (shell.profile_dir / "db" / "autorestore" / "l").is_file()
    later = restart()
    later.run_cell("l")
    assert output.error_names == ["NameError"]
    later.run_cell("%store -r")
    assert later.user_ns["l"] == ["hello", 10, "world"]


def test_restore_only_some_names(run, output, restart):
    run("a = 1\nb = 2")
    run("%store a b")
    later = restart()
    later.run_cell("%store -r a nothere")
    assert later.user_ns["a"] == 1
    assert "b" not in later.user_ns
    assert "no stored variable nothere\n" in output.stdout


def test_listing_shows_names_and_the_start_of_values(run, output):
    run("short = 1\nlong_name = 'x' * 100")
    run("%store short long_name")
    run("%store")
    listing = output.stdout.split("Stored variables and their in-db values:\n", 1)[1]
    assert listing == f"long_name -> {repr('x' * 100)[:50]}\nshort     -> 1\n"


def test_delete_and_zap(run, shell, output):
    run("a = 1\nb = 2")
    run("%store a b")
    run("%store -d a")
    assert shell.db.keys_matching("autorestore/*") == ["autorestore/b"]
    run("%store -d a")
    assert output.errors[-1].evalue == "Can't delete variable 'a': it is not stored"
    run("%store -z")
    assert shell.db.keys_matching("autorestore/*") == []


def test_store_to_a_file(run, output, tmp_path):
    target = tmp_path / "a.txt"
    run("foo = ['a', 'b']\ntext = 'plain'")
    run(f"%store foo >{target}")
    run(f"%store text >>{target}")
    assert target.read_text() == "['a', 'b']\nplain\n"
    assert f"Writing 'foo' (list) to file '{target}'.\n" in output.stdout


def test_aliases_are_stored_and_restored(run, output, restart):
    run("%alias hello echo hello")
    run("%store hello")
    assert "Alias stored: hello (echo hello)\n" in output.stdout
    later = restart()
    assert not later.alias_manager.is_alias("hello")
    later.run_cell("%store -r")
    assert later.alias_manager.get_alias("hello").command == "echo hello"
    later.run_cell("%unalias hello")
    assert "Removing %stored alias hello\n" in output.stdout
    assert later.db["stored_aliases"] == {}


def test_macros_come_back_as_macros(run, shell, restart):
    shell.user_ns["m"] = Macro("x = 41\nx += 1\n")
    run("%store m")
    later = restart()
    later.run_cell("%store -r")
    assert isinstance(later.user_ns["m"], Macro)
    later.run_cell("m")
    assert later.user_ns["x"] == 42


def test_autorestore_at_start_up(run, restart, tmp_path):
    run("kept = {'k': 1}")
    run("%store kept")
    run(f"%cd -q {tmp_path}")
    for section in ("StoreMagics", "StoreMagic"):
        later = restart(Config({section: {"autorestore": True}}))
        assert later.user_ns["kept"] == {"k": 1}
        assert later.user_ns["_dh"][-1] == str(tmp_path)


def test_unknown_and_unpicklable_values_are_one_line(run, output):
    run("%store nothing_by_this_name")
    assert output.errors[-1].evalue == "Unknown variable 'nothing_by_this_name'"
    run("import threading\nlock = threading.Lock()")
    run("%store lock")
    assert output.errors[-1].evalue.startswith("cannot store 'lock': its value cannot be pickled")


def test_interactive_classes_carry_a_note(run, output):
    run("class Local:\n    pass\n\nobj = Local()")
    run("%store obj")
    assert "depends on a class or function defined at the prompt" in output.stdout


def test_a_value_that_cannot_be_restored_is_reported_and_skipped(run, shell, output, restart):
    run("good = 1")
    run("%store good")
    broken = shell.profile_dir / "db" / "autorestore" / "broken"
    broken.write_bytes(pickle.dumps(1)[:-3])
    later = restart()
    later.run_cell("%store -r")
    assert later.user_ns["good"] == 1
    assert (
        "Unable to restore variable 'broken', ignoring (use %store -d to forget!)\n"
        in output.stdout
    )
    assert output.errors == []


def test_unloading_removes_store(run, shell):
    run("%unload_ext storemagic")
    assert shell.find_line_magic("store") is None


def test_a_profile_database_that_cannot_be_written_is_one_line(run, shell, output, tmp_path):
    shell.profile_dir.mkdir(parents=True, exist_ok=True)
    (shell.profile_dir / "db").write_text("a file where the directory should be")
    run("x = 1")
    assert not run("%store x").success
    assert not run("%bookmark here").success
    assert output.error_names == ["UsageError", "UsageError"]
    assert output.errors[0].evalue.startswith("cannot save 'autorestore/x' in ")
    assert output.errors[1].evalue.startswith("cannot save 'bookmarks' in ")
    here = Path.cwd()
    try:
        assert run(f"%cd -q {tmp_path}").success  # the directory changes; saving it is reported
    finally:
        os.chdir(here)
    assert "jovi: the directory history could not be saved: cannot save 'dhist'" in output.stderr
