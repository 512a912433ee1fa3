"""A plan's name pasted with line breaks or a hidden control character: the new-plan wizard
refuses the control character, saying which, and keeps a name pasted across lines on one
line; the plan information page does the same when the name is edited there."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from tests.ui.conftest import press, type_text
from ui.pages import MetaPage

CTRL = Qt.KeyboardModifier.ControlModifier


def paste(text: str) -> None:
    QApplication.clipboard().setText(text)
    press(Qt.Key.Key_V, CTRL)


def test_the_wizard_refuses_a_control_character_and_keeps_a_pasted_name_on_one_line(
    qtbot, start_app
) -> None:
    window = start_app()
    press(Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.mouseClick(wizard.type_page.city, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    details = wizard.details_page
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(details.pilot.lineEdit(), Qt.MouseButton.LeftButton)
    type_text("临江市")
    paste("\u202e案方")  # a bidi override, invisible: the name would show reversed
    assert details.pilot.lineEdit().text() == "临江市\u202e案方"
    assert not details.isComplete() and not finish.isEnabled()
    assert "名称中不能有控制字符或不可见的格式字符（第 4 个字符是 U+202E）" in details.error.text()
    details.pilot.lineEdit().selectAll()
    type_text("临江市")
    paste("\n碳达峰\t试点\u2028")
    assert details.isComplete() and details.error.text() == ""
    press(Qt.Key.Key_Tab)
    type_text("江苏省")
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.editors))
    editor = next(iter(window.editors.values()))
    assert editor.session.plan.meta.name == "临江市 碳达峰 试点"
    qtbot.waitUntil(editor.isActiveWindow)
    page = next(p for p in editor.findChildren(MetaPage))
    page.name.setFocus()
    assert page.name.hasFocus()
    page.name.selectAll()
    type_text("临江市")
    paste("\r\n新区")
    assert page.name.text() == "临江市\r\n新区"  # Qt keeps what was pasted
    press(Qt.Key.Key_Tab)  # leaving the field commits the name
    assert editor.session.plan.meta.name == "临江市 新区"
    page.name.setFocus()
    page.name.selectAll()
    type_text("临江")
    paste("\x1b[31m")
    press(Qt.Key.Key_Tab)
    assert "U+001B" in page.name_error.text()
    assert editor.session.plan.meta.name == "临江市 新区"


def test_renaming_in_the_start_window_keeps_the_name_on_one_line(qtbot, start_app) -> None:
    from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

    from tests.ui.test_start_window import back_to, names, when_dialog_opens

    window = start_app()
    window.actions_["demo"].trigger()
    window.view.setFocus()
    window.view.selectRow(0)
    before = names(window)

    pasted: list[str] = []  # checked after: a failed assert here would leave the dialog open

    def paste_name(text: str):
        def answer(dialog) -> None:
            field = dialog.findChild(QLineEdit)
            field.selectAll()
            QApplication.clipboard().setText(text)
            QTest.keyClick(field, Qt.Key.Key_V, CTRL)  # what was selected is replaced
            pasted.append(field.text() if isinstance(dialog, QInputDialog) else "")
            dialog.accept()

        return answer

    when_dialog_opens(paste_name("临江市\n碳达峰\u2028方案"))
    press(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "临江市 碳达峰 方案" in names(window))
    assert pasted == ["临江市\n碳达峰\u2028方案"]
    back_to(qtbot, window)
    window.view.selectRow(names(window).index("临江市 碳达峰 方案"))
    said: list[str] = []

    def refused() -> None:  # the warning opens once the rename dialog has closed
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, refused)
            return
        said.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    def then_refused(dialog) -> None:
        paste_name("临江市\u202e案方")(dialog)
        QTimer.singleShot(0, refused)

    when_dialog_opens(then_refused)
    press(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(said))
    assert pasted[1] == "临江市\u202e案方" and "U+202E" in said[0]
    assert sorted(names(window)) == sorted(
        ["临江市 碳达峰 方案", *[n for n in before if n != before[0]]]
    )
