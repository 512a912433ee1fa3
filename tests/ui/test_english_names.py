"""In the English interface the names a plan copies from the guideline template — provinces,
pilots, units, departments, the template itself — read in English; the plan still stores the
Chinese, so its Chinese documents are unchanged."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWizard

from tests.ui.conftest import press
from ui.pages import IndicatorsPage, MetaPage
from ui.start_window import ID_ROLE
from workflows.plans import add_demo_plans

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
CTRL = Qt.KeyboardModifier.ControlModifier


def _column(model, column: int) -> list[str]:
    return [model.index(row, column).data() or "" for row in range(model.rowCount())]


def test_the_english_plan_list_and_editor_show_english_names(qtbot, start_app) -> None:
    window = start_app("en")
    add_demo_plans(window.context.repo)
    window.reload()
    for column in (1, 2, 3):  # type, province, status
        assert not any(CJK.search(text) for text in _column(window.model, column))
    assert "Jiangsu" in _column(window.model, 2)

    window.view.setFocus()
    window.view.setCurrentIndex(window.model.index(0, 0))
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.editors))
    editor = next(iter(window.editors.values()))
    meta = next(p for p in editor.pages if isinstance(p, MetaPage))
    assert meta.province.currentText() == "Jiangsu"
    assert meta.template_label.text() == "Guideline (2023 edition)"
    assert not any(CJK.search(meta.province.itemText(i)) for i in range(meta.province.count()))

    targets = next(p for p in editor.pages if isinstance(p, IndicatorsPage))
    editor.steps.setCurrentRow(editor.pages.index(targets))
    units = _column(targets.model, targets.model.column_of("unit"))
    assert "10 MW" in units and not any(CJK.search(u) for u in units)

    editor.steps.setCurrentRow(0)  # a province typed in English is stored as the plan keeps it
    meta.province.setFocus()
    meta.province.lineEdit().selectAll()
    qtbot.keyClicks(meta.province.lineEdit(), "Zhejiang")
    assert editor.session.plan.meta.province == "浙江省"
    window.context.texts.set_language("zh")  # the same plan in Chinese
    assert meta.province.currentText() == "浙江省"
    assert meta.template_label.text() == "编制指南（2023年版）"
    assert "万千瓦" in _column(targets.model, targets.model.column_of("unit"))


def test_the_english_wizard_offers_pilots_provinces_and_templates_in_english(
    qtbot, start_app
) -> None:
    window = start_app("en")
    press(Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    details = wizard.details_page
    for combo in (details.pilot, details.province, details.template):
        texts = [combo.itemText(i) for i in range(combo.count())]
        assert texts and not any(CJK.search(t) for t in texts), texts
    assert details.template.currentText() == "Guideline (2023 edition)"

    details.pilot.setFocus()
    while details.pilot.currentText() != "Zhangjiakou":
        press(Qt.Key.Key_Down)
    assert details.province.currentText() == "Hebei"
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.editors))
    plan = next(iter(window.editors.values())).session.plan
    assert (plan.meta.name, plan.meta.province) == ("张家口市", "河北省")  # the official names
    assert plan.meta.batch == 1
    row = next(
        r
        for r in range(window.model.rowCount())
        if window.model.item(r, 0).data(ID_ROLE) == plan.id
    )
    assert (window.model.item(row, 0).text(), window.model.item(row, 2).text()) == (
        "Zhangjiakou",
        "Hebei",
    )


def test_an_english_editor_and_its_dialogs_name_a_listed_pilot_in_english(qtbot, start_app) -> None:
    from PySide6.QtWidgets import QApplication

    from forms.factory import new_plan
    from forms.template import PilotType

    window = start_app("en")
    plan = new_plan("张家口市", PilotType.CITY, province="河北省", batch=1)
    window.context.repo.save_plan(plan, completeness=0.0)
    window.reload()
    editor = window.open_plan(plan.id)
    qtbot.waitExposed(editor)
    assert "Zhangjiakou" in editor.windowTitle() and not CJK.search(editor.windowTitle())
    for open_dialog in (editor.export_files, editor.show_versions, editor.show_comments):
        dialog = open_dialog()
        qtbot.waitUntil(lambda d=dialog: QApplication.activeModalWidget() is d)
        assert not CJK.search(dialog.windowTitle()), dialog.windowTitle()
        for combo in dialog.findChildren(QComboBox):
            texts = [combo.itemText(i) for i in range(combo.count())]
            assert not any(CJK.search(t) for t in texts), texts
        dialog.reject()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_the_english_department_choice_offers_default_departments_in_english(
    qtbot, start_app
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from forms.factory import new_plan
    from forms.template import PilotType

    window = start_app("en")
    plan = new_plan("张家口市", PilotType.CITY, province="河北省", batch=1)
    assert "市发展改革委" in {row.department for row in plan.indicators}
    window.context.repo.save_plan(plan, completeness=0.0)
    window.reload()
    editor = window.open_plan(plan.id)
    qtbot.waitExposed(editor)
    offered: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        offered.extend(dialog.comboBoxItems())
        dialog.reject()

    QTimer.singleShot(0, answer)
    assert editor.send_collection_workbook() is None
    assert "Municipal DRC" in offered and not any(CJK.search(text) for text in offered)
