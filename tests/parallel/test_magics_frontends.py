"""``%px`` through the real front ends: the ``jovi`` terminal shell (in tmux) and a
notebook run by nbclient on jovi's kernel, each driving a real cluster."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from jovi.parallel.files import connection_file
from tests.kernel.conftest import jovi_kernelspec  # noqa: F401 - a fixture
from tests.terminal.tmux import TmuxTerminal, jovi_command, terminal_env

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.parallel import Cluster

pytestmark = pytest.mark.integration


def _url_file(cluster: Cluster) -> str:
    return str(connection_file(cluster.security_dir, "client", cluster.cluster_id))


def test_px_in_the_terminal_shows_each_engines_output(cluster, isolated_dirs: Path, tmp_path: Path):
    term = TmuxTerminal(
        jovi_command(),
        env=terminal_env(isolated_dirs / "home", isolated_dirs / "jovi"),
        cwd=tmp_path,
        width=120,
        height=50,
    )
    try:
        term.wait_for("In [1]:")
        term.type(f"from jovi.parallel import Client; rc = Client({_url_file(cluster)!r})")
        term.send("Enter")
        term.wait_for("In [2]:")
        term.type("%px print('hi from', 6 * 7)")
        term.send("Enter")
        term.wait_for("In [3]:", timeout=30)
        screen = term.history_screen()
        assert re.findall(r"^\[stdout:(\d)\] hi from 42$", screen, flags=re.MULTILINE) == [
            "0",
            "1",
            "2",
            "3",
        ]
        term.type("%px 1/0")
        term.send("Enter")
        term.wait_for("In [4]:", timeout=30)
        screen = term.history_screen().split("In [3]:")[-1]
        for engine in range(4):
            assert f"[{engine}:execute]" in screen
        assert "ZeroDivisionError" in screen
        term.type("%autopx")
        term.send("Enter")
        term.wait_for("%autopx enabled")
        term.type("for i in range(2):")
        term.send("Enter")
        term.type("print('loop', i)")
        term.send("Enter")
        term.send("Enter")
        term.wait_for("[stdout:3]", timeout=30, count=2)
        term.type("%autopx")
        term.send("Enter")
        term.wait_for("%autopx disabled")
        tail = term.history_screen().split("%autopx enabled")[-1]
        assert "[stdout:0]\nloop 0\nloop 1" in tail
        term.type(
            "ar = rc.load_balanced_view().map(lambda x: __import__('time').sleep(0.3) or x,"
            " range(8), block=False); ar.wait_interactive(interval=0.1)"
        )
        term.send("Enter")
        term.wait_for("8/8 tasks finished after", timeout=30)
        term.wait_for("In [", count=8)
        progress = term.history_screen().split("ar.wait_interactive")[-1]
        assert progress.count("tasks finished after") == 1  # one line, rewritten in place
        assert re.search(r"^8/8 tasks finished after \d+ s: done *$", progress, flags=re.MULTILINE)
    finally:
        term.close()


def _notebook(url_file: str) -> dict:
    cells = [
        f"from jovi.parallel import Client\nrc = Client({url_file!r})",
        "%px print('hi')",
        "%%px --targets [0,1] --group-outputs=engine\nprint('a')\n6 * 7",
        "%px 1/0",
        (
            "lview = rc.load_balanced_view()\n"
            "import time\n"
            "ar = lview.map(lambda x: time.sleep(0.2) or x, range(6), block=False)\n"
            "ar.wait_interactive(interval=0.1)"
        ),
        "%%px --targets [0,1]\nfrom jovi.display import HTML\nHTML(f'<b>rich {6 * 7}</b>')",
    ]
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "jovi", "display_name": "jovi", "language": "python"}},
        "cells": [
            {
                "cell_type": "code",
                "id": f"cell{i}",
                "metadata": {},
                "source": source,
                "outputs": [],
                "execution_count": None,
            }
            for i, source in enumerate(cells)
        ],
    }


def _text(outputs, name="stdout") -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("name") == name)


def test_px_in_a_notebook_shows_each_engines_output(cluster, jovi_kernelspec):  # noqa: F811
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.from_dict(_notebook(_url_file(cluster)))
    client = nbclient.NotebookClient(
        notebook, kernel_name="jovi", allow_errors=True, timeout=60, startup_timeout=60
    )
    ran = client.execute()
    cells = ran.cells
    assert _text(cells[1].outputs) == "".join(f"[stdout:{i}] hi\n" for i in range(4))
    grouped = re.sub(r"Out\[(\d):\d+\]", r"Out[\1:n]", _text(cells[2].outputs))
    assert grouped == "[stdout:0] a\nOut[0:n]: 42\n[stdout:1] a\nOut[1:n]: 42\n"
    errors = [o for o in cells[3].outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["CompositeError"]
    traceback = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[0].traceback))
    assert all(f"[{i}:execute]" in traceback for i in range(4))
    progress = [o for o in cells[4].outputs if o.output_type == "display_data"]
    assert len(progress) == 1  # one display, updated in place
    assert re.fullmatch(r"6/6 tasks finished after \d+ s: done", progress[0].data["text/plain"])
    rich = [o.data["text/html"] for o in cells[5].outputs if o.output_type == "display_data"]
    assert rich == ["<b>rich 42</b>", "<b>rich 42</b>"]
    labels = re.sub(r"Out\[(\d):\d+\]", r"Out[\1:n]", _text(cells[5].outputs))
    assert labels == "Out[0:n]:\nOut[1:n]:\n"
