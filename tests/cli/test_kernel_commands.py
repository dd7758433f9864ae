"""``jovi kernelspec install|list|remove`` and ``jovi kernel`` run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def run(command, *args, check_code=0, **kwargs):
    result = subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=60, check=False, **kwargs
    )
    assert "Traceback (most recent call last)" not in result.stdout + result.stderr
    assert result.returncode == check_code, result.stdout + result.stderr
    return result


def jupyter_kernelspecs() -> dict:
    jupyter = Path(sys.executable).with_name("jupyter-kernelspec")
    result = run([str(jupyter)], "list", "--json")
    return json.loads(result.stdout)["kernelspecs"]


def test_install_for_the_user_is_found_by_jupyter(jovi_command, isolated_dirs):
    result = run(jovi_command, "kernelspec", "install", "--user")
    spec_dir = isolated_dirs / "jupyter-data" / "kernels" / "jovi"
    assert result.stdout == f"Installed kernelspec jovi in {spec_dir}\n"
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["argv"] == [sys.executable, "-m", "jovi", "kernel", "-f", "{connection_file}"]
    assert (spec["display_name"], spec["language"], spec["interrupt_mode"]) == (
        "Python 3 (jovi)",
        "python",
        "signal",
    )
    found = jupyter_kernelspecs()["jovi"]
    assert Path(found["resource_dir"]) == spec_dir
    assert found["spec"]["display_name"] == "Python 3 (jovi)"


def test_install_into_a_prefix_with_a_name_and_display_name(jovi_command, tmp_path):
    run(
        jovi_command,
        "kernelspec",
        "install",
        "--prefix",
        str(tmp_path / "env"),
        "--name",
        "Jovi-Dev",
        "--display-name",
        "jovi (dev)",
    )
    spec_file = tmp_path / "env" / "share" / "jupyter" / "kernels" / "jovi-dev" / "kernel.json"
    assert json.loads(spec_file.read_text())["display_name"] == "jovi (dev)"


def test_install_into_this_environment(jovi_command):
    spec_dir = Path(sys.prefix, "share", "jupyter", "kernels", "jovi-test-sys-prefix")
    try:
        run(jovi_command, "kernelspec", "install", "--sys-prefix", "--name", "jovi-test-sys-prefix")
        assert (spec_dir / "kernel.json").is_file()
        assert "jovi-test-sys-prefix" in jupyter_kernelspecs()
    finally:
        shutil.rmtree(spec_dir, ignore_errors=True)


def test_list_and_remove(jovi_command, isolated_dirs):
    run(jovi_command, "kernelspec", "install", "--user")
    listing = run(jovi_command, "kernelspec", "list").stdout
    spec_dir = isolated_dirs / "jupyter-data" / "kernels" / "jovi"
    assert listing.startswith("Available kernels:\n")
    assert re.search(rf"^  jovi +{re.escape(str(spec_dir))}$", listing, re.MULTILINE)
    as_json = json.loads(run(jovi_command, "kernelspec", "list", "--json").stdout)
    assert as_json["kernelspecs"]["jovi"]["resource_dir"] == str(spec_dir)
    assert as_json["kernelspecs"]["jovi"]["spec"]["language"] == "python"
    removed = run(jovi_command, "kernelspec", "remove", "jovi", "-f")
    assert removed.stdout == f"Removed {spec_dir}\n"
    assert not spec_dir.exists()
    assert "jovi" not in jupyter_kernelspecs()


def test_mistakes_get_one_plain_sentence(jovi_command):
    missing = run(jovi_command, "kernelspec", "remove", "nonesuch", "-f", check_code=2)
    assert missing.stderr.startswith("jovi: error: no kernelspec named nonesuch;")
    both = run(jovi_command, "kernelspec", "install", "--user", "--sys-prefix", check_code=2)
    assert "choose one of --user and --sys-prefix" in both.stderr
    bad_name = run(jovi_command, "kernelspec", "install", "--user", "--name", "a b", check_code=2)
    assert "'a b' is not a valid kernel name" in bad_name.stderr


def test_a_standalone_kernel_writes_its_connection_file_and_says_how_to_connect(
    jovi_command, isolated_dirs
):
    from jupyter_client.blocking.client import BlockingKernelClient

    with subprocess.Popen(
        [*jovi_command, "kernel"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
    ) as process:
        connection_file = isolated_dirs / "jupyter-runtime" / f"kernel-{process.pid}.json"
        try:
            first_lines = [process.stdout.readline() for _ in range(3)]
            assert first_lines[0] == (
                f"jovi kernel {process.pid} is running; its connection file is {connection_file}\n"
            )
            assert first_lines[2] == f"    jovi console --existing kernel-{process.pid}.json\n"
            assert stat.S_IMODE(connection_file.stat().st_mode) == 0o600
            client = BlockingKernelClient(connection_file=str(connection_file))
            client.load_connection_file()
            client.start_channels()
            client.wait_for_ready(timeout=30)
            client.shutdown()
            assert process.wait(timeout=10) == 0
            client.stop_channels()
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=10)
    assert not connection_file.exists()  # the kernel made it, the kernel removed it


def test_connect_info_shows_the_connection_and_the_command(jovi_command, tmp_path):
    from jupyter_client.blocking.client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

    connection_file = tmp_path / "kernel-test.json"
    write_connection_file(str(connection_file), ip="127.0.0.1", key=b"k")
    process = subprocess.Popen(
        [*jovi_command, "kernel", "-f", str(connection_file)], stdin=subprocess.DEVNULL
    )
    try:
        client = BlockingKernelClient(connection_file=str(connection_file))
        client.load_connection_file()
        client.start_channels()
        client.wait_for_ready(timeout=30)
        seen = []
        client.execute_interactive("%connect_info", timeout=20, output_hook=seen.append)
        client.shutdown()
        process.wait(timeout=10)
        client.stop_channels()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    text = "".join(m["content"]["text"] for m in seen if m["msg_type"] == "stream")
    shown = json.loads(text[: text.index("\n}\n") + 2])
    assert shown == json.loads(connection_file.read_text())
    assert "    jovi console --existing kernel-test.json\n" in text
    assert f"    jovi console --existing {connection_file.resolve()}\n" in text


def test_a_connection_file_that_is_not_json_is_refused_plainly(jovi_command, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = run(jovi_command, "kernel", "-f", str(broken), check_code=1)
    assert result.stderr.startswith(f"jovi: error: connection file {broken} is not JSON")


def test_python_dash_m_jovi_kernel_starts_too(tmp_path):
    connection_file = tmp_path / "k.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "jovi", "kernel", "-f", str(connection_file)],
        stdin=subprocess.DEVNULL,
        env={**os.environ},
    )
    try:
        deadline = time.monotonic() + 30
        while not connection_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert json.loads(connection_file.read_text())["shell_port"] > 0
    finally:
        process.terminate()
        process.wait(timeout=10)
