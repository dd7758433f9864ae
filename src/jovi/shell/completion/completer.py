"""The completer: which source answers, given where the cursor is.

In order of the context found before the cursor:

1. ``\\alp`` (LaTeX name) or ``\\N{...`` (Unicode name) or ``α\\``: symbols;
2. in a string after ``name[``: the keys of that mapping (or DataFrame columns);
3. in any other string, after ``!`` and after magics that take paths: file names;
4. ``%na``/``%%na``: magic names;
5. ``import na``/``from na``/``from pkg import na``: module names and attributes;
6. ``f(na`` inside a call: keyword arguments of ``f`` (``na=``), plus 7;
7. ``obj.na``: attributes of the object (found without running properties), or
   ``na``: names of the namespace, builtins, keywords and (with automagic) magics.

jedi adds inferred completions when the object cannot be found by name (``[1, 2].``,
``f().``, names of code not run yet) and answers within the time budget.  The
results are sorted, without duplicates; the kind and, for callables, the signature
of each are given.
"""

from __future__ import annotations

import builtins
import inspect
import io
import re
import tokenize
from typing import TYPE_CHECKING, Any, Protocol

from jovi.config import Bool, Configurable, Float, Int
from jovi.shell.completion.base import Completion, CompletionContext
from jovi.shell.completion.jedi_source import JediSource
from jovi.shell.completion.latex import latex_matches, reverse_latex, unicode_name_matches
from jovi.shell.completion.literals import value_before_dot
from jovi.shell.completion.modules import ModuleIndex
from jovi.shell.completion.objects import (
    UNRESOLVED,
    attribute_names,
    dict_keys,
    keyword_arguments,
    namespace_names,
    resolve,
)
from jovi.shell.completion.paths import path_matches

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.shell.magic.manager import MagicsManager

__all__ = ["Completer", "CompletionShell"]


class CompletionShell(Protocol):
    """What the completer needs of a shell: the shell itself, or a debugged frame's view."""

    @property
    def user_ns(self) -> dict[str, Any]: ...

    @property
    def user_global_ns(self) -> dict[str, Any]: ...

    @property
    def automagic(self) -> bool: ...

    @property
    def magics_manager(self) -> MagicsManager: ...

    def find_line_magic(self, name: str) -> Any: ...

    def lookup(self, name: str) -> tuple[bool, object]: ...


_PATH_MAGICS = {
    "run",
    "cd",
    "load",
    "loadpy",
    "pycat",
    "edit",
    "ed",
    "save",
    "pfile",
    "writefile",
    "file",
    "logstart",
    "cat",
    "less",
    "more",
    "ls",
    "rm",
    "cp",
    "mv",
    "mkdir",
    "rmdir",
}
_DIR_MAGICS = {"cd", "pushd", "mkdir", "rmdir"}
_RUN_SUFFIXES = (".py", ".ipy", ".pyw")
_LATEX_TOKEN = re.compile(r"\\[\w^+\-=()]*$")
_UNICODE_NAME = re.compile(r"\\N\{([\w ]*)$")
_ATTRIBUTE = re.compile(r"(?P<expr>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(?P<prefix>\w*)$")
_NAME = re.compile(r"(?<![\w.])(?P<prefix>[A-Za-z_]\w*)$|(?<![\w.])$")
_DICT_KEY = re.compile(
    r"(?P<expr>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\[\s*(?P<quote>['\"]?)(?P<prefix>[^'\"\]]*)$"
)
_SIGNATURE_LIMIT = 60


def _open_string(line: str) -> tuple[str, str] | None:
    """If ``line`` ends inside a string literal: its quote and the text typed in it."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(line).readline):
            if tok.type == tokenize.ERRORTOKEN and tok.string in ("'", '"'):
                start = tok.start[1]
                return tok.string, line[start + 1 :]
    except tokenize.TokenError:
        pass
    except (SyntaxError, IndentationError) as error:  # 3.12+: unterminated strings raise
        offset = (getattr(error, "offset", None) or 1) - 1
        if 0 <= offset < len(line) and line[offset] in "'\"":
            return line[offset], line[offset + 1 :]
    # A quote opened and not closed, found by counting outside any closed string.
    match = re.search(r"""(?P<prefix>[rRbBuUfF]{0,2})(?P<quote>['"])(?P<body>[^'"]*)$""", line)
    if match and (
        line[: match.start("quote")].count("'") % 2 == 0
        and line[: match.start("quote")].count('"') % 2 == 0
    ):
        return match["quote"], match["body"]
    return None


class Completer(Configurable):
    """Completion of names, attributes, keys, paths, modules, magics and symbols."""

    config_aliases = ("IPCompleter",)

    use_jedi = Bool(
        True, help="Add completions inferred by jedi (when jedi is installed and answers in time)."
    )
    jedi_budget = Float(
        0.1, min=0.0, help="How long jedi may take, in seconds, before its answer is ignored."
    )
    greedy = Bool(
        False, help="Evaluate any expression before '.' to complete its attributes (runs code!)."
    )
    omit__names = Int(
        2,
        min=0,
        max=2,
        help="Hide names starting with _ (2), only __dunder__ names (1), or none (0).",
    )
    limit_to__all__ = Bool(False, help="Complete module attributes only from the module's __all__.")
    max_results = Int(2000, min=1, help="The most completions returned at once.")

    def __init__(self, shell: CompletionShell | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shell = shell
        self.modules = ModuleIndex()
        self.jedi = JediSource()
        self.custom: dict[str, Any] = {}

    # ------------------------------------------------------------------ namespaces

    def _namespaces(self) -> list[Mapping[str, Any]]:
        if self.shell is None:
            return [builtins.__dict__]
        spaces: list[Mapping[str, Any]] = [self.shell.user_ns]
        if self.shell.user_global_ns is not self.shell.user_ns:
            spaces.append(self.shell.user_global_ns)
        spaces.append(builtins.__dict__)
        return spaces

    def _magic_names(self, kind: str) -> list[str]:
        if self.shell is None:
            return []
        return list(self.shell.magics_manager.names(kind))

    # ------------------------------------------------------------------ entry points

    def completions(self, text: str, cursor_pos: int | None = None) -> list[Completion]:
        """Every completion at ``cursor_pos`` (default: the end of ``text``)."""
        cursor = len(text) if cursor_pos is None else max(0, min(cursor_pos, len(text)))
        context = CompletionContext(text, cursor)
        try:
            found = self._dispatch(context)
        except Exception:  # noqa: BLE001 - completion must never fail the caller
            found = []
        return self._finish(found)

    def late_completions(
        self, text: str, cursor_pos: int | None = None, timeout: float = 2.0
    ) -> list[Completion]:
        """What jedi answers, after all, to the last question :meth:`completions` asked
        about ``text`` at ``cursor_pos`` and did not wait for (waiting up to ``timeout``
        seconds); ``[]`` when there is nothing to add."""
        cursor = len(text) if cursor_pos is None else max(0, min(cursor_pos, len(text)))
        if not self.use_jedi:
            return []
        return self._finish(self.jedi.late(text, cursor, timeout))

    def warm_up(self) -> None:
        """Load jedi in the background now, so that the first completion is fast."""
        if self.use_jedi:
            self.jedi.warm_up()

    def complete(
        self, text: str = "", line: str | None = None, cursor_pos: int | None = None
    ) -> tuple[str, list[str]]:
        """IPython's old interface: the text being completed and the matching strings."""
        source = line if line is not None else text
        found = self.completions(source, cursor_pos)
        if not found:
            return text, []
        start = min(c.start for c in found)
        cursor = len(source) if cursor_pos is None else cursor_pos
        return source[start:cursor], [source[start : c.start] + c.text for c in found]

    def _finish(self, found: list[Completion]) -> list[Completion]:
        seen: set[tuple[int, int, str]] = set()
        unique = []
        for completion in found:
            key = (completion.start, completion.end, completion.text)
            if key not in seen:
                seen.add(key)
                unique.append(completion)
        unique.sort(
            key=lambda c: (c.text.lstrip("%").startswith("_"), c.text.lower().lstrip("%"), c.text)
        )
        return unique[: self.max_results]

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self, context: CompletionContext) -> list[Completion]:
        line, cursor = context.line, context.cursor
        symbol = self._symbols(context)
        if symbol is not None:
            return symbol
        string = _open_string(line)
        if string is not None:
            keys = self._dict_keys(context)
            if keys is not None:
                return keys
            return self._paths(context, string[1], in_string=True)
        stripped = line.lstrip()
        if stripped.startswith("!"):
            word = stripped[1:].rsplit(" ", 1)[-1] if " " in stripped else stripped[1:]
            return self._paths(context, word, in_string=False)
        if stripped.startswith("%") and " " not in stripped:
            return self._magics(context, stripped)
        magic_args = re.match(r"^\s*%?(\w+)\s+(.*)$", line)
        if (
            magic_args
            and magic_args.group(1) in _PATH_MAGICS
            and self._is_magic(magic_args.group(1), line)
        ):
            name, args = magic_args.group(1), magic_args.group(2)
            word = re.split(r"(?<!\\) ", args)[-1]
            if name == "cd":
                special = self._cd_targets(context, args, word)
                if special is not None:
                    return special
            return self._paths(
                context,
                word,
                in_string=False,
                only_dirs=name in _DIR_MAGICS,
                suffixes=_RUN_SUFFIXES if name == "run" else (),
            )
        imports = self._imports(line, cursor)
        if imports is not None:
            return imports
        keys = self._dict_keys(context)
        if keys is not None:
            return keys
        return self._python(context)

    def _is_magic(self, name: str, line: str) -> bool:
        if line.lstrip().startswith("%"):
            return True
        if self.shell is None:
            return False
        bound, _ = self.shell.lookup(name)
        return not bound and self.shell.automagic and self.shell.find_line_magic(name) is not None

    # ------------------------------------------------------------------ sources

    def _symbols(self, context: CompletionContext) -> list[Completion] | None:
        line, cursor = context.line, context.cursor
        unicode_name = _UNICODE_NAME.search(line)
        if unicode_name:
            start = cursor - len(unicode_name.group(0))
            return [
                Completion(start, cursor, char, "unicode")
                for char in unicode_name_matches(unicode_name.group(1))
            ]
        if line.endswith("\\") and len(line) >= 2:
            name = reverse_latex(line[-2])
            if name is not None:
                return [Completion(cursor - 2, cursor, name, "latex")]
        latex = _LATEX_TOKEN.search(line)
        if latex and len(latex.group(0)) > 1:
            token = latex.group(0)
            start = cursor - len(token)
            return [
                Completion(start, cursor, symbol, "latex", name)
                for symbol, name in latex_matches(token)
            ]
        return None

    def _cd_targets(
        self, context: CompletionContext, args: str, word: str
    ) -> list[Completion] | None:
        """``%cd -<Tab>``: the directory history (``-N``, the directory shown beside
        it); ``%cd -b <Tab>``: the bookmarks.  ``None`` when neither applies."""
        if self.shell is None:
            return None
        start = context.cursor - len(word)
        if re.fullmatch(r"-b\s+\S*", args):
            from jovi.shell.profiledb import BOOKMARKS_KEY  # noqa: PLC0415 - start-up cost

            try:  # a debugged frame's view of the shell has no profile store
                bookmarks: dict[str, str] = getattr(self.shell, "db").get(BOOKMARKS_KEY, {})  # noqa: B009
            except Exception:  # noqa: BLE001 - an unreadable store offers nothing
                return []
            return [
                Completion(start, context.cursor, name, "bookmark", signature=str(target))
                for name, target in sorted(bookmarks.items())
                if name.startswith(word)
            ]
        if args == word and re.fullmatch(r"-\d*", word):
            manager = getattr(self.shell, "history_manager", None)
            history: list[str] = list(getattr(manager, "dir_hist", None) or [])
            return [
                Completion(start, context.cursor, f"-{number}", "directory", signature=path)
                for number, path in enumerate(history)
                if f"-{number}".startswith(word)
            ]
        return None

    def _paths(
        self,
        context: CompletionContext,
        partial: str,
        *,
        in_string: bool,
        only_dirs: bool = False,
        suffixes: tuple[str, ...] = (),
    ) -> list[Completion]:
        start = context.cursor - len(partial)
        return [
            Completion(start, context.cursor, text, kind)
            for text, kind in path_matches(
                partial, in_string=in_string, only_dirs=only_dirs, suffixes=suffixes
            )
        ]

    def _magics(self, context: CompletionContext, stripped: str) -> list[Completion]:
        cell = stripped.startswith("%%")
        prefix = stripped.lstrip("%")
        start = context.cursor - len(stripped)
        out = [
            Completion(start, context.cursor, f"%%{name}", "magic")
            for name in self._magic_names("cell")
            if name.startswith(prefix)
        ]
        if not cell:
            out += [
                Completion(start, context.cursor, f"%{name}", "magic")
                for name in self._magic_names("line")
                if name.startswith(prefix)
            ]
        return out

    def _imports(self, line: str, cursor: int) -> list[Completion] | None:
        stripped = line.lstrip()
        match = re.match(r"^(import|from)\s+([\w.]*)$", stripped) or re.match(
            r"^import\s+.*,\s*([\w.]*)$", stripped
        )
        if match:
            dotted = match.groups()[-1]
            package, _, prefix = dotted.rpartition(".")
            names = self.modules.submodules(package) if package else self.modules.top_level()
            start = cursor - len(prefix)
            return [
                Completion(start, cursor, name, "module")
                for name in names
                if name.startswith(prefix)
            ]
        match = re.match(r"^from\s+([\w.]+)\s+import\s+(?:.*,\s*)?(\w*)$", stripped)
        if match:
            module, prefix = match.groups()
            start = cursor - len(prefix)
            return [
                Completion(start, cursor, name, "module")
                for name in self.modules.attributes(module)
                if name.startswith(prefix)
            ]
        return None

    def _dict_keys(self, context: CompletionContext) -> list[Completion] | None:
        match = _DICT_KEY.search(context.line)
        if not match:
            return None
        obj = resolve(match["expr"], self._namespaces())
        if obj is UNRESOLVED:
            return None
        quote, prefix = match["quote"], match["prefix"]
        start = context.cursor - len(prefix) - len(quote)
        out = []
        for key in dict_keys(obj):
            if isinstance(key, str):
                text = repr(key) if not quote else quote + key.replace(quote, "\\" + quote) + quote
                if key.startswith(prefix):
                    out.append(Completion(start, context.cursor, text, "dict key"))
            elif isinstance(key, bytes | int) and not quote and str(key).startswith(prefix):
                out.append(Completion(start, context.cursor, repr(key), "dict key"))
        return out

    def _python(self, context: CompletionContext) -> list[Completion]:
        line, cursor = context.line, context.cursor
        spaces = self._namespaces()
        attribute = _ATTRIBUTE.search(line)
        if attribute is None and re.search(r"\.\w*$", line) and not re.search(r"\d\.\d*$", line):
            return self._literal_attributes(line, cursor, spaces) + self._jedi(context)
        if attribute:
            obj = resolve(attribute["expr"], spaces)
            prefix = attribute["prefix"]
            start = cursor - len(prefix)
            if obj is not UNRESOLVED:
                names = attribute_names(
                    obj, prefix, omit_names=self.omit__names, limit_to_all=self.limit_to__all__
                )
                if len(names) > _SIGNATURE_LIMIT:
                    return [Completion(start, cursor, n, kind) for n, kind in names]
                return [
                    self._with_signature(Completion(start, cursor, n, kind), obj, n)
                    for n, kind in names
                ]
            if self.greedy:
                return self._greedy(attribute["expr"], prefix, start, cursor) + self._jedi(context)
            return self._jedi(context)
        if line and line[-1] in ".)]}\"'":
            return self._jedi(context)
        name = _NAME.search(line)
        prefix = name["prefix"] or "" if name else ""
        start = cursor - len(prefix)
        out: list[Completion] = []
        call = self._open_call(line[: len(line) - len(prefix)])
        if call is not None:
            function = resolve(call, spaces)
            if function is not UNRESOLVED:
                out += [
                    Completion(start, cursor, f"{arg}=", "param")
                    for arg in keyword_arguments(function)
                    if arg.startswith(prefix)
                ]
        if not prefix and not out:
            return out
        magics = (
            self._magic_names("line") if self.shell is not None and self.shell.automagic else []
        )
        lookup: dict[str, Any] = {}
        for namespace in reversed(spaces):
            lookup.update(
                (k, v) for k, v in namespace.items() if isinstance(k, str) and k.startswith(prefix)
            )
        names = [
            (found, kind)
            for found, kind in namespace_names(prefix, [lookup], magics)
            if not (kind == "magic" and found in lookup)
        ]
        with_signatures = len(names) <= _SIGNATURE_LIMIT
        for found, kind in names:
            completion = Completion(start, cursor, found, kind)
            out.append(
                self._with_signature(completion, None, found, lookup)
                if with_signatures
                else completion
            )
        return out

    def _literal_attributes(
        self, line: str, cursor: int, spaces: list[Mapping[str, Any]]
    ) -> list[Completion]:
        """Attributes of what a literal, a class call or ``open()`` before the dot is:
        found without running code, so they never wait for jedi."""
        before, _, prefix = line.rpartition(".")
        if not prefix.isidentifier() and prefix:
            return []
        value = value_before_dot(before, spaces)
        if value is UNRESOLVED:
            return []
        start = cursor - len(prefix)
        return [
            Completion(start, cursor, found, kind)
            for found, kind in attribute_names(value, prefix, omit_names=self.omit__names)
        ]

    def _open_call(self, text: str) -> str | None:
        depth = 0
        for index in range(len(text) - 1, -1, -1):
            char = text[index]
            if char in ")]}":
                depth += 1
            elif char in "([{":
                if depth == 0:
                    if char != "(":
                        return None
                    match = re.search(r"([A-Za-z_][\w.]*)\s*$", text[:index])
                    return match.group(1) if match else None
                depth -= 1
        return None

    def _greedy(self, expression: str, prefix: str, start: int, cursor: int) -> list[Completion]:
        try:
            obj = eval(expression, {}, dict(self._namespaces()[0]))  # noqa: S307 - greedy mode is opt-in
        except Exception:  # noqa: BLE001
            return []
        return [
            Completion(start, cursor, n, kind)
            for n, kind in attribute_names(obj, prefix, omit_names=self.omit__names)
        ]

    def _jedi(self, context: CompletionContext) -> list[Completion]:
        if not self.use_jedi:
            return []
        namespaces = [dict(space) for space in self._namespaces()[:-1]] or [{}]
        return self.jedi.complete(context.text, context.cursor, namespaces, self.jedi_budget)

    def _with_signature(
        self, completion: Completion, owner: Any, name: str, lookup: Mapping[str, Any] | None = None
    ) -> Completion:
        if completion.type not in ("function", "class"):
            return completion
        try:
            if owner is not None:
                value = inspect.getattr_static(owner, name)
                if isinstance(value, staticmethod | classmethod):
                    value = value.__func__
            else:
                value = (lookup or {}).get(name)
            if value is None or not callable(value):
                return completion
            signature = str(inspect.signature(value))
        except Exception:  # noqa: BLE001 - no signature is fine
            return completion
        if len(signature) > _SIGNATURE_LIMIT * 2:
            signature = signature[: _SIGNATURE_LIMIT * 2 - 3] + "..."
        return Completion(
            completion.start,
            completion.end,
            completion.text,
            completion.type,
            signature,
            completion.origin,
        )
