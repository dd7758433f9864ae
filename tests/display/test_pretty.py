"""The pretty printer: layout, sorting, cycles, limits, the _repr_pretty_ protocol."""

from __future__ import annotations

import collections

import pytest

from jovi.display.pretty import PrettyPrinter, pretty


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "1"),
        ("a", "'a'"),
        ([], "[]"),
        ((), "()"),
        ((1,), "(1,)"),
        ({}, "{}"),
        (set(), "set()"),
        (frozenset(), "frozenset()"),
        ({3, 1, 2}, "{1, 2, 3}"),
        (frozenset({2, 1}), "frozenset({1, 2})"),
        ({"b": 1, "a": 2}, "{'b': 1, 'a': 2}"),
        ({1: "x", "y": 2}, "{1: 'x', 'y': 2}"),
        ([1, [2, [3]]], "[1, [2, [3]]]"),
        (collections.OrderedDict(b=1, a=2), "OrderedDict([('b', 1), ('a', 2)])"),
        (collections.defaultdict(list, a=[1]), "defaultdict(list, {'a': [1]})"),
        (collections.Counter("aab"), "Counter({'a': 2, 'b': 1})"),
        (collections.Counter(), "Counter()"),
        (collections.deque([1, 2], maxlen=3), "deque([1, 2], maxlen=3)"),
        (ValueError("x", 2), "ValueError('x', 2)"),
        (int, "int"),
        (collections.OrderedDict, "collections.OrderedDict"),
        (len, "<function len>"),
        (None, "None"),
    ],
)
def test_short_values(value, text):
    assert pretty(value) == text


def test_long_lists_break_one_item_per_line():
    assert pretty(list(range(30))) == "[" + ",\n ".join(str(i) for i in range(30)) + "]"


def test_dicts_break_and_nest_with_indentation():
    value = {f"key{i}": list(range(i)) for i in range(7)}
    lines = pretty(value).splitlines()
    assert lines[0] == "{'key0': [],"
    assert lines[1] == " 'key1': [0],"
    assert all(len(line) <= 79 for line in lines)


def test_max_width():
    value = list(range(12))
    assert "\n" not in pretty(value, max_width=79)
    assert pretty(value, max_width=20).count("\n") == 11


def test_unsortable_keys_keep_their_order():
    value = {1: "a", "b": 2, None: 3}
    assert pretty(value, sort_dicts=True) == "{1: 'a', 'b': 2, None: 3}"


def test_sorted_keys_when_asked():
    assert pretty({"b": 1, "a": 2}, sort_dicts=True) == "{'a': 2, 'b': 1}"
    assert pretty({"b": 1, "a": 2}) == "{'b': 1, 'a': 2}"


def test_an_object_without_a_repr_shows_its_class_and_address():
    class Plain:
        pass

    thing = Plain()
    assert pretty(thing) == f"<{__name__}.{Plain.__qualname__} at {id(thing):#x}>"
    assert pretty(object()).startswith("<object at 0x")


def test_cycles():
    items: list[object] = [1]
    items.append(items)
    assert pretty(items) == "[1, [...]]"
    table: dict[str, object] = {}
    table["self"] = table
    assert pretty(table) == "{'self': {...}}"


def test_repeated_but_not_cyclic_objects_are_printed_each_time():
    shared = [1]
    assert pretty([shared, shared]) == "[[1], [1]]"


def test_max_seq_length():
    assert pretty(list(range(10)), max_seq_length=3) == "[0, 1, 2, ...]"


def test_long_multiline_strings_are_split_into_lines():
    text = "line one\nline two\n" * 4
    printed = pretty(text)
    assert printed.splitlines()[0] == "('line one\\n'"
    assert printed.endswith("'line two\\n')")
    assert eval(printed) == text


def test_subclasses_with_their_own_repr_are_respected():
    class Tagged(list):
        def __repr__(self):
            return "Tagged!"

    class Plain(list):
        pass

    assert pretty([Tagged([1])]) == "[Tagged!]"
    assert pretty(Plain([1, 2])) == "[1, 2]"


def test_the_repr_pretty_protocol():
    class Matrix:
        def __init__(self, rows):
            self.rows = rows

        def _repr_pretty_(self, p, cycle):
            if cycle:
                p.text("Matrix(...)")
                return
            with p.group(7, "Matrix(", ")"):
                for index, row in enumerate(self.rows):
                    if index:
                        p.text(",")
                        p.breakable()
                    p.pretty(row)

    assert pretty(Matrix([[1, 2], [3, 4]])) == "Matrix([1, 2], [3, 4])"
    wide = pretty(Matrix([list(range(10))] * 3), max_width=40)
    assert wide.splitlines()[1].startswith("       [0, 1")


def test_repr_pretty_is_looked_up_on_the_class_not_through_getattr():
    class Everything:
        def __getattr__(self, name):
            return lambda *args: None

        def __repr__(self):
            return "Everything()"

    assert pretty(Everything()) == "Everything()"


def test_custom_printers_by_type_and_by_name():
    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y

    printer = PrettyPrinter(
        type_printers={Point: lambda obj, p, cycle: p.text(f"P<{obj.x},{obj.y}>")}
    )
    printer.pretty([Point(1, 2)])
    assert printer.getvalue() == "[P<1,2>]"
    deferred = PrettyPrinter(
        deferred_printers={(Point.__module__, "Point"): lambda obj, p, cycle: p.text("deferred")}
    )
    deferred.pretty(Point(0, 0))
    assert deferred.getvalue() == "deferred"


def test_a_huge_list_prints_in_linear_time():
    import gc
    import time

    # CPU time (1.2 s on an idle machine), with the objects the test process already
    # holds frozen out of the collector: in a long-running worker on a loaded machine,
    # the wall time once reached 11.6 s, most of it waiting for a core or collecting
    # garbage the printer never made.
    gc.freeze()
    try:
        started = time.process_time()
        text = pretty(list(range(200_000)), max_seq_length=200_000)
        elapsed = time.process_time() - started
    finally:
        gc.unfreeze()
    assert text.count("\n") == 199_999
    assert elapsed < 10
