# KeyRing Net. The two commands: `make run` (the app with demo data) and
# `make test` (the whole suite). See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench install install-dev lock css clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)
install-dev: $(DEV_STAMP)

## Set up and run the app on the embedded default: SQLite, tasks in-process,
## e-mail printed here, demo data loaded, logins printed.
run: install
	@$(BIN)/python scripts/check_system.py
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py run_embedded $(HOST):$(PORT)

## Set up and run the whole test suite (PostgreSQL when DATABASE_URL is set,
## Redis-backed tests when REDIS_URL is set, browser tests in Chromium).
test: install-dev
	@$(BIN)/python scripts/check_system.py --browser
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Load-test pages under gunicorn + PostgreSQL; prints ratios to calibration views.
bench: install-dev
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)

## Re-resolve dependencies and rewrite constraints.txt (then commit it).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e ".[dev]"
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt
	rm -rf .venv-lock

## Rebuild static/css/app.css from static_src (needs Node.js; output is committed).
css:
	npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) staticfiles var
