"""Tests wait on events, not time (issue 21): a fixed sleep outside a polling loop is
a guess that another thread or process has got somewhere.  Each one left says why it
is not synchronization (below); a new one fails here.  Polling a condition in a loop
with a deadline is fine, and so is sleeping in code a kernel runs (a string)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
NOT_OURS = ("kernel/peer_suites/", "nbformat/upstream/")

# (file, function): why its fixed sleep is not a wait for another thread or process.
ALLOWED = {
    (
        "shell/history/test_history.py",
        "test_the_database_is_opened_when_the_session_is_first_needed",
    ): "time passes between constructing and first use, so the two timestamps differ",
    (
        "server/test_contents.py",
        "test_a_save_based_on_an_older_read_is_refused_with_409_naming_the_change",
    ): "time passes so that the file's modification time differs",
    (
        "terminal/test_terminal.py",
        "test_question_mark_opens_the_pager",
    ): "checks that nothing happens (the pager keeps the screen) for a while",
    (
        "terminal/test_console.py",
        "test_exit_keep_kernel_leaves_a_started_jovi_kernel_running",
    ): "checks that nothing happens (the kept kernel lives on) for a while",
    (
        "kernel/test_jupyter_client.py",
        "test_an_interrupt_while_idle_does_not_kill_the_kernel",
    ): "checks that nothing happens (the kernel lives on) after an idle interrupt",
    (
        "kernel/test_jupyter_client.py",
        "test_the_kernel_exits_when_its_parent_dies",
    ): "the kernel must have been running a while before its parent dies",
    (
        "terminal/test_console.py",
        "test_code_runs_outputs_show_ctrl_c_interrupts_and_leaving_stops_the_kernel",
    ): "left: waiting for the cell's output showed a console defect (see the comment)",
    (
        "server/test_kernels.py",
        "test_a_client_that_comes_back_gets_what_it_missed_in_order_and_once",
    ): "the cell prints while no client is connected: the absence is the scenario",
    (
        "server/test_outputs_survive.py",
        "test_a_30_s_counter_closed_at_5_s_and_opened_at_20_s_has_every_line_once",
    ): "twenty seconds unattended is the scenario",
    (
        "transport/test_heartbeat.py",
        "ping",
    ): "the child announced its block; it may not hold the GIL yet (nothing to wait on)",
    (
        "kernel/test_socketloop.py",
        "test_a_flood_on_shell_does_not_hold_up_control",
    ): "lets shell requests pile up before control is sent (a load, not a wait)",
    ("kernel/test_socketloop.py", "slow_shell"): "a slow handler (the workload)",
    ("parallel/test_results.py", "_sleep_then"): "a task's own work, run on an engine",
    ("parallel/test_results.py", "wait"): "a task's own work, run on an engine",
    ("kernel/test_executor.py", "later"): "a task's own work (the workload)",
    ("shell/test_current.py", "task"): "interleaves two tasks (the workload)",
    ("shell/completion/test_completion.py", "__dir__"): "a slow object (the workload)",
    ("transport/heartbeat_child.py", "main"): "the child blocks on purpose (the workload)",
}


def _fixed_sleeps(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, function: str, in_loop: bool) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            loop = in_loop
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name, loop = child.name, False
            elif isinstance(child, ast.While | ast.For | ast.AsyncFor):
                loop = True
            elif isinstance(child, ast.Call) and _is_fixed_sleep(child) and not in_loop:
                found.append((function, child.lineno))
            visit(child, name, loop)

    visit(tree, "<module>", False)
    return found


def _is_fixed_sleep(call: ast.Call) -> bool:
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr == "sleep"
        and isinstance(func.value, ast.Name)
        and func.value.id in {"time", "asyncio"}
    ):
        return False
    # asyncio.sleep(0) yields to the loop once: no guess about time.
    return not (call.args and isinstance(call.args[0], ast.Constant) and call.args[0].value == 0)


def _all_fixed_sleeps() -> dict[tuple[str, str], int]:
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        relative = path.relative_to(TESTS).as_posix()
        if relative.startswith(NOT_OURS) or path == Path(__file__).resolve():
            continue
        for function, line in _fixed_sleeps(path):
            found[(relative, function)] = line
    return found


def test_no_fixed_sleep_waits_for_another_thread_or_process():
    unexplained = {
        f"{file}:{line} in {function}"
        for (file, function), line in _all_fixed_sleeps().items()
        if (file, function) not in ALLOWED
    }
    assert unexplained == set(), "wait for the message or marker that proves the state"


def test_every_allowed_sleep_still_exists():
    assert set(ALLOWED) - set(_all_fixed_sleeps()) == set()


def test_a_sleep_in_a_polling_loop_is_not_reported(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import time\n"
        "def polls():\n"
        "    while not ready():\n"
        "        time.sleep(0.05)\n"
        "def guesses():\n"
        "    start()\n"
        "    time.sleep(0.2)\n"
    )
    assert _fixed_sleeps(sample) == [("guesses", 7)]
