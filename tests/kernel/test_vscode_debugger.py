"""VS Code's notebook debugger (Run by Line and Debug Cell) against jovi's kernel.

VS Code is not available here, so its Jupyter extension's side is replayed as its
source does it (microsoft/vscode-jupyter, ``src/notebooks/debugger``), with
jupyter_client as the wire:

* before it debugs, the extension runs ``import ipykernel; print(ipykernel.__version__)``
  in the kernel and debugs only if the major version printed is 6 or more;
* VS Code's debug session sends ``initialize`` with VS Code's own arguments, then
  ``attach`` with the notebook's configuration, and waits for the ``initialized`` event
  before it sends breakpoints and ``configurationDone``;
* on ``configurationDone`` the extension runs ``import debugpy;
  debugpy.debug_this_thread()``, dumps every code cell (``dumpCell``), maps the cell's
  ``vscode-notebook-cell:`` URI to the dumped file, sets a breakpoint on the cell's
  first code line (Run by Line) or the user's breakpoints (Debug Cell), and runs the
  cell;
* each ``stopped`` event is checked with ``stackTrace(levels=1)``: a stop outside the
  cell's file is stepped on (``stepIn``); the user steps with ``stepIn`` (Run by Line)
  or ``next``/``continue``;
* when the cell is done, ``disconnect`` (``restart: false``), then a hidden ``pass``.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from typing import Any

import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = [pytest.mark.interop, pytest.mark.integration]

NOTEBOOK_URI = "file:///home/user/analysis.ipynb"
CELLS = [
    "import math\nradius = 2\n",
    "# the area\narea = math.pi * radius ** 2\nlabel = f'{area:.1f}'\nprint(label)\n",
]
CELL_URIS = [f"vscode-notebook-cell:/home/user/analysis.ipynb#W{i}sZmlsZQ%3D%3D" for i in range(2)]

# What VS Code's debug session sends first (DebugProtocol.InitializeRequestArguments).
VSCODE_INITIALIZE = {
    "clientID": "vscode",
    "clientName": "Visual Studio Code",
    "adapterID": "Python Kernel Debug Adapter",
    "pathFormat": "path",
    "linesStartAt1": True,
    "columnsStartAt1": True,
    "supportsVariableType": True,
    "supportsVariablePaging": True,
    "supportsRunInTerminalRequest": True,
    "locale": "en",
    "supportsProgressReporting": True,
    "supportsInvalidatedEvent": True,
    "supportsMemoryReferences": True,
    "supportsArgsCanBeInterpretedByShell": True,
    "supportsMemoryEvent": True,
    "supportsStartDebuggingRequest": True,
}


class VSCodeExtension:
    """The Jupyter extension's debugging side, over a jupyter_client kernel client."""

    def __init__(self, kc: Any) -> None:
        self.kc = kc
        self.seq = itertools.count(1)
        self.cell_to_file: dict[str, str] = {}
        self.events: list[dict[str, Any]] = []

    # -- the wire

    def request(self, command: str, **arguments: Any) -> dict[str, Any]:
        content = {"seq": next(self.seq), "type": "request", "command": command}
        if arguments:
            content["arguments"] = arguments
        message = self.kc.session.msg("debug_request", content)
        self.kc.control_channel.send(message)
        deadline = time.monotonic() + 30
        while True:
            reply = self.kc.get_control_msg(timeout=max(0.01, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == message["header"]["msg_id"]:
                assert reply["msg_type"] == "debug_reply"
                response: dict[str, Any] = reply["content"]
                return response

    def event(self, name: str, timeout: float = 30) -> dict[str, Any]:
        """The next debug event ``name`` (events seen on the way are kept)."""
        for seen in self.events:
            if seen["event"] == name:
                self.events.remove(seen)
                return seen
        deadline = time.monotonic() + timeout
        while True:
            message = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if message["msg_type"] != "debug_event":
                continue
            if message["content"]["event"] == name:
                return dict(message["content"])
            self.events.append(message["content"])

    def execute_hidden(self, code: str) -> list[str]:
        """``executeHidden``: run ``code`` and collect the text it prints."""
        texts: list[str] = []

        def collect(message: dict[str, Any]) -> None:
            if message["msg_type"] == "stream":
                texts.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                texts.append("")

        reply = self.kc.execute_interactive(
            code, store_history=False, timeout=30, output_hook=collect, stop_on_error=False
        )
        assert reply["content"]["status"] in ("ok", "error")
        return texts

    # -- what the extension does

    def ipykernel_check(self) -> bool:
        """``isUsingIpykernel6OrLater``: debug only when this says yes."""
        texts = self.execute_hidden(
            "import builtins\nimport ipykernel\nbuiltins.print(ipykernel.__version__)"
        )
        if not texts or not texts[0]:
            return False
        return int(texts[0].split(".")[0]) >= 6

    def start_session(self, mode: str, cell_index: int) -> None:
        """VS Code's debug session: initialize, attach, wait for ``initialized``."""
        reply = self.request("initialize", **VSCODE_INITIALIZE)
        assert reply["success"], reply
        config = {
            "type": "Python Kernel Debug Adapter",
            "name": "analysis.ipynb",
            "request": "attach",
            "justMyCode": True,
            "__mode": mode,
            "__cellIndex": cell_index,
            "__notebookUri": NOTEBOOK_URI,
            "__configurationTarget": 5,
            "__sessionId": "9c7e3b52-5f0d-4a57-8f0e-3f1c2a1d4e10",
        }
        reply = self.request("attach", **config)
        assert reply["success"], reply
        self.event("initialized")

    def dump_all_cells(self) -> None:
        for uri, code in zip(CELL_URIS, CELLS, strict=True):
            reply = self.request("dumpCell", code=code)
            assert reply["success"], reply
            self.cell_to_file[uri] = os.path.normpath(reply["body"]["sourcePath"])

    def set_breakpoints(self, cell_index: int, lines: list[int]) -> list[dict[str, Any]]:
        uri = CELL_URIS[cell_index]
        source = {"name": "analysis.ipynb", "path": self.cell_to_file[uri]}
        reply = self.request(
            "setBreakpoints",
            source=source,
            breakpoints=[{"line": line} for line in lines],
            sourceModified=False,
        )
        assert reply["success"], reply
        placed: list[dict[str, Any]] = reply["body"]["breakpoints"]
        return placed

    def configuration_done_and_run(self, cell_index: int, lines: list[int]) -> str:
        """``configurationDone`` as the extension intercepts it: set up, dump, break, run."""
        self.execute_hidden("import debugpy\ndebugpy.debug_this_thread()")
        self.dump_all_cells()
        placed = self.set_breakpoints(cell_index, lines)
        assert all(placement["verified"] for placement in placed), placed
        msg_id: str = self.kc.execute(CELLS[cell_index])
        assert self.request("configurationDone")["success"]
        return msg_id

    def top_frame(self, thread: int) -> dict[str, Any]:
        reply = self.request("stackTrace", threadId=thread, startFrame=0, levels=1)
        assert reply["success"], reply
        frame: dict[str, Any] = reply["body"]["stackFrames"][0]
        return frame

    def shown_stop(self, cell_index: int) -> tuple[int, dict[str, Any]]:
        """Wait for a stop in the cell, stepping on through stops elsewhere (as the
        Run by Line controller does); the thread and the top frame."""
        path = self.cell_to_file[CELL_URIS[cell_index]]
        for _ in range(50):
            thread = self.event("stopped")["body"]["threadId"]
            frame = self.top_frame(thread)
            if os.path.normpath(frame["source"]["path"]) == path:
                return thread, frame
            assert self.request("stepIn", threadId=thread)["success"]
        raise AssertionError("never stopped in the cell")

    def variables(self, frame_id: int) -> dict[str, str]:
        scopes = self.request("scopes", frameId=frame_id)["body"]["scopes"]
        local = next(scope for scope in scopes if scope["name"] in ("Locals", "Globals"))
        found = self.request("variables", variablesReference=local["variablesReference"])
        return {v["name"]: v["value"] for v in found["body"]["variables"]}

    def reply_to(self, msg_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + 30
        while True:
            message = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") == msg_id:
                content: dict[str, Any] = message["content"]
                return content

    def end_session(self) -> None:
        assert self.request("disconnect", restart=False)["success"]
        self.execute_hidden("pass")


@pytest.fixture
def vscode(jovi_kernelspec):
    km, kc = start_new_kernel(kernel_name="jovi", startup_timeout=30)
    try:
        extension = VSCodeExtension(kc)
        assert kc.kernel_info(reply=True, timeout=10)["content"]["debugger"] is True
        # The notebook's first cell has run before the user debugs the second.
        assert kc.execute_interactive(CELLS[0], timeout=30)["content"]["status"] == "ok"
        yield extension
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_the_extension_finds_an_ipykernel_6_or_later(vscode):
    assert vscode.ipykernel_check()


def test_run_by_line_steps_through_the_cell_and_shows_its_variables(vscode):
    assert vscode.ipykernel_check()
    vscode.start_session("runByLine", 1)
    msg_id = vscode.configuration_done_and_run(1, [2])  # the first code line
    thread, frame = vscode.shown_stop(1)
    assert frame["line"] == 2
    assert vscode.request("stepIn", threadId=thread)["success"]
    thread, frame = vscode.shown_stop(1)
    assert frame["line"] == 3
    assert vscode.variables(frame["id"])["area"].startswith("12.566")
    assert vscode.request("stepIn", threadId=thread)["success"]
    thread, frame = vscode.shown_stop(1)
    assert frame["line"] == 4
    assert vscode.request("continue", threadId=thread)["success"]
    assert vscode.reply_to(msg_id)["status"] == "ok"
    vscode.end_session()
    # Debugging is over: the cell runs through, twice in a row.
    for _ in range(2):
        assert vscode.kc.execute_interactive(CELLS[1], timeout=30)["content"]["status"] == "ok"


def test_debug_cell_stops_at_the_users_breakpoint_and_a_second_session_works(vscode):
    for _ in range(2):
        assert vscode.ipykernel_check()
        vscode.start_session("cell", 1)
        msg_id = vscode.configuration_done_and_run(1, [4])
        thread, frame = vscode.shown_stop(1)
        assert frame["line"] == 4
        assert vscode.variables(frame["id"])["label"] == "'12.6'"
        assert vscode.request("continue", threadId=thread)["success"]
        assert vscode.reply_to(msg_id)["status"] == "ok"
        vscode.end_session()


_WITHOUT_IPYKERNEL = """
import os, sys, tempfile
# A site directory like the real one, without ipykernel: a Python where it is not installed.
site = next(p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p + "/ipykernel"))
farm = tempfile.mkdtemp(prefix="no-ipykernel-")
for name in os.listdir(site):
    if not name.startswith("ipykernel"):
        os.symlink(os.path.join(site, name), os.path.join(farm, name))
sys.path[sys.path.index(site)] = farm
from jovi.cli.main import main
sys.exit(main(["kernel", "-f", sys.argv[1]]))
"""


def test_without_ipykernel_installed_the_extension_still_debugs(isolated_dirs):
    kernels = isolated_dirs / "jupyter-data" / "kernels" / "no-ipykernel"
    kernels.mkdir(parents=True)
    argv = [sys.executable, "-c", _WITHOUT_IPYKERNEL, "{connection_file}"]
    spec = {"argv": argv, "display_name": "no ipykernel", "language": "python"}
    (kernels / "kernel.json").write_text(__import__("json").dumps(spec))
    km, kc = start_new_kernel(kernel_name="no-ipykernel", startup_timeout=30)
    try:
        vscode = VSCodeExtension(kc)
        probe = vscode.execute_hidden(
            "import os, sys\nprint(any(os.path.isdir(os.path.join(p, 'ipykernel')) for p in sys.path))"
        )
        assert probe == ["False\n"]  # the real package is not there
        assert vscode.ipykernel_check()
        # What else the stand-in answers: the kernel shell's module, and nothing more.
        seen = vscode.execute_hidden(
            "import ipykernel.zmqshell\n"
            "print(ipykernel.zmqshell.ZMQInteractiveShell is type(get_ipython()))\n"
            "try:\n"
            "    from ipykernel.comm import Comm\n"
            "except ImportError as error:\n"
            "    print(type(error).__name__)\n"
        )
        assert "".join(seen) == "True\nModuleNotFoundError\n"
        assert kc.execute_interactive(CELLS[0], timeout=30)["content"]["status"] == "ok"
        vscode.start_session("cell", 1)
        msg_id = vscode.configuration_done_and_run(1, [3])
        thread, frame = vscode.shown_stop(1)
        assert frame["line"] == 3
        assert vscode.request("continue", threadId=thread)["success"]
        assert vscode.reply_to(msg_id)["status"] == "ok"
        vscode.end_session()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_an_installed_ipykernel_is_always_the_one_imported():
    import subprocess

    code = (
        "import sys\n"
        "from jovi.kernel import ipykernel_standin\n"
        "ipykernel_standin.install()\n"
        "import ipykernel\n"
        "print(ipykernel.__file__ is not None and 'site-packages' in ipykernel.__file__)\n"
        "print(isinstance(sys.meta_path[-1], ipykernel_standin.StandInFinder))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "True\nTrue\n"
