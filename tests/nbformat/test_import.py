"""``import jovi.nbformat`` is light: the standard library only, and no schema loaded yet."""

from __future__ import annotations

import pytest

from tests.architecture.test_import_cost import imported_modules, third_party


@pytest.mark.integration
def test_import_jovi_nbformat_imports_only_the_standard_library():
    baseline = imported_modules("pass")
    imported = imported_modules("import jovi.nbformat")
    assert "jovi.nbformat.ipynb" in imported
    assert third_party(imported - baseline) == set()
    assert {m for m in imported if m.startswith("jovi") and not m.startswith("jovi.nbformat")} <= {
        "jovi",
        "jovi._version",
        "jovi.errors",
        "jovi.utils",
        "jovi.utils.atomic",
        "jovi.utils.log",
    }
    assert "logging" not in imported - baseline, "loggers import logging when they first log"
