"""Built-in magics are offered by name and loaded group by group on first use.

The table of :mod:`jovi.shell.magics.groups` must say exactly what each class
defines; the manager must behave as if every group had been registered at start.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import textwrap

import pytest

import jovi.shell.magics
from jovi.errors import UsageError
from jovi.shell.magic import Magics, line_magic, magics_class
from jovi.shell.magic.manager import DeferredMagics, MagicsManager
from jovi.shell.magics.groups import BUILTIN_GROUPS


@pytest.mark.parametrize("group", BUILTIN_GROUPS, ids=lambda group: group.class_name)
def test_each_group_lists_exactly_the_magics_of_its_class(group):
    magics_type = group.load()
    assert magics_type.__name__ == group.class_name
    for kind in ("line", "cell"):
        defined = set(magics_type.magics[kind])
        listed = set(group.names()[kind])
        assert listed == defined, (
            f"{group.class_name}: jovi/shell/magics/groups.py lists {kind} magics "
            f"{sorted(listed - defined)} the class does not define, and misses "
            f"{sorted(defined - listed)}"
        )


def test_every_magics_class_of_the_package_is_in_the_table():
    tabled = {(group.module, group.class_name) for group in BUILTIN_GROUPS}
    found = set()
    for info in pkgutil.iter_modules(jovi.shell.magics.__path__, "jovi.shell.magics."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Magics)
                and value.__module__ == info.name
            ):
                found.add((info.name, name))
    assert found == tabled


@pytest.mark.integration
def test_a_new_shell_imports_no_group_and_a_lookup_imports_only_its_own():
    probe = textwrap.dedent(
        """
        import sys
        from jovi.shell.interactiveshell import InteractiveShell

        def loaded():
            return sorted(
                m.rsplit(".", 1)[1] for m in sys.modules
                if m.startswith("jovi.shell.magics.") and m != "jovi.shell.magics.groups"
            )

        shell = InteractiveShell()
        print("loaded:", loaded())
        shell.run_cell("here = %pwd")
        print("loaded:", loaded())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    at_start, after_pwd = [
        line.removeprefix("loaded: ") for line in result.stdout.splitlines() if "loaded:" in line
    ]
    assert at_start == "[]"
    assert after_pwd == "['directories']"


def test_every_builtin_magic_is_found_and_listed_before_its_group_is_loaded(shell):
    manager = shell.magics_manager
    for group in BUILTIN_GROUPS:
        for kind, names in group.names().items():
            for name in names:
                assert name in manager.magics[kind]
    assert "timeit" in manager.names("line")
    function = manager.find("line", "timeit")
    assert getattr(function, "__self__", None) is manager.registry["ExecutionMagics"]
    assert len(manager.registry) >= len(BUILTIN_GROUPS)


def test_calling_a_builtin_magic_loads_its_group(shell, output):
    assert shell.run_cell("x = %pwd").success
    assert shell.user_ns["x"]
    assert shell.run_cell("%%capture captured\nprint('hidden')").success
    assert shell.user_ns["captured"].stdout == "hidden\n"
    assert "hidden" not in output.stdout


def test_program_shortcuts_appear_when_cell_magics_are_listed_or_looked_up(shell):
    # %%python3 is found only by ScriptMagics, which the table cannot list in advance.
    assert shell.magics_manager.find("cell", "python3") is not None
    assert "python3" in shell.magics_manager.names("cell")


@pytest.mark.integration
def test_an_alias_of_a_program_shortcut_can_be_made_before_script_magics_loads(shell, capfd):
    shell.run_cell("%alias_magic -c py python3")
    result = shell.run_cell("%%py\nprint(6 * 7)")
    assert result.success
    assert "42" in capfd.readouterr().out


def test_a_magic_registered_before_its_builtin_group_loads_keeps_its_name(shell, output):
    @magics_class
    class Mine(Magics):
        @line_magic
        def pwd(self, line):
            return "mine"

    shell.register_magics(Mine)
    shell.run_cell("%cd .")  # loads DirectoryMagics, which defines %pwd too
    assert shell.run_line_magic("pwd", "") == "mine"
    assert shell.magics_manager.find("line", "cd").__self__.__class__.__name__ == (
        "DirectoryMagics"
    )


def test_lsmagic_and_help_cover_every_builtin_magic(shell, output):
    shell.run_cell("%lsmagic")
    listing = output.text_results[-1] if output.results else output.stdout
    for group in BUILTIN_GROUPS:
        for name in group.line:
            assert f"%{name}" in listing
        for name in group.cell:
            assert f"%%{name}" in listing
    docs = shell.magics_manager.docs("line", brief=True)
    assert all(docs[name] != "No documentation" for group in BUILTIN_GROUPS for name in group.line)
    # The brief help says what a magic does, also past @magic_arguments' usage block.
    assert all(len(text) > 5 and not text.startswith(("::", "usage:")) for text in docs.values())
    assert docs["history"].startswith("Print input history")


def test_unregister_removes_a_group_and_only_its_own_magics(shell):
    manager = shell.magics_manager
    manager.find("line", "cd")
    removed = manager.unregister("DirectoryMagics")
    assert type(removed).__name__ == "DirectoryMagics"
    assert manager.find("line", "cd") is None
    assert manager.find("line", "pwd") is None
    assert manager.find("line", "history") is not None
    assert manager.unregister("DirectoryMagics") is None
    with pytest.raises(UsageError, match="not found"):
        shell.run_line_magic("cd", ".")


def test_a_group_unregistered_or_replaced_before_it_loaded_leaves_no_stand_ins(shell):
    manager = shell.magics_manager
    assert manager.unregister("DirectoryMagics") is None  # never loaded: nothing to return
    assert manager.find("line", "cd") is None
    assert "pwd" not in manager.names("line")

    @magics_class
    class HistoryMagics(Magics):  # the same class name as a built-in group
        @line_magic
        def history(self, line):
            return "replaced"

    manager.register(HistoryMagics)
    assert shell.run_line_magic("history", "") == "replaced"
    # As when every group was registered at start: the built-in %hist stays.
    assert manager.find("line", "hist").__self__.__class__.__module__ == (
        "jovi.shell.magics.history"
    )
    assert manager.registry["HistoryMagics"].__class__ is HistoryMagics


def test_a_group_that_fails_to_import_is_tried_again_and_reports_plainly():
    manager = MagicsManager(shell=None)
    missing = DeferredMagics("jovi.shell.magics.no_such_module", "Nothing", line=("nothing",))
    manager.register_deferred(missing)
    assert manager.names("line") == ["nothing"]
    for _ in range(2):
        with pytest.raises(ModuleNotFoundError):
            manager.find("line", "nothing")
