"""Light and dark themes for the window (charts stay on white, as they are printed)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def apply_theme(app: QApplication, name: str) -> None:
    app.setStyle("Fusion")
    if name != "dark":
        app.setPalette(app.style().standardPalette())
        return
    p = QPalette()
    dark, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    for role, color in (
        (QPalette.ColorRole.Window, dark),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, dark),
        (QPalette.ColorRole.ToolTipBase, dark),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, dark),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.Highlight, QColor(0, 114, 178)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150)),
    ):
        p.setColor(role, color)
    app.setPalette(p)
