"""jovi's conftest for ipykernel's test modules: check that `python3` is jovi's kernel."""

from __future__ import annotations

import json

import pytest
from jupyter_client.kernelspec import KernelSpecManager


@pytest.fixture(autouse=True, scope="session")
def _python3_is_jovi() -> None:
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert "jovi" in spec.argv, f"the python3 kernelspec is not jovi's: {json.dumps(spec.argv)}"
