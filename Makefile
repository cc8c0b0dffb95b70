# The two set-up commands a new user runs are `make generate` and `make test`;
# both create .venv (the package with its test extras) when it is absent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHECKOV_VENV := $(VENV)/checkov

.PHONY: generate check test test-fast test-terraform bench clean

# The stamp re-installs when the package's dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# checkov pins its own fork of python-hcl2, which would shadow ours: it gets a venv of its own.
$(CHECKOV_VENV)/.installed:
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet 'checkov>=3.2,<4'
	touch $@

generate: $(VENV)/.installed
	$(BIN)/ddbgen generate --all

check: $(VENV)/.installed
	$(BIN)/ddbgen check --all

test: $(VENV)/.installed $(CHECKOV_VENV)/.installed
	DDBGEN_CHECKOV=$(CURDIR)/$(CHECKOV_VENV)/bin/checkov $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not terraform" $(PYTEST_ARGS)

test-terraform: $(VENV)/.installed
	$(BIN)/python -m pytest -m terraform $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
