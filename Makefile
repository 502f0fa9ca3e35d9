# Two commands: `make run` (embedded PostgreSQL, no Redis) and `make test` (real PostgreSQL and Redis).
SHELL := /bin/bash
# The newest Python that really runs, 3.13 down to 3.11. A candidate counts only if it starts: pyenv's
# shim for a version that is not active is on PATH but fails, so pyenv's versions folder comes next.
# PY=3.12 asks for one version the same way, in a venv of its own (.venv-3.12) unless VENV is given;
# PYTHON=/path/to/python3.x names the interpreter outright.
PYTHONS := 3.13 3.12 3.11
find_python = $(shell for v in $(1); do \
	for cand in python$$v $$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/$$v*/bin/python$$v 2>/dev/null | sort -rV); do \
	$$cand -c 'import sys; print(sys.executable)' 2>/dev/null && exit; done; done)
ifndef PYTHON
PYTHON := $(call find_python,$(or $(PY),$(PYTHONS)))
endif
VENV ?= $(if $(PY),.venv-$(PY),.venv)
BIN := $(VENV)/bin
# "3.13.0 /root/.pyenv/versions/3.13.0" for the chosen Python and for the one the venv was made with.
PYINFO := import platform, sys; print(platform.python_version(), sys.base_prefix)
PYTHON_IS := $(if $(PYTHON),$(shell $(PYTHON) -c '$(PYINFO)' 2>/dev/null))
VENV_IS := $(shell $(BIN)/python -c '$(PYINFO)' 2>/dev/null)
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord
REDIS_URL ?= redis://127.0.0.1:6379/0
# The benchmarks fill a database of their own, never the one you work in.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench

.PHONY: run dev manage test test-faults setup assets chromium wrk bench lint clean

# When make started, so that `make run` can say how long the first page took, set-up included.
STARTED := $(shell date +%s)

# The embedded PostgreSQL, migrations, demo data, static files, then gunicorn and the reminder
# worker with DEBUG off, as production serves (config/embedded.py). Ctrl-C stops all of it.
run: setup
	ACCORD_STARTED_AT=$(STARTED) $(BIN)/python -m config.embedded

# The same with DEBUG on and Django's autoreloading runserver: for working on Accord.
dev: setup
	DJANGO_DEBUG=1 ACCORD_STARTED_AT=$(STARTED) $(BIN)/python -m config.embedded

# Any manage.py command against the embedded database, e.g. make manage ARGS=createsuperuser
manage: setup
	$(BIN)/python -m config.embedded python manage.py $(ARGS)

test: setup chromium wrk
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

# The fault suite alone (part of `make test`): Redis restarted, the worker killed, PostgreSQL stopped
# for a moment (needs root, for pg_ctlcluster), and five minutes of 32 people at once.
test-faults:
	$(MAKE) test PYTEST_ARGS="tests/faults $(PYTEST_ARGS)"

.PHONY: test-fast lock FORCE

# The suite without a browser (tests/browser, the journeys) and without the fault suite: what CI also
# runs on the older Pythons, e.g. `make test-fast PY=3.12`. The production-shape tests stay: they
# start gunicorn, the worker and beat on this Python, and stop only their own processes.
FAST_ARGS := -m "not browser" --ignore=tests/browser --ignore=tests/journeys --ignore=tests/faults
test-fast: setup
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/pytest $(FAST_ARGS) $(PYTEST_ARGS)

setup: $(VENV)/.installed static/dist/accord.css
	@echo "Using Python $(word 1,$(PYTHON_IS)) ($(PYTHON)) in $(VENV)"

# Installs come from the lock only, every file checked against its hash. A venv made with another
# Python than the chosen one is made afresh, so an old 3.11 venv does not linger.
same = $(and $(findstring $(1),$(2)),$(findstring $(2),$(1)))
$(VENV)/.installed: requirements/development.txt $(if $(call same,$(PYTHON_IS),$(VENV_IS)),,FORCE)
	@test -n "$(PYTHON_IS)" || { echo "No working Python $(or $(PY),$(PYTHONS)) found: name one with PYTHON=/path/to/python3.x" >&2; exit 1; }
	@if [ "$(VENV_IS)" != "$(PYTHON_IS)" ]; then \
	  echo "Making $(VENV) with Python $(word 1,$(PYTHON_IS)) ($(PYTHON))"; rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); fi
	$(BIN)/pip install --quiet --require-hashes -r requirements/development.txt
	$(BIN)/pip install --quiet --no-deps -e .
	echo "$(PYTHON_IS)" > $@

# The lock: exact versions with their hashes, one resolution for Python 3.11 to 3.13. Run it after
# changing the dependencies in pyproject.toml; it keeps every pin it can, and
# `make lock LOCK_ARGS=--upgrade` moves to the newest releases. Development is held to production's pins.
LOCK = $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_ARGS)
lock: $(VENV)/.installed
	$(LOCK) -o requirements/production.txt
	$(LOCK) --extra dev -c requirements/production.txt -o requirements/development.txt

FORCE:

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/dist/accord.css: node_modules/.package-lock.json assets/accord.scss assets/build.mjs
	npm run --silent build

assets: static/dist/accord.css

# Browser tests drive Debian's Chromium (a test tool's own browser download cannot work here).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# The load test and the benchmarks drive the app with wrk from Debian.
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

# BENCH_ARGS e.g. "--projects 1000 --growth 1000,10000".
bench: setup wrk
	@createdb -h 127.0.0.1 -U postgres accord_bench 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/python manage.py migrate --verbosity 0
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/python -m bench $(BENCH_ARGS)

# ruff (lint and format), djLint on the templates (lint only: see [tool.djlint]), and mypy with
# django-stubs on the service and model layers ([tool.mypy] in pyproject.toml says which files).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules static/dist var
