"""``/clusters`` over real HTTP: the profiles of jovi's directory with their clusters,
started and stopped for real (``jovi cluster start``: a controller and engines), seen
and stopped whoever started them, and stopped with the server that started them."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import psutil
import pytest
import yaml

from jovi.parallel import Client
from jovi.utils.paths import jovi_dir
from tests.server.conftest import Http, start_server
from tests.server.test_openapi import _check

pytestmark = pytest.mark.integration


def _profile(name: str) -> Path:
    location = jovi_dir() / f"profile_{name}"
    location.mkdir(parents=True, exist_ok=True)
    return location


def _engine_pids(profile: str) -> list[int]:
    security = jovi_dir() / f"profile_{profile}" / "security"
    with Client(security / "ipcontroller-client.json") as rc:
        return list(rc[:].apply_sync(os.getpid))


def _gone(pids: list[int]) -> bool:
    return not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        for pid in pids
    )


def _documented(method: str, url: str, status: int, body: object) -> None:
    """The answer is as the server's OpenAPI document says."""
    spec = yaml.safe_load(files("jovi.server").joinpath("api.yaml").read_bytes())
    _check(spec, method, url, status, body)


def _supervisor(server: Http, profile: str) -> int:
    (cluster,) = server.get(f"/clusters/{profile}").json()["clusters"]
    return int(cluster["pid"])


def test_the_profiles_are_listed_default_first_each_stopped(server):
    _profile("zeta")
    _profile("alpha")
    (jovi_dir() / "not_a_profile").mkdir()
    listed = server.get("/clusters")
    assert listed.status == 200
    assert [p["profile"] for p in listed.json()] == ["default", "alpha", "zeta"]
    alpha = listed.json()[1]
    assert alpha == {
        "profile": "alpha",
        "profile_dir": str(jovi_dir() / "profile_alpha"),
        "status": "stopped",
        "clusters": [],
    }
    assert server.get("/clusters/alpha").json() == alpha


def test_unknown_profiles_bad_counts_and_stopping_what_is_stopped_are_refused(server):
    _profile("alpha")
    for method, path in (
        ("GET", "/clusters/nope"),
        ("POST", "/clusters/nope/start"),
        ("POST", "/clusters/nope/stop"),
        ("GET", "/clusters/.hidden"),
    ):
        reply = server.request(method, path)
        assert reply.status == 404, (method, path)
        assert reply.json()["message"]
    for query in ("n=0", "n=-1", "n=two", "n=1.5", "n=100000"):
        assert server.request("POST", f"/clusters/alpha/start?{query}").status == 400, query
    assert server.request("POST", "/clusters/alpha/start", {"n": True}).status == 400
    stop = server.request("POST", "/clusters/alpha/stop")
    assert stop.status == 409
    assert "not running" in stop.json()["message"]
    assert not (jovi_dir() / "profile_alpha" / "security").exists()  # nothing was started


def test_a_cluster_of_two_engines_starts_runs_and_stops(server):
    _profile("alpha")
    started = server.request("POST", "/clusters/alpha/start?n=2")
    assert started.status == 200, started.body
    model = started.json()
    assert model["status"] == "running"
    assert model["n"] == 2
    _documented("POST", "/clusters/alpha/start", 200, model)
    assert server.get("/clusters").json()[1]["status"] == "running"
    supervisor = _supervisor(server, "alpha")
    pids = _engine_pids("alpha")
    assert len(set(pids)) == 2
    try:
        again = server.request("POST", "/clusters/alpha/start?n=1")
        assert again.status == 409
        assert "already running" in again.json()["message"]
        listed = subprocess.run(
            [sys.executable, "-m", "jovi", "cluster", "list", "--profile=alpha"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert "2 engines" in listed.stdout  # the command line sees it too
    finally:
        stopped = server.request("POST", "/clusters/alpha/stop")
    assert stopped.status == 200
    _documented("POST", "/clusters/alpha/stop", 200, stopped.json())
    assert stopped.json() == {
        "profile": "alpha",
        "profile_dir": str(jovi_dir() / "profile_alpha"),
        "status": "stopped",
        "clusters": [],
    }
    assert _gone([supervisor, *pids])
    assert not (jovi_dir() / "profile_alpha" / "security" / "cluster-.json").exists()


def test_a_cluster_started_in_a_terminal_is_seen_and_stopped(server):
    started = subprocess.run(
        [sys.executable, "-m", "jovi", "cluster", "start", "-n", "1", "--daemonize"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "1 engines" in started.stdout
    model = server.get("/clusters/default").json()
    assert model["status"] == "running"
    assert model["n"] == 1
    supervisor = _supervisor(server, "default")
    pids = _engine_pids("default")
    stopped = server.request("POST", "/clusters/default/stop")
    assert stopped.status == 200
    assert stopped.json()["status"] == "stopped"
    assert _gone([supervisor, *pids])


def test_the_clusters_a_server_started_stop_with_it(server_root, tmp_path):
    running, server = start_server(server_root, tmp_path)
    try:
        started = server.request("POST", "/clusters/default/start", {"n": 1})
        assert started.status == 200, started.body
        assert started.json()["n"] == 1
        supervisor = _supervisor(server, "default")
        pids = _engine_pids("default")
    finally:
        running.stop()
    assert _gone([supervisor, *pids])


def test_clusters_need_the_token_and_a_change_by_cookie_needs_xsrf(server):
    refused = server.get("/clusters", token=False)
    assert refused.status == 403  # an API answer, not the login page
    assert server.request("POST", "/clusters/default/stop", token=False).status == 403
    browser = Http(server.port, "")
    assert browser.get(f"/clusters?token={server.token}").status == 200
    assert browser.get("/clusters").status == 200  # the cookie alone
    no_xsrf = browser.request("POST", "/clusters/default/stop")
    assert no_xsrf.status == 403
    assert "XSRF" in no_xsrf.json()["message"]
    with_xsrf = browser.request(
        "POST", "/clusters/default/stop", headers={"X-XSRFToken": browser.cookies["_xsrf"]}
    )
    assert with_xsrf.status == 409  # let in; there is nothing to stop


def test_a_state_file_left_by_a_killed_supervisor_is_a_stopped_cluster(server):
    security = _profile("alpha") / "security"
    security.mkdir()
    (security / "cluster-.json").write_text('{"cluster_id": "", "pid": 4194305, "n": 2}')
    model = server.get("/clusters/alpha").json()
    assert model["status"] == "stopped"
    assert "n" not in model
    assert server.request("POST", "/clusters/alpha/stop").status == 409
