"""``/api/config`` over real HTTP: sections of browser settings, merged as Jupyter merges
them and kept in ``nbconfig`` of the Jupyter config directory."""

from __future__ import annotations

import json

import pytest

from jovi.server.frontend_config import merge
from jovi.utils.paths import jupyter_config_dir
from tests.server.conftest import start_server


def _stored(section: str) -> dict:
    return json.loads((jupyter_config_dir() / "nbconfig" / f"{section}.json").read_text())


@pytest.mark.integration
def test_a_section_never_set_is_empty(server):
    reply = server.get("/api/config/notebook")
    assert reply.status == 200
    assert reply.json() == {}
    assert not (jupyter_config_dir() / "nbconfig" / "notebook.json").exists()


@pytest.mark.integration
def test_patch_merges_nested_objects_and_null_deletes(server):
    first = server.request(
        "PATCH", "/api/config/notebook", {"theme": "dark", "keys": {"run": "Shift-Enter", "x": 1}}
    )
    assert first.status == 200
    assert first.json() == {"theme": "dark", "keys": {"run": "Shift-Enter", "x": 1}}
    second = server.request(
        "PATCH", "/api/config/notebook", {"keys": {"x": None, "save": "Ctrl-S"}, "theme": None}
    )
    assert second.json() == {"keys": {"run": "Shift-Enter", "save": "Ctrl-S"}}
    assert server.get("/api/config/notebook").json() == second.json()
    assert _stored("notebook") == second.json()
    emptied = server.request("PATCH", "/api/config/notebook", {"keys": {"run": None, "save": None}})
    assert emptied.json() == {}  # an object left empty goes too
    assert _stored("notebook") == {}


@pytest.mark.integration
def test_a_value_replaces_an_object_and_an_object_replaces_a_value(server):
    server.request("PATCH", "/api/config/tree", {"a": {"b": 1}, "c": 2})
    reply = server.request("PATCH", "/api/config/tree", {"a": 3, "c": {"d": [1, None]}})
    assert reply.json() == {"a": 3, "c": {"d": [1, None]}}  # null in a list is a value


@pytest.mark.integration
def test_sections_are_kept_apart_and_outlive_the_server(server_root, tmp_path, server):
    server.request("PATCH", "/api/config/notebook", {"n": 1})
    server.request("PATCH", "/api/config/my_ext-2", {"e": "é"})
    assert server.get("/api/config/notebook").json() == {"n": 1}
    assert _stored("my_ext-2") == {"e": "é"}
    running, other = start_server(server_root, tmp_path)
    try:
        assert other.get("/api/config/my_ext-2").json() == {"e": "é"}
    finally:
        running.stop()


@pytest.mark.integration
def test_put_replaces_a_section(server):
    server.request("PATCH", "/api/config/notebook", {"a": 1, "b": {"c": 2}})
    reply = server.request("PUT", "/api/config/notebook", {"z": 26})
    assert reply.status == 204
    assert server.get("/api/config/notebook").json() == {"z": 26}


@pytest.mark.integration
def test_a_section_name_is_letters_digits_underscore_and_dash(server, tmp_path):
    for name in ("a.b", "..", "%2e%2e", "a b", "é", "a%2Fb", "..%2F..%2Fx", "x.json", "a%00"):
        for method, body in (("GET", None), ("PATCH", {"x": 1}), ("PUT", {"x": 1})):
            reply = server.request(method, f"/api/config/{name}", body)
            assert reply.status == 404, (method, name, reply.status)
    assert server.get("/api/config/").status == 404
    assert list(jupyter_config_dir().rglob("*.json")) == []
    assert list(tmp_path.rglob("*.json")) == []


@pytest.mark.integration
def test_a_body_that_is_not_an_object_is_400(server):
    for body in ([1], "x", 3):
        assert server.request("PATCH", "/api/config/notebook", body).status == 400
    assert server.request("PATCH", "/api/config/notebook", raw_body=b"{oops").status == 400
    assert server.request("PATCH", "/api/config/notebook").status == 400
    assert not (jupyter_config_dir() / "nbconfig" / "notebook.json").exists()


@pytest.mark.integration
def test_a_broken_file_reads_as_empty_and_is_not_overwritten_by_a_merge(server):
    directory = jupyter_config_dir() / "nbconfig"
    directory.mkdir(parents=True)
    (directory / "notebook.json").write_text('{"half": ')
    assert server.get("/api/config/notebook").json() == {}
    refused = server.request("PATCH", "/api/config/notebook", {"a": 1})
    assert refused.status == 500
    assert "nbconfig/notebook.json" in refused.json()["message"]
    assert str(directory) not in refused.json()["message"]
    assert (directory / "notebook.json").read_text() == '{"half": '


@pytest.mark.integration
def test_the_directory_can_be_chosen(server_root, tmp_path):
    chosen = tmp_path / "chosen"
    running, client = start_server(server_root, tmp_path, nbconfig_dir=chosen)
    try:
        client.request("PATCH", "/api/config/notebook", {"a": 1})
    finally:
        running.stop()
    assert json.loads((chosen / "notebook.json").read_text()) == {"a": 1}


def test_merge_in_place():
    target = {"a": {"b": 1, "c": {"d": 2}}, "e": 3}
    merge(target, {"a": {"c": {"d": None}, "f": 4}, "e": None, "g": {}})
    assert target == {"a": {"b": 1, "f": 4}}
