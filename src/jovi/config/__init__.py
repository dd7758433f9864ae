"""Layer 1: typed configuration options, layered loading and live changes.

The pieces, in the order a program uses them:

* :mod:`~jovi.config.options`: option types declared on classes (``Bool``, ``Int``,
  ``Float``, ``Str``, ``Enum``, ``List``, ``Dict``, ``LogLevel``);
* :mod:`~jovi.config.configurable`: :class:`Configurable`, observers, the class registry;
* :mod:`~jovi.config.values`: :class:`Config`, one layer (``c.Class.option = value``);
* :mod:`~jovi.config.loaders` and :mod:`~jovi.config.command_line`: layers from files,
  the environment and the command line;
* :mod:`~jovi.config.stack`: :class:`ConfigStack`, the layers in precedence order;
* :mod:`~jovi.config.checks`: plain reports of unknown names and bad values;
* :mod:`~jovi.config.help`: ``--help-all``, generated config files and reference docs.

Each name below is imported from its module when first used, so a program that only
declares options does not load the command-line parser or the file loaders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.config.checks import ConfigProblem, check_layer
    from jovi.config.command_line import Alias, CommandLine, Flag, parse_command_line
    from jovi.config.configurable import (
        Change,
        Configurable,
        SingletonConfigurable,
        classes_named,
        known_classes,
        on_change,
        option_for,
    )
    from jovi.config.loaders import load_environment, load_json_config, load_python_config
    from jovi.config.options import Bool, Dict, Enum, Float, Int, List, LogLevel, Option, Str
    from jovi.config.stack import ConfigStack, Layer
    from jovi.config.values import Config, Origin, Section, Setting

__all__ = [
    "Alias",
    "Bool",
    "Change",
    "CommandLine",
    "Config",
    "ConfigProblem",
    "ConfigStack",
    "Configurable",
    "Dict",
    "Enum",
    "Flag",
    "Float",
    "Int",
    "Layer",
    "List",
    "LogLevel",
    "Option",
    "Origin",
    "Section",
    "Setting",
    "SingletonConfigurable",
    "Str",
    "check_layer",
    "classes_named",
    "known_classes",
    "load_environment",
    "load_json_config",
    "load_python_config",
    "on_change",
    "option_for",
    "parse_command_line",
]

_HOMES = {
    "Alias": "jovi.config.command_line",
    "Bool": "jovi.config.options",
    "Change": "jovi.config.configurable",
    "CommandLine": "jovi.config.command_line",
    "Config": "jovi.config.values",
    "ConfigProblem": "jovi.config.checks",
    "ConfigStack": "jovi.config.stack",
    "Configurable": "jovi.config.configurable",
    "Dict": "jovi.config.options",
    "Enum": "jovi.config.options",
    "Flag": "jovi.config.command_line",
    "Float": "jovi.config.options",
    "Int": "jovi.config.options",
    "Layer": "jovi.config.stack",
    "List": "jovi.config.options",
    "LogLevel": "jovi.config.options",
    "Option": "jovi.config.options",
    "Origin": "jovi.config.values",
    "Section": "jovi.config.values",
    "Setting": "jovi.config.values",
    "SingletonConfigurable": "jovi.config.configurable",
    "Str": "jovi.config.options",
    "check_layer": "jovi.config.checks",
    "classes_named": "jovi.config.configurable",
    "known_classes": "jovi.config.configurable",
    "load_environment": "jovi.config.loaders",
    "load_json_config": "jovi.config.loaders",
    "load_python_config": "jovi.config.loaders",
    "on_change": "jovi.config.configurable",
    "option_for": "jovi.config.configurable",
    "parse_command_line": "jovi.config.command_line",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
