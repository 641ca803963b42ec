# textkit: two commands do it all.
#   make run   - install into .venv (if needed) and run every notebook on the seed corpus
#   make test  - install the same way and run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.textkit-installed
CORPUS ?= seeds
OUT    ?= output

.PHONY: install run test lab bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "textkit needs Python 3.11 or newer; set PYTHON=python3.x")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/textkit run --corpus $(CORPUS) --out $(OUT) --figures figures

test: $(STAMP)
	$(BIN)/python -m pytest -q

# JupyterLab on the notebooks with the venv's kernel (textkit lab: JUPYTER_PATH, --allow-root as root).
lab: $(STAMP)
	$(BIN)/textkit lab notebooks $(LAB_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/segmentation_f1.py --all

clean:
	rm -rf $(OUT) .pytest_cache
