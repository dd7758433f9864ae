"""Help generated from the options themselves: ``--help-all`` text, the commented
``jovi_config.py`` of a new profile, and the Markdown configuration reference.

Each option is documented once, under the class that declares it; a subclass that
inherits an option is configured by its base's section as well as its own.
"""

from __future__ import annotations

import inspect
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jovi.config.configurable import Configurable
    from jovi.config.options import Option

__all__ = [
    "class_summary",
    "documented_classes",
    "generate_config_file",
    "generate_reference",
    "options_help",
]

_WIDTH = 78


def class_summary(cls: type[Configurable]) -> str:
    """The first paragraph of the class docstring, on one line."""
    doc = inspect.getdoc(cls) or ""
    first = doc.split("\n\n", 1)[0]
    return " ".join(first.split())


def documented_classes(classes: Iterable[type[Configurable]]) -> list[type[Configurable]]:
    """The classes that declare options themselves, without repeats, sorted by name."""
    unique: dict[str, type[Configurable]] = {}
    for cls in classes:
        if cls.own_options() and cls.config_documented:
            unique.setdefault(f"{cls.__name__}:{cls.__module__}", cls)
    return [unique[key] for key in sorted(unique, key=str.casefold)]


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent) or [
        indent.rstrip()
    ]


def _option_block(section: str, name: str, option: Option[Any]) -> list[str]:
    lines = [f"--{section}.{name}=<{option.type_name}>"]
    lines += _wrap(option.help, "    ")
    lines += _wrap(f"Allowed: {option.describe()}.", "    ")
    lines += _wrap(f"Default: {option.default_repr()}", "    ")
    return lines


def options_help(classes: Iterable[type[Configurable]]) -> str:
    """Every option of ``classes``, grouped by class (the body of ``--help-all``)."""
    out: list[str] = []
    for cls in documented_classes(classes):
        out.append(f"{cls.__name__} options")
        out.append("-" * len(out[-1]))
        summary = class_summary(cls)
        if summary:
            out += _wrap(summary, "")
        out.append("")
        for name, option in sorted(cls.own_options().items()):
            out += _option_block(cls.__name__, name, option)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_CONFIG_HEADER = """\
# Configuration file for jovi.
#
# Every option jovi knows is listed below, commented out, with its default.
# Uncomment a line and change the value to configure jovi.  This file is plain
# Python run each time jovi starts with this profile; values keep their types.
# Settings apply to the named class and to its subclasses.  jovi_config.json,
# JOVI_<Class>__<option> environment variables and the command line
# (--Class.option=value) override what is set here.
#
# To start from another file:   load_subconfig("base_config.py")
# To inherit another profile:   load_subconfig("jovi_config.py", profile="default")

c = get_config()  # noqa: F821 - jovi provides get_config() when it runs this file
"""


def generate_config_file(classes: Iterable[type[Configurable]]) -> str:
    """A commented ``jovi_config.py`` listing every option with its default."""
    out = [_CONFIG_HEADER]
    for cls in documented_classes(classes):
        rule = "#" + "-" * (_WIDTH - 1)
        out.append(rule)
        out += _wrap(f"{cls.__name__}: {class_summary(cls)}".rstrip(": "), "# ")
        out.append(rule)
        out.append("")
        for name, option in sorted(cls.own_options().items()):
            out += _wrap(option.help, "# ")
            out += _wrap(f"Allowed: {option.describe()}.", "#   ")
            if option.default_text is not None:
                out += _wrap(f"Default: {option.default_text}", "#   ")
            out.append(f"# c.{cls.__name__}.{name} = {option.default_literal()}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def generate_reference(classes: Iterable[type[Configurable]]) -> str:
    """The Markdown configuration reference (``docs/reference/configuration.md``)."""
    documented = documented_classes(classes)
    out = [
        "# Configuration reference",
        "",
        "<!-- Generated from the options declared in the code: `make docs` rewrites this file,",
        "     and a test fails when it is out of date. Do not edit by hand. -->",
        "",
        "Every option can be set in a profile's `jovi_config.py` (`c.Class.option = value`), in",
        "`jovi_config.json`, in the environment (`JOVI_Class__option=value`) or on the command",
        "line (`--Class.option=value`); later layers win in that order. Options set for a class",
        "also apply to its subclasses. See the [configuration guide](../guide/configuration.md).",
        "",
        "Classes: "
        + ", ".join(f"[`{cls.__name__}`](#{cls.__name__.lower()})" for cls in documented),
        "",
    ]
    for cls in documented:
        out += [f"## {cls.__name__}", ""]
        summary = class_summary(cls)
        if summary:
            out += [_md_escape(summary), ""]
        bases = [
            base.__name__
            for base in cls.__mro__[1:]
            if base.__name__ in cls.section_names() and vars(base).get("_own_options")
        ]
        if bases:
            names = ", ".join(f"[`{b}`](#{b.lower()})" for b in bases)
            out += [
                f"Also has the options of {names}, which can be set for `{cls.__name__}` alone.",
                "",
            ]
        for name, option in sorted(cls.own_options().items()):
            out += [
                f"### `{cls.__name__}.{name}`",
                "",
                f"- type: `{option.type_name}`; default: `{option.default_repr()}`",
                f"- allowed: {_md_escape(option.describe())}",
                "",
                _md_escape(option.help),
                "",
            ]
    return "\n".join(out).rstrip() + "\n"
