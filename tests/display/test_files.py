"""FileLink and FileLinks on a temporary tree: HTML links, text listings, errors."""

from __future__ import annotations

import pytest

from jovi.display import FileLink, FileLinks
from jovi.display.formatters import DisplayFormatter
from jovi.errors import DisplayError


def bundle(obj):
    return DisplayFormatter().format(obj)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A working directory with ``data/{b.csv, a.txt, notes 1.md, sub/c.txt, sub/deep/d.py}``
    and an empty ``data/empty/``."""
    monkeypatch.chdir(tmp_path)
    for name in (
        "data/b.csv",
        "data/a.txt",
        "data/notes 1.md",
        "data/sub/c.txt",
        "data/sub/deep/d.py",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    (tmp_path / "data" / "empty").mkdir()
    return tmp_path


def test_file_link(tree):
    assert bundle(FileLink("data/a.txt")) == (
        {
            "text/plain": str(tree / "data" / "a.txt"),
            "text/html": '<a href="data/a.txt" target="_blank">data/a.txt</a><br>',
        },
        {},
    )


def test_file_link_quotes_the_url_and_escapes_the_text(tree):
    link = FileLink(
        "data/notes 1.md",
        url_prefix="files/",
        result_html_prefix="<li>",
        result_html_suffix="</li>",
    )
    assert link._repr_html_() == (
        '<li><a href="files/data/notes%201.md" target="_blank">data/notes 1.md</a></li>'
    )


def test_file_link_to_a_missing_file_says_so(tree):
    sentence = (
        "The file 'data/later.csv' does not exist: it may not have been written yet, "
        "or the path is wrong."
    )
    assert bundle(FileLink("data/later.csv")) == (
        {"text/plain": sentence, "text/html": sentence},
        {},
    )


def test_file_link_to_a_directory_is_an_error(tree):
    with pytest.raises(DisplayError) as caught:
        FileLink("data")
    assert str(caught.value) == "'data' is a directory: use FileLinks to list its files"


def test_file_links_lists_the_tree_sorted(tree):
    data, metadata = bundle(FileLinks("data"))
    assert metadata == {}
    assert data["text/plain"] == "\n".join(
        [
            "data/",
            "  a.txt",
            "  b.csv",
            "  notes 1.md",
            "data/sub/",
            "  c.txt",
            "data/sub/deep/",
            "  d.py",
        ]
    )
    assert data["text/html"] == "\n".join(
        [
            "data/<br>",
            '&nbsp;&nbsp;<a href="data/a.txt" target="_blank">a.txt</a><br>',
            '&nbsp;&nbsp;<a href="data/b.csv" target="_blank">b.csv</a><br>',
            '&nbsp;&nbsp;<a href="data/notes%201.md" target="_blank">notes 1.md</a><br>',
            "data/sub/<br>",
            '&nbsp;&nbsp;<a href="data/sub/c.txt" target="_blank">c.txt</a><br>',
            "data/sub/deep/<br>",
            '&nbsp;&nbsp;<a href="data/sub/deep/d.py" target="_blank">d.py</a><br>',
        ]
    )


def test_file_links_included_suffixes_and_not_recursive(tree):
    only_text = FileLinks("data/", included_suffixes=[".txt"])
    assert repr(only_text) == "data/\n  a.txt\ndata/sub/\n  c.txt"
    top = FileLinks("data", recursive=False, url_prefix="/files/")
    assert repr(top) == "data/\n  a.txt\n  b.csv\n  notes 1.md"
    assert top.listing() == [("data", ["a.txt", "b.csv", "notes 1.md"])]
    assert '<a href="/files/data/a.txt" target="_blank">a.txt</a>' in top._repr_html_()


def test_file_links_of_an_absolute_path(tree):
    listing = FileLinks(tree / "data" / "sub").listing()
    assert listing == [
        (str(tree / "data" / "sub"), ["c.txt"]),
        (str(tree / "data" / "sub" / "deep"), ["d.py"]),
    ]


def test_file_links_with_custom_formatters(tree):
    seen = []

    def bullets(dirname, filenames, included_suffixes):
        seen.append(included_suffixes)
        return [f"* {dirname}: {', '.join(filenames)}"]

    links = FileLinks(
        "data",
        included_suffixes=[".py", ".csv"],
        notebook_display_formatter=bullets,
        terminal_display_formatter=bullets,
    )
    assert bundle(links)[0] == {
        "text/plain": "* data: b.csv\n* data/sub/deep: d.py",
        "text/html": "* data: b.csv\n* data/sub/deep: d.py",
    }
    assert seen == [[".py", ".csv"]] * 4


def test_file_links_of_an_empty_directory_is_empty(tree):
    assert bundle(FileLinks("data/empty"))[0] == {"text/plain": "", "text/html": ""}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nowhere", "the directory 'nowhere' does not exist"),
        ("data/a.txt", "'data/a.txt' is not a directory: use FileLink to link to a file"),
    ],
)
def test_file_links_errors(tree, path, message):
    with pytest.raises(DisplayError) as caught:
        FileLinks(path)
    assert str(caught.value) == message
