"""Hypothesis strategies for valid notebooks (jovi's model), with hard text and free JSON."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

import jovi.nbformat as jnb

# Text with the characters str.splitlines() splits on, since line splitting is where
# layouts go wrong, plus anything else UTF-8 can carry.
SEPARATORS = [
    "\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]
WORDS = ["", " ", "x = 1", "é", "🐍", "\t", '"quoted"', "\\", "<b>", "# #"]
pieces = st.one_of(st.sampled_from(SEPARATORS), st.sampled_from(WORDS), st.text(max_size=8))
text = st.one_of(st.text(max_size=30), st.lists(pieces, max_size=8).map("".join))

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)),
    max_leaves=8,
)

# Metadata keys the schemas constrain are generated only in valid forms, below.
CELL_KEYS = {"tags", "name", "jupyter", "collapsed", "scrolled", "execution", "format", "trusted"}
NOTEBOOK_KEYS = {
    "kernelspec",
    "language_info",
    "orig_nbformat",
    "orig_nbformat_minor",
    "signature",
    "title",
    "authors",
}
free_cell_metadata = st.dictionaries(
    text.filter(lambda k: k not in CELL_KEYS), json_value, max_size=3
)
tags = st.lists(
    st.text(min_size=1, max_size=6).filter(lambda t: "," not in t), unique=True, max_size=3
)


@st.composite
def cell_metadata(draw, kind: str) -> dict:
    metadata = draw(free_cell_metadata)
    if draw(st.booleans()):
        metadata["tags"] = draw(tags)
    if kind == "code" and draw(st.booleans()):
        metadata["collapsed"] = draw(st.booleans())
        metadata["scrolled"] = draw(st.sampled_from([True, False, "auto"]))
    if kind == "raw" and draw(st.booleans()):
        metadata["format"] = draw(st.sampled_from(["text/html", "text/latex", "text/x-python"]))
    return metadata


TEXT_MIMES = [
    "text/plain",
    "text/html",
    "text/markdown",
    "text/latex",
    "image/svg+xml",
    "application/javascript",
    "application/pdf",
]
JSON_MIMES = [
    "application/json",
    "application/vnd.plotly.v1+json",
    "application/vnd.jupyter.widget-view+json",
]
base64 = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n", max_size=60
)


@st.composite
def mime_bundle(draw) -> dict:
    bundle: dict = {}
    for mime in draw(
        st.lists(
            st.sampled_from([*TEXT_MIMES, *JSON_MIMES, "image/png", "image/jpeg"]),
            unique=True,
            max_size=4,
        )
    ):
        if mime in JSON_MIMES:
            bundle[mime] = draw(json_value)
        elif mime.startswith("image/") and mime != "image/svg+xml":
            bundle[mime] = draw(base64)
        else:
            bundle[mime] = draw(text)
    return bundle


output_metadata = st.dictionaries(text, json_value, max_size=2)
counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10_000))
outputs = st.one_of(
    st.builds(jnb.Stream, name=st.sampled_from(["stdout", "stderr"]), text=text),
    st.builds(jnb.DisplayData, data=mime_bundle(), metadata=output_metadata),
    st.builds(
        jnb.ExecuteResult, data=mime_bundle(), metadata=output_metadata, execution_count=counts
    ),
    st.builds(jnb.Error, ename=text, evalue=text, traceback=st.lists(text, max_size=3).map(tuple)),
)
attachments = st.one_of(st.none(), st.dictionaries(text, mime_bundle(), max_size=2))

cells = st.one_of(
    st.builds(
        jnb.CodeCell,
        source=text,
        metadata=cell_metadata("code"),
        outputs=st.lists(outputs, max_size=3).map(tuple),
        execution_count=counts,
    ),
    st.builds(
        jnb.MarkdownCell, source=text, metadata=cell_metadata("markdown"), attachments=attachments
    ),
    st.builds(jnb.RawCell, source=text, metadata=cell_metadata("raw"), attachments=attachments),
)
cell_ids = st.from_regex(r"[a-zA-Z0-9_-]{1,64}", fullmatch=True)


@st.composite
def notebooks(draw) -> jnb.Notebook:
    drawn = draw(st.lists(cells, max_size=5))
    ids = draw(st.lists(cell_ids, unique=True, min_size=len(drawn), max_size=len(drawn)))
    metadata = draw(
        st.dictionaries(text.filter(lambda k: k not in NOTEBOOK_KEYS), json_value, max_size=3)
    )
    if draw(st.booleans()):
        metadata["kernelspec"] = {"name": draw(text), "display_name": draw(text)}
    return jnb.Notebook(
        cells=tuple(replace(cell, id=cell_id) for cell, cell_id in zip(drawn, ids, strict=True)),
        metadata=metadata,
    )
