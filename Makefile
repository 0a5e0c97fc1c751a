# Two commands for a fresh clone: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
CONSTRAINTS ?= constraints.txt
PORT ?= 8000
# Test processes (pytest-xdist): one per core, measured faster here than four (the first CI leg took
# 458 s with two and 534 s with four on 6 December 2026; `--dist worksteal` gained nothing).
# TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(notdir $(CONSTRAINTS))

# No key is written in the repository: `make run` writes the development settings, a random key
# included, to .env (ignored by git), which manage.py reads; each test or bench run makes a new
# key; production sets its own DJANGO_SECRET_KEY (gunicorn never reads .env).
NEW_KEY = $(shell $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))")
ENV_FILE := .env
TEST_ENV := DJANGO_SECRET_KEY=$(NEW_KEY) DJANGO_DEBUG=false \
	DJANGO_PLAIN_STATIC=true TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
# Links in e-mails and "View on site" use the port the development server serves on.
RUN_ENV = SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

.PHONY: run test install migrate bench backup restore loadtest

# --no-compile: Python compiles each module it imports on first use instead of pip compiling
# every installed file up front (an install took 24 s compiling and 15 s not, 6 December 2026).
# PIP_OPTIONS= compiles up front (CI does, for the venv it installs while other work runs).
PIP_OPTIONS ?= --no-compile
$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(PIP_OPTIONS) -e ".[test]" $(if $(CONSTRAINTS),-c $(CONSTRAINTS))
	touch $@

install: $(STAMP)

# The development settings: tasks (e-mail) run at once and e-mails print to the console. DEBUG
# is off, so an unknown address gets the site's own 404 page, as in production (tracebacks print
# in the console; DJANGO_DEBUG=true in .env gives Django's debug pages). A key made by an earlier
# version in var/secret-key is kept, so sign-ins survive.
$(ENV_FILE):
	{ printf 'DJANGO_SECRET_KEY=%s\n' "$$(cat var/secret-key 2>/dev/null || $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	  printf 'DJANGO_DEBUG=false\nDJANGO_PLAIN_STATIC=true\nTASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend\n'; } > $@
	chmod 600 $@

migrate: install $(ENV_FILE)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_blueprint

run: migrate
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Lint and format checks first (ruff, and djhtml for templates), the layers (import-linter), then
# every test; the missing-migrations check is a test.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check templates
	$(TEST_ENV) $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Speed figures, printed (never part of `make test`): gunicorn with production settings loaded by
# wrk on 127.0.0.1, on a scratch SQLite database, then a scratch PostgreSQL one. BENCH_ARGS passes
# options (--seconds, --connections, --comments, --ratings, --worker-class sync); BENCH_ARGS=community measures every page
# at the community's scale instead (docs/performance.md).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/blueprint_bench
BENCH_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=$(NEW_KEY) \
	DJANGO_PLAIN_STATIC=true TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

bench: install
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm
	$(BENCH_ENV) SQLITE_PATH=var/bench.sqlite3 DATABASE_URL= $(BIN)/python -m blueprint.bench $(BENCH_ARGS)
	$(BIN)/python -m blueprint.bench.scratch "$(BENCH_DATABASE_URL)"
	$(BENCH_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m blueprint.bench $(BENCH_ARGS)

# Everything the site holds, to backups/blueprint-<time>.json.gz (or FILE=…), and back. Restore
# loads into an empty database; RESTORE_ARGS=--replace empties a full one first. (manage.py reads
# .env in development; production's environment sets the key.)
backup: install
	$(BIN)/python manage.py backup $(FILE)

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/blueprint-….json.gz"; exit 2; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore "$(FILE)" $(RESTORE_ARGS)

# 60 s of mixed reads and form posts at 32 connections against two gunicorn servers sharing a
# scratch PostgreSQL database and Redis (never part of `make test`).
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/blueprint_loadtest
loadtest: install
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(BIN)/python -m blueprint.bench.scratch "$(LOADTEST_DATABASE_URL)"
	$(BENCH_ENV) DATABASE_URL=$(LOADTEST_DATABASE_URL) $(BIN)/python -m blueprint.bench loadtest $(LOADTEST_ARGS)
