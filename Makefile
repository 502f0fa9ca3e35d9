# Two commands: `make run` (embedded: SQLite, no Redis) and `make test` (real PostgreSQL and Redis).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test setup assets migrate demo chromium bench lint clean

run: setup migrate demo
	@echo "Accord is starting on http://127.0.0.1:8000 with its reminder worker (Ctrl-C stops all)."
	DJANGO_DEBUG=1 $(BIN)/honcho -f Procfile.dev start

test: setup chromium
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

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

bench: setup
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/python -m bench

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/dist var
