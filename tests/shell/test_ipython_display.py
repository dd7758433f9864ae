"""IPython's display functions, imported by user code, reach jovi's output.

IPython is a test peer here (never a dependency of jovi): these tests prove that code
written for IPython's kernel (``from IPython.display import ...``) shows the same
bundles under jovi.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.interop


def test_ipython_display_objects_are_published_as_mime_bundles(run, output):
    result = run(
        "from IPython.display import HTML, Math, display\n"
        "display(HTML('<b>test</b>'))\n"
        "display(Math('\\\\frac{1}{2}'))"
    )
    assert result.success
    html, math = (data for data, _metadata, _transient, _update in output.displays)
    assert html["text/html"] == "<b>test</b>"
    assert math["text/latex"] == "$\\displaystyle \\frac{1}{2}$"


def test_display_ids_updates_and_clear_output_go_through_jovi(run, output):
    result = run(
        "from IPython.display import display, update_display, clear_output\n"
        "handle = display('first', display_id=True)\n"
        "handle.update('second')\n"
        "update_display('third', display_id=handle.display_id)\n"
        "clear_output(wait=True)"
    )
    assert result.success
    shown = [(data["text/plain"], update) for data, _m, _t, update in output.displays]
    assert shown == [("'first'", False), ("'second'", True), ("'third'", True)]
    ids = {transient["display_id"] for _d, _m, transient, _u in output.displays}
    assert len(ids) == 1
    assert output.clears == [True]


def test_raw_bundles_and_ipythons_extra_keywords_are_accepted(run, output):
    result = run(
        "from IPython.display import display, publish_display_data\n"
        "display({'text/plain': 'raw'}, raw=True)\n"
        "publish_display_data({'text/markdown': '*md*'}, source='ignored')"
    )
    assert result.success
    assert [data for data, _m, _t, _u in output.displays] == [
        {"text/plain": "raw"},
        {"text/markdown": "*md*"},
    ]


def test_outside_jovi_ipython_display_is_untouched():
    # A plain Python process that imports jovi but runs no jovi shell: IPython behaves
    # as it always does there (it prints the object).
    probe = textwrap.dedent(
        """
        import jovi.shell.ipython_display as bridge
        bridge.bridge_ipython_display()
        from IPython.display import HTML, display
        display(HTML('<b>x</b>'))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "<IPython.core.display.HTML object>"


def test_ipython_imported_before_the_shell_is_bridged_too():
    probe = textwrap.dedent(
        """
        import IPython.display
        from jovi.shell.interactiveshell import InteractiveShell
        import jovi.display.host as host

        shown = []

        class Recording:
            def format(self, obj, include=None, exclude=None):
                return shell.format(obj, include, exclude)
            def publish(self, data, metadata=None, *, transient=None, update=False):
                shown.append(sorted(data))
            def clear_output(self, *, wait=False):
                pass

        shell = InteractiveShell()
        host.set_host(Recording())
        from IPython.display import HTML, display
        display(HTML('<b>x</b>'))
        IPython.display.display(HTML('<i>y</i>'))
        print(shown)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[['text/html', 'text/plain'], ['text/html', 'text/plain']]"
