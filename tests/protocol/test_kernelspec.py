"""The kernelspec model: kernel.json read, checked, written; names; the start command."""

from __future__ import annotations

import json
import re
import sys

import pytest

from jovi.errors import KernelSpecError
from jovi.kernels.specs import read_kernel_spec
from jovi.protocol import KernelSpec, format_argv, validate_kernel_name

KERNEL_JSON = {
    "argv": ["python", "-m", "jovi.kernel", "-f", "{connection_file}"],
    "display_name": "Python 3 (jovi)",
    "language": "python",
    "interrupt_mode": "signal",
    "env": {"JOVI_KERNEL": "1"},
    "metadata": {"debugger": False},
    "kernel_protocol_version": "5.3",
}


def test_a_kernelspec_directory_is_read(tmp_path):
    directory = tmp_path / "Jovi"
    directory.mkdir()
    (directory / "kernel.json").write_text(json.dumps(KERNEL_JSON))
    spec = read_kernel_spec(directory)
    assert spec == KernelSpec(
        argv=("python", "-m", "jovi.kernel", "-f", "{connection_file}"),
        display_name="Python 3 (jovi)",
        language="python",
        env={"JOVI_KERNEL": "1"},
        metadata={"debugger": False},
        kernel_protocol_version="5.3",
        name="jovi",
        resource_dir=directory,
    )
    assert spec.to_json() == KERNEL_JSON


def test_the_start_command_fills_in_the_placeholders(tmp_path):
    spec = KernelSpec(
        argv=(
            "{prefix}/bin/k",
            "-f",
            "{connection_file}",
            "--res={resource_dir}",
            '{"a": 1}',
            "{x}",
        ),
        display_name="K",
        resource_dir=tmp_path,
    )
    assert spec.command(tmp_path / "c.json", x="ex") == [
        f"{sys.prefix}/bin/k",
        "-f",
        str(tmp_path / "c.json"),
        f"--res={tmp_path}",
        '{"a": 1}',
        "ex",
    ]
    assert format_argv(["{unknown}", "{{x}}"], {"x": "1"}) == ["{unknown}", "{1}"]


def test_fields_that_may_be_missing_and_fields_that_are_kept():
    spec = KernelSpec.from_json({"argv": ["k"], "logo": "x.png"}, name="mine")
    assert spec == KernelSpec(
        argv=("k",), display_name="mine", name="mine", extra={"logo": "x.png"}
    )
    assert spec.to_json()["logo"] == "x.png"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"argv": "python"}, "'argv' must be a list of strings, not a string"),
        ({"argv": ["python", 3]}, "'argv' must be a list of strings, not an array"),
        ({"argv": []}, "'argv' must not be empty"),
        ({"display_name": 3}, "'display_name' must be a string, not an integer"),
        ({"interrupt_mode": "kill"}, "'interrupt_mode' must be 'signal' or 'message', not 'kill'"),
        ({"env": {"A": 1}}, "'env' must be an object of strings"),
        ({"metadata": []}, "'metadata' must be an object, not an array"),
        ({"kernel_protocol_version": 5.3}, "'kernel_protocol_version' must be a string"),
    ],
)
def test_bad_kernel_json_is_refused_naming_the_file_and_field(tmp_path, change, message):
    directory = tmp_path / "bad"
    directory.mkdir()
    (directory / "kernel.json").write_text(json.dumps({**KERNEL_JSON, **change}))
    with pytest.raises(
        KernelSpecError, match=re.escape(f"{directory / 'kernel.json'}: {message}")
    ) as caught:
        read_kernel_spec(directory)
    assert caught.value.path == str(directory / "kernel.json")


def test_missing_argv_missing_file_and_not_json(tmp_path):
    with pytest.raises(KernelSpecError, match="has no 'argv'"):
        KernelSpec.from_json({"display_name": "x"})
    with pytest.raises(KernelSpecError, match=r"kernel\.json does not exist"):
        read_kernel_spec(tmp_path)
    (tmp_path / "kernel.json").write_text("{")
    with pytest.raises(KernelSpecError, match="is not JSON"):
        read_kernel_spec(tmp_path)


@pytest.mark.parametrize(("name", "expected"), [("Python3", "python3"), ("ir-4.1_x", "ir-4.1_x")])
def test_valid_kernel_names_are_lower_cased(name, expected):
    assert validate_kernel_name(name) == expected


@pytest.mark.parametrize("name", ["", "my kernel", "a/b", "ké", "x\n"])
def test_invalid_kernel_names(name):
    with pytest.raises(KernelSpecError, match="is not a valid kernel name"):
        validate_kernel_name(name)
