"""A JSON schema compiled to Python: the fast yes-or-no answer to "is it valid?".

:class:`~jovi.nbformat.schema.SchemaValidator` walks the schema for every value it
checks, which says precisely what is wrong but costs a dictionary lookup per keyword
per value.  Most notebooks are valid, and then only the answer matters.
:func:`compile_schema` turns the schema (the draft-4 subset the notebook schemas use,
with the same meaning: see :mod:`jovi.nbformat.schema`) into the source of one Python
function per subschema, compiled once; checking a notebook then runs plain ``if``
statements.  The validator uses it first, and walks the schema for messages only
when the answer is no.

The two must agree on every value: ``tests/nbformat/test_schemas.py`` checks them
against each other on the official schemas, on generated notebooks and on broken ones.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jovi.nbformat.schema import follow_ref, json_equal

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["compile_schema"]

Schema = dict[str, Any]

_TYPE_TESTS = {
    "string": "isinstance({v}, str)",
    "integer": "(isinstance({v}, int) and not isinstance({v}, bool))",
    "number": "(isinstance({v}, (int, float)) and not isinstance({v}, bool))",
    "boolean": "isinstance({v}, bool)",
    "null": "{v} is None",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, list)",
}
_DISCRIMINATORS = ("cell_type", "output_type")
_INLINE_KEYWORDS = frozenset({"type", "enum", "description"})
_MISSING = object()


class _PatternCache:
    """Whether a key matches a pattern (searched, as JSON Schema does), remembered."""

    __slots__ = ("_known", "_pattern")

    def __init__(self, pattern: str) -> None:
        self._pattern = re.compile(pattern)
        self._known: dict[str, bool] = {}

    def __call__(self, key: str) -> bool:
        found = self._known.get(key)
        if found is None:
            if len(self._known) > 10_000:
                self._known.clear()
            found = self._known[key] = self._pattern.search(key) is not None
        return found


class _FunctionTable(dict[str, Any]):
    """Property name -> the name of its check function, then (once compiled) the function."""


def _in_enum(value: object, allowed: list[object]) -> bool:
    return any(json_equal(value, item) for item in allowed)


def _unique(items: list[object]) -> bool:
    return not any(
        json_equal(item, earlier) for index, item in enumerate(items) for earlier in items[:index]
    )


class _Compiler:
    """Writes the source of the check functions, one per subschema (``$ref`` targets
    are shared)."""

    def __init__(self, root: Schema) -> None:
        self.root = root
        self.sources: list[str] = []
        self.constants: dict[str, object] = {
            "_MISSING": _MISSING,
            "_in_enum": _in_enum,
            "_unique": _unique,
        }
        self.by_ref: dict[str, str] = {}
        self.count = 0

    # ------------------------------------------------------------ helpers
    def constant(self, value: object) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def resolve(self, ref: str) -> Schema:
        return follow_ref(self.root, ref)

    def function(self, schema: Schema) -> str | None:
        """The name of the function checking ``schema`` (``None``: everything passes)."""
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref not in self.by_ref:
                self.by_ref[ref] = name = f"_f{self.count}"
                self.count += 1
                body = self.body(self.resolve(ref))
                self.emit(name, body)
            return self.by_ref[ref]
        body = self.body(schema)
        if not body:
            return None
        name = f"_f{self.count}"
        self.count += 1
        self.emit(name, body)
        return name

    def test(self, schema: Schema, var: str) -> str | None:
        """A Python expression true when ``var`` is valid against ``schema`` (``None``:
        always).  Schemas that only give a type (and a string enum) are written inline,
        saving a call per value; others call their function."""
        resolved = schema
        while "$ref" in resolved:
            resolved = self.resolve(resolved["$ref"])
        if set(resolved) <= _INLINE_KEYWORDS and "type" in resolved:
            types = resolved["type"] if isinstance(resolved["type"], list) else [resolved["type"]]
            if all(name in _TYPE_TESTS for name in types):
                test = " or ".join(_TYPE_TESTS[name].format(v=var) for name in types)
                allowed = resolved.get("enum")
                if allowed is None:
                    return f"({test})"
                if all(isinstance(item, str) for item in allowed):
                    return f"({test} and {var} in {self.constant(frozenset(allowed))})"
        name = self.function(schema)
        return None if name is None else f"{name}({var})"

    def emit(self, name: str, body: list[str]) -> None:
        lines = [f"def {name}(v):", *(f"    {line}" for line in body), "    return True", ""]
        self.sources.append("\n".join(lines))

    # ------------------------------------------------------------ keywords
    def body(self, schema: Schema) -> list[str]:
        if "$ref" in schema:
            name = self.function(schema)
            return [f"return {name}(v)"]
        out: list[str] = []
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            test = " or ".join(_TYPE_TESTS.get(name, "False").format(v="v") for name in types)
            out.append(f"if not ({test}): return False")
        if "enum" in schema:
            allowed = schema["enum"]
            if all(isinstance(item, str) for item in allowed):
                out.append(
                    f"if not (isinstance(v, str) and v in {self.constant(frozenset(allowed))}): "
                    "return False"
                )
            else:
                out.append(f"if not _in_enum(v, {self.constant(list(allowed))}): return False")
        if "not" in schema:
            name = self.function(schema["not"])
            out.append("return False" if name is None else f"if {name}(v): return False")
        for branch in schema.get("allOf", ()):
            name = self.function(branch)
            if name is not None:
                out.append(f"if not {name}(v): return False")
        if "anyOf" in schema:
            names = [self.function(branch) for branch in schema["anyOf"]]
            if None not in names:
                out.append(f"if not ({' or '.join(f'{n}(v)' for n in names)}): return False")
        if "oneOf" in schema:
            out += self.one_of(schema["oneOf"])
        out += self.string_keywords(schema)
        out += self.number_keywords(schema)
        out += self.array_keywords(schema)
        out += self.object_keywords(schema)
        return out

    def one_of(self, branches: list[Schema]) -> list[str]:
        out = ["n = 0"]
        for branch in branches:
            call = self.test(branch, "v") or "True"
            guard = self.excluded_guard(branch)
            out.append(f"if {guard}{call}: n += 1")
        out.append("if n != 1: return False")
        return out

    def excluded_guard(self, branch: Schema) -> str:
        # A branch whose cell_type/output_type enum cannot hold the value's fails anyway:
        # skip it without checking the rest (the walking validator does the same).
        resolved = self.resolve(branch["$ref"]) if "$ref" in branch else branch
        properties = resolved.get("properties", {})
        guards = []
        for key in _DISCRIMINATORS:
            allowed = properties.get(key, {}).get("enum")
            if allowed is None:
                continue
            if all(isinstance(item, str) for item in allowed):
                # A string enum holds no other JSON value: a set lookup is exact.
                known = f"(isinstance(v[{key!r}], str) and v[{key!r}] in {self.constant(frozenset(allowed))})"
            else:
                known = f"_in_enum(v[{key!r}], {self.constant(list(allowed))})"
            guards.append(f"(not isinstance(v, dict) or {key!r} not in v or {known})")
        return "".join(f"{guard} and " for guard in guards)

    def string_keywords(self, schema: Schema) -> list[str]:
        checks = []
        if "minLength" in schema:
            checks.append(f"if len(v) < {int(schema['minLength'])}: return False")
        if "maxLength" in schema:
            checks.append(f"if len(v) > {int(schema['maxLength'])}: return False")
        if "pattern" in schema:
            pattern = self.constant(re.compile(schema["pattern"]))
            checks.append(f"if not {pattern}.search(v): return False")
        return ["if isinstance(v, str):", *(f"    {c}" for c in checks)] if checks else []

    def number_keywords(self, schema: Schema) -> list[str]:
        checks = []
        if "minimum" in schema:
            checks.append(f"if v < {self.constant(schema['minimum'])}: return False")
        if "maximum" in schema:
            checks.append(f"if v > {self.constant(schema['maximum'])}: return False")
        if not checks:
            return []
        head = "if isinstance(v, (int, float)) and not isinstance(v, bool):"
        return [head, *(f"    {c}" for c in checks)]

    def array_keywords(self, schema: Schema) -> list[str]:
        checks = []
        items = schema.get("items")
        if isinstance(items, dict):
            test = self.test(items, "x")
            if test is not None:
                checks += ["for x in v:", f"    if not {test}: return False"]
        if schema.get("uniqueItems"):
            checks.append("if not _unique(v): return False")
        return ["if isinstance(v, list):", *(f"    {c}" for c in checks)] if checks else []

    def object_keywords(self, schema: Schema) -> list[str]:
        checks = [f"if {key!r} not in v: return False" for key in schema.get("required", ())]
        properties: Schema = schema.get("properties", {})
        patterns: Schema = schema.get("patternProperties", {})
        additional = schema.get("additionalProperties", True)
        extra = None if additional is True or additional is False else self.test(additional, "x")
        if not patterns:
            # Keys other than the named ones: none allowed, or each checked; then the
            # named properties are looked up.
            if additional is False:
                checks.append(
                    f"if not v.keys() <= {self.constant(frozenset(properties))}: return False"
                )
            elif extra is not None:
                known = self.constant(frozenset(properties))
                checks += [
                    f"for k in v.keys() - {known}:",
                    "    x = v[k]",
                    f"    if not {extra}: return False",
                ]
            for key, sub in properties.items():
                test = self.test(sub, "x")
                if test is not None:
                    checks += [
                        f"x = v.get({key!r}, _MISSING)",
                        f"if x is not _MISSING and not {test}: return False",
                    ]
        else:
            named = _FunctionTable({key: self.function(sub) for key, sub in properties.items()})
            functions = self.constant(named)
            loop = [
                "for k, x in v.items():",
                f"    if k in {functions}:",
                f"        g = {functions}[k]",
                "        if g is not None and not g(x): return False",
                "        matched = True",
                "    else:",
                "        matched = False",
            ]
            for pattern, sub in patterns.items():
                # Keys repeat (MIME types): each is matched against the pattern once.
                matches = self.constant(_PatternCache(pattern))
                test = self.test(sub, "x")
                loop.append(f"    if {matches}(k):")
                loop.append("        matched = True")
                if test is not None:
                    loop.append(f"        if not {test}: return False")
            if additional is False:
                loop.append("    if not matched: return False")
            elif extra is not None:
                loop.append(f"    if not matched and not {extra}: return False")
            checks += loop
        if not checks:
            return []
        return ["if isinstance(v, dict):", *(f"    {c}" for c in checks)]


def compile_schema(root: Schema, ref: str | None = None) -> Callable[[object], bool]:
    """A function answering whether a value is valid against ``root`` (or against
    ``#/definitions/<ref>`` in it)."""
    compiler = _Compiler(root)
    target = {"$ref": f"#/definitions/{ref}"} if ref else root
    name = compiler.function(target)
    if name is None:
        return lambda _value: True
    namespace: dict[str, Any] = dict(compiler.constants)
    exec("\n".join(compiler.sources), namespace)  # noqa: S102 - source we generated
    # Tables of property functions were made before the functions: fill them in.
    for value in compiler.constants.values():
        if isinstance(value, _FunctionTable):
            for key, function_name in value.items():
                value[key] = namespace[function_name] if function_name else None
    check: Callable[[object], bool] = namespace[name]
    return check
