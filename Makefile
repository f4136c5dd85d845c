# Mentorship portal: developer commands.
#
#   make run     install, migrate, load demo data and serve http://127.0.0.1:8000/ (DEBUG on)
#   make test    install and run the test suite in parallel (pass pytest options with ARGS=...)
#
# Everything lives in a virtualenv at .venv; `make install` is quick once done (stamp file).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

# The development server listens on this machine only (README); HOST=0.0.0.0 opens it to the network.
HOST ?= 127.0.0.1
PORT ?= 8000
GUNICORN_WORKERS ?= 3

DEMO_PASSWORD := demo-mentor-2026
DEMO_LOGINS := admin coordinator.altai methodist.ongudai curator.ongudai director.ongudai \
	psychologist.ongudai coordinator.tomsk methodist.kedrovy curator.kedrovy director.kedrovy \
	mentor.ongudai mentee.ongudai

.PHONY: help install system-deps run test lint format worker beat services-run clean

help:
	@echo "make run           install, migrate, seed demo data, runserver on http://127.0.0.1:$(PORT)/"
	@echo "make test          run the tests (pytest -n auto); extra options: make test ARGS='-k orders'"
	@echo "make lint          ruff check + ruff format --check"
	@echo "make format        ruff format + ruff check --fix"
	@echo "make worker        Celery worker (needs REDIS_URL)"
	@echo "make beat          Celery beat (needs REDIS_URL)"
	@echo "make services-run  migrate, collectstatic, gunicorn with DATABASE_URL/REDIS_URL from env (no demo data)"
	@echo "make install       create .venv and install the project with dev extras"
	@echo "make clean         remove .venv, caches, staticfiles"

## install: virtualenv + project in editable mode + WeasyPrint system libraries if missing
install: system-deps $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@if [ -x "$(PY)" ] && ! "$(PY)" -c "" >/dev/null 2>&1; then \
		echo "==> $(VENV) is broken, recreating"; rm -rf "$(VENV)"; fi
	@if [ ! -x "$(PY)" ]; then \
		echo "==> creating $(VENV) with $$($(PYTHON) --version 2>&1)"; \
		$(PYTHON) -m venv "$(VENV)" || { \
			echo "python3 -m venv failed; on Debian install python3-venv (apt-get install python3-venv)"; \
			exit 1; }; \
	fi
	@"$(PY)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "Python 3.11 or newer is required (found $$($(PY) --version))"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch "$(STAMP)"
	@echo "==> $(VENV) ready"

## run: local development server with demo data (SQLite unless DATABASE_URL is set)
run: export DEBUG := 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo
	@echo "================================================================"
	@echo "  Portal:   http://127.0.0.1:$(PORT)/"
	@echo "  Password for every demo login: $(DEMO_PASSWORD)"
	@echo "  Logins:"
	@for login in $(DEMO_LOGINS); do echo "    $$login"; done
	@echo "  (admin = site administrator; stop the server with Ctrl+C)"
	@echo "================================================================"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: whole suite in parallel (pytest-xdist)
test: install
	$(PY) -m pytest -n auto $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/celery -A mentorship worker -l info --max-tasks-per-child 50

beat: install
	$(BIN)/celery -A mentorship beat -l info -s $(VENV)/celerybeat-schedule

## services-run: production-like run against PostgreSQL/Redis given in the environment.
## It never loads the demo: its accounts would be an open door on a real server.
services-run: install
	@if [ -z "$${DATABASE_URL:-}" ] || [ -z "$${REDIS_URL:-}" ]; then \
		echo "services-run needs DATABASE_URL and REDIS_URL in the environment, e.g.:"; \
		echo "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorship REDIS_URL=redis://127.0.0.1:6379/0 \\"; \
		echo "  SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1,localhost make services-run"; \
		exit 1; fi
	@case "$${DEBUG:-0}" in 1|true|True|yes|on) ;; *) \
		if [ -z "$${SECRET_KEY:-}" ]; then echo "SECRET_KEY is required when DEBUG is off"; exit 1; fi;; esac
	bash scripts/ensure-database.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(BIN)/gunicorn mentorship.wsgi:application -c gunicorn.conf.py -b $(HOST):$(PORT) \
		-w $(GUNICORN_WORKERS) --max-requests 1000 --max-requests-jitter 100 \
		--access-logfile - --timeout 120

clean:
	rm -rf "$(VENV)" .pytest_cache .ruff_cache staticfiles
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
