# The two commands in the README:  `make serve`  and  `make test`.
# Both build their environment from pinned files on first use and are idempotent. `make serve`
# installs only what building and serving need (requirements.lock, KaTeX); `make test` adds the
# test tooling (requirements-test.lock, the npm dev packages, Zensical in .venv-zensical).
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The venvs carry no pip of their own (25 MB less for readers): the host's pip installs into them.
PIP := $(PYTHON) -m pip --python
PIP_FLAGS := --quiet --no-compile --disable-pip-version-check
SERVE_STAMP := $(VENV)/.serve-installed
TEST_STAMP := $(VENV)/.test-installed
NODE_SERVE := node_modules/.serve-installed
NODE_TEST := node_modules/.test-installed
ZEN_VENV := .venv-zensical
ZEN_STAMP := $(ZEN_VENV)/.installed

.PHONY: serve test build setup setup-serve setup-test clean zensical-check bench figures

## serve: set up (runtime only), then serve at http://127.0.0.1:8000 with live reload (offline)
serve: setup-serve
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

## test: set up (with test tooling and a Chromium for the browser tests), then run the whole suite
test: setup-test
	@bash .ci/ensure-chromium
	$(PY) -m ruff check calc site_ext hooks figures tests .ci bench
	$(PY) -m ruff format --check calc site_ext hooks figures tests .ci bench
	$(PY) -m pytest -n 2 --dist worksteal

## build: set up, then build the site into site/ in strict mode
build: setup-serve
	$(PY) -m mkdocs build --strict

setup: setup-serve
setup-serve: $(SERVE_STAMP) $(NODE_SERVE)
setup-test: $(TEST_STAMP) $(NODE_TEST) $(ZEN_STAMP)

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv --without-pip $(VENV)

$(SERVE_STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PIP) $(PY) install $(PIP_FLAGS) -c requirements.lock -e .
	@touch $@

$(TEST_STAMP): $(SERVE_STAMP) requirements-test.lock
	$(PIP) $(PY) install $(PIP_FLAGS) -c requirements.lock -c requirements-test.lock -e ".[test]"
	@touch $@

$(NODE_SERVE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 18+ with npm is required to render math (KaTeX): install the 'nodejs' and 'npm' packages."; exit 1; }
	@if [ -f $(NODE_TEST) ] && [ $(NODE_TEST) -nt package-lock.json ]; then echo "node_modules: the full set is installed"; \
	else npm ci --omit=dev --no-audit --no-fund --loglevel=error; fi
	@touch $@

$(NODE_TEST): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 18+ with npm is required: install the 'nodejs' and 'npm' packages."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@ $(NODE_SERVE)

# Zensical, the announced successor of Material, in its own environment for the portability test
$(ZEN_STAMP): requirements-zensical.lock pyproject.toml
	@$(PYTHON) -m venv --without-pip $(ZEN_VENV)
	$(PIP) $(ZEN_VENV)/bin/python install $(PIP_FLAGS) -r requirements-zensical.lock
	$(PIP) $(ZEN_VENV)/bin/python install $(PIP_FLAGS) --no-deps -e .
	@touch $@

## zensical-check: build with Zensical and report what it renders and what it lacks
zensical-check: setup-test
	$(PY) -m pytest tests/test_zensical.py -p no:xdist -s -q

## figures: regenerate every figure under docs/ from figures/ (deterministic)
figures: setup-test
	$(PY) -m figures

clean:
	rm -rf $(VENV) $(ZEN_VENV) node_modules site .pytest_cache .cache

## bench: set up, then benchmark build, serve rebuild, install size, first load, Lighthouse, tests
## and scale; prints a table and writes bench/results.md (not part of `make test`)
bench: setup-test
	@bash .ci/ensure-chromium
	$(PY) bench/bench.py $(BENCH_ARGS)
