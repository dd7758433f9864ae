"""The shipped schema files: nbformat's own, loaded as package data."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

import nbformat
from jovi.nbformat.schema import KNOWN_VERSIONS, validator_for

NBFORMAT = Path(nbformat.__file__).parent
SHIPPED = resources.files("jovi.nbformat").joinpath("schemas")


@pytest.mark.parametrize(("major", "minor"), KNOWN_VERSIONS)
def test_the_shipped_schemas_are_nbformats(major, minor):
    name = "nbformat.v3.schema.json" if major == 3 else f"nbformat.v4.{minor}.schema.json"
    ours = SHIPPED.joinpath(name).read_text(encoding="utf-8")
    theirs = (NBFORMAT / f"v{major}" / name).read_text(encoding="utf-8")
    assert json.loads(ours) == json.loads(theirs)
    assert validator_for(major, minor).schema == json.loads(theirs)


def test_every_schema_file_is_known_and_documented():
    files = {entry.name for entry in SHIPPED.iterdir()}
    assert files - {"README.md"} == {
        "nbformat.v3.schema.json",
        *(f"nbformat.v4.{minor}.schema.json" for minor in range(6)),
    }
    readme = SHIPPED.joinpath("README.md").read_text(encoding="utf-8")
    assert "https://github.com/jupyter/nbformat" in readme
    assert "BSD 3-Clause License" in readme


def test_unknown_versions_have_no_schema():
    for major, minor in ((2, 0), (5, 0), (4, -1)):
        with pytest.raises(ValueError, match="no schema for nbformat"):
            validator_for(major, minor)
    assert validator_for(4, 9).schema["definitions"]["cell"]["oneOf"][-1] == {
        "$ref": "#/definitions/unrecognized_cell"
    }


# ------------------------------------------------------------------ compiled schemas
WEIRD = (None, 5, "x", [], {}, True, -1, ["a", 1], {"text/plain": 3}, {"a/b": ["x"]})


def walked_valid(validator, value, ref=None):
    return next(iter(validator.iter_errors(value, ref)), None) is None


def changed(value, path, new):
    copy = json.loads(json.dumps(value))
    holder = copy
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = new
    return copy


def variants(value):
    """``value`` and copies with one field of it (or of its first cells and outputs)
    replaced by each of a few values of every JSON type."""
    yield value
    if not isinstance(value, dict):
        return
    paths = [(key,) for key in value]
    cells = value.get("cells")
    for index, cell in enumerate(cells[:4] if isinstance(cells, list) else ()):
        if isinstance(cell, dict):
            paths += [("cells", index, key) for key in cell]
            outputs = cell.get("outputs")
            for o, output in enumerate(outputs[:2] if isinstance(outputs, list) else ()):
                if isinstance(output, dict):
                    paths += [("cells", index, "outputs", o, key) for key in output]
    for path in paths:
        for new in WEIRD:
            yield changed(value, path, new)


def test_the_compiled_schema_agrees_with_the_walking_validator():
    from tests.nbformat.corpus import CORPUS
    from tests.nbformat.real_notebooks import NOTEBOOKS
    from tests.nbformat.test_validation import INVALID, broken

    small = sorted(NOTEBOOKS, key=lambda path: path.stat().st_size)[:6]
    samples = [json.loads(text) for _, text in CORPUS]
    samples += [json.loads(path.read_text(encoding="utf-8")) for path in small]
    samples += [broken(change) for change, _message in INVALID.values()]
    validators = [validator_for(*version) for version in ((3, 0), (4, 2), (4, 4), (4, 5), (4, 7))]
    validators.append(validator_for(4, 5, relaxed=True))
    checked = 0
    for sample in samples:
        for value in variants(sample):
            for validator in validators:
                assert validator.check(value) == walked_valid(validator, value)
                checked += 1
    assert checked > 20_000


@pytest.mark.parametrize(
    "ref", ["code_cell", "markdown_cell", "raw_cell", "stream", "error", "output", "cell"]
)
def test_the_compiled_definitions_agree_too(ref):
    validator = validator_for(4, 5)
    parts = [
        {
            "cell_type": "code",
            "id": "a",
            "metadata": {},
            "source": "",
            "outputs": [],
            "execution_count": None,
        },
        {"cell_type": "markdown", "id": "a", "metadata": {"tags": ["x"]}, "source": ["a", "b"]},
        {"output_type": "stream", "name": "stdout", "text": "x"},
        {"output_type": "error", "ename": "E", "evalue": "", "traceback": []},
        {"output_type": "display_data", "data": {"application/json": {"a": 1}}, "metadata": {}},
        {"output_type": "bad"},
        [],
        None,
    ]
    for part in parts:
        for value in variants(part):
            assert validator.check(value, ref) == walked_valid(validator, value, ref), value
