"""Small text helpers used as Jinja filters by the templates.

Each is a plain function of text, usable from Python too::

    comment_lines("a\\nb")            # "# a\\n# b"
    wrap_text("long text ...", 40)
    strip_dollars("$x^2$")            # "x^2"
"""

from __future__ import annotations

import ast
import base64
import builtins
import json
import os
import re
import textwrap
import warnings
from collections.abc import Mapping
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from jovi.shell.input.transformer import TransformerManager

__all__ = [
    "add_anchor",
    "add_prompts",
    "ascii_only",
    "close_raw_html",
    "comment_lines",
    "get_lines",
    "get_metadata",
    "heading_id",
    "html2text",
    "indent",
    "ipython2python",
    "json_dumps",
    "path2url",
    "posix_path",
    "prevent_list_blocks",
    "strip_dollars",
    "strip_files_prefix",
    "strip_trailing_newline",
    "text_base64",
    "wrap_text",
]


def wrap_text(text: str, width: int = 100) -> str:
    """``text`` with every line wrapped at ``width`` characters (blank lines kept)."""
    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) if line.strip() else line
        for line in text.split("\n")
    )


def comment_lines(text: str, prefix: str = "# ") -> str:
    """Every line of ``text`` prefixed with ``prefix`` (empty lines get it without the space)."""
    bare = prefix.rstrip()
    return "\n".join(prefix + line if line else bare for line in text.split("\n"))


def indent(text: str, width: int = 4, *, first: bool = True, blank: bool = False) -> str:
    """``text`` indented by ``width`` spaces.

    Args:
        text: The text.
        width: How many spaces.
        first: Indent the first line too.
        blank: Indent blank lines too (they stay empty otherwise).
    """
    pad = " " * width
    lines = text.split("\n")
    out = [
        (pad + line if (line.strip() or blank) and (first or index) else line)
        for index, line in enumerate(lines)
    ]
    return "\n".join(out)


def get_lines(text: str, start: int | None = None, end: int | None = None) -> str:
    """Lines ``start`` to ``end`` of ``text`` (Python slice rules, newlines kept)."""
    return "".join(text.splitlines(keepends=True)[start:end])


def strip_trailing_newline(text: str) -> str:
    """``text`` without one final newline."""
    return text.removesuffix("\n")


def strip_dollars(text: str) -> str:
    """``text`` without the ``$`` signs around it (``$$x$$`` becomes ``x``)."""
    return text.strip().strip("$")


_FILES_PREFIX = re.compile(r"""(?P<attr>(?:src|href)=["']|\]\()/?files/""")


def strip_files_prefix(text: str) -> str:
    """Remove the notebook server's ``files/`` prefix from links and image sources."""
    return _FILES_PREFIX.sub(r"\g<attr>", text)


def ascii_only(text: str) -> str:
    """``text`` with every non-ASCII character replaced by ``?``."""
    return text.encode("ascii", "replace").decode("ascii")


def prevent_list_blocks(text: str) -> str:
    """Escape what would start a Markdown list or quote at the start of ``text``."""
    return re.sub(r"^(\s*)([-+*>]|\d+[.)])(\s)", r"\1\\\2\3", text)


def text_base64(text: str) -> str:
    """``text`` encoded as UTF-8 and then base64."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def add_prompts(code: str, first: str = ">>> ", cont: str = "... ") -> str:
    """``code`` with a doctest prompt on every line."""
    return "\n".join(
        (first if index == 0 else cont) + line
        for index, line in enumerate(code.rstrip("\n").split("\n"))
    )


def posix_path(path: str) -> str:
    """``path`` with forward slashes (LaTeX and URLs want them on Windows too)."""
    return path.replace(os.sep, "/") if os.sep != "/" else path


def path2url(path: str) -> str:
    """A relative URL for the file ``path``: forward slashes, each part percent-quoted."""
    return "/".join(quote(part) for part in PurePath(posix_path(path)).parts)


def get_metadata(output: object, key: str, mimetype: str | None = None) -> object:
    """The output metadata ``key``: the MIME type's own entry first, then the output's."""
    metadata = getattr(output, "metadata", None)
    if not isinstance(metadata, Mapping):
        return None
    if mimetype is not None:
        entry = metadata.get(mimetype)
        if isinstance(entry, Mapping) and entry.get(key) is not None:
            return entry[key]
    return metadata.get(key)


# ------------------------------------------------------------------ headings and HTML
def heading_id(text: str) -> str:
    """The anchor id Jupyter gives a heading: its text, spaces as ``-``.

    Links written in notebooks (``[see](#My-Section)``) rely on this form.
    """
    return re.sub(r"\s+", "-", text.strip())


class _TextOnly(HTMLParser):
    _SKIPPED = frozenset({"script", "style"})
    # Elements whose text does not run on into the next one's: table cells are
    # separated by a space, blocks by a line end.
    _CELLS = frozenset({"td", "th"})
    _BLOCKS = frozenset(
        {"p", "div", "br", "tr", "li", "table", "ul", "ol", "pre", "blockquote", "hr"}
        | {f"h{level}" for level in range(1, 7)}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._separator = ""  # written before the next text, if there is one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        self._separate(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED and self._skipping:
            self._skipping -= 1
        self._separate(tag)

    def _separate(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self._separator = "\n"
        elif tag in self._CELLS and not self._separator:
            self._separator = " "

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._separator and self.parts and not self.parts[-1][-1:].isspace():
            self.parts.append(self._separator)
        self._separator = ""
        self.parts.append(data)


def html2text(html: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded, scripts dropped;
    table cells and blocks (paragraphs, rows, list items...) keep a space or a line
    end between their texts."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


_HEADING = re.compile(r"^<(h[1-6])(?P<attrs>[^>]*)>(?P<body>.*)</\1>\s*$", re.DOTALL)


def add_anchor(html: str, anchor_link_text: str = "¶") -> str:
    """A heading's HTML with an id (from its text) and a link to itself at its end."""
    match = _HEADING.match(html)
    if match is None:
        return html
    tag, attrs, body = match.group(1), match.group("attrs"), match.group("body")
    anchor = heading_id(html2text(body))
    if "id=" not in attrs:
        attrs += f' id="{quote(anchor, safe="-_.~$()")}"'
    link = f'<a class="anchor-link" href="#{quote(anchor, safe="-_.~$()")}">{anchor_link_text}</a>'
    return f"<{tag}{attrs}>{body}{link}</{tag}>"


_RAW_TEXT_ELEMENTS = ("script", "style", "textarea", "title", "xmp", "noscript", "iframe")


def close_raw_html(html: str) -> str:
    """HTML from a notebook (a Markdown cell, an output) with the elements it leaves
    open that would swallow the rest of the page closed at its end.

    A ``<style>``, ``<script>``... without its end tag, or a ``<!--`` without ``-->``,
    is harmless in the notebook (each cell is its own fragment) but turns everything
    after it in a page into CSS, code or a comment: math is no longer typeset, and
    the cells below are not shown.
    """
    if "<" not in html:
        return html
    lowered = html.lower()
    closing = ""
    if lowered.count("<!--") > lowered.count("-->"):
        closing += "-->"
    for tag in _RAW_TEXT_ELEMENTS:
        opened = len(re.findall(rf"<{tag}[\s>/]", lowered))
        if opened:
            missing = opened - lowered.count(f"</{tag}")
            closing += f"</{tag}>" * max(missing, 0)
    return html + closing if closing else html


# ------------------------------------------------------------------ JSON
def json_dumps(value: object, indent: int | None = 2, **options: object) -> str:
    """``value`` (JSON from the notebook, frozen or plain) as JSON text: keys sorted,
    non-ASCII characters as themselves, indented by ``indent`` (``None``: one line)."""
    from jovi.nbformat.frozen import thaw  # noqa: PLC0415 - the model's JSON

    options.setdefault("sort_keys", True)
    options.setdefault("ensure_ascii", False)
    return json.dumps(thaw(value), indent=indent, **options)  # type: ignore[arg-type]


# ------------------------------------------------------------------ IPython syntax
@lru_cache(maxsize=1)
def _transformer() -> TransformerManager:
    from jovi.shell.input.transformer import TransformerManager  # noqa: PLC0415 - on first use

    return TransformerManager()


def ipython2python(code: str) -> str:
    """IPython syntax (magics, ``!cmd``, ``?``) turned into plain Python.

    ``%time x`` becomes ``get_ipython().run_line_magic('time', 'x')``, ``!ls``
    ``get_ipython().system('ls')``, a ``%%bash`` cell one ``run_cell_magic`` call;
    plain Python comes back unchanged.  A line magic whose arguments go on over
    several lines inside brackets (``%timeit f(a,`` / ``b)``) is translated whole,
    as Python reads the logical line.  A one-line cell that is not Python but a magic
    or alias called without ``%`` (``timeit f(x)``: IPython's automagic) becomes its
    call, as the shell would run it.  Code the transformation cannot handle is
    returned as it was.
    """
    if not code.strip():
        return code
    try:
        python = _transformer().transform_cell(_whole_line_magics(code)).source
        if not _parses(python):
            python = _automagic(code) or python
    except Exception:  # noqa: BLE001 - a cell jovi cannot transform is kept, not lost
        return code
    return python


def _parses(python: str) -> bool:
    with warnings.catch_warnings():
        # "invalid escape sequence" and the like: valid Python all the same.
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            ast.parse(python)
        except (SyntaxError, ValueError):
            return False
    return True


class _ExportContext:
    """What automagic needs to know about the shell, for a notebook that is exported,
    not run: every built-in line magic and default alias exists, and no variable of
    the notebook shadows one (only cells that are not Python as written get here)."""

    automagic = True
    autocall = 0

    def is_line_magic(self, name: str) -> bool:
        return name in _line_magic_names()

    def is_alias(self, name: str) -> bool:
        return name in _alias_names()

    def lookup(self, name: str) -> tuple[bool, object]:
        return hasattr(builtins, name), getattr(builtins, name, None)

    def macro_source(self, value: object) -> str | None:
        return None

    def is_autocallable(self, value: object) -> bool:
        return False


@lru_cache(maxsize=1)
def _line_magic_names() -> frozenset[str]:
    from jovi.shell.magics.groups import BUILTIN_GROUPS  # noqa: PLC0415 - start-up cost

    return frozenset(name for group in BUILTIN_GROUPS for name in group.line)


@lru_cache(maxsize=1)
def _alias_names() -> frozenset[str]:
    from jovi.shell.alias import default_aliases  # noqa: PLC0415 - start-up cost

    return frozenset(name for name, _command in default_aliases())


def _automagic(code: str) -> str | None:
    """A one-line cell that is a magic or alias called without ``%`` (IPython's
    automagic: ``timeit f(x)``, ``ls data``), as the shell would run it; else ``None``."""
    from jovi.shell.input.prefilter import prefilter_line  # noqa: PLC0415 - start-up cost

    line = code.strip()
    if "\n" in line:
        return None
    found = prefilter_line(line + "\n", _ExportContext())
    return found.source if found is not None else None


_TARGET_TOKENS = frozenset({".", ","})


def _magic_start(tokens: list[Any], lines: list[str]) -> tuple[int, int, str] | None:
    """Where the ``%`` of a line magic starting this logical line is: ``(row, column,
    assignment target or "")``, or ``None``."""
    first = tokens[0]
    row, col = first.start[0] - 1, first.start[1]
    if lines[row].startswith("%", col):
        return (row, col, "") if not lines[row].startswith("%%", col) else None
    # ``name, obj.attr = %magic ...``
    equals = next((i for i, tok in enumerate(tokens) if tok.string == "="), 0)
    targets = tokens[:equals]
    if not 0 < equals < len(tokens) - 1 or not all(
        tok.string in _TARGET_TOKENS or tok.string.isidentifier() for tok in targets
    ):
        return None
    magic_row, magic_col = tokens[equals + 1].start[0] - 1, tokens[equals + 1].start[1]
    text = lines[row]
    if magic_row != row or not text.startswith("%", magic_col) or text.startswith("%%", magic_col):
        return None
    return row, magic_col, text[col : tokens[equals].start[1]].strip()


def _whole_line_magics(code: str) -> str:
    """``code`` with each line magic that runs over several physical lines (open
    brackets, or a string over lines) replaced by its ``run_line_magic`` call."""
    if "%" not in code:
        return code
    from jovi.shell.input.tokens import significant, tokens_by_line  # noqa: PLC0415 - start-up cost

    lines = code.splitlines(keepends=True)
    found: list[tuple[int, int, str]] = []
    for logical in tokens_by_line(code):
        tokens = significant(logical)
        if not tokens or tokens[-1].end[0] == tokens[0].start[0]:
            continue
        start = _magic_start(tokens, lines)
        last_row = tokens[-1].end[0] - 1
        if start is None or any(
            line.rstrip("\r\n").endswith("\\") for line in lines[start[0] : last_row]
        ):
            continue  # one line, or continued with backslashes: the shell's own rule
        row, col, target = start
        content = lines[row][col + 1 :] + "".join(lines[row + 1 : last_row + 1])
        name, _, args = content.strip().partition(" ")
        if not name or name.endswith("?"):
            continue
        call = f"get_ipython().run_line_magic({name!r}, {args.strip()!r})"
        indent = lines[row][: len(lines[row]) - len(lines[row].lstrip())]
        found.append((row, last_row, f"{indent}{target + ' = ' if target else ''}{call}\n"))
    for first, last, python in reversed(found):
        lines[first : last + 1] = [python]
    return "".join(lines)
