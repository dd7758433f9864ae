"""The current shell is a ContextVar set for a block by use_shell (STYLE C10, issue 15.7)."""

from __future__ import annotations

import asyncio
import contextvars
import threading

from jovi.shell.current import current_shell, use_shell
from jovi.shell.interactiveshell import InteractiveShell, get_ipython


def _other_shell(output, tmp_path):
    return InteractiveShell(output=output, profile_dir=tmp_path / "other", colors="NoColor")


def test_outside_every_block_the_registered_shell_is_current(shell):
    assert current_shell() is shell
    assert get_ipython() is shell


def test_no_shell_is_current_when_none_is_registered_or_used(shell):
    InteractiveShell.clear_instance()
    assert current_shell() is None
    assert get_ipython() is None


def test_use_shell_makes_a_shell_current_for_the_block_only(shell, output, tmp_path):
    other = _other_shell(output, tmp_path)
    try:
        with use_shell(other) as used:
            assert used is other
            assert current_shell() is other
            assert get_ipython() is other
            with use_shell(shell):
                assert current_shell() is shell
            assert current_shell() is other
        assert current_shell() is shell
    finally:
        other.close()


def test_the_block_is_left_on_an_error(shell, output, tmp_path):
    other = _other_shell(output, tmp_path)
    try:
        try:
            with use_shell(other):
                raise KeyError("x")
        except KeyError:
            pass
        assert current_shell() is shell
    finally:
        other.close()


def test_each_context_has_its_own_current_shell(shell, output, tmp_path):
    other = _other_shell(output, tmp_path)
    seen: dict[str, object] = {}

    async def task(name: str, used: InteractiveShell | None) -> None:
        if used is None:
            await asyncio.sleep(0.01)
            seen[name] = current_shell()
            return
        with use_shell(used):
            await asyncio.sleep(0.02)
            seen[name] = current_shell()

    async def both() -> None:
        await asyncio.gather(task("using", other), task("plain", None))

    def in_thread() -> None:
        seen["thread"] = current_shell()

    try:
        asyncio.run(both())
        with use_shell(other):
            thread = threading.Thread(target=in_thread)
            thread.start()
            thread.join()
            seen["copied"] = contextvars.copy_context().run(current_shell)
    finally:
        other.close()
    assert seen == {"using": other, "plain": shell, "thread": shell, "copied": other}


def test_register_line_magic_registers_with_the_current_shell(shell, output, tmp_path):
    from jovi.shell.magic.core import register_line_magic

    other = _other_shell(output, tmp_path)
    try:
        with use_shell(other):

            @register_line_magic
            def only_here(line: str) -> str:
                return line

        assert other.find_line_magic("only_here") is not None
        assert shell.find_line_magic("only_here") is None
    finally:
        other.close()
