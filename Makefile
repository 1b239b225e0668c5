# Rådsrum: `make run` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-sqlite test-postgres bench lint clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/raadsrum demo
	$(BIN)/raadsrum serve

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check raadsrum bench tests
	$(BIN)/ruff format --check raadsrum bench tests

clean:
	rm -rf $(VENV) var
