"""Each package's ``__all__`` names things that exist, once, in sorted order (STYLE.md C17)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import jovi

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(jovi.__path__, "jovi.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_all_is_accurate(name):
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert [n for n in exported if not hasattr(module, n)] == []
    assert len(set(exported)) == len(exported)
    assert list(exported) == sorted(exported)
