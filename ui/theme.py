"""Light and dark themes, set at the source: the application palette, with its disabled colours.

Every widget draws from the palette (no widget hard-codes a text colour), so a switch shows
everywhere at once; charts recolour themselves on the palette change (ui/charts/style.py).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

DARK = {
    Role.Window: (45, 45, 48),
    Role.WindowText: (230, 230, 230),
    Role.Base: (30, 30, 32),
    Role.AlternateBase: (52, 52, 56),
    Role.ToolTipBase: (60, 60, 64),
    Role.ToolTipText: (240, 240, 240),
    Role.Text: (230, 230, 230),
    Role.Button: (58, 58, 62),
    Role.ButtonText: (230, 230, 230),
    Role.BrightText: (255, 120, 120),
    Role.Light: (90, 90, 96),
    Role.Midlight: (70, 70, 75),
    Role.Mid: (40, 40, 43),
    Role.Dark: (25, 25, 27),
    Role.Shadow: (0, 0, 0),
    Role.Highlight: (0, 114, 178),
    Role.HighlightedText: (255, 255, 255),
    Role.Link: (86, 180, 233),
    Role.LinkVisited: (204, 121, 167),
    Role.PlaceholderText: (150, 150, 150),
}
#: Disabled widgets: text clearly fainter, buttons flatter, so they never look enabled.
DARK_DISABLED = {
    Role.WindowText: (120, 120, 124),
    Role.Text: (120, 120, 124),
    Role.ButtonText: (120, 120, 124),
    Role.Button: (45, 45, 48),
    Role.Base: (40, 40, 43),
    Role.Highlight: (70, 70, 75),
    Role.HighlightedText: (160, 160, 160),
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, rgb in DARK.items():
        palette.setColor(role, QColor(*rgb))
    for role, rgb in DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(*rgb))
    return palette


def apply_theme(app: QApplication, name: str) -> None:
    """Switch the whole application to ``name`` ("light" or "dark"), live."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if name == "dark" else app.style().standardPalette())
