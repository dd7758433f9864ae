"""``python -m jovi`` runs the ``jovi`` command."""

from __future__ import annotations

from jovi.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
