"""``import jovi.display`` is light: the standard library only, and none of what is
loaded when first used (URL fetching, sound, highlighting)."""

from __future__ import annotations

from tests.architecture.test_import_cost import imported_modules, third_party

LOADED_WHEN_USED = {"urllib", "urllib.request", "urllib.parse", "http.client", "wave", "pathlib"}


def test_import_jovi_display_imports_only_light_standard_modules():
    baseline = imported_modules("pass")
    imported = imported_modules("import jovi.display")
    assert {"jovi.display.images", "jovi.display.media", "jovi.display.files"} <= imported
    assert third_party(imported - baseline) == set()
    assert (imported - baseline) & LOADED_WHEN_USED == set()
    assert {m for m in imported if m.startswith("jovi") and not m.startswith("jovi.display")} == {
        "jovi",
        "jovi._version",
        "jovi.errors",
    }
