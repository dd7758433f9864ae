"""The kernel's debugger with real debugpy, driven by jupyter_client as JupyterLab drives it;
and a kernel whose Python has no debugpy, or a broken one."""

from __future__ import annotations

import itertools
import json
import re
import sys
import time
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from jovi.kernel.debugcells import HASH_SEED, murmur2

pytestmark = [pytest.mark.interop, pytest.mark.integration]

_seq = itertools.count(1)

CELL = """def add(a, b):
    c = a + b
    return c

total = add(2, 3)
print('total', total)
"""


class Session:
    """A jupyter_client kernel client used as a debugger frontend."""

    def __init__(self, kc) -> None:
        self.kc = kc

    def ask(self, command: str, **arguments) -> dict:
        """The DAP response to ``command``, asked in a debug_request on control."""
        request = {"type": "request", "seq": next(_seq), "command": command}
        reply = self.control("debug_request", {**request, "arguments": arguments})
        assert reply["msg_type"] == "debug_reply"
        return reply["content"]

    def control(self, msg_type: str, content: dict | None = None) -> dict:
        """The reply to a ``msg_type`` request sent on control."""
        message = self.kc.session.msg(msg_type, content or {})
        self.kc.control_channel.send(message)
        deadline = time.monotonic() + 30
        while True:
            reply = self.kc.get_control_msg(timeout=max(0.01, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == message["header"]["msg_id"]:
                return reply

    def start(self) -> None:
        """What JupyterLab does when its debugger is switched on."""
        assert self.ask("initialize", clientID="jovi-tests", adapterID="python")["success"]
        assert self.ask("attach")["success"]
        assert self.ask("debugInfo")["body"]["isStarted"] is True
        assert self.ask("configurationDone")["success"]

    def event(self, name: str, timeout: float = 30) -> dict:
        """The next debug_event ``name`` on IOPub."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if message["msg_type"] == "debug_event" and message["content"]["event"] == name:
                return message["content"]

    def run_to_breakpoint(self, code: str, line: int) -> tuple[str, int]:
        """Dump ``code``, set a breakpoint on ``line``, run it until it stops there; the
        execute request's id and the stopped thread."""
        path = self.ask("dumpCell", code=code)["body"]["sourcePath"]
        self.ask("setBreakpoints", source={"path": path}, breakpoints=[{"line": line}])
        msg_id = self.kc.execute(code)
        return msg_id, self.event("stopped")["body"]["threadId"]

    def reply(self, msg_id: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            message = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") == msg_id:
                return message["content"]


def start(kernel_name: str):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=30)
    return km, kc


@pytest.fixture
def session(jovi_kernelspec):
    km, kc = start("jovi")
    try:
        session = Session(kc)
        session.km = km
        yield session
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_the_kernelspec_and_kernel_info_announce_the_debugger(session, jovi_kernelspec):
    spec = json.loads((jovi_kernelspec / "kernel.json").read_text())
    assert spec["metadata"] == {"debugger": True}
    info = session.kc.kernel_info(reply=True, timeout=10)["content"]
    assert info["debugger"] is True
    assert "debugger" in info["supported_features"]


def test_a_breakpoint_in_a_cell_stops_it_and_its_frame_can_be_examined(session):
    session.start()
    info = session.ask("debugInfo")["body"]
    # The name JupyterLab computes from debugInfo, with no dumpCell before the breakpoint.
    assert (info["hashMethod"], info["hashSeed"]) == ("Murmur2", HASH_SEED)
    path = f"{info['tmpFilePrefix']}{murmur2(CELL)}{info['tmpFileSuffix']}"
    assert session.ask("dumpCell", code=CELL)["body"]["sourcePath"] == path
    placed = session.ask("setBreakpoints", source={"path": path}, breakpoints=[{"line": 2}])
    assert [(b["verified"], b["line"]) for b in placed["body"]["breakpoints"]] == [(True, 2)]
    assert session.ask("debugInfo")["body"]["breakpoints"] == [
        {"source": path, "breakpoints": [{"line": 2}]}
    ]

    msg_id = session.kc.execute(CELL)
    stopped = session.event("stopped")["body"]
    assert stopped["reason"] == "breakpoint"
    thread = stopped["threadId"]
    # The kernel answers while its main thread is stopped.
    assert session.control("kernel_info_request")["content"]["status"] == "ok"
    assert session.ask("debugInfo")["body"]["stoppedThreads"][0] == thread

    frames = session.ask("stackTrace", threadId=thread)["body"]["stackFrames"]
    assert [(f["name"], f["line"], f["source"]["path"]) for f in frames] == [
        ("add", 2, path),
        ("<module>", 5, path),  # no frame of the kernel's own code
    ]
    scopes = session.ask("scopes", frameId=frames[0]["id"])["body"]["scopes"]
    local = next(s for s in scopes if s["name"] == "Locals")
    variables = session.ask("variables", variablesReference=local["variablesReference"])
    assert {(v["name"], v["value"]) for v in variables["body"]["variables"]} == {
        ("a", "2"),
        ("b", "3"),
    }
    rich = session.ask("richInspectVariables", variableName="a", frameId=frames[0]["id"])
    assert rich["body"]["data"] == {"text/plain": "2"}
    evaluated = session.ask(
        "evaluate", expression="a * 10", frameId=frames[0]["id"], context="repl"
    )
    assert evaluated["body"]["result"] == "20"

    stepped = session.ask("next", threadId=thread)
    assert stepped["success"]
    assert session.event("stopped")["body"]["reason"] == "step"
    frames = session.ask("stackTrace", threadId=thread)["body"]["stackFrames"]
    assert frames[0]["line"] == 3

    assert session.ask("continue", threadId=thread)["success"]
    assert session.reply(msg_id)["status"] == "ok"
    assert session.ask("debugInfo")["body"]["stoppedThreads"] == []
    variables = session.ask("inspectVariables")["body"]["variables"]
    assert ("total", "5") in {(v["name"], v["value"]) for v in variables}


def test_copy_to_globals_makes_a_local_a_notebook_variable(session):
    session.start()
    code = "def f():\n    secret = [1, 2, 3]\n    return len(secret)\n\nf()\n"
    msg_id, thread = session.run_to_breakpoint(code, 3)
    frame = session.ask("stackTrace", threadId=thread)["body"]["stackFrames"][0]["id"]
    copied = session.ask(
        "copyToGlobals", srcVariableName="secret", dstVariableName="kept", srcFrameId=frame
    )
    assert copied["success"]
    session.ask("continue", threadId=thread)
    assert session.reply(msg_id)["status"] == "ok"
    check = session.kc.execute_interactive("kept", timeout=20)
    assert check["content"]["status"] == "ok"
    variables = session.ask("inspectVariables")["body"]["variables"]
    assert ("kept", "[1, 2, 3]") in {(v["name"], v["value"]) for v in variables}


def test_a_second_session_after_disconnect_stops_again(session):
    code = "\n\nx = 1\ny = x + 1\n"  # leading blank lines: breakpoints are on the cell's lines
    for _ in range(2):
        session.start()
        msg_id, thread = session.run_to_breakpoint(code, 4)
        frame = session.ask("stackTrace", threadId=thread)["body"]["stackFrames"][0]
        assert frame["line"] == 4
        session.ask("continue", threadId=thread)
        assert session.reply(msg_id)["status"] == "ok"
        assert session.ask("disconnect", restart=False, terminateDebuggee=True)["success"]
        assert session.ask("debugInfo")["body"]["isStarted"] is False
    # Still alive (terminateDebuggee is not obeyed), and without a debugger no stop.
    reply = session.kc.execute_interactive(code + "print(y)", timeout=20)
    assert reply["content"]["status"] == "ok"


def test_an_interrupt_at_a_breakpoint_ends_the_cell_and_breakpoints_still_stop(session):
    session.start()
    code = "def f():\n    x = 1\n    return x\n\nf()\n"
    msg_id, _ = session.run_to_breakpoint(code, 2)
    session.km.interrupt_kernel()
    reply = session.reply(msg_id)
    assert (reply["status"], reply["ename"]) == ("error", "KeyboardInterrupt")
    assert session.kc.execute_interactive("1 + 1", timeout=20)["content"]["status"] == "ok"
    msg_id = session.kc.execute(code)
    thread = session.event("stopped")["body"]["threadId"]
    assert session.ask("stackTrace", threadId=thread)["body"]["stackFrames"][0]["line"] == 2
    session.ask("continue", threadId=thread)
    assert session.reply(msg_id)["status"] == "ok"


def test_errors_in_cells_still_say_which_cell(session):
    session.start()
    seen = []
    session.kc.execute_interactive("1/0", timeout=20, output_hook=seen.append)
    [error] = [m["content"] for m in seen if m["msg_type"] == "error"]
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error["traceback"]))
    assert "Cell In[1], line 1" in text


# ------------------------------------------------------------------ without debugpy

_WITHOUT_DEBUGPY = (
    "import sys; sys.modules['debugpy'] = None; "
    "from jovi.cli.main import main; sys.exit(main(['kernel', '-f', sys.argv[1]]))"
)


def _install_spec(kernels: Path, name: str, argv: list[str], env: dict | None = None) -> None:
    directory = kernels / name
    directory.mkdir(parents=True)
    spec = {"argv": argv, "display_name": name, "language": "python", "env": env or {}}
    (directory / "kernel.json").write_text(json.dumps(spec))


@pytest.fixture
def kernels_dir(isolated_dirs):
    return isolated_dirs / "jupyter-data" / "kernels"


def test_without_debugpy_the_kernel_has_no_debugger_and_works(kernels_dir):
    _install_spec(
        kernels_dir,
        "no-debugpy",
        [sys.executable, "-c", _WITHOUT_DEBUGPY, "{connection_file}"],
    )
    km, kc = start("no-debugpy")
    try:
        info = kc.kernel_info(reply=True, timeout=10)["content"]
        assert info["debugger"] is False
        assert "debugger" not in info["supported_features"]
        session = Session(kc)
        for command in ("initialize", "attach", "dumpCell", "debugInfo", "inspectVariables"):
            assert session.ask(command, code="x = 1") == {}
        seen = []
        reply = kc.execute_interactive(
            "import sys; print(sys.modules['debugpy'])", timeout=20, output_hook=seen.append
        )
        assert reply["content"]["status"] == "ok"
        assert [m["content"]["text"] for m in seen if m["msg_type"] == "stream"] == ["None\n"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_debugpy_that_fails_to_import_fails_initialize_in_one_sentence(kernels_dir, tmp_path):
    broken = tmp_path / "broken"
    (broken / "debugpy").mkdir(parents=True)
    (broken / "debugpy" / "__init__.py").write_text("raise ImportError('debugpy is broken')\n")
    _install_spec(
        kernels_dir,
        "broken-debugpy",
        [sys.executable, "-m", "jovi", "kernel", "-f", "{connection_file}"],
        env={"PYTHONPATH": str(broken)},
    )
    km, kc = start("broken-debugpy")
    try:
        reply = Session(kc).ask("initialize", clientID="jovi-tests")
        assert reply["success"] is False
        assert reply["message"] == "the debugger could not start: debugpy is broken"
        assert kc.execute_interactive("1 + 1", timeout=20)["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_no_thread_of_the_kernel_is_left_to_the_debugger(session):
    # A kernel thread that debugpy stops (at any breakpoint) in the middle of an import
    # holds the import lock: evaluating anything in the stopped frame then hangs.
    session.start()
    session.kc.complete("import o", 8, reply=True, timeout=20)  # completion threads too
    code = (
        "import threading\n"
        "print(sorted(t.name for t in threading.enumerate()\n"
        "             if t is not threading.main_thread()\n"
        "             and not getattr(t, 'is_pydev_daemon_thread', False)))\n"
    )
    seen = []
    session.kc.execute_interactive(code, timeout=20, output_hook=seen.append)
    assert [m["content"]["text"] for m in seen if m["msg_type"] == "stream"] == ["[]\n"]
