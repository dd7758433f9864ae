"""``pip install ./[qt]`` in a fresh virtual environment is all the Qt console needs:
``jovi qtconsole`` then starts on a virtual screen and runs typed input."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from tests.qt.xvfb import find_window, virtual_screen, wait_for_file, xdotool
from tests.test_make_run import fresh_copy

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.gui]


@pytest.mark.timeout(1200)
def test_pip_install_qt_extra_then_qtconsole_runs_typed_input(tmp_path, isolated_dirs):
    repo = fresh_copy(tmp_path / "jovi")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    environment = {
        key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }
    # The user's pip cache, as pip would use it outside the tests' private home.
    environment["PIP_CACHE_DIR"] = str(Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "pip")
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", f"{repo}[qt]"],
        check=True,
        env=environment,
        timeout=1000,
    )
    flag = tmp_path / "typed.txt"
    with virtual_screen() as display:
        process = subprocess.Popen(
            [str(venv / "bin" / "jovi"), "qtconsole", "--no-confirm-exit"],
            env={**environment, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            window = find_window(display, "jovi qtconsole", timeout=120)
            xdotool(display, "mousemove", "--window", window, "100", "100", "click", "1")
            xdotool(display, "windowfocus", "--sync", window)
            xdotool(
                display,
                "type",
                "--delay",
                "15",
                f"import sys; open({str(flag)!r}, 'w').write(sys.prefix)",
            )
            xdotool(display, "key", "Return")
            assert wait_for_file(flag, timeout=120) == str(venv)
            xdotool(display, "type", "--delay", "15", "exit")
            xdotool(display, "key", "Return")
            output, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 0, output
