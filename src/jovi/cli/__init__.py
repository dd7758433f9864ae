"""Layer 7: the ``jovi`` command and its subcommands.

This is the only package that reads the command line, the environment and
configuration files, and that wires objects together.
"""

from __future__ import annotations

__all__: list[str] = []
