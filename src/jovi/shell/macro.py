"""Macros: named pieces of history that run again when their name is typed."""

from __future__ import annotations

__all__ = ["Macro"]


class Macro:
    """Code that runs when the macro's name is typed alone (``%macro name 1-3``)."""

    def __init__(self, code: str) -> None:
        lines = [line.rstrip() for line in code.splitlines()]
        self.value = "\n".join(lines).strip("\n") + "\n"

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Macro({self.value!r})"

    def __add__(self, other: object) -> Macro:
        if isinstance(other, Macro):
            return Macro(self.value + other.value)
        if isinstance(other, str):
            return Macro(self.value + other)
        return NotImplemented

    def __getstate__(self) -> dict[str, str]:
        return {"value": self.value}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.value = state["value"]
