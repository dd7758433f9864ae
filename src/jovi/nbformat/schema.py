"""The notebook format's JSON schemas, and the small validator that checks them.

The official schemas (nbformat 3.0 and 4.0 to 4.5, see ``schemas/README.md``) are
package data, loaded with :mod:`importlib.resources` when first needed.  They use a
subset of JSON Schema draft 4, and :class:`SchemaValidator` implements exactly that
subset with draft-4 meaning: ``$ref`` (local pointers; sibling keywords ignored),
``type``, ``enum``, ``not``, ``oneOf``, ``anyOf``, ``allOf``, ``pattern`` (searched,
not anchored, as JSON Schema validators do), ``minLength``, ``maxLength``,
``minimum``, ``maximum``, ``items``, ``uniqueItems``, ``required``, ``properties``,
``patternProperties`` and ``additionalProperties``.  Booleans are neither integers
nor numbers, and ``1.0`` is not an integer (draft 4).  Other keywords (``description``...)
are annotations and are ignored.

A notebook of a later minor version than jovi knows is checked as nbformat does it:
against the newest schema with every ``additionalProperties`` relaxed and with cells
and outputs of unknown types allowed.

The validator yields :class:`SchemaError` values lazily, so "is it valid?" stops at
the first error.  Where ``oneOf`` fails on a cell or an output, the error reported is
the one of the branch its ``cell_type``/``output_type`` names, which says what is
wrong with *that* cell rather than that it matches none of the kinds of cell.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = [
    "KNOWN_VERSIONS",
    "SchemaError",
    "SchemaValidator",
    "describe_value",
    "follow_ref",
    "json_equal",
    "validator_for",
]

_FILES = {
    (3, 0): "nbformat.v3.schema.json",
    **{(4, minor): f"nbformat.v4.{minor}.schema.json" for minor in range(6)},
}
KNOWN_VERSIONS = tuple(_FILES)
"""The (major, minor) versions whose schema jovi ships."""

Schema = dict[str, Any]
Path = tuple[str | int, ...]

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
    "object": "an object",
    "array": "a list",
}
_DISCRIMINATORS = ("cell_type", "output_type")


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One way in which a JSON value breaks a schema.

    Attributes:
        path: Where in the value, as keys and list indices from its root.
        keyword: The schema keyword that failed (``required``, ``type``, ``enum``...).
        detail: What is wrong, said of the value at ``path``: "is missing",
            "'pyout' is not one of 'stream', 'error'", ...
    """

    path: Path
    keyword: str
    detail: str


def describe_value(value: object) -> str:
    """A short JSON-ish rendering of a value for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value[:40] + "...") if len(value) > 40 else repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _values(values: list[object]) -> str:
    return ", ".join(describe_value(value) for value in values)


def _is_type(value: object, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    return False


def json_equal(a: object, b: object) -> bool:
    """JSON equality: booleans are not numbers, ``1 == 1.0``, containers compared deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _describe_types(types: list[str]) -> str:
    return " or ".join(_TYPE_NAMES.get(name, name) for name in types)


def follow_ref(root: Schema, ref: str) -> Schema:
    """The subschema a local ``$ref`` pointer (``#/definitions/cell``) names in ``root``.

    Raises:
        ValueError: the pointer is not local.
        KeyError: it names nothing.
    """
    if not ref.startswith("#"):
        raise ValueError(f"only local $ref pointers are supported, not {ref!r}")
    node: Any = root
    for part in ref[1:].split("/")[1:]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node  # type: ignore[no-any-return]


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class SchemaValidator:
    """Checks JSON values against one JSON schema (the draft-4 subset the notebook schemas use).

    Args:
        schema: The root schema; ``$ref`` pointers are resolved inside it.
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._resolved: dict[str, Schema] = {}
        self._compiled: dict[str | None, Callable[[object], bool]] = {}

    def check(self, instance: object, ref: str | None = None) -> bool:
        """Whether ``instance`` is valid (against ``#/definitions/<ref>`` if given): the
        same answer as :meth:`iter_errors` finding nothing, from the schema compiled to
        Python (:mod:`jovi.nbformat.schemacompile`), many times faster."""
        compiled = self._compiled.get(ref)
        if compiled is None:
            from jovi.nbformat.schemacompile import compile_schema  # noqa: PLC0415 - cycle

            compiled = self._compiled[ref] = compile_schema(self.schema, ref)
        return compiled(instance)

    def iter_errors(self, instance: object, ref: str | None = None) -> Iterator[SchemaError]:
        """Every error of ``instance`` (against ``#/definitions/<ref>`` if ``ref`` is given)."""
        schema = self._resolve(f"#/definitions/{ref}") if ref else self.schema
        return self._errors(instance, schema, ())

    def is_valid(self, instance: object, schema: Schema | None = None) -> bool:
        """Whether ``instance`` has no error (against ``schema``, by default the root)."""
        schema = self.schema if schema is None else schema
        return next(self._errors(instance, schema, ()), None) is None

    # ------------------------------------------------------------ internals
    def _resolve(self, ref: str) -> Schema:
        found = self._resolved.get(ref)
        if found is None:
            found = self._resolved[ref] = self._follow(ref)
        return found

    def _follow(self, ref: str) -> Schema:
        return follow_ref(self.schema, ref)

    def _errors(self, value: object, schema: Schema, path: Path) -> Iterator[SchemaError]:
        if "$ref" in schema:
            # Draft 4: a $ref replaces the whole schema it appears in.
            yield from self._errors(value, self._resolve(schema["$ref"]), path)
            return
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_is_type(value, name) for name in types):
                yield SchemaError(path, "type", _type_detail(value, _describe_types(types)))
                return
        if "enum" in schema and not any(json_equal(value, x) for x in schema["enum"]):
            yield SchemaError(
                path, "enum", f"{describe_value(value)} is not one of {_values(schema['enum'])}"
            )
        if "not" in schema and self.is_valid(value, schema["not"]):
            yield SchemaError(path, "not", f"{describe_value(value)} is not allowed here")
        if "allOf" in schema:
            for branch in schema["allOf"]:
                yield from self._errors(value, branch, path)
        if "anyOf" in schema and not any(self.is_valid(value, b) for b in schema["anyOf"]):
            yield from self._best_branch_errors(value, schema["anyOf"], path)
        if "oneOf" in schema:
            yield from self._one_of(value, schema["oneOf"], path)
        if isinstance(value, str):
            yield from self._string_errors(value, schema, path)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield from _number_errors(value, schema, path)
        elif isinstance(value, list):
            yield from self._array_errors(value, schema, path)
        elif isinstance(value, dict):
            yield from self._object_errors(value, schema, path)

    def _string_errors(self, value: str, schema: Schema, path: Path) -> Iterator[SchemaError]:
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield SchemaError(
                path, "minLength", f"{describe_value(value)} is shorter than {schema['minLength']}"
            )
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield SchemaError(
                path,
                "maxLength",
                f"{describe_value(value)} is longer than {schema['maxLength']} characters",
            )
        if "pattern" in schema and not _regex(schema["pattern"]).search(value):
            yield SchemaError(
                path, "pattern", f"{describe_value(value)} does not match {schema['pattern']}"
            )

    def _array_errors(self, value: list[Any], schema: Schema, path: Path) -> Iterator[SchemaError]:
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                yield from self._errors(item, items, (*path, index))
        if schema.get("uniqueItems"):
            for index, item in enumerate(value):
                if any(json_equal(item, earlier) for earlier in value[:index]):
                    yield SchemaError(
                        (*path, index), "uniqueItems", f"{describe_value(item)} is repeated"
                    )
                    break

    def _object_errors(
        self, value: dict[str, Any], schema: Schema, path: Path
    ) -> Iterator[SchemaError]:
        for key in schema.get("required", ()):
            if key not in value:
                yield SchemaError((*path, key), "required", "is missing")
        properties: Schema = schema.get("properties", {})
        patterns: Schema = schema.get("patternProperties", {})
        additional = schema.get("additionalProperties", True)
        for key, item in value.items():
            matched = False
            if key in properties:
                matched = True
                yield from self._errors(item, properties[key], (*path, key))
            for pattern, sub_schema in patterns.items():
                if _regex(pattern).search(key):
                    matched = True
                    yield from self._errors(item, sub_schema, (*path, key))
            if matched or additional is True:
                continue
            if additional is False:
                yield SchemaError((*path, key), "additionalProperties", "is not a known field")
            else:
                yield from self._errors(item, additional, (*path, key))

    def _excluded(self, value: object, branch: Schema) -> bool:
        # A branch whose discriminator (cell_type, output_type) cannot hold the value's
        # is invalid for it; knowing that saves validating the whole branch.
        if not isinstance(value, dict):
            return False
        resolved = self._resolve(branch["$ref"]) if "$ref" in branch else branch
        properties = resolved.get("properties", {})
        for key in _DISCRIMINATORS:
            allowed = properties.get(key, {}).get("enum") if key in value else None
            if allowed is not None and not any(json_equal(value[key], x) for x in allowed):
                return True
        return False

    def _one_of(self, value: object, branches: list[Schema], path: Path) -> Iterator[SchemaError]:
        valid = 0
        for branch in branches:
            if self._excluded(value, branch):
                continue
            if self.is_valid(value, branch):
                valid += 1
                if valid > 1:
                    yield SchemaError(
                        path, "oneOf", "matches more than one of the schemas it may match"
                    )
                    return
        if valid == 0:
            yield from self._best_branch_errors(value, branches, path)

    def _best_branch_errors(
        self, value: object, branches: list[Schema], path: Path
    ) -> Iterator[SchemaError]:
        resolved = [self._resolve(b["$ref"]) if "$ref" in b else b for b in branches]
        if isinstance(value, dict):
            for key in _DISCRIMINATORS:
                if not all(key in b.get("properties", {}) for b in resolved):
                    continue
                if key not in value:
                    yield SchemaError((*path, key), "required", "is missing")
                    return
                for branch in resolved:
                    if self.is_valid(value[key], branch["properties"][key]):
                        # The branch this cell or output says it is: its errors are the useful ones.
                        yield from self._errors(value, branch, path)
                        return
                allowed = [x for b in resolved for x in b["properties"][key].get("enum", ())]
                yield SchemaError(
                    (*path, key),
                    "enum",
                    f"{describe_value(value[key])} is not one of {_values(allowed)}",
                )
                return
        if all(set(b) <= {"type", "items", "description"} for b in resolved):
            kinds = [_branch_kind(b) for b in resolved]
            yield SchemaError(path, "oneOf", _type_detail(value, " or ".join(kinds)))
            return
        yield SchemaError(path, "oneOf", f"{describe_value(value)} is not valid here")


def _branch_kind(schema: Schema) -> str:
    types = schema.get("type", [])
    kind = _describe_types(types if isinstance(types, list) else [types])
    items = schema.get("items")
    item_type = items.get("type") if isinstance(items, dict) else None
    if kind == "a list" and isinstance(item_type, str):
        kind = f"a list of {item_type}s"
    return kind


def _type_detail(value: object, expected: str) -> str:
    if isinstance(value, dict | list):
        return f"is {describe_value(value)}, not {expected}"
    return f"{describe_value(value)} is not {expected}"


def _number_errors(value: float, schema: Schema, path: Path) -> Iterator[SchemaError]:
    if "minimum" in schema and value < schema["minimum"]:
        yield SchemaError(path, "minimum", f"{value!r} is less than {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        yield SchemaError(path, "maximum", f"{value!r} is more than {schema['maximum']}")


# ---------------------------------------------------------------- loading
@functools.cache
def _load(name: str) -> Schema:
    text = resources.files("jovi.nbformat").joinpath("schemas", name).read_text(encoding="utf-8")
    schema: Schema = json.loads(text)
    return schema


def _relaxed(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: True if key == "additionalProperties" else _relaxed(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_relaxed(item) for item in node]
    return node


@functools.cache
def validator_for(major: int, minor: int, *, relaxed: bool = False) -> SchemaValidator:
    """The validator of notebook format ``major.minor``.

    A minor version newer than the newest known one is checked against the newest
    schema, relaxed (see the module's documentation).  ``relaxed`` allows unknown
    fields everywhere (nbformat's ``relax_add_props``) while checking the known ones.

    Raises:
        ValueError: there is no schema for that major version.
    """
    if (major, minor) in _FILES:
        schema = _load(_FILES[major, minor])
        return SchemaValidator(_relaxed(schema) if relaxed else schema)
    newest = max((v for v in _FILES if v[0] == major), default=None)
    if newest is None or minor < newest[1]:
        raise ValueError(f"there is no schema for nbformat {major}.{minor}")
    schema = _relaxed(_load(_FILES[newest]))
    definitions = schema["definitions"]
    if "unrecognized_cell" in definitions:
        definitions["cell"]["oneOf"].append({"$ref": "#/definitions/unrecognized_cell"})
        definitions["output"]["oneOf"].append({"$ref": "#/definitions/unrecognized_output"})
    return SchemaValidator(schema)
