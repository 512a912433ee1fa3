"""The PySide6 interface: binds widgets to the model and calls the operations of workflows/."""

from ui.pyside_feature import stop_reading_sources

stop_reading_sources()
