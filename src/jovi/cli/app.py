"""The base of every ``jovi`` command: command line, configuration layers, logging.

A command is a :class:`JoviApp` subclass.  :meth:`JoviApp.launch` does the whole
start-up, in this order:

1. hand over to a subcommand if the first argument names one;
2. parse the command line (aliases, flags, ``--Class.option=value``);
3. answer ``--help``, ``--help-all`` and ``--version``;
4. read the environment, find jovi's directory and the profile (on a profile's first
   start, take over IPython's profile of the same name: :mod:`jovi.cli.ipython_profile`);
5. load the profile's ``jovi_config.py`` and ``jovi_config.json`` (then the command's
   own ``jovi_<name>_config.py``/``.json``, then ``--config FILE``);
6. check every layer: a bad command line is an error (exit status 2); a bad file or
   environment variable is a warning and the other layers decide;
7. build the application object from the layers and call :meth:`JoviApp.start`.

Precedence, lowest first: class defaults < profile ``jovi_config.py`` <
``jovi_config.json`` < command-specific files < ``--config`` file < environment <
command line.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from jovi._version import __version__
from jovi.cli.jupyter_settings import UNUSED_JUPYTER_SETTINGS
from jovi.config import (
    Alias,
    Bool,
    Change,
    CommandLine,
    Config,
    ConfigStack,
    Configurable,
    Flag,
    LogLevel,
    Str,
    check_layer,
    load_environment,
    load_json_config,
    load_python_config,
    on_change,
    parse_command_line,
)
from jovi.config.profiles import DEFAULT_PROFILE, ProfileDir
from jovi.errors import CommandLineError, ConfigError, ConfigFileError, JoviError, ProfileError
from jovi.utils.log import configure_when_used, get_logger
from jovi.utils.paths import jovi_dir

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = ["Application", "JoviApp", "Subcommand", "working_directory_first_on_path"]

log = get_logger("jovi")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class Subcommand(NamedTuple):
    """A subcommand: its name, the app class that runs it (``module:Class``), a summary,
    and the page of docs/ that guides through it (for the README's table)."""

    name: str
    target: str
    summary: str
    guide: str = ""

    def load(self) -> type[JoviApp]:
        import importlib

        module_name, _, class_name = self.target.partition(":")
        app_class = getattr(importlib.import_module(module_name), class_name)
        if not (isinstance(app_class, type) and issubclass(app_class, JoviApp)):
            raise TypeError(f"{self.target} is not a jovi command")
        return app_class


# logging.DEBUG, WARNING and CRITICAL, fixed by the standard library; written out so
# that a command that logs nothing never imports logging.
_DEBUG, _WARNING, _CRITICAL = 10, 30, 50


def working_directory_first_on_path() -> None:
    """Let user code import modules of the current directory, as in ``python``.

    A console script (``jovi``) starts with its own ``bin`` directory first on
    ``sys.path`` instead; that entry is replaced by ``''`` (the current directory,
    followed as it changes with ``%cd``).
    """
    if "" in sys.path:
        return
    from pathlib import Path

    script = Path(sys.argv[0]).absolute() if sys.argv and sys.argv[0] else None
    if (
        sys.path
        and script is not None
        and script.name.startswith("jovi")
        and Path(sys.path[0]).absolute() == script.parent
    ):
        sys.path[0] = ""
    else:
        sys.path.insert(0, "")


def _log_from(level: int) -> None:
    """Show jovi's log messages from ``level`` up (set up when jovi first logs)."""

    def configure() -> None:
        from jovi.cli.logs import configure_logging

        configure_logging(level)

    configure_when_used(configure)


class Application(Configurable):
    """Logging, shared by every jovi command."""

    log_level = LogLevel(_WARNING, help="Messages less important than this level are not shown.")

    @on_change("log_level")
    def _log_level_changed(self, change: Change) -> None:
        _log_from(change.new)


class UsageError(JoviError):
    """The command line asks for something the command cannot do (exit status 2)."""


def _error(message: str) -> None:
    lines = message.splitlines() or [""]
    print(f"jovi: error: {lines[0]}", file=sys.stderr)
    for line in lines[1:]:
        print(f"  {line.strip()}", file=sys.stderr)


class Given(NamedTuple):
    """What a caller from Python gives a command besides its arguments (``start_jovi``)."""

    #: A configuration layer above the profile's files, below the environment and the
    #: command line.
    config: Config | None = None
    #: The namespace user code runs in, for commands that run it in this process.
    user_ns: dict[str, Any] | None = None


class JoviApp(Application):
    """Options shared by every jovi command: the profile and jovi's directory."""

    profile = Str(
        DEFAULT_PROFILE,
        help="The profile: the directory of configuration, startup files and history to use. "
        "Choose it on the command line or in the environment: a profile's own files cannot.",
    )
    profile_location = Str(
        "",
        help="A profile directory given by its path, in place of the profile named by "
        "--profile (IPython's --profile-dir).",
    )
    jovi_dir = Str(
        "",
        help="jovi's directory, which holds the profiles. Set it on the command line "
        "(--jovi-dir) or with $JOVI_DIR: files inside it cannot move it.",
        default_text="'' ($JOVI_DIR if set, else ~/.jovi)",
    )
    extra_config_file = Str(
        "", help="A further configuration file, loaded after the profile's files."
    )
    show_config = Bool(
        False,
        help="Print the configuration the command would start with (every option set by "
        "a file, the environment or the command line, and where from), then exit.",
    )
    show_config_json = Bool(
        False, help="Print the configuration the command would start with as JSON, then exit."
    )

    #: The command as typed, for usage lines (``jovi profile create``).
    command: ClassVar[str] = "jovi"
    #: One line saying what the command does.
    summary: ClassVar[str] = "interactive computing for Python."
    #: Extra paragraphs of help after the usage line.
    description: ClassVar[str] = ""
    #: Usage lines after the command name.
    usage: ClassVar[tuple[str, ...]] = ("[options]",)
    #: Command-specific config files are ``jovi_<config_name>_config.py``/``.json``.
    config_name: ClassVar[str | None] = None
    #: Create the profile directory if it does not exist yet.
    creates_profile: ClassVar[bool] = False
    #: Everything from the first positional argument on is positional.
    stop_at_positional: ClassVar[bool] = False
    #: How many positional arguments the command takes (None: any number).
    max_positionals: ClassVar[int | None] = 0

    aliases: ClassVar[tuple[Alias, ...]] = (
        Alias("profile", "JoviApp.profile", "Use the profile NAME (default: 'default').", "NAME"),
        Alias(
            "profile-dir",
            "JoviApp.profile_location",
            "Use the profile directory DIR (any path) instead of a named profile.",
            "DIR",
        ),
        Alias(
            "jovi-dir",
            "JoviApp.jovi_dir",
            "Use DIR as jovi's directory (default: $JOVI_DIR or ~/.jovi).",
            "DIR",
        ),
        Alias("ipython-dir", "JoviApp.jovi_dir", "IPython's name for --jovi-dir.", "DIR"),
        Alias(
            "config", "JoviApp.extra_config_file", "Also load the configuration file FILE.", "FILE"
        ),
        Alias(
            "log-level",
            "Application.log_level",
            "Show log messages from LEVEL up (DEBUG ... CRITICAL).",
            "LEVEL",
        ),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        Flag(
            "debug",
            {"Application": {"log_level": _DEBUG}},
            "Show debug messages (--log-level=DEBUG).",
        ),
        Flag(
            "quiet",
            {"Application": {"log_level": _CRITICAL}},
            "Show only critical messages.",
        ),
        Flag(
            "show-config",
            {"JoviApp": {"show_config": True}},
            "Print the configuration (and where each value comes from), then exit.",
        ),
        Flag(
            "show-config-json",
            {"JoviApp": {"show_config_json": True}},
            "Print the configuration as JSON, then exit.",
        ),
    )
    subcommands: ClassVar[tuple[Subcommand, ...]] = ()

    #: Whether the command runs user code in this process (so ``user_ns`` means something).
    takes_user_ns: ClassVar[bool] = False

    # set by launch()
    positionals: list[str]
    profile_dir: ProfileDir | None
    user_ns: dict[str, Any] | None

    def __init__(self, *, config: Config | ConfigStack | None = None, **options: Any) -> None:
        super().__init__(config=config, **options)
        self.positionals = []
        self.profile_dir = None
        self.user_ns = None

    # ------------------------------------------------------------ what subclasses provide

    def start(self) -> int:
        """Do the command's work; return the exit status."""
        print(self.help_text())
        return EXIT_OK

    # ------------------------------------------------------------ directories

    @property
    def jovi_dir_path(self) -> Path:
        return jovi_dir(self.jovi_dir or None)

    def profile_dir_for(self, name: str) -> Path:
        return ProfileDir.for_name(name, self.jovi_dir_path).location

    # ------------------------------------------------------------ help

    @classmethod
    def all_aliases(cls) -> tuple[Alias, ...]:
        return cls.aliases

    @classmethod
    def all_flags(cls) -> tuple[Flag, ...]:
        return cls.flags

    @classmethod
    def help_text(cls) -> str:
        lines = [f"{cls.command}: {cls.summary}", "", "Usage:"]
        lines += [f"  {cls.command} {usage}".rstrip() for usage in cls.usage]
        if cls.subcommands:
            lines.append(
                f"  {cls.command} <subcommand> [options]"
                f"   ({cls.command} help <subcommand> for more)"
            )
        if cls.description:
            lines += ["", cls.description.strip()]
        if cls.subcommands:
            lines += ["", "Subcommands:"]
            width = max(len(sub.name) for sub in cls.subcommands) + 2
            lines += [f"  {sub.name.ljust(width)}{sub.summary}" for sub in cls.subcommands]
        rows = [
            (f"{alias.spelling} {alias.metavar}", f"{alias.help} [{alias.target}]")
            for alias in cls.all_aliases()
        ]
        rows += [(flag.spelling, flag.help) for flag in cls.all_flags()]
        rows += [
            ("-h, --help", "Show this help."),
            ("--help-all", "Show this help and every configurable option."),
            ("-V, --version", "Print jovi's version."),
        ]
        width = max(len(left) for left, _ in rows) + 2
        lines += ["", "Options:"]
        lines += [f"  {left.ljust(width)}{right}" for left, right in rows]
        lines += [
            "",
            "Any option can be set as --Class.option=value (e.g. --Application.log_level=INFO);",
            f"`{cls.command} --help-all` lists every option.",
        ]
        return "\n".join(lines)

    @classmethod
    def help_all_text(cls) -> str:
        from jovi.cli.catalogue import load_catalogue
        from jovi.config.help import options_help

        return cls.help_text() + "\n\n" + options_help(load_catalogue())

    # ------------------------------------------------------------ start-up

    @classmethod
    def launch(
        cls,
        argv: Sequence[str],
        *,
        environ: Mapping[str, str] | None = None,
        given: Given | None = None,
    ) -> int:
        """Run the command with ``argv`` (without the program name); return the exit status.

        ``given`` is what a caller from Python adds (a configuration layer, the user's
        namespace); a subcommand chosen by ``argv`` gets it too.
        """
        environ = os.environ if environ is None else environ
        try:
            return cls._launch(list(argv), environ, given or Given())
        except (UsageError, CommandLineError) as error:
            _error(f"{error}\nSee `{cls.command} --help`.")
            return EXIT_USAGE
        except ConfigError as error:
            _error(str(error))
            return EXIT_USAGE
        except JoviError as error:
            _error(str(error))
            return EXIT_FAILURE
        except KeyboardInterrupt:
            print(file=sys.stderr)
            return 130

    @classmethod
    def _find_subcommand(cls, name: str) -> Subcommand | None:
        return next((sub for sub in cls.subcommands if sub.name == name), None)

    @classmethod
    def _launch(cls, argv: list[str], environ: Mapping[str, str], given: Given) -> int:
        if argv and not argv[0].startswith("-"):
            sub = cls._find_subcommand(argv[0])
            if sub is not None:
                return sub.load().launch(argv[1:], environ=environ, given=given)
            if argv[0] == "help" and cls.subcommands:
                if len(argv) == 1:
                    print(cls.help_text())
                    return EXIT_OK
                sub = cls._find_subcommand(argv[1])
                if sub is None:
                    raise UsageError(cls._unknown_subcommand(argv[1]))
                return sub.load().launch(["--help"], environ=environ)
        command_line = parse_command_line(
            argv,
            aliases=cls.all_aliases(),
            flags=cls.all_flags(),
            stop_at_positional=cls.stop_at_positional,
        )
        rest = command_line.positionals
        sub = cls._find_subcommand(rest[0]) if rest and cls.subcommands else None
        if sub is not None:
            # Options before the subcommand (`jovi --jovi-dir D locate`) are its options.
            leading = argv[: len(argv) - len(rest)]
            return sub.load().launch([*leading, *rest[1:]], environ=environ, given=given)
        if "version" in command_line.requests:
            print(f"jovi {__version__}")
            return EXIT_OK
        if "help-all" in command_line.requests:
            print(cls.help_all_text())
            return EXIT_OK
        if "help" in command_line.requests:
            print(cls.help_text())
            return EXIT_OK
        cls._check_positionals(command_line)
        if given.user_ns is not None and not cls.takes_user_ns:
            raise UsageError(f"`{cls.command}` runs no user code here, so it takes no user_ns")
        app = cls._build(command_line, environ, given.config)
        app.user_ns = given.user_ns
        if app.show_config or app.show_config_json:
            return app.print_config()
        return app.start()

    def print_config(self) -> int:
        """``--show-config`` / ``--show-config-json``: the configuration, then exit."""
        from jovi.cli.showconfig import config_as_json, config_as_text

        stack = ConfigStack.of(self.config)
        print(config_as_json(stack) if self.show_config_json else config_as_text(stack))
        return EXIT_OK

    @classmethod
    def _unknown_subcommand(cls, name: str) -> str:
        from jovi.utils.text import did_you_mean

        names = [sub.name for sub in cls.subcommands]
        hint = did_you_mean(name, names, template="'{}'")
        return f"unknown subcommand '{name}'{hint}; the subcommands are: {', '.join(names)}"

    @classmethod
    def _check_positionals(cls, command_line: CommandLine) -> None:
        extra = command_line.positionals
        if cls.max_positionals is not None and len(extra) > cls.max_positionals:
            unexpected = extra[cls.max_positionals]
            if cls.subcommands and cls.max_positionals == 0:
                raise UsageError(cls._unknown_subcommand(unexpected))
            raise UsageError(f"unexpected argument {unexpected!r}")

    @classmethod
    def _early_value(cls, option: str, layers: Sequence[Config]) -> Any:
        """An option needed before the files are read (profile, jovi_dir, log_level)."""
        probe = ConfigStack(*((f"layer{i}", layer) for i, layer in enumerate(layers)))
        declared = cls.options()[option]
        for setting in probe.candidates(cls.section_names(), option):
            return (
                declared.parse(setting.value)
                if setting.from_text
                else declared.validate(setting.value)
            )
        return declared.default()

    @classmethod
    def _build(
        cls, command_line: CommandLine, environ: Mapping[str, str], given: Config | None = None
    ) -> JoviApp:
        env_layer = load_environment(environ)
        early = [env_layer, command_line.config]
        # The command line must be right before anything else happens.
        problems = check_layer(
            command_line.config, load_classes=_load_class_named, not_used=UNUSED_JUPYTER_SETTINGS
        )
        errors = [problem for problem in problems if problem.kind != "not used"]
        if errors:
            raise ConfigError("\n".join(problem.describe() for problem in errors))
        for problem in problems:  # Jupyter's settings jovi does not use: said, not fatal
            print(f"jovi: warning: {problem.describe(ignored=True)}", file=sys.stderr)
        for problem in check_layer(
            env_layer, load_classes=_load_class_named, not_used=UNUSED_JUPYTER_SETTINGS
        ):
            # Logging is not configured yet: report directly, in the same shape.
            print(f"jovi: warning: {problem.describe(ignored=True)}", file=sys.stderr)
        _log_from(cls._early_value("log_level", early))
        base = jovi_dir(cls._early_value("jovi_dir", early) or None)
        profile_name = cls._early_value("profile", early)
        location = cls._early_value("profile_location", early)
        profile = (
            ProfileDir.for_location(location)
            if location
            else ProfileDir.for_name(profile_name, base)
        )
        if cls.creates_profile:
            first_start = not location and not profile.exists()
            profile.ensure()
            if first_start:
                from jovi.cli.ipython_profile import take_over_on_first_start

                take_over_on_first_start(profile, environ)
        elif location and not profile.exists():
            raise ProfileError(f"the profile directory {location} does not exist")
        elif profile_name != DEFAULT_PROFILE and not profile.exists():
            raise ProfileError(
                f"profile {profile_name!r} not found in {base}; "
                f"create it with: jovi profile create {profile_name}"
            )
        quick = "quick" in cls.options() and cls._early_value("quick", early)
        layers = (
            []
            if quick
            else cls._file_layers(profile, base, cls._early_value("extra_config_file", early))
        )
        if given is not None:
            layers.append(("start_jovi(config=...)", given))
        stack = ConfigStack(
            *layers, ("environment", env_layer), ("command line", command_line.config)
        )
        for name, layer in layers:
            for problem in check_layer(
                layer, load_classes=_load_class_named, not_used=UNUSED_JUPYTER_SETTINGS
            ):
                log.warning("%s", problem.describe(ignored=True))
            del name
        app = cls(config=stack)
        _log_from(app.log_level)
        app.positionals = list(command_line.positionals)
        app.profile_dir = profile
        return app

    @classmethod
    def _file_layers(cls, profile: ProfileDir, base: Path, extra: str) -> list[tuple[str, Config]]:
        from pathlib import Path

        def for_profile(name: str) -> Path:
            return ProfileDir.for_name(name, base).location

        candidates: list[tuple[str, Path]] = [
            ("profile jovi_config.py", profile.config_file),
            ("profile jovi_config.json", profile.json_config_file),
        ]
        if cls.config_name:
            candidates += [
                (
                    f"profile jovi_{cls.config_name}_config.py",
                    profile.location / f"jovi_{cls.config_name}_config.py",
                ),
                (
                    f"profile jovi_{cls.config_name}_config.json",
                    profile.location / f"jovi_{cls.config_name}_config.json",
                ),
            ]
        if extra:
            extra_path = Path(extra).expanduser()
            if not extra_path.is_file():
                log.warning(
                    "the configuration file %s given by --config does not exist; it was ignored.",
                    extra_path,
                )
            else:
                candidates.append(("--config file", extra_path))
        layers: list[tuple[str, Config]] = []
        for name, path in candidates:
            if not path.is_file():
                continue
            try:
                if path.suffix == ".json":
                    layers.append((name, load_json_config(path)))
                else:
                    layers.append((name, load_python_config(path, profile_dir_for=for_profile)))
            except ConfigFileError as error:
                log.warning(
                    "could not use %s; its settings were ignored and jovi continued without them.",
                    error,
                )
        return layers


def _load_class_named(name: str) -> None:
    from jovi.cli.catalogue import load_class_named

    load_class_named(name)
