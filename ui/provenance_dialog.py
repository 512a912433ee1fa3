"""Where one number comes from: source, kind of source, quality and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from forms.plan import Provenance, Quality, SourceKind
from ui.session import PlanSession
from ui.texts import Texts


class ProvenanceDialog(QDialog):
    """Edits ``<path>.provenance`` of one item; OK writes it as one undoable edit."""

    def __init__(
        self,
        session: PlanSession,
        texts: Texts,
        collection: str,
        item_id: str,
        path: str,
        what: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("provenanceDialog")
        self.session, self.collection, self.item_id = session, collection, item_id
        self.path = f"{path}.provenance"
        current: Provenance = session.value(collection, item_id, self.path)
        lang = texts.lang
        self.setWindowTitle(texts("prov.title", what=what))
        self.source = QLineEdit(current.source, self)
        self.source.setObjectName("provSource")
        self.kind = QComboBox(self)
        self.kind.setObjectName("provKind")
        self.kind.addItem("—", None)
        for kind in SourceKind:
            self.kind.addItem(kind.label(lang), kind.value)
        self.kind.setCurrentIndex(
            max(self.kind.findData(current.kind.value if current.kind else None), 0)
        )
        self.quality = QComboBox(self)
        self.quality.setObjectName("provQuality")
        self.quality.addItem("—", None)
        for quality in Quality:
            self.quality.addItem(quality.label(lang), quality.value)
        self.quality.setCurrentIndex(
            max(self.quality.findData(current.quality.value if current.quality else None), 0)
        )
        self.note = QLineEdit(current.note, self)
        self.note.setObjectName("provNote")
        form = QFormLayout(self)
        form.addRow(texts("prov.source"), self.source)
        form.addRow(texts("prov.kind"), self.kind)
        form.addRow(texts("prov.quality"), self.quality)
        form.addRow(texts("prov.note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(520, self.sizeHint().height())

    def provenance(self) -> Provenance:
        return Provenance(
            source=self.source.text().strip(),
            kind=self.kind.currentData(),
            quality=self.quality.currentData(),
            note=self.note.text().strip(),
        )

    def accept(self) -> None:
        self.session.edit(self.collection, self.item_id, self.path, self.provenance())
        super().accept()
