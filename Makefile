# vanban — `make run` serves on 127.0.0.1:8000, `make test` runs the whole suite; both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test bench templates clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

templates: $(STAMP)
	$(PY) templates/build.py

run: install
	$(VENV)/bin/vanban serve --host 127.0.0.1 --port 8000

test: install
	$(VENV)/bin/pytest -q

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
