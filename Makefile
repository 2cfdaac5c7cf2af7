# vanban — `make run` serves on 127.0.0.1:8000, `make test` runs the whole suite; both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The unoserver server needs Debian's python3-uno, which only /usr/bin/python3 can import: a small venv of its own.
UNO_PYTHON ?= /usr/bin/python3
UNO_VENV := .venv-uno
UNO_STAMP := $(UNO_VENV)/.installed

.PHONY: install lock system uno run test test-fast fuzz bench templates clean

# Exact versions with hashes for every runtime and dev dependency (requirements/*.lock, refreshed by `make lock`).
LOCK := requirements/dev.lock
COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 --generate-hashes

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r $(LOCK)
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Re-resolve the locks from pyproject.toml's ranges (uv comes from the dev lock).
lock: install
	$(COMPILE) --extra dev -o requirements/dev.lock
	$(COMPILE) -o requirements/runtime.lock
	$(PY) -m pip install -q --require-hashes -r $(LOCK)
	touch $(STAMP)

# Same unoserver version as the main venv's client; fails loudly when python3-uno is missing.
$(UNO_STAMP): $(STAMP)
	$(UNO_PYTHON) -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/python -m pip install -q "unoserver==$$($(PY) -c 'import importlib.metadata as m; print(m.version("unoserver"))')"
	$(UNO_VENV)/bin/python -c 'import uno, unoserver.server'
	touch $(UNO_STAMP)

uno: $(UNO_STAMP)

# Debian packages for PDF output, import and the tests (scripts/system-packages.txt); silent when all are present.
system:
	@scripts/system.sh

templates: $(STAMP)
	$(PY) templates/build.py

# PDF is optional for `make run`: without LibreOffice the service still serves .docx and answers 503 for PDF.
run: install
	@$(MAKE) --no-print-directory uno 2>/dev/null || echo "vanban: PDF disabled — run 'make system' (installs LibreOffice from Debian), then 'make run' again"
	$(VENV)/bin/vanban serve --host 127.0.0.1 --port 8000

test: system install uno
	$(VENV)/bin/pytest -q

# The inner loop: everything that needs no LibreOffice, PostgreSQL, Redis or browser, and nothing slow.
test-fast: install
	$(VENV)/bin/pytest -q -m "not libreoffice and not postgres and not redis and not browser and not slow"

# The fuzz campaign of tests/test_fuzz.py with many more examples than CI runs (FUZZ_EXAMPLES to change).
FUZZ_EXAMPLES ?= 2000
fuzz: install
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: system install uno
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) $(UNO_VENV) .pytest_cache .hypothesis
