# One entry point for people and CI. `make serve` and `make test` do all the set-up themselves.

PYTHON_BOOTSTRAP ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
RUFF := $(VENV)/bin/ruff
MYPY := $(VENV)/bin/mypy
INSTALLED := $(VENV)/.installed
# Every package, the dev tools included, pinned with its hashes: `make lock` refreshes it.
LOCK := requirements.lock
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install lock serve data reset-data static test lint fmt check-migrations schema check-schema bench \
	soak backup restore clean typecheck

help:
	@echo "make serve   set up everything and serve on http://$(HOST):$(PORT)"
	@echo "make test    every check CI runs (lint, migrations, schema, types, tests with coverage)"
	@echo "make data    migrate and add the published dataset to DATABASE_URL, keeping editors' changes;"
	@echo "             corrections reach fields no editor changed, conflicts are listed (idempotent)"
	@echo "make reset-data  set every published record back to its published values (in history)"
	@echo "make lint    ruff lint and format check;  make fmt  apply ruff fixes and formatting"
	@echo "make typecheck  mypy with the Django and DRF stubs (strict for apps/core)"
	@echo "make bench   benchmark the API under the production settings against its targets"
	@echo "make soak    a bounded soak of mixed reads and writes under the production settings"
	@echo "make backup  back up DATABASE_URL into backups/ (make restore BACKUP=file to restore)"
	@echo "make schema  regenerate the committed OpenAPI schema (schema.yaml)"
	@echo "make lock    refresh requirements.lock from pyproject.toml's ranges (then review the diff)"

# Exactly the locked versions, each checked against its hash; the code runs from the checkout.
$(INSTALLED): $(LOCK)
	test -x $(PYTHON) || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	touch $(INSTALLED)

# The newest versions pyproject.toml's ranges admit, for this Python; review the diff, then commit.
lock:
	test -x $(PYTHON) || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

install: $(INSTALLED)

data: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_dataset

# Undoes editors' changes to published records: never part of `make data` or `make serve`.
reset-data: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_dataset --reset

static: install
	$(MANAGE) collectstatic --no-input --verbosity 0

serve: data static
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(RUFF) check .
	$(RUFF) format --check .

fmt: install
	$(RUFF) check --fix .
	$(RUFF) format .

# Settings and the checked packages are in pyproject.toml ([tool.mypy]).
typecheck: install
	$(MYPY)

check-migrations: install
	DJANGO_SETTINGS_MODULE=banan_service.settings.test $(MANAGE) makemigrations --check --dry-run

# The committed schema.yaml is the API contract: regenerate it with `make schema` and review the diff.
schema: install
	DJANGO_SETTINGS_MODULE=banan_service.settings.test $(MANAGE) spectacular --validate --fail-on-warn --file schema.yaml

check-schema: install
	@generated="$$(mktemp)"; \
	DJANGO_SETTINGS_MODULE=banan_service.settings.test $(MANAGE) spectacular --validate --fail-on-warn --file "$$generated" \
	&& diff -u schema.yaml "$$generated"; status=$$?; rm -f "$$generated"; \
	if [ $$status -ne 0 ]; then echo "schema.yaml differs from the generated schema: run make schema"; fi; \
	exit $$status

test: lint check-migrations check-schema typecheck
	$(PYTHON) -m pytest --cov --cov-report=term

# Latency, throughput and memory targets of the API under the production settings (gunicorn).
bench: install
	$(PYTHON) tests/benchmarks/bench_api.py $(BENCH_ARGS)

# A bounded run of mixed reads and token writes: errors, p99 and worker memory growth.
soak: install
	$(PYTHON) tests/benchmarks/soak.py

# A consistent backup of DATABASE_URL, taken while the service runs (README: Backup and restore).
backup: install
	$(MANAGE) backup_database

# Restore BACKUP=<file> into DATABASE_URL, which must be an empty database.
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<file>"; exit 2; }
	$(MANAGE) restore_database "$(BACKUP)"

clean:
	rm -rf $(VENV) staticfiles .coverage htmlcov .pytest_cache .ruff_cache .mypy_cache
