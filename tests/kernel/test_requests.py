"""The pure helpers of the request handlers."""

from __future__ import annotations

import pytest

from jovi.kernel.requests import kernel_info, name_at_cursor


@pytest.mark.parametrize(
    ("code", "cursor", "name"),
    [
        ("zip", 3, "zip"),
        ("zip", 1, "zip"),
        ("os.path.join", 12, "os.path.join"),
        ("os.path.jo", 10, "os.path.jo"),
        ("os.path.join(a, ", 16, "os.path.join"),
        ("f(g(x", 5, "g"),
        ("f(g(x), y", 9, "f"),
        ("f(x)\nlen(", 10, "len"),
        ("print('(not a call' ", 19, "print"),
        ("x = [1, 2", 9, ""),
        ("d['key'", 7, ""),
        ("", 0, ""),
        ("1 + ", 4, ""),
        ("obj.attr", None, "obj.attr"),
        ("a.b.c(1)", 8, ""),
    ],
)
def test_the_name_to_inspect_is_the_innermost_call_or_the_name_under_the_cursor(code, cursor, name):
    assert name_at_cursor(code, cursor) == name


def test_kernel_info_describes_python_and_jovi():
    info = kernel_info().to_json()
    assert info["protocol_version"] == "5.3"
    assert info["implementation"] == "jovi"
    assert info["language_info"] == {
        "name": "python",
        "version": info["language_info"]["version"],
        "mimetype": "text/x-python",
        "file_extension": ".py",
        "pygments_lexer": "ipython3",
        "codemirror_mode": {"name": "ipython", "version": 3},
        "nbconvert_exporter": "python",
    }
    assert info["banner"].startswith("Python ")
