# A fresh machine has Python 3.11, pip and make: everything else is installed into .venv here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fuzz bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/migbot chat

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

test: lint
	$(BIN)/pytest

fuzz: $(STAMP)
	MIGBOT_FUZZ_EXAMPLES=10000 $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py -s

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.inline
	$(BIN)/python -m benchmarks.e2e
	$(BIN)/python -m benchmarks.maps
	$(BIN)/python -m benchmarks.languages

# Re-extract the strings people read into migbot.pot and merge them into each language's .po
# (new strings arrive untranslated: tests/test_catalogues.py fails until they are written).
LOCALE := src/migbot/locale
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg \
		--no-location --sort-output --add-comments=Translators: --project=migbot -w 100 \
		--msgid-bugs-address= --copyright-holder= -o $(LOCALE)/migbot.pot .
	for lang in fr es ru; do \
		$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -w 100 \
			-i $(LOCALE)/migbot.pot -d $(LOCALE) -D migbot -l $$lang; \
	done

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
