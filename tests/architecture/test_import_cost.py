"""``import jovi`` and ``jovi --help`` import nothing outside the standard library.

Measured with ``python -X importtime`` in a fresh interpreter, against what the same
interpreter imports for ``-c pass`` (site hooks of the environment are not jovi's).
"""

from __future__ import annotations

import subprocess
import sys

STDLIB = set(sys.stdlib_module_names)


_REPORT = "; import sys as _s; print('\\n'.join(sorted(_s.modules)), file=_s.__stdout__)"


def imported_modules(code: str) -> set[str]:
    """Modules that ``code`` imported, by ``-X importtime``, keeping only successful imports
    (the standard library tries some that do not exist, such as Jython's ``org``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code + _REPORT],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    timed = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            timed.add(line.rsplit("|", 1)[1].strip())
    loaded = set(result.stdout.split())
    return timed & loaded


def third_party(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] not in STDLIB and m.split(".")[0] != "jovi"}


def test_import_jovi_imports_only_the_standard_library():
    baseline = imported_modules("pass")
    imported = imported_modules("import jovi")
    assert "jovi" in imported
    assert third_party(imported - baseline) == set()


def test_jovi_help_imports_only_the_standard_library():
    # What the `jovi` console script does, with the arguments `--help`.
    baseline = imported_modules("pass")
    imported = imported_modules("from jovi.cli.main import main; main(['--help'])")
    assert "jovi.cli.main" in imported
    assert third_party(imported - baseline) == set()


def test_import_jovi_loads_no_part_of_jovi_beyond_its_version():
    imported = imported_modules("import jovi")
    assert {m for m in imported if m.startswith("jovi")} == {"jovi", "jovi._version"}
