"""The server's gate over real HTTP: the token, the login cookie, XSRF, and 50 ways of
reaching outside the root, all refused."""

from __future__ import annotations

import time

import pytest

from jovi.server.auth import Gate
from tests.server.conftest import Http


@pytest.mark.integration
def test_without_the_token_the_api_is_403_and_pages_go_to_the_login(server):
    assert server.get("/api/contents", token=False).status == 403
    assert server.get("/api/status", token=False).status == 403
    wrong = Http(server.port, "wrong-token")
    assert wrong.get("/api/contents").status == 403
    page = server.get("/tree", token=False)
    assert page.status == 302
    assert page.headers["location"].startswith("/login?next=")


@pytest.mark.integration
def test_without_the_token_files_conversions_and_settings_are_403(server, server_root):
    (server_root / "a.txt").write_text("SECRET")
    (server_root / "a.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4}')
    refused = [
        ("GET", "/files/a.txt", None),
        ("HEAD", "/files/a.txt", None),
        ("GET", "/api/nbconvert", None),
        ("GET", "/nbconvert/html/a.ipynb", None),
        ("POST", "/nbconvert/html", {"cells": [], "metadata": {}, "nbformat": 4}),
        ("GET", "/api/config/notebook", None),
        ("PATCH", "/api/config/notebook", {"a": 1}),
        ("PUT", "/api/config/notebook", {"a": 1}),
    ]
    for method, path, body in refused:
        reply = server.request(method, path, body, token=False)
        assert reply.status == 403, (method, path, reply.status)
        assert b"SECRET" not in reply.body
        assert server.request(method, path, body).status in (200, 204), (method, path)
    page = server.get("/view/a.txt", token=False)  # a page: to the login instead
    assert page.status == 302
    assert page.headers["location"] == "/login?next=/view/a.txt"
    assert server.get("/view/a.txt").status == 200


@pytest.mark.integration
def test_the_token_in_a_header_as_token_or_bearer(server):
    for scheme in ("token", "Bearer"):
        reply = server.get(
            "/api/contents", token=False, headers={"Authorization": f"{scheme} {server.token}"}
        )
        assert reply.status == 200


@pytest.mark.integration
def test_token_in_the_query_sets_the_login_cookie_which_then_suffices(server):
    browser = Http(server.port, "")
    assert browser.get(f"/api/contents?token={server.token}").status == 200
    assert "jovi-login-8888" in browser.cookies
    assert "_xsrf" in browser.cookies
    assert browser.get("/api/contents").status == 200  # the cookie alone


@pytest.mark.integration
def test_a_change_by_cookie_alone_needs_the_xsrf_header(server, server_root):
    browser = Http(server.port, "")
    browser.get(f"/api/contents?token={server.token}")
    body = {"type": "file", "format": "text", "content": "x"}
    refused = browser.request("PUT", "/api/contents/x.txt", body)
    assert refused.status == 403
    assert "XSRF" in refused.json()["message"]
    assert not (server_root / "x.txt").exists()
    wrong = browser.request("PUT", "/api/contents/x.txt", body, headers={"X-XSRFToken": "nope"})
    assert wrong.status == 403
    allowed = browser.request(
        "PUT", "/api/contents/x.txt", body, headers={"X-XSRFToken": browser.cookies["_xsrf"]}
    )
    assert allowed.status == 201
    assert (server_root / "x.txt").read_text() == "x"


def test_the_xsrf_check_can_be_turned_off_as_jupyter_servers_disable_check_xsrf():
    gate = Gate("t", b"secret", "jovi-login-1")
    cookies = {"jovi-login-1": gate.login_cookie(now=time.time())}
    put = ("PUT", "/api/contents/x.txt", {}, {})
    assert not gate.decide(*put, cookies).allowed
    relaxed = Gate("t", b"secret", "jovi-login-1", check_xsrf=False)
    assert relaxed.decide(*put, cookies).allowed
    assert not relaxed.decide(*put, {}).allowed  # still logged in, or no entry


def test_a_forged_or_expired_login_cookie_is_refused():
    gate = Gate("t", b"secret", "jovi-login-1")
    cookie = gate.login_cookie(now=1000.0)
    assert gate.check_cookie(cookie, now=1001.0)
    assert not gate.check_cookie(cookie, now=1000.0 + 31 * 86400)
    assert not gate.check_cookie(cookie.replace("jovi|", "root|"), now=1001.0)
    other = Gate("t", b"other secret", "jovi-login-1")
    assert not other.check_cookie(cookie, now=1001.0)


TRAVERSALS = [
    "..",
    "../",
    "../outside.txt",
    "../../etc/passwd",
    "%2e%2e/outside.txt",
    "%2E%2E/outside.txt",
    ".%2e/outside.txt",
    "%2e./outside.txt",
    "%2e%2e%2foutside.txt",
    "%2e%2e%2Foutside.txt",
    "..%2foutside.txt",
    "..%2Foutside.txt",
    "sub/../../outside.txt",
    "sub/%2e%2e/%2e%2e/outside.txt",
    "sub%2f..%2f..%2foutside.txt",
    "..\\outside.txt",
    "..%5coutside.txt",
    "..%5Coutside.txt",
    "sub\\..\\..\\outside.txt",
    "%2e%2e%5coutside.txt",
    "./../outside.txt",
    "././../outside.txt",
    "sub/./../../outside.txt",
    "/../outside.txt",
    "//../outside.txt",
    "sub//../../outside.txt",
    "%00../outside.txt",
    "..%00/outside.txt",
    "outside.txt%00.ipynb",
    "link-out/outside.txt",
    "link-out",
    "link-file-out",
    "sub/link-up/outside.txt",
    "link-out/../outside.txt",
    ".hidden",
    "sub/.hidden",
    ".secret-dir/file.txt",
    "%2ehidden",
    "%2Ehidden",
    ".ipynb_checkpoints",
    "..;/outside.txt",
    "...",
    "sub/...",
    "..%252foutside.txt",
    "%252e%252e/outside.txt",
    "%c0%ae%c0%ae/outside.txt",
    "%c0%af../outside.txt",
    "sub/..%c0%afoutside.txt",
    "\u2024\u2024/outside.txt",
    "..\u2215outside.txt",
]


@pytest.mark.integration
@pytest.mark.parametrize("path", TRAVERSALS)
def test_fifty_ways_out_of_the_root_are_refused(server, server_root, tmp_path, path):
    outside = server_root.parent / "outside.txt"
    outside.write_text("OUTSIDE SECRET")
    (server_root / "sub").mkdir()
    (server_root / ".hidden").write_text("hidden")
    (server_root / "sub" / ".hidden").write_text("hidden")
    (server_root / ".secret-dir").mkdir()
    (server_root / ".secret-dir" / "file.txt").write_text("hidden")
    (server_root / "link-out").symlink_to(server_root.parent)
    (server_root / "link-file-out").symlink_to(outside)
    (server_root / "sub" / "link-up").symlink_to(server_root.parent)
    read = server.get(f"/api/contents/{path}")
    assert b"OUTSIDE SECRET" not in read.body
    assert b"hidden" not in read.body or read.status != 200
    assert read.status in (400, 404), (path, read.status, read.body[:200])
    written = server.request(
        "PUT", f"/api/contents/{path}", {"type": "file", "format": "text", "content": "pwned"}
    )
    assert outside.read_text() == "OUTSIDE SECRET"
    if written.status in (200, 201):  # a harmless literal name inside the root
        landed = server.get(f"/api/contents/{path}?content=0").json()["path"]
        assert (server_root / landed).read_text() == "pwned"
    deleted = server.request("DELETE", f"/api/contents/{path}")
    assert outside.exists()
    assert deleted.status in (204, 400, 404)


def test_there_are_fifty_traversals():
    assert len(set(TRAVERSALS)) == 50


# ---------------------------------------------------------------------- Host and CORS


@pytest.mark.integration
def test_a_server_on_loopback_refuses_other_host_names(server_root, tmp_path):
    from jovi.server.origins import LOOPBACK_NAMES
    from tests.server.conftest import start_server

    running, client = start_server(server_root, tmp_path, allowed_hosts=LOOPBACK_NAMES)
    try:
        assert (
            client.get("/api/contents", headers={"Host": f"localhost:{client.port}"}).status == 200
        )
        assert client.get("/api/contents", headers={"Host": f"[::1]:{client.port}"}).status == 200
        rebound = client.get("/api/contents", headers={"Host": f"evil.example:{client.port}"})
        assert rebound.status == 403
        assert "DNS rebinding" in rebound.json()["message"]
    finally:
        running.stop()


@pytest.mark.integration
def test_cors_is_off_unless_a_site_is_allowed(server, server_root, tmp_path):
    from tests.server.conftest import start_server

    plain = server.get("/api/contents", headers={"Origin": "http://app.example"})
    assert "access-control-allow-origin" not in plain.headers
    running, client = start_server(server_root, tmp_path, allow_origin="http://app.example")
    try:
        preflight = client.request(
            "OPTIONS", "/api/contents/x.txt", token=False,
            headers={"Origin": "http://app.example", "Access-Control-Request-Method": "PUT"},
        )  # fmt: skip
        assert preflight.status == 204
        assert preflight.headers["access-control-allow-origin"] == "http://app.example"
        assert "PUT" in preflight.headers["access-control-allow-methods"]
        allowed = client.get("/api/contents", headers={"Origin": "http://app.example"})
        assert allowed.headers["access-control-allow-origin"] == "http://app.example"
        other = client.get("/api/contents", headers={"Origin": "http://other.example"})
        assert "access-control-allow-origin" not in other.headers
        refused = client.request(
            "OPTIONS", "/api/contents/x.txt", token=False,
            headers={"Origin": "http://other.example", "Access-Control-Request-Method": "PUT"},
        )  # fmt: skip
        assert "access-control-allow-origin" not in refused.headers
    finally:
        running.stop()
