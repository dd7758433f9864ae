"""Saves that keep what is there: symbolic links and modes survive, and the temporary
files of a write killed midway are cleaned up by the next write or open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

import jovi.nbformat as jnb

NB = jnb.Notebook(cells=(jnb.MarkdownCell(id="m", source="# Kept"),))


def notebook_saying(text: str) -> jnb.Notebook:
    return NB.with_cell(0, jnb.MarkdownCell(id="m", source=text))


@pytest.mark.parametrize("shape", ["jovi", "nbformat"])
def test_writing_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path, shape):
    real_dir = tmp_path / "store"
    real_dir.mkdir()
    target = real_dir / "analysis.ipynb"
    jnb.write(NB, target)
    target.chmod(0o640)
    link = tmp_path / "work" / "analysis.ipynb"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(target, link.parent))

    if shape == "jovi":
        jnb.write(notebook_saying("# New"), link)
    else:
        node = jnb.read(link, as_version=4)
        node.cells[0].source = "# New"
        jnb.write(node, link)

    assert link.is_symlink()
    assert link.resolve() == target.resolve()
    assert jnb.read(target).cells[0].source == "# New"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in real_dir.iterdir()) == ["analysis.ipynb"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["analysis.ipynb"]


def test_a_link_to_a_missing_file_creates_the_file(tmp_path):
    link = tmp_path / "nb.ipynb"
    link.symlink_to(tmp_path / "elsewhere.ipynb")
    jnb.write(NB, link)
    assert link.is_symlink()
    assert jnb.read(tmp_path / "elsewhere.ipynb") == NB


# A writer that stops inside its write (before the rename) and says so; the test kills it.
WRITER = textwrap.dedent(
    """
    import os, sys, time
    import jovi.nbformat as jnb

    def stall(fd):
        print("writing", flush=True)
        time.sleep(60)

    os.fsync = stall
    nb = jnb.Notebook(cells=(jnb.MarkdownCell(id="m", source="x" * 100_000),))
    jnb.write(nb, sys.argv[1])
    """
)


def start_writer(path):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"
    return writer


def leftovers(directory):
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def kill_writer(path):
    writer = start_writer(path)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    writer.stdout.close()


@pytest.mark.integration
def test_the_next_write_in_the_directory_removes_what_a_killed_write_left(tmp_path):
    path = tmp_path / "nb.ipynb"
    jnb.write(NB, path)
    kill_writer(path)
    [left] = leftovers(tmp_path)
    assert left.startswith(".nb.ipynb.")
    assert jnb.read(path) == NB, "the old file is intact"

    jnb.write(notebook_saying("# Other"), tmp_path / "other.ipynb")
    assert leftovers(tmp_path) == []


@pytest.mark.integration
@pytest.mark.parametrize("shape", ["jovi", "nbformat"])
def test_the_next_open_removes_what_a_killed_write_left(tmp_path, shape):
    path = tmp_path / "nb.ipynb"
    jnb.write(NB, path)
    kill_writer(path)
    assert len(leftovers(tmp_path)) == 1
    if shape == "jovi":
        jnb.read(path)
    else:
        jnb.read(path, as_version=4)
    assert leftovers(tmp_path) == []


@pytest.mark.integration
def test_the_temporary_file_of_a_write_in_progress_and_other_files_are_left_alone(tmp_path):
    path = tmp_path / "nb.ipynb"
    jnb.write(NB, path)
    others = [".notes.tmp", "data.tmp", ".nb.ipynb.abc.tmp", ".nb.ipynb.ffff-1.abcdefgh.txt"]
    for name in others:
        (tmp_path / name).write_text("mine")
    writer = start_writer(path)
    try:
        [in_progress] = [n for n in leftovers(tmp_path) if n not in others]
        jnb.write(notebook_saying("# Other"), tmp_path / "other.ipynb")
        jnb.read(path)
        assert (tmp_path / in_progress).exists(), "a live process's temporary file"
        for name in others:
            assert (tmp_path / name).read_text() == "mine"
    finally:
        writer.kill()
        writer.wait(timeout=10)
        writer.stdout.close()
