# The project's commands. `make test` and `make book` work on a fresh machine with Python 3 and
# make: they create .venv and install requirements.txt once (again only when it changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
NOTEBOOKS = $(shell $(PYTHON) tests/tools/toc_notebooks.py)

export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 3
export MPLBACKEND := module://matplotlib_inline.backend_inline

.PHONY: setup book lab test test-lib test-structure test-notebooks test-build test-browser notebooks bench clean

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	touch $(STAMP)

## JavaScript the browser tests inject into the site (axe-core), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## The site, rendered from the notebooks' stored outputs (nbval proves they are current).
book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "Open _build/html/index.html"

## Open the notebooks in JupyterLab, with this project's kernel (book/ko, book/en).
lab: $(STAMP)
	$(BIN)/jupyter lab book $(if $(filter 0,$(shell id -u)),--allow-root)

## Every check, in order: library, book structure, stored outputs, site build, browser.
test: test-lib test-structure test-notebooks test-build test-browser

test-lib: $(STAMP)
	$(PYTEST) -n 2 tests/lib

test-structure: $(STAMP)
	$(PYTEST) tests/test_book_structure.py tests/test_nbval_detects_drift.py tests/test_korean_search.py

test-notebooks: $(STAMP)
	$(PYTEST) --nbval --nbval-current-env -n 2 --dist loadscope book/ko book/en

test-build: book

test-browser: $(STAMP) $(NODE_STAMP)
	$(PYTEST) -n 2 tests/browser

## Re-execute every notebook in place, top to bottom in a fresh kernel (NB=path for one).
notebooks: $(STAMP)
	$(BIN)/python tests/tools/execute_notebooks.py $(if $(NB),$(NB),$(NOTEBOOKS))

bench: $(STAMP)
	$(BIN)/python bench/step.py
	$(BIN)/python bench/sweep.py

clean:
	rm -rf _build
