"""Trusted notebooks: jovi's notary and ``jovi trust`` share Jupyter's files, so a
notebook trusted by one is trusted by the other (nbformat's notary as the peer)."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import stat
import subprocess

import pytest
from nbformat.sign import NotebookNotary
from tests.nbformat.corpus import CORPUS

import jovi.nbformat as jnb
import nbformat
from jovi.lib.notary import Notary

TEXT = dict(CORPUS)["every-output-type"]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    directory = tmp_path / "jupyter-data"
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(directory))
    return directory


def jupyter_notary(data_dir) -> NotebookNotary:
    return NotebookNotary(data_dir=str(data_dir))


def test_a_notebook_signed_by_jovi_is_trusted_by_jupyter_and_back(data_dir):
    notary = Notary()
    nb = jnb.reads(TEXT)
    assert not notary.check_signature(nb)
    notary.sign(nb)
    assert notary.check_signature(nb)
    notary.close()
    theirs = nbformat.reads(TEXT, as_version=4)
    assert jupyter_notary(data_dir).check_signature(theirs)

    other = dict(CORPUS)["unicode-everywhere"]
    peer = jupyter_notary(data_dir)
    peer.sign(nbformat.reads(other, as_version=4))
    assert Notary().check_signature(jnb.reads(other))


def test_the_secret_is_made_once_and_private(data_dir):
    first = Notary().secret
    assert Notary().secret == first
    mode = stat.S_IMODE((data_dir / "notebook_secret").stat().st_mode)
    assert mode == 0o600


def test_a_changed_notebook_is_no_longer_trusted_and_forget_untrusts(data_dir):
    notary = Notary()
    nb = jnb.reads(TEXT)
    notary.sign(nb)
    changed = nb.with_cell(0, dataclasses.replace(nb.cells[0], source="something else"))
    assert not notary.check_signature(changed)
    notary.forget(nb)
    assert not notary.check_signature(nb)


def test_the_oldest_quarter_is_dropped_beyond_the_cache_size(tmp_path):
    notary = Notary(tmp_path, cache_size=8)
    notebooks = [jnb.reads(text) for _name, text in CORPUS[:12] if not _name.startswith("v3")]
    for nb in notebooks:
        notary.sign(nb)
    count = sqlite3.connect(tmp_path / "nbsignatures.db").execute(
        "SELECT count(*) FROM nbsignatures"
    )
    assert count.fetchone()[0] <= 8
    assert notary.check_signature(notebooks[-1])  # the newest stays


def test_an_unusable_store_falls_back_to_memory_with_a_warning(tmp_path, caplog):
    (tmp_path / "nbsignatures.db").write_bytes(b"this is not a database" * 100)
    notary = Notary(tmp_path)
    nb = jnb.reads(TEXT)
    notary.sign(nb)
    assert notary.check_signature(nb)
    assert "cannot be used" in caplog.text


@pytest.mark.integration
def test_jovi_trust_command(data_dir, tmp_path, jovi_command):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(TEXT)

    def trust(*args):
        return subprocess.run(
            [*jovi_command, "trust", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "JUPYTER_DATA_DIR": str(data_dir)},
            check=False,
        )

    result = trust(str(notebook))
    assert (result.returncode, result.stdout) == (0, f"Trusting notebook: {notebook}\n")
    assert trust(str(notebook)).stdout == f"Notebook already trusted: {notebook}\n"
    assert jupyter_notary(data_dir).check_signature(nbformat.read(notebook, as_version=4))
    missing = trust(str(tmp_path / "nope.ipynb"))
    assert missing.returncode == 1
    assert missing.stdout == f"jovi trust: {tmp_path / 'nope.ipynb'}: there is no such file.\n"
    reset = trust("--reset")
    assert reset.returncode == 0
    assert not jupyter_notary(data_dir).check_signature(nbformat.read(notebook, as_version=4))


def test_the_store_is_usable_from_any_thread(data_dir):
    # The notebook server reads and saves notebooks on worker threads: a store opened
    # on one thread must serve the others (SQLite refuses that by default).
    import threading

    notary = Notary()
    nb = jnb.reads(TEXT)
    notary.sign(nb)
    results: list[object] = []

    def check() -> None:
        try:
            results.append(notary.check_signature(nb))
            notary.sign(jnb.reads(dict(CORPUS)["unicode-everywhere"]))
        except Exception as error:  # noqa: BLE001 - reported below
            results.append(error)

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 4
