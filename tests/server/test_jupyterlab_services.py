"""JupyterLab's own client library, @jupyterlab/services (a Node package nobody here
wrote, installed for the tests only), against ``jovi notebook``: sessions, kernels,
execution in both WebSocket framings, saving, renaming, checkpoints, interrupt and
restart, as JupyterLab does them."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT
from tests.processes import free_port
from tests.server.test_command import ServerProcess

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("framing", ["v1", "json"])
def test_jupyterlab_services_drives_the_server(jovi_command, tmp_path, framing):
    node = shutil.which("node")
    assert node, "Node.js is needed for this test (CI installs it)"
    root = tmp_path / "work"
    root.mkdir()
    server = ServerProcess(jovi_command, root, "--port", str(free_port()))
    try:
        options = {"baseUrl": f"http://127.0.0.1:{server.port}/", "token": server.token,
                   "framing": framing}  # fmt: skip
        result = subprocess.run(
            [node, str(REPO_ROOT / "tests" / "server" / "jupyterlab_client.mjs"),
             json.dumps(options)],
            capture_output=True, text=True, timeout=180, cwd=REPO_ROOT, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        seen = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        assert server.stop() == 0
    assert seen["defaultSpec"] == "jovi"
    assert "jovi" in seen["specNames"]
    assert seen["untitled"] == "Untitled.ipynb"
    assert seen["readSource"] == "print(1)"
    assert seen["implementation"] == "jovi"
    assert seen["first"] == {"status": "ok", "stdout": "hello from jovi\n", "results": ["42"]}
    assert seen["framing"] == ("v1.kernel.websocket.jupyter.org" if framing == "v1" else "")
    assert seen["renamed"] == "renamed.ipynb"
    assert seen["sessionPaths"] == ["renamed.ipynb"]
    assert seen["checkpoints"] == ["checkpoint"]
    assert seen["restoredSource"] == "print(1)"
    assert seen["interrupted"] == "KeyboardInterrupt"
    assert seen["afterRestart"] == {"status": "ok", "stdout": "False\n", "results": []}
    assert seen["kernelsLeft"] == 0
    assert (root / "renamed.ipynb").is_file()
