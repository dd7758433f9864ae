"""``jovi profile create|list|locate|import-ipython``: manage profiles."""

from __future__ import annotations

from typing import ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp, Subcommand
from jovi.config import Bool, Flag
from jovi.config.profiles import DEFAULT_PROFILE, ProfileDir, list_profiles, validate_profile_name
from jovi.errors import ProfileError
from jovi.utils.atomic import atomic_write

__all__ = [
    "ProfileApp",
    "ProfileCreateApp",
    "ProfileImportIPythonApp",
    "ProfileListApp",
    "ProfileLocateApp",
]


class ProfileApp(JoviApp):
    """``jovi profile``: only dispatches to its subcommands."""

    command: ClassVar[str] = "jovi profile"
    summary: ClassVar[str] = "create, list and locate profiles."
    usage: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = (
        "A profile is a directory of configuration (jovi_config.py), startup files,\n"
        "history and security files.  Start jovi with --profile=NAME to use one."
    )
    subcommands: ClassVar[tuple[Subcommand, ...]] = (
        Subcommand(
            "create",
            "jovi.cli.profile:ProfileCreateApp",
            "Create a profile with a commented jovi_config.py.",
        ),
        Subcommand(
            "list", "jovi.cli.profile:ProfileListApp", "List the profiles in jovi's directory."
        ),
        Subcommand(
            "locate", "jovi.cli.profile:ProfileLocateApp", "Print the directory of a profile."
        ),
        Subcommand(
            "import-ipython",
            "jovi.cli.profile:ProfileImportIPythonApp",
            "Take over an IPython profile's configuration, startup files and extensions.",
        ),
    )

    def start(self) -> int:
        names = ", ".join(sub.name for sub in self.subcommands)
        print(f"No subcommand specified. Must specify one of: {names}.\n")
        print(self.help_text())
        return EXIT_FAILURE


class ProfileCreateApp(JoviApp):
    """``jovi profile create [NAME]``."""

    command: ClassVar[str] = "jovi profile create"
    summary: ClassVar[str] = (
        "create a profile (default: 'default') with a commented jovi_config.py."
    )
    usage: ClassVar[tuple[str, ...]] = ("[NAME] [--reset] [options]",)
    max_positionals: ClassVar[int | None] = 1
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "reset",
            {"ProfileCreateApp": {"reset": True}},
            "Replace an existing jovi_config.py with a fresh one.",
        ),
    )

    reset = Bool(
        False,
        help="Replace the jovi_config.py of an existing profile with a freshly generated one.",
    )

    def start(self) -> int:
        from jovi.cli.catalogue import load_catalogue
        from jovi.config.help import generate_config_file

        name = validate_profile_name(self.positionals[0] if self.positionals else self.profile)
        profile = ProfileDir.for_name(name, self.jovi_dir_path)
        existed = profile.exists()
        profile.ensure()
        config_file = profile.config_file
        if config_file.exists() and not self.reset:
            print(f"Profile {name!r} already exists at {profile.location}")
            print(f"  kept its {config_file.name} (use --reset to replace it with a fresh one)")
            return EXIT_OK
        atomic_write(config_file, generate_config_file(load_catalogue()))
        verb = "Reset" if existed else "Created"
        print(f"{verb} profile {name!r} at {profile.location}")
        print(f"  configuration: {config_file}")
        return EXIT_OK


class ProfileListApp(JoviApp):
    """``jovi profile list``."""

    command: ClassVar[str] = "jovi profile list"
    summary: ClassVar[str] = "list the profiles in jovi's directory."

    def start(self) -> int:
        base = self.jovi_dir_path
        print(f"Profiles in {base}:")
        for name in list_profiles(base):
            print(f"  {name}")
        print("\nStart jovi with a profile: jovi --profile=NAME")
        return EXIT_OK


class ProfileLocateApp(JoviApp):
    """``jovi profile locate [NAME]`` (the same as ``jovi locate profile [NAME]``)."""

    command: ClassVar[str] = "jovi profile locate"
    summary: ClassVar[str] = "print the directory of a profile (default: the current one)."
    usage: ClassVar[tuple[str, ...]] = ("[NAME] [options]",)
    max_positionals: ClassVar[int | None] = 1

    def start(self) -> int:
        name = validate_profile_name(self.positionals[0] if self.positionals else self.profile)
        if name == DEFAULT_PROFILE:  # always there, as every start of jovi makes it
            profile = ProfileDir.for_name(name, self.jovi_dir_path).ensure()
        else:
            profile = ProfileDir.find(name, self.jovi_dir_path)
        print(profile.location)
        return EXIT_OK


class ProfileImportIPythonApp(JoviApp):
    """``jovi profile import-ipython [NAME]``."""

    command: ClassVar[str] = "jovi profile import-ipython"
    summary: ClassVar[str] = (
        "take over IPython's profile NAME (default: 'default') into jovi's profile of that name."
    )
    usage: ClassVar[tuple[str, ...]] = ("[NAME] [options]",)
    description: ClassVar[str] = (
        "Reads $IPYTHONDIR/profile_NAME (~/.ipython by default) and writes jovi's files:\n"
        "ipython_config.py translated into jovi_config.py (ipython_kernel_config.py into\n"
        "jovi_kernel_config.py), the startup files copied, the extensions kept.  IPython's\n"
        "files are not changed; a jovi file already there is moved aside to <name>.bak."
    )
    max_positionals: ClassVar[int | None] = 1

    def start(self) -> int:
        import os

        from jovi.cli.ipython_profile import (
            import_ipython_profile,
            ipython_dir,
            ipython_profile_dir,
        )

        name = validate_profile_name(self.positionals[0] if self.positionals else self.profile)
        source = ipython_profile_dir(name, os.environ)
        if source is None:
            where = ipython_dir(os.environ) / f"profile_{name}"
            raise ProfileError(f"IPython has no profile {name!r}: {where} does not exist")
        profile = ProfileDir.for_name(name, self.jovi_dir_path)
        report = import_ipython_profile(source, profile)
        print(f"jovi profile {name!r} ({profile.location}) {report.summary()}")
        for note in report.notes():
            print(f"  {note}")
        return EXIT_OK
