# PeakPlan — two commands for a fresh machine:  make run  ·  make test
# `make setup` is the set-up both use; it does nothing when everything is in place.

# The Python the virtualenv is made from: empty is the system's own python3 where it can make one
# (Debian's, built with profile-guided optimisation: 15-20 % faster for PeakPlan than a plain
# build from source such as pyenv's), else python3 from PATH; see .ci/venv-python.sh.
PYTHON ?=
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.peakplan-installed
# The checkout on sys.path through a plain .pth line: setuptools' default editable mode has
# every Python process of the venv import a module finder first (10–15 ms per command).
EDITABLE := --config-settings editable_mode=compat -e

# Debian packages: CJK fonts (TrueType, embeddable in PDFs), PDF tools the tests read exports
# with, LibreOffice (a test re-saves a workbook with it; the bench times its DOCX → PDF),
# the X11 libraries Qt's xcb platform needs on a real display, and PostgreSQL (the tests start
# a private server of their own for team mode; no system service is used); python3-venv, for the
# virtualenv made from the system's Python.
DEB_PACKAGES := python3-venv fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai \
                fonts-dejavu-core fonts-symbola libreoffice-calc-nogui libreoffice-writer-nogui \
                fontconfig poppler-utils postgresql libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 \
                libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
                libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0

# make dist: the self-contained bundle (PyInstaller) packed as dist/peakplan_<version>_amd64.deb.
# make test-dist: that package installed with apt into a clean Debian system and tried there.
# The version from pyproject.toml's [project] table, read by sed: a Python start here would add
# ~0.2 s to every `make run` (packaging/version.py prints the same for scripts).
VERSION      := $(shell sed -n '/^\[project\]/,/^\[/ s/^version *= *"\(.*\)"/\1/p' pyproject.toml)
DEB          := dist/peakplan_$(VERSION)_amd64.deb
BUNDLE       := build/dist/peakplan
DIST_STAMP   := $(VENV)/.peakplan-dist-installed
APP_SOURCES  := main.py pyproject.toml packaging/peakplan.spec $(shell find forms storage \
                exporters workflows cli ui guideline_templates -type f -not -name '*.pyc' 2>/dev/null)
# What test-dist needs on this machine: mmdebstrap, an X server and a window finder, poppler
# to read the PDF made inside the clean system, and the desktop entry's validator.
# What make dist needs: the shared libpython the bundle carries (Debian's python3 is linked
# statically; its shared library comes with libpython3-dev).
DIST_PACKAGES := libpython3-dev
TEST_DIST_PACKAGES := mmdebstrap xvfb xdotool poppler-utils desktop-file-utils

.PHONY: setup run test lint system-packages bench bench-team clean dist test-dist

setup: system-packages $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || "$$(sh .ci/venv-python.sh $(PYTHON))" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(EDITABLE) '.[test]'
	@touch $(STAMP)

system-packages:
	@sh .ci/system-packages.sh $(DEB_PACKAGES)

run: setup
	$(BIN)/peakplan

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check .
	$(BIN)/lint-imports

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python bench/bench_all.py

# Team mode under load: 20 users edit one plan for 60 s on a private PostgreSQL server, then on
# one SQLite file; the plan is checked against every acknowledged save (exits 1 if one is lost).
bench-team: setup
	$(BIN)/python bench/bench_team.py

$(DIST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(EDITABLE) '.[test,dist]'
	@touch $(DIST_STAMP)

$(BUNDLE)/peakplan: $(DIST_STAMP) $(APP_SOURCES)
	@sh .ci/system-packages.sh $(DIST_PACKAGES)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
	    --workpath build/pyinstaller packaging/peakplan.spec
	@touch $@

$(DEB): $(BUNDLE)/peakplan packaging/build-deb.sh packaging/control.in \
        packaging/deb-depends.txt packaging/peakplan.desktop packaging/peakplan.png
	sh packaging/build-deb.sh $(BUNDLE) dist $(VERSION)

dist: setup $(DEB)
	@ls -l $(DEB)

test-dist: dist
	@sh .ci/system-packages.sh $(TEST_DIST_PACKAGES)
	PEAKPLAN_PYTHON=$(BIN)/python bash packaging/test-dist.sh $(DEB)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist
