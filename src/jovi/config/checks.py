"""Checking configuration layers before anything uses them.

Every setting of a layer is matched to a known configurable class and option and
its value is checked by the option's type.  Each problem becomes a
:class:`ConfigProblem` (one or two plain lines naming the option, the value, where
it came from and what is allowed) and the bad setting is removed from its layer,
so that the layers below it decide instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from jovi.config.configurable import classes_named, known_classes
from jovi.errors import OptionValueError
from jovi.utils.text import closest_match

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jovi.config.configurable import Configurable
    from jovi.config.options import Option
    from jovi.config.values import Config, Origin, Setting

__all__ = ["ConfigProblem", "check_layer"]

ProblemKind = Literal["unknown class", "unknown option", "bad value", "not used"]


class ConfigProblem(NamedTuple):
    """A setting that cannot be used, and why."""

    kind: ProblemKind
    section: str
    option: str
    origin: Origin
    summary: str
    allowed: str = ""
    suggestion: str = ""

    def describe(self, *, ignored: bool = False) -> str:
        """One line (two with what is allowed); ``ignored`` adds that it was skipped."""
        first = f"{self.summary} (from {self.origin.describe()})"
        if ignored:
            first += "; it was ignored"
        if self.suggestion:
            first += f"; did you mean {self.suggestion}?"
        return f"{first}\n  allowed: {self.allowed}" if self.allowed else first


def _shown(setting: Setting) -> str:
    return repr(setting.value)


def _check_value(option: Option[Any], setting: Setting) -> str | None:
    try:
        if setting.from_text:
            option.parse(setting.value)
        else:
            option.validate(setting.value)
    except OptionValueError as error:
        return str(error)
    return None


def check_layer(
    config: Config,
    *,
    load_classes: Callable[[str], object] | None = None,
    not_used: Mapping[str, str] | None = None,
) -> list[ConfigProblem]:
    """Check every setting of ``config``; remove and return the problems.

    Args:
        config: The layer to check (bad settings are removed from it).
        load_classes: Called with a section's name when it names no class defined so
            far, to import the class of that name (classes are defined lazily, with
            the parts that use them), or every class jovi has when the name is not
            one of them (so that the closest can be suggested).
        not_used: ``Class.option`` settings of other projects (Jupyter's) that jovi
            knows and does not use, with why: each is a ``"not used"`` problem saying
            so, rather than an unknown setting.
    """
    problems: list[ConfigProblem] = []
    for section, option_name, setting in list(config.settings()):
        why = (not_used or {}).get(f"{section}.{option_name}")
        if why is not None:
            summary = f"{section}.{option_name} is a Jupyter setting jovi does not use: {why}"
            problems.append(
                ConfigProblem("not used", section, option_name, setting.origin, summary)
            )
            config[section].discard(option_name)
            continue
        classes = classes_named(section)
        if not classes and load_classes is not None:
            load_classes(section)
            classes = classes_named(section)
        problem = _problem_with(section, option_name, setting, classes)
        if problem is not None:
            problems.append(problem)
            config[section].discard(option_name)
    return problems


def _problem_with(
    section: str, option_name: str, setting: Setting, classes: list[type[Configurable]]
) -> ConfigProblem | None:
    if not classes:
        close = closest_match(section, known_classes())
        summary = f"unknown configurable class {section}"
        return ConfigProblem(
            "unknown class", section, option_name, setting.origin, summary, suggestion=close or ""
        )
    option = next(
        (cls.options()[option_name] for cls in classes if option_name in cls.options()), None
    )
    if option is None:
        close = closest_match(option_name, {name for cls in classes for name in cls.options()})
        summary = f"unknown option {section}.{option_name}"
        suggestion = f"{section}.{close}" if close else ""
        return ConfigProblem(
            "unknown option", section, option_name, setting.origin, summary, suggestion=suggestion
        )
    if _check_value(option, setting) is None:
        return None
    suggestion = ""
    choices = getattr(option, "values", None)
    if isinstance(setting.value, str) and isinstance(choices, tuple):
        close = closest_match(setting.value, choices)
        suggestion = repr(close) if close else ""
    summary = f"bad value for {section}.{option_name}: {_shown(setting)}"
    return ConfigProblem(
        "bad value", section, option_name, setting.origin, summary, option.describe(), suggestion
    )
