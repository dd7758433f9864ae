"""Completion: structured completions from the namespace, paths, modules, magics, jedi."""

from __future__ import annotations

from jovi.shell.completion.base import Completion, CompletionContext
from jovi.shell.completion.completer import Completer

__all__ = ["Completer", "Completion", "CompletionContext"]
