"""Every magic of the catalogue of IPython's magics exists in a fresh terminal shell.

The catalogue (``data/shell_magics_catalogue.md``, the table the shell was designed against) is
parsed: each table row's backticked ``%name`` / ``%%name`` is a line or cell magic
(rows of kind LC are both).  A fresh terminal shell must have every one of them,
except the names listed below with their reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.shell.alias import Alias
from jovi.terminal.embed import EmbeddedMagics
from jovi.terminal.shell import TerminalInteractiveShell

CATALOGUE = Path(__file__).parent / "data" / "shell_magics_catalogue.md"

#: Rows marked Drop in the catalogue, with the reason.
DROPPED = {
    "%install_profiles": "a deprecated stub: `jovi profile create` replaces it",
    "%install_default_config": "a deprecated stub: `jovi profile create` replaces it",
    "%cls": "Windows only; the `clear` alias does the job",
    "%install_ext": "downloaded unvalidated code from a URL; pip and entry points replace it",
    "%connect_info": "kernel only (the messaging protocol), not the terminal shell",
    "%qtconsole": "Qt console only, not the terminal shell",
    "%autosave": "notebook only",
    "%clear": "kernel magic; the terminal has the `clear` alias",
    "%less": "kernel magic; the terminal has the `less` alias",
    "%more": "kernel magic; the terminal has the `more` alias",
    "%man": "kernel magic; the terminal has the `man` alias",
    "%px": "parallel computing, not built yet",
    "%%px": "parallel computing, not built yet",
    "%autopx": "parallel computing, not built yet",
    "%pxresult": "parallel computing, not built yet",
    "%pxconfig": "parallel computing, not built yet",
    "%result": "parallel computing, not built yet",
    "%%cython": "external toolchain (Cython and a C compiler)",
    "%%cython_inline": "external toolchain (Cython and a C compiler)",
    "%%cython_pyximport": "external toolchain (Cython and a C compiler)",
    "%octave": "external toolchain (Octave, oct2py)",
    "%%octave": "external toolchain (Octave, oct2py)",
    "%octave_push": "external toolchain (Octave, oct2py)",
    "%octave_pull": "external toolchain (Octave, oct2py)",
    "%R": "external toolchain (R, rpy2)",
    "%%R": "external toolchain (R, rpy2)",
    "%Rpush": "external toolchain (R, rpy2)",
    "%Rpull": "external toolchain (R, rpy2)",
    "%Rget": "external toolchain (R, rpy2)",
}

#: Rows marked Drop that issue 15 brought back (IPython 9's shell has them): present.
REVIVED = {
    "%notebook": "saves the session's history as a notebook",
    "%pastebin": "says in one sentence that it uploads nothing (jovi makes no network requests)",
}

#: Present only in some settings, as the catalogue says.
ELSEWHERE = {
    "%%cmd": "Windows only",
    "%%powershell": "Windows only",
    "%kill_embedded": "only in an embedded shell (checked below)",
    "%autoreload": "from the autoreload extension (checked below)",
    "%aimport": "from the autoreload extension (checked below)",
}

#: Script shortcuts exist whether or not their interpreter does (as in IPython 9).
INTERPRETERS = ("perl", "ruby", "pypy")

_NAME = re.compile(r"`(%%?[A-Za-z_!][\w]*|%%!)")


def catalogue() -> dict[str, str]:
    """Every magic named in a table row of the catalogue, with its tier (its first row's:
    the kernel's own %edit in a Drop row does not drop the terminal's)."""
    names: dict[str, str] = {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `%"):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        kind, tier = cells[1], cells[3]
        for found in _NAME.findall(cells[0]):
            found = found.split()[0]
            names.setdefault(found, tier)
            if kind == "LC" and not found.startswith("%%"):
                names.setdefault("%" + found, tier)
    return names


@pytest.fixture(scope="module")
def fresh_shell(tmp_path_factory):
    profile = tmp_path_factory.mktemp("catalogue") / "profile_default"
    shell = TerminalInteractiveShell(output=RecordingOutput(), profile_dir=profile)
    try:
        yield shell
    finally:
        shell.close()


def existing(shell) -> set[str]:
    tables = shell.magics_manager.lsmagic()
    return {"%" + name for name in tables["line"]} | {"%%" + name for name in tables["cell"]}


def test_the_catalogue_is_read():
    names = catalogue()
    assert len(names) > 120
    assert names["%%timeit"] == "**Core**"
    assert names["%%sx"] == "Core"  # kind LC: line and cell
    assert "%%!" in names
    assert names["%pastebin"] == "Drop"


def test_the_dropped_list_matches_the_catalogue():
    marked = {name for name, tier in catalogue().items() if tier == "Drop"}
    assert marked == set(DROPPED) | set(REVIVED)


def test_every_catalogued_magic_exists(fresh_shell):
    have = existing(fresh_shell)
    excused = set(DROPPED) | set(ELSEWHERE)
    missing = sorted(name for name in catalogue() if name not in have and name not in excused)
    assert missing == []


def test_excused_names_are_really_absent_or_elsewhere(fresh_shell):
    have = existing(fresh_shell)
    assert not (set(DROPPED) - {"%clear", "%less", "%more", "%man"}) & have
    assert {f"%%{name}" for name in INTERPRETERS} <= have
    assert set(REVIVED) <= have
    assert "kill_embedded" in EmbeddedMagics.magics["line"]
    fresh_shell.run_cell("%load_ext autoreload")
    assert {"%autoreload", "%aimport"} <= existing(fresh_shell)


def test_lsmagic_lists_them_grouped(fresh_shell):
    listing = repr(fresh_shell.run_line_magic("lsmagic", ""))
    line_part, cell_part = listing.split("Available cell magics:")
    assert line_part.startswith("Available line magics:\n")
    for name in ("%cd", "%alias", "%sx", "%store", "%pylab", "%killbgscripts"):
        assert re.search(rf"(^|\s){re.escape(name)}(\s|$)", line_part)
    for name in ("%%script", "%%bash", "%%capture", "%%writefile", "%%!"):
        assert re.search(rf"(^|\s){re.escape(name)}(\s|$)", cell_part)
    assert cell_part.rstrip().endswith("Automagic is ON, % prefix IS NOT needed for line magics.")


def test_every_magic_has_help(fresh_shell):
    manager = fresh_shell.magics_manager
    undocumented = [
        f"{prefix}{name}"
        for kind, prefix in (("line", "%"), ("cell", "%%"))
        for name, doc in manager.docs(kind, missing="").items()
        if not doc.strip()
    ]
    assert undocumented == []


def test_at_least_95_magics_after_the_merge(fresh_shell):
    """Expected to fail on the magics-sys branch alone: part A (magics-run) brings the rest."""
    tables = fresh_shell.magics_manager.lsmagic()
    count = sum(
        1
        for kind in ("line", "cell")
        for function in tables[kind].values()
        if not isinstance(function, Alias)
    )
    assert count >= 95


@pytest.mark.parametrize(
    ("magic", "options"),
    [
        ("%cd", ["-q", "-b", "%cd -", "-N", "--PATTERN", "BOOKMARK"]),
        ("%bookmark", ["-l", "-d", "-r"]),
        ("%dhist", ["N1 N2"]),
        ("%pushd", ["%popd"]),
        ("%alias", ["%s", "%l", "%unalias", "%store"]),
        ("%env", ["NAME VALUE", "NAME=VALUE"]),
        ("%sx", ["--out NAME", "-o NAME", "%%sx"]),
        ("%sc", ["-l", "-v", "VAR=COMMAND"]),
        ("%store", ["-d", "-r", "-z", ">FILE", ">>FILE", "autorestore"]),
        ("%%script", ["--bg", "--proc", "--out", "--err"]),
        ("%%capture", ["--no-stdout", "--no-stderr", "--no-display", "output"]),
        ("%%writefile", ["-a", "--append", "filename"]),
        ("%pylab", ["--no-import-all", "gui"]),
        ("%killbgscripts", ["--bg"]),
    ],
)
def test_help_lists_the_options(fresh_shell, magic, options):
    text = fresh_shell.object_inspect_text(magic)
    missing = [option for option in options if option not in text]
    assert missing == []
