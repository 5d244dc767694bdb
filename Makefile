# Teilhabe — `make run` sets everything up and serves the demo; `make test` runs lint and all tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup install migrate demo serve test lint typecheck messages compilemessages vendor browser-deps clean bench-install bench-data bench-survey

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $@

install: $(VENV)/.installed

compilemessages: install
	$(PY) scripts/compile_messages.py

migrate: install compilemessages
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	TEILHABE_BASE_URL=http://$(HOST):$(PORT) $(PY) manage.py load_demo

setup: demo

# Serve the app and run the background worker beside it; Ctrl+C stops both.
run: setup
	@echo "Teilhabe läuft auf http://$(HOST):$(PORT)/ (Beenden mit Strg+C)"
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --interval 1 --no-reload & \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PY) manage.py check
	TEILHABE_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=teilhabe.example \
		$(PY) manage.py check --deploy --fail-level WARNING

typecheck: install
	$(VENV)/bin/mypy teilhabe config

# Debian's chromium for the browser tests (installed only when missing; needs root).
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null)

test: install compilemessages lint
	$(PY) -m pytest -q

messages: install
	PY=$(abspath $(PY)) scripts/messages.sh

# Benchmarks print one line per case with the word "ratio" (speed-up over a baseline measured
# in the same run). They need the "bench" extras (pandas, geopandas) as baselines.
bench-install: install
	$(PY) -m pip install --quiet -e ".[dev,bench]"

bench-data: bench-install
	$(PY) -m bench.statistics

# 200 simulated respondents against gunicorn + PostgreSQL (DATABASE_URL or the local server).
bench-survey: bench-install
	$(PY) bench/participation/survey_bench.py

vendor:
	npm ci --no-audit --no-fund
	$(PY) scripts/vendor.py

clean:
	rm -rf $(VENV) var db.sqlite3*
