"""What a user sees for results, ``%timeit``, ``%%bash`` and ``%history -g`` matches
IPython 9 (issue 15, point 3).

IPython is a test peer: the same cells run in a fresh interpreter with IPython's
``InteractiveShell`` (it installs itself in builtins and ``sys``) and a throw-away
IPython directory; it reports each cell's printed text, the text of its result and
its error.  jovi's side is what its shell shows through its output.  Addresses and
measured times differ by nature and are masked before comparing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from typing import Any

import pytest

_PROBE = textwrap.dedent(
    """
    import json, sys
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    report = []
    for cell in json.loads(sys.argv[1]):
        with capture_output(display=False) as captured:
            result = shell.run_cell(cell, store_history=True)
        value = result.result
        text = None
        if value is not None:
            text = shell.display_formatter.format(value)[0]["text/plain"]
        error = result.error_in_exec
        report.append({
            "stdout": captured.stdout,
            "result": text,
            "error": None if error is None else [type(error).__name__, str(error)],
        })
    print(json.dumps(report))
    """
)

_ADDRESS = re.compile(r"0x[0-9a-f]+")
_TIME = re.compile(r"[\d.]+ (?:s|ms|µs|μs|us|ns)\b")


def in_ipython(cells: list[str], tmp_path) -> list[dict[str, Any]]:
    """Each cell's printed text, result text and error, as IPython shows them."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(cells)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")},
    )
    found: list[dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def masked(text: str) -> str:
    """``text`` without what differs from run to run: addresses, times, the ± sign, and
    the warning about a slow run (a busy machine can cause one in either shell)."""
    text = re.sub(r"^The slowest run took .*\n", "", text, flags=re.MULTILINE)
    text = _ADDRESS.sub("0x…", text)
    text = _TIME.sub("T", text)
    return text.replace("+-", "±")


@pytest.mark.integration
def test_a_dict_prints_in_insertion_order_as_in_ipython(run, output, tmp_path):
    cell = "{'b': 1, 'a': 2, 'c': {'z': 0, 'y': 1}}"
    (peer,) = in_ipython([cell], tmp_path)
    run(cell)
    assert output.text_results == [peer["result"]] == ["{'b': 1, 'a': 2, 'c': {'z': 0, 'y': 1}}"]


def test_sorted_dicts_remain_an_option(run, shell, output):
    run("%config PlainTextFormatter.sort_dicts = True")
    run("{'b': 1, 'a': 2}")
    assert output.text_results == ["{'a': 2, 'b': 1}"]


@pytest.mark.integration
def test_an_object_without_a_repr_prints_as_in_ipython(run, shell, output, tmp_path):
    cells = ["class H: pass", "h = H()", "h", "[H(), object()]"]
    peer = in_ipython(cells, tmp_path)
    for cell in cells:
        run(cell)
    assert output.text_results[0] == f"<__main__.H at {id(shell.user_ns['h']):#x}>"
    assert [masked(text) for text in output.text_results] == [
        masked(peer[2]["result"]),
        masked(peer[3]["result"]),
    ]


@pytest.mark.integration
def test_timeit_prints_mean_and_spread_as_in_ipython(run, output, tmp_path):
    cells = [
        "%timeit -n10 -r3 pass",
        "%timeit -n1 -r2 pass",
        "%timeit -q -n2 -r3 -v saved pass",
        "saved",
    ]
    peer = in_ipython(cells, tmp_path)
    for cell, seen in zip(cells[:3], peer, strict=False):
        output.written.clear()
        run(cell)
        assert masked(output.stdout) == masked(seen["stdout"])
    run(cells[3])
    assert masked(output.text_results[-1]) == masked(peer[3]["result"])
    assert (
        masked(peer[0]["stdout"]) == "T ± T per loop (mean ± std. dev. of 3 runs, 10 loops each)\n"
    )


@pytest.mark.integration
def test_timeit_warns_about_a_slow_run_as_ipython_does(run, output, tmp_path):
    setup = (
        "import time\n"
        "seen = []\n"
        "def slow_once():\n"
        "    if not seen:\n"
        "        seen.append(1)\n"
        "        time.sleep(0.02)\n"
    )
    cells = [setup, "%timeit -n1 -r3 slow_once()"]
    peer = in_ipython(cells, tmp_path)
    for cell in cells:
        run(cell)
    number = re.compile(r"took [\d.]+ times")
    expected = number.sub("took N times", peer[1]["stdout"])
    assert masked(peer[1]["stdout"]) == masked(output.stdout)
    assert number.sub("took N times", output.stdout).splitlines()[0] == expected.splitlines()[0]
    assert expected.startswith(
        "The slowest run took N times longer than the fastest. "
        "This could mean that an intermediate result is being cached.\n"
    )


@pytest.mark.integration
def test_bash_raises_on_a_non_zero_exit_as_ipython_does(run, shell, output, capsys, tmp_path):
    cells = ["%%bash\necho hi\nexit 3\n", "%%bash --no-raise-error\nexit 4\n"]
    peer = in_ipython(cells, tmp_path)
    run(cells[0])
    assert capsys.readouterr().out == "hi\n"
    (report,) = output.errors
    assert [report.ename, report.evalue] == peer[0]["error"]
    assert report.evalue == "Command 'b'echo hi\\nexit 3\\n'' returned non-zero exit status 3."
    result = run(cells[1])
    assert result.success
    assert peer[1]["error"] is None
    assert len(output.errors) == 1


@pytest.mark.integration
def test_history_g_with_l_shows_the_last_matches_as_ipython_does(run, output, tmp_path):
    cells = ["x = 1", "y = 2", "x = 3", "%history -g x -l 2", "%history -g = -l 2"]
    peer = in_ipython(cells, tmp_path)
    for cell in cells[:3]:
        run(cell)
    run(cells[3])
    assert output.stdout == peer[3]["stdout"] == "   3: x = 3\n   4: %history -g x -l 2\n"
    output.written.clear()
    run(cells[4])
    assert output.stdout == peer[4]["stdout"] == "   3: x = 3\n   5: %history -g = -l 2\n"
