"""Writing input transformers, in the shapes IPython's documentation describes.

A transformer added to the shell changes what the user typed before it runs:

* a *lines transform* is ``f(lines) -> lines`` on the whole cell; add it to
  ``shell.input_transformers_cleanup`` (before special syntax) or
  ``shell.input_transformers_post`` (after it);
* ``@StatelessInputTransformer.wrap`` turns ``f(line) -> line`` into a factory of
  such transforms (applied to each line);
* ``@CoroutineInputTransformer.wrap`` turns a generator that receives lines with
  ``send()`` and yields transformed lines (``None`` while it accumulates) into one;
* ``@TokenInputTransformer.wrap`` turns ``f(tokens) -> tokens`` into a transform of
  the token stream of the finished Python (add it to
  ``shell.input_transformer_manager.token_transforms``);
* AST transformers (``ast.NodeTransformer`` instances) go to ``shell.ast_transformers``.
"""

from __future__ import annotations

import functools
import io
import tokenize
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable

__all__ = ["CoroutineInputTransformer", "StatelessInputTransformer", "TokenInputTransformer"]

Lines = list[str]


class StatelessInputTransformer:
    """A transform of each line on its own."""

    def __init__(self, function: Callable[[str], str]) -> None:
        self.function = function

    @classmethod
    def wrap(cls, function: Callable[[str], str]) -> Callable[[], StatelessInputTransformer]:
        """Decorate ``f(line) -> line``; calling the result makes a transformer."""

        @functools.wraps(function)
        def factory() -> StatelessInputTransformer:
            return cls(function)

        return factory

    def __call__(self, lines: Lines) -> Lines:
        out = []
        for line in lines:
            ending = "\n" if line.endswith("\n") else ""
            out.append(self.function(line[: len(line) - len(ending)]) + ending)
        return out


class CoroutineInputTransformer:
    """A transform that sees the lines one after another and may hold some back."""

    def __init__(self, function: Callable[[], Generator[str | None, str | None, None]]) -> None:
        self.function = function

    @classmethod
    def wrap(
        cls, function: Callable[[], Generator[str | None, str | None, None]]
    ) -> Callable[[], CoroutineInputTransformer]:
        """Decorate a generator function; calling the result makes a transformer."""

        @functools.wraps(function)
        def factory() -> CoroutineInputTransformer:
            return cls(function)

        return factory

    def __call__(self, lines: Lines) -> Lines:
        coroutine = self.function()
        next(coroutine)
        out: list[str] = []
        for line in lines:
            result = coroutine.send(line.rstrip("\n"))
            if result is not None:
                out.extend(part + "\n" for part in result.split("\n"))
        # Flush what the transformer still holds: None tells it the cell has ended.
        try:
            result = coroutine.send(None)
        except StopIteration:
            result = None
        if result:
            out.extend(part + "\n" for part in result.split("\n"))
        coroutine.close()
        return out


class TokenInputTransformer:
    """A transform of the token stream of the finished Python."""

    def __init__(self, function: Callable[[list[tokenize.TokenInfo]], Iterable[Any]]) -> None:
        self.function = function

    @classmethod
    def wrap(
        cls, function: Callable[[list[tokenize.TokenInfo]], Iterable[Any]]
    ) -> Callable[[], TokenInputTransformer]:
        """Decorate ``f(tokens) -> tokens``; calling the result makes a transformer."""

        @functools.wraps(function)
        def factory() -> TokenInputTransformer:
            return cls(function)

        return factory

    def __call__(self, tokens: list[tokenize.TokenInfo]) -> list[tokenize.TokenInfo]:
        produced = list(self.function(tokens))
        # Tokens given as (type, string) pairs are re-tokenized into full ones.
        if produced and not isinstance(produced[0], tokenize.TokenInfo):
            text = tokenize.untokenize(produced)
            return list(tokenize.generate_tokens(io.StringIO(text).readline))
        return produced
