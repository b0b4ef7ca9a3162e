# `make play` and `make test` both bootstrap .venv on first use; later runs skip the install unless
# pyproject.toml or setup.py changed (a stamp file is older than them). `make play` installs only
# what playing needs and never waits for the compiled core: the TUI prepares it in the background.
# `make test` adds the test tools and compiles the core first (into the user's cache, once per edit
# of its sources), so that the suite's first batch does not stall on it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: play test test-oldest lint bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml setup.py | $(BIN)/python
	$(PIP) -e .
	touch $(STAMP)

$(DEV_STAMP): pyproject.toml setup.py | $(BIN)/python
	$(PIP) -e '.[dev]'
	touch $(STAMP) $(DEV_STAMP)

play: $(STAMP)
	$(BIN)/wargame

test: $(DEV_STAMP)
	$(BIN)/python -m ruff check src tests benchmarks setup.py
	$(BIN)/python -m wargame.sim.kernel
	$(BIN)/python -m wargame deck validate decks/*.yaml scenarios/*.yaml
	$(BIN)/python -m pytest

# The suite on the lowest version of every dependency pyproject.toml allows (slow: a second venv, and
# the game kernel compiled again by that numba; the next `make test` compiles it back).
test-oldest:
	rm -rf .venv-oldest && $(PYTHON) -m venv .venv-oldest
	.venv-oldest/bin/python -m pip install --quiet --disable-pip-version-check -c .ci/oldest.txt -e '.[dev]'
	.venv-oldest/bin/python -m ruff check src tests benchmarks
	.venv-oldest/bin/python -m pytest

# Many more, larger generated decks and scenarios than the suite's 2,000, also played on the kernel.
FUZZ_EXAMPLES ?= 20000
fuzz: $(DEV_STAMP)
	WARGAME_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) WARGAME_FUZZ_QUARTERS=12 WARGAME_FUZZ_CARDS=8 WARGAME_FUZZ_ONE_IN=300 WARGAME_FUZZ_KERNEL=1 \
		$(BIN)/python -m pytest tests/test_hostile_fuzz.py -p no:cacheprovider --hypothesis-show-statistics

bench: $(DEV_STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .venv-oldest build src/*.egg-info .pytest_cache
