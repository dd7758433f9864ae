"""Inline figures: %matplotlib inline, the figure formats, closing figures."""

from __future__ import annotations

import base64

import pytest

from tests.kernel.helpers import memory_kernel

pytest.importorskip("matplotlib")


@pytest.fixture(autouse=True)
def agg_afterwards():
    yield
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    matplotlib.use("agg", force=True)


def _images(outputs):
    return [m.content for m in outputs if m.msg_type == "display_data"]


async def test_a_cells_figure_is_sent_as_png_when_it_ends_then_closed(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        setup, _ = await client.execute("%matplotlib inline\nimport matplotlib.pyplot as plt")
        _, outputs = await client.execute("plt.plot([1, 3, 2])\nprint('drawn')")
        _, after = await client.execute("len(plt.get_fignums())")
    assert setup.content.status == "ok", setup.content
    [image] = _images(outputs)
    assert base64.b64decode(image.data["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert image.data["text/plain"].startswith("<Figure size")
    kinds = [m.msg_type for m in outputs]
    assert kinds.index("stream") < kinds.index("display_data")  # shown when the cell ends
    assert [m.content.data["text/plain"] for m in after if m.msg_type == "execute_result"] == ["0"]


async def test_the_figure_format_follows_config(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        await client.execute("%matplotlib inline\nimport matplotlib.pyplot as plt")
        await client.execute("%config InlineBackend.figure_format = 'svg'")
        _, svg = await client.execute("plt.plot([1, 2])")
        await client.execute("%config InlineBackend.figure_format = 'retina'")
        _, retina = await client.execute("plt.figure(figsize=(2, 1), dpi=50)\nplt.plot([1, 2])")
    [drawing] = _images(svg)
    assert "image/png" not in drawing.data
    assert drawing.data["image/svg+xml"].lstrip().startswith("<?xml")
    [double] = _images(retina)
    png = base64.b64decode(double.data["image/png"])
    width = int.from_bytes(png[16:20], "big")
    assert double.metadata["image/png"]["width"] == width // 2


async def test_display_of_a_figure_uses_the_format_even_without_the_inline_backend(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        reply, outputs = await client.execute(
            "import matplotlib\nmatplotlib.use('agg', force=True)\n"
            "from matplotlib.figure import Figure\n"
            "figure = Figure()\nfigure.subplots().plot([1, 2])\ndisplay(figure)"
        )
    assert reply.content.status == "ok"
    [image] = _images(outputs)
    assert "image/png" in image.data


async def test_with_close_figures_off_a_figure_lives_on_and_shows_when_changed(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        await client.execute("%config InlineBackend.close_figures = False")
        await client.execute("%matplotlib inline\nimport matplotlib.pyplot as plt")
        _, first = await client.execute("figure = plt.figure()\nplt.plot([1, 2])")
        _, unchanged = await client.execute("x = 1")
        _, changed = await client.execute("plt.title('later')")
        _, count = await client.execute("len(plt.get_fignums())")
    assert len(_images(first)) == 1
    assert _images(unchanged) == []
    assert len(_images(changed)) == 1
    assert [m.content.data["text/plain"] for m in count if m.msg_type == "execute_result"] == ["1"]


async def test_only_inline_and_agg_are_offered(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        reply, outputs = await client.execute("%matplotlib qt")
        listed, listing = await client.execute("%matplotlib --list")
    assert reply.content.ename == "UsageError"
    assert "'qt' is not available here" in reply.content.evalue
    assert "Available matplotlib backends: inline, agg" in "".join(
        m.content.text for m in listing if m.msg_type == "stream"
    )
    assert outputs[-1].msg_type == "error"
    assert listed.content.status == "ok"


async def test_inline_works_beside_a_qt_application_while_the_backend_is_auto(
    tmp_path, monkeypatch
):
    # With a Qt application in the process (jovi.inprocess, an application embedding
    # the console) and matplotlib's backend still "auto", asking matplotlib for its
    # backend resolves "auto" to Qt and asks the shell for a Qt event loop, which the
    # kernel refuses: %matplotlib inline failed.  It must not resolve "auto".  (matplotlib
    # asks IPython's get_ipython() for the shell: IPython was imported in this process
    # by an earlier test, or by the user's code, which jovi's bridge answers.)
    import IPython  # noqa: F401
    import matplotlib
    from matplotlib import rcsetup
    from PySide6.QtWidgets import QApplication

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    application = QApplication.instance() or QApplication([])  # lives on, as pytest-qt's
    assert application is not None
    dict.__setitem__(matplotlib.rcParams, "backend", rcsetup._auto_backend_sentinel)
    async with memory_kernel(tmp_path) as (_, client):
        setup, _ = await client.execute("%matplotlib inline\nimport matplotlib.pyplot as plt")
        _, outputs = await client.execute("plt.plot([1, 2])")
    assert setup.content.status == "ok", setup.content
    assert len(_images(outputs)) == 1
