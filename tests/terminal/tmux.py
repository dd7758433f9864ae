"""Driving a real terminal: jovi runs inside tmux, the test types and reads the screen."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from pathlib import Path


class TmuxTerminal:
    """One tmux session running a command in a terminal of a given size."""

    def __init__(
        self,
        command: list[str],
        *,
        env: dict[str, str],
        cwd: Path,
        width: int = 100,
        height: int = 30,
    ) -> None:
        self.name = f"jovi-test-{uuid.uuid4().hex[:8]}"
        self.socket = f"jovi-{uuid.uuid4().hex[:8]}"
        environment = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        shell_command = f"cd {shlex.quote(str(cwd))} && env -i {environment} {shlex.join(command)}; echo '[exited with '$?']'; sleep 60"
        self._tmux(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell_command
        )

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        return result.stdout

    def send(self, *keys: str) -> None:
        """Keys as tmux names them: text, 'Enter', 'C-c', 'Up', 'Tab', 'Escape'."""
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def paste(self, text: str) -> None:
        """Paste ``text`` as a terminal does (bracketed, if the program asked for it)."""
        self._tmux("set-buffer", "-b", "test", text)
        self._tmux("paste-buffer", "-p", "-b", "test", "-t", self.name)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def history_screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-S", "-2000", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 15.0, *, count: int = 1) -> float:
        """Wait until ``text`` is shown ``count`` times (scrollback included); return the time taken."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.history_screen().count(text) >= count:
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(
            f"{text!r} did not appear within {timeout}s; the screen shows:\n{self.history_screen()}"
        )

    def close(self) -> None:
        self._tmux("kill-server")


def jovi_command() -> list[str]:
    import sys

    return [str(Path(sys.executable).parent / "jovi")]


def terminal_env(home: Path, jovi_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        "HOME": str(home),
        "JOVI_DIR": str(jovi_dir),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PAGER": "less",
        "LESS": "-R",
    }
    if os.environ.get("PYTHONPATH"):
        # A worktree's tests run its own sources, not the ones the venv installed.
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    env.update(extra)
    return env
