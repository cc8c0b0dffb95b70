# The two set-up commands a new user runs are `make generate` and `make test`;
# both create .venv (the package with its test extras) when it is absent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHECKOV_VENV := $(VENV)/checkov

.PHONY: generate check lint test test-fast test-terraform bench bench-live moto inventory-screenshot clean

# The stamp re-installs when the package's dependencies change.
# pip bootstraps uv, and uv installs the rest: pip spends some fifty seconds of a core
# resolving and unpacking each of the two environments, uv a few.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $@

# checkov pins its own fork of python-hcl2, which would shadow ours: it gets a venv of its own.
$(CHECKOV_VENV)/.installed: $(VENV)/.installed
	$(BIN)/uv venv --quiet --clear --python $(BIN)/python $(CHECKOV_VENV)
	$(BIN)/uv pip install --quiet --python $(CHECKOV_VENV)/bin/python 'checkov>=3.2,<4'
	touch $@

generate: $(VENV)/.installed
	$(BIN)/ddbgen generate --all

check: $(VENV)/.installed
	$(BIN)/ddbgen check --all

# ruff (lint and format, pyproject's [tool.ruff]) at zero findings, and mypy on generator/.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# One pytest worker per core this process may run on (pytest-xdist's "auto"; WORKERS=N
# overrides); a test file stays on one worker, since the Terraform tier's module fixtures
# start the runs of their file's selected tests.
WORKERS ?= auto
XDIST := -n $(WORKERS) --dist loadfile

test: lint $(VENV)/.installed $(CHECKOV_VENV)/.installed
	DDBGEN_CHECKOV=$(CURDIR)/$(CHECKOV_VENV)/bin/checkov $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# Neither the Terraform tier nor the long property tests (marker "slow").
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not terraform and not slow" $(XDIST) $(PYTEST_ARGS)

test-terraform: $(VENV)/.installed
	$(BIN)/python -m pytest -m terraform $(XDIST) $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python -m tests.bench

# check --live -r over 50 tables on the tests' moto: at most 10 s (README, "Speed").
bench-live: $(VENV)/.installed
	$(BIN)/python -m tests.bench_live

# moto with the Terraform tier's fills, on 127.0.0.1:$(PORT): the README's adoption walkthrough, by hand.
PORT ?= 5055
moto: $(VENV)/.installed
	$(BIN)/python -m tests.terraform.moto_gaps $(PORT)

# The README's picture of the inventory page: output/'s inventory, drawn by Debian's chromium.
inventory-screenshot: $(VENV)/.installed
	mkdir -p docs
	$(BIN)/ddbgen inventory -r output --format html > $(VENV)/inventory.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1600,600 \
		--screenshot=$(CURDIR)/docs/inventory.png file://$(CURDIR)/$(VENV)/inventory.html

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
