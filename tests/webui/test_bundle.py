"""The committed bundle (src/jovi/server/static/jovi) is what webui/ builds, byte for
byte; the UI's unit tests (Vitest) and type check (tsc) pass; the notebook page
stays small."""

from __future__ import annotations

import filecmp
import os
import subprocess
from pathlib import Path

import pytest

from jovi.server.routes.pages import bundle_dir
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration

WEBUI = REPO_ROOT / "webui"
COMMITTED = REPO_ROOT / "src" / "jovi" / "server" / "static" / "jovi"

# What the notebook page loads before it is interactive (KaTeX comes only with math).
NOTEBOOK_PAGE = ("main.js", "main.css", "header.js", "kernels.js", "notebook.js", "editor.js")
NOTEBOOK_PAGE_BUDGET = 700_000  # bytes, before compression


def tool(name: str) -> str:
    path = WEBUI / "node_modules" / ".bin" / name
    assert path.exists(), (
        f"{path} is missing: `make test` installs webui's tools (npm ci in webui/)"
    )
    return str(path)


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command,
        check=False,
        cwd=WEBUI,
        env={**os.environ, **(env or {}), "NO_COLOR": "1", "CI": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_the_committed_bundle_is_what_the_sources_build(tmp_path):
    built = tmp_path / "bundle"
    run(tool("vite"), "build", "--logLevel", "error", env={"JOVI_WEBUI_OUT": str(built)})
    stale = sorted(
        name
        for name in files_under(built) | files_under(COMMITTED)
        if not (built / name).is_file()
        or not (COMMITTED / name).is_file()
        or not filecmp.cmp(built / name, COMMITTED / name, shallow=False)
    )
    assert stale == [], (
        f"the committed bundle differs from what webui/ builds in {stale}: "
        "run `npm run build` in webui/ and commit src/jovi/server/static/jovi"
    )


def test_the_server_serves_the_committed_bundle():
    assert bundle_dir().resolve() == COMMITTED.resolve()
    assert {"main.js", "main.css"} <= files_under(COMMITTED)


def test_vitest_unit_tests_pass():
    done = run(tool("vitest"), "run", "--reporter=dot")
    assert "passed" in done.stdout


def test_typescript_types_check():
    run(tool("tsc"), "--noEmit", "-p", ".")


def test_the_notebook_page_loads_less_than_its_budget():
    size = sum((COMMITTED / name).stat().st_size for name in NOTEBOOK_PAGE)
    assert size < NOTEBOOK_PAGE_BUDGET, f"the notebook page loads {size} bytes"


def test_the_bundle_is_package_data_of_the_wheel():
    # The wheel packs src/jovi as git sees it (hatchling honours .gitignore): the
    # bundle must be tracked, not ignored, and nothing may exclude it.
    import tomllib

    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["src/jovi"]
    assert "exclude" not in wheel
    assert "webui" in config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *map(str, COMMITTED.iterdir())],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout == ""
