"""jovi takes over a user's IPython profile (issue 15, point 6).

The IPython profiles here are made by the real ``ipython profile create`` (test peer)
in a temporary ``IPYTHONDIR``, then given settings, startup files and extensions as a
user would; jovi runs as the ``jovi`` command with a fresh ``JOVI_DIR``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jovi.cli.ipython_config import translate
from jovi.cli.main import main
from jovi.config import load_python_config

pytestmark = pytest.mark.interop

USER_SETTINGS = """
c.TerminalIPythonApp.display_banner = False
c.InteractiveShellApp.extensions = ['autoreload']
c.InteractiveShellApp.exec_lines = ['%autoreload 2', 'from_exec_lines = 1']
c.InteractiveShell.xmode = 'Verbose'
c.TerminalInteractiveShell.confirm_exit = False
c.TerminalInteractiveShell.highlighting_style_overrides = {'Token.Prompt': object()}
c.InteractiveShellApp.pylab_import_all = False
c.PlainTextFormatter.max_width = 100
"""


@pytest.fixture
def ipython_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """IPYTHONDIR holding profile_default as ``ipython profile create`` writes it."""
    location = tmp_path / "ipython"
    ipython = Path(sys.executable).parent / "ipython"
    subprocess.run(
        [str(ipython), "profile", "create"],
        env={**os.environ, "IPYTHONDIR": str(location)},
        capture_output=True,
        check=True,
        timeout=60,
    )
    monkeypatch.setenv("IPYTHONDIR", str(location))
    return location


def user_profile(ipython_dir: Path) -> Path:
    """IPython's default profile, with a user's settings and startup files added."""
    profile = ipython_dir / "profile_default"
    config = profile / "ipython_config.py"
    config.write_text(config.read_text() + USER_SETTINGS)
    (profile / "startup" / "00-first.py").write_text("from_startup_py = 'py'\n")
    (profile / "startup" / "10-second.ipy").write_text("from_startup_ipy = !echo ipy\n")
    return profile


def jovi(jovi_command: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*jovi_command, *args], capture_output=True, text=True, timeout=60, check=False
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_first_start_takes_over_settings_startup_files_and_extensions(
    ipython_dir, jovi_dir, jovi_command
):
    source = user_profile(ipython_dir)
    before = snapshot(ipython_dir)
    code = (
        "ip = get_ipython()\n"
        "print(from_startup_py, from_startup_ipy, from_exec_lines, ip.xmode)\n"
        "print(sorted(ip.extension_manager.loaded))"
    )
    result = jovi(jovi_command, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["py ['ipy'] 1 Verbose", "['autoreload', 'storemagic']"]
    lines = result.stderr.splitlines()
    assert lines == [
        (
            f"jovi: took over IPython's profile {source}: 6 settings, 2 startup files, "
            "extensions autoreload."
        ),
        (
            "jovi: 2 IPython options left out (no jovi equivalent, kept as comments): "
            "TerminalInteractiveShell.highlighting_style_overrides, "
            "InteractiveShellApp.pylab_import_all."
        ),
    ]
    # IPython's files are untouched; jovi's are its own, readable and editable.
    assert snapshot(ipython_dir) == before
    written = (jovi_dir / "profile_default" / "jovi_config.py").read_text()
    assert "c.TerminalJoviApp.display_banner = False" in written
    assert "c.TerminalJoviApp.extensions = ['autoreload']" in written
    assert "c.KernelApp.extensions = ['autoreload']" in written
    assert "# c.InteractiveShellApp.pylab_import_all = False  (line " in written
    assert not (jovi_dir / "profile_default" / "jovi_kernel_config.py").exists()
    # The next start uses jovi's profile, quietly.
    again = jovi(jovi_command, "-c", "print(from_startup_py)")
    assert (again.stdout, again.stderr) == ("py\n", "")


def test_a_fresh_ipython_profile_gives_nothing_to_say(ipython_dir, jovi_dir, jovi_command):
    result = jovi(jovi_command, "-c", "print('ok')")
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")
    assert not (jovi_dir / "profile_default" / "jovi_config.py").exists()


def test_bad_ipython_config_is_one_sentence_and_loses_nothing(ipython_dir, jovi_dir, jovi_command):
    profile = ipython_dir / "profile_default"
    broken = "c = get_config()\nc.InteractiveShell.xmode = 'Plain'\nc.TerminalIPythonApp.x = (\n"
    (profile / "ipython_config.py").write_text(broken)
    (profile / "startup" / "00-first.py").write_text("from_startup_py = 'py'\n")
    result = jovi(jovi_command, "-c", "print(from_startup_py)")
    assert result.returncode == 0
    assert result.stdout == "py\n"
    config = profile / "ipython_config.py"
    assert result.stderr.splitlines() == [
        f"jovi: took over IPython's profile {profile}: 0 settings, 1 startup file, no extensions.",
        (
            f"jovi: could not use {config}, line 3: '(' was never closed; its text is kept, "
            "commented out, in jovi_config.py."
        ),
    ]
    kept = (jovi_dir / "profile_default" / "jovi_config.py").read_text()
    assert "\n".join(f"# {line}" for line in broken.splitlines()) in kept
    assert config.read_text() == broken


def test_import_ipython_on_demand_moves_jovis_own_file_aside(ipython_dir, jovi_dir, capsys):
    source = user_profile(ipython_dir)
    kernel_config = source / "ipython_kernel_config.py"
    kernel_config.write_text(kernel_config.read_text() + "c.IPKernelApp.matplotlib = 'inline'\n")
    assert main(["profile", "create"]) == 0
    generated = (jovi_dir / "profile_default" / "jovi_config.py").read_text()
    capsys.readouterr()
    assert main(["profile", "import-ipython"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        f"took over IPython's profile {source}: 7 settings, 2 startup files, extensions autoreload."
    )
    assert out[-1] == "  jovi's previous files moved aside: jovi_config.py -> jovi_config.py.bak."
    profile = jovi_dir / "profile_default"
    assert (profile / "jovi_config.py.bak").read_text() == generated
    assert "c.KernelApp.matplotlib = 'inline'" in (profile / "jovi_kernel_config.py").read_text()
    assert sorted(p.name for p in (profile / "startup").iterdir()) == [
        "00-first.py",
        "10-second.ipy",
        "README",
    ]


def test_import_ipython_of_a_missing_profile_says_where_it_looked(ipython_dir, capsys):
    assert main(["profile", "import-ipython", "nosuch"]) == 1
    assert capsys.readouterr().err == (
        f"jovi: error: IPython has no profile 'nosuch': {ipython_dir / 'profile_nosuch'} "
        "does not exist\n"
    )


def test_translation_maps_ipython_class_names_and_keeps_what_jovi_lacks(tmp_path):
    path = tmp_path / "ipython_config.py"
    path.write_text(
        "c = get_config()\n"
        "c.ZMQInteractiveShell.cache_size = 10\n"
        "c.IPCompleter.greedy = True\n"
        "c.IPKernelApp.exec_lines = ['import os']\n"
        "c.InteractiveShell.colors = 'NoSuchScheme'\n"
        "c.TerminalInteractiveShell.editing_mode = 'vi'\n"
    )
    translation = translate(load_python_config(path), path)
    body = translation.text.split("c = get_config()  # noqa: F821\n", 1)[1]
    assert body.strip().splitlines() == [
        "# ipython_config.py line 2: c.ZMQInteractiveShell.cache_size",
        "c.InteractiveShell.cache_size = 10",
        "# ipython_config.py line 3: c.IPCompleter.greedy",
        "c.Completer.greedy = True",
        "# ipython_config.py line 4: c.IPKernelApp.exec_lines",
        "c.KernelApp.exec_lines = ['import os']",
        "# ipython_config.py line 6: c.TerminalInteractiveShell.editing_mode",
        "c.TerminalInteractiveShell.editing_mode = 'vi'",
        "",
        "# Settings of the IPython file that jovi does not use (no such option in",
        "# jovi, a value jovi's option refuses, or a value that is not a literal):",
        "# c.InteractiveShell.colors = 'NoSuchScheme'  (line 5)",
    ]
    assert translation.left_out == ["InteractiveShell.colors"]
    # The file jovi wrote is a jovi configuration without a problem.
    written = tmp_path / "jovi_config.py"
    written.write_text(translation.text)
    assert load_python_config(written).to_dict()["Completer"] == {"greedy": True}
