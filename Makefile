# jovi's two commands: `make run` and `make test` (see README.md).
# Both create .venv on first use and reinstall when pyproject.toml changes.
# `make bench` compares jovi with its peers in .venv-bench (bench/README.md).

SHELL := /bin/bash
# The first Python 3.11+ found; override with `make PYTHON=/path/to/python3.12 ...`.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# The benchmark environment: jovi and its peers, apart from the test tools.
BENCH_VENV ?= .venv-bench
BENCH_BIN := $(BENCH_VENV)/bin

.PHONY: run test quick lint typecheck contracts pytest test-parallel-curve docs bench bench-smoke clean

run: $(VENV)/.installed-run
	$(BIN)/jovi

test: $(VENV)/.installed-test
	$(MAKE) --no-print-directory lint typecheck contracts pytest bench-smoke

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

contracts: $(VENV)/.installed-test
	$(BIN)/lint-imports

# The tests that start no process and open no network socket (tests/conftest.py fails
# a test that does and is not marked integration): seconds, not minutes.
quick: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not integration and not interop and not slow" $(PYTEST_ARGS)

# The suite runs in PYTEST_WORKERS processes (pytest-xdist), a test file to a process,
# so a module's shared fixtures (a cluster, a server, a browser) start once;
# `make pytest PYTEST_WORKERS=0` runs it in this process.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

pytest: $(VENV)/.installed-test node_modules/.installed webui/node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# The parallel tests again with every cluster encrypted by CurveZMQ (the controller
# reads JOVI_PARALLEL_CURVE; tests/parallel/test_curve.py always runs with it on).
test-parallel-curve: $(VENV)/.installed-test
	JOVI_PARALLEL_CURVE=1 $(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/parallel $(PYTEST_ARGS)

# Test-only Node packages (real Jupyter clients that drive jovi's server), as locked.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The notebook UI's build and unit-test tools (webui/package.json), as locked: the
# tests rebuild the committed bundle and run Vitest with them (tests/webui).
webui/node_modules/.installed: webui/package.json webui/package-lock.json
	npm ci --prefix webui --no-audit --no-fund --loglevel=error
	touch $@

# Every workload on jovi and on its peer, alternating; prints the table, writes
# bench/results/*.json and, when it changes meaningfully, bench/RESULTS.md.
bench: $(BENCH_VENV)/.installed-bench
	$(BENCH_BIN)/python -m bench $(BENCH_ARGS)

# One scaled-down run of each workload, no targets: proves the harness still works.
bench-smoke: $(BENCH_VENV)/.installed-bench
	$(BENCH_BIN)/python -m bench --smoke $(BENCH_ARGS)

# Regenerate the documentation and the source tables that are generated from the code
# (docs/reference/*, lazy exports, magic groups, the catalogue, the README's commands).
docs: $(VENV)/.installed-run
	$(BIN)/python -m jovi.cli.docs

# .venv/.created, .venv-bench/.created
%/.created:
	@test -n "$(PYTHON)" || { echo "jovi needs Python 3.11 or newer; none was found (try: make PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $*
	touch $@

$(VENV)/.installed-run: $(VENV)/.created pyproject.toml Makefile
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.created pyproject.toml Makefile
	$(PIP) install -e '.[test,interop]'
	@# nbconvert's tests drive Chromium with Playwright: its own build where it can be
	@# downloaded, else the system's chromium (.ci/run installs it).
	$(BIN)/python -m playwright install chromium >/dev/null 2>&1 \
		|| echo "note: Playwright's Chromium could not be downloaded; the tests use the system's chromium"
	touch $@ $(VENV)/.installed-run

$(BENCH_VENV)/.installed-bench: $(BENCH_VENV)/.created pyproject.toml Makefile
	$(BENCH_BIN)/python -m pip --disable-pip-version-check --quiet install -e '.[bench]'
	touch $@

clean:
	rm -rf $(VENV) $(BENCH_VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
