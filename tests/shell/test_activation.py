"""A shell installs itself for a block (activated()) and close() gives back its import hook (issue 15.7)."""

from __future__ import annotations

import sys

import pytest

from jovi.shell.interactiveshell import InteractiveShell
from jovi.shell.ipython_display import TARGET_MODULE
from jovi.utils import postimport


def _hook_installed() -> bool:
    return any(isinstance(finder, postimport._PostImportFinder) for finder in sys.meta_path)


@pytest.fixture
def no_ipython_yet(monkeypatch):
    """IPython not imported, and no import hook pending from other tests."""
    monkeypatch.delitem(sys.modules, TARGET_MODULE, raising=False)
    monkeypatch.setattr(postimport, "_callbacks", {})
    monkeypatch.setattr(
        sys,
        "meta_path",
        [f for f in sys.meta_path if not isinstance(f, postimport._PostImportFinder)],
    )


def _new_shell(output, path):
    return InteractiveShell(output=output, profile_dir=path, colors="NoColor")


def test_close_removes_the_ipython_display_import_hook(no_ipython_yet, output, tmp_path):
    shell = _new_shell(output, tmp_path / "profile")
    assert TARGET_MODULE in postimport._callbacks
    assert _hook_installed()
    shell.close()
    assert TARGET_MODULE not in postimport._callbacks
    assert not _hook_installed()
    shell.close()  # a second close is harmless
    assert not _hook_installed()


def test_the_hook_stays_while_another_shell_waits_for_ipython(no_ipython_yet, output, tmp_path):
    first = _new_shell(output, tmp_path / "first")
    second = _new_shell(output, tmp_path / "second")
    second.close()  # the last made is closed first, so each gives back the builtins it found
    assert TARGET_MODULE in postimport._callbacks
    assert _hook_installed()
    first.close()
    assert not _hook_installed()


def test_cancel_when_imported_forgets_one_callback(no_ipython_yet):
    def callback(module):
        raise AssertionError("never called")

    postimport.when_imported("jovi_test_never_imported", callback)
    postimport.when_imported("jovi_test_never_imported", callback)
    assert postimport.cancel_when_imported("jovi_test_never_imported", callback)
    assert _hook_installed()
    assert postimport.cancel_when_imported("jovi_test_never_imported", callback)
    assert not _hook_installed()
    assert not postimport.cancel_when_imported("jovi_test_never_imported", callback)


def test_activated_installs_the_shell_and_gives_everything_back(
    no_ipython_yet, output, tmp_path, monkeypatch
):
    import builtins

    from jovi.shell.current import current_shell

    def outside_hook(value: object) -> None:
        raise AssertionError("not called")

    outside_main = type(sys)("__main__")
    monkeypatch.setattr(sys, "displayhook", outside_hook)
    monkeypatch.setitem(sys.modules, "__main__", outside_main)
    monkeypatch.setitem(builtins.__dict__, "get_ipython", "outside")
    monkeypatch.delitem(builtins.__dict__, "__IPYTHON__", raising=False)
    shell = _new_shell(output, tmp_path / "profile")
    shell.close()  # gives back what making the shell installed, the import hook too
    assert builtins.__dict__["get_ipython"] == "outside"
    assert not _hook_installed()

    with pytest.raises(KeyError), shell.activated() as active:
        assert active is shell
        assert current_shell() is shell
        assert builtins.get_ipython() is shell
        assert builtins.__IPYTHON__ is True
        assert sys.modules["__main__"] is shell.user_module
        assert sys.displayhook == shell.displayhook
        assert _hook_installed()
        raise KeyError("the block failed")

    assert current_shell() is not shell
    assert builtins.__dict__["get_ipython"] == "outside"
    assert "__IPYTHON__" not in builtins.__dict__
    assert sys.modules["__main__"] is outside_main
    assert sys.displayhook is outside_hook
    assert not _hook_installed()
