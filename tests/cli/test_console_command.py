"""``jovi console`` refuses what it cannot do in one plain sentence, before any prompt."""

from __future__ import annotations

import subprocess

import pytest


def console(jovi_command, *args):
    return subprocess.run(
        [*jovi_command, "console", *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.integration
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kernel", "nonesuch"],
            "no kernel named 'nonesuch' was found; see the kernels available with: jovi kernelspec list",
        ),
        (["--existing"], "no kernel is running: there is no connection file in"),
        (["--existing", "4242"], "no connection file matches '4242'"),
        (
            ["--ssh", "somewhere"],
            "--ssh reaches a kernel running on another machine: give its connection file with --existing FILE",
        ),
        (
            ["stray.json"],
            "unexpected argument 'stray.json'; to connect to a kernel, write --existing before its connection file",
        ),
    ],
)
def test_mistakes_are_one_sentence(jovi_command, args, message):
    result = console(jovi_command, *args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("jovi: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.integration
def test_help_names_the_ways_to_connect(jovi_command):
    result = console(jovi_command, "--help")
    assert result.returncode == 0
    assert "--existing [FILE]" in result.stdout
    assert "--ssh USER@HOST[:PORT]" in result.stdout
    assert "--include-other-output" in result.stdout
