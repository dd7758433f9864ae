"""``jovi kernelspec install|list|remove``: make jovi's kernel known to Jupyter tools.

A kernelspec is a directory named after the kernel, holding ``kernel.json``; tools
(``jupyter kernelspec list``, notebook servers, nbclient) search the Jupyter data
path for them, the first directory holding a name winning (Jupyter messaging protocol: kernelspecs).

``install`` writes jovi's spec (``python -m jovi kernel -f {connection_file}`` with
this Python), to the system directory by default, or for the user (``--user``), this
environment (``--sys-prefix``) or a prefix (``--prefix``).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp, Subcommand, UsageError
from jovi.config import Alias, Bool, Flag, Str
from jovi.kernels.providers import JOVI_DISPLAY_NAME, JOVI_KERNEL_NAME

if TYPE_CHECKING:
    from jovi.kernels.finder import KernelFinder

__all__ = [
    "DEFAULT_DISPLAY_NAME",
    "DEFAULT_NAME",
    "KernelSpecApp",
    "KernelSpecInstallApp",
    "KernelSpecListApp",
    "KernelSpecRemoveApp",
]

DEFAULT_NAME = JOVI_KERNEL_NAME
DEFAULT_DISPLAY_NAME = JOVI_DISPLAY_NAME


class KernelSpecApp(JoviApp):
    """``jovi kernelspec``: only dispatches to its subcommands."""

    command: ClassVar[str] = "jovi kernelspec"
    summary: ClassVar[str] = "install, list and remove Jupyter kernelspecs."
    usage: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = (
        "A kernelspec tells Jupyter tools how to start a kernel.  Install jovi's so\n"
        "that notebooks and consoles can use it:  jovi kernelspec install --user"
    )
    subcommands: ClassVar[tuple[Subcommand, ...]] = (
        Subcommand(
            "install",
            "jovi.cli.kernelspec:KernelSpecInstallApp",
            "Install jovi's kernelspec.",
        ),
        Subcommand("list", "jovi.cli.kernelspec:KernelSpecListApp", "List installed kernelspecs."),
        Subcommand(
            "remove", "jovi.cli.kernelspec:KernelSpecRemoveApp", "Remove an installed kernelspec."
        ),
    )

    def start(self) -> int:
        names = ", ".join(sub.name for sub in self.subcommands)
        print(f"No subcommand specified. Must specify one of: {names}.\n")
        print(self.help_text())
        return EXIT_FAILURE


class KernelSpecInstallApp(JoviApp):
    """``jovi kernelspec install``."""

    command: ClassVar[str] = "jovi kernelspec install"
    summary: ClassVar[str] = "install jovi's kernelspec (default: for all users of the system)."
    usage: ClassVar[tuple[str, ...]] = (
        "[--user | --sys-prefix | --prefix PREFIX] [--name NAME] [--display-name TEXT]",
    )

    user = Bool(False, help="Install for the current user only (the Jupyter data directory).")
    sys_prefix = Bool(False, help="Install into this Python environment (sys.prefix).")
    prefix = Str("", help="Install into PREFIX/share/jupyter/kernels.")
    name = Str(DEFAULT_NAME, help="The kernel name (the kernelspec directory's name).")
    display_name = Str(DEFAULT_DISPLAY_NAME, help="The name shown to users in menus.")

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("prefix", "KernelSpecInstallApp.prefix", "Install into PREFIX.", "PREFIX"),
        Alias("name", "KernelSpecInstallApp.name", "The kernel name.", "NAME"),
        Alias(
            "display-name",
            "KernelSpecInstallApp.display_name",
            "The name shown in menus.",
            "TEXT",
        ),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag("user", {"KernelSpecInstallApp": {"user": True}}, "Install for this user only."),
        Flag(
            "sys-prefix",
            {"KernelSpecInstallApp": {"sys_prefix": True}},
            "Install into this Python environment.",
        ),
    )

    def _kernels_dir(self) -> Path:
        from jovi.utils.paths import jupyter_data_dir

        chosen = [
            flag
            for flag, on in (
                ("--user", self.user),
                ("--sys-prefix", self.sys_prefix),
                ("--prefix", bool(self.prefix)),
            )
            if on
        ]
        if len(chosen) > 1:
            raise UsageError(f"choose one of {' and '.join(chosen)}: they name different places")
        if self.user:
            return jupyter_data_dir() / "kernels"
        if self.sys_prefix:
            return Path(sys.prefix, "share", "jupyter", "kernels")
        if self.prefix:
            return Path(self.prefix).expanduser().absolute() / "share" / "jupyter" / "kernels"
        if sys.platform == "win32":
            return Path(sys.prefix, "share", "jupyter", "kernels")
        return Path("/usr/local/share/jupyter/kernels")

    def start(self) -> int:
        from jovi.errors import KernelSpecError
        from jovi.protocol import validate_kernel_name
        from jovi.utils.atomic import atomic_write

        try:
            name = validate_kernel_name(self.name)
        except KernelSpecError as error:
            raise UsageError(str(error)) from None
        from jovi.kernels.providers import jovi_kernel_spec

        destination = self._kernels_dir() / name
        spec = jovi_kernel_spec(self.display_name)
        try:
            if destination.exists():
                shutil.rmtree(destination)
            destination.mkdir(parents=True)
            atomic_write(destination / "kernel.json", json.dumps(spec.to_json(), indent=1) + "\n")
        except PermissionError:
            raise UsageError(
                f"cannot write to {destination.parent} (permission denied); install for "
                "yourself with --user, or into this environment with --sys-prefix"
            ) from None
        print(f"Installed kernelspec {name} in {destination}")
        return EXIT_OK


class KernelSpecListApp(JoviApp):
    """``jovi kernelspec list``: every kernel the finder knows, jovi's and others'."""

    command: ClassVar[str] = "jovi kernelspec list"
    summary: ClassVar[str] = (
        "list the kernels found: installed kernelspecs (the first of a name wins) and "
        "the kernels of other providers (jovi's own in this Python)."
    )
    usage: ClassVar[tuple[str, ...]] = ("[--json]",)

    as_json = Bool(False, help="Print the kernels as JSON (name -> resource_dir, spec).")

    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag("json", {"KernelSpecListApp": {"as_json": True}}, "Print JSON."),
    )

    def start(self) -> int:
        from jovi.kernels.finder import KernelFinder

        finder = KernelFinder.from_entrypoints()
        finder.load_config(self.config)
        found = list(finder.find_kernels())
        if self.as_json:
            self._print_json(found)
        else:
            self._print_table(found)
        self._report_problems(finder)
        return EXIT_OK

    @staticmethod
    def _short(name: str) -> str:
        return name.removeprefix("spec/")

    def _print_json(self, found: list[tuple[str, dict[str, Any]]]) -> None:
        listing: dict[str, Any] = {}
        for name, attributes in found:
            spec = {
                key: attributes[key]
                for key in ("argv", "display_name", "language", "interrupt_mode", "metadata")
                if key in attributes
            }
            listing[self._short(name)] = {
                "resource_dir": attributes.get("resource_dir"),
                "spec": spec,
            }
        print(json.dumps({"kernelspecs": listing}, indent=2))

    def _print_table(self, found: list[tuple[str, dict[str, Any]]]) -> None:
        if not found:
            print("No kernels were found; install jovi's with: jovi kernelspec install --user")
            return
        width = max(len(self._short(name)) for name, _ in found) + 4
        print("Available kernels:")
        for name, attributes in found:
            where = attributes.get("resource_dir") or (
                f"{attributes.get('display_name', '')}, run by {sys.executable}"
            )
            print(f"  {self._short(name).ljust(width)}{where}")

    def _report_problems(self, finder: KernelFinder) -> None:
        for problem in finder.problems():
            print(f"jovi: warning: {problem}", file=sys.stderr)


class KernelSpecRemoveApp(JoviApp):
    """``jovi kernelspec remove NAME...``."""

    command: ClassVar[str] = "jovi kernelspec remove"
    summary: ClassVar[str] = "remove installed kernelspecs by name."
    usage: ClassVar[tuple[str, ...]] = ("NAME... [-f]",)
    max_positionals: ClassVar[int | None] = None

    force = Bool(False, help="Remove without asking.")

    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag("f", {"KernelSpecRemoveApp": {"force": True}}, "Remove without asking."),
    )

    def start(self) -> int:
        from jovi.kernels.specs import find_kernel_specs

        if not self.positionals:
            raise UsageError("name the kernelspecs to remove (see jovi kernelspec list)")
        specs = find_kernel_specs()
        names = [name.lower() for name in self.positionals]
        missing = [name for name in names if name not in specs]
        if missing:
            raise UsageError(
                f"no kernelspec named {', '.join(missing)}; installed: {', '.join(specs) or 'none'}"
            )
        if not self.force and sys.stdin.isatty():
            print("Kernelspecs to remove:")
            for name in names:
                print(f"  {name}\t{specs[name]}")
            if input("Remove them [y/N]? ").strip().lower() not in ("y", "yes"):
                print("Nothing removed.")
                return EXIT_FAILURE
        for name in names:
            try:
                shutil.rmtree(specs[name])
            except PermissionError:
                raise UsageError(f"cannot remove {specs[name]} (permission denied)") from None
            print(f"Removed {specs[name]}")
        return EXIT_OK
