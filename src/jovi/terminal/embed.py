"""Embedding a shell in a running program: ``jovi.embed()``.

::

    def compute(x):
        y = x * 2
        jovi.embed()        # a prompt with x and y; leave with exit or Ctrl-D
        return y

The shell sees the caller's local and global variables (changes to local variables
do not flow back into the running function, as in Python).  The first call creates
the shell and later calls reuse it, so its prompt numbers and history continue.
``dummy_mode`` (globally, or ``embed(dummy=True)`` per call) makes calls return at
once; ``%kill_embedded`` switches one embedded shell off for good.
"""

from __future__ import annotations

import builtins
import sys
from typing import Any

from jovi.config import Bool, Config, Str
from jovi.errors import ConfigFileError
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.shell.namespace import ExitAutocall
from jovi.terminal.shell import TerminalInteractiveShell

__all__ = ["InteractiveShellEmbed", "embed"]


class _ModuleView:
    """A module-like object over a globals dict (what ``user_module`` needs)."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.__dict__ = namespace


@magics_class
class EmbeddedMagics(Magics):
    """Magics that only embedded shells have."""

    shell: InteractiveShellEmbed

    @line_magic
    def kill_embedded(self, parameter_s: str = "") -> None:
        """Switch this embedded shell off for good: later embed() calls return at once.

        ``-y`` skips the confirmation.
        """
        if "-y" not in parameter_s.split() and not self.shell.ask_yes_no(
            "Are you sure you want to kill this embedded instance? [y/N]", default="n"
        ):
            return
        self.shell.embedded_active = False
        self.shell.output.write(
            "This embedded jovi shell will not start again once you leave it.\n"
        )


class InteractiveShellEmbed(TerminalInteractiveShell):
    """A terminal shell opened from inside a program, over the caller's variables."""

    exit_msg = Str(
        "Leaving jovi, back to the program.", help="Printed when an embedded shell is left."
    )
    dummy_mode = Bool(False, help="Make embed() calls return at once (turn embedding off).")
    display_banner = Bool(True, help="Show the banner when an embedded shell starts.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("install_main", False)
        kwargs.setdefault("banner1", "")
        super().__init__(**kwargs)
        self.embedded_active = True
        self.register_magics(EmbeddedMagics)

    def _use_namespace(self, module: Any, local_ns: dict[str, Any]) -> None:
        self.user_module = module
        self.user_ns = local_ns
        manager = self.history_manager
        local_ns.update(
            In=manager.input_hist_parsed,
            _ih=manager.input_hist_parsed,
            Out=manager.output_hist,
            _oh=manager.output_hist,
            _dh=manager.dir_hist,
            get_ipython=self._get_ipython,
        )
        local_ns.setdefault(
            "exit", self.user_module.__dict__.get("exit", None) or _exit_object(self, "exit")
        )
        local_ns.setdefault("quit", _exit_object(self, "quit"))
        self.hide_names("In", "_ih", "Out", "_oh", "_dh", "get_ipython", "exit", "quit")

    def __call__(
        self,
        header: str = "",
        local_ns: dict[str, Any] | None = None,
        module: Any = None,
        dummy: bool | None = None,
        stack_depth: int = 1,
    ) -> None:
        """Open the prompt over the caller's variables (or those given)."""
        if dummy or (dummy is None and self.dummy_mode) or not self.embedded_active:
            return
        frame = sys._getframe(stack_depth)
        if module is None:
            module = _ModuleView(frame.f_globals)
        if local_ns is None:
            local_ns = (
                frame.f_globals if frame.f_locals is frame.f_globals else dict(frame.f_locals)
            )
        saved = (self.user_module, self.user_ns)
        saved_builtin = builtins.__dict__.get("get_ipython")
        self._use_namespace(module, local_ns)
        builtins.__dict__["get_ipython"] = self._get_ipython
        try:
            if header:
                self.output.write(header + "\n")
            if self.display_banner and self.banner.strip():
                self.show_banner()
            self.mainloop()
        finally:
            self.user_module, self.user_ns = saved
            if saved_builtin is not None:
                builtins.__dict__["get_ipython"] = saved_builtin
            if self.exit_msg:
                self.output.write(self.exit_msg + "\n")


def _exit_object(shell: InteractiveShellEmbed, name: str) -> Any:
    return ExitAutocall(shell, name)


def _profile_config() -> Config:
    """The default profile's configuration, as an embedded shell starting alone reads it."""
    from jovi.config.loaders import load_json_config, load_python_config  # noqa: PLC0415 - start-up cost
    from jovi.config.profiles import DEFAULT_PROFILE, ProfileDir  # noqa: PLC0415 - start-up cost
    from jovi.utils.paths import jovi_dir  # noqa: PLC0415 - start-up cost

    profile = ProfileDir.for_name(DEFAULT_PROFILE, jovi_dir())
    config = Config()
    for path, loader in (
        (profile.config_file, load_python_config),
        (profile.json_config_file, load_json_config),
    ):
        if path.is_file():
            try:
                config.merge(loader(path))
            except ConfigFileError as error:
                sys.stderr.write(
                    f"jovi: warning: could not use {error}; its settings were ignored.\n"
                )
    return config


def embed(
    *, header: str = "", config: Config | None = None, dummy: bool | None = None, **kwargs: Any
) -> None:
    """Open a jovi prompt here, over the caller's variables (see the module's help)."""
    from jovi.shell.current import current_shell  # noqa: PLC0415 - start-up cost

    running = current_shell()
    if running is not None and not isinstance(running, InteractiveShellEmbed):
        sys.stderr.write(
            "jovi: embedding a shell inside a running jovi shell; leave it with exit to return.\n"
        )
    shell = InteractiveShellEmbed._instances.get(InteractiveShellEmbed)
    if not isinstance(shell, InteractiveShellEmbed):
        previous = builtins.__dict__.get("get_ipython")
        shell = InteractiveShellEmbed(
            config=config if config is not None else _profile_config(), **kwargs
        )
        InteractiveShellEmbed._instances[InteractiveShellEmbed] = shell
        # Creating the shell made it get_ipython(); it is only that while its prompt is open.
        if previous is None:
            builtins.__dict__.pop("get_ipython", None)
        else:
            builtins.__dict__["get_ipython"] = previous
    shell(header=header, dummy=dummy, stack_depth=2)
