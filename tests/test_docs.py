"""The documentation's links lead somewhere."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")

# Design documents kept outside the repository: the code cites docs/ instead.
_OUTSIDE_DOCUMENTS = ("SHELL", "STYLE", "PARALLEL", "ARCHITECTURE", "PROTOCOL", "FRONTENDS")
_OUTSIDE_DOCUMENTS += ("LESSONS", "ROADMAP")
OUTSIDE = re.compile(
    r"\.\./shared/|\bshared/(?:design|seeds)\b|\b(?:" + "|".join(_OUTSIDE_DOCUMENTS) + r")\.md\b"
)
# Third-party material kept as it was published (test notebooks, peers' test suites).
_THIRD_PARTY = ("tests/notebooks/", "tests/kernel/peer_suites/")


def outside_references(text: str) -> list[str]:
    """Each line of ``text`` that cites a document outside the repository."""
    return [line.strip() for line in text.splitlines() if OUTSIDE.search(line)]


def _repository_texts():
    roots = ["src", "docs", "tests", "bench", ".ci"]
    files = [REPO_ROOT / name for name in ("README.md", "pyproject.toml", "Makefile")]
    for root in roots:
        files += [
            path
            for path in sorted((REPO_ROOT / root).rglob("*"))
            if path.is_file() and path.suffix in {".py", ".md", ".toml", ".txt", ".cfg", ""}
        ]
    for path in files:
        relative = path.relative_to(REPO_ROOT).as_posix()
        if (
            path.exists()
            and not relative.startswith(_THIRD_PARTY)
            and "__pycache__" not in relative
        ):
            yield relative, path.read_text(encoding="utf-8", errors="replace")


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


def test_nothing_cites_a_document_outside_the_repository():
    found = [
        f"{relative}: {line}"
        for relative, text in _repository_texts()
        for line in outside_references(text)
    ]
    assert found == [], "cite docs/ (docs/design/ for design rules) or the topic instead"


def test_the_outside_reference_check_catches_each_form():
    # Built from pieces, so that this file does not cite them itself.
    shared, protocol = "../" + "shared", "PROTOCOL" + ".md"
    text = (
        f"see {shared}/design/NOTES.md\n"
        f"({protocol} §1.3)\n"
        "docs/design/style.md, C8\n"
        f"{shared[3:]}/seeds/001.txt\n"
        "docs/architecture.md\n"
    )
    assert outside_references(text) == [
        f"see {shared}/design/NOTES.md",
        f"({protocol} §1.3)",
        f"{shared[3:]}/seeds/001.txt",
    ]
