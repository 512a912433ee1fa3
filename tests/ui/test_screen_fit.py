"""Every window and dialog opens inside the screen officials have, and remembers its place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from tests.conftest import SCREENS
from tests.ui.conftest import quit_app
from ui.app import create_start_window
from ui.geometry import fitted

ROOT = Path(__file__).resolve().parents[2]


def probe(screen: str, tmp_path: Path, lang: str = "zh") -> list[dict]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS / f'{screen}.json'}"
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_probe", str(tmp_path / "plans.sqlite"), lang],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.gui  # starts app processes
@pytest.mark.parametrize("screen", ["1024x768", "1366x768"])
def test_every_window_opens_inside_the_screen(tmp_path: Path, screen: str) -> None:
    width, height = map(int, screen.split("x"))
    for window in probe(screen, tmp_path):
        assert window["available"][2:] == [width, height]
        assert window["inside"], window
        assert window["minimum"][0] <= width and window["minimum"][1] <= height, window


@pytest.mark.gui  # starts app processes
def test_a_remembered_geometry_from_a_larger_screen_is_corrected(tmp_path: Path) -> None:
    """A window left wide open on a large monitor still fits when the laptop screen is used."""
    big = tmp_path / "big.json"
    big.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "big", "x": 0, "y": 0, "width": 2560, "height": 1440, "logicalDpi": 96}
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={big}")
    db = tmp_path / "plans.sqlite"
    script = (
        "from pathlib import Path; from ui.app import make_application, create_start_window\n"
        f"make_application(['x']); w = create_start_window(Path(r'{db}'), 'zh')\n"
        "w.show(); w.setGeometry(1500, 600, 1900, 820); w.close()\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)
    start = probe("1024x768", tmp_path)[0]
    assert start["name"] == "start" and start["inside"], start


def test_windows_remember_size_and_position(qtbot, db_path: Path) -> None:
    window = create_start_window(db_path, "zh")
    window.show()
    window.resize(700, 500)
    window.move(40, 50)
    quit_app(window)
    again = create_start_window(db_path, "zh")  # opens at 1000×640 unless remembered
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (700, 500)
    assert again.pos() == window.pos()
    quit_app(again)


def test_fitted_shrinks_and_moves_inside() -> None:
    available = QRect(0, 0, 1024, 728)
    assert fitted(QRect(300, 200, 1184, 764), available) == QRect(0, 0, 1024, 728)
    assert fitted(QRect(900, 700, 400, 300), available) == QRect(624, 428, 400, 300)
    assert fitted(QRect(-50, -10, 400, 300), available) == QRect(0, 0, 400, 300)
