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
"""

from __future__ import annotations

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
