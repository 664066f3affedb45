# The documented commands. Each one creates or refreshes .venv from requirements.txt first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: book scorm test test-fast lab notebooks bench lint format clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# esbuild (see tools/minify.py), fetched once from the npm registry with the rest of the setup, so that a
# first `make test` does not wait for the download in the middle of its book build.
ESBUILD := _build/node-tools/node_modules/.bin/esbuild
$(ESBUILD): tools/minify.py | $(STAMP)
	$(PY) -m tools.minify --fetch
	touch $@

## book: build the static site into _build/html (warnings are errors), with the browser notebooks in lite/
# Never stale: the banks must be valid and the notebooks' stored outputs current (else it says to run
# `make notebooks`), and every page is rebuilt (--all), so a changed bank, menu or chapter list shows.
book: $(STAMP) $(ESBUILD)
	$(VENV)/bin/stt-course check
	$(PY) -m tools.stale
	$(VENV)/bin/jupyter-book build . -W -n --keep-going --all
	$(PY) -m tools.minify _build/html
	$(PY) -m tools.lite _build/html

## scorm: package the built book for an LMS as _build/scorm/stt-course-scorm12.zip (SCORM 1.2);
## MASTERY=80 sets the pass mark in percent (else stt_scorm_mastery in _config.yml, else 80)
# Builds the book first (without the browser notebooks, which the package leaves out) if there is none.
scorm: $(STAMP) $(ESBUILD)
	@test -f _build/html/book/progress.html || { $(VENV)/bin/stt-course check && $(PY) -m tools.stale \
		&& $(VENV)/bin/jupyter-book build . -W -n --keep-going --all && $(PY) -m tools.minify _build/html; }
	$(VENV)/bin/stt-course scorm $(if $(MASTERY),--mastery "$(MASTERY)")

# The tests run in JOBS parallel workers (pytest-xdist): three keep two cores busy, since a browser test
# waits on the browser part of the time. A notebook's cells, and tests that share a server, stay on one worker.
JOBS  ?= 3
XDIST := -n $(JOBS) --dist loadgroup

## test: unit tests, nbval strict on every notebook, the book build, the browser tests; then the browser
## notebooks (JupyterLite), on their own since building them and starting Pyodide take a minute
# The second step adds the browser notebooks to the book the first one built and tested (kept in
# TEST_TMP), rather than building the book again; a site given in STT_SITE is used by both.
TEST_TMP := _build/test-tmp
test: $(STAMP) $(ESBUILD)
	$(VENV)/bin/pytest $(XDIST) -m "not lite" --basetemp=$(TEST_TMP)
	STT_SITE="$${STT_SITE:-$(TEST_TMP)/book/_build/html}" $(VENV)/bin/pytest -m lite

## test-fast: everything but the book build and the browser tests (banks, checker, nbval on every notebook)
test-fast: $(STAMP)
	$(VENV)/bin/pytest $(XDIST) -m "not book and not browser"

## lab: open the course in JupyterLab
lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

## notebooks: re-run every notebook and store its outputs (after changing a bank or a chapter)
notebooks: $(STAMP)
	$(PY) -m tools.execute

## bench: page weight and time-to-interactive of the quizzes in the built book
bench: $(STAMP) $(ESBUILD)
	$(PY) -m tools.bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf _build
