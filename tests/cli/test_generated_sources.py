"""The tables kept in the source are what `make docs` generates from the code."""

from __future__ import annotations

import shutil

import pytest
from tests.conftest import REPO_ROOT

from jovi.cli.generated import (
    BEGIN,
    END,
    generated_sources,
    lazy_export_sources,
    replace_generated,
)
from jovi.cli.registry import SUBCOMMANDS


@pytest.fixture(scope="module")
def generated():
    return generated_sources(REPO_ROOT)


def test_generated_sources_are_current(generated):
    stale = [
        str(path.relative_to(REPO_ROOT))
        for path, text in generated.items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `make docs` and commit the result"


def test_every_lazily_exporting_package_has_generated_tables(generated):
    lazy = {
        path
        for path in (REPO_ROOT / "src" / "jovi").rglob("__init__.py")
        if "lazy_exports(" in path.read_text(encoding="utf-8")
    }
    assert lazy <= set(generated)
    assert len(lazy) >= 10


def test_the_readme_lists_every_subcommand(generated):
    readme = generated[REPO_ROOT / "README.md"]
    missing = [sub.name for sub in SUBCOMMANDS if f"| `jovi {sub.name}`" not in readme]
    assert missing == []
    assert "| `jovi trust` |" in readme


def test_a_name_imported_for_type_checkers_is_exported_and_given_a_home(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(REPO_ROOT / "src" / "jovi" / "kernel", src / "jovi" / "kernel")
    init = src / "jovi" / "kernel" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(
        text.replace(
            "if TYPE_CHECKING:\n", "if TYPE_CHECKING:\n    from jovi.kernel.spare import Spare\n"
        ),
        encoding="utf-8",
    )
    (regenerated,) = lazy_export_sources(src).values()
    assert regenerated != init.read_text(encoding="utf-8")  # the committed tables are stale
    assert '    "Spare",\n' in regenerated
    assert '    "Spare": "jovi.kernel.spare",\n' in regenerated


def test_generated_text_replaces_only_what_is_between_the_markers():
    text = f"head\n    {BEGIN}\n    old\n    {END}\ntail\n"
    assert replace_generated(text, "new = 1\n\nx = 2\n") == (
        f"head\n    {BEGIN}\n    new = 1\n\n    x = 2\n    {END}\ntail\n"
    )
    with pytest.raises(ValueError, match="expected one"):
        replace_generated("no markers\n", "x\n")
