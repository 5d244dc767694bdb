# Teilhabe — `make run` sets everything up and serves the demo; `make test` runs lint and all tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup install migrate demo serve test lint typecheck messages compilemessages vendor browser-deps clean bench-install bench-data bench-survey bench-report sbom

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
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PY) manage.py check
	TEILHABE_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=teilhabe.example \
		$(PY) manage.py check --deploy --fail-level WARNING

typecheck: install
	$(VENV)/bin/mypy teilhabe config

# Debian's chromium for the browser tests (installed only when missing; needs root).
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null)

# Tests run in parallel on every core (pytest-xdist); TEST_WORKERS=0 runs them in one process.
# An idle worker takes tests queued for a busy one (worksteal): the browser walks are long.
# The 25 slowest tests are listed at the end, to keep an eye on the run's length.
# TEST_ARGS passes more pytest arguments (e.g. TEST_ARGS='-m "not browser"'); LINT=0 leaves the
# lint step out when it has already run on the same checkout (CI's second database).
TEST_WORKERS ?= auto
TEST_ARGS ?=
LINT ?= 1
test: install compilemessages $(if $(filter 1,$(LINT)),lint)
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=25 $(TEST_ARGS)

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

# The integration report of the demo municipality as PDF and Word (pages/s and peak memory).
bench-report: install
	$(PY) -m bench.reports

vendor:
	npm ci --no-audit --no-fund
	$(PY) scripts/vendor.py

clean:
	rm -rf $(VENV) var db.sqlite3*

# Backup of the database (SQLite online backup API or pg_dump -Fc) and MEDIA_ROOT, with the row
# count and checksum of every table; restore into an empty database and compare.
.PHONY: backup restore fuzz
BACKUP_DIR ?= var/backups
backup: install
	$(PY) scripts/backup.py backup --out $(BACKUP_DIR)

# make restore BACKUP=var/backups/teilhabe-… [DATABASE_URL=…] [FORCE=1]
restore: install
	@test -n "$(BACKUP)" || (echo "Aufruf: make restore BACKUP=var/backups/teilhabe-…" && exit 2)
	$(PY) scripts/backup.py restore $(BACKUP) $(if $(FORCE),--force,)

# The parsers under Hypothesis with many more examples than in the normal test run.
FUZZ_EXAMPLES ?= 5000
fuzz: install
	TEILHABE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -p no:randomly tests/reliability/test_fuzz.py

# Software bill of materials (CycloneDX JSON) of the runtime packages and the vendored
# front-end libraries: var/sbom/teilhabe.cdx.json (generated per build, not committed).
sbom: install
	$(PY) scripts/sbom.py

# The public portal under load: a large demo (1,000 measures, 3,000 offers, 100 areas) on
# PostgreSQL and gunicorn (2 workers), wrk with 64 connections for 30 s against the main
# portal pages and against a static file of the same size; prints p50/p95/p99, requests/s,
# errors and the ratios, and fails when a target is missed.
.PHONY: bench-portal
bench-portal: bench-install
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/portal/portal_bench.py

# Server time of every logged-in workspace list page at 1,000 measures and 3,000 offers on
# PostgreSQL and gunicorn, one request at a time; prints each page's time and its ratio to a
# static file's, and fails when a page needs more than 50 ms.
.PHONY: bench-workspace
bench-workspace: bench-install
	$(PY) -m bench.workspace $(BENCH_WORKSPACE_ARGS)

# The workspace and the portal under load: five municipalities on PostgreSQL (one with 10 times
# the data of the others), gunicorn (2 workers), wrk with 50 users for 2 minutes; prints
# p50/p95/p99, requests/s, errors and the skew ratios, and fails when a target is missed.
.PHONY: bench-load
bench-load: bench-install
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) -m bench.load $(BENCH_LOAD_ARGS)
