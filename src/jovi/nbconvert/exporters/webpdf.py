"""PDF through a browser: the HTML export printed by headless Chromium (no LaTeX).

The page is written to a temporary directory with its files and opened in Chromium:
through Playwright's Python API when it is installed (it waits until the math is
typeset), else with Chromium's own ``--headless --print-to-pdf``.  The browser is
``chromium_path``, or one found on ``PATH`` (``chromium``, ``chromium-browser``,
``google-chrome``), or the one Playwright downloaded.  Running as root, Chromium
refuses its sandbox, so it is turned off there.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.config import Bool, Float, Str
from jovi.errors import ToolFailed
from jovi.nbconvert.exporters.html import HTMLExporter
from jovi.nbconvert.tools import find_chromium, run_program
from jovi.nbconvert.writers import write_supporting_files
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.nbconvert.exporters.base import NotebookLike
    from jovi.nbconvert.preprocessors.base import Resources

__all__ = ["WebPDFExporter"]

# Typeset math, or no math at all: then the page is ready to print.
_READY = (
    "() => !document.querySelector('.math') || document.documentElement.dataset.math === 'typeset'"
)


class WebPDFExporter(HTMLExporter):
    """Notebooks as PDF printed by headless Chromium (``--to webpdf``)."""

    export_name: ClassVar[str] = "webpdf"
    file_extension: ClassVar[str] = ".pdf"
    output_mimetype: ClassVar[str] = "application/pdf"
    binary_output: ClassVar[bool] = True

    chromium_path = Str("", help="The Chromium or Chrome executable; empty: look for one.")
    disable_sandbox = Bool(
        False,
        help="Run Chromium without its sandbox (needed in some containers; always done as root).",
    )
    use_playwright = Bool(
        True,
        help="Drive Chromium with Playwright's Python API when it is installed, which waits "
        "for the math to be typeset; otherwise Chromium's --print-to-pdf is used.",
    )
    timeout = Float(120.0, min=1.0, help="Seconds Chromium may take to print the page.")

    def _browser_args(self) -> list[str]:
        args = ["--disable-gpu", "--disable-dev-shm-usage"]
        if self.disable_sandbox or (hasattr(os, "geteuid") and os.geteuid() == 0):
            args.append("--no-sandbox")
        return args

    def from_notebook_node(
        self, nb: NotebookLike, resources: Resources | None = None
    ) -> tuple[str | bytes, Resources]:
        html, resources = super().from_notebook_node(nb, resources)
        assert isinstance(html, str)
        browser = find_chromium(self.chromium_path)
        with tempfile.TemporaryDirectory(prefix="jovi-webpdf-") as work:
            page = Path(work) / "notebook.html"
            page.write_text(html, encoding="utf-8")
            write_supporting_files(Path(work), resources)
            pdf = Path(work) / "notebook.pdf"
            if self.use_playwright and _has_playwright():
                _in_own_thread(self._print_with_playwright, browser, page, pdf)
            else:
                self._print_with_chromium(browser, page, pdf)
            if not pdf.is_file() or pdf.stat().st_size == 0:
                raise ToolFailed("Chromium ran but wrote no PDF", tool="chromium")
            data = pdf.read_bytes()
        resources["outputs"] = {}
        resources["output_extension"] = self.file_extension
        return data, resources

    def _print_with_chromium(self, browser: str, page: Path, pdf: Path) -> None:
        argv = [
            browser,
            "--headless",
            *self._browser_args(),
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=10000",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        run_program(argv, cwd=page.parent, timeout=self.timeout)

    def _print_with_playwright(self, browser: str, page: Path, pdf: Path) -> None:
        from playwright.sync_api import Error, sync_playwright  # noqa: PLC0415 - optional

        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=browser, args=self._browser_args()
                )
                try:
                    tab = chromium.new_page()
                    tab.goto(page.as_uri(), wait_until="load", timeout=self.timeout * 1000)
                    tab.wait_for_function(_READY, timeout=self.timeout * 1000)
                    tab.pdf(path=str(pdf), print_background=True, format="A4")
                finally:
                    chromium.close()
        except Error as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ToolFailed(
                f"Chromium could not print the page: {message}", tool="chromium"
            ) from None


def _in_own_thread(function: Callable[..., None], *args: object) -> None:
    # Playwright's synchronous API refuses to run where an asyncio loop runs (a server,
    # another Playwright session); a thread of its own has none.
    failure: list[BaseException] = []

    def run() -> None:
        try:
            function(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread
            failure.append(error)

    OwnedThreads("the PDF export").start(run, name="jovi-webpdf").join()
    if failure:
        raise failure[0]


def _has_playwright() -> bool:
    import importlib.util  # noqa: PLC0415 - start-up cost

    return importlib.util.find_spec("playwright") is not None
