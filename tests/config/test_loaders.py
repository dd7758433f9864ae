"""Loading layers from Python files, JSON files and the environment."""

from __future__ import annotations

import textwrap

import pytest

from jovi.config import Origin, load_environment, load_json_config, load_python_config
from jovi.errors import ConfigFileError


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_python_config_keeps_types_and_records_file_and_line(tmp_path):
    path = write(
        tmp_path / "jovi_config.py",
        """\
        c = get_config()
        import sys
        if sys.platform:
            c.InteractiveShell.autocall = 1
        c.InteractiveShell.editor = 'nano'
        c["PlainTextFormatter"]["max_width"] = 79
        c.Probe.where = __file__
        """,
    )
    config = load_python_config(path)
    assert config.to_dict() == {
        "InteractiveShell": {"autocall": 1, "editor": "nano"},
        "PlainTextFormatter": {"max_width": 79},
        "Probe": {"where": str(path)},
    }
    assert config.InteractiveShell.setting("autocall").origin == Origin("file", str(path), 4)
    assert config.PlainTextFormatter.setting("max_width").origin == Origin("file", str(path), 6)


def test_load_subconfig_from_the_same_directory_runs_first_and_can_be_overridden(tmp_path):
    write(tmp_path / "base_config.py", "c = get_config()\nc.A.x = 1\nc.A.y = 1\n")
    path = write(
        tmp_path / "jovi_config.py",
        "c = get_config()\nload_subconfig('base_config.py')\nc.A.y = 2\n",
    )
    config = load_python_config(path)
    assert config.to_dict() == {"A": {"x": 1, "y": 2}}
    assert config.A.setting("x").origin == Origin("file", str(tmp_path / "base_config.py"), 2)


def test_load_subconfig_from_another_profile(tmp_path):
    other = tmp_path / "profile_default"
    write(other / "jovi_config.py", "c = get_config()\nc.A.inherited = True\n")
    mine = write(
        tmp_path / "profile_mine" / "jovi_config.py",
        "load_subconfig('jovi_config.py', profile='default')\n",
    )
    config = load_python_config(mine, profile_dir_for=lambda name: tmp_path / f"profile_{name}")
    assert config.to_dict() == {"A": {"inherited": True}}


def test_a_missing_subconfig_is_nothing_to_load(tmp_path):
    path = write(tmp_path / "jovi_config.py", "load_subconfig('absent.py')\nget_config().A.x = 1\n")
    assert load_python_config(path).to_dict() == {"A": {"x": 1}}


def test_a_config_file_that_loads_itself_is_reported(tmp_path):
    write(tmp_path / "a.py", "load_subconfig('b.py')\n")
    path = write(tmp_path / "b.py", "load_subconfig('a.py')\n")
    with pytest.raises(ConfigFileError, match="loads itself through load_subconfig"):
        load_python_config(path)


def test_syntax_errors_name_the_file_and_line(tmp_path):
    path = write(tmp_path / "jovi_config.py", "c = get_config()\nc.A.x = = 1\n")
    with pytest.raises(ConfigFileError) as caught:
        load_python_config(path)
    assert str(caught.value) == f"{path}, line 2: invalid syntax"


def test_exceptions_name_the_file_line_and_error(tmp_path):
    path = write(
        tmp_path / "jovi_config.py", "c = get_config()\nc.A.x = 1\nc.A.y = undefined_name\n"
    )
    with pytest.raises(ConfigFileError) as caught:
        load_python_config(path)
    assert str(caught.value) == f"{path}, line 3: NameError: name 'undefined_name' is not defined"


def test_an_error_in_a_subconfig_names_the_subconfig(tmp_path):
    write(tmp_path / "base.py", "1/0\n")
    path = write(tmp_path / "jovi_config.py", "load_subconfig('base.py')\n")
    with pytest.raises(ConfigFileError, match=r"base\.py, line 1: ZeroDivisionError"):
        load_python_config(path)


def test_exit_in_a_config_file_does_not_exit(tmp_path):
    path = write(tmp_path / "jovi_config.py", "raise SystemExit(3)\n")
    with pytest.raises(ConfigFileError, match=r"called exit\(3\)"):
        load_python_config(path)


def test_unreadable_files(tmp_path):
    with pytest.raises(ConfigFileError, match="could not be read"):
        load_python_config(tmp_path / "missing.py")
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigFileError, match="is not UTF-8 text"):
        load_python_config(binary)


def test_json_config_with_lines(tmp_path):
    path = write(
        tmp_path / "jovi_config.json",
        """\
        {
          "InteractiveShell": {
            "colors": "NoColor",
            "autocall": 2
          }
        }
        """,
    )
    config = load_json_config(path)
    assert config.to_dict() == {"InteractiveShell": {"colors": "NoColor", "autocall": 2}}
    assert config.InteractiveShell.setting("autocall").origin == Origin("file", str(path), 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"A": {"x": 1,}}',
            "line 1: Expecting property name enclosed in double quotes (not valid JSON)",
        ),
        ("[1, 2]", "expected an object of sections"),
        ('{"A": 3}', "the section 'A' must be an object of options"),
        ("", "line 1: Expecting value (not valid JSON)"),
    ],
)
def test_bad_json_files(tmp_path, text, message):
    path = tmp_path / "jovi_config.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigFileError) as caught:
        load_json_config(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_environment_variables_set_options_as_text():
    config = load_environment(
        {
            "JOVI_InteractiveShell__colors": "NoColor",
            "JOVI_Application__log_level": "DEBUG",
            "JOVI_DIR": "/somewhere",
            "JOVI_lowercase__x": "1",
            "PATH": "/bin",
        }
    )
    assert config.to_dict() == {
        "Application": {"log_level": "DEBUG"},
        "InteractiveShell": {"colors": "NoColor"},
    }
    setting = config.InteractiveShell.setting("colors")
    assert setting.from_text
    assert (
        setting.origin.describe()
        == "the environment variable JOVI_InteractiveShell__colors=NoColor"
    )
