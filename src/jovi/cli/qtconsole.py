"""``jovi qtconsole``: the rich Qt console, in a window with tabs.

``jovi qtconsole`` starts a kernel (``--kernel NAME``, jovi's by default) and opens
a console on it; ``--existing [FILE]`` opens one on a running kernel (the newest
when FILE is left out), which it never restarts nor stops; ``--ssh`` reaches such a
kernel on another machine.  It needs PySide6: ``pip install jovi[qt]``.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, Given, UsageError
from jovi.cli.kernel_arguments import split_kernel_arguments
from jovi.cli.kernel_console import KernelConsoleApp
from jovi.config import Alias, Bool, Config, Flag, List, Origin, Str

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.client import BlockingKernelClient
    from jovi.kernels import KernelManager, SshTunnel
    from jovi.qt.frontend_widget import FrontendWidget

__all__ = ["QtConsoleApp"]


class QtConsoleApp(KernelConsoleApp):
    """``jovi qtconsole``: a rich Qt console of a kernel."""

    config_aliases = ("JupyterQtConsoleApp",)

    _tunnel_handle: SshTunnel | None = None
    _ssh_file: Path | None = None

    command: ClassVar[str] = "jovi qtconsole"
    summary: ClassVar[str] = "the rich Qt console for any Jupyter kernel."
    usage: ClassVar[tuple[str, ...]] = (
        "[--kernel NAME] [options] [-- ARGS]   start a kernel and open a console on it",
        "--existing [FILE] [options]           open a console on a running kernel",
        "--existing FILE --ssh USER@HOST[:PORT] [--sshkey KEY] [--ip ADDRESS]",
    )
    description: ClassVar[str] = (
        "Needs PySide6 (pip install jovi[qt]).  Enter runs complete input, Ctrl-Enter adds a\n"
        "line, Shift-Enter runs at once; Ctrl-T opens a tab with a new kernel.  Closing a\n"
        "console stops a kernel it started, never one it connected to.  Options it does not\n"
        "know go to the kernel it starts (--matplotlib inline), and so does all after --.\n"
        "--style takes any installed pygments style (listed below when run, and in View >\n"
        "Syntax Style)."
    )
    config_name: ClassVar[str | None] = "qtconsole"
    max_positionals: ClassVar[int | None] = 1

    plain = Bool(False, help="A plain-text console (no pictures; it cannot save or print).")
    display_banner = Bool(True, help="Show the kernel's banner at start.")
    hide_menubar = Bool(False, help="Start with the menu bar hidden.")
    maximize = Bool(False, help="Start with the window maximized.")
    stylesheet = Str(
        "", help="A CSS file styling the console (Qt selectors and qtconsole's classes)."
    )
    kernel_arguments = List(
        str,
        help="Arguments added to the command of each kernel the console starts (the command "
        "line's options it does not know, and what follows --, e.g. --matplotlib inline).",
    )

    aliases: ClassVar[tuple[Alias, ...]] = (
        *KernelConsoleApp.aliases,
        Alias("style", "JupyterWidget.syntax_style", "The pygments style of input.", "NAME"),
        Alias("stylesheet", "QtConsoleApp.stylesheet", "A CSS file for the console.", "FILE"),
        Alias("editor", "JupyterWidget.editor", "The editor %edit starts.", "COMMAND"),
        Alias(
            "paging",
            "ConsoleWidget.paging",
            "Where paged text goes: inside, hsplit, vsplit, custom or none.",
            "MODE",
        ),
        Alias(
            "gui-completion",
            "ConsoleWidget.gui_completion",
            "How completions show: plain, droplist or ncurses.",
            "KIND",
        ),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *KernelConsoleApp.flags,
        Flag("plain", {"QtConsoleApp": {"plain": True}}, "A plain-text console."),
        Flag("banner", {"QtConsoleApp": {"display_banner": True}}, "Show the banner."),
        Flag("no-banner", {"QtConsoleApp": {"display_banner": False}}, "Show no banner."),
        Flag(
            "include-other-output",
            {"ConsoleWidget": {"include_other_output": True}},
            "Show other clients' inputs and outputs, prefixed with [remote].",
        ),
    )

    @classmethod
    def _launch(cls, argv: list[str], environ: Mapping[str, str], given: Given) -> int:
        """Hand the options this command does not know to the kernels it starts."""
        from jovi.cli.kernel import KernelApp

        own, kernel = split_kernel_arguments(
            argv,
            aliases=cls.all_aliases(),
            flags=cls.all_flags(),
            kernel_aliases=KernelApp.all_aliases(),
            kernel_flags=KernelApp.all_flags(),
        )
        if {"-h", "--help"} & set(own):
            print(cls.help_text() + _styles_help())
            return 0
        if kernel:
            layer = given.config.copy() if given.config is not None else Config()
            origin = Origin("command line", " ".join(kernel))
            layer.section("QtConsoleApp").set("kernel_arguments", kernel, origin)
            given = given._replace(config=layer)
        return super()._launch(own, environ, given)

    def start(self) -> int:
        from jovi.errors import ConnectionFileError, KernelError

        try:
            from jovi.qt.main_window import MainWindow, application
        except ImportError as error:
            if "PySide6" not in str(error):
                raise
            print("jovi qtconsole needs PySide6: pip install 'jovi[qt]'", file=sys.stderr)
            return EXIT_FAILURE
        self.check_positionals()
        app = application()
        try:
            first = self._first_console()
        except (ConnectionFileError, KernelError) as error:
            raise UsageError(str(error)) from None
        window = MainWindow(
            self._new_kernel_console,
            self._same_kernel_console,
            self._existing_kernel_console,
            confirm_exit=self.confirm_exit,
        )
        window.add_tab(first)
        if self.hide_menubar:
            window.menuBar().hide()
        if self.maximize:
            window.showMaximized()
        else:
            hint = first.sizeHint()
            window.resize(
                hint.width() + 20, hint.height() + window.menuBar().sizeHint().height() + 40
            )
            window.show()
        try:
            return app.exec()
        finally:
            if self._tunnel_handle is not None:
                self._tunnel_handle.stop()
            if self._ssh_file is not None:
                with contextlib.suppress(OSError):
                    self._ssh_file.unlink()

    # ------------------------------------------------------------------ consoles

    def _widget(self) -> FrontendWidget:
        from jovi.qt.jupyter_widget import JupyterWidget
        from jovi.qt.rich_widget import RichJupyterWidget

        kind = JupyterWidget if self.plain else RichJupyterWidget
        options = {}
        if self.stylesheet:
            options["style_sheet"] = Path(self.stylesheet).read_text(encoding="utf-8")
        widget = kind(config=self.config, **options)
        widget.display_banner = self.display_banner
        return widget

    def _connect(
        self, widget: FrontendWidget, client: BlockingKernelClient, manager: KernelManager | None
    ) -> FrontendWidget:
        client.start_channels()
        client.wait_for_ready(60)
        widget.kernel_manager = manager
        widget.kernel_client = client
        return widget

    def _first_console(self) -> FrontendWidget:
        from jovi.client import BlockingKernelClient

        existing = self.existing_connection()
        if existing is None:
            return self._new_kernel_console()
        info, path = existing
        if self.sshserver:
            info, self._tunnel_handle, self._ssh_file = self.tunnel(info, path)
        return self._connect(self._widget(), BlockingKernelClient(info, time_to_dead=3.0), None)

    def _new_kernel_console(self) -> FrontendWidget:
        manager = self.start_kernel(list(self.kernel_arguments))
        print(
            "To connect another client to this kernel, use:\n"
            f"    --existing {Path(manager.connection_file).name}",
            flush=True,
        )
        widget = self._widget()  # made while the kernel starts
        return self._connect(widget, manager.client(time_to_dead=3.0), manager)

    def _same_kernel_console(self, console: FrontendWidget) -> FrontendWidget:
        from jovi.client import BlockingKernelClient

        assert console.kernel_client is not None
        client = BlockingKernelClient(console.kernel_client.connection_info, time_to_dead=3.0)
        return self._connect(self._widget(), client, None)

    def _existing_kernel_console(self, connection_file: str) -> FrontendWidget:
        from jovi.client import BlockingKernelClient, find_connection_file, read_connection_file

        info = read_connection_file(find_connection_file(connection_file))
        return self._connect(self._widget(), BlockingKernelClient(info, time_to_dead=3.0), None)


def _styles_help() -> str:
    """The syntax styles installed, for ``-h`` (not in the generated reference, which must
    not depend on the pygments installed)."""
    import textwrap

    try:
        from jovi.qt.styles import available_styles

        names = available_styles()
    except ImportError:
        return ""
    listing = textwrap.fill(", ".join(names), width=88, initial_indent="  ", subsequent_indent="  ")
    return f"\n\nSyntax styles installed (--style NAME):\n{listing}"
