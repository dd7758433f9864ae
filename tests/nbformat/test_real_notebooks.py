"""Real notebooks (tests/notebooks, from public repositories) through ``jovi.nbformat``
with nbformat's call shapes: byte-identical round trips, and what nbformat reads.

The reference is the installed nbformat: for each file, ``nbformat.writes(nbformat.reads(...))``.
A file already in nbformat's layout (most of them) must come back byte for byte.
"""

from __future__ import annotations

import io
import logging
import warnings

import pytest

import jovi.nbformat as jnb
import nbformat
from tests.nbformat.real_notebooks import CORPUS_DIR, NOTEBOOKS, name_of

IDS = [name_of(path) for path in NOTEBOOKS]


def nbformats_text(raw: str) -> str:
    """What nbformat writes for ``raw`` (its logged problems and warnings silenced)."""
    traitlets = logging.getLogger("traitlets")
    traitlets.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nbformat.writes(nbformat.reads(raw, as_version=4)) + "\n"
    finally:
        traitlets.disabled = False


def test_the_corpus_is_real_varied_and_licensed():
    assert len(NOTEBOOKS) >= 50
    notice = (CORPUS_DIR / "NOTICE.md").read_text(encoding="utf-8")
    licences = {path.stem for path in (CORPUS_DIR / "LICENSES").iterdir()}
    for path in NOTEBOOKS:
        name = name_of(path)
        assert f"| `{name}` |" in notice, f"{name} is not in NOTICE.md"
        assert name.split("/")[0] in licences, f"no licence for {name}"
        assert path.stat().st_size < 2_000_000
    total = sum(path.stat().st_size for path in NOTEBOOKS)
    assert total < 30_000_000
    mimes: set[str] = set()
    magics = latex = widgets = 0
    for path in NOTEBOOKS:
        nb = jnb.read(path, as_version=4)
        widgets += "widgets" in nb.metadata
        for cell in nb.cells:
            source = cell.get("source", "")
            magics += cell.cell_type == "code" and source.lstrip().startswith("%")
            latex += cell.cell_type == "markdown" and "$" in source
            for output in cell.get("outputs", ()):
                mimes.update(output.get("data", {}))
    assert {"image/png", "image/svg+xml", "image/jpeg", "text/html", "text/latex"} <= mimes
    assert {
        "application/json",
        "application/pdf",
        "application/vnd.jupyter.widget-view+json",
    } <= mimes
    assert magics > 50
    assert latex > 20
    assert widgets >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_a_round_trip_with_nbformats_call_shapes_gives_nbformats_bytes(path, tmp_path):
    raw = path.read_text(encoding="utf-8")
    expected = nbformats_text(raw)
    node = jnb.reads(raw, as_version=4)
    assert jnb.writes(node) + "\n" == expected
    target = tmp_path / path.name
    jnb.write(jnb.read(str(path), as_version=4), str(target))
    assert target.read_text(encoding="utf-8") == expected
    with path.open(encoding="utf-8") as stream:
        again = jnb.read(stream, as_version=jnb.NO_CONVERT)
    out = io.StringIO()
    jnb.write(again, out)
    assert out.getvalue() == expected
    if raw == expected:
        # Already in nbformat's layout: the file comes back byte for byte.
        assert target.read_bytes() == path.read_bytes()


def test_most_real_files_are_in_nbformats_own_layout():
    canonical = [
        p
        for p in NOTEBOOKS
        if nbformats_text(p.read_text(encoding="utf-8")) == p.read_text(encoding="utf-8")
    ]
    assert len(canonical) >= 50


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_jovis_own_api_reads_every_one_and_writes_what_nbformat_reads(path, tmp_path):
    nb = jnb.read(path)
    assert nb.nbformat_minor == 5
    assert len(nb.cells) == len(nbformat.read(str(path), as_version=4).cells)
    jnb.write(nb, tmp_path / "out.ipynb")
    written = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    nbformat.validate(written)
    assert [c.source for c in written.cells] == [cell.source for cell in nb.cells]
    assert jnb.isvalid(jnb.from_notebook(nb))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_json_reader_gives_what_the_models_json_would(path):
    from jovi.nbformat.convert import to_json
    from jovi.nbformat.ipynb import reads_lenient, reads_lenient_json

    data = path.read_bytes()
    for upgrade in (False, True):
        as_json, changes = reads_lenient_json(data, upgrade=upgrade)
        report = reads_lenient(data, upgrade=upgrade, salvage=False)
        if upgrade:  # new cell ids are random: compare everything else
            for cell in as_json["cells"]:
                cell.pop("id", None)
            expected = to_json(report.notebook)
            for cell in expected["cells"]:
                cell.pop("id", None)
        else:
            expected = to_json(report.notebook)
        assert as_json == expected
        assert changes == report.changes
