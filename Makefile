# Rådsrum: `make run` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-sqlite test-postgres chromium pdftotext bench lint typecheck messages clean
# `make -j test` must still run SQLite first, then PostgreSQL.
.NOTPARALLEL:

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# `raadsrum serve` runs the portal (gunicorn) and the background worker (`raadsrum
# db_worker`, which reads and imports archive uploads); Ctrl+C stops both.
run: install wordlist
	$(BIN)/raadsrum demo
	$(BIN)/raadsrum serve

# The whole suite twice: on SQLite, then on a throw-away PostgreSQL cluster
# (scripts/with-postgres; with CI=true a missing PostgreSQL is an error).
# pytest's exit code 5 (no tests collected) fails like any other error.
PYTEST_ARGS ?=
NO_TESTS_FAILS = || { rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests (exit code 5): failing" >&2; fi; \
	exit $$rc; }

# Both runs always happen; `make test` fails if either failed.
test: install chromium wordlist
	@rc=0; \
	$(MAKE) --no-print-directory test-sqlite || rc=1; \
	$(MAKE) --no-print-directory test-postgres || rc=1; \
	if [ $$rc -ne 0 ]; then echo "make test: FAILED (see the runs above)" >&2; fi; \
	exit $$rc

test-sqlite: install chromium wordlist
	@echo "== tests on SQLite"
	unset DATABASE_URL; $(BIN)/python -m pytest $(PYTEST_ARGS) $(NO_TESTS_FAILS)

test-postgres: install chromium wordlist
	@echo "== tests on PostgreSQL"
	scripts/with-postgres $(BIN)/python -m pytest $(PYTEST_ARGS) $(NO_TESTS_FAILS)

# Browser tests drive Debian's Chromium (never `playwright install`).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	elif [ "$$CI" = true ]; then \
		echo "CI: /usr/bin/chromium is missing and cannot be installed (not root)" >&2; exit 1; \
	else \
		echo "No /usr/bin/chromium: browser tests will be skipped (apt-get install chromium)"; \
	fi

# The archive's repairs decide with Debian's Danish word list (wdanish: /usr/share/dict/danish).
WDANISH_VERSION := 1.6.36-14
wordlist:
	@if [ -f /usr/share/dict/danish ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's wdanish (Danish word list) for the archive"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			wdanish=$(WDANISH_VERSION) || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wdanish; \
	elif [ "$$CI" = true ]; then \
		echo "CI: /usr/share/dict/danish is missing and cannot be installed (not root)" >&2; exit 1; \
	else \
		echo "No /usr/share/dict/danish: archive repair tests will be skipped (apt-get install wdanish)"; \
	fi

bench: install wordlist pdftotext
	$(BIN)/python bench/run.py

# The floor of `import_pdf_s` is Poppler's pdftotext (Debian's poppler-utils).
pdftotext:
	@if command -v pdftotext >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's poppler-utils (pdftotext) for the import benchmark's floor"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	else \
		echo "No pdftotext: import_pdf_s is measured without its floor (apt-get install poppler-utils)"; \
	fi

lint: install
	$(BIN)/ruff check raadsrum bench tests
	$(BIN)/ruff format --check raadsrum bench tests
	$(BIN)/mypy raadsrum bench

typecheck: install
	$(BIN)/mypy raadsrum bench

# For maintainers (needs GNU gettext): refresh the English catalogue from the Danish source
# strings, then compile it. New or changed strings come out empty or `#, fuzzy` in
# raadsrum/locale/en/LC_MESSAGES/django.po: translate them and run `make messages` again.
# raadsrum/core/tests/test_i18n.py fails until the catalogue is complete and compiled.
# The compiled django.mo is committed, so `make run` needs no gettext tools.
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=bench --ignore=tests
messages: install
	$(BIN)/raadsrum makemessages -l en --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/raadsrum compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
