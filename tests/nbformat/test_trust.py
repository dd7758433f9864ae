"""Trust signatures: the same digest nbformat computes, so Jupyter's trust database applies."""

from __future__ import annotations

import pytest
from nbformat.sign import MemorySignatureStore, NotebookNotary

import jovi.nbformat as jnb
import nbformat
from tests.nbformat.corpus import CORPUS

SECRET = b"not-so-secret \x00\xff"


@pytest.fixture
def notary(tmp_path):
    return NotebookNotary(secret=SECRET, store_factory=MemorySignatureStore, data_dir=str(tmp_path))


@pytest.mark.parametrize("name", [n for n, _ in CORPUS if not n.startswith(("v3", "five"))])
def test_the_signature_is_the_one_nbformat_computes(name, notary):
    text = dict(CORPUS)[name]
    mine = jnb.reads(text, upgrade=False)
    assert jnb.compute_signature(mine, SECRET) == notary.compute_signature(
        nbformat.reads(text, as_version=4)
    )


def test_other_algorithms_and_keys_change_the_signature(tmp_path):
    nb = jnb.reads(dict(CORPUS)["every-output-type"])
    theirs = nbformat.reads(dict(CORPUS)["every-output-type"], as_version=4)
    sha512 = NotebookNotary(
        secret=SECRET,
        algorithm="sha512",
        store_factory=MemorySignatureStore,
        data_dir=str(tmp_path),
    )
    assert jnb.compute_signature(nb, SECRET, "sha512") == sha512.compute_signature(theirs)
    assert jnb.compute_signature(nb, SECRET) != jnb.compute_signature(nb, b"other")
    with pytest.raises(ValueError, match="not a hash algorithm"):
        jnb.compute_signature(nb, SECRET, "shake_128")


def test_the_signature_ignores_transient_values_and_follows_content():
    nb = jnb.reads(dict(CORPUS)["streams"])
    marked = nb.with_metadata(signature="sha256:old")
    assert jnb.compute_signature(marked, SECRET) == jnb.compute_signature(nb, SECRET)
    assert jnb.compute_signature(nb.cleared(), SECRET) != jnb.compute_signature(nb, SECRET)


def test_which_cells_need_trust_matches_nbformat(notary):
    for name, text in CORPUS:
        if name.startswith("v3"):
            continue  # nbformat keeps v3's (transient) metadata.trusted in memory; jovi drops it
        theirs = nbformat.reads(text, as_version=4)
        mine = jnb.reads(text, upgrade=False)
        assert jnb.outputs_need_trust(mine) == (not notary.check_cells(theirs)), name
    assert jnb.untrusted_cells(jnb.reads(dict(CORPUS)["every-output-type"])) == [0]
