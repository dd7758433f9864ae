"""dreload: a module reloaded with the modules it imports."""

from __future__ import annotations

import json
import sys

import pytest

from jovi.lib.deepreload import dependencies, reload


def test_dependencies_are_reloaded_first(modules):
    base = modules.write("VALUE = 1\n")
    middle = modules.write(f"import {base}\n\ndef value():\n    return {base}.VALUE\n")
    top = modules.write(f"from {middle} import value\n")
    top_module = __import__(top)
    assert top_module.value() == 1
    modules.write("VALUE = 2\n", base)
    modules.write(f"import {base}\n\ndef value():\n    return {base}.VALUE * 10\n", middle)
    assert reload(top_module) is top_module
    assert top_module.value() == 20
    assert sys.modules[base].VALUE == 2


def test_excluded_modules_and_the_standard_library_are_left_alone(modules):
    base = modules.write("VALUE = 1\n")
    top = modules.write(f"import json\nimport {base}\n")
    top_module = __import__(top)
    modules.write("VALUE = 2\n", base)
    before = json.dumps
    reload(top_module, exclude=[base])
    assert sys.modules[base].VALUE == 1
    assert json.dumps is before


def test_dependencies_lists_modules_and_sources_of_imported_names(modules):
    base = modules.write("def f():\n    return 1\n")
    top = modules.write(f"import os\nfrom {base} import f\n")
    names = {module.__name__ for module in dependencies(__import__(top))}
    assert {"os", base} <= names


def test_dreload_needs_a_module():
    with pytest.raises(TypeError, match="dreload\\(\\) needs a module"):
        reload("json")  # type: ignore[arg-type]


def test_the_extension_offers_dreload(run, shell, modules):
    base = modules.write("VALUE = 1\n")
    run("%load_ext dreload")
    run(f"import {base}")
    modules.write("VALUE = 2\n", base)
    run(f"dreload({base})\nvalue = {base}.VALUE")
    assert shell.user_ns["value"] == 2
    assert "dreload" in shell.user_ns_hidden
    run("%unload_ext dreload")
    assert "dreload" not in shell.user_ns
