"""The interactive engine: ``InteractiveShell().run_cell("x = 1")``.

It owns the user namespace, turns typed text into Python (input syntax, magics,
the prefilter), runs it, shows results through an injected
:class:`~jovi.shell.output.ShellOutput`, keeps the output cache and the history,
and reports errors as tracebacks.  It has no terminal and no sockets: the terminal
shell and the kernel each give it their own output and drive it.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.config import Bool, Change, Enum, Int, List, SingletonConfigurable, Str, on_change
from jovi.display import host as display_host
from jovi.errors import OptionValueError, UsageError
from jovi.shell.cells import cell_filename, register_cell
from jovi.shell.current import use_shell
from jovi.shell.events import EventManager
from jovi.shell.execution import (
    INTERACTIVITY,
    CellCompiler,
    ExecutionInfo,
    ExecutionResult,
    is_coroutine_code,
    split_for_display,
)
from jovi.shell.expansion import var_expand
from jovi.shell.formatting import create_display_formatter
from jovi.shell.history.manager import HistoryManager
from jovi.shell.hooks import Hooks
from jovi.shell.input.tokens import significant, tokens_by_line
from jovi.shell.input.transformer import TransformedCell, TransformerManager
from jovi.shell.magic.manager import MagicsManager
from jovi.shell.namespace import ExitAutocall, NamespaceMixin, create_main_module
from jovi.shell.output import ErrorReport, ShellOutput, StreamOutput
from jovi.shell.outputcache import OutputCache
from jovi.shell.tracebacks.formatter import MODES, TracebackFormatter

if TYPE_CHECKING:
    import types
    from collections.abc import Callable, Iterator

    from jovi.config import Config, ConfigStack
    from jovi.display.formatters import FormatterError, MimeBundle
    from jovi.shell.completion.completer import Completer
    from jovi.shell.logger import SessionLogger
    from jovi.shell.magic.core import Magics, MagicsKind
    from jovi.shell.profiledb import ProfileDB

__all__ = ["InteractiveShell", "get_ipython"]

COLOR_SCHEMES = ("NoColor", "Linux", "LightBG", "Neutral", "Pride", "Gruvbox-Dark")


def _ends_with_semicolon(source: str) -> bool:
    """Whether the last statement of ``source`` ends in ``;`` (comments allowed after it)."""
    if ";" not in source:
        return False
    lines = tokens_by_line(source)
    for line in reversed(lines):
        tokens = significant(line)
        if tokens:
            return tokens[-1].string == ";"
    return False


class InteractiveShell(NamespaceMixin, SingletonConfigurable):
    """The engine of jovi's terminal shell and kernel."""

    logger: SessionLogger  # set by jovi.shell.logger.session_logger as the shell starts

    config_aliases = ("ZMQInteractiveShell",)

    autocall = Int(
        0,
        min=0,
        max=2,
        help="Call callables without parentheses: 0 off, 1 when arguments follow, 2 always.",
    )
    automagic = Bool(
        True, help="Call line magics without the % prefix when no variable shadows them."
    )
    autoawait = Bool(True, help="Allow 'await' at the top level of a cell (see %autoawait).")
    loop_runner = Str(
        "asyncio",
        help="What runs a cell's top-level await: asyncio, trio, curio, or the dotted name "
        "of a function that takes a coroutine and runs it to its end (see %autoawait).",
    )
    ast_node_interactivity = Enum(
        INTERACTIVITY, "last_expr", help="Which statements of a cell show their value."
    )
    cache_size = Int(1000, min=0, help="How many outputs Out keeps (0: none).")
    colors = Enum(
        COLOR_SCHEMES,
        "Neutral",
        help="Colour scheme of tracebacks, prompts and object information.",
    )
    xmode = Enum(MODES, "Context", help="How much tracebacks show (see %xmode).")
    pdb = Bool(False, help="Start the debugger after every uncaught exception.")
    color_info = Bool(
        True, help="Colour the information about objects (obj?) with the colour scheme."
    )
    logstart = Bool(False, help="Log the session to jovi_log.py from the start (see %logstart).")
    logfile = Str("", help="Log the session to this file from the start, overwriting it.")
    logappend = Str("", help="Log the session to this file from the start, appending to it.")
    show_rewritten_input = Bool(True, help="Echo a line rewritten by autocall ('------> f(x)').")
    wildcards_case_sensitive = Bool(True, help="Whether %psearch and 'a*?' match case.")
    history_length = Int(10000, min=0, help="How many past inputs a frontend loads for recall.")
    object_info_string_level = Int(
        0,
        min=0,
        max=2,
        help="How much of an object's string form '?' shows: 0 short, 1 more, 2 all.",
    )
    quiet = Bool(False, help="Start without any message.")
    default_extensions = List(
        str,
        ["storemagic"],
        help="Extensions every shell loads, before the configured ones (%store comes from one).",
    )

    def __init__(
        self,
        *,
        config: Config | ConfigStack | None = None,
        user_module: types.ModuleType | None = None,
        user_ns: dict[str, Any] | None = None,
        output: ShellOutput | None = None,
        profile_dir: Path | None = None,
        install_main: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(config=config, **options)
        self.output: ShellOutput = output if output is not None else StreamOutput()
        self.execution_count = 1
        self.exit_now = False
        self.keep_kernel_on_exit = False
        self.last_execution_succeeded = True
        self.last_execution_result: ExecutionResult | None = None
        self.events = EventManager(self)
        self.input_transformer_manager = TransformerManager()
        self.ast_transformers: list[ast.NodeTransformer] = []
        self.compiler = CellCompiler()
        self.cell_namer: Callable[[int, str], str] = cell_filename
        """Names the file a cell is compiled as, from its execution count and the cell as
        typed (a kernel with a debugger names cells as its frontend does)."""
        self.traceback_formatter = TracebackFormatter(self.xmode, self.colors)
        self.display_formatter, self.plain_text_formatter, self.display_formatter_options = (
            create_display_formatter(self, self._formatter_failed)
        )
        self.magics_manager = MagicsManager(self)
        self.hooks = Hooks(lambda: self.output)
        self._format_failures: list[FormatterError] | None = None
        self._loop: Any = None
        self._saved: list[tuple[Any, Any, Any]] = []
        self._previous_main: types.ModuleType | None = None
        self._init_namespace(user_module, user_ns, install_main)
        if profile_dir is None:
            from jovi.config.profiles import DEFAULT_PROFILE, ProfileDir  # noqa: PLC0415 - start-up cost
            from jovi.utils.paths import jovi_dir  # noqa: PLC0415 - start-up cost

            profile_dir = ProfileDir.for_name(DEFAULT_PROFILE, jovi_dir()).location
        self.profile_dir = profile_dir
        self.history_manager = HistoryManager(shell=self, profile_dir=profile_dir, parent=self)
        self.user_ns.update(
            In=self.history_manager.input_hist_parsed, _ih=self.history_manager.input_hist_parsed
        )
        self.user_ns.update(
            Out=self.history_manager.output_hist, _oh=self.history_manager.output_hist
        )
        self.user_ns["_dh"] = self.history_manager.dir_hist
        self.history_manager.dir_hist.append(str(Path.cwd()))
        self.displayhook = OutputCache(self, self.cache_size)
        from jovi.shell.extensions import ExtensionManager  # noqa: PLC0415 - start-up cost

        self.extension_manager = ExtensionManager(self, profile_dir.parent / "extensions")
        self._completer: Completer | None = None  # built on first use: see completer
        self.hide_names("In", "_ih", "Out", "_oh", "_dh", "_", "__", "___", "_i", "_ii", "_iii")
        self._register_builtin_magics()
        from jovi.shell.alias import AliasManager  # noqa: PLC0415 - start-up cost

        self.alias_manager = AliasManager(shell=self, parent=self)
        self._db: ProfileDB | None = None
        from jovi.shell.ipython_display import bridge_ipython_display  # noqa: PLC0415 - start-up cost
        from jovi.shell.ipython_shell import bridge_ipython_shell  # noqa: PLC0415 - start-up cost

        self._display_bridge_waiting = bridge_ipython_display()
        self._shell_bridge_waiting = bridge_ipython_shell()
        self._ipython_class_interactivity: str | None = None
        """The last ``ast_node_interactivity`` seen on IPython's class (see _interactivity)."""
        self.custom_exceptions: tuple[type[BaseException], ...] = ()
        """The errors of cells handed to :attr:`CustomTB` (see :meth:`set_custom_exc`)."""
        self.CustomTB: Callable[..., list[str]] | None = None
        self._load_default_extensions()
        self.events.trigger("shell_initialized", self)

    # ------------------------------------------------------------------ set-up

    def _init_namespace(
        self,
        user_module: types.ModuleType | None,
        user_ns: dict[str, Any] | None,
        install_main: bool,
    ) -> None:
        self.user_module = user_module if user_module is not None else create_main_module()
        self.user_ns = user_ns if user_ns is not None else self.user_module.__dict__
        self.user_ns_hidden: dict[str, object] = {}
        self.user_module.__dict__.setdefault("__builtins__", builtins)
        shell = self

        def get_ipython() -> InteractiveShell:
            """The running jovi shell."""
            return shell

        self._get_ipython = get_ipython
        from jovi.display.functions import display  # noqa: PLC0415 - keeps import cheap

        self.user_ns.update(
            get_ipython=get_ipython,
            exit=ExitAutocall(self, "exit"),
            quit=ExitAutocall(self, "quit"),
            _=None,
            __=None,
            ___=None,
        )
        self.user_ns.setdefault("__name__", self.user_module.__name__)
        self.hide_names("get_ipython", "exit", "quit", "__builtins__", "__name__", "__doc__")
        # __IPYTHON__: how code has always told that it runs in an interactive shell.
        self._builtins_added = {
            "get_ipython": get_ipython,
            "display": display,
            "__IPYTHON__": True,
        }
        self._builtins_saved = {name: builtins.__dict__.get(name) for name in self._builtins_added}
        builtins.__dict__.update(self._builtins_added)
        self._install_main = install_main
        if install_main and self.user_module.__name__ == "__main__":
            self._previous_main = sys.modules.get("__main__")
            sys.modules["__main__"] = self.user_module

    def _register_builtin_magics(self) -> None:
        """Offer every built-in magic; each group is imported when first used."""
        from jovi.shell.logger import session_logger  # noqa: PLC0415 - keeps import cheap
        from jovi.shell.magics.groups import BUILTIN_GROUPS  # noqa: PLC0415 - start-up cost

        self.magics_manager.register_deferred(*BUILTIN_GROUPS)
        session_logger(self)
        if self.logappend or self.logfile or self.logstart:
            self.magics_manager.load("LoggingMagics")  # it starts the log and says so

    def _load_default_extensions(self) -> None:
        for name in self.default_extensions:
            try:
                self.extension_manager.load_extension(name)
            except Exception as error:  # noqa: BLE001 - a broken extension must not stop the shell
                self.output.write(
                    f"jovi: the default extension {name} could not be loaded "
                    f"({type(error).__name__}: {error}); the shell works without it.\n",
                    error=True,
                )

    @property
    def db(self) -> ProfileDB:
        """The profile's database (``<profile>/db``): ``%store``, bookmarks, directory history."""
        if self._db is None:
            from jovi.shell.profiledb import ProfileDB  # noqa: PLC0415 - start-up cost

            self._db = ProfileDB(self.profile_dir / "db")
        return self._db

    def close(self) -> None:
        """End the history session and give back ``__main__``, the builtins and the
        IPython import hooks (display, ``get_ipython``)."""
        self.history_manager.close()
        if self._display_bridge_waiting:
            from jovi.shell.ipython_display import cancel_ipython_display_bridge  # noqa: PLC0415 - start-up cost

            cancel_ipython_display_bridge()
            self._display_bridge_waiting = False
        if self._shell_bridge_waiting:
            from jovi.shell.ipython_shell import cancel_ipython_shell_bridge  # noqa: PLC0415 - start-up cost

            cancel_ipython_shell_bridge()
            self._shell_bridge_waiting = False
        for name, value in self._builtins_saved.items():
            if builtins.__dict__.get(name) is self._builtins_added[name]:
                if value is None:
                    builtins.__dict__.pop(name, None)
                else:
                    builtins.__dict__[name] = value
        if self._previous_main is not None and sys.modules.get("__main__") is self.user_module:
            sys.modules["__main__"] = self._previous_main
        if self._loop is not None:
            self._loop.close()
            self._loop = None
        if type(self)._instances.get(type(self)) is self:
            type(self).clear_instance()

    @contextlib.contextmanager
    def activated(self) -> Iterator[InteractiveShell]:
        """Make this the running shell while the block runs, and give everything back after.

        Installed together, and removed together in the reverse order: the current shell
        (:func:`jovi.shell.current.use_shell`), the builtins (``get_ipython``,
        ``display``, ``__IPYTHON__``), ``__main__`` (when the user module is
        ``__main__`` and the shell was made with ``install_main``), the IPython bridges'
        import hooks (display and ``get_ipython``, while IPython is not imported) and ``sys.displayhook`` (the
        output cache).  Blocks nest, across shells too.
        """
        from jovi.shell.ipython_display import (  # noqa: PLC0415 - start-up cost
            bridge_ipython_display,
            cancel_ipython_display_bridge,
        )
        from jovi.shell.ipython_shell import (  # noqa: PLC0415 - start-up cost
            bridge_ipython_shell,
            cancel_ipython_shell_bridge,
        )

        missing = object()
        saved_builtins = {
            name: builtins.__dict__.get(name, missing) for name in self._builtins_added
        }
        saved_main = sys.modules.get("__main__")
        saved_hook = sys.displayhook
        with use_shell(self):
            builtins.__dict__.update(self._builtins_added)
            try:
                if self._install_main and self.user_module.__name__ == "__main__":
                    sys.modules["__main__"] = self.user_module
                waiting = bridge_ipython_display()
                shell_waiting = bridge_ipython_shell()
                try:
                    sys.displayhook = self.displayhook
                    try:
                        yield self
                    finally:
                        sys.displayhook = saved_hook
                finally:
                    if waiting:
                        cancel_ipython_display_bridge()
                    if shell_waiting:
                        cancel_ipython_shell_bridge()
            finally:
                if saved_main is None:
                    sys.modules.pop("__main__", None)
                else:
                    sys.modules["__main__"] = saved_main
                for name, value in saved_builtins.items():
                    if value is missing:
                        builtins.__dict__.pop(name, None)
                    else:
                        builtins.__dict__[name] = value

    # ------------------------------------------------------------------ live options

    @on_change("colors")
    def _colors_changed(self, change: Change) -> None:
        self.traceback_formatter.set_colors(change.new)

    @on_change("xmode")
    def _xmode_changed(self, change: Change) -> None:
        self.traceback_formatter.set_mode(change.new)

    @on_change("cache_size")
    def _cache_size_changed(self, change: Change) -> None:
        self.displayhook.cache_size = change.new

    # ------------------------------------------------------------------ the display host

    def format(
        self, obj: object, include: Any = None, exclude: Any = None
    ) -> tuple[MimeBundle, dict[str, Any]]:
        return self.display_formatter.format(obj, include, exclude)

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        self.output.publish(data, metadata, transient=transient, update=update)

    def clear_output(self, *, wait: bool = False) -> None:
        self.output.clear_output(wait=wait)

    def _formatter_failed(self, failure: FormatterError) -> None:
        collected = self._format_failures
        if collected is not None:
            collected.append(failure)
            return
        self.output.write(f"jovi: {failure.describe()}\n", error=True)

    @contextlib.contextmanager
    def format_failures(self) -> Iterator[list[FormatterError]]:
        """Collect the formatter failures of the block, instead of reporting each."""
        saved, self._format_failures = self._format_failures, []
        try:
            yield self._format_failures
        finally:
            self._format_failures = saved

    # ------------------------------------------------------------------ input

    def transform_cell(self, raw_cell: str) -> str:
        """The Python that ``raw_cell`` runs as."""
        return self._transform(raw_cell).source

    def _transform(self, raw_cell: str) -> TransformedCell:
        return self.input_transformer_manager.transform_cell(raw_cell, _PrefilterView(self))

    @property
    def input_transformers_cleanup(self) -> list[Callable[[list[str]], list[str]]]:
        """Lines transforms run before special syntax (IPython 7's name)."""
        return self.input_transformer_manager.line_transforms

    @property
    def input_transformers_post(self) -> list[Callable[[list[str]], list[str]]]:
        """Lines transforms run after special syntax (IPython 7's name)."""
        return self.input_transformer_manager.post_transforms

    def check_complete(self, code: str) -> tuple[str, str]:
        """``(status, indent)``: status is complete, incomplete or invalid; indent the spaces
        to start the next line with (empty unless incomplete)."""
        status, indent = self.input_transformer_manager.check_complete(code)
        return status, " " * (indent or 0)

    def transform_ast(self, tree: ast.Module) -> ast.Module:
        """Apply the AST transformers; one that fails is removed, with a warning."""
        for transformer in list(self.ast_transformers):
            try:
                transformed = transformer.visit(tree)
            except Exception as error:  # noqa: BLE001 - a broken extension must not stop the shell
                self.ast_transformers.remove(transformer)
                self.output.write(
                    f"jovi: the AST transformer {transformer!r} failed ({type(error).__name__}: {error}) "
                    "and was removed.\n",
                    error=True,
                )
                continue
            tree = ast.fix_missing_locations(transformed)
        return tree

    # ------------------------------------------------------------------ running cells

    def run_cell(
        self,
        raw_cell: str,
        store_history: bool = False,
        silent: bool = False,
        shell_futures: bool = True,
        cell_id: str | None = None,
    ) -> ExecutionResult:
        """Run a cell as if typed at the prompt; never raises for errors in the cell."""
        coroutine = self._run_cell(
            raw_cell, store_history, silent, shell_futures, cell_id, in_loop=False
        )
        try:
            coroutine.send(None)
        except StopIteration as done:
            result: ExecutionResult = done.value
            return result
        coroutine.close()
        raise RuntimeError("run_cell was suspended; use run_cell_async inside an event loop")

    async def run_cell_async(
        self,
        raw_cell: str,
        store_history: bool = False,
        silent: bool = False,
        shell_futures: bool = True,
        cell_id: str | None = None,
    ) -> ExecutionResult:
        """``run_cell`` for callers in an event loop: top-level ``await`` runs on that loop."""
        return await self._run_cell(
            raw_cell, store_history, silent, shell_futures, cell_id, in_loop=True
        )

    async def _run_cell(
        self,
        raw_cell: str,
        store_history: bool,
        silent: bool,
        shell_futures: bool,
        cell_id: str | None,
        *,
        in_loop: bool,
    ) -> ExecutionResult:
        info = ExecutionInfo(raw_cell, store_history and not silent, silent, shell_futures, cell_id)
        result = ExecutionResult(info)
        if not raw_cell.strip():
            self.last_execution_succeeded = True
            self.last_execution_result = result
            return result
        try:
            self.events.trigger("pre_execute")
            if not silent:
                self.events.trigger("pre_run_cell", info)
            await self._execute(info, result, in_loop=in_loop)
        finally:
            self.last_execution_succeeded = result.success
            self.last_execution_result = result
            self.events.trigger("post_execute")
            if not silent:
                self.events.trigger("post_run_cell", result)
        return result

    async def _execute(
        self, info: ExecutionInfo, result: ExecutionResult, *, in_loop: bool
    ) -> None:
        store = info.store_history
        if store:
            result.execution_count = self.execution_count
        try:
            try:
                transformed = self._transform(info.raw_cell)
            except SyntaxError as error:
                self.showsyntaxerror(error)
                result.error_before_exec = error
                return
            except Exception as error:  # noqa: BLE001 - a broken transformer is reported
                self.showtraceback(error)
                result.error_before_exec = error
                return
            cell = transformed.source
            if transformed.echo and self.show_rewritten_input and not info.silent:
                self.output.write(f"------> {transformed.echo}\n")
            if store:
                self.history_manager.store_inputs(self.execution_count, cell, info.raw_cell)
            filename = self.cell_namer(self.execution_count, info.raw_cell)
            register_cell(filename, cell, self.execution_count)
            try:
                tree = self.compiler.parse(cell, filename)
            except (SyntaxError, ValueError, OverflowError, MemoryError) as error:
                self.showsyntaxerror(error)
                result.error_before_exec = error
                return
            tree = self.transform_ast(tree)
            try:
                interactivity = "none" if info.silent else self._interactivity()
            except UsageError as error:
                self.showtraceback(error)
                result.error_before_exec = error
                return
            self.displayhook.quiet = info.silent or _ends_with_semicolon(cell)
            await self._run_nodes(tree.body, filename, interactivity, result, in_loop=in_loop)
        finally:
            if store:
                self.execution_count += 1

    def _interactivity(self) -> str:
        """``ast_node_interactivity``, following a value user code set on IPython's own
        class (see :func:`~jovi.shell.ipython_shell.ipython_class_setting`): each new
        one is taken as if set on this shell, so ``%config`` still changes it after."""
        from jovi.shell.ipython_shell import ipython_class_setting  # noqa: PLC0415 - imported by __init__

        value = ipython_class_setting("ast_node_interactivity")
        if value is not None and value != self._ipython_class_interactivity:
            self._ipython_class_interactivity = value
            try:
                self.ast_node_interactivity = value
            except OptionValueError as error:
                raise UsageError(f"InteractiveShell.ast_node_interactivity: {error}") from None
        return self.ast_node_interactivity

    async def _run_nodes(
        self,
        nodes: list[ast.stmt],
        filename: str,
        interactivity: str,
        result: ExecutionResult,
        *,
        in_loop: bool,
    ) -> None:
        plain, shown = split_for_display(nodes, interactivity)
        codes = []
        try:
            if plain:
                codes.append(self.compiler.compile_nodes(plain, filename, interactive=False))
            codes += [
                self.compiler.compile_nodes([node], filename, interactive=True) for node in shown
            ]
        except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as error:
            # Parsed, but not compilable: `return` or `break` at the top level, `nonlocal`
            # without a binding, a too deeply nested expression. Nothing has run.
            self.showsyntaxerror(error)
            result.error_before_exec = error
            return
        captured: list[Any] = []
        with self._executing(captured):
            try:
                for code in codes:
                    if not is_coroutine_code(code):
                        exec(code, self.user_global_ns, self.user_ns)  # noqa: S102 - running user code
                        continue
                    coroutine = eval(code, self.user_global_ns, self.user_ns)  # noqa: S307
                    if in_loop and self.autoawait and self.loop_runner == "asyncio":
                        await coroutine
                    else:
                        self._run_coroutine(coroutine)
            except SystemExit as error:
                result.error_in_exec = error
                self._show_system_exit(error)
            except BaseException as error:  # noqa: BLE001 - every error of user code is reported
                result.error_in_exec = error
                if self.CustomTB is not None and isinstance(error, self.custom_exceptions):
                    self.CustomTB(type(error), error, error.__traceback__)
                else:
                    self.showtraceback(error)
        if captured:
            result.result = captured[-1]
            result.displayed = captured

    @contextlib.contextmanager
    def _executing(self, captured: list[Any]) -> Iterator[None]:
        """While user code runs: our displayhook, our display host, sane builtins, and this
        shell as the current one (``IPython.get_ipython()`` in the cell finds it)."""

        hook = self.displayhook

        def displayhook(value: object) -> None:
            if value is not None:
                captured.append(value)
            hook(value)

        saved_hook = sys.displayhook
        sys.displayhook = displayhook
        previous_host = display_host.set_host(self)
        if not isinstance(self.user_global_ns.get("__builtins__"), dict | type(builtins)):
            self.user_global_ns["__builtins__"] = builtins
        builtins.__dict__.update(self._builtins_added)
        try:
            with use_shell(self):
                yield
        finally:
            sys.displayhook = saved_hook
            display_host.set_host(previous_host)

    def _run_coroutine(self, coroutine: Any) -> Any:
        """Run a cell's top-level ``await`` code to completion with the loop runner: on
        the shell's own asyncio loop, or with trio, curio... (see ``loop_runner``)."""
        if not self.autoawait:
            coroutine.close()
            raise SyntaxError(
                "'await' outside function (turn on %autoawait to use it at the top level)"
            )
        if self.loop_runner != "asyncio":
            from jovi.shell.looprunners import runner_for  # noqa: PLC0415 - when used

            try:
                runner = runner_for(self.loop_runner)
            except UsageError:
                coroutine.close()
                raise
            return runner(coroutine)
        import asyncio  # noqa: PLC0415 - only for cells that await

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            coroutine.close()
            raise RuntimeError(
                "an event loop is already running here; use run_cell_async() to await in cells"
            )
        if self._loop is None or self._loop.is_closed():
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(coroutine)

    # ------------------------------------------------------------------ errors

    def showtraceback(
        self,
        error: BaseException | tuple[Any, Any, Any] | None = None,
        filename: str | None = None,
        tb_offset: int | None = None,
        exception_only: bool = False,
        running_compiled_code: bool = False,
    ) -> None:
        """Report an exception of user code (the current one if not given).

        IPython's other arguments (``error`` may be its ``exc_tuple``) are accepted for
        code written for it, and have no effect: jovi's traceback leaves out jovi's own
        frames by itself.
        """
        shown = error[1] if isinstance(error, tuple) else error
        if shown is None:
            shown = sys.exc_info()[1]
        if not isinstance(shown, BaseException):
            return
        error = shown
        sys.last_type, sys.last_value, sys.last_traceback = type(error), error, error.__traceback__
        if hasattr(sys, "last_exc"):
            sys.last_exc = error
        if isinstance(error, UsageError):
            self._show_report(
                error, ErrorReport("UsageError", str(error), [self._usage_line(error)])
            )
            return
        self._show_report(error, self.traceback_formatter.report(error))
        if self.pdb:
            from jovi.shell.debugger import automatic_post_mortem  # noqa: PLC0415 - pdb when wanted

            automatic_post_mortem(self, error.__traceback__)

    def set_custom_exc(
        self, exc_tuple: tuple[type[BaseException], ...], handler: Callable[..., Any] | None
    ) -> None:
        """IPython's: errors of cells that are instances of ``exc_tuple`` go to
        ``handler(shell, etype, value, tb, tb_offset=None)`` instead of being shown (it
        may show them with ``shell.showtraceback((etype, value, tb))``).  A handler
        that raises is unregistered, and both errors are shown.

        Raises:
            TypeError: ``exc_tuple`` is not a tuple.
        """
        if not isinstance(exc_tuple, tuple):
            raise TypeError("The custom exceptions must be given as a tuple.")
        if not exc_tuple:
            self.custom_exceptions, self.CustomTB = (), None
            return

        def custom_tb(
            etype: type, value: BaseException, tb: Any, tb_offset: int | None = None
        ) -> list[str]:
            if handler is None:
                self.output.write(f"Exception type : {etype}\nException value: {value}\n")
                return []
            try:
                handler(self, etype, value, tb, tb_offset=tb_offset)
            except Exception as failure:  # noqa: BLE001 - the user's handler must not break the shell
                self.set_custom_exc((), None)
                self.output.write("Custom TB Handler failed, unregistering\n", error=True)
                self.showtraceback(failure)
                self.output.write("The original exception:\n", error=True)
                self.showtraceback(value)
            return []

        self.custom_exceptions, self.CustomTB = exc_tuple, custom_tb

    def _show_report(self, error: BaseException, report: ErrorReport) -> None:
        """Show ``report``, or hand it to a ``_showtraceback`` that code written for IPython
        put on this shell (rich.traceback.install() does: IPython's hook for showing
        errors another way)."""
        replaced = vars(self).get("_showtraceback")
        if replaced is not None:
            replaced(type(error), error, report.traceback)
        else:
            self.output.show_error(report)

    def _showtraceback(self, etype: type, evalue: BaseException, stb: list[str]) -> None:
        """Show an error from its structured traceback ``stb`` (IPython's method, for code
        that calls it)."""
        try:
            text = str(evalue)
        except Exception:  # noqa: BLE001 - str() of a user's exception may fail
            text = f"<unprintable {etype.__name__} object>"
        self.output.show_error(ErrorReport(etype.__name__, text, list(stb)))

    def _get_exc_info(self, exc_tuple: tuple[Any, Any, Any] | None = None) -> tuple[Any, Any, Any]:
        """IPython's: ``exc_tuple``, else the exception being handled, else the last one
        shown; it is remembered as the last one (``sys.last_type`` ...).  The traceback
        returned starts below the shell's own frames (the cell's first), as what a
        ``_showtraceback`` hook shows should.

        Raises:
            ValueError: there is no exception to find.
        """
        etype, value, tb = sys.exc_info() if exc_tuple is None else exc_tuple
        if etype is None:
            etype = getattr(sys, "last_type", None)
            value = getattr(sys, "last_value", None)
            tb = getattr(sys, "last_traceback", None)
        if etype is None:
            raise ValueError("No exception to find")
        sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
        while tb is not None and tb.tb_next is not None and _is_jovis(tb.tb_frame):
            tb = tb.tb_next
        return etype, value, tb

    def _usage_line(self, error: UsageError) -> str:
        return self.traceback_formatter.colors.paint("exception", "UsageError") + f": {error}"

    def showsyntaxerror(self, error: BaseException) -> None:
        """Report a syntax error in a cell (no traceback of the shell's own frames)."""
        sys.last_type, sys.last_value, sys.last_traceback = type(error), error, None
        if isinstance(error, SyntaxError):
            self._show_report(error, self.traceback_formatter.report_syntax_error(error))
        else:
            self._show_report(error, self.traceback_formatter.report(error))

    def _show_system_exit(self, error: SystemExit) -> None:
        code = error.code
        if code in (None, 0):
            return
        sys.last_type, sys.last_value, sys.last_traceback = SystemExit, error, error.__traceback__
        text = f"SystemExit: {code}"
        self.output.show_error(
            ErrorReport(
                "SystemExit",
                str(code),
                ["An exception has occurred, use %tb to see the full traceback.\n", text],
            )
        )

    def get_exception_only(self, error: BaseException | None = None) -> str:
        error = error if error is not None else sys.exc_info()[1]
        if error is None:
            return ""
        return f"{type(error).__name__}: {error}\n"

    # ------------------------------------------------------------------ magics

    def find_line_magic(self, name: str) -> Callable[..., Any] | None:
        return self.magics_manager.find("line", name)

    def find_cell_magic(self, name: str) -> Callable[..., Any] | None:
        return self.magics_manager.find("cell", name)

    def find_magic(self, name: str, magic_kind: str = "line") -> Callable[..., Any] | None:
        return self.magics_manager.find(magic_kind, name)

    def register_magics(self, *magic_objects: Magics | type[Magics]) -> None:
        self.magics_manager.register(*magic_objects)

    def register_post_execute(self, function: Callable[[], object]) -> None:
        """Call ``function()`` after each execution: IPython's older spelling of
        ``shell.events.register("post_execute", function)``, kept for old code."""
        if not callable(function):
            raise TypeError(f"{function!r} is not callable")
        self.events.register("post_execute", function)

    def register_magic_function(
        self,
        function: Callable[..., Any],
        magic_kind: MagicsKind = "line",
        magic_name: str | None = None,
    ) -> None:
        self.magics_manager.register_function(function, magic_kind, magic_name)

    def define_magic(self, name: str, function: Callable[..., Any]) -> None:
        """The old way: ``function(self, line)`` where ``self`` is the shell's magics."""
        shell = self

        def legacy(line: str) -> Any:
            return function(_LegacyMagicSelf(shell), line)

        legacy.__doc__ = function.__doc__
        self.magics_manager.register_function(legacy, "line", name)

    def _expand_line(self, function: Callable[..., Any], line: str, stack_depth: int) -> str:
        if getattr(function, "_jovi_no_var_expand", False):
            return line
        try:
            local_ns = sys._getframe(stack_depth + 1).f_locals
        except ValueError:
            local_ns = {}
        return self.var_expand(line, local_ns=local_ns)

    def run_line_magic(self, magic_name: str, line: str, _stack_depth: int = 1) -> Any:
        """Run ``%magic_name line`` (``$name`` and ``{expr}`` in ``line`` are expanded)."""
        function = self.find_line_magic(magic_name)
        if function is None:
            hint = ""
            if self.find_cell_magic(magic_name) is not None:
                hint = f" (But cell magic `%%{magic_name}` exists, did you mean that instead?)"
            raise UsageError(f"Line magic function `%{magic_name}` not found{hint}.")
        line = self._expand_line(function, line, _stack_depth)
        kwargs: dict[str, Any] = {}
        if getattr(function, "needs_local_scope", False):
            kwargs["local_ns"] = sys._getframe(_stack_depth).f_locals
        result = function(line, **kwargs)
        if getattr(function, "_jovi_output_can_be_silenced", False) and line.rstrip().endswith(";"):
            return None
        return result

    def run_cell_magic(self, magic_name: str, line: str, cell: str) -> Any:
        """Run ``%%magic_name line`` with ``cell`` as its body."""
        function = self.find_cell_magic(magic_name)
        if function is None:
            hint = ""
            if self.find_line_magic(magic_name) is not None:
                hint = f" (But line magic `%{magic_name}` exists, did you mean that instead?)"
            raise UsageError(f"Cell magic `%%{magic_name}` not found{hint}.")
        if cell == "" and magic_name in ("timeit", "time", "prun", "capture"):
            raise UsageError(
                f"%%{magic_name} is a cell magic, but the cell body is empty. "
                f"Did you mean the line magic %{magic_name} (single %)?"
            )
        line = self._expand_line(function, line, 1)
        kwargs: dict[str, Any] = {}
        if getattr(function, "needs_local_scope", False):
            kwargs["local_ns"] = self.user_ns
        return function(line, cell, **kwargs)

    def magic(self, line: str) -> Any:
        """The old ``get_ipython().magic('name args')``."""
        name, _, rest = line.lstrip("%").partition(" ")
        return self.run_line_magic(name, rest, _stack_depth=2)

    # ------------------------------------------------------------------ system commands

    def var_expand(self, text: str, depth: int = 0, local_ns: dict[str, Any] | None = None) -> str:
        """``$name`` and ``{expr}`` in ``text`` expanded (unchanged if any part fails)."""
        if local_ns is None and depth:
            local_ns = sys._getframe(depth + 1).f_locals
        return var_expand(text, self.user_ns, local_ns)

    def system(self, command: str) -> None:
        """``!command``: run it in the shell; its exit status goes to ``_exit_code``.

        ``!pip``, ``!conda``, ``!cd`` and the like first get a note naming the magic
        that acts on this session (``%pip``...), as in IPython."""
        from jovi.shell.system import magic_alternative, system  # noqa: PLC0415 - start-up cost

        command = self.var_expand(command, depth=1)
        note = magic_alternative(command)
        if note is not None:
            self.output.write(note, error=True)
        self.user_ns["_exit_code"] = system(command)

    def getoutput(self, command: str, split: bool = True, depth: int = 0) -> Any:
        """``!!command``: its standard output as an SList (or an LSString)."""
        from jovi.shell.system import getoutput  # noqa: PLC0415 - start-up cost

        command = self.var_expand(command, depth=depth + 1)
        return getoutput(command, split=split)

    # ------------------------------------------------------------------ frontends

    def set_next_input(self, text: str, replace: bool = False) -> None:
        """Offer ``text`` as the next input (the prompt is pre-filled with it)."""
        self.output.set_next_input(text, replace=replace)

    def ask_exit(self, *, keep_kernel: bool = False) -> None:
        """Ask the frontend to end the session (``exit``, ``quit``); ``keep_kernel``: a
        console leaves the kernel running (``exit(keep_kernel=True)``)."""
        self.exit_now = True
        self.keep_kernel_on_exit = keep_kernel

    def enable_gui(self, gui: str | None = None) -> None:
        """Run a GUI toolkit's event loop while waiting for input (``%gui``): a
        frontend's job, which jovi's terminal and kernel do; the engine alone waits for
        no input, so it runs none."""
        if gui in (None, "", "none"):
            return
        raise UsageError(
            f"this shell does not wait for input, so it cannot run the {gui} event loop "
            "(%gui works in jovi's terminal and kernel)"
        )

    def enable_matplotlib(self, gui: str | None = None) -> tuple[str, str]:
        """Set up matplotlib (``%matplotlib``, ``%pylab``): ``(choice, backend)``.  The
        engine alone draws off screen (agg, or another backend named); the terminal and
        the kernel show figures."""
        from jovi.shell.pylab import use_backend  # noqa: PLC0415 - start-up cost

        backend = use_backend(gui)
        return gui or "agg", backend

    def show_usage(self) -> None:
        """``?``: the introduction to jovi."""
        from jovi.shell.usage import INTRODUCTION  # noqa: PLC0415 - start-up cost

        self.output.page({"text/plain": INTRODUCTION})

    # ------------------------------------------------------------------ introspection

    def object_inspect(self, oname: str, detail_level: int = 0) -> dict[str, Any]:
        """What ``oname?`` knows, as a dict of fields (``found`` False if unknown)."""
        from jovi.shell.introspection import find_object, object_info  # noqa: PLC0415 - start-up cost

        return object_info(
            find_object(self, oname), detail_level, self.object_info_string_level
        ).as_dict()

    def object_inspect_text(self, oname: str, detail_level: int = 0) -> str:
        """The text ``oname?`` shows (uncoloured)."""
        from jovi.shell.introspection import find_object, object_info, render_text  # noqa: PLC0415 - start-up cost

        info = object_info(find_object(self, oname), detail_level, self.object_info_string_level)
        return render_text(info, detail_level)

    def object_inspect_mime(self, oname: str, detail_level: int = 0) -> dict[str, str]:
        """The MIME bundle of ``oname?`` (for the kernel's inspect reply)."""
        from jovi.shell.introspection import find_object, object_info, render_bundle  # noqa: PLC0415 - start-up cost

        info = object_info(find_object(self, oname), detail_level, self.object_info_string_level)
        return render_bundle(info, detail_level, self.info_colors)

    def show_object_info(self, oname: str, detail_level: int = 0) -> None:
        """``oname?``: page the information, or say that it was not found."""
        from jovi.shell.introspection import find_object, object_info, render_bundle  # noqa: PLC0415 - start-up cost

        info = object_info(find_object(self, oname), detail_level, self.object_info_string_level)
        if not info.found:
            self.output.write(f"Object `{oname}` not found.\n")
            return
        self.output.page(render_bundle(info, detail_level, self.info_colors))

    @property
    def info_colors(self) -> str:
        """The colours of object information (none without ``color_info``)."""
        return self.colors if self.color_info else "NoColor"

    # ------------------------------------------------------------------ completion

    @property
    def completer(self) -> Completer:
        """The shell's completer, made on first use (its sources cost start-up time)."""
        if self._completer is None:
            from jovi.shell.completion import Completer  # noqa: PLC0415 - start-up cost

            self._completer = Completer(shell=self, parent=self)
        return self._completer

    @completer.setter
    def completer(self, completer: Completer) -> None:
        self._completer = completer

    @property
    def Completer(self) -> Completer:  # noqa: N802 - IPython's name (get_ipython().Completer.use_jedi)
        """The completer, under IPython's name for it."""
        return self.completer

    def make_deferred_parts(self) -> None:
        """Make the configurable parts the shell makes on first use (the completer), so
        that they can be listed and configured (``%config``)."""
        _ = self.completer

    def completions(self, text: str, cursor_pos: int | None = None) -> list[Any]:
        """Structured completions of ``text`` at ``cursor_pos`` (see :class:`Completer`)."""
        return self.completer.completions(text, cursor_pos)

    def complete(
        self, text: str = "", line: str | None = None, cursor_pos: int | None = None
    ) -> tuple[str, list[str]]:
        """IPython's interface: ``(text being completed, matching strings)``."""
        return self.completer.complete(text, line, cursor_pos)

    # ------------------------------------------------------------------ extensions

    def load_extension(self, name: str) -> str | None:
        return self.extension_manager.load_extension(name)

    def unload_extension(self, name: str) -> str | None:
        return self.extension_manager.unload_extension(name)

    def reload_extension(self, name: str) -> None:
        self.extension_manager.reload_extension(name)

    def set_hook(self, name: str, hook: Callable[..., Any], **_kwargs: Any) -> None:
        """Install a hook (``editor``, ``show_in_pager``, ``complete_command`` ...)."""
        self.hooks[name] = hook


class _LegacyMagicSelf:
    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell


class _PrefilterView:
    """What the input prefilter may ask about the shell."""

    def __init__(self, shell: InteractiveShell) -> None:
        self._shell = shell

    @property
    def automagic(self) -> bool:
        return self._shell.automagic

    @property
    def autocall(self) -> int:
        return self._shell.autocall

    def is_line_magic(self, name: str) -> bool:
        return self._shell.find_line_magic(name) is not None

    def is_alias(self, name: str) -> bool:
        aliases = getattr(self._shell, "alias_manager", None)
        return bool(aliases is not None and aliases.is_alias(name))

    def lookup(self, name: str) -> tuple[bool, object]:
        return self._shell.lookup(name)

    def macro_source(self, value: object) -> str | None:
        from jovi.shell.macro import Macro  # noqa: PLC0415 - start-up cost

        return value.value if isinstance(value, Macro) else None

    def is_autocallable(self, value: object) -> bool:
        return isinstance(value, ExitAutocall)


def get_ipython() -> InteractiveShell | None:
    """The running shell, or ``None`` outside jovi (see :mod:`jovi.shell.current`)."""
    from jovi.shell.current import current_shell  # noqa: PLC0415 - keeps import cheap

    return current_shell()


def _is_jovis(frame: types.FrameType) -> bool:
    """Whether ``frame`` runs jovi's own code."""
    module = frame.f_globals.get("__name__", "")
    return isinstance(module, str) and (module == "jovi" or module.startswith("jovi."))
