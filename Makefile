# PeakPlan — two commands for a fresh machine:  make run  ·  make test
# `make setup` is the set-up both use; it does nothing when everything is in place.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.peakplan-installed

# Debian packages: CJK fonts (TrueType, embeddable in PDFs), PDF tools the tests read exports
# with, LibreOffice (a test re-saves a workbook with it; the bench times its DOCX → PDF),
# and the X11 libraries Qt's xcb platform needs on a real display.
DEB_PACKAGES := fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai \
                fonts-dejavu-core fonts-symbola libreoffice-calc-nogui libreoffice-writer-nogui \
                fontconfig poppler-utils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 \
                libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
                libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0

.PHONY: setup run test lint system-packages bench clean

setup: system-packages $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
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
	$(BIN)/python bench/bench_storage.py
	$(BIN)/python bench/bench_export.py
	$(BIN)/python bench/bench_typing.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
