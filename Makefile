# The whole set-up on a fresh machine with Python 3.11+: `make build`, then `make test`.
# Both create the virtual environment .venv on first use and install clausewise into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build test quick lint bench clean

build: $(VENV)/.installed
	$(BIN)/clausewise build --format docx,html,md,json

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

# The quick loop while editing: everything but the tests marked `clients` (LibreOffice,
# Chromium, the corpus, installing clausewise with pip or pre-commit; see tests/conftest.py),
# the property tests with a tenth of their examples, on every core (pyproject's addopts).
# CI runs `make test`.
quick: $(VENV)/.installed
	$(BIN)/python -m pytest -q -m "not clients"

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf build $(VENV) *.egg-info
