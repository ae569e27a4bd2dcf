# Two commands for a new machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 8000
TRANSLATIONS := marketplace/translations
.PHONY: run serve test lint audit install install-test translations messages vendor clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

# Compiled catalogues are build output (git-ignored); the .po files are the source.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy --statistics -d $(TRANSLATIONS) 2>&1 | grep -v "^$$" || true

# Re-extract the strings after changing code or templates, then translate the .po files.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching

run: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo
	@echo "The Rooyesh shop is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@$(FLASK) demo-logins
	@echo
	@echo "Starting: the web server (gunicorn, 2 workers, http://$(HOST):$(PORT)/) and the job"
	@echo "worker (outbox SMS and e-mail, order expiry; queue in instance/jobs.db, no Redis)."
	@# The worker runs beside gunicorn and stops with it (Ctrl-C reaches both).
	@$(FLASK) worker & worker=$$!; trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - wsgi:app

# ruff for style and errors; import-linter for the architecture's import rules
# (pyproject.toml, docs/architecture.md); bandit for medium and high security findings.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit -q -r marketplace -ll

# Known vulnerabilities in the pinned requirements (PyPA advisories via PyPI's JSON API).
# A package pip-audit cannot look up is listed as "could not be audited", not passed;
# scripts/audit_pinned.py then checks every pin that is its project's latest release
# against the advisories on PyPI's project page (all this build network serves).
audit: install-test
	@out=$$($(BIN)/pip-audit --progress-spinner off --no-deps --disable-pip --desc off \
		-r requirements.txt -r requirements-test.txt 2>&1); status=$$?; echo "$$out"; \
	skipped=$$(echo "$$out" | grep -c "could not be audited"); \
	if [ "$$skipped" -gt 0 ]; then echo "make audit: pip-audit could not check $$skipped" \
		"pinned packages; checking them by their project pages instead."; \
		$(BIN)/python scripts/audit_pinned.py || status=1; fi; \
	exit $$status

test: install-test lint
	$(BIN)/pytest

# The web-vulnerability scan alone (wapiti and sqlmap against the served shop,
# docs/security.md); `make test` runs it with everything else.
.PHONY: scan
scan: install-test
	$(BIN)/pytest tests/scan

vendor:
	scripts/vendor_assets.sh

# Speed at scale (issue 6): seeds instance/bench.db with 100,000 products, loads the shop and a
# bare-Flask reference with wrk, writes docs/benchmarks.{md,json}. Not part of `make test`.
# BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench adds a PostgreSQL pass;
# BENCH_PRODUCTS, BENCH_DURATION, BENCH_RUNS, BENCH_REUSE_DB=1 shorten a development run.
.PHONY: bench
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	mkdir -p instance
	$(BIN)/python scripts/bench/run.py
