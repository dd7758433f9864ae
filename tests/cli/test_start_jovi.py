"""``jovi.start_jovi(argv, user_ns=..., config=...)``: a session started from Python
honours what it is given, and refuses what it does not know."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import jovi


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.integration
def test_the_session_runs_in_the_namespace_it_is_given():
    result = run_python(
        """
        import jovi
        ns = {"answer": 21}
        status = jovi.start_jovi(["-c", "doubled = answer * 2; print(doubled)"], user_ns=ns)
        print("status", status, "kept", ns["doubled"])
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["42", "status 0 kept 42"]


@pytest.mark.integration
def test_the_config_given_is_a_layer_below_the_command_line():
    result = run_python(
        """
        import jovi
        from jovi.config import Config
        config = Config()
        config.TerminalJoviApp.exec_lines = ["seen = 'from config'"]
        config.TerminalJoviApp.code_to_run = "print('code from config')"
        jovi.start_jovi(["-c", "print(seen)"], config=config)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["from config"]  # -c on the command line wins


def test_an_argument_it_does_not_know_is_refused_in_one_sentence():
    with pytest.raises(TypeError) as caught:
        jovi.start_jovi([], colour="red", banner=False)
    assert str(caught.value) == "start_jovi() takes argv, user_ns and config, not banner, colour"


def test_a_namespace_for_a_command_that_runs_no_user_code_is_refused(capsys):
    assert jovi.start_jovi(["locate"], user_ns={}) == 2
    assert "`jovi locate` runs no user code here, so it takes no user_ns" in capsys.readouterr().err
