"""Atomic writes: old or new content, never half; secrets are never readable by others."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from jovi.utils.atomic import atomic_write, open_atomic, open_atomic_binary


def mode_of(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_text_and_bytes(tmp_path):
    target = tmp_path / "f.txt"
    atomic_write(target, "héllo\nwörld\n")
    assert target.read_text(encoding="utf-8") == "héllo\nwörld\n"
    atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def test_newlines_are_written_as_given(tmp_path):
    target = tmp_path / "f.txt"
    atomic_write(target, "a\r\nb\n")
    assert target.read_bytes() == b"a\r\nb\n"


def test_secret_mode_and_the_mode_of_new_and_existing_files(tmp_path):
    secret = tmp_path / "key.json"
    atomic_write(secret, "{}", permissions=0o600)
    assert mode_of(secret) == 0o600
    old_mask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.txt"
        atomic_write(fresh, "x")
        assert mode_of(fresh) == 0o644
    finally:
        os.umask(old_mask)
    fresh.chmod(0o640)
    atomic_write(fresh, "y")
    assert mode_of(fresh) == 0o640


def test_the_temporary_file_is_private_while_being_written(tmp_path):
    target = tmp_path / "secret"
    with open_atomic(target, permissions=0o600) as stream:
        stream.write("s3cret")
        [temporary] = [p for p in tmp_path.iterdir() if p != target]
        assert mode_of(temporary) == 0o600
        assert not target.exists()
    assert target.read_text() == "s3cret"


def test_a_failure_keeps_the_old_content_and_leaves_no_litter(tmp_path):
    target = tmp_path / "notebook.ipynb"
    atomic_write(target, "precious")
    with pytest.raises(RuntimeError), open_atomic(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("disk full, say")
    assert target.read_text() == "precious"
    assert list(tmp_path.iterdir()) == [target]
    with pytest.raises(KeyboardInterrupt), open_atomic_binary(target) as binary:
        binary.write(b"partial")
        raise KeyboardInterrupt
    assert target.read_text() == "precious"
    assert list(tmp_path.iterdir()) == [target]


def test_readers_only_ever_see_a_whole_version(tmp_path):
    target = tmp_path / "big.txt"
    versions = ["a" * 400_000, "b" * 300_000]
    atomic_write(target, versions[0])
    seen = set()
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            seen.add(target.read_text())

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for round_ in range(60):
            atomic_write(target, versions[round_ % 2])
    finally:
        stop.set()
        thread.join()
    assert seen <= set(versions)
    assert len(seen) == 2


def test_the_directory_must_exist(tmp_path):
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "missing" / "f", "x")
