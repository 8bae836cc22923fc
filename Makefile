# GSP Manager — the two commands: `make run` (demo server on http://127.0.0.1:8000/) and `make test`.
# Works on a bare machine with python3 (>= 3.11, with venv and pip), node (>= 18) + npm, make and git:
# everything else is installed into .venv/ and node_modules/ by the rules below, each only when its
# lock file changed (a stamp file records the last install).

PYTHON ?= python3
NPM ?= npm
NODE ?= node
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest arguments: by default one test process per core (pytest-xdist; each has its own test database, caches are
# per process and report workers listen on queues of their own). E.g. `make test PYTEST_ARGS="-x -k smoke"`.
PYTEST_ARGS ?= -n auto

# The embedded default is a development server: DEBUG on (no secret key needed). Override for anything else.
export DJANGO_DEBUG ?= 1

PY := $(VENV)/bin/python
REQUIREMENTS_STAMP := $(VENV)/.requirements-installed
DEV_REQUIREMENTS_STAMP := $(VENV)/.requirements-dev-installed
NODE_STAMP := node_modules/.package-lock-installed
ASSETS_STAMP := static/vendor/.copied
# The committed translation catalogues; their .mo files are build products (docs/i18n.md).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MESSAGES_STAMP := locale/.mo-compiled

.DEFAULT_GOAL := help
.PHONY: help setup setup-dev assets compile-messages messages run test lint migrations-check worker beat bench

help:
	@echo "make run               set up, migrate, load reference and demo data, serve http://$(HOST):$(PORT)/"
	@echo "make test              set up, then run the whole test suite (PYTEST_ARGS=... to pass options)"
	@echo "make lint              ruff check, ruff format --check and the layering contract (lint-imports)"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make messages          update locale/*/django.po from the marked strings (needs GNU gettext), list what is left"
	@echo "make worker / beat     a Celery worker / beat against REDIS_URL"
	@echo "make bench             time both reports over BENCH_ENROLLMENTS synthetic enrollments (DATABASE_URL: PostgreSQL),"
	@echo "                       the import, ranked candidates over 100,000 completers, every demo page,"
	@echo "                       and the API lists under gunicorn (BENCH_LISTS_DATABASE_URL)"

# --- setup -------------------------------------------------------------------------------------------
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is needed ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# What the application needs to run; `make run` installs only this.
$(REQUIREMENTS_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check --no-input -q -r requirements.txt
	@touch $@

# Tests and linters on top (requirements-dev.txt includes requirements.txt); `make test` and `make lint` need it.
$(DEV_REQUIREMENTS_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check --no-input -q -r requirements-dev.txt
	@touch $(REQUIREMENTS_STAMP) $@

$(NODE_STAMP): package.json package-lock.json
	@$(NODE) -e 'process.exit(parseInt(process.versions.node, 10) < 18 ? 1 : 0)' || { echo "Node >= 18 is needed"; exit 1; }
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

# The copy script empties static/vendor/ first, so the stamp is written after it.
$(ASSETS_STAMP): $(NODE_STAMP) scripts/copy-assets.mjs
	$(NODE) scripts/copy-assets.mjs
	@touch $@

assets: $(ASSETS_STAMP)

# .po → .mo with Babel (a requirement), so no GNU gettext is needed; again only when a catalogue changed. It runs after
# the requirements are installed (a sub-make: the order of prerequisites is not guaranteed under `make -j`).
$(MESSAGES_STAMP): $(PO_FILES) scripts/compile_messages.py
	$(PY) scripts/compile_messages.py
	@touch $@

compile-messages: $(MESSAGES_STAMP)

setup: $(REQUIREMENTS_STAMP) $(ASSETS_STAMP)
	@$(MAKE) --no-print-directory compile-messages

setup-dev: $(DEV_REQUIREMENTS_STAMP) $(ASSETS_STAMP)
	@$(MAKE) --no-print-directory compile-messages

# For developers after marking strings: extracts them with GNU gettext (`apt-get install gettext`) into the French and
# Spanish catalogues, keeping every existing translation (a changed English text comes back fuzzy, to review), then
# lists what is left to translate (scripts/untranslated.py; tests/gsp/test_translations.py fails until it is empty).
messages: $(REQUIREMENTS_STAMP)
	@command -v xgettext >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext"; exit 2; }
	$(PY) manage.py makemessages -l fr -l es --no-obsolete --add-location=file \
	  --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=tests
	-$(PY) scripts/untranslated.py

# --- the two commands --------------------------------------------------------------------------------
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py seed_demo
	@echo
	@echo "GSP Manager is starting on http://$(HOST):$(PORT)/  (demo logins above; Ctrl-C stops it)"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs with the settings' own default (DEBUG off), exactly as a plain `pytest` does.
test: export DJANGO_DEBUG =
test: setup-dev
	$(PY) -m pytest -rfEs $(PYTEST_ARGS)

# --- checks and services -----------------------------------------------------------------------------
lint: $(DEV_REQUIREMENTS_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

migrations-check: $(REQUIREMENTS_STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# Both need REDIS_URL (e.g. redis://127.0.0.1:6379/0): without it tasks run in the web process, eagerly.
worker: $(REQUIREMENTS_STAMP)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker."; exit 2; }
	$(VENV)/bin/celery -A gsp worker -l info

# The schedule state file is kept inside .venv/ so it never lands in the work tree.
beat: $(REQUIREMENTS_STAMP)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run beat."; exit 2; }
	$(VENV)/bin/celery -A gsp beat -l info -s $(VENV)/celerybeat-schedule

# --- benchmark -----------------------------------------------------------------------------------------------
# A benchmark, not a test (docs/PERFORMANCE.md): generates BENCH_ENROLLMENTS synthetic enrollments into the
# PostgreSQL database of DATABASE_URL if they are not there yet (a few minutes for 1,000,000), then times each report
# against the raw SQL floor and the naive ORM-into-pandas way. Use a database of its own: it adds synthetic rows.
BENCH_ENROLLMENTS ?= 1000000
BENCH_ARGS ?=
# The pages are timed on the demo data alone, in a database of their own (seeded on first use).
BENCH_PAGES_DATABASE_URL ?= sqlite:///$(CURDIR)/.bench-pages.sqlite3
# The API lists and the home page under gunicorn with 16 connections, at the demo plus 1,000,000 synthetic
# enrollments, in a PostgreSQL database of their own (created and filled on first use: a few minutes).
# E.g. BENCH_LISTS_ARGS="--seconds 5 --write docs/PERFORMANCE.md".
BENCH_LISTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gsp_bench_lists
BENCH_LISTS_ARGS ?=
# Ranked candidates over 100,000 completers: a PostgreSQL database of their own (created and built on first use).
BENCH_MATCHING_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gsp_bench_matching
bench: $(REQUIREMENTS_STAMP)
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make bench runs against PostgreSQL: set DATABASE_URL=postgres://user@host/database"; exit 2;; esac
	$(PY) manage.py migrate --noinput
	$(PY) scripts/bench_reports.py --enrollments $(BENCH_ENROLLMENTS) $(BENCH_ARGS)
	$(PY) scripts/bench_import.py --rows 100000
	BENCH_MATCHING_DATABASE_URL=$(BENCH_MATCHING_DATABASE_URL) $(PY) scripts/bench_matching.py
	DATABASE_URL=$(BENCH_PAGES_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_PAGES_DATABASE_URL) DJANGO_DEBUG= DJANGO_SECRET_KEY=bench \
	  DJANGO_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend $(PY) scripts/bench_pages.py
	BENCH_LISTS_DATABASE_URL=$(BENCH_LISTS_DATABASE_URL) $(PY) scripts/bench_lists.py $(BENCH_LISTS_ARGS)
