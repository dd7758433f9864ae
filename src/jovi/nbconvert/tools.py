"""The external programs some formats need (xelatex, Chromium), found or explained.

When a program is missing, :class:`~jovi.errors.MissingTool` says in one sentence
which one, what needs it, and how to install it.  Programs run without a shell,
with a time limit, in a directory jovi chose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jovi.errors import MissingTool, ToolFailed

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "CHROMIUM_NAMES",
    "find_chromium",
    "find_program",
    "run_program",
]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
"""Names under which Chromium or Chrome is looked up on ``PATH``."""

_INSTALL_HINTS = {
    "xelatex": (
        "install TeX Live (Debian/Ubuntu: sudo apt install texlive-xetex "
        "texlive-fonts-recommended; macOS: brew install --cask mactex-no-gui), "
        "or use --to webpdf, which needs only Chromium"
    ),
}


def find_program(name: str, *, purpose: str, explicit: str = "") -> str:
    """The path of the program ``name`` (or the ``explicit`` one).

    Raises:
        MissingTool: it is not installed; the message says how to install it.
    """
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise MissingTool(f"{explicit} (given for {name}) is not an executable file", tool=name)
    found = shutil.which(name)
    if found is None:
        hint = _INSTALL_HINTS.get(name, f"install {name}")
        raise MissingTool(f"{name} was not found, and {purpose} needs it: {hint}.", tool=name)
    return found


def _playwright_browsers() -> list[Path]:
    # Browsers Playwright downloaded (``playwright install chromium``).
    base = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(
        Path.home() / ".cache" / "ms-playwright"
    )
    root = Path(base).expanduser()
    patterns = (
        "chromium-*/chrome-linux*/chrome",
        "chromium_headless_shell-*/chrome-linux*/headless_shell",
        "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
        "chromium-*/chrome-win*/chrome.exe",
    )
    found: list[Path] = []
    for pattern in patterns:
        found += sorted(root.glob(pattern), reverse=True)
    return found


def find_chromium(explicit: str = "") -> str:
    """A Chromium or Chrome executable: ``explicit``, one on ``PATH``, or one Playwright
    downloaded.

    Raises:
        MissingTool: none was found; the message says how to get one.
    """
    if explicit:
        return find_program("chromium", purpose="--to webpdf", explicit=explicit)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "darwin":
        app = Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
        if app.is_file():
            return str(app)
    for candidate in _playwright_browsers():
        if candidate.is_file():
            return str(candidate)
    raise MissingTool(
        "no Chromium or Chrome was found, and --to webpdf needs one to print the page as "
        "PDF: install it (Debian/Ubuntu: sudo apt install chromium; or: pip install "
        "playwright && playwright install chromium), or name it with "
        "--WebPDFExporter.chromium_path=PATH.",
        tool="chromium",
    )


def run_program(
    argv: Sequence[str],
    *,
    cwd: str | os.PathLike[str],
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> str:
    """Run a program, wait for it (at most ``timeout`` seconds), return its output.

    Raises:
        ToolFailed: it exited with a failure status or ran out of time.
    """
    name = Path(argv[0]).name
    try:
        completed = subprocess.run(  # noqa: S603 - a fixed program with arguments, no shell
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        output = error.output.decode("utf-8", "replace") if isinstance(error.output, bytes) else ""
        raise ToolFailed(
            f"{name} did not finish within {timeout:g} seconds", tool=name, log=output
        ) from None
    except OSError as error:
        raise ToolFailed(
            f"{name} could not be started: {error.strerror or error}", tool=name
        ) from None
    output = completed.stdout.decode("utf-8", "replace")
    if completed.returncode != 0:
        raise ToolFailed(
            f"{name} failed (exit status {completed.returncode})", tool=name, log=output
        )
    return output
