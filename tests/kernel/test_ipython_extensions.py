"""Extensions written for IPython run in jovi's kernel (issue 15, point 6).

A real ``jovi kernel`` process, started from its kernelspec and driven by the real
jupyter_client (test peer), loads line_profiler and memory_profiler (test peers) with
``%load_ext`` and runs ``%lprun`` and ``%memit``, as a notebook would.
"""

from __future__ import annotations

import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = [pytest.mark.interop, pytest.mark.integration]

PROFILED = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"


@pytest.fixture
def kernel(jovi_kernelspec):
    km, kc = start_new_kernel(kernel_name="jovi", startup_timeout=30)
    try:
        yield kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def run(kc, code):
    """Execute ``code``; the reply content and the IOPub messages of the request."""
    seen = []
    reply = kc.execute_interactive(code, timeout=60, output_hook=seen.append)
    return reply["content"], seen


def stdout(messages) -> str:
    return "".join(
        m["content"]["text"]
        for m in messages
        if m["msg_type"] == "stream" and m["content"]["name"] == "stdout"
    )


def test_lprun_runs_in_the_kernel_and_pages_its_report(kernel):
    reply, _ = run(kernel, "%load_ext line_profiler")
    assert reply["status"] == "ok", reply
    assert run(kernel, PROFILED)[0]["status"] == "ok"
    reply, _ = run(kernel, "%lprun -f total total(500)")
    assert reply["status"] == "ok", reply
    pages = [p for p in reply["payload"] if p["source"] == "page"]
    assert len(pages) == 1
    report = pages[0]["data"]["text/plain"]
    assert "Line #      Hits" in report
    # Line 4 of the cell ran 500 times, and its text is shown: line_profiler knows the
    # cell files by their directory, $TMPDIR/ipykernel_<pid>, as under ipykernel.
    assert any(
        line.split()[:2] == ["4", "500"] and line.rstrip().endswith("s += i")
        for line in report.splitlines()
    ), report
    reply, _ = run(kernel, "%lprun -Q total(1)")
    assert reply["status"] == "error"
    assert reply["ename"] == "UsageError"


def test_memit_runs_in_the_kernel(kernel):
    reply, _ = run(kernel, "%load_ext memory_profiler")
    assert reply["status"] == "ok", reply
    reply, messages = run(kernel, "%memit data = list(range(100_000))")
    assert reply["status"] == "ok", reply
    assert "peak memory:" in stdout(messages)
    reply, messages = run(kernel, "%%memit n = 100\nblock = bytearray(n * 1024)")
    assert reply["status"] == "ok", reply
    assert "increment:" in stdout(messages)


def test_ipython_get_ipython_is_the_kernel_shell_and_extensions_see_its_kernel(kernel):
    reply, messages = run(
        kernel,
        "import IPython\n"
        "shell = IPython.get_ipython()\n"
        "print(type(shell).__name__, shell is get_ipython(), hasattr(shell, 'kernel'))",
    )
    assert reply["status"] == "ok", reply
    assert stdout(messages).strip() == "ZMQInteractiveShell True True"


def test_a_kernels_first_start_takes_over_ipythons_extensions_and_startup_files(
    jovi_kernelspec, tmp_path, monkeypatch
):
    ipython_profile = tmp_path / "ipython" / "profile_default"
    (ipython_profile / "startup").mkdir(parents=True)
    (ipython_profile / "ipython_config.py").write_text(
        "c = get_config()\nc.InteractiveShellApp.extensions = ['line_profiler']\n"
    )
    (ipython_profile / "startup" / "00-helpers.py").write_text(PROFILED)
    monkeypatch.setenv("IPYTHONDIR", str(ipython_profile.parent))
    km, kc = start_new_kernel(kernel_name="jovi", startup_timeout=30)
    try:
        reply, _ = run(kc, "%lprun -f total total(20)")
        assert reply["status"] == "ok", reply
        report = next(p for p in reply["payload"] if p["source"] == "page")["data"]["text/plain"]
        assert any(line.split()[:2] == ["4", "20"] for line in report.splitlines())
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_figure_kept_open_is_not_shown_again_when_ipython_came_before_pyplot(kernel):
    # pyplot, imported after IPython, registers its redraw of stale figures with the
    # shell IPython.get_ipython() returns (the kernel's); a figure just shown must not
    # count as changed at the next cell.
    pytest.importorskip("matplotlib")
    setup = (
        "import IPython\n%config InlineBackend.close_figures = False\n"
        "%matplotlib inline\nimport matplotlib.pyplot as plt"
    )
    assert run(kernel, setup)[0]["status"] == "ok"
    images = []
    for cell in ("figure = plt.figure()\nplt.plot([1, 2])", "x = 1", "plt.title('later')", "y = 2"):
        reply, messages = run(kernel, cell)
        assert reply["status"] == "ok", reply
        images.append(sum(m["msg_type"] == "display_data" for m in messages))
    assert images == [1, 0, 1, 0]


def test_ipythons_config_habits_work_in_the_kernel(kernel):
    # Two first cells of notebooks in the wild: the kernel's connection file read from
    # the shell's config, and every expression of a cell shown.
    reply, messages = run(
        kernel,
        "import os\n"
        "from IPython import get_ipython\n"
        "path = get_ipython().config['IPKernelApp']['connection_file']\n"
        "print(os.path.samefile(path, get_ipython().kernel.connection_file))",
    )
    assert reply["status"] == "ok", reply
    assert stdout(messages) == "True\n"
    reply, _ = run(
        kernel,
        "from IPython.core.interactiveshell import InteractiveShell\n"
        'InteractiveShell.ast_node_interactivity = "all"',
    )
    assert reply["status"] == "ok", reply
    _, messages = run(kernel, "1\n2")
    results = [
        m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"
    ]
    assert results == ["1", "2"]


def test_ipythons_interactiveshell_instance_is_the_kernel_shell(kernel):
    # ipywidgets' Output.append_display_data and matplotlib_inline's
    # set_matplotlib_formats ask InteractiveShell.instance(): that made a second,
    # real IPython shell, which from then on took IPython.display's output to stdout.
    reply, messages = run(
        kernel,
        "import ipywidgets\n"
        "from IPython.display import HTML, display\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "out = ipywidgets.Output()\n"
        "out.append_display_data(HTML('<b>kept</b>'))\n"
        "print(out.outputs[0]['data']['text/html'], InteractiveShell.instance() is get_ipython())\n"
        "display(HTML('<i>shown</i>'))",
    )
    assert reply["status"] == "ok", reply
    assert stdout(messages) == "<b>kept</b> True\n"
    shown = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data"]
    assert shown == [
        {"text/html": "<i>shown</i>", "text/plain": "<IPython.core.display.HTML object>"}
    ]


def test_matplotlib_inlines_set_matplotlib_formats_chooses_the_figures_format(kernel):
    reply, messages = run(
        kernel,
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n"
        "from matplotlib_inline.backend_inline import set_matplotlib_formats\n"
        "set_matplotlib_formats('svg')\n"
        "plt.plot([1, 2])\n"
        "plt.show()",
    )
    assert reply["status"] == "ok", reply
    figures = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data"]
    assert len(figures) == 1
    assert "image/svg+xml" in figures[0]


def test_rich_tracebacks_installed_in_the_kernel_show_errors(kernel):
    reply, _ = run(kernel, "from rich import traceback\n_ = traceback.install()")
    assert reply["status"] == "ok", reply
    for cell, name in (("1 / 0", "ZeroDivisionError"), ("x = (", "SyntaxError")):
        reply, messages = run(kernel, cell)
        assert (reply["status"], reply["ename"]) == ("error", name)
        shown = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data"]
        assert len(shown) == 1, messages
        assert name in shown[0]["text/plain"]
    reply, messages = run(kernel, "print('still served')")
    assert stdout(messages) == "still served\n"
