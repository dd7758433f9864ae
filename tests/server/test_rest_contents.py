"""``/api/contents`` over real HTTP: statuses, headers and bodies as Jupyter Server's."""

from __future__ import annotations

import json

import pytest


def _notebook(source: str = "1 + 1") -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "c1",
                "metadata": {},
                "outputs": [],
                "source": source,
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.mark.integration
def test_api_answers_its_version_without_a_token(server):
    reply = server.get("/api", token=False)
    assert reply.status == 200
    assert set(reply.json()) == {"version"}
    status = server.get("/api/status").json()
    assert set(status) == {"started", "last_activity", "connections", "kernels"}


@pytest.mark.integration
def test_the_life_of_a_notebook_through_the_api(server, server_root):
    created = server.request("POST", "/api/contents", {"type": "notebook"})
    assert created.status == 201
    assert created.headers["location"] == "/api/contents/Untitled.ipynb"
    assert created.json()["path"] == "Untitled.ipynb"
    assert "last-modified" in created.headers

    saved = server.request(
        "PUT", "/api/contents/Untitled.ipynb", {"type": "notebook", "content": _notebook()}
    )
    assert saved.status == 200
    assert saved.json()["content"] is None
    read = server.get("/api/contents/Untitled.ipynb")
    assert read.status == 200
    assert "location" not in read.headers
    assert read.json()["content"]["cells"][0]["source"] == "1 + 1"

    renamed = server.request(
        "PATCH", "/api/contents/Untitled.ipynb", {"path": "sub dir/analysis.ipynb"}
    )
    assert renamed.status == 404  # no such directory yet
    server.request("PUT", "/api/contents/sub dir", {"type": "directory"})
    renamed = server.request(
        "PATCH", "/api/contents/Untitled.ipynb", {"path": "sub dir/analysis.ipynb"}
    )
    assert renamed.status == 200
    assert renamed.headers["location"] == "/api/contents/sub%20dir/analysis.ipynb"

    checkpoints = server.get("/api/contents/sub dir/analysis.ipynb/checkpoints")
    assert [c["id"] for c in checkpoints.json()] == ["checkpoint"]
    made = server.request("POST", "/api/contents/sub dir/analysis.ipynb/checkpoints")
    assert made.status == 201
    assert made.headers["location"].endswith("/analysis.ipynb/checkpoints/checkpoint")
    server.request(
        "PUT",
        "/api/contents/sub dir/analysis.ipynb",
        {"type": "notebook", "content": _notebook("changed")},
    )
    restored = server.request("POST", "/api/contents/sub dir/analysis.ipynb/checkpoints/checkpoint")
    assert restored.status == 204
    again = server.get("/api/contents/sub dir/analysis.ipynb").json()
    assert again["content"]["cells"][0]["source"] == "1 + 1"

    copied = server.request(
        "POST", "/api/contents/sub dir", {"copy_from": "sub dir/analysis.ipynb"}
    )
    assert (copied.status, copied.json()["name"]) == (201, "analysis-Copy1.ipynb")
    assert server.request("DELETE", "/api/contents/sub dir/analysis-Copy1.ipynb").status == 204
    assert server.get("/api/contents/sub dir/analysis-Copy1.ipynb").status == 404


@pytest.mark.integration
def test_put_creates_with_201_and_uploads_base64(server, server_root):
    reply = server.request(
        "PUT", "/api/contents/data.bin", {"type": "file", "format": "base64", "content": "AAEC"}
    )
    assert reply.status == 201
    assert (server_root / "data.bin").read_bytes() == b"\x00\x01\x02"
    reply = server.request(
        "PUT", "/api/contents/data.bin", {"type": "file", "format": "base64", "content": "AwQ="}
    )
    assert reply.status == 200


@pytest.mark.integration
@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/api/contents/missing.txt", None, 404),
        ("GET", "/api/contents/f.txt?format=hex", None, 400),
        ("GET", "/api/contents/f.txt?content=2", None, 400),
        ("GET", "/api/contents/f.txt?type=directory", None, 400),
        ("POST", "/api/contents/f.txt", {"type": "file"}, 400),
        ("PUT", "/api/contents/x.txt", {"copy_from": "f.txt"}, 400),
        ("PUT", "/api/contents/.hidden", {"type": "file", "content": ""}, 400),
        ("PATCH", "/api/contents/f.txt", None, 400),
        ("DELETE", "/api/contents/missing.txt", None, 404),
        ("POST", "/api/contents/missing/checkpoints", None, 404),
    ],
)
def test_errors_have_jupyter_servers_statuses_and_a_json_message(
    server, server_root, method, path, body, status
):
    (server_root / "f.txt").write_text("f")
    reply = server.request(method, path, body)
    assert reply.status == status
    error = reply.json()
    assert set(error) >= {"message", "reason"}
    assert isinstance(error["message"], str)
    assert error["message"]


@pytest.mark.integration
def test_a_body_that_is_not_json_is_a_400_in_one_sentence(server):
    reply = server.request("PUT", "/api/contents/x.txt", raw_body=b"{not json")
    assert reply.status == 400
    assert reply.json()["message"] == "The request's body is not valid JSON."


@pytest.mark.integration
def test_a_save_conflicting_with_a_change_on_disk_is_409(server, server_root):
    (server_root / "t.txt").write_text("v1")
    read = server.get("/api/contents/t.txt?hash=1").json()
    (server_root / "t.txt").write_text("edited elsewhere")
    reply = server.request(
        "PUT",
        "/api/contents/t.txt",
        {"type": "file", "format": "text", "content": "mine", "hash": read["hash"]},
    )
    assert reply.status == 409
    assert "changed on disk" in reply.json()["message"]
    assert (server_root / "t.txt").read_text() == "edited elsewhere"


@pytest.mark.integration
def test_a_directory_listing_over_http(server, server_root):
    (server_root / "a.txt").write_text("a")
    (server_root / "b.ipynb").write_text(json.dumps(_notebook()))
    model = server.get("/api/contents").json()
    assert [(m["name"], m["type"]) for m in model["content"]] == [
        ("a.txt", "file"),
        ("b.ipynb", "notebook"),
    ]
