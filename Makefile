# Two commands: `make run` (embedded: SQLite, no Redis) and `make test` (real PostgreSQL and Redis).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord
REDIS_URL ?= redis://127.0.0.1:6379/0
# The benchmarks fill a database of their own, never the one you work in.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench

.PHONY: run test test-faults setup assets migrate demo chromium wrk bench lint clean

run: setup migrate demo
	@echo "Accord is starting on http://127.0.0.1:8000 with its reminder worker (Ctrl-C stops all)."
	DJANGO_DEBUG=1 $(BIN)/honcho -f Procfile.dev start

test: setup chromium wrk
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

# The fault suite alone (part of `make test`): Redis restarted, the worker killed, PostgreSQL stopped
# for a moment (needs root, for pg_ctlcluster), and five minutes of 32 people at once.
test-faults:
	$(MAKE) test PYTEST_ARGS="tests/faults $(PYTEST_ARGS)"

setup: $(VENV)/.installed static/dist/accord.css

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/dist/accord.css: node_modules/.package-lock.json assets/accord.scss assets/build.mjs
	npm run --silent build

assets: static/dist/accord.css

migrate: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --verbosity 0

demo: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo

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

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/dist var
