# Driehoek: `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
SEED_FIXTURES := rubrics outcomes leidraad conversation_guide
HOST_PORT ?= 127.0.0.1:8000

# One line before serving: where the mail Driehoek sends (invitations, notifications) can be read.
define MAIL_WHERE
import os, config.settings as s
if s.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    print(f"Verzonden e-mail (uitnodigingen, meldingen) staat in {os.path.relpath(s.EMAIL_FILE_PATH)}/")
else:
    print(f"Verzonden e-mail gaat via {s.EMAIL_BACKEND}")
endef
export MAIL_WHERE

.PHONY: run test lint format migrations-check deploy-check install chromium bench messages

$(STAMP): pyproject.toml
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests; never a downloaded browser build.
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
		|| echo "Could not install chromium: browser tests will be skipped."; \
	else \
		echo "chromium is missing and cannot be installed here (needs root and apt-get): browser tests will be skipped."; \
	fi

# The web server and, beside it, the task worker (dossier PDFs, mail: docs/DEPLOYMENT.md); when
# runserver stops (Ctrl-C), the worker is stopped with it.
run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py loaddata $(SEED_FIXTURES)
	DEBUG=true $(PY) manage.py seed_demo
	@DEBUG=true $(PY) -c "$$MAIL_WHERE"
	DEBUG=true $(PY) manage.py db_worker --queue-name default,mail & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DEBUG=true $(PY) manage.py runserver $(HOST_PORT)

# The suite on every core (pytest-xdist; each worker has its own test database). A worker that
# runs out of tests takes over half of another's queue. TEST_WORKERS=0 runs it in one process;
# PYTEST_ARGS="--durations=30" shows where the time goes.
TEST_WORKERS ?= auto
test: install chromium
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The English catalogue, locale/en/LC_MESSAGES/django.po, is the only source of the English
# texts: run this, write the msgstr of every new or fuzzy entry in the .po (and drop the fuzzy
# flag), run it again. tests/config/test_i18n.py fails on any gap.
messages: install
	DRIEHOEK_TESTING=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=static --ignore=var
	DRIEHOEK_TESTING=1 $(PY) manage.py compilemessages -l en --ignore=.venv
	@msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po

migrations-check: install
	DRIEHOEK_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

# Production settings (DEBUG off) must pass Django's deployment checks with nothing reported.
deploy-check: install
	DEBUG=false ALLOWED_HOSTS=driehoek.example.nl \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	$(PY) manage.py check --deploy --fail-level WARNING

# Load benchmark: a year's data on PostgreSQL, gunicorn, locust; writes docs/PERFORMANCE.md.
bench: install
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	$(PY) tests/bench/run.py
