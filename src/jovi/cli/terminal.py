"""``jovi``: the terminal shell (and, with a file, ``-c`` or ``-m``, running code).

``jovi [options] [script.py|script.ipy] [args]``: with nothing to run, the interactive
shell; with code, it runs and jovi exits, unless ``-i`` keeps it interactive.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.cli.app import (
    EXIT_FAILURE,
    EXIT_OK,
    Given,
    JoviApp,
    UsageError,
    working_directory_first_on_path,
)
from jovi.config import Alias, Bool, Flag, List, Str

if TYPE_CHECKING:
    from jovi.cli.app import Subcommand
    from jovi.config import CommandLine, Config

__all__ = ["TerminalJoviApp", "start_jovi"]


def _both(name: str, section: str, option: str, help_on: str, help_off: str) -> tuple[Flag, Flag]:
    return (
        Flag(name, {section: {option: True}}, help_on),
        Flag(f"no-{name}", {section: {option: False}}, help_off),
    )


class TerminalJoviApp(JoviApp):
    """The ``jovi`` command: the terminal shell, or code run with the shell's powers."""

    config_aliases = ("InteractiveShellApp", "TerminalIPythonApp")

    display_banner = Bool(True, help="Show the banner at start-up.")
    quick = Bool(False, help="Start without reading any configuration file.")
    force_interact = Bool(
        False, help="Stay interactive after running -c code, a script or a module."
    )
    code_to_run = Str("", help="Code to run (-c), then exit unless -i.")
    module_to_run = Str("", help="A module to run as __main__ (-m), then exit unless -i.")
    file_to_run = Str("", help="A script to run, then exit unless -i (the first argument of jovi).")
    extensions = List(str, help="Extensions to load at start-up.")
    extra_extension = Str(
        "", help="One more extension to load (--ext); several may be separated by commas."
    )
    exec_lines = List(
        str, help="Lines of code (jovi syntax) run at start-up, after the startup files."
    )
    exec_files = List(
        str, help="Files run at start-up, after exec_lines (.py, or .ipy with jovi syntax)."
    )
    exec_PYTHONSTARTUP = Bool(False, help="Also run the file named by $PYTHONSTARTUP at start-up.")  # noqa: N815 - the familiar name
    gui = Str("", help="A GUI event loop to run while the prompt waits: tk, qt or gtk.")
    matplotlib = Str(
        "", help="Set up matplotlib with this backend at start-up (auto, tk, qt, gtk, agg)."
    )
    pylab = Str(
        "",
        help="Set up matplotlib with this backend at start-up and import numpy and "
        "matplotlib's names, as %pylab does (auto, tk, qt, gtk, agg).",
    )
    hide_initial_ns = Bool(True, help="Hide the names defined at start-up from %who.")

    command: ClassVar[str] = "jovi"
    summary: ClassVar[str] = "interactive computing for Python."
    usage: ClassVar[tuple[str, ...]] = (
        "[options]                      the interactive shell",
        "[options] script.py [args]     run a script (also .ipy), then exit",
        "[options] -c CODE [args]       run code, then exit",
        "[options] -m MODULE [args]     run a module as __main__, then exit",
    )
    description: ClassVar[str] = "Add -i to stay in the shell after the code has run."
    stop_at_positional: ClassVar[bool] = True
    takes_user_ns: ClassVar[bool] = True
    max_positionals: ClassVar[int | None] = None
    creates_profile: ClassVar[bool] = True
    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("c", "TerminalJoviApp.code_to_run", "Run CODE, then exit (unless -i).", "CODE"),
        Alias(
            "m",
            "TerminalJoviApp.module_to_run",
            "Run MODULE as __main__, then exit (unless -i).",
            "MODULE",
        ),
        Alias(
            "colors",
            "InteractiveShell.colors",
            "Colour scheme: NoColor, Linux, LightBG, Neutral.",
            "SCHEME",
        ),
        Alias("theme", "InteractiveShell.colors", "IPython 9's name for --colors.", "THEME"),
        Alias(
            "autocall",
            "InteractiveShell.autocall",
            "Call callables without parentheses: 0, 1 or 2.",
            "MODE",
        ),
        Alias("cache-size", "InteractiveShell.cache_size", "How many outputs Out keeps.", "N"),
        Alias(
            "logfile",
            "InteractiveShell.logfile",
            "Log the session to FILE from the start (see %logstart).",
            "FILE",
        ),
        Alias(
            "logappend",
            "InteractiveShell.logappend",
            "Log the session to FILE from the start, appending.",
            "FILE",
        ),
        Alias(
            "gui",
            "TerminalJoviApp.gui",
            "Run a GUI event loop while the prompt waits: tk, qt, gtk.",
            "GUI",
        ),
        Alias(
            "matplotlib",
            "TerminalJoviApp.matplotlib",
            "Set up matplotlib (--matplotlib alone: auto).",
            "BACKEND",
        ),
        Alias(
            "pylab",
            "TerminalJoviApp.pylab",
            "Set up matplotlib and import numpy and pylab names (--pylab alone: auto).",
            "BACKEND",
        ),
        Alias(
            "ext", "TerminalJoviApp.extra_extension", "Load the extension NAME at start-up.", "NAME"
        ),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "i",
            {"TerminalJoviApp": {"force_interact": True}},
            "Stay interactive after running code.",
        ),
        Flag("quick", {"TerminalJoviApp": {"quick": True}}, "Do not read configuration files."),
        *_both(
            "banner",
            "TerminalJoviApp",
            "display_banner",
            "Show the banner.",
            "Start without the banner.",
        ),
        *_both(
            "pdb",
            "InteractiveShell",
            "pdb",
            "Debug every uncaught exception.",
            "Do not start the debugger on errors.",
        ),
        *_both(
            "color-info",
            "InteractiveShell",
            "color_info",
            "Colour the information about objects (obj?).",
            "Show the information about objects without colours.",
        ),
        *_both(
            "pprint",
            "PlainTextFormatter",
            "pprint",
            "Pretty-print results.",
            "Show results with plain repr().",
        ),
        *_both(
            "autoindent",
            "TerminalInteractiveShell",
            "autoindent",
            "Indent blocks automatically.",
            "Do not indent automatically.",
        ),
        *_both(
            "automagic",
            "InteractiveShell",
            "automagic",
            "Line magics work without %.",
            "Line magics need %.",
        ),
        *_both(
            "confirm-exit",
            "TerminalInteractiveShell",
            "confirm_exit",
            "Ask before leaving on Ctrl-D.",
            "Leave on Ctrl-D at once.",
        ),
        *_both(
            "term-title",
            "TerminalInteractiveShell",
            "term_title",
            "Show the directory in the terminal title.",
            "Leave the terminal title alone.",
        ),
        Flag(
            "matplotlib",
            {"TerminalJoviApp": {"matplotlib": "auto"}},
            "Set up matplotlib with the best available backend.",
        ),
        Flag(
            "pylab",
            {"TerminalJoviApp": {"pylab": "auto"}},
            "Set up matplotlib and import numpy and pylab names (as %pylab).",
        ),
        *_both(
            "simple-prompt",
            "TerminalInteractiveShell",
            "simple_prompt",
            "Read input with plain input(), no line editor (for Emacs and other programs).",
            "Use the line editor.",
        ),
        Flag(
            "nosep",
            {"TerminalInteractiveShell": {"separate_in": ""}},
            "No blank line before the prompts.",
        ),
        Flag(
            "classic",
            {
                "TerminalInteractiveShell": {
                    "prompts_class": "jovi.terminal.prompts.ClassicPrompts",
                    "separate_in": "",
                },
                "InteractiveShell": {"colors": "NoColor", "xmode": "Plain", "cache_size": 0},
                "PlainTextFormatter": {"pprint": False},
            },
            "Look like the plain Python REPL.",
        ),
    )
    subcommands: ClassVar[tuple[Subcommand, ...]] = ()

    @classmethod
    def _check_positionals(cls, command_line: CommandLine) -> None:
        """A first word that is no file but is close to a subcommand is a mistyped subcommand."""
        from jovi.utils.text import closest_match

        if not cls.subcommands or not command_line.positionals:
            return
        word = command_line.positionals[0]
        looks_like_a_path = "/" in word or "." in word or os.sep in word
        if looks_like_a_path or Path(word).exists():
            return
        if closest_match(word, [sub.name for sub in cls.subcommands]):
            raise UsageError(cls._unknown_subcommand(word))

    def start(self) -> int:
        from jovi.terminal.shell import TerminalInteractiveShell
        from jovi.terminal.startup import StartupPlan, run_startup

        assert self.profile_dir is not None
        working_directory_first_on_path()
        profile = self.profile_dir
        args = list(self.positionals)
        file_to_run = self.file_to_run
        if not (self.code_to_run or self.module_to_run or file_to_run) and args:
            file_to_run = args.pop(0)
        runs_code = bool(self.code_to_run or self.module_to_run or file_to_run)
        interactive = not runs_code or self.force_interact
        shell = TerminalInteractiveShell(
            config=self.config, profile_dir=profile.location, user_ns=self.user_ns
        )
        TerminalInteractiveShell.register_instance(shell)
        if (
            not sys.stdout.isatty()
            and next(self.config.candidates(shell.section_names(), "colors"), None) is None
        ):
            shell.colors = "NoColor"  # escape codes are noise in a file or a pipe, unless asked for
        try:
            if interactive and self.display_banner and sys.stdin.isatty():
                shell.show_banner()
            extensions = list(self.extensions)
            extensions += [name.strip() for name in self.extra_extension.split(",") if name.strip()]
            plan = StartupPlan(
                gui=self.gui,
                matplotlib=self.matplotlib,
                pylab=self.pylab,
                extensions=extensions,
                run_pythonstartup=self.exec_PYTHONSTARTUP,
                startup_dir=profile.startup_dir,
                exec_lines=list(self.exec_lines),
                exec_files=list(self.exec_files),
                code=self.code_to_run,
                file=file_to_run,
                module=self.module_to_run,
                args=args,
                hide_names=self.hide_initial_ns,
                search_dirs=[self.jovi_dir_path, profile.location],
            )
            status = run_startup(shell, plan)
            if status is not None and not interactive:
                return status
            if interactive:
                shell.mainloop()
                return EXIT_OK
            return EXIT_OK if shell.last_execution_succeeded else EXIT_FAILURE
        finally:
            shell.close()


def start_jovi(
    argv: list[str] | None = None,
    *,
    user_ns: dict[str, Any] | None = None,
    config: Config | None = None,
    **unknown: Any,
) -> int:
    """Start a full jovi session (configuration, start-up files), as the ``jovi`` command does.

    Args:
        argv: The command's arguments (none by default, not ``sys.argv``).
        user_ns: The namespace the session's code runs in (it sees and keeps its names).
        config: A configuration layer above the profile's files and below the
            environment and ``argv``.

    Raises:
        TypeError: an argument other than these.
    """
    if unknown:
        names = ", ".join(sorted(unknown))
        raise TypeError(f"start_jovi() takes argv, user_ns and config, not {names}")
    from jovi.cli.main import JoviMainApp

    return JoviMainApp.launch(argv or [], given=Given(config, user_ns))
