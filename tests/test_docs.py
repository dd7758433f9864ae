"""The documentation's links lead somewhere."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


def test_relative_links_in_docs_and_readme_resolve():
    broken = []
    for page in [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").rglob("*.md"))]:
        for target, _anchor in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO_ROOT)} -> {target}")
    assert broken == []


def test_the_index_links_every_page():
    index = (REPO_ROOT / "docs" / "index.md").read_text()
    pages = {
        p.relative_to(REPO_ROOT / "docs").as_posix() for p in (REPO_ROOT / "docs").rglob("*.md")
    } - {"index.md"}
    assert {page for page in pages if f"({page})" not in index} == set()
