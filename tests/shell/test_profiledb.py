"""The profile's database (<profile>/db): pickled values by key, written atomically."""

from __future__ import annotations

import pytest

from jovi.errors import StoredValueError
from jovi.shell.profiledb import ProfileDB


def test_values_round_trip_under_nested_keys(tmp_path):
    db = ProfileDB(tmp_path / "db")
    assert list(db) == []
    db["bookmarks"] = {"proj": "/p"}
    db["autorestore/x"] = [1, 2]
    assert db["bookmarks"] == {"proj": "/p"}
    assert db["autorestore/x"] == [1, 2]
    assert (tmp_path / "db" / "autorestore" / "x").is_file()
    assert list(db) == ["autorestore/x", "bookmarks"]
    assert len(db) == 2
    assert db.keys_matching("autorestore/*") == ["autorestore/x"]
    assert "bookmarks" in db
    assert "nothing" not in db
    assert 3 not in db


def test_overwrite_delete_and_missing_keys(tmp_path):
    db = ProfileDB(tmp_path / "db")
    db["k"] = 1
    db["k"] = 2
    assert db["k"] == 2
    assert [p.name for p in (tmp_path / "db").iterdir()] == ["k"]  # no temporary files left
    del db["k"]
    with pytest.raises(KeyError):
        db["k"]
    with pytest.raises(KeyError):
        del db["k"]
    assert db.get("k", "default") == "default"


@pytest.mark.parametrize("key", ["", "/", "../outside", "a/../../b", "./x"])
def test_keys_cannot_leave_the_directory(tmp_path, key):
    db = ProfileDB(tmp_path / "db")
    with pytest.raises(KeyError, match="invalid key"):
        db[key] = 1


def test_an_unreadable_value_says_so(tmp_path):
    db = ProfileDB(tmp_path / "db")
    db["broken"] = "x"
    (tmp_path / "db" / "broken").write_bytes(b"\x80\x05garbage")
    with pytest.raises(StoredValueError, match=r"the stored value 'broken' .* cannot be read back"):
        db["broken"]
