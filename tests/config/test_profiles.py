"""Profile directories: names, creation, finding them."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

import pytest

from jovi.config.profiles import ProfileDir, list_profiles, validate_profile_name
from jovi.errors import ProfileError


def mode_of(path):
    return stat.S_IMODE(path.stat().st_mode)


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
