"""The window's Magic menu: a few everyday magics, then every magic of the kernel, by
class and all together, as the kernel's ``%lsmagic`` lists them in its JSON form.

qtconsole read that JSON from a user expression's ``application/json``; ipykernel now
gives user expressions as ``text/plain`` alone, and its ``%lsmagic`` returns text unless
asked for ``--json``, so the expression asks for the JSON (jovi's and IPython's
``%lsmagic --json``) and turns it into a string, whose ``repr`` is read back
(``application/json`` is still taken when sent)."""

from __future__ import annotations

import ast
import json
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMenu

__all__ = ["EVERYDAY_MAGICS", "LSMAGIC_EXPRESSION", "MagicMenu", "magics_by_class"]

LSMAGIC_EXPRESSION: Final = (
    "__import__('json').dumps(get_ipython().run_line_magic('lsmagic', '--json'))"
)
"""What the console evaluates to learn the kernel's magics."""

EVERYDAY_MAGICS: Final = (
    ("&Reset", "%reset"),
    ("&History", "%history"),
    ("&Who", "%who"),
    ("Who &Extended", "%whos"),
    ("&Clear", "%clear"),
    ("&Quick Reference", "%guiref"),
)
"""The entries at the top of the menu, as qtconsole has them: (title, magic)."""

_PREFIXES: Final = {"line": "%", "cell": "%%"}


def magics_by_class(listing: dict[str, Any]) -> dict[str, list[str]]:
    """``%lsmagic``'s JSON (``{"line": {name: class}, "cell": {...}}``) as the magics of
    each class, ``%name`` and ``%%name``, sorted; a class's ``Magics`` suffix is dropped."""
    grouped: dict[str, list[str]] = {}
    for kind, prefix in _PREFIXES.items():
        names = listing.get(kind)
        if not isinstance(names, dict):
            continue
        for name, owner in names.items():
            group = str(owner).removesuffix("Magics") or str(owner)
            grouped.setdefault(group, []).append(prefix + str(name))
    return {group: sorted(grouped[group]) for group in sorted(grouped, key=str.lower)}


class MagicMenu:
    """Fills ``menu`` and runs the magic chosen with ``run(magic)``.

    Args:
        menu: The window's Magic menu (filled here).
        run: Runs a magic in the current console, as if typed.
        evaluate: ``evaluate(expression, callback)`` in the current console's kernel
            (None when there is no console).
    """

    def __init__(
        self,
        menu: QMenu,
        run: Callable[[str], object],
        evaluate: Callable[[str, Callable[[dict[str, Any]], object]], object],
    ) -> None:
        self.menu = menu
        self._run = run
        self._evaluate = evaluate
        for title, magic in EVERYDAY_MAGICS:
            self._add(menu, title, magic)
        menu.addSeparator()
        self.by_class = menu.addMenu("Magics by &Class")
        self.all_magics = menu.addMenu("&All Magics...")
        menu.aboutToShow.connect(self.update)

    def update(self) -> None:
        """Ask the current kernel for its magics; the menus are filled when it answers."""
        self._evaluate(LSMAGIC_EXPRESSION, self.fill)

    def fill(self, result: dict[str, Any]) -> None:
        """Fill the menus from the result of :data:`LSMAGIC_EXPRESSION` (a kernel that has
        no magics, or an error, leaves them empty)."""
        self.by_class.clear()
        self.all_magics.clear()
        listing = _json_of(result)
        groups = magics_by_class(listing)
        for group, magics in groups.items():
            submenu = self.by_class.addMenu(group)
            for magic in magics:
                self._add(submenu, magic, magic)
        for magic in sorted({m for magics in groups.values() for m in magics}, key=_by_name):
            self._add(self.all_magics, magic, magic)

    def _add(self, menu: QMenu, title: str, magic: str) -> QAction:
        action = QAction(title, menu)
        action.setData(magic)
        action.triggered.connect(lambda *_: self._run(magic))
        menu.addAction(action)
        return action


def _json_of(result: dict[str, Any]) -> dict[str, Any]:
    if result.get("status") != "ok":
        return {}
    data = result.get("data", {})
    value = data.get("application/json")
    if value is None:
        try:
            value = ast.literal_eval(data.get("text/plain", ""))  # the JSON string's repr
        except (ValueError, SyntaxError):
            return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _by_name(magic: str) -> tuple[str, str]:
    return (magic.lstrip("%").lower(), magic)
