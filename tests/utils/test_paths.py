"""jovi's directory, profiles, and the Jupyter directories."""

from __future__ import annotations

import logging
import multiprocessing
import stat
import sys
from pathlib import Path

import pytest

from jovi.errors import ProfileError
from jovi.utils import paths
from jovi.utils.paths import (
    ProfileDir,
    jovi_dir,
    jupyter_config_dir,
    jupyter_config_path,
    jupyter_data_dir,
    jupyter_path,
    jupyter_runtime_dir,
    list_profiles,
    validate_profile_name,
)


def mode_of(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_jovi_dir_comes_from_the_argument_then_the_environment_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("JOVI_DIR", str(tmp_path / "from-env"))
    assert jovi_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert jovi_dir() == tmp_path / "from-env"
    monkeypatch.delenv("JOVI_DIR")
    assert jovi_dir() == Path.home().resolve() / ".jovi"


def test_jovi_dir_expands_the_tilde(monkeypatch):
    monkeypatch.setenv("JOVI_DIR", "~/elsewhere")
    assert jovi_dir() == Path.home() / "elsewhere"


def test_an_unwritable_jovi_dir_falls_back_to_a_temporary_one_with_a_warning(
    monkeypatch, tmp_path, caplog
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("JOVI_DIR", str(blocker / "jovi"))
    with caplog.at_level(logging.WARNING, logger="jovi"):
        chosen = jovi_dir()
    assert chosen.is_dir()
    assert chosen != blocker / "jovi"
    assert f"{blocker / 'jovi'} cannot be written; using {chosen} for this session" in caplog.text
    assert jovi_dir() == chosen  # the same fallback for the whole process


@pytest.mark.parametrize("name", ["default", "foo", "my_profile", "v1.2", "a-b", "_x"])
def test_valid_profile_names(name):
    assert validate_profile_name(name) == name


@pytest.mark.parametrize(
    "name", ["", "a/b", "..", ".hidden", "-dash", "sp ace", "x\\y", "trailing\n"]
)
def test_invalid_profile_names(name):
    with pytest.raises(ProfileError, match="is not a valid profile name"):
        validate_profile_name(name)


def test_a_profile_has_private_security_and_pid_dirs(tmp_path):
    profile = ProfileDir.for_name("foo", tmp_path).ensure()
    assert profile.location == tmp_path / "profile_foo"
    for sub in ("startup", "security", "log", "pid", "db"):
        assert (profile.location / sub).is_dir()
    assert mode_of(profile.security_dir) == 0o700
    assert mode_of(profile.pid_dir) == 0o700
    assert (profile.startup_dir / "README").read_text().startswith("This is the startup directory")
    assert profile.config_file == profile.location / "jovi_config.py"
    assert profile.history_file == profile.location / "history.sqlite"


def test_ensure_tightens_a_loose_security_dir(tmp_path):
    profile = ProfileDir.for_name("foo", tmp_path)
    profile.security_dir.mkdir(parents=True)
    profile.security_dir.chmod(0o777)
    profile.ensure()
    assert mode_of(profile.security_dir) == 0o700


def _ensure(base):
    ProfileDir.for_name("raced", Path(base)).ensure()


def test_many_processes_creating_one_profile_at_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_ensure, args=(str(tmp_path),)) for _ in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0] * 6
    assert (tmp_path / "profile_raced" / "security").is_dir()


def test_finding_profiles(tmp_path):
    with pytest.raises(ProfileError) as caught:
        ProfileDir.find("dne", tmp_path)
    assert (
        str(caught.value)
        == f"profile 'dne' not found in {tmp_path}; create it with: jovi profile create dne"
    )
    ProfileDir.for_name("zeta", tmp_path).ensure()
    ProfileDir.for_name("alpha", tmp_path).ensure()
    (tmp_path / "profile_bad name").mkdir()
    (tmp_path / "not_a_profile").mkdir()
    assert ProfileDir.find("zeta", tmp_path).location == tmp_path / "profile_zeta"
    assert list_profiles(tmp_path) == ["default", "alpha", "zeta"]
    assert list_profiles(tmp_path / "missing") == ["default"]


def test_profile_by_location():
    assert ProfileDir.for_location("/x/profile_work").name == "work"
    assert ProfileDir.for_location("/x/plain").name == "plain"


def test_jupyter_dirs_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "rt"))
    assert jupyter_config_dir() == tmp_path / "cfg"
    assert jupyter_data_dir() == tmp_path / "data"
    assert jupyter_runtime_dir() == tmp_path / "rt"


def test_jupyter_dirs_default_to_the_linux_conventions(monkeypatch):
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    home = Path.home().resolve()
    assert jupyter_config_dir() == home / ".jupyter"
    assert jupyter_data_dir() == home / ".local" / "share" / "jupyter"
    assert jupyter_runtime_dir() == home / ".local" / "share" / "jupyter" / "runtime"
    monkeypatch.setenv("XDG_DATA_HOME", "/xdg")
    assert jupyter_data_dir() == Path("/xdg/jupyter")


def test_no_config_gives_an_empty_temporary_config_dir(monkeypatch):
    monkeypatch.setenv("JUPYTER_NO_CONFIG", "1")
    directory = jupyter_config_dir()
    assert directory.is_dir()
    assert list(directory.iterdir()) == []
    assert jupyter_config_path() == [directory]


def test_jupyter_path_order(monkeypatch, tmp_path):
    data = tmp_path / "data"
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data))
    monkeypatch.setenv("JUPYTER_PATH", f"{tmp_path / 'first'}{':'}{tmp_path / 'second'}/")
    env = Path(sys.prefix, "share", "jupyter")
    system = [Path("/usr/local/share/jupyter"), Path("/usr/share/jupyter")]

    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "no")
    found = jupyter_path()
    assert found[:3] == [tmp_path / "first", tmp_path / "second", data]
    assert found.index(data) < found.index(env)
    assert found[-2:] == system

    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")
    found = jupyter_path("kernels")
    assert found[:3] == [
        tmp_path / "first" / "kernels",
        tmp_path / "second" / "kernels",
        env / "kernels",
    ]
    assert found.index(env / "kernels") < found.index(data / "kernels")
    assert found[-2:] == [p / "kernels" for p in system]


def test_inside_a_virtual_environment_the_environment_comes_first_by_default(monkeypatch):
    monkeypatch.delenv("JUPYTER_PREFER_ENV_PATH", raising=False)
    monkeypatch.delenv("CONDA_PREFIX", raising=False)
    in_venv = sys.prefix != sys.base_prefix
    assert paths.prefer_environment_over_user() is in_venv
    monkeypatch.setattr(sys, "prefix", sys.base_prefix)
    assert paths.prefer_environment_over_user() is False


def test_jupyter_config_path_order(monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(tmp_path / "extra"))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    found = jupyter_config_path()
    assert found[0] == tmp_path / "extra"
    assert found[1] == jupyter_config_dir()
    assert Path(sys.prefix, "etc", "jupyter") in found
    assert found[-2:] == [Path("/usr/local/etc/jupyter"), Path("/etc/jupyter")]
