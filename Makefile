# jovi's two commands: `make run` and `make test` (see README.md).
# Both create .venv on first use and reinstall when pyproject.toml changes.

SHELL := /bin/bash
# The first Python 3.11+ found; override with `make PYTHON=/path/to/python3.12 ...`.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test lint typecheck contracts pytest docs clean

run: $(VENV)/.installed-run
	$(BIN)/jovi

test: $(VENV)/.installed-test
	$(MAKE) --no-print-directory lint typecheck contracts pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

contracts: $(VENV)/.installed-test
	$(BIN)/lint-imports

pytest: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Regenerate the documentation that is generated from the code.
docs: $(VENV)/.installed-run
	$(BIN)/python -m jovi.cli.docs

$(VENV)/.created:
	@test -n "$(PYTHON)" || { echo "jovi needs Python 3.11 or newer; none was found (try: make PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.installed-run: $(VENV)/.created pyproject.toml Makefile
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.created pyproject.toml Makefile
	$(PIP) install -e '.[test,interop]'
	touch $@ $(VENV)/.installed-run

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
