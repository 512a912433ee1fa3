"""Draw PeakPlan's icon (a peak over a falling line on green) as PNG and ICO files.

Run once when the icon changes: python packaging/make_icon.py (writes peakplan.png/.ico here).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = size / 256
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f7a4d"))
    painter.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    painter.setBrush(QColor("#f2c14e"))
    painter.drawEllipse(QPointF(188 * s, 70 * s), 22 * s, 22 * s)
    path = QPainterPath(QPointF(36 * s, 200 * s))
    for x, y in ((84, 150), (112, 170), (150, 76), (220, 200)):
        path.lineTo(x * s, y * s)
    painter.setPen(
        QPen(
            QColor("white"),
            16 * s,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    draw(256).save(str(HERE / "peakplan.png"))
    draw(256).save(str(HERE / "peakplan.ico"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
