# `make` renders every blueprint into rendered/; `make test` runs the tests.
# Both set this machine up first: a virtualenv in .venv with the kit installed, and Graphviz.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := render
.PHONY: render test setup graphviz lint typecheck check check-rendered new watch list golden clean site site-bench

render: setup
	$(BIN)/blueprint render

# What CI runs (.ci/run): lint, types, then the tests, which include rendered/'s freshness.
test: lint typecheck
	@sh scripts/ensure-chromium
	@sh scripts/with-setup-lock sh scripts/ensure-node-packages
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check kit tests blueprints bench
	$(BIN)/ruff format --check kit tests blueprints bench

typecheck: setup
	$(BIN)/mypy

check: test

# The gallery site, from rendered/ (drawing only the images git does not carry, once); published to
# GitHub Pages by .github/workflows/pages.yml.
SITE ?= build/site
site: setup  ## build/site/: a static site of every blueprint (index, search, a page per case study)
	$(BIN)/blueprint site --out "$(SITE)"

site-bench: setup  ## the site built by MkDocs + Material vs the kit's own Jinja2 build: time and size
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e '.[dev,site-bench]'
	$(BIN)/python bench/site_bench.py

check-rendered: setup  ## every stale, missing or orphaned file in rendered/
	$(BIN)/blueprint check-rendered

new: setup  ## make new TITLE="Rate Limiter" CATEGORY=load-balancing
	@test -n "$(TITLE)" -a -n "$(CATEGORY)" || { echo 'usage: make new TITLE="Rate Limiter" CATEGORY=load-balancing'; exit 2; }
	$(BIN)/blueprint new "$(TITLE)" --category "$(CATEGORY)"

watch: setup  ## make watch SLUG=rate-limiter: re-render one blueprint whenever its file changes
	@test -n "$(SLUG)" || { echo 'usage: make watch SLUG=<slug>  (see `make list`)'; exit 2; }
	$(BIN)/blueprint watch "$(SLUG)"

golden: setup  ## refresh tests/golden/*.dot after an intended drawing change
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_blueprints.py -k snapshot

list: setup
	$(BIN)/blueprint list

setup: $(STAMP) graphviz

# Both under one lock: two `make` at once in a fresh clone would otherwise run two pip installs
# into one .venv, or two apt-gets, and fail half-way.
graphviz:
	@sh scripts/with-setup-lock sh scripts/ensure-graphviz

$(STAMP): pyproject.toml
	@PYTHON='$(PYTHON)' VENV='$(VENV)' sh scripts/with-setup-lock sh scripts/ensure-venv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info .setup.lock .setup.lock.d

bench: setup  ## figures: kit vs plain dot vs plain diagrams, no-op, one edit, memory, stages
	$(BIN)/python bench/bench.py
