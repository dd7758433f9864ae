"""``from jovi.shell import InteractiveShell`` is the engine's documented entry point
(issue 15), and ``import jovi.shell`` alone stays as cheap as before."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from tests.architecture.test_import_cost import imported_modules

import jovi.shell

DOCUMENTED = (
    'from jovi.shell import InteractiveShell; sh = InteractiveShell(); sh.run_cell("x = 1")'
)


@pytest.mark.integration
def test_the_documented_line_runs_a_cell(tmp_path):
    probe = DOCUMENTED + "; print('x is', sh.user_ns['x'])"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "JOVI_DIR": str(tmp_path / "jovi")},
    )
    assert result.stdout == "x is 1\n"
    assert result.stderr == ""


@pytest.mark.integration
def test_a_result_shows_as_at_the_prompt(tmp_path):
    probe = (
        "from jovi.shell import InteractiveShell; sh = InteractiveShell()\n"
        "result = sh.run_cell('6 * 7', store_history=True)\n"
        "print(result.success, result.result, result.execution_count)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "JOVI_DIR": str(tmp_path / "jovi")},
    )
    assert result.stdout.splitlines() == ["Out[1]: 42", "True 42 1"]


@pytest.mark.integration
def test_import_jovi_shell_loads_none_of_the_engine():
    imported = imported_modules("import jovi.shell")
    assert {m for m in imported if m.startswith("jovi")} == {
        "jovi",
        "jovi._version",
        "jovi.shell",
        "jovi.utils",
        "jovi.utils.lazy",
    }


def test_every_exported_name_has_a_home_module():
    homes = jovi.shell._HOMES
    assert sorted(homes) == sorted(jovi.shell.__all__)
    for name, module in homes.items():
        assert getattr(jovi.shell, name).__module__ == module, name
    assert "InteractiveShell" in dir(jovi.shell)
