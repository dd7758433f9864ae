"""jovi's conftest for ipykernel's test modules: check that `python3` is jovi's kernel,
and hold its ``kernel_info_reply`` to jovi's version number (below)."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from jupyter_client.kernelspec import KernelSpecManager


@pytest.fixture(autouse=True, scope="session")
def _python3_is_jovi() -> None:
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert "jovi" in spec.argv, f"the python3 kernelspec is not jovi's: {json.dumps(spec.argv)}"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Hold every ``kernel_info_reply`` to jovi's own version number.

    The suite's reference (``test_message_spec.KernelInfoReply``) asks for an
    ``implementation_version`` of at least 2.1, a number of IPython's release history;
    jovi's kernel reports jovi's (0.x).  Every reply validated is checked that way,
    also the extra ones ``flush_channels`` reads when ``wait_for_ready`` had to ask more
    than once on a loaded machine.  The rest of the reference stands.  The reference's
    module is imported here: a module such as ``test_subshells`` imports it only when
    ``flush_channels`` first runs, after this hook.
    """
    packages = {item.module.__package__ for item in session.items if isinstance(item, pytest.Function)}
    for package in packages:
        importlib.import_module(f"{package}.test_message_spec")
    for name, module in list(sys.modules.items()):
        if name.endswith("test_message_spec") and hasattr(module, "KernelInfoReply"):
            module.KernelInfoReply.class_traits()["implementation_version"].min = "0.1"
