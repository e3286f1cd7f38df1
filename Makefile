# POP Portal. `make run` sets up and runs the portal with demo data;
# `make test` sets up and runs the test suite. See README.md.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e setup install assets migrate seed worker lint format bench bench-http clean

# --- set-up ---------------------------------------------------------------

$(VENV)/.installed: pyproject.toml
	@# Prefer a Python 3.12+ interpreter: pyenv's (via .python-version), then python3.12.
	@set -e; \
	if [ ! -x $(PY) ]; then \
	  for c in python python3.13 python3.12 $(PYTHON); do \
	    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	      echo "Creating $(VENV) with $$($$c --version)"; $$c -m venv $(VENV); break; \
	    fi; \
	  done; \
	  [ -x $(PY) ] || { echo "Python 3.12 or newer is required (see README)."; exit 1; }; \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/build/app.css: node_modules/.installed assets/scss/*.scss assets/copy-assets.mjs
	npm run --silent build

install: $(VENV)/.installed node_modules/.installed
assets: static/build/app.css
setup: install assets

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# --- the two commands -----------------------------------------------------

run: seed
	@$(PY) manage.py demo_accounts
	@echo ""
	@echo "POP Portal is starting on http://$(HOST):$(PORT)/  (Ctrl+C stops the web server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  export DJANGO_BASE_URL="$${DJANGO_BASE_URL:-http://$(HOST):$(PORT)}"; \
	  $(PY) manage.py worker & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# --- more -----------------------------------------------------------------

e2e: setup
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

worker: setup
	$(PY) manage.py worker

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks (bench/README.md): `make bench` runs them all (about 10 minutes); the HTTP
# ones need DATABASE_URL=postgres://... and wrk. BENCH_ARGS go to the HTTP ones,
# e.g. BENCH_ARGS="--scale large --duration 5".
bench: setup
	$(PY) bench/run_all.py -- $(BENCH_ARGS)

bench-http: setup
	$(PY) bench/run_all.py --http -- $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/build static/frontend staticfiles
