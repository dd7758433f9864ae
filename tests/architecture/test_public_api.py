"""Each module's ``__all__`` names things that exist, once, in sorted order (docs/design/style.md, C17)."""

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


@pytest.mark.integration
@pytest.mark.parametrize("name", MODULES)
def test_all_is_accurate(name):
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert [n for n in exported if not hasattr(module, n)] == []
    assert len(set(exported)) == len(exported)
    assert list(exported) == sorted(exported, key=_isort_style)


def _isort_style(name: str) -> tuple[int, str]:
    """The order ruff (RUF022) keeps: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)
