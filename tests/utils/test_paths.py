"""jovi's directory and the Jupyter directories."""

from __future__ import annotations

import logging
import stat
import sys
from pathlib import Path

from jovi.utils import paths
from jovi.utils.paths import (
    jovi_dir,
    jupyter_config_dir,
    jupyter_config_path,
    jupyter_data_dir,
    jupyter_path,
    jupyter_runtime_dir,
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
