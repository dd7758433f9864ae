"""nbformat's own test suite, run against ``jovi.nbformat`` through its nbformat-shaped API.

``upstream/tests`` is the ``tests`` directory of nbformat 5.11.1's source
distribution, unchanged (``upstream/README.md``; licence in ``upstream/LICENSE``).
It runs in a process of its own, with ``upstream_shim.py`` as its conftest: there,
``import nbformat`` (and the submodules the tests import) is jovi.  The modules in
:data:`NOT_RUN` are not run; of the others, exactly the tests in :data:`FAILING` fail
(each for a reason given there: nbformat 2 files, jsonschema's own objects and
message layout, nbformat's package files) and every other test passes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

HERE = Path(__file__).parent

NOT_RUN: dict[str, str] = {
    "tests/v1": "nbformat 1: jovi reads nbformat 3 and 4 only",
    "tests/v2": "nbformat 2: jovi reads nbformat 3 and 4 only",
    "tests/v3": "nbformat.v3's Python API (new_worksheet, new_heading_cell, nbpy...): jovi reads "
    "and writes nbformat 3 files but builds only nbformat 4 notebooks",
    "tests/v4/test_convert.py": "imports tests/v3's examples, built with nbformat.v3's API",
    "tests/test_sign.py": "nbformat.sign's NotebookNotary: jovi's trust API is jovi.lib.notary",
}
"""Modules of the suite that are not run, and why."""

FAILING: dict[str, str] = {
    "tests.test_api.TestAPI::test_read": "reads test2.ipynb, nbformat 2",
    "tests.test_api.TestAPI::test_write_downgrade_2": "writes nbformat 2",
    "tests.test_convert.TestConvert::test_downgrade_3_2": "converts to nbformat 2",
    "tests.test_convert.TestConvert::test_upgrade_2_3": "converts from nbformat 2",
    "tests.test_convert.TestConvert::test_open_current": "reads test2.ipynb, nbformat 2",
    "tests.test_reader.TestReader::test_read": "also reads test2.ipynb, nbformat 2",
    "tests.test_validator::test_nb2[jovi]": "reads test2.ipynb, nbformat 2",
    "tests.test_validator::test_validation_error[jovi]": "checks jsonschema's message layout "
    "('Failed validating ... On instance[...]'); jovi's message is one sentence naming the "
    "cell and field (tests/nbformat/test_validation.py)",
    "tests.test_validator::test_invalid_validator_raises_value_error": "chooses nbformat's "
    "validator backend with $NBFORMAT_VALIDATOR (and reads nbformat 2); jovi has one validator",
    "tests.test_validator::test_invalid_validator_raises_value_error_after_read": "the same",
    "tests.test_validator::test_get_validator_caches_per_relax_add_props[jovi]": "nbformat's "
    "cache of jsonschema validator objects",
    "tests.v4.test_json.TestJSON::test_base_version_matches_latest": "compares nbformat's own "
    "package files (nbformat/v4/nbformat.v4.schema.json)",
    "tests.v4.test_json.TestJSON::test_latest_matches_nbformat": "the same",
}
"""Tests that run and fail against jovi, each for a reason outside nbformat's call
shapes; every other test of the suite passes."""


@pytest.mark.integration
def test_nbformats_own_tests_pass_against_jovi(tmp_path):
    work = tmp_path / "nbformat"
    shutil.copytree(HERE / "upstream" / "tests", work / "tests")
    shutil.copy(HERE / "upstream_shim.py", work / "conftest.py")
    (work / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    report = tmp_path / "report.xml"
    ignored = [option for module in NOT_RUN for option in ("--ignore", module)]
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "tests", "-p", "no:cacheprovider",
            "-o", "asyncio_default_fixture_loop_scope=function",
            f"--junitxml={report}", *ignored,
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None, done.stdout[-3000:]
    cases = {
        f"{case.get('classname')}::{case.get('name')}": case for case in suite.iter("testcase")
    }
    failed = {
        name
        for name, case in cases.items()
        if case.find("failure") is not None or case.find("error") is not None
    }
    assert failed == set(FAILING), done.stdout[-5000:]
    passed = [name for name in cases if name not in failed and cases[name].find("skipped") is None]
    assert len(passed) >= 70, f"only {len(passed)} of nbformat's tests passed"


def test_the_vendored_suite_is_nbformats_unchanged():
    # The files are those of the sdist (sha256 of nbformat-5.11.1.tar.gz in the README);
    # spot-check that nothing was edited to make them pass.
    upstream = HERE / "upstream"
    readme = (upstream / "README.md").read_text(encoding="utf-8")
    assert "32d4521c68c6e7d5b29c76defaeed9f42ea733142b9b19f88277ce10390b9c4d" in readme
    assert "Copyright (c) 2015-, Jupyter Development Team" in (upstream / "LICENSE").read_text()
    validator_tests = (upstream / "tests" / "test_validator.py").read_text(encoding="utf-8")
    assert "from jsonschema import ValidationError" in validator_tests
    assert "import nbformat" in validator_tests
    assert "jovi" not in validator_tests
