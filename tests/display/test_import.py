"""``import jovi.display`` is light: each display class is loaded when first used, and
loading one loads only the standard library and none of what is needed only later
(URL fetching, sound, highlighting)."""

from __future__ import annotations

import pytest
from tests.architecture.test_import_cost import imported_modules, third_party

import jovi.display

LOADED_WHEN_USED = {"urllib", "urllib.request", "urllib.parse", "http.client", "wave", "pathlib"}


@pytest.mark.integration
def test_import_jovi_display_loads_none_of_its_modules():
    imported = imported_modules("import jovi.display")
    assert {m for m in imported if m.startswith("jovi")} == {
        "jovi",
        "jovi._version",
        "jovi.display",
        "jovi.utils",
        "jovi.utils.lazy",
    }


@pytest.mark.integration
def test_using_the_display_classes_imports_only_light_standard_modules():
    baseline = imported_modules("pass")
    imported = imported_modules(
        "from jovi.display import Audio, FileLink, Image, Markdown, ProgressBar, display"
    )
    assert {"jovi.display.images", "jovi.display.media", "jovi.display.files"} <= imported
    assert third_party(imported - baseline) == set()
    assert (imported - baseline) & LOADED_WHEN_USED == set()
    assert {m for m in imported if m.startswith("jovi") and not m.startswith("jovi.display")} == {
        "jovi",
        "jovi._version",
        "jovi.errors",
        "jovi.utils",
        "jovi.utils.lazy",
    }


def test_every_exported_name_has_a_home_module():
    homes = jovi.display._HOMES
    assert sorted(homes) == sorted(jovi.display.__all__)
    for name, module in homes.items():
        assert getattr(jovi.display, name).__module__ == module, name
