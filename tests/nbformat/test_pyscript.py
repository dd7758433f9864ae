"""The ``.py`` forms: IPython 1.x's ``# <codecell>`` form and the ``# %%`` percent form."""

from __future__ import annotations

import nbformat.v3
from hypothesis import given, settings
from hypothesis import strategies as st

import jovi.nbformat as jnb
import nbformat
from tests.nbformat.corpus import DATA

SEED = (DATA / "simple_v3.json").read_text(encoding="utf-8")
# IPython 1.x's Python script (IPython 1.2.1 documentation, section 4.7.1).
SEED_SCRIPT = [
    "# -*- coding: utf-8 -*-",
    "# <nbformat>3.0</nbformat>",
    "",
    "# <markdowncell>",
    "",
    "# The simplest notebook.",
    "",
    "# <codecell>",
    "",
    'print "Hello, IPython"',
]


def kinds_and_sources(nb: jnb.Notebook) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in nb.cells]


# ------------------------------------------------------------------ # <codecell>
def test_the_seed_notebook_is_written_as_the_seed_shows_and_as_nbformat_writes_it():
    nb = jnb.reads(SEED)
    text = jnb.writes_codecell(nb)
    assert text.splitlines()[: len(SEED_SCRIPT)] == SEED_SCRIPT
    assert text == nbformat.v3.writes_py(nbformat.v3.reads_json(SEED))


def test_the_codecell_form_reads_back_the_seed_notebook():
    nb = jnb.reads_codecell("\n".join(SEED_SCRIPT) + "\n")
    assert kinds_and_sources(nb) == [
        ("markdown", "The simplest notebook."),
        ("code", 'print "Hello, IPython"'),
    ]


def test_a_trailing_markdown_cell_is_kept_unlike_ipythons_reader():
    text = jnb.writes_codecell(
        jnb.Notebook(
            cells=(
                jnb.CodeCell(source="x = 1"),
                jnb.MarkdownCell(source="The *end*.\n\nReally."),
                jnb.RawCell(source="raw at the end"),
            )
        )
    )
    # IPython's reader drops every trailing cell that is not code.
    assert [c.cell_type for c in nbformat.v3.reads_py(text).worksheets[0].cells] == [
        "code",
        "markdown",
    ]
    assert kinds_and_sources(jnb.reads_codecell(text)) == [
        ("code", "x = 1"),
        ("markdown", "The *end*.\n\nReally."),
        ("raw", "raw at the end"),
    ]


def test_codecell_markers_of_ipython_1():
    text = "\n".join(
        [
            "# -*- coding: utf-8 -*-",
            "# <nbformat>3.0</nbformat>",
            "import os",
            "# <headingcell level=2>",
            "",
            "# A heading",
            "# on two lines",
            "",
            "# <htmlcell>",
            "# <b>html</b>",
            "# <plaintextcell>",
            "# plain",
            "# <headingcell>",
            "print('no level: code')",
            "# <codecell>",
            "",
            "",
            "# <markdowncell>",
            "#No space after the hash",
            "#",
            "# The encoding: of this line is not a coding cookie",
        ]
    )
    assert kinds_and_sources(jnb.reads_codecell(text)) == [
        ("code", "import os"),
        ("markdown", "## A heading on two lines"),
        ("markdown", "<b>html</b>"),
        ("raw", "plain"),
        ("code", "print('no level: code')"),
        (
            "markdown",
            "No space after the hash\n\nThe encoding: of this line is not a coding cookie",
        ),
    ]


def test_codecell_writing_drops_outputs_and_writes_markdown_as_comments():
    nb = jnb.Notebook(
        cells=(
            jnb.MarkdownCell(source="# Title\n\nText"),
            jnb.CodeCell(source="print(1)\n", outputs=(jnb.Stream(text="1\n"),), execution_count=1),
        )
    )
    assert jnb.writes_codecell(nb) == (
        "# -*- coding: utf-8 -*-\n# <nbformat>3.0</nbformat>\n\n"
        "# <markdowncell>\n\n# # Title\n# \n# Text\n\n"
        "# <codecell>\n\nprint(1)\n\n"
    )


# ------------------------------------------------------------------ # %%
PERCENT = """# %% [markdown]
# # Analysis
#
# Some *text*.

# %% tags=["parameters"]
alpha = 0.1

# %% Load the data
import json
data = json.loads("[1]")

# %% [raw] format="text/latex"
# \\section{Raw}
"""


def test_the_percent_form_reads_cells_types_titles_and_metadata():
    nb = jnb.reads_percent(PERCENT)
    assert kinds_and_sources(nb) == [
        ("markdown", "# Analysis\n\nSome *text*."),
        ("code", "alpha = 0.1"),
        ("code", 'import json\ndata = json.loads("[1]")'),
        ("raw", "\\section{Raw}"),
    ]
    assert [dict(cell.metadata) for cell in nb.cells] == [
        {},
        {"tags": ["parameters"]},
        {"title": "Load the data"},
        {"format": "text/latex"},
    ]


def test_the_percent_form_writes_what_it_reads():
    assert jnb.writes_percent(jnb.reads_percent(PERCENT)) == PERCENT


def test_percent_variants_of_other_tools():
    text = "\n".join(
        [
            "# ---",
            "# jupyter:",
            "#   kernelspec:",
            "#     name: python3",
            "# ---",
            "",
            "print('before any marker')",
            "#%%",
            "x = 1",
            "# %% [md]",
            '"""',
            "A markdown cell",
            "as a string",
            '"""',
            "# %% Title [markdown] key=1",
            "# text",
            "# %%% not a marker",
        ]
    )
    assert jnb.detect_py_format(text) == "percent"
    nb = jnb.reads_py(text)
    assert kinds_and_sources(nb) == [
        ("code", "print('before any marker')"),
        ("code", "x = 1"),
        ("markdown", "A markdown cell\nas a string"),
        ("markdown", "text\n%%% not a marker"),
    ]
    assert nb.cells[3].metadata == {"title": "Title", "key": 1}


def test_a_plain_script_is_one_code_cell():
    assert jnb.detect_py_format("import os\nprint(os.sep)\n") is None
    assert kinds_and_sources(jnb.reads_py("import os\nprint(os.sep)\n\n")) == [
        ("code", "import os\nprint(os.sep)")
    ]
    assert jnb.reads_py("\n\n").cells == ()
    assert jnb.detect_py_format("# <codecell>\nx") == "codecell"


# ------------------------------------------------------------------ round trips
# Text that both forms can represent: no marker-like lines, no blank lines at either end.
line = st.text(alphabet="abc xyz=#*_-().,:'", max_size=12).filter(
    lambda s: not s.lstrip().startswith("#")
)
source = (
    st.lists(line, min_size=1, max_size=4)
    .map("\n".join)
    .filter(lambda s: s.strip() and s == s.strip("\n"))
)
markdown_line = st.text(alphabet="abc #*_-().,:'", max_size=12)
markdown_source = (
    st.lists(markdown_line, min_size=1, max_size=4)
    .map("\n".join)
    .filter(lambda s: s.strip() and s == s.strip("\n"))
)
py_cells = st.lists(
    st.one_of(
        st.builds(jnb.CodeCell, source=source),
        st.builds(jnb.MarkdownCell, source=markdown_source),
        st.builds(jnb.RawCell, source=markdown_source),
    ),
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(py_cells, st.booleans())
def test_code_markdown_and_raw_cells_round_trip_through_both_forms(cells, trailing_markdown):
    if trailing_markdown:
        cells = [*cells, jnb.MarkdownCell(source="the last cell")]
    nb = jnb.Notebook(cells=tuple(cells))
    assert kinds_and_sources(jnb.reads_codecell(jnb.writes_codecell(nb))) == kinds_and_sources(nb)
    assert kinds_and_sources(jnb.reads_percent(jnb.writes_percent(nb))) == kinds_and_sources(nb)
    assert kinds_and_sources(jnb.reads_py(jnb.writes_percent(nb))) == kinds_and_sources(nb)


def test_percent_metadata_round_trips():
    nb = jnb.Notebook(
        cells=(
            jnb.CodeCell(
                source="x",
                metadata={"tags": ["a", "b"], "collapsed": True, "title": "With [brackets]"},
            ),  # type: ignore[arg-type]
            jnb.MarkdownCell(source="m", metadata={"title": "Plain title"}),  # type: ignore[arg-type]
        )
    )
    back = jnb.reads_percent(jnb.writes_percent(nb))
    assert [cell.metadata for cell in back.cells] == [cell.metadata for cell in nb.cells]
