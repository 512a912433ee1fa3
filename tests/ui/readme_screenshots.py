"""The README's screenshots: the start window, the editor and the new-plan wizard at 1024×768,
in Chinese and in English, as a user sees them in the first hour (plans of first-batch pilots
just created from the guideline).  Run from the project folder:

    QT_QPA_PLATFORM=offscreen:configfile=tests/fixtures/screens/1024x768.json \\
        python -m tests.ui.readme_screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from forms.factory import new_plan
from forms.template import PilotType, load_template

PILOTS = (("张家口市", PilotType.CITY), ("杭州市", PilotType.CITY), ("西咸新区", PilotType.PARK))


def _shoot(widget: QWidget, path: Path) -> None:
    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))


def _add_pilot_plans(repo) -> None:
    for name, pilot_type in PILOTS:
        template = load_template("annex2-2023", pilot_type.value)
        pilot = next(p for p in template.pilots if p.name_zh == name)
        plan = new_plan(
            name,
            pilot_type,
            province=pilot.province,
            base_year=2020,
            language="zh",
            batch=pilot.batch,
            template=template,
        )
        repo.save_plan(plan, completeness=0.0)


def main(out: Path) -> None:
    from ui.app import create_start_window, make_application
    from ui.pages import IndicatorsPage

    make_application(["peakplan-screenshots"])
    for lang in ("zh", "en"):
        with tempfile.TemporaryDirectory() as folder:
            for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
                QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
            window = create_start_window(Path(folder) / "plans.sqlite", lang)
            _add_pilot_plans(window.context.repo)
            window.reload()
            window.resize(1024, 768)
            window.show()
            _shoot(window, out / f"start-{lang}.png")

            window.new_plan()
            wizard = window.wizard
            wizard.next()
            details = wizard.details_page
            details.pilot.setCurrentIndex(
                details.pilot.findText("Tangshan" if lang == "en" else "唐山市")
            )
            _shoot(wizard, out / f"wizard-{lang}.png")
            wizard.reject()

            editor = window.open_plan(window.model.item(0, 0).data(0x0100))
            editor.resize(1024, 768)
            page = next(p for p in editor.pages if isinstance(p, IndicatorsPage))
            editor.steps.setCurrentRow(editor.pages.index(page))
            _shoot(editor, out / f"editor-{lang}.png")
            editor.close()
            window.close()
            window.context.database.close()


if __name__ == "__main__":
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp())
    main(Path(sys.argv[1]))
