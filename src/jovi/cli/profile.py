"""``jovi profile create|list|locate|import-ipython``: manage profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp, Subcommand
from jovi.config import Bool, Flag
from jovi.config.profiles import DEFAULT_PROFILE, ProfileDir, list_profiles, validate_profile_name
from jovi.errors import ProfileError
from jovi.utils.atomic import atomic_write

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "ProfileApp",
    "ProfileCreateApp",
    "ProfileImportIPythonApp",
    "ProfileListApp",
    "ProfileLocateApp",
    "write_parallel_configs",
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
        Flag(
            "parallel",
            {"ProfileCreateApp": {"parallel": True}},
            "Also write the commented config files of jovi cluster, controller and engine.",
        ),
    )

    reset = Bool(
        False,
        help="Replace the jovi_config.py of an existing profile with a freshly generated one.",
    )
    parallel = Bool(
        False,
        help="Also write jovi_cluster_config.py, jovi_controller_config.py and "
        "jovi_engine_config.py, commented (IPython's ipcluster, ipcontroller and ipengine "
        "config files).",
    )

    def start(self) -> int:
        from jovi.cli.catalogue import load_catalogue
        from jovi.config.help import generate_config_file

        name = validate_profile_name(self.positionals[0] if self.positionals else self.profile)
        profile = ProfileDir.for_name(name, self.jovi_dir_path)
        existed = profile.exists()
        profile.ensure()
        config_file = profile.config_file
        parallel_files = (
            write_parallel_configs(profile.location, reset=self.reset) if self.parallel else []
        )
        if config_file.exists() and not self.reset:
            print(f"Profile {name!r} already exists at {profile.location}")
            print(f"  kept its {config_file.name} (use --reset to replace it with a fresh one)")
            for path in parallel_files:
                print(f"  parallel configuration: {path}")
            return EXIT_OK
        atomic_write(config_file, generate_config_file(load_catalogue()))
        verb = "Reset" if existed else "Created"
        print(f"{verb} profile {name!r} at {profile.location}")
        print(f"  configuration: {config_file}")
        for path in parallel_files:
            print(f"  parallel configuration: {path}")
        return EXIT_OK


#: The parallel config files: name in the profile, the app reading it, what it is.
PARALLEL_CONFIGS = (
    ("cluster", "jovi.cli.cluster:ClusterStartApp", "jovi cluster start (IPython's ipcluster)"),
    ("controller", "jovi.cli.controller:ControllerApp", "jovi controller (ipcontroller)"),
    ("engine", "jovi.cli.engine:EngineApp", "jovi engine (ipengine)"),
)

#: More classes whose options a parallel config file lists: the launchers', in the
#: cluster's file.
PARALLEL_EXTRA_CLASSES = {
    "cluster": (
        "jovi.parallel.launchers.mpi:MPILauncher",
        "jovi.parallel.launchers.ssh:SSHLauncher",
        "jovi.parallel.launchers.ssh:SSHEngineSetLauncher",
        "jovi.parallel.launchers.ssh:SSHControllerLauncher",
        "jovi.parallel.launchers.batch:BatchLauncher",
        "jovi.parallel.launchers.slurm:SlurmLauncher",
    ),
}


def write_parallel_configs(location: Path, *, reset: bool = False) -> list[Path]:
    """Write the commented ``jovi_<name>_config.py`` of each parallel command in the
    profile at ``location`` (keeping existing ones unless ``reset``); their paths."""
    import importlib

    from jovi.config.help import generate_config_file

    written: list[Path] = []
    for name, where, what in PARALLEL_CONFIGS:
        path = location / f"jovi_{name}_config.py"
        if path.exists() and not reset:
            continue
        classes = [
            getattr(importlib.import_module(module), class_name)
            for module, _, class_name in (
                spec.partition(":") for spec in (where, *PARALLEL_EXTRA_CLASSES.get(name, ()))
            )
        ]
        text = generate_config_file(classes).replace(
            "# Configuration file for jovi.\n#\n# Every option jovi knows is listed below,",
            f"# Configuration file for {what}, read after jovi_config.py.\n#\n"
            "# The options of this command are listed below,",
            1,
        )
        atomic_write(path, text)
        written.append(path)
    return written


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
