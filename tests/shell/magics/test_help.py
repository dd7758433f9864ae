"""Every magic of this part explains itself: ``%name?`` shows its help and its options."""

from __future__ import annotations

import pytest

from jovi.shell.magics import (
    CodeMagics,
    DebuggingMagics,
    ExecutionMagics,
    LoggingMagics,
    NamespaceMagics,
    PasteMagics,
)

# magic -> the options its help must mention
OPTIONS = {
    "run": ["-n", "-i", "-e", "-G", "-t", "-N<N>", "-d", "-b<N>", "-b FILE:N", "-p", "-m MOD"],
    "timeit": ["-n<N>", "-r<R>", "-t", "-c", "-p<P>", "-q", "-o"],
    "time": ["CPU time", "wall-clock", "returned"],
    "prun": ["-l LIMIT", "-s KEY", "-r", "-T FILE", "-D FILE", "-q"],
    "debug": ["-b FILE:LINE", "--breakpoint"],
    "pdb": ["on", "off", "toggle"],
    "tb": ["%xmode"],
    "edit": ["-n LINE", "-p", "-r", "-x", "$EDITOR"],
    "ed": ["%edit"],
    "load": ["-r LINES", "-s SYMBOLS", "-y", "-n", "URL"],
    "loadpy": ["%load"],
    "save": ["-r", "-f", "-a"],
    "pycat": ["URL"],
    "pastebin": ["%save"],
    "macro": ["-r", "-q"],
    "recall": ["range"],
    "rep": ["%recall"],
    "rerun": ["-l N", "-g TEXT"],
    "paste": ["-r", "-q", "pasted_block"],
    "cpaste": ["-r", "-q", "-s SENTINEL"],
    "who": ["type"],
    "whos": ["Data"],
    "who_ls": ["type"],
    "reset": ["-f", "-s", "in", "out", "dhist", "array"],
    "reset_selective": ["-f", "regular expression"],
    "xdel": ["-n"],
    "page": ["-r"],
    "doctest_mode": [">>>"],
    "logstart": ["-o", "-r", "-t", "-q", "append", "backup", "global", "over", "rotate"],
    "logstop": ["%logstart"],
    "logoff": ["%logon"],
    "logon": ["%logoff"],
    "logstate": ["mode"],
}

CLASSES = (
    CodeMagics,
    DebuggingMagics,
    ExecutionMagics,
    LoggingMagics,
    NamespaceMagics,
    PasteMagics,
)


def test_the_table_covers_every_magic_of_these_classes():
    names = {name for cls in CLASSES for table in cls.magics.values() for name in table}
    assert names == set(OPTIONS)


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_help_lists_the_options(run, output, name):
    run(f"%{name}?")
    text = output.page_text()
    assert "Docstring:" in text
    missing = [option for option in OPTIONS[name] if option not in text]
    assert missing == []


@pytest.mark.parametrize("name", ["time", "timeit", "prun", "debug"])
def test_cell_magic_help(run, output, name):
    run(f"%%{name}?")
    assert output.page_text().strip() != ""
