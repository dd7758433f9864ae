"""Kernelspecs on disk: the search order, names, argv, env, and broken kernel.json files."""

from __future__ import annotations

import sys

import pytest

from jovi.errors import KernelSpecError, NoSuchKernel
from jovi.kernels.launcher import SubprocessLauncher, kernel_environment
from jovi.kernels.specs import find_kernel_specs, get_kernel_spec, kernel_dirs, scan_kernel_specs
from tests.kernels.conftest import write_spec

SPEC = {"argv": ["python", "-m", "a_kernel", "-f", "{connection_file}"], "display_name": "A"}


@pytest.fixture
def search(isolated_dirs, monkeypatch):
    """Three kernel dirs: JUPYTER_PATH's, the user's, and (as the system's) one more."""
    explicit = isolated_dirs / "explicit"
    monkeypatch.setenv("JUPYTER_PATH", str(explicit))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    user = isolated_dirs / "jupyter-data" / "kernels"
    return explicit / "kernels", user


def test_the_search_order_is_jupyter_path_then_user_then_environment(search):
    explicit, user = search
    dirs = kernel_dirs()
    assert dirs[:2] == [explicit, user]
    assert dirs.index(user) < dirs.index(type(user)(sys.prefix, "share", "jupyter", "kernels"))
    write_spec(user, "both", {**SPEC, "display_name": "from the user"})
    write_spec(explicit, "both", {**SPEC, "display_name": "from JUPYTER_PATH"})
    write_spec(user, "mine", {**SPEC, "display_name": "mine"})
    assert get_kernel_spec("both").display_name == "from JUPYTER_PATH"
    assert find_kernel_specs()["mine"] == user / "mine"


def test_names_are_found_whatever_their_case(search):
    _, user = search
    write_spec(user, "Shouty-Kernel", SPEC)
    assert "shouty-kernel" in find_kernel_specs()
    assert get_kernel_spec("SHOUTY-kernel").name == "shouty-kernel"


def test_argv_env_interrupt_mode_and_metadata(search, tmp_path, monkeypatch):
    _, user = search
    directory = write_spec(
        user,
        "full",
        {
            "argv": ["python", "{resource_dir}/run.py", "-f", "{connection_file}", "{kept}"],
            "display_name": "Full",
            "language": "python",
            "interrupt_mode": "message",
            "env": {"KERNEL_HOME": "${HOME}/kernel", "PLAIN": "1"},
            "metadata": {"debugger": True},
        },
    )
    spec = get_kernel_spec("full")
    assert (spec.interrupt_mode, spec.metadata) == ("message", {"debugger": True})
    launcher = SubprocessLauncher(spec, kernel_id="abc")
    command = launcher.command()
    assert command == [
        sys.executable,
        f"{directory}/run.py",
        "-f",
        str(launcher.connection_file),
        "{kept}",
    ]
    assert launcher.connection_file.name == "kernel-abc.json"
    monkeypatch.setenv("HOME", "/home/ada")
    env = kernel_environment(spec, {"EXTRA": "yes"})
    assert (env["KERNEL_HOME"], env["PLAIN"], env["EXTRA"]) == ("/home/ada/kernel", "1", "yes")
    assert env["JPY_PARENT_PID"].isdigit()


def test_a_broken_kernel_json_is_reported_in_one_line_and_skipped(search):
    _, user = search
    write_spec(user, "good", SPEC)
    (user / "broken").mkdir()
    (user / "broken" / "kernel.json").write_text("{not json", encoding="utf-8")
    write_spec(user, "no-argv", {"display_name": "no argv"})
    (user / "bad name!").mkdir()
    (user / "bad name!" / "kernel.json").write_text("{}", encoding="utf-8")
    scan = scan_kernel_specs(warn=False)
    assert "good" in scan.specs
    assert not {"broken", "no-argv", "bad name!"} & set(scan.specs)
    messages = sorted(str(problem) for problem in scan.problems)
    assert len(messages) == 3
    assert all("\n" not in message for message in messages)
    assert any(str(user / "broken" / "kernel.json") in m and "not JSON" in m for m in messages)
    assert any(str(user / "no-argv" / "kernel.json") in m and "'argv'" in m for m in messages)
    assert any("'bad name!' is not a valid kernel name" in m for m in messages)
    with pytest.raises(KernelSpecError, match="broken"):
        get_kernel_spec("broken")


def test_an_unknown_kernel_names_what_is_installed(search):
    _, user = search
    write_spec(user, "here", SPEC)
    with pytest.raises(NoSuchKernel, match="no kernelspec named 'gone' is installed") as error:
        get_kernel_spec("gone")
    assert "here" in str(error.value)
    with pytest.raises(NoSuchKernel, match="not a valid kernel name"):
        get_kernel_spec("no spaces please")
