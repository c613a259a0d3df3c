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

.PHONY: setup book pdf lab test lint test-lib test-structure test-notebooks test-build test-pdf test-browser \
	test-workflow lint-workflow notebooks bench mutate clean

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

## The PDF edition of each language, printed from the built site by Chromium (see README):
## _build/pdf/momentum-ko.pdf and momentum-en.pdf, also copied to _build/html/pdf/ for the site.
pdf: book
	$(BIN)/python pdf/build.py

## Open the notebooks in JupyterLab, with this project's kernel (book/ko, book/en).
lab: $(STAMP)
	$(BIN)/jupyter lab book $(if $(filter 0,$(shell id -u)),--allow-root)

## Every check, in order: lint, library, book structure, stored outputs, site build, PDFs,
## browser, the publishing workflow.
test: lint test-lib test-structure test-notebooks test-build test-pdf test-browser test-workflow

## ruff over the Python code (configured in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check momentum_lib tests bench book/_ext pdf

test-lib: $(STAMP)
	$(PYTEST) -n 2 tests/lib

test-structure: $(STAMP)
	$(PYTEST) tests/test_book_structure.py tests/test_nbval_detects_drift.py tests/test_korean_search.py \
		tests/test_korean_terms.py tests/test_korean_text_rules.py

test-notebooks: $(STAMP)
	$(PYTEST) --nbval --nbval-current-env -n 2 --dist loadscope book/ko book/en

test-build: book

## Without a browser the PDFs are not built and their tests skip, as the browser tests do (not under CI).
test-pdf: book
	$(BIN)/python pdf/build.py --skip-without-browser
	$(PYTEST) tests/test_pdf.py

test-browser: $(STAMP) $(NODE_STAMP)
	MOMENTUM_REQUIRE_SITE=1 $(PYTEST) -n 2 tests/browser

## The deploy workflow: actionlint, then what it runs and publishes (tests/test_workflow.py).
lint-workflow: $(STAMP)
	$(BIN)/actionlint .github/workflows/book.yml

test-workflow: lint-workflow
	$(PYTEST) tests/test_workflow.py

## Re-execute every notebook in place, top to bottom in a fresh kernel (NB=path for one).
notebooks: $(STAMP)
	$(BIN)/python tests/tools/execute_notebooks.py $(if $(NB),$(NB),$(NOTEBOOKS))

## Mutation testing of the library's core (slow: see README); survivors judged equivalent are
## listed with their reasons in tests/MUTATION.md.
DEV_STAMP := $(VENV)/.installed-dev
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

mutate: $(DEV_STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results --all true > _build/mutation-results.txt || true
	$(BIN)/python tests/tools/mutation_score.py _build/mutation-results.txt

bench: $(STAMP)
	$(BIN)/python bench/step.py
	$(BIN)/python bench/sweep.py
	$(MAKE) --no-print-directory book >/dev/null  # the live figures are timed on the built site
	$(BIN)/python bench/live_figures.py

clean:
	rm -rf _build
