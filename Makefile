# `make play` and `make test` both bootstrap .venv on first use; later runs skip the install
# unless pyproject.toml changed (the stamp file is older than it). The install ends by compiling
# the batch simulator's game kernel once (numba caches it beside the sources).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m wargame.sim.kernel
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/wargame

test: $(STAMP)
	$(BIN)/python -m ruff check src tests benchmarks
	$(BIN)/python -m wargame deck validate decks/*.yaml scenarios/*.yaml
	$(BIN)/python -m pytest

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
