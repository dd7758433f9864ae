"""The model: immutable value objects with cheap updates, typed metadata views, JSON conversion."""

from __future__ import annotations

import dataclasses

import pytest

import jovi.nbformat as jnb
from jovi.nbformat.frozen import EMPTY, FrozenDict, FrozenList, freeze, thaw


def test_frozen_json_is_immutable_and_equal_to_plain_json():
    meta = freeze({"tags": ["a", "b"], "jupyter": {"source_hidden": True}, "n": None})
    assert isinstance(meta, FrozenDict)
    assert isinstance(meta["tags"], FrozenList)
    assert meta == {"tags": ["a", "b"], "jupyter": {"source_hidden": True}, "n": None}
    assert meta == {"tags": ["a", "b"], "jupyter": {"source_hidden": True}, "n": None}
    assert meta["tags"] == ["a", "b"]
    assert meta["tags"] != ["a"]
    assert hash(meta) == hash(freeze(thaw(meta)))
    with pytest.raises(TypeError):
        meta["x"] = 1  # type: ignore[index]
    with pytest.raises(AttributeError):
        meta["tags"].append("c")  # type: ignore[attr-defined]
    assert thaw(meta) == {"tags": ["a", "b"], "jupyter": {"source_hidden": True}, "n": None}
    assert type(thaw(meta)["tags"]) is list


def test_frozen_dict_updates_return_new_objects():
    meta = FrozenDict({"a": 1})
    assert meta.set("b", [2]) == {"a": 1, "b": [2]}
    assert meta | {"a": 3} == {"a": 3}
    assert meta.delete("a", "missing") == {}
    assert meta.delete("missing") is meta
    assert meta == {"a": 1}
    assert FrozenDict([("k", {"x": 1})])["k"] == {"x": 1}
    assert freeze(meta) is meta


def test_only_json_can_be_frozen():
    with pytest.raises(TypeError, match="set is not a JSON value"):
        freeze({"a": {1, 2}})
    with pytest.raises(TypeError, match="JSON object keys are strings"):
        freeze({1: "x"})


def test_cells_are_frozen_and_plain_dicts_given_to_them_are_frozen():
    cell = jnb.CodeCell(source="x", metadata={"tags": ["t"]})  # type: ignore[arg-type]
    assert isinstance(cell.metadata, FrozenDict)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.source = "y"  # type: ignore[misc]
    changed = dataclasses.replace(cell, source="y")
    assert (cell.source, changed.source, changed.id) == ("x", "y", cell.id)
    assert jnb.CodeCell(outputs=[jnb.Stream(text="a")]).outputs == (jnb.Stream(text="a"),)  # type: ignore[arg-type]


def test_new_cells_get_unique_ids_of_eight_hex_digits():
    ids = {jnb.MarkdownCell().id for _ in range(200)}
    assert len(ids) == 200
    assert all(i is not None and len(i) == 8 and int(i, 16) >= 0 for i in ids)
    assert jnb.new_cell_id(taken={"00000000"}) != "00000000"


def test_cell_id_rules():
    assert jnb.is_valid_cell_id("a-b_C9")
    assert jnb.is_valid_cell_id("x" * 64)
    for bad in ("", "x" * 65, "a b", "ü", None, 5):
        assert not jnb.is_valid_cell_id(bad)


def test_notebook_updates_share_unchanged_cells():
    a, b, c = jnb.MarkdownCell(source="a"), jnb.CodeCell(source="b"), jnb.RawCell(source="c")
    nb = jnb.Notebook(cells=(a, b))
    assert nb.append_cell(c).cells == (a, b, c)
    assert nb.insert_cell(0, c).cells == (c, a, b)
    assert nb.delete_cell(0).cells == (b,)
    assert nb.move_cell(0, 1).cells == (b, a)
    replaced = nb.with_cell(1, c)
    assert replaced.cells[0] is a
    assert replaced.cells == (a, c)
    assert nb.cells == (a, b)  # unchanged
    assert nb.index_of(b.id) == 1  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        nb.index_of("nope")


def test_fresh_ids_replace_missing_and_repeated_ones_only():
    first = jnb.MarkdownCell(id="same")
    nb = jnb.Notebook(cells=(first, jnb.MarkdownCell(id="same"), jnb.MarkdownCell(id=None)))
    fixed = nb.with_fresh_ids()
    assert fixed.cells[0] is first
    assert len(set(fixed.cell_ids())) == 3


def test_clearing_outputs():
    cell = jnb.CodeCell(outputs=(jnb.Stream(text="x"),), execution_count=3)
    nb = jnb.Notebook(cells=(cell, jnb.MarkdownCell()))
    cleared = nb.cleared()
    assert cleared.cells[0].outputs == ()  # type: ignore[union-attr]
    assert cleared.cells[0].execution_count is None  # type: ignore[union-attr]
    assert cleared.cells[1] is nb.cells[1]
    assert cell.append_output(jnb.Error(ename="E")).outputs[-1] == jnb.Error(ename="E")


def test_kernelspec_and_language_info_views_keep_unknown_keys():
    nb = jnb.Notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "env": {"A": "1"}}}
    )  # type: ignore[arg-type]
    assert nb.kernelspec == jnb.KernelSpecInfo("python3", "Python 3")
    updated = nb.with_kernelspec(jnb.KernelSpecInfo("jovi", "Python 3 (jovi)", "python"))
    assert updated.metadata["kernelspec"] == {
        "name": "jovi",
        "display_name": "Python 3 (jovi)",
        "language": "python",
        "env": {"A": "1"},
    }
    assert updated.with_kernelspec(None).kernelspec is None
    assert jnb.Notebook().kernelspec is None
    assert jnb.Notebook(metadata={"kernelspec": {"name": "x"}}).kernelspec is None  # type: ignore[arg-type]

    info = jnb.LanguageInfo(
        name="python", version="3.12", codemirror_mode=FrozenDict({"name": "ipython", "version": 3})
    )
    with_info = jnb.Notebook(
        metadata={"language_info": {"name": "r", "custom": 1}}
    ).with_language_info(info)  # type: ignore[arg-type]
    assert with_info.language_info == info
    assert with_info.metadata["language_info"] == {
        "name": "python",
        "version": "3.12",
        "codemirror_mode": {"name": "ipython", "version": 3},
        "custom": 1,
    }
    assert with_info.with_metadata(language_info=None, title="T").metadata == {"title": "T"}


def test_to_json_is_the_in_memory_form_and_unknown_kinds_survive():
    nb = jnb.Notebook(
        cells=(
            jnb.MarkdownCell(
                id="m", source="a\nb", attachments=FrozenDict({"x.png": {"image/png": "AA"}})
            ),
            jnb.UnknownCell(cell_type="sql", id="q", fields=FrozenDict({"source": "SELECT 1"})),
            jnb.CodeCell(
                id="c",
                outputs=(jnb.UnknownOutput("table", FrozenDict({"rows": []})),),
                extra=FrozenDict({"new": 1}),
            ),
        ),
        nbformat_minor=6,
    )
    assert jnb.to_json(nb) == {
        "cells": [
            {
                "cell_type": "markdown",
                "id": "m",
                "metadata": {},
                "source": "a\nb",
                "attachments": {"x.png": {"image/png": "AA"}},
            },
            {"cell_type": "sql", "id": "q", "metadata": {}, "source": "SELECT 1"},
            {
                "cell_type": "code",
                "id": "c",
                "metadata": {},
                "source": "",
                "outputs": [{"output_type": "table", "rows": []}],
                "execution_count": None,
                "new": 1,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 6,
    }
    assert jnb.from_json(jnb.to_json(nb)) == nb
    assert nb.cells[1].source == "SELECT 1"  # type: ignore[union-attr]


def test_the_empty_defaults():
    nb = jnb.Notebook()
    assert (nb.nbformat, nb.nbformat_minor, nb.cells, nb.metadata) == (4, 5, (), EMPTY)
    assert (
        jnb.writes(nb)
        == '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n'
    )
