"""jovi never imports, or depends at run time on, the system it re-implements."""

from __future__ import annotations

import shutil
import tomllib

from tests.architecture.forbidden import (
    FORBIDDEN_DISTRIBUTIONS,
    find_forbidden_imports,
    requirement_name,
)
from tests.conftest import REPO_ROOT

SRC = REPO_ROOT / "src" / "jovi"


def test_src_imports_no_forbidden_package():
    assert [str(found) for found in find_forbidden_imports(SRC)] == []


def test_the_scanner_catches_a_forbidden_import_added_to_src(tmp_path):
    copy = tmp_path / "jovi"
    shutil.copytree(SRC, copy)
    assert find_forbidden_imports(copy) == []
    (copy / "utils" / "sneaky.py").write_text(
        "import os\n"
        "def f():\n"
        "    from jupyter_client.session import Session\n"
        "    import importlib\n"
        "    return importlib.import_module('IPython.core')\n"
    )
    (copy / "config" / "also.py").write_text("import traitlets.config as tc\n")
    found = {
        (path.name, line, module)
        for path, line, module in ((f.path, f.line, f.module) for f in find_forbidden_imports(copy))
    }
    assert found == {
        ("sneaky.py", 3, "jupyter_client.session"),
        ("sneaky.py", 5, "IPython.core"),
        ("also.py", 1, "traitlets.config"),
    }


def test_runtime_dependencies_contain_no_forbidden_package():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    runtime = {requirement_name(req) for req in project["dependencies"]}
    assert runtime & FORBIDDEN_DISTRIBUTIONS == set()
    # Optional extras that users install for features (not test or benchmark peers) too.
    for extra in ("qt", "mpi", "debug"):
        names = {requirement_name(req) for req in project["optional-dependencies"][extra]}
        assert names & FORBIDDEN_DISTRIBUTIONS == set(), extra


def test_requirement_names_are_normalised():
    assert requirement_name("Jupyter_Client>=8") == "jupyter-client"
    assert requirement_name("matplotlib.inline ; python_version>'3'") == "matplotlib-inline"
