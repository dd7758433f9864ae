"""The task database's query language: checked once, then matched or turned into SQL.

A query is a dict from record keys to a value (the key equals it) or to a dict of
operators, all of which must hold: ``$lt $gt $lte $gte $eq $ne $in $nin`` (the seeds'
``$le`` and ``$ge`` are read as ``$lt`` and ``$gt``)::

    {"completed": None}                                   # not finished
    {"started": {"$gte": hour_ago}, "client_uuid": me}    # mine, started within the hour
    {"engine_uuid": {"$in": uuids}}

``None`` is "no value": a comparison (``$lt``...) never matches it, ``$ne x`` and
``$nin [...]`` do (unless ``None`` is among the values).  Dates are compared as
dates: a value of a date key may be a ``datetime`` (naive means local time) or its
ISO text.  Keys holding whole messages (``header``, ``result_content``...) can only be
asked whether they are ``None``.  The old names ``pyin``, ``pyout`` and ``pyerr`` are
read as ``execute_input``, ``execute_result`` and ``error``.

:func:`parse` checks a query; :func:`matches` evaluates it on a record (the memory
database) and :func:`sql_where` writes it as SQL (the SQLite database), with the same
answers.  No I/O here.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = [
    "ALIASES",
    "BUFFER_KEYS",
    "DATE_KEYS",
    "DEFAULT_KEYS",
    "KEYS",
    "MESSAGE_KEYS",
    "Condition",
    "QueryError",
    "matches",
    "parse",
    "select_keys",
    "sql_where",
    "to_date",
]

DATE_KEYS: Final = ("submitted", "started", "completed", "received")
TEXT_KEYS: Final = (
    "msg_id",
    "client_uuid",
    "engine_uuid",
    "queue",
    "resubmitted",
    "stdout",
    "stderr",
)
MESSAGE_KEYS: Final = (
    "header",
    "content",
    "metadata",
    "result_header",
    "result_content",
    "result_metadata",
    "execute_input",
    "execute_result",
    "error",
    "outputs",
)
BUFFER_KEYS: Final = ("buffers", "result_buffers")
KEYS: Final = (*TEXT_KEYS, *DATE_KEYS, *MESSAGE_KEYS, *BUFFER_KEYS)
"""Every key of a task record."""
DEFAULT_KEYS: Final = tuple(k for k in KEYS if k not in BUFFER_KEYS)
"""The keys a query returns when it names none: all but the buffers."""

ALIASES: Final = {"pyin": "execute_input", "pyout": "execute_result", "pyerr": "error"}

_ORDERINGS: Final[dict[str, tuple[Callable[[Any, Any], bool], str]]] = {
    "$lt": (operator.lt, "<"),
    "$gt": (operator.gt, ">"),
    "$lte": (operator.le, "<="),
    "$gte": (operator.ge, ">="),
}
_SPELLINGS: Final = {"$le": "$lt", "$ge": "$gt"}
OPERATORS: Final = (*_ORDERINGS, "$eq", "$ne", "$in", "$nin")


class QueryError(ValueError):
    """A query that is not understood (an unknown key or operator, a wrong value)."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One test: ``key`` ``op`` ``value`` (``value`` is a tuple for ``$in``/``$nin``)."""

    key: str
    op: str
    value: Any


def to_date(value: Any) -> datetime | None:
    """A date key's value as an aware UTC datetime (from a datetime or ISO text).

    Raises:
        QueryError: it is neither.
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{value!r} is not a date") from None
    if not isinstance(value, datetime):
        raise QueryError(f"{value!r} is not a date")
    return value.astimezone(UTC)


def _key(name: Any) -> str:
    key = ALIASES.get(name, name)
    if key not in KEYS:
        raise QueryError(f"unknown key {name!r}; the keys are {', '.join(KEYS)}")
    return str(key)


def _value(key: str, value: Any) -> Any:
    if key in DATE_KEYS:
        return to_date(value)
    if key in MESSAGE_KEYS or key in BUFFER_KEYS:
        if value is not None:
            raise QueryError(f"{key} can only be compared with None")
        return None
    if value is not None and not isinstance(value, str):
        raise QueryError(f"{key} holds text, not {type(value).__name__}")
    return value


def parse(query: Mapping[str, Any]) -> list[Condition]:
    """The conditions of ``query``, checked.

    Raises:
        QueryError: an unknown key or operator, or a value of the wrong kind.
    """
    if not isinstance(query, dict):
        raise QueryError(f"a query is a dict, not {type(query).__name__}")
    conditions: list[Condition] = []
    for name, test in query.items():
        key = _key(name)
        operators = isinstance(test, dict) and test and all(str(k)[:1] == "$" for k in test)
        tests = test if operators else {"$eq": test}
        for op_name, operand in tests.items():
            op = _SPELLINGS.get(op_name, op_name)
            if op not in OPERATORS:
                raise QueryError(f"unknown operator {op_name!r}; the operators are {OPERATORS}")
            if op in ("$in", "$nin"):
                if isinstance(operand, str | bytes) or not hasattr(operand, "__iter__"):
                    raise QueryError(f"{op_name} takes a list, not {operand!r}")
                value: Any = tuple(_value(key, v) for v in operand)
            else:
                value = _value(key, operand)
                if op in _ORDERINGS and value is None:
                    raise QueryError(f"{op_name} needs a value, not None")
            conditions.append(Condition(key, op, value))
    return conditions


def _holds(condition: Condition, actual: Any) -> bool:
    op, value = condition.op, condition.value
    if op == "$eq":
        return bool(actual == value)
    if op == "$ne":
        return bool(actual != value)
    if op == "$in":
        return actual in value
    if op == "$nin":
        return actual not in value
    if actual is None:
        return False
    return _ORDERINGS[op][0](actual, value)


def matches(record: Mapping[str, Any], conditions: Iterable[Condition]) -> bool:
    """Whether ``record`` (key -> value, dates as datetimes) meets every condition."""
    return all(_holds(c, record.get(c.key)) for c in conditions)


def select_keys(keys: str | Sequence[str] | None) -> tuple[str, ...]:
    """The keys a query returns (``msg_id`` always; a single key may be a string).

    Raises:
        QueryError: an unknown key.
    """
    if keys is None:
        return DEFAULT_KEYS
    names = [keys] if isinstance(keys, str) else list(keys)
    chosen = [_key(name) for name in names]
    return ("msg_id", *dict.fromkeys(k for k in chosen if k != "msg_id"))


def sql_where(
    conditions: Iterable[Condition], column: Callable[[str], str], encode: Callable[[Any], Any]
) -> tuple[str, list[Any]]:
    """The conditions as an SQL ``WHERE`` clause and its parameters.

    Args:
        column: The quoted column of a key.
        encode: A value as stored (dates as ISO text).
    """
    clauses: list[str] = []
    params: list[Any] = []
    for condition in conditions:
        col, op, value = column(condition.key), condition.op, condition.value
        if op in ("$eq", "$ne"):
            if value is None:
                clauses.append(f"{col} IS {'NOT ' if op == '$ne' else ''}NULL")
            elif op == "$eq":
                clauses.append(f"{col} = ?")
                params.append(encode(value))
            else:
                clauses.append(f"({col} IS NULL OR {col} != ?)")
                params.append(encode(value))
        elif op in ("$in", "$nin"):
            present = [v for v in value if v is not None]
            marks = ", ".join("?" * len(present))
            params.extend(encode(v) for v in present)
            has_none = len(present) != len(value)
            if op == "$in":
                parts = [f"{col} IN ({marks})"] if present else []
                parts += [f"{col} IS NULL"] if has_none else []
                clauses.append(f"({' OR '.join(parts)})" if parts else "0")
            else:
                parts = [f"{col} NOT IN ({marks})"] if present else []
                parts += [f"{col} IS NOT NULL"] if has_none else []
                outside = " AND ".join(parts) if parts else "1"
                clauses.append(outside if has_none else f"({col} IS NULL OR {outside})")
        else:
            clauses.append(f"{col} {_ORDERINGS[op][1]} ?")
            params.append(encode(value))
    return (" AND ".join(clauses) if clauses else "1"), params
