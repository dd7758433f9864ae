"""The server publishes an OpenAPI document (``/api/spec.yaml``), and what it answers
matches it: every route is in the document, and every JSON answer of a sequence of
requests (successes and errors) validates against the document's schema for it."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
import yaml
from starlette.routing import Mount, Route, WebSocketRoute

from jovi.server.app import build_app
from tests.server.test_kernels import Channels, _execute, _start
from tests.server.test_rest_contract import SEQUENCE, _request

pytestmark = pytest.mark.integration


@pytest.fixture
def spec(server) -> dict[str, Any]:
    reply = server.get("/api/spec.yaml")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/x-yaml")
    document = yaml.safe_load(reply.body)
    assert document["openapi"].startswith("3.1")
    return document


def _template(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", path)


def test_every_route_is_in_the_document(spec, server_root):
    from tests.server.conftest import ServerSettings

    app = build_app(ServerSettings(root_dir=server_root, token="t", cookie_secret=b"s"))
    served = set()
    for route in app.routes:
        if isinstance(route, (Route, WebSocketRoute)) and not isinstance(route, Mount):
            served.add(_template(route.path))
    documented = set(spec["paths"])
    undocumented = {
        path for path in served - documented
        if path not in {"/api/", "/api/contents"}  # the same operations as /api, /{path}
    }  # fmt: skip
    assert undocumented == set()
    assert documented - served == set()


def _operation(spec: dict[str, Any], method: str, url: str) -> tuple[str, dict[str, Any]]:
    path = url.split("?", 1)[0]
    if path == "/api/contents":
        path = "/api/contents/"
    by_specificity = sorted(spec["paths"].items(), key=lambda item: -len(item[0].split("/")))
    for template, item in by_specificity:
        pattern = (
            "^"
            + re.sub(
                r"\\\{(\w+)\\\}",
                lambda m: "(.*)" if m.group(1) == "path" else "[^/]+",
                re.escape(template),
            )
            + "$"
        )
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    raise AssertionError(f"{method} {url} is not in the document")


def _check(spec: dict[str, Any], method: str, url: str, status: int, body: Any) -> None:
    template, operation = _operation(spec, method, url)
    responses = operation["responses"]
    assert str(status) in responses, f"{method} {template} answered {status}, not documented"
    response = responses[str(status)]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None or body is None:
        return
    jsonschema.Draft202012Validator({**schema, "components": spec["components"]}).validate(body)


def test_every_answer_of_a_sequence_matches_the_document(spec, server, server_root):
    ids: dict[str, str] = {}
    checked = 0
    for method, path, body, send_token in SEQUENCE:
        if not send_token:
            continue  # 403s from the gate are the same for every route
        url = path.format(**ids) if "{" in path else path
        status, parsed = _request(server.port, server.token, method, url, body, True)
        if path == "/api/sessions" and method == "POST":
            ids = {"session": parsed["id"], "kernel": parsed["kernel"]["id"]}
        _check(spec, method, url, status, parsed)
        checked += 1
    kernel = _start(server)
    channels = Channels(server, kernel["id"])
    try:
        channels.until_reply(channels.send(_execute("print(1)", channels.session)))
    finally:
        channels.close()
    for url in (f"/api/kernels/{kernel['id']}/executions", "/api/status", "/api/me",
                "/api/nbconvert", "/api/config/notebook", "/api/kernelspecs/jovi",
                "/clusters", "/clusters/default"):  # fmt: skip
        status, parsed = _request(server.port, server.token, "GET", url, None, True)
        _check(spec, "GET", url, status, parsed)
        checked += 1
    assert checked > 50
