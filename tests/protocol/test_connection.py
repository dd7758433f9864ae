"""Connection info and connection files: fields, addresses, validation, 0600 files."""

from __future__ import annotations

import json
import re
import stat

import pytest

from jovi.client.connection_file import (
    connection_file_path,
    read_connection_file,
    write_connection_file,
)
from jovi.errors import ConnectionFileError
from jovi.protocol import ConnectionInfo

FILE = {
    "shell_port": 56101,
    "iopub_port": 35261,
    "stdin_port": 36783,
    "control_port": 48721,
    "hb_port": 47157,
    "ip": "127.0.0.1",
    "key": "a5d2b19a-5fcce499300b98eda6f3413f",
    "transport": "tcp",
    "signature_scheme": "hmac-sha256",
    "kernel_name": "python3",
}
INFO = ConnectionInfo(
    shell_port=56101,
    iopub_port=35261,
    stdin_port=36783,
    control_port=48721,
    hb_port=47157,
    key="a5d2b19a-5fcce499300b98eda6f3413f",
    kernel_name="python3",
)


def test_a_connection_file_read_and_written(tmp_path):
    path = tmp_path / "kernel-1.json"
    path.write_text(json.dumps(FILE))
    assert read_connection_file(path) == INFO
    assert INFO.to_json() == FILE
    written = write_connection_file(tmp_path / "new" / "kernel-2.json", INFO)
    assert json.loads(written.read_text()) == FILE
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.parent.stat().st_mode) == 0o700


def test_unknown_fields_are_kept_and_missing_ports_mean_not_chosen(tmp_path):
    data = {"key": "", "curve_publickey": "Z" * 40, "ip": "10.0.0.1"}
    info = ConnectionInfo.from_json(data)
    assert info == ConnectionInfo(ip="10.0.0.1", extra={"curve_publickey": "Z" * 40})
    assert not info.all_ports_chosen
    assert info.to_json()["curve_publickey"] == "Z" * 40


def test_addresses_of_the_channels():
    assert INFO.url("shell") == "tcp://127.0.0.1:56101"
    assert INFO.url("hb") == "tcp://127.0.0.1:47157"
    assert ConnectionInfo(ip="::1", shell_port=5).url("shell") == "tcp://[::1]:5"
    ipc = ConnectionInfo(transport="ipc", ip="/tmp/kernel-ipc", iopub_port=2)
    assert ipc.url("iopub") == "ipc:///tmp/kernel-ipc-2"
    assert INFO.url("shell", port=7) == "tcp://127.0.0.1:7"


def test_ports_and_a_copy_with_new_ports():
    moved = INFO.with_ports(shell=1, hb=2)
    assert moved.ports() == {"shell": 1, "iopub": 35261, "stdin": 36783, "control": 48721, "hb": 2}
    assert INFO.shell_port == 56101
    with pytest.raises(ValueError, match="not channels: web"):
        INFO.with_ports(web=1)


def test_new_connection_info_has_a_fresh_key_and_no_ports():
    first, second = ConnectionInfo.new(), ConnectionInfo.new(transport="ipc", ip="k")
    assert len(first.key) == 64
    assert first.key != second.key
    assert first.ports() == dict.fromkeys(first.ports(), 0)
    assert second.transport == "ipc"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"shell_port": "56101"}, "'shell_port' must be an integer from 0 to 65535, not a string"),
        (
            {"hb_port": 70000},
            "'hb_port' must be an integer from 0 to 65535, not an integer (70000)",
        ),
        ({"iopub_port": -1}, "'iopub_port' must be an integer"),
        ({"stdin_port": True}, "'stdin_port' must be an integer from 0 to 65535, not a boolean"),
        ({"transport": "udp"}, "'transport' must be 'tcp' or 'ipc', not 'udp'"),
        ({"ip": ""}, "'ip' must not be empty"),
        ({"key": 5}, "'key' must be a string, not an integer"),
        ({"signature_scheme": "md5"}, "'signature_scheme': 'md5' is not a signature scheme"),
    ],
)
def test_bad_fields_are_refused_naming_the_file_and_the_field(tmp_path, change, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**FILE, **change}))
    with pytest.raises(
        ConnectionFileError, match=re.escape(f"connection file {path}: {message}")
    ) as caught:
        read_connection_file(path)
    assert caught.value.path == str(path)


def test_files_that_are_missing_not_json_or_without_a_key(tmp_path):
    with pytest.raises(ConnectionFileError, match="does not exist"):
        read_connection_file(tmp_path / "nope.json")
    (tmp_path / "a.json").write_text("{not json")
    with pytest.raises(ConnectionFileError, match="is not JSON"):
        read_connection_file(tmp_path / "a.json")
    (tmp_path / "b.json").write_text("[1]")
    with pytest.raises(ConnectionFileError, match="must hold a JSON object, not an array"):
        read_connection_file(tmp_path / "b.json")
    (tmp_path / "c.json").write_text(json.dumps({k: v for k, v in FILE.items() if k != "key"}))
    with pytest.raises(ConnectionFileError, match="has no 'key'"):
        read_connection_file(tmp_path / "c.json")


def test_the_default_place_of_a_connection_file(isolated_dirs):
    assert connection_file_path("abc") == isolated_dirs / "jupyter-runtime" / "kernel-abc.json"
