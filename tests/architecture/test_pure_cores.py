"""The protocol does no file I/O, and utils imports only the standard library."""

from __future__ import annotations

import shutil

from tests.architecture.purity import find_file_io, find_non_stdlib_imports
from tests.conftest import REPO_ROOT

SRC = REPO_ROOT / "src" / "jovi"


def test_the_protocol_does_no_file_io():
    assert find_file_io(SRC / "protocol") == []


def test_utils_imports_only_the_standard_library():
    assert find_non_stdlib_imports(SRC / "utils", "jovi.utils") == []


def test_the_scanners_catch_what_they_look_for(tmp_path):
    copy = tmp_path / "protocol"
    shutil.copytree(SRC / "protocol", copy)
    (copy / "sneaky.py").write_text(
        "import os\n"
        "from pathlib import Path\n"
        "from jovi.utils.atomic import atomic_write\n"
        "def f(p):\n"
        "    text = 'a'.replace('a', 'b')\n"
        "    os.replace(p, p)\n"
        "    with open(p) as f:\n"
        "        pass\n"
        "    return Path(p).read_text() + text\n"
    )
    assert find_file_io(copy) == [
        "sneaky.py:3: from jovi.utils.atomic",
        "sneaky.py:6: replace()",
        "sneaky.py:7: open()",
        "sneaky.py:9: read_text()",
    ]
    utils = tmp_path / "utils"
    shutil.copytree(SRC / "utils", utils)
    (utils / "sneaky.py").write_text(
        "import json\nfrom jovi.utils.log import get_logger\nfrom jovi.errors import JoviError\n"
        "import msgspec\n"
    )
    assert find_non_stdlib_imports(utils, "jovi.utils") == [
        "sneaky.py:3: jovi.errors",
        "sneaky.py:4: msgspec",
    ]
