"""PySide6 no longer reads the source of each module imported after it (ui/pyside_feature.py):
its question — does this module use PySide6? — is answered from the module's names."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

import pytest
from PySide6.support import feature

import forms.plan
import ui
import ui.start_window
from ui.pyside_feature import uses_pyside


def test_the_app_answers_pysides_question_without_reading_sources() -> None:
    assert ui.stop_reading_sources() is True
    assert feature._mod_uses_pyside is uses_pyside


def test_a_module_imported_after_pyside_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[object] = []
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or real(obj))
    (tmp_path / "peakplan_probe_plain.py").write_text("import json\nVALUE = 1\n")
    (tmp_path / "peakplan_probe_qt.py").write_text("from PySide6.QtCore import QObject\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("peakplan_probe_plain", "peakplan_probe_qt"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.delitem(feature.pyside_feature_dict, name, raising=False)
        exec(f"import {name}", {})  # an import statement: PySide6 hooks __import__
    assert read == []
    assert feature.pyside_feature_dict["peakplan_probe_plain"] == -1  # not a PySide6 user
    assert feature.pyside_feature_dict["peakplan_probe_qt"] == 0


def test_modules_using_pyside_are_told_from_the_others() -> None:
    assert uses_pyside(ui.start_window)
    assert not uses_pyside(forms.plan)
    assert not uses_pyside(json)
