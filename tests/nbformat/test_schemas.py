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
