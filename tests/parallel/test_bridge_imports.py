"""The bridges import dask, distributed and joblib only when they are used."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration  # a fresh interpreter


def test_jovi_parallel_imports_no_dask_distributed_or_joblib() -> None:
    code = (
        "import sys, jovi.parallel\n"
        "from jovi.parallel import ViewExecutor, register_joblib_backend\n"
        "c = jovi.parallel.Client\n"
        "assert callable(c.become_dask) and callable(register_joblib_backend)\n"
        "print(sorted(m for m in ('dask', 'distributed', 'joblib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
