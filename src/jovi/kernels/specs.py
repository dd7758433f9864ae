"""Installed kernelspecs: where they are searched, and which are found (Jupyter messaging protocol: kernelspecs).

The directories are searched in the Jupyter order (``JUPYTER_PATH`` first, then the
user's data dir and the environment's ``share/jupyter`` in the order
``JUPYTER_PREFER_ENV_PATH`` decides, then the system dirs): for each name the first
directory holding it wins.  Names are compared without case.  A directory whose
``kernel.json`` cannot be used is reported once, in one line naming the file, and
skipped: one broken kernel never hides the others.

Usage::

    scan = scan_kernel_specs()
    for name, spec in scan.specs.items(): ...
    for problem in scan.problems: print(problem)      # "…/kernel.json is not JSON: …"
    spec = get_kernel_spec("python3")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jovi.errors import KernelSpecError, NoSuchKernel
from jovi.protocol import KernelSpec, parse_kernel_spec, validate_kernel_name
from jovi.protocol.kernelspec import KERNEL_JSON
from jovi.utils.log import get_logger
from jovi.utils.paths import jupyter_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "KernelSpecScan",
    "SpecProblem",
    "find_kernel_specs",
    "get_kernel_spec",
    "kernel_dirs",
    "read_kernel_spec",
    "scan_kernel_specs",
]

log = get_logger("jovi.kernels")


class SpecProblem(NamedTuple):
    """A kernelspec directory that was skipped, and why (one sentence naming the file)."""

    path: Path
    message: str

    def __str__(self) -> str:
        return self.message


class KernelSpecScan(NamedTuple):
    """What a search found: usable kernelspecs by name, and the directories skipped."""

    specs: dict[str, KernelSpec]
    problems: list[SpecProblem]


def read_kernel_spec(resource_dir: str | os.PathLike[str], name: str | None = None) -> KernelSpec:
    """The kernelspec in the directory ``resource_dir`` (its ``kernel.json``).

    Args:
        resource_dir: The kernelspec directory.
        name: The kernel name; the directory's name by default.

    Raises:
        KernelSpecError: no ``kernel.json``, not JSON, or not a valid kernelspec.
    """
    directory = Path(resource_dir)
    kernel_name = validate_kernel_name(directory.name if name is None else name)
    path = directory / KERNEL_JSON
    source = os.fspath(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KernelSpecError(f"{source} does not exist", path=source) from None
    except (OSError, UnicodeDecodeError) as error:
        raise KernelSpecError(f"{source} cannot be read: {error}", path=source) from None
    return parse_kernel_spec(text, name=kernel_name, resource_dir=directory, source=source)


def kernel_dirs() -> list[Path]:
    """The directories searched for kernelspecs, highest priority first."""
    return jupyter_path("kernels")


def _candidates(directories: Iterable[Path]) -> Iterable[tuple[str, Path]]:
    for directory in directories:
        try:
            entries = sorted(directory.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir() and (entry / KERNEL_JSON).is_file():
                yield entry.name, entry


def find_kernel_specs(search_path: Sequence[Path] | None = None) -> dict[str, Path]:
    """Every kernelspec directory by (lower-cased) kernel name, the first found winning.

    Directories whose names are not valid kernel names are skipped.
    """
    found: dict[str, Path] = {}
    for name, directory in _candidates(kernel_dirs() if search_path is None else search_path):
        try:
            key = validate_kernel_name(name)
        except KernelSpecError:
            continue
        found.setdefault(key, directory)
    return found


def scan_kernel_specs(
    search_path: Sequence[Path] | None = None, *, warn: bool = True
) -> KernelSpecScan:
    """Read every kernelspec found: the usable ones, and one problem per broken one.

    Args:
        search_path: The directories to search (the Jupyter kernel dirs by default).
        warn: Also log each problem (as a warning, one line).
    """
    specs: dict[str, KernelSpec] = {}
    problems: list[SpecProblem] = []
    for name, directory in find_kernel_specs(search_path).items():
        try:
            specs[name] = read_kernel_spec(directory, name)
        except KernelSpecError as error:
            path = Path(error.path) if error.path else directory / KERNEL_JSON
            message = str(error)
            if os.fspath(path) not in message:
                message = f"{path}: {message}"
            problems.append(SpecProblem(path, f"skipped the kernelspec {name!r}: {message}"))
    for name, directory in _invalid_names(search_path):
        problems.append(
            SpecProblem(
                directory,
                f"skipped {directory}: {name!r} is not a valid kernel name "
                "(use letters, digits, '.', '_' and '-')",
            )
        )
    if warn:
        for problem in problems:
            log.warning("%s", problem.message)
    return KernelSpecScan(specs, problems)


def _invalid_names(search_path: Sequence[Path] | None) -> list[tuple[str, Path]]:
    invalid = []
    for name, directory in _candidates(kernel_dirs() if search_path is None else search_path):
        try:
            validate_kernel_name(name)
        except KernelSpecError:
            invalid.append((name, directory))
    return invalid


def get_kernel_spec(name: str, search_path: Sequence[Path] | None = None) -> KernelSpec:
    """The installed kernelspec ``name`` (any case).

    Raises:
        NoSuchKernel: no kernelspec of that name is installed.
        KernelSpecError: its ``kernel.json`` cannot be used (the message names it).
    """
    try:
        key = validate_kernel_name(name)
    except KernelSpecError as error:
        raise NoSuchKernel(str(error)) from None
    found = find_kernel_specs(search_path)
    directory = found.get(key)
    if directory is None:
        known = ", ".join(sorted(found)) or "none"
        raise NoSuchKernel(
            f"no kernelspec named {name!r} is installed (installed: {known}); "
            "see jovi kernelspec list"
        )
    return read_kernel_spec(directory, key)
