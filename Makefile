# Two commands for a newcomer: `make run` and `make test`. Everything else is what they use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := minutes

SHARED ?= ../shared

.PHONY: run test test-postgres postgres bench extract-score check install install-dev translations messages db demo chromium office redis lint clean

run: install translations db demo ## serve the demo on http://127.0.0.1:5000
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: install-dev translations chromium office redis ## the whole suite, browser tests included
	$(BIN)/pytest

# The browser and load tests ran on SQLite in make test (and are what takes the time);
# everything else, the gunicorn races included, runs again on a PostgreSQL cluster made for the
# run (pg_virtualenv: a free loopback port, its own directory, the server run as the postgres
# user even when we are root) and removed after it, whatever the outcome. fsync off: the
# cluster is thrown away anyway.
PG_TESTS ?= -m "not browser and not load"
test-postgres: install-dev translations office redis postgres ## the suite again on a throwaway PostgreSQL (no browser/load tests)
	pg_virtualenv -t -o fsync=off -o synchronous_commit=off -o full_page_writes=off \
	  sh -c 'TEST_DATABASE_URL="postgresql+psycopg://$$PGUSER:$$PGPASSWORD@/$$PGDATABASE?host=$$PGHOST&port=$$PGPORT" \
	  exec $(BIN)/pytest $(PG_TESTS)'

postgres: ## Debian's PostgreSQL server and pg_virtualenv, when missing
	@command -v pg_virtualenv >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

bench: install-dev translations ## load test (gunicorn, 4 workers, 20 clients), extraction speed, national-scale pages as ratios
	$(BIN)/pytest -q -s -m load tests/test_load.py
	$(BIN)/python -m minutes.extraction.bench
	$(BIN)/python tests/bench_national.py

extract-score: install ## extract the five seeds and print the scorer's summary (needs ../shared)
	@test -d $(SHARED)/seeds -a -f $(SHARED)/extraction/score.py || { \
	  echo "extract-score: $(SHARED)/seeds and $(SHARED)/extraction/score.py are needed (set SHARED=DIR)"; exit 2; }
	@rm -rf instance/extract-score && mkdir -p instance/extract-score
	@for f in $(SHARED)/seeds/[0-9]*.txt; do \
	  n=$$(basename $$f | cut -c1-3); \
	  $(BIN)/flask --app minutes extract $$f > instance/extract-score/seed_$$n.json || exit 1; \
	done
	@$(BIN)/python $(SHARED)/extraction/score.py instance/extract-score | tail -n 1

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: install ## compile the message catalogues (.po → .mo)
	$(BIN)/pybabel compile --use-fuzzy -d minutes/translations -f >/dev/null

messages: install ## re-extract the UI strings and merge them into the catalogues
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o minutes/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update -i minutes/translations/messages.pot -d minutes/translations >/dev/null

db: install ## bring the database schema up to date
	$(BIN)/flask db upgrade

demo: db ## load the demo conferences and users (idempotent)
	$(BIN)/flask demo load

chromium: ## Debian's Chromium for the browser tests, when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core fonts-liberation >/dev/null; }

office: ## LibreOffice and poppler for the PDF of documents (tests; make run works without them)
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; } || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation >/dev/null; }

redis: ## Debian's redis-server, when missing: the shared sign-in limits test starts its own on loopback
	@command -v redis-server >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }

check: install-dev ## lint, format check and type check (CI runs it before the tests)
	$(BIN)/ruff check minutes tests
	$(BIN)/ruff format --check minutes tests
	$(BIN)/mypy

lint: install-dev
	$(BIN)/ruff check minutes tests

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
