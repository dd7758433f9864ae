"""%autoawait: whether top-level ``await`` is allowed, and which library runs it."""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest


def test_autoawait_alone_shows_the_state(run, shell, output):
    run("%autoawait")
    run("%autoawait off")
    run("%autoawait")
    assert output.stdout == (
        "autoawait is on; top-level await runs with asyncio.\n"
        "autoawait is off; top-level await runs with asyncio.\n"
    )


@pytest.mark.parametrize("word", ["off", "False", "false"])
def test_off_makes_top_level_await_an_error_and_on_allows_it_again(run, shell, output, word):
    run(f"%autoawait {word}")
    assert shell.autoawait is False
    result = run("import asyncio\nawait asyncio.sleep(0)")
    assert not result.success
    assert output.error_names == ["SyntaxError"]
    assert "turn on %autoawait" in output.errors[0].evalue
    run("%autoawait on")
    assert run("await asyncio.sleep(0, result=3)").success
    assert output.text_results == ["3"]


async def test_off_applies_in_a_running_loop_too(shell, output):
    # The kernel's path: run_cell_async inside its event loop.
    await shell.run_cell_async("%autoawait off")
    result = await shell.run_cell_async("import asyncio\nawait asyncio.sleep(0)")
    assert not result.success
    assert output.error_names == ["SyntaxError"]
    await shell.run_cell_async("%autoawait asyncio")
    assert shell.autoawait is True
    assert (await shell.run_cell_async("await asyncio.sleep(0)")).success


@pytest.mark.parametrize("library", ["trio", "curio"])
def test_a_library_not_installed_is_one_sentence(run, shell, output, library):
    if importlib.util.find_spec(library) is not None:
        pytest.skip(f"{library} is installed here")
    result = run(f"%autoawait {library}")
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == (
        f"%autoawait {library} needs the {library} package, which is not installed "
        f"(%pip install {library} installs it)."
    )
    assert shell.loop_runner == "asyncio"  # unchanged


@pytest.fixture
def stand_in_trio(tmp_path, monkeypatch):
    """A module named ``trio`` with trio's ``run(async_fn, *args)``, recording its calls
    (trio itself is not a test dependency): it shows what jovi hands to trio."""
    (tmp_path / "trio.py").write_text(
        textwrap.dedent(
            """
            import asyncio, inspect
            calls = []

            def run(async_fn, *args):
                calls.append((inspect.iscoroutinefunction(async_fn), len(args)))
                return asyncio.run(async_fn(*args))
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "trio", raising=False)
    yield
    sys.modules.pop("trio", None)


def test_trio_runs_the_cells_that_await(run, shell, output, stand_in_trio):
    assert run("%autoawait trio").success
    assert (shell.autoawait, shell.loop_runner) == (True, "trio")
    run("%autoawait")
    assert output.stdout == "autoawait is on; top-level await runs with trio.\n"
    result = run("import asyncio\nawait asyncio.sleep(0, result=7)")
    assert result.success, output.errors
    assert output.text_results == ["7"]
    assert sys.modules["trio"].calls == [(True, 1)]
    run("1 + 1")  # a cell without await does not go through the runner
    assert sys.modules["trio"].calls == [(True, 1)]


def test_a_dotted_name_chooses_that_function(run, shell, output, tmp_path, monkeypatch):
    (tmp_path / "my_runner.py").write_text(
        "import asyncio\nused = []\n"
        "def run(coroutine):\n    used.append(1)\n    return asyncio.run(coroutine)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert run("%autoawait my_runner.run").success
    assert run("import asyncio\nawait asyncio.sleep(0)").success
    assert sys.modules["my_runner"].used == [1]
    sys.modules.pop("my_runner")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "%autoawait maybe",
            (
                "%autoawait takes on, off, asyncio, trio, curio or the dotted name of a "
                "function running coroutines (package.module.run), not 'maybe'."
            ),
        ),
        ("%autoawait jovi.no_such_runner", "%autoawait: cannot find 'jovi.no_such_runner'"),
        ("%autoawait jovi.__version__", "%autoawait: 'jovi.__version__' is not a function"),
    ],
)
def test_other_words_are_one_line(run, shell, output, line, message):
    assert not run(line).success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue.startswith(message)
    assert shell.loop_runner == "asyncio"
