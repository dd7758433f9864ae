"""The notebook page in a browser: jovi's UI against Notebook 7, in Debian's Chromium.

Each side is its server started by this driver on a free loopback port with a token
(``python -m notebook``, Notebook 7 on Jupyter Server, with ipykernel; ``jovi
notebook`` with jovi's kernel), and one headless Chromium (``/usr/bin/chromium``)
driven by Playwright, a fresh browser context (no cache) for each page opened. The
measures, taken in the page from the navigation's start (``performance.now()``):

* ``open``: a notebook of ``cells`` code cells, each with a few lines of stream
  output, opened until its first cell's editor is painted (``painted``), then until
  the first frame asked for after that comes within 50 ms (``interactive``: the page
  answers; a long task in the way delays it);
* ``big``: the same with ``big_cells`` cells, to the first cell painted;
* ``run``: in a notebook of ``pass`` cells, Shift-Enter to the frame that shows the
  cell's prompt number, ``count`` times (one cell each) after ``warmup``, once the
  page says its kernel is idle (Notebook 7 drops a run asked for before).

Both UIs draw a cell's editor with CodeMirror 6 (``.cm-content``), which is what
"painted" waits for; a prompt number is ``[n]`` in both.

``floor`` (the ``floor.browser`` workload) times ``run`` the same way on a page that
does nothing else: Shift-Enter sends the number on a WebSocket to an echo server in
this process, and the answer becomes the page's prompt. No notebook page can show its
prompt sooner in this browser.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error as PlaywrightError

from bench.drivers.common import Metrics, run_driver, summary_metrics
from bench.drivers.server import running_server, server_argv

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-sync")
WAIT_MS = 120_000  # a page, a kernel or a prompt may take this long before the run fails
FIRST_RUN_MS = 15_000  # the first run, before it is asked for again
OUTPUT_LINES = 4

# What each side draws: the notebook's cells, a cell's input prompt; a page whose
# kernel is idle.
SELECTORS = {
    "peer": {
        "cell": ".jp-Notebook .jp-Cell",
        "prompt": ".jp-InputPrompt",
        "idle": ".jp-Notebook-ExecutionIndicator[data-status=idle]",
    },
    "jovi": {
        "cell": ".jovi-notebook .jovi-cell",
        "prompt": ".jovi-prompt",
        "idle": ".jovi-kernel-status[data-state=idle]",
    },
    "floor": {"cell": ".floor-cell", "prompt": ".floor-prompt", "idle": ".floor-open"},
}
KERNELS = {"peer": "python3", "jovi": "jovi"}

# Installed before the page's own scripts: watches each frame for the first cell's
# editor, then for the first frame that comes within 50 ms of being asked for.
WATCH_FIRST_CELL_JS = """(cell) => {
    window.__bench = {};
    const probe = () => {
        const asked = performance.now();
        requestAnimationFrame(() => {
            const now = performance.now();
            if (now - asked < 50) window.__bench.interactive = now; else probe();
        });
    };
    const poll = () => {
        const editor = document.querySelector(cell + ' .cm-content');
        if (editor && editor.getBoundingClientRect().height > 0) {
            window.__bench.painted = performance.now();
            probe();
        } else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
}"""

# Times one Shift-Enter: from its keydown to the frame showing the prompt number
# ``number`` (a fresh kernel numbers its executions 1, 2, ...). Any cell's prompt is
# looked at: Notebook 7 may keep only the cells in view in the page.
WATCH_PROMPT_JS = """([cell, prompt, number, timeout]) => {
    window.__ran = new Promise((done, fail) => {
        let pressed = null;
        const onKey = (event) => {
            if (event.key !== 'Enter' || !event.shiftKey) return;
            pressed = performance.now();
            document.removeEventListener('keydown', onKey, true);
        };
        document.addEventListener('keydown', onKey, true);
        const wanted = '[' + number + ']';
        const started = performance.now();
        const poll = () => {
            const shown = Array.from(document.querySelectorAll(cell + ' ' + prompt))
                .some((each) => (each.textContent ?? '').includes(wanted));
            if (pressed !== null && shown) done(performance.now() - pressed);
            else if (performance.now() - started > timeout) fail(new Error('no prompt ' + wanted));
            else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
    });
}"""


def browser_argv(side: str, root: Path, port: int, token: str) -> list[str]:
    """Notebook 7 on the peer side, ``jovi notebook`` on jovi's."""
    if side == "peer":
        return [
            sys.executable, "-m", "notebook", "--no-browser", "--allow-root",
            f"--port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        ]  # fmt: skip
    return server_argv(side, root, port, token)


def notebook_json(side: str, sources: list[str], outputs: bool) -> dict[str, Any]:
    """An nbformat 4.5 notebook of code cells, with stream outputs if ``outputs``."""
    cells: list[dict[str, Any]] = []
    for index, source in enumerate(sources):
        text = [f"cell {index}, line {j}\n" for j in range(OUTPUT_LINES)]
        cells.append(
            {
                "cell_type": "code",
                "id": f"c{index}",
                "metadata": {},
                "source": source,
                "execution_count": index + 1 if outputs else None,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]
                if outputs
                else [],
            }
        )
    name = KERNELS[side]
    metadata = {"kernelspec": {"name": name, "display_name": name, "language": "python"}}
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def _write(root: Path, name: str, content: dict[str, Any]) -> str:
    (root / name).write_text(json.dumps(content), "utf-8")
    return name


def _open(browser: Browser, url: str, cell: str) -> dict[str, float]:
    """Open ``url`` in a fresh context; the page's ``painted`` and ``interactive`` (ms)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(f"({WATCH_FIRST_CELL_JS})({json.dumps(cell)})")
        page.goto(url, wait_until="commit", timeout=WAIT_MS)
        page.wait_for_function(
            "() => window.__bench && window.__bench.interactive", timeout=WAIT_MS
        )
        found: dict[str, float] = page.evaluate("() => window.__bench")
        return found
    finally:
        context.close()


def shift_enter(page: Page, side: str, number: int, timeout_ms: int) -> float:
    """Seconds from Shift-Enter to the prompt ``[number]`` painted."""
    selectors = SELECTORS[side]
    page.evaluate(WATCH_PROMPT_JS, [selectors["cell"], selectors["prompt"], number, timeout_ms])
    page.keyboard.press("Shift+Enter")
    try:
        return float(page.evaluate("() => window.__ran")) / 1000
    except PlaywrightError:
        shot = Path(tempfile.gettempdir()) / f"bench-browser-{side}-failed.png"
        page.screenshot(path=shot)
        sys.stderr.write(f"no prompt [{number}]; the page then: {shot}\n")
        raise


def _runs(browser: Browser, url: str, side: str, count: int) -> list[float]:
    """Shift-Enter on each of ``count`` ``pass`` cells: seconds to its prompt number."""
    selectors = SELECTORS[side]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, timeout=WAIT_MS)
        first = page.locator(selectors["cell"]).first.locator(".cm-content")
        first.wait_for(timeout=WAIT_MS)
        # Notebook 7 drops a run asked for before its kernel is up (even once it shows
        # idle, now and then): the first run is asked for again until it is done.
        page.locator(selectors["idle"]).wait_for(timeout=WAIT_MS)
        taken = []
        for attempt in itertools.count(1):
            first.click()  # edit mode: Shift-Enter runs the cell and selects the next one
            try:
                taken.append(shift_enter(page, side, 1, FIRST_RUN_MS))
                break
            except PlaywrightError:
                if attempt * FIRST_RUN_MS >= WAIT_MS:
                    raise
        taken.extend(shift_enter(page, side, number, WAIT_MS) for number in range(2, count + 1))
        return taken
    finally:
        context.close()


def notebook(side: str, params: Mapping[str, Any]) -> Metrics:
    from playwright.sync_api import sync_playwright

    cells, big_cells = int(params["cells"]), int(params["big_cells"])
    count, warmup = int(params["count"]), int(params["warmup"])
    selector = SELECTORS[side]["cell"]
    with running_server(side, browser_argv) as (server, root, _started), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        try:

            def url(name: str) -> str:
                return f"http://127.0.0.1:{server.port}/notebooks/{name}?token={server.token}"

            opened = _open(
                browser,
                url(_write(root, "open.ipynb", notebook_json(side, ["x = 1"] * cells, True))),
                selector,
            )
            big = _open(
                browser,
                url(_write(root, "big.ipynb", notebook_json(side, ["x = 1"] * big_cells, True))),
                selector,
            )
            ran = _runs(
                browser,
                url(
                    _write(
                        root,
                        "run.ipynb",
                        notebook_json(side, ["pass"] * (warmup + count + 1), False),
                    )
                ),
                side,
                warmup + count,
            )
        finally:
            browser.close()
    return {
        "open_painted": opened["painted"] / 1000,
        "open_interactive": opened["interactive"] / 1000,
        "big_painted": big["painted"] / 1000,
        **summary_metrics("run", ran[warmup:]),
    }


# The floor's page: Shift-Enter sends the next number on the WebSocket, the echo
# becomes the prompt; ``.floor-open`` appears once the socket is open.
FLOOR_PAGE = """<!doctype html><meta charset="utf-8"><title>floor</title>
<div class="floor-cell"><span class="floor-prompt">In [ ]:</span>
<textarea class="cm-content" rows="1"></textarea></div>
<script>
const socket = new WebSocket("ws://127.0.0.1:" + ECHO_PORT + "/");
let sent = 0;
socket.onopen = () => document.body.append(Object.assign(document.createElement("i"),
  {className: "floor-open", textContent: "open"}));
socket.onmessage = (event) => {
  document.querySelector(".floor-prompt").textContent = "In [" + event.data + "]:";
};
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !event.shiftKey) return;
  event.preventDefault();
  sent += 1;
  socket.send(String(sent));
});
</script>"""


@contextlib.contextmanager
def _echo_site() -> Iterator[str]:
    """The floor's page and its WebSocket echo, served on loopback until the block ends;
    the page's URL."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from websockets.sync.server import ServerConnection, serve

    def echo(connection: ServerConnection) -> None:
        for message in connection:
            connection.send(message)

    sockets = serve(echo, "127.0.0.1", 0)
    port = sockets.socket.getsockname()[1]
    page = FLOOR_PAGE.replace("ECHO_PORT", str(port)).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - its name
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threads = [
        threading.Thread(target=sockets.serve_forever, name="floor-echo"),
        threading.Thread(target=site.serve_forever, name="floor-page"),
    ]
    for thread in threads:
        thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}/"
    finally:
        sockets.shutdown()
        site.shutdown()
        for thread in threads:
            thread.join()
        site.server_close()


def floor(side: str, params: Mapping[str, Any]) -> Metrics:
    from playwright.sync_api import sync_playwright

    count, warmup = int(params["count"]), int(params["warmup"])
    with _echo_site() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        try:
            ran = _runs(browser, url, "floor", warmup + count)
        finally:
            browser.close()
    return summary_metrics("run", ran[warmup:])


if __name__ == "__main__":
    run_driver({"notebook": notebook, "floor": floor})
