"""``jovi console``: the terminal's line editor in front of any kernel.

The prompt, keys, colours and history search are the terminal shell's
(:mod:`jovi.terminal.session`); what differs is where answers come from:

* **Enter** asks the kernel whether the input is complete (``is_complete_request``):
  complete input runs, incomplete input gets a new line indented as the kernel says.
* **Tab** completes from the kernel; ``obj?`` and ``obj??`` show the kernel's help in
  the pager.
* **input()** in the kernel is answered at a prompt here (hidden for passwords).
* **Ctrl-C** while code runs interrupts the kernel (a signal or a message, as its
  kernelspec asks); at the prompt it clears the input.
* **Ctrl-X Ctrl-R** or ``%restart`` restarts a kernel this console started;
  ``%shutdown`` stops the kernel and leaves; ``exit``, ``quit`` and Ctrl-D leave.
* Outputs of other clients of the kernel appear prefixed with ``[remote]`` when
  ``include_other_output`` is on; images are drawn in terminals that can (see
  :mod:`~jovi.terminal.console.images`) and described elsewhere.
* When the kernel dies, the console says so at once and offers to restart it.

Leaving (``exit``, Ctrl-D) stops a kernel the console started, and never one it
connected to with ``--existing``: that kernel keeps running, and the console says
how to connect again.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from jovi.config import Bool, Configurable, Dict, Enum, Float, Int, Str
from jovi.errors import ChannelClosed, KernelDied, KernelError
from jovi.terminal.console.images import PROTOCOLS, detect_protocol
from jovi.terminal.console.render import OutputRenderer, is_status
from jovi.terminal.prompts import Prompts

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    from jovi.client import AsyncKernelClient, Message
    from jovi.kernels import KernelManager

__all__ = ["RESTART_KEYS", "ConsoleFrontend"]

RESTART_KEYS: Final = ("c-x", "c-r")
_RESTART: Final = "\x00restart"  # what the restart key makes the prompt return
_WATCH_S: Final = 0.25
_EOF: Final = "\x04"
_LEAVE: Final = frozenset({"exit", "quit", "exit()", "quit()", "%exit", "%quit"})


class _Run:
    """One execution this console asked for."""

    def __init__(self, msg_id: str) -> None:
        self.msg_id = msg_id
        self.idle = asyncio.Event()
        self.dead = asyncio.Event()


class ConsoleFrontend(Configurable):
    """The console's loop: read input at the prompt, run it in the kernel, show outputs.

    Args:
        client: The client of the kernel (channels not started yet).
        manager: The kernel's manager when this console started the kernel (it may
            then restart and stop it); None for ``--existing``.
        connection_file: The kernel's connection file (named when leaving it running).
    """

    config_aliases = ("ZMQTerminalInteractiveShell",)

    colors = Enum(
        ("Neutral", "NoColor", "Linux", "LightBG"),
        "Neutral",
        help="The colour scheme of prompts and input.",
    )
    highlighting_style = Str("", help="The pygments style of the input ('' from the colours).")
    highlighting_style_overrides = Dict({}, help="Style overrides by token.")
    editing_mode = Enum(("emacs", "vi"), "emacs", help="Key bindings of the line editor.")
    auto_suggest = Bool(False, help="Suggest the rest of the line from history.")
    mouse_support = Bool(False, help="Let the mouse move the cursor in the input.")
    complete_while_typing = Bool(False, help="Open the completion menu while typing.")
    display_completions = Enum(
        ("column", "multicolumn", "readlinelike"),
        "multicolumn",
        help="How the completion menu is laid out.",
    )
    highlight_matching_brackets = Bool(True, help="Highlight the bracket matching the cursor's.")
    autoindent = Bool(True, help="Indent new lines as the kernel says.")
    confirm_exit = Bool(True, help="Ask 'Do you really want to exit ([y]/n)?' on Ctrl-D.")
    display_banner = Bool(True, help="Show the kernel's banner at start-up.")
    include_other_output = Bool(
        False, help="Show the inputs and outputs of the kernel's other clients."
    )
    other_output_prefix = Str("[remote] ", help="The prefix of other clients' lines.")
    image_protocol = Enum(
        ("auto", *PROTOCOLS, "none"),
        "auto",
        help="How images are drawn: kitty, iterm2 or sixel; none describes them; auto "
        "guesses from TERM and the terminal's variables.",
    )
    kernel_timeout = Float(60.0, min=0.1, help="Seconds to wait for the kernel to be ready.")
    completion_timeout = Float(2.0, min=0.01, help="Seconds to wait for completions.")
    is_complete_timeout = Float(
        1.0, min=0.01, help="Seconds to wait for the kernel's verdict on Enter (then it runs)."
    )
    history_load_length = Int(1000, min=0, help="How many inputs of the kernel's history to load.")

    def __init__(
        self,
        client: AsyncKernelClient,
        *,
        manager: KernelManager | None = None,
        connection_file: str = "",
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.client = client
        self.manager = manager
        self.connection_file = connection_file
        self.execution_count = 1
        """The number of the next input (``In [N]:``)."""
        self.prompts = Prompts(self)
        protocol = detect_protocol() if self.image_protocol == "auto" else self.image_protocol
        self.renderer = OutputRenderer(self.colors, None if protocol == "none" else protocol)
        self.kernel_dead = False
        self.exit_now = False
        self.keep_kernel = manager is None
        self.stop_kernel = False
        self.next_input = ""
        self._running: _Run | None = None
        self._prompting = False
        self._restarting = False
        self._group: asyncio.TaskGroup | None = None
        self._input_session: PromptSession[str] | None = None

    # ------------------------------------------------------------------ output

    @staticmethod
    def write(text: str) -> None:
        """Write ``text`` to the terminal now."""
        if text:
            sys.stdout.write(text)
            sys.stdout.flush()

    async def say(self, text: str) -> None:
        """Write ``text`` above the prompt if one is shown, else now."""
        if not text:
            return
        if self._prompting:
            from prompt_toolkit.application import run_in_terminal  # noqa: PLC0415 - start-up cost

            await run_in_terminal(lambda: self.write(text))
        else:
            self.write(text)

    # ------------------------------------------------------------------ the loop

    async def run(self) -> int:
        """Connect, then read and run input until the user leaves; the exit status."""
        self.client.start_channels()
        try:
            reply = await self.client.wait_for_ready(self.kernel_timeout)
        except KernelError as error:
            self.write(f"jovi: the kernel is not ready: {error}\n")
            await self.client.aclose()
            return 1
        if self.display_banner:
            self.write(getattr(reply.content, "banner", "").rstrip("\n") + "\n\n")
        await self._sync_count()
        session = await self._session()
        try:
            async with asyncio.TaskGroup() as group:
                self._group = group
                readers = [group.create_task(self._read_iopub()), group.create_task(self._watch())]
                try:
                    await self._interact(session)
                finally:
                    for task in readers:
                        task.cancel()
        finally:
            self._group = None
            await self._leave()
        return 0

    async def _sync_count(self) -> None:
        with contextlib.suppress(KernelError, ChannelClosed):
            reply = await self.client.execute("", silent=True, reply=True, timeout=5)
            count = getattr(reply.content, "execution_count", None)
            if isinstance(count, int):
                self.execution_count = count + 1

    async def _session(self) -> PromptSession[str]:
        from jovi.terminal.console.completion import (  # noqa: PLC0415 - loads prompt_toolkit
            KernelCompleter,
            KernelHistory,
            load_kernel_history,
        )
        from jovi.terminal.session import build_prompt_session  # noqa: PLC0415 - start-up cost

        entries = await load_kernel_history(self.client, self.history_load_length)
        return build_prompt_session(
            self,
            completer=KernelCompleter(self.client, self.completion_timeout),
            history=KernelHistory(entries),
            check_complete=self._check_complete,
            warn=self.write,
            extra_bindings=self._key_bindings(),
            complete_in_thread=False,
            asynchronous=True,
        )

    def _key_bindings(self) -> KeyBindings:
        from prompt_toolkit.key_binding import KeyBindings  # noqa: PLC0415 - start-up cost

        bindings = KeyBindings()

        @bindings.add(*RESTART_KEYS)
        def _restart(event: KeyPressEvent) -> None:
            event.app.exit(result=_RESTART)

        return bindings

    async def _check_complete(self, code: str) -> tuple[str, str]:
        """The kernel's verdict on ``code``; a kernel that does not answer in time (or
        answers 'unknown') lets the input run."""
        try:
            reply = await self.client.is_complete(
                code, reply=True, timeout=self.is_complete_timeout
            )
        except (KernelError, ChannelClosed):
            return "complete", ""
        content: Any = reply.content
        status = getattr(content, "status", "complete")
        if status not in ("complete", "incomplete", "invalid"):
            return "complete", ""
        return status, getattr(content, "indent", None) or ""

    async def _prompt(self, session: PromptSession[str]) -> str:
        default, self.next_input = self.next_input, ""
        self._prompting = True
        try:
            return await session.prompt_async(default=default)
        finally:
            self._prompting = False

    async def _interact(self, session: PromptSession[str]) -> None:
        while not self.exit_now:
            try:
                code = await self._prompt(session)
            except KeyboardInterrupt:
                continue
            except EOFError:
                if not self.confirm_exit or await self.ask_yes_no(
                    "Do you really want to exit ([y]/n)?"
                ):
                    break
                continue
            command = code.strip()
            if code == _RESTART or command == "%restart":
                await self.restart()
            elif command == "%shutdown":
                self.stop_kernel, self.exit_now = True, True
            elif command in _LEAVE:
                # Handled here, not by the kernel: ipykernel ends itself on `exit`, and
                # leaving must not stop a kernel this console did not start.
                self.exit_now = True
            elif not command:
                continue
            elif self.kernel_dead:
                await self.say(self._dead_help())
            else:
                await self.run_cell(code)
            self.write("\n")

    # ------------------------------------------------------------------ running code

    async def run_cell(self, code: str) -> None:
        """Run ``code`` in the kernel; show its outputs and answer its input requests."""
        try:
            msg_id = await self.client.execute(code, allow_stdin=True)
        except ChannelClosed:
            return
        run = _Run(msg_id)
        self._running = run
        loop = asyncio.get_running_loop()
        handles_sigint = _catch_sigint(loop, self._interrupt_soon)
        try:
            async with asyncio.TaskGroup() as group:
                answering = group.create_task(self._answer_input(run))
                reply = await self._unless_dead(self.client.get_reply(msg_id), run)
                if reply is not None:
                    await self._unless_dead(run.idle.wait(), run)
                answering.cancel()
        finally:
            if handles_sigint:
                loop.remove_signal_handler(signal.SIGINT)
            self._running = None
        if reply is None:
            await self._died_while_running()
            return
        self._after(reply)

    async def _unless_dead(self, waiting: Any, run: _Run) -> Any:
        """What ``waiting`` gives, or None when the kernel dies first."""

        async def guarded() -> Any:
            try:
                return await waiting
            except KernelDied:
                run.dead.set()
                return None

        async with asyncio.TaskGroup() as group:
            result = group.create_task(guarded())
            death = group.create_task(run.dead.wait())
            await asyncio.wait((result, death), return_when=asyncio.FIRST_COMPLETED)
            death.cancel()
            result.cancel()
        return None if run.dead.is_set() or result.cancelled() else result.result()

    def _after(self, reply: Message[Any]) -> None:
        content: Any = reply.content
        count = getattr(content, "execution_count", None)
        if isinstance(count, int) and content.status in ("ok", "error"):
            self.execution_count = count + 1
        for item in getattr(content, "payload", ()) or ():
            source = item.get("source")
            if source == "page":
                from jovi.terminal.pager import page  # noqa: PLC0415 - start-up cost

                data = item.get("data", {})
                text = str(data.get("text/plain", "")) if isinstance(data, dict) else str(data)
                page("\n".join(text.splitlines()[int(item.get("start", 0) or 0) :]))
            elif source == "set_next_input":
                self.next_input = str(item.get("text", ""))
            elif source == "ask_exit":
                self.exit_now = True
                self.keep_kernel = self.keep_kernel or bool(item.get("keepkernel", False))

    async def _answer_input(self, run: _Run) -> None:
        while True:
            try:
                message = await self.client.get_stdin_msg()
            except (ChannelClosed, KernelDied):
                return
            if message.msg_type != "input_request":
                continue
            content: Any = message.content
            answer = await self._ask(content.prompt, password=bool(content.password))
            if answer is not None:
                await self.client.input(answer, message)

    async def _ask(self, prompt: str, *, password: bool = False) -> str | None:
        """What the user types at ``prompt`` (None after Ctrl-C, which interrupts)."""
        from prompt_toolkit import PromptSession  # noqa: PLC0415 - start-up cost

        if self._input_session is None:
            self._input_session = PromptSession()
        try:
            return await self._input_session.prompt_async(prompt, is_password=password)
        except EOFError:
            return _EOF
        except KeyboardInterrupt:
            await self.interrupt()
            return None

    async def ask_yes_no(self, question: str, default: bool = True) -> bool:
        """Ask a yes/no question; Enter gives ``default``."""
        answer = await self._ask(question + " ")
        if answer is None or answer == _EOF:
            return False
        answer = answer.strip().lower()
        return default if not answer else answer.startswith("y")

    # ------------------------------------------------------------------ IOPub

    async def _read_iopub(self) -> None:
        while True:
            try:
                message = await self.client.get_iopub_msg()
            except ChannelClosed:
                await asyncio.sleep(0.05)  # reconnecting after a restart
                continue
            except KernelDied:
                await asyncio.sleep(_WATCH_S)
                continue
            await self._show(message)

    async def _show(self, message: Message[Any]) -> None:
        run = self._running
        parent = message.parent_header
        if run is not None and parent is not None and parent.msg_id == run.msg_id:
            if is_status(message, "idle"):
                run.idle.set()
            else:
                self.write(self.renderer.render(message))
            return
        if (
            self.include_other_output
            and parent is not None
            and parent.session != self.client.session.session_id
        ):
            text = self.renderer.render(message, remote_prefix=self.other_output_prefix)
            await self.say(text)

    # ------------------------------------------------------------------ the kernel's life

    def _mark_dead(self) -> str:
        self.kernel_dead = True
        if self.manager is not None:
            return self.manager.death_notice()
        return f"the kernel stopped answering its heartbeat ({self.connection_file or 'no file'})"

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(_WATCH_S)
            if self._restarting:
                continue
            alive = await self.client.is_alive()
            if not alive and not self.kernel_dead:
                notice = self._mark_dead()
                run = self._running
                if run is not None:
                    run.dead.set()
                else:
                    await self.say(f"\njovi: {notice}.\n{self._dead_help()}")
            elif alive and self.kernel_dead and self.manager is None:
                self.kernel_dead = False
                await self.say("\njovi: the kernel answers again.\n")

    def _dead_help(self) -> str:
        if self.manager is not None:
            return "Restart it with %restart (or Ctrl-X Ctrl-R), or leave with exit.\n"
        return (
            "This console did not start it, so it cannot restart it; leave with exit, or "
            "wait: its manager may restart it.\n"
        )

    async def _died_while_running(self) -> None:
        notice = self._mark_dead()
        self.write(f"\njovi: {notice}.\n")
        if self.manager is not None and await self.ask_yes_no("Restart the kernel ([y]/n)?"):
            await self.restart()
        else:
            self.write(self._dead_help())

    def _interrupt_soon(self) -> None:
        if self._group is not None:
            self._group.create_task(self.interrupt())

    async def interrupt(self) -> None:
        """Interrupt the kernel (its manager's way when this console started it)."""
        try:
            await self.client.interrupt()
        except (KernelError, ChannelClosed) as error:
            self.write(f"jovi: the kernel could not be interrupted: {error}\n")

    async def restart(self) -> None:
        """Restart a kernel this console started (a fresh namespace)."""
        if self.manager is None:
            await self.say(
                "jovi: this console did not start the kernel, so it cannot restart it.\n"
            )
            return
        self._restarting = True
        self.write("jovi: restarting the kernel...\n")
        try:
            await asyncio.to_thread(self.manager.restart, now=self.kernel_dead)
            await self.client.wait_for_ready(self.kernel_timeout)
        except KernelError as error:
            self.write(f"jovi: the kernel could not be restarted: {error}\n")
            self.kernel_dead = True
            return
        finally:
            self._restarting = False
        self.kernel_dead = False
        self.execution_count = 1
        self.write("jovi: the kernel was restarted (a fresh namespace).\n")

    async def _leave(self) -> None:
        if self.manager is not None and not self.keep_kernel:
            await asyncio.to_thread(self.manager.shutdown, now=self.kernel_dead)
        elif self.stop_kernel and not self.kernel_dead:
            with contextlib.suppress(KernelError, ChannelClosed):
                await self.client.shutdown(reply=True, timeout=5)
            self.write("jovi: the kernel was shut down.\n")
        elif not self.kernel_dead:
            name = Path(self.connection_file).name if self.connection_file else "FILE"
            self.write(
                f"The kernel keeps running; connect to it again with:\n"
                f"    jovi console --existing {name}\n"
            )
        await self.client.aclose()


def _catch_sigint(loop: asyncio.AbstractEventLoop, handler: Any) -> bool:
    """Make SIGINT call ``handler`` on ``loop`` (main thread only); whether it does."""
    try:
        loop.add_signal_handler(signal.SIGINT, handler)
    except (RuntimeError, ValueError, NotImplementedError):
        return False
    return True
