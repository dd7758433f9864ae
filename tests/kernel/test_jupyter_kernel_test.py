"""jupyter_kernel_test (the test peer) against jovi's installed kernelspec.

Every test the suite offers runs, with a code sample for each, including the history
``range`` test that ipykernel leaves out (jovi reports the current session by its
real number, so a range of it can be asked for) and the IOPub welcome (protocol 5.5).
The suite is run from a pytest test so that the kernel starts in the isolated
directories and with the kernelspec installed by ``jovi kernelspec install``.
"""

from __future__ import annotations

import io
import unittest

import jupyter_kernel_test
import pytest

pytestmark = [pytest.mark.interop, pytest.mark.integration]


class JoviKernelTests(jupyter_kernel_test.KernelTests):
    __test__ = False  # run by test_jupyter_kernel_test_passes, in the isolated directories

    kernel_name = "jovi"
    language_name = "python"
    file_extension = ".py"
    code_hello_world = "print('hello, world')"
    code_stderr = "import sys; print('test', file=sys.stderr)"
    completion_samples = [
        {"text": "zi", "matches": {"zip"}},
        {"text": "import tokeni", "matches": {"tokenize"}},
    ]
    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n  return x*2\n\n\n"]
    incomplete_code_samples = ["print('''hello", "def f(x):\n  x*2"]
    invalid_code_samples = ["import = 7q"]
    code_page_something = "zip?"
    code_generate_error = "raise"
    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": "[n*n for n in range(1, 4)]", "result": "[1, 4, 9]"},
    ]
    code_display_data = [
        {
            "code": "from IPython.display import HTML, display; display(HTML('<b>test</b>'))",
            "mime": "text/html",
        },
        {
            "code": "from IPython.display import Math, display; display(Math('\\\\frac{1}{2}'))",
            "mime": "text/latex",
        },
    ]
    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "zip"
    code_clear_output = "from IPython.display import clear_output; clear_output()"


class JoviIopubWelcomeTests(jupyter_kernel_test.IopubWelcomeTests):
    __test__ = False

    kernel_name = "jovi"
    support_iopub_welcome = True


def test_jupyter_kernel_test_passes(jovi_kernelspec):
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(
        [
            loader.loadTestsFromTestCase(JoviKernelTests),
            loader.loadTestsFromTestCase(JoviIopubWelcomeTests),
        ]
    )
    report = io.StringIO()
    result = unittest.TextTestRunner(stream=report, verbosity=2).run(suite)
    assert result.wasSuccessful(), report.getvalue()
    assert result.skipped == [], report.getvalue()
    offered = [
        name
        for case in (jupyter_kernel_test.KernelTests, jupyter_kernel_test.IopubWelcomeTests)
        for name in dir(case)
        if name.startswith("test_")
    ]
    assert result.testsRun == len(offered) == 13, report.getvalue()
