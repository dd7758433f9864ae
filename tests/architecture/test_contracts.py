"""Every import rule docs/architecture.md promises is an import-linter contract, and
the contracts hold (``make contracts`` runs the same check)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

# docs/architecture.md, "Why these layers": who must never import whom.
PROMISED: dict[str, tuple[set[str], set[str]]] = {
    "the shell engine does not know about the kernel": (
        {"jovi.shell"},
        {"jovi.protocol", "jovi.transport", "jovi.client", "jovi.kernel"},
    ),
    "frontends talk to kernels only through the client": (
        {"jovi.terminal", "jovi.nbconvert", "jovi.server"},
        {"jovi.kernel"},
    ),
    "utils is helpers on the standard library": (
        {"jovi.utils"},
        {"jovi.errors", "jovi.config", "jovi.protocol", "jovi.shell", "jovi.cli"},
    ),
    "pure cores know nothing about sockets or event loops": (
        {"jovi.config", "jovi.protocol", "jovi.nbformat", "jovi.display"},
        {"zmq", "asyncio", "tornado", "starlette", "uvicorn"},
    ),
    "nothing imports the test kit": (
        {"jovi.shell", "jovi.kernel", "jovi.client", "jovi.kernels", "jovi.cli"},
        {"jovi.testing"},
    ),
}


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _forbidden_pairs() -> set[tuple[str, str]]:
    return {
        (source, forbidden)
        for contract in _contracts()
        if contract["type"] == "forbidden"
        for source in contract["source_modules"]
        for forbidden in contract["forbidden_modules"]
    }


def test_every_promised_rule_is_a_contract():
    pairs = _forbidden_pairs()
    missing = sorted(
        f"{rule}: {source} -> {target}"
        for rule, (sources, targets) in PROMISED.items()
        for source in sources
        for target in targets
        if (source, target) not in pairs
    )
    assert missing == []


def test_the_layers_contract_lists_the_layers_of_the_architecture():
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    assert layers["layers"][-1] == "jovi.utils | jovi.errors"
    assert layers["layers"][0] == "jovi.cli"


@pytest.mark.integration
def test_the_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
