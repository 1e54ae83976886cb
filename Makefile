# Comptoir — the two commands: `make run` and `make test` (and `make package` for the installable files).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# Debian packages Qt needs to start (offscreen and on a desktop, xcb).
QT_DEBS := libgl1 libegl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libdbus-1-3 \
	libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-shape0
# Tools the test suite uses when present (PDF pages to PNG).
TEST_DEBS := poppler-utils

.PHONY: run test bench lint translations qt-deps clean demo screenshots package

run: $(STAMP) qt-deps
	$(PY) -m desktop_app --demo

# The store and services suites also run on a throw-away PostgreSQL server when its binaries are
# installed (Debian: postgresql); without them those runs are skipped and the summary says so
# (`COMPTOIR_PG_BINDIR=none make test` shows it on a machine that has them).
test: $(STAMP) qt-deps
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/ruff check desktop_app tests bench packaging
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2 --dist loadgroup

bench: $(STAMP) qt-deps
	$(PY) -m pip install -q -e '.[test,bench]'
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check desktop_app tests bench packaging
	$(VENV)/bin/lint-imports

translations: $(STAMP)
	$(PY) tools/translations.py update

screenshots: $(STAMP) qt-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop_app.ui.screenshots docs/screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Comptoir needs Python 3.11 or newer ($(PYTHON) is $$($(PYTHON) --version))."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create a virtual environment. On Debian/Ubuntu run: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test,postgres]'
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

# The one-folder bundle for this platform (dist/comptoir; dist/Comptoir.app on macOS), smoke-tested, then the
# wheel and sdist (dist/). On Windows, without make, run the same steps by hand: see packaging/README.md.
BUNDLE := $(if $(filter Darwin,$(shell uname -s)),dist/Comptoir.app,dist/comptoir)
package: $(STAMP) qt-deps
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test,postgres,package]'
	rm -rf dist/comptoir dist/Comptoir dist/Comptoir.app build/pyinstaller
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/comptoir.spec
	QT_QPA_PLATFORM=offscreen $(PY) packaging/smoke_test.py $(BUNDLE) --shot dist/comptoir-main-window.png
	$(PY) -m build -q --outdir dist .
	@du -sh $(BUNDLE); ls -l dist/*.whl dist/*.tar.gz

# Qt needs a handful of system libraries that a bare Debian lacks: install them when root,
# otherwise say exactly what to run.
qt-deps:
	@if command -v dpkg-query >/dev/null 2>&1; then \
		missing=""; \
		for p in $(QT_DEBS) $(TEST_DEBS); do \
			dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
		done; \
		if [ -n "$$missing" ]; then \
			if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
				echo "Installing system libraries for Qt:$$missing"; \
				DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
			else \
				echo "Qt needs system libraries that are missing. Run:"; \
				echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
				exit 1; \
			fi; \
		fi; \
	fi

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
