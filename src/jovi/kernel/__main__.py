"""``python -m jovi.kernel -f {connection_file}``: the kernel, as kernelspecs written for
ipykernel's ``python -m ipykernel_launcher`` style start it.  The same as ``jovi kernel``."""

from __future__ import annotations

import sys

from jovi.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main(["kernel", *sys.argv[1:]]))
