# Træningsportalen. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := portal

VENDOR := static/vendor
PY_STAMP := $(VENV)/.stamp-install
NODE_STAMP := node_modules/.stamp-install
VENDOR_STAMP := $(VENDOR)/.stamp-built
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: install run test test-fast bench db demo translations-extract translations-update clean

install: $(PY_STAMP) $(VENDOR_STAMP) $(MO_FILES)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Only what the pages use is copied: DKFDS (borger.dk theme, fonts, icons), htmx
# and axe-core (for the accessibility tests). Each goes into a folder named with
# its version, so every static URL can be cached for a year; then everything is
# pre-compressed for WhiteNoise.
$(VENDOR_STAMP): $(NODE_STAMP) $(PY_STAMP) assets/latin1-fonts.css
	rm -rf $(VENDOR)
	set -e; \
	dk=$(VENDOR)/dkfds-$$(node -p "require('./node_modules/dkfds/package.json').version"); \
	hx=$(VENDOR)/htmx-$$(node -p "require('./node_modules/htmx.org/package.json').version"); \
	ax=$(VENDOR)/axe-$$(node -p "require('./node_modules/axe-core/package.json').version"); \
	mkdir -p $$dk/css $$dk/js $$dk/img $$dk/fonts/IBMPlexSans/complete $$dk/fonts/IBMPlexSans/split/woff2 $$hx $$ax; \
	cp node_modules/dkfds/dist/css/dkfds-borgerdk.min.css $$dk/css/; \
	cp node_modules/dkfds/dist/js/dkfds.min.js $$dk/js/; \
	cp -r node_modules/dkfds/dist/img/. $$dk/img/; \
	cp -r node_modules/dkfds/dist/fonts/IBMPlexSans/complete/woff2 node_modules/dkfds/dist/fonts/IBMPlexSans/complete/woff $$dk/fonts/IBMPlexSans/complete/; \
	cp node_modules/dkfds/dist/fonts/IBMPlexSans/split/woff2/*-Latin1.woff2 $$dk/fonts/IBMPlexSans/split/woff2/; \
	cp assets/latin1-fonts.css $$dk/css/; \
	cp node_modules/htmx.org/dist/htmx.min.js $$hx/; \
	cp node_modules/axe-core/axe.min.js $$ax/
	$(BIN)/python -m whitenoise.compress -q $(VENDOR) >/dev/null
	@touch $@

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(PY_STAMP)
	$(BIN)/pybabel compile --statistics -d translations -l $* 2>&1 | tail -1

translations-extract: $(PY_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python tools/translations.py fill-danish

db: install
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load --if-empty

run: db
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest tests/rules tests/web -q

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance .pytest_cache
