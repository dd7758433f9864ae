"""The parallel magics: ``%px``, ``%%px``, ``%autopx``, ``%pxresult``, ``%pxconfig``.

They run code on the engines of one *active* :class:`~jovi.parallel.view.DirectView`
and show what each engine printed, labelled with its id (``[stdout:0] hi``,
``Out[0:3]: 42``); errors come back as a
:class:`~jovi.parallel.errors.CompositeError` showing each engine's traceback.

``view.activate()`` makes a view the active one; ``view.activate("_a")`` gives it
magics of its own, ``%px_a``, ``%%px_a``, ``%autopx_a``, ``%pxresult_a`` and
``%pxconfig_a``, beside the others.  ``rc.activate()`` activates a blocking view of
every engine; creating a :class:`~jovi.parallel.client.Client` in a jovi shell or
kernel does that, so ``%px`` is there as soon as a client is.

``%autopx`` adds an input transformer that turns every following cell into a ``%%px``
cell, until a cell that starts with ``%autopx`` again.
"""

from __future__ import annotations

import ast
import contextlib
import signal
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.parallel.outputs import current_sink, display_outputs
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, magics_class, no_var_expand

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.parallel.asyncresult import AsyncResult
    from jovi.parallel.client import Targets
    from jovi.parallel.view import DirectView
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["ParallelMagics", "activate", "parse_targets"]

NO_LAST_RESULT = "%pxresult recalls the last %px result, and there is none yet."
PROGRESS_AFTER_S = 2.0
"""A blocking ``%px`` still running after this many seconds shows its progress."""
STREAM_POLL_S = 0.05


def _execution_arguments(function: Any) -> Any:
    """The arguments of ``%%px`` and ``%pxconfig``."""
    for decorate in (
        argument(
            "--verbose",
            action="store_const",
            const=True,
            dest="verbose",
            help="say on which engines each command runs",
        ),
        argument(
            "--no-verbose",
            action="store_const",
            const=False,
            dest="verbose",
            help="do not say on which engines each command runs",
        ),
        argument(
            "--progress-after",
            dest="progress_after",
            type=float,
            default=None,
            help="show the progress of a blocking command still running after this "
            "many seconds (0: at once, -1: never; default 2)",
        ),
        argument(
            "--stream",
            action="store_const",
            const=True,
            dest="stream",
            help="show what the engines print while they run (blocking only)",
        ),
        argument(
            "--no-stream",
            action="store_const",
            const=False,
            dest="stream",
            help="show what the engines printed once they finished",
        ),
        argument(
            "-a",
            "--noblock",
            action="store_const",
            const=False,
            dest="block",
            help="return at once with an AsyncResult (see %%pxresult)",
        ),
        argument(
            "-b",
            "--block",
            action="store_const",
            const=True,
            dest="block",
            help="wait for the engines and show their outputs",
        ),
        argument(
            "-t",
            "--targets",
            type=str,
            help="the engines: an id, a list of ids, a slice such as ::2, or all",
        ),
    ):
        function = decorate(function)
    return function


def _output_arguments(function: Any) -> Any:
    """The arguments of ``%%px`` and ``%pxresult``."""
    for decorate in (
        argument(
            "-o",
            "--out",
            "--save-name",
            dest="save_name",
            type=str,
            help="keep the AsyncResult in this variable",
        ),
        argument(
            "--group-outputs",
            dest="groupby",
            choices=["engine", "order", "type"],
            default="type",
            help="group the outputs by type (all stdout, then all stderr, then the "
            "displays), by engine, or by order (the first display of each engine, "
            "then the second...)",
        ),
        argument(
            "-e",
            action="store_const",
            dest="groupby",
            const="engine",
            help="group the outputs by engine (--group-outputs=engine)",
        ),
        argument(
            "-r",
            action="store_const",
            dest="groupby",
            const="order",
            help="collate the displays in order (--group-outputs=order)",
        ),
    ):
        function = decorate(function)
    return function


def parse_targets(text: str, ids: list[int]) -> Targets:
    """The engines ``text`` names: ``all``, an id, a list of ids, or a slice of ``ids``.

    Raises:
        UsageError: ``text`` is none of these.
    """
    text = text.strip()
    if text == "all":
        return "all"
    if ":" in text and not text.startswith("["):
        parts = [int(p) if p.strip() else None for p in text.split(":")]
        if len(parts) > 3:
            raise UsageError(f"{text!r} is not a slice")
        return ids[slice(*parts)]
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise UsageError(
            f"--targets takes an id, a list of ids, a slice or all, not {text!r}"
        ) from None
    if isinstance(value, int):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, int) for v in value):
        return list(value)
    raise UsageError(f"--targets takes an id, a list of ids, a slice or all, not {text!r}")


@magics_class
class ParallelMagics(Magics):
    """The parallel magics of one view; their names end with ``suffix``.

    Attributes:
        view: The active view.
        suffix: The end of the magics' names (``"_a"``: ``%px_a``...).
        verbose: Say on which engines each command runs.
        stream: Show output as it arrives (blocking commands).
        last_result: The AsyncResult of the last command (for ``%pxresult``).
    """

    def __init__(self, shell: InteractiveShell, view: DirectView, suffix: str = "") -> None:
        super().__init__(shell)
        self.view = view
        self.suffix = suffix
        self.verbose = False
        self.stream = False
        self.progress_after = PROGRESS_AFTER_S
        self.last_result: AsyncResult | None = None
        self._autopx: Callable[[list[str]], list[str]] | None = None
        self.group_name = f"ParallelMagics{suffix}"
        px = "px" + suffix
        self.bound = {
            "line": {
                px: self.px,
                "autopx" + suffix: self.autopx,
                "pxresult" + suffix: self.pxresult,
                "pxconfig" + suffix: self.pxconfig,
            },
            "cell": {px: self.cell_px},
        }

    # ------------------------------------------------------------------ running

    def _say(self, text: str) -> None:
        current_sink().write(text + "\n")

    def parallel_execute(
        self,
        code: str,
        *,
        block: bool | None = None,
        groupby: str = "type",
        save_name: str | None = None,
        stream: bool | None = None,
        progress_after: float | None = None,
    ) -> AsyncResult | None:
        """Run ``code`` on the view's engines; with ``block``, wait (showing the progress
        once ``progress_after`` seconds passed) and show the outputs.

        Returns:
            The AsyncResult when not blocking, else ``None``.

        Raises:
            CompositeError: the code failed on one or more engines (blocking).
        """
        block = self.view.block if block is None else block
        stream = self.stream if stream is None else stream
        if self.verbose:
            base = "Parallel" if block else "Async parallel"
            self._say(f"{base} execution on engine(s): {self.view.targets}")
        result: AsyncResult = self.view.execute(code, silent=False, block=False)
        self.last_result = result
        if save_name:
            self.shell.user_ns[save_name] = result
        if not block:
            return result
        engines = self.view._ids()
        try:
            if stream:
                _stream_until_done(result)
                _show_after_stream(result, groupby)
            else:
                after = self.progress_after if progress_after is None else progress_after
                if after >= 0 and not result.wait(after):
                    result.wait_interactive()
                result.wait()
                result.display_outputs(groupby)
        except KeyboardInterrupt:
            # Ctrl-C interrupts the code on the engines too (as ipyparallel's %px does):
            # their KeyboardInterrupts come back as the command's error.
            self._say("Received KeyboardInterrupt. Sending SIGINT to the engines...")
            self.view.client.send_signal(signal.SIGINT, targets=engines)
            result.wait()
            result.display_outputs(groupby)
        result.get()
        return None

    @no_var_expand
    def px(self, line: str = "") -> AsyncResult | None:
        """Run one statement on the engines of the active view.

        ``%px a = os.getpid()`` then ``%px print(a)`` shows ``[stdout:0] 1234``,
        ``[stdout:1] 1235``...; the value of an expression shows as
        ``Out[0:3]: 42``.  With a non-blocking view the AsyncResult is returned
        (``%pxresult`` shows its outputs).
        """
        return self.parallel_execute(line)

    @magic_arguments("px")
    @argument(
        "--local",
        action="store_true",
        help="also run the cell here, after sending it to the engines",
    )
    @_output_arguments
    @_execution_arguments
    def cell_px(self, line: str = "", cell: str = "") -> AsyncResult | None:
        """Run the cell on the engines of the active view (the options apply to this
        cell only)."""
        args = parse_argstring(self.cell_px, line)
        saved = self.view.targets
        if args.targets:
            self.view.targets = parse_targets(args.targets, self.view.client.ids)
        block = self.view.block if args.block is None else args.block
        saved_verbose = self.verbose
        if args.verbose is not None:
            self.verbose = args.verbose
        try:
            result = self.parallel_execute(
                cell,
                block=False if args.local else block,
                groupby=(args.groupby or "type"),
                save_name=args.save_name,
                stream=args.stream,
                progress_after=args.progress_after,
            )
        finally:
            self.view.targets = saved
            self.verbose = saved_verbose
        if not args.local:
            return result
        assert result is not None
        self.shell.run_cell(cell)
        if not block:
            return result
        result.wait()
        result.display_outputs(args.groupby or "type")
        result.get()
        return None

    @magic_arguments()
    @_execution_arguments
    def pxconfig(self, line: str = "") -> None:
        """Set the defaults of the parallel magics: the targets and blocking of the
        active view, and whether they are verbose or stream outputs."""
        args = parse_argstring(self.pxconfig, line)
        if args.targets:
            self.view.targets = parse_targets(args.targets, self.view.client.ids)
        if args.block is not None:
            self.view.block = args.block
        if args.verbose is not None:
            self.verbose = args.verbose
        if args.stream is not None:
            self.stream = args.stream
        if args.progress_after is not None:
            self.progress_after = args.progress_after

    @magic_arguments()
    @_output_arguments
    def pxresult(self, line: str = "") -> None:
        """Show the outputs of the last ``%px`` command (waiting for it if need be), or
        keep its AsyncResult with ``--out NAME``."""
        args = parse_argstring(self.pxresult, line)
        result = self.last_result
        if result is None:
            raise UsageError(NO_LAST_RESULT)
        if args.save_name:
            self.shell.user_ns[args.save_name] = result
            return
        result.wait()
        result.display_outputs(args.groupby or "type")
        result.get()

    def autopx(self, line: str = "") -> None:
        """Switch to running every cell on the engines, until ``%autopx`` again."""
        del line
        manager = self.shell.input_transformer_manager
        if self._autopx is not None:
            with contextlib.suppress(ValueError):
                manager.line_transforms.remove(self._autopx)
            self._autopx = None
            self._say("%autopx disabled")
            return
        self._autopx = _autopx_transform("px" + self.suffix, "%autopx" + self.suffix)
        manager.line_transforms.append(self._autopx)
        self._say("%autopx enabled")


def _autopx_transform(magic: str, off: str) -> Callable[[list[str]], list[str]]:
    """A lines transform making every cell a ``%%<magic>`` cell, but the one that
    starts with ``off``."""

    def transform(lines: list[str]) -> list[str]:
        first = next((line.strip() for line in lines if line.strip()), "")
        if not first or first == off or first.startswith(off + " "):
            return lines
        return [f"get_ipython().run_cell_magic({magic!r}, '', {''.join(lines)!r})\n"]

    return transform


def _stream_until_done(result: AsyncResult) -> None:
    """Show what the engines print while they run, each new piece labelled."""
    sink = current_sink()
    shown: dict[tuple[int, str], int] = {}
    single = isinstance(result.engine_id, int)  # a view of one engine by id
    while True:
        done = result.ready()
        for index, output in enumerate(result.engine_outputs()):
            new = {}
            for name in ("stdout", "stderr"):
                text = getattr(output, name)
                new[name] = text[shown.get((index, name), 0) :]
                shown[index, name] = len(text)
            if new["stdout"] or new["stderr"]:
                piece = output._replace(outputs=[], execute_result=None, **new)
                display_outputs([piece], "engine", single=single, sink=sink)
        if done:
            return
        result.wait(STREAM_POLL_S)


def _show_after_stream(result: AsyncResult, groupby: str) -> None:
    """The displays and results of a request whose streams were shown already."""
    records = [output._replace(stdout="", stderr="") for output in result.engine_outputs()]
    display_outputs(records, groupby, single=isinstance(result.engine_id, int))


def activate(view: DirectView, suffix: str = "") -> bool:
    """Make ``view`` the view of the parallel magics ending with ``suffix``, in the jovi
    shell running here; returns whether one runs."""
    from jovi.shell.current import current_shell  # noqa: PLC0415 - only in a shell

    shell = current_shell()
    if shell is None:
        return False
    previous = shell.magics_manager._registry.get(f"ParallelMagics{suffix}")
    if isinstance(previous, ParallelMagics) and previous._autopx is not None:
        previous.autopx()
    shell.register_magics(ParallelMagics(shell, view, suffix))
    return True
