"""``import jovi`` and ``jovi --help`` import nothing outside the standard library.

Measured with ``python -X importtime`` in a fresh interpreter (completed by
``sys.modules``), against what the same interpreter imports for ``-c pass`` (site hooks of the environment are not jovi's).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from jovi.shell.magics.groups import BUILTIN_GROUPS

STDLIB = set(sys.stdlib_module_names)


_REPORT = (
    "; import sys as _s"
    "; print('--modules--', *sorted(n for n, m in _s.modules.items() if m is not None),"
    " file=_s.__stdout__)"
)


def imported_modules(code: str) -> set[str]:
    """Modules that ``code`` imported in a fresh interpreter run with ``-X importtime``.

    The timing report (on stderr, shown when an assertion fails) misses modules
    imported through ``importlib.import_module``, which jovi's lazy packages use, so
    the set comes from ``sys.modules``, without the ``None`` entries the import system
    leaves for failed imports.
    """
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code + _REPORT],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    sys.stderr.write(result.stderr)  # the timings, kept by pytest for a failing test
    return set(result.stdout.rsplit("--modules--", 1)[1].split())


def third_party(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] not in STDLIB and m.split(".")[0] != "jovi"}


@pytest.mark.integration
def test_import_jovi_imports_only_the_standard_library():
    baseline = imported_modules("pass")
    imported = imported_modules("import jovi")
    assert "jovi" in imported
    assert third_party(imported - baseline) == set()


@pytest.mark.integration
def test_jovi_help_imports_only_the_standard_library():
    # What the `jovi` console script does, with the arguments `--help`.
    baseline = imported_modules("pass")
    imported = imported_modules("from jovi.cli.main import main; main(['--help'])")
    assert "jovi.cli.main" in imported
    assert third_party(imported - baseline) == set()


@pytest.mark.integration
def test_import_jovi_loads_no_part_of_jovi_beyond_its_version():
    imported = imported_modules("import jovi")
    assert {m for m in imported if m.startswith("jovi")} == {"jovi", "jovi._version"}


@pytest.mark.integration
def test_constructing_a_shell_leaves_the_rarely_used_parts_unloaded():
    # Start-up time is a promise (issue: at most 0.4x IPython's import and construct):
    # completion, introspection, the display classes, argparse, the command-line and
    # config-file machinery load when first used, not when the shell is made; so do the
    # built-in magics (each group on its first use) and the history database (sqlite3
    # and its writer thread on the first input).
    # The documented entry point (issue 15): the package's lazy export.
    imported = imported_modules("from jovi.shell import InteractiveShell; InteractiveShell()")
    deferred = {
        "argparse",
        "base64",
        "datetime",
        "difflib",
        "dataclasses",
        "hashlib",
        "inspect",
        "logging",
        "pickle",
        "queue",
        "signal",
        "sqlite3",
        "traceback",
        "tempfile",
        "uuid",
        "jovi.config.checks",
        "jovi.config.command_line",
        "jovi.config.loaders",
        "jovi.display.files",
        "jovi.display.images",
        "jovi.display.media",
        "jovi.display.objects",
        "jovi.shell.completion",
        "jovi.shell.introspection",
        *(group.module for group in BUILTIN_GROUPS),
    }
    assert imported & deferred == set()


@pytest.mark.integration
def test_a_kernel_reaches_ready_without_asyncio_or_logging():
    # Kernel start is a promise too (issue: at most 0.35x ipykernel's start to ready):
    # everything `jovi kernel` imports before it answers kernel_info, that is the
    # command line, binding, the kernel and its socket loop, leaves asyncio (and the
    # ssl it imports) and logging for later, when something uses them.
    imported = imported_modules(
        "from jovi.cli.main import main; main(['kernel', '--help'])"
        "; from jovi.protocol import ConnectionInfo, Session, Status"
        "; from jovi.client.connection_file import read_connection_file"
        "; from jovi.kernel.iothread import IOThread"
        "; from jovi.kernel.kernel import Kernel"
        "; import jovi.kernel.socketloop, jovi.transport.zmq.kernelsockets"
    )
    assert {"jovi.kernel.kernel", "jovi.kernel.socketloop", "zmq"} <= imported
    assert imported & {"asyncio", "ssl", "logging", "zmq.asyncio"} == set()


_SRC = Path(__file__).resolve().parents[2] / "src"
LAZY_PACKAGES = sorted(
    ".".join(path.parent.relative_to(_SRC).parts)
    for path in (_SRC / "jovi").rglob("__init__.py")
    if "import lazy_exports" in path.read_text(encoding="utf-8")
)


@pytest.mark.integration
@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_a_lazily_exporting_package_imports_none_of_its_modules(package):
    # Each of them saves 15 to 90 ms on some command's start (measured when issue 21
    # asked which start-up tricks were still needed): importing one module of the
    # package must not import the package's other modules.
    module = importlib.import_module(package)
    homes = {home for home in vars(module).get("_HOMES", {}).values() if home != package}
    if package == "jovi.shell.magics":
        homes = {group.module for group in BUILTIN_GROUPS}
    assert homes, package
    imported = imported_modules(f"import {package}")
    assert imported & homes == set()
