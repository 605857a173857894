# The two commands in the README:  `make serve`  and  `make test`.
# Both build their environment from pinned files on first use and are idempotent.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: serve test build setup clean zensical-check bench figures

## serve: set up, then serve the site at http://127.0.0.1:8000 with live reload (offline)
serve: setup
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

## test: set up (including a Chromium for the browser tests), then run the whole suite
test: setup
	@bash .ci/ensure-chromium
	$(PY) -m ruff check calc figures overrides tests .ci
	$(PY) -m ruff format --check calc figures overrides tests .ci
	$(PY) -m pytest -n 2 --dist worksteal

## figures: set up, then regenerate every figure from its source in figures/ into docs/
## (deterministic: the same sources give the same bytes; commit the SVGs it writes)
figures: setup
	$(PY) -m figures

## build: set up, then build the site into site/ in strict mode
build: setup
	$(PY) -m mkdocs build --strict

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 18+ with npm is required to render math (KaTeX): install the 'nodejs' and 'npm' packages."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## zensical-check: non-blocking portability check; builds with Zensical and reports differences
zensical-check: setup
	$(PY) .ci/zensical_check.py

clean:
	rm -rf $(VENV) .venv-zensical node_modules site .pytest_cache

## bench: set up, then benchmark build, serve rebuild, first load, Lighthouse, tests and scale;
## prints a table and writes bench/results.md (not part of `make test`; takes 20-40 minutes)
bench: setup
	@bash .ci/ensure-chromium
	$(PY) bench/bench.py $(BENCH_ARGS)
