"""The catalogue of configurable classes is complete and the generated docs are current."""

from __future__ import annotations

import importlib
import pkgutil

from tests.conftest import REPO_ROOT

import jovi
from jovi.cli.catalogue import CONFIGURABLE_CLASSES, load_catalogue
from jovi.cli.docs import generated_documents
from jovi.config import Configurable


def all_jovi_modules():
    for info in pkgutil.walk_packages(jovi.__path__, "jovi."):
        if info.name.split(".")[1] == "testing" or info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def test_every_configurable_class_of_jovi_is_in_the_catalogue():
    catalogue = set(load_catalogue())
    defined = set()
    for module in all_jovi_modules():
        for value in vars(module).values():
            if (
                (
                    isinstance(value, type)
                    and issubclass(value, Configurable)
                    and value is not Configurable
                )
                and value.__module__ == module.__name__
                and value.own_options()
            ):
                defined.add(value)
    missing = sorted(cls.__qualname__ for cls in defined - catalogue)
    assert missing == [], "add them to jovi.cli.catalogue.CONFIGURABLE_CLASSES"
    # A name two classes answer to (IPKernelApp: the kernel and its application) is at
    # home in one of their modules.
    homes: dict[str, set[str]] = {}
    for cls in defined:
        for name in (cls.__name__, *vars(cls).get("config_aliases", ())):
            homes.setdefault(name, set()).add(cls.__module__)
    wrong_home = sorted(
        name for name, modules in homes.items() if CONFIGURABLE_CLASSES.get(name) not in modules
    )
    assert wrong_home == [], "add them (with their module) to CONFIGURABLE_CLASSES"


def test_generated_documents_are_current():
    stale = [
        str(path.relative_to(REPO_ROOT))
        for path, text in generated_documents(REPO_ROOT).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `make docs` and commit the result"


def test_the_reference_names_every_option():
    text = (REPO_ROOT / "docs" / "reference" / "configuration.md").read_text()
    for cls in load_catalogue():
        for name in cls.own_options():
            assert f"### `{cls.__name__}.{name}`" in text
