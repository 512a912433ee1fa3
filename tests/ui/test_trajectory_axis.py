"""The trajectory chart in the app reads honestly: its value axis starts at zero."""

from __future__ import annotations

from tests.ui.test_trajectory_page import open_trajectory_step


def test_the_apps_trajectory_chart_starts_at_zero(qtbot, start_app) -> None:
    _window, _editor, page = open_trajectory_step(qtbot, start_app)
    page.chart.grab()  # drawn as on the screen
    labels = page.chart.axis_labels
    assert labels[0] == "0" and len(labels) >= 3
    peak = max(p.co2 for s in page.chart.trajectory.scenarios.values() for p in s.points)
    assert float(labels[-1].replace(",", "")) >= peak
