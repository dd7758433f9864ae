"""Typing symbols by name: ``\\alpha`` becomes ``α``, ``\\N{GREEK SMALL LETTER BETA}`` ``β``.

Greek letters, sub- and superscript digits and signs, and the common mathematical
symbols are known by their LaTeX names; any character by its Unicode name after
``\\N{``.  Going back, ``α\\`` offers ``\\alpha``.
"""

from __future__ import annotations

import unicodedata

__all__ = ["latex_matches", "reverse_latex", "unicode_name_matches"]

_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lamda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]

_SYMBOLS = {
    "infty": "∞",
    "pm": "±",
    "mp": "∓",
    "times": "×",
    "div": "÷",
    "cdot": "⋅",
    "circ": "∘",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "equiv": "≡",
    "sim": "∼",
    "simeq": "≃",
    "cong": "≅",
    "propto": "∝",
    "ll": "≪",
    "gg": "≫",
    "in": "∈",
    "notin": "∉",
    "ni": "∋",
    "subset": "⊂",
    "supset": "⊃",
    "subseteq": "⊆",
    "supseteq": "⊇",
    "cap": "∩",
    "cup": "∪",
    "emptyset": "∅",
    "varnothing": "∅",
    "forall": "∀",
    "exists": "∃",
    "nexists": "∄",
    "neg": "¬",
    "lnot": "¬",
    "wedge": "∧",
    "land": "∧",
    "vee": "∨",
    "lor": "∨",
    "oplus": "⊕",
    "otimes": "⊗",
    "odot": "⊙",
    "sum": "∑",
    "prod": "∏",
    "coprod": "∐",
    "int": "∫",
    "iint": "∬",
    "oint": "∮",
    "partial": "∂",
    "nabla": "∇",
    "sqrt": "√",
    "cbrt": "∛",
    "hbar": "ℏ",
    "ell": "ℓ",
    "Re": "ℜ",
    "Im": "ℑ",
    "aleph": "ℵ",
    "degree": "°",
    "prime": "′",
    "dagger": "†",
    "rightarrow": "→",
    "to": "→",
    "leftarrow": "←",
    "gets": "←",
    "leftrightarrow": "↔",
    "Rightarrow": "⇒",
    "Leftarrow": "⇐",
    "Leftrightarrow": "⇔",
    "uparrow": "↑",
    "downarrow": "↓",
    "mapsto": "↦",
    "implies": "⟹",
    "iff": "⟺",
    "perp": "⊥",
    "parallel": "∥",
    "angle": "∠",
    "triangle": "△",
    "square": "□",
    "star": "⋆",
    "bullet": "∙",
    "ldots": "…",
    "cdots": "⋯",
    "vdots": "⋮",
    "ddots": "⋱",
    "euler": "ℯ",
    "top": "⊤",
    "bot": "⊥",
    "vdash": "⊢",
    "models": "⊨",
    "langle": "⟨",
    "rangle": "⟩",
    "lceil": "⌈",
    "rceil": "⌉",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "setminus": "∖",
    "ast": "∗",
    "checkmark": "✓",
    "dots": "…",
    "AA": "Å",
    "ss": "ß",
    "ae": "æ",
    "o": "ø",
    "euro": "€",
    "pounds": "£",
    "yen": "¥",
    "copyright": "©",
    "S": "§",
    "P": "¶",
}

_SUB = {str(d): chr(0x2080 + d) for d in range(10)} | {
    "+": "₊",
    "-": "₋",
    "=": "₌",
    "(": "₍",
    ")": "₎",
}
_SUP = {"0": "⁰", "1": "¹", "2": "²", "3": "³"} | {str(d): chr(0x2070 + d) for d in range(4, 10)}
_SUP |= {"+": "⁺", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ"}


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name in _GREEK:
        for case, prefix in (("SMALL", name), ("CAPITAL", name.capitalize())):
            try:
                table["\\" + prefix] = unicodedata.lookup(f"GREEK {case} LETTER {name.upper()}")
            except KeyError:
                continue
    table["\\lambda"], table["\\Lambda"] = "λ", "Λ"
    table["\\varepsilon"], table["\\vartheta"], table["\\varphi"] = "ε", "ϑ", "φ"
    table["\\phi"] = "ϕ"
    table.update({"\\" + name: symbol for name, symbol in _SYMBOLS.items()})
    table.update({"\\_" + key: value for key, value in _SUB.items()})
    table.update({"\\^" + key: value for key, value in _SUP.items()})
    return table


LATEX = _table()
# The shortest name wins for characters with several names (\le over \leq).
_REVERSE: dict[str, str] = {
    symbol: name
    for name, symbol in sorted(LATEX.items(), key=lambda item: len(item[0]), reverse=True)
}


def latex_matches(token: str) -> list[tuple[str, str]]:
    """For ``\\alp``: ``[('\\alpha', 'α')]`` (exact names first)."""
    if token in LATEX:
        return [(LATEX[token], token)]
    return sorted((symbol, name) for name, symbol in LATEX.items() if name.startswith(token))[:200]


def reverse_latex(character: str) -> str | None:
    """For ``α``: ``\\alpha``."""
    return _REVERSE.get(character)


def unicode_name_matches(partial: str) -> list[str]:
    """Characters whose Unicode name is ``partial`` (any case), e.g. ``\\N{DEGREE SIGN}``."""
    try:
        return [unicodedata.lookup(partial.upper())]
    except KeyError:
        return []
