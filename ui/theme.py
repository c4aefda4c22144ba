"""Light, dark and high-contrast themes, set at the source: the application palette, with its
disabled colours. "system" follows the operating system: its contrast preference where Qt
reports one (Qt 6.10 and later: ``QStyleHints.accessibility().contrastPreference()``), else its
light or dark colour scheme (Qt 6.5 and later: ``QStyleHints.colorScheme()``), else light.

Every widget draws from the palette (no widget hard-codes a text colour), so a switch shows
everywhere at once; charts recolour themselves on the palette change (ui/charts/style.py). The
high-contrast theme is white on black with yellow selection, and a thick yellow frame around
whichever control has the keyboard focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

#: Each colour role in the two themes fundsim draws itself: (dark, high contrast).
COLOURS = {
    Role.Window: ((45, 45, 48), (0, 0, 0)),
    Role.WindowText: ((230, 230, 230), (255, 255, 255)),
    Role.Base: ((30, 30, 32), (0, 0, 0)),
    Role.AlternateBase: ((52, 52, 56), (28, 28, 28)),
    Role.ToolTipBase: ((60, 60, 64), (0, 0, 0)),
    Role.ToolTipText: ((240, 240, 240), (255, 255, 255)),
    Role.Text: ((230, 230, 230), (255, 255, 255)),
    Role.Button: ((58, 58, 62), (0, 0, 0)),
    Role.ButtonText: ((230, 230, 230), (255, 255, 255)),
    Role.BrightText: ((255, 120, 120), (255, 255, 0)),
    Role.Light: ((90, 90, 96), (255, 255, 255)),
    Role.Midlight: ((70, 70, 75), (200, 200, 200)),
    Role.Mid: ((40, 40, 43), (128, 128, 128)),
    Role.Dark: ((25, 25, 27), (255, 255, 255)),
    Role.Shadow: ((0, 0, 0), (255, 255, 255)),
    Role.Highlight: ((0, 114, 178), (255, 255, 0)),
    Role.HighlightedText: ((255, 255, 255), (0, 0, 0)),
    Role.Link: ((86, 180, 233), (0, 255, 255)),
    Role.LinkVisited: ((204, 121, 167), (255, 128, 255)),
    Role.PlaceholderText: ((150, 150, 150), (200, 200, 200)),
}
#: Disabled controls, (dark, high contrast): in the dark theme text clearly fainter and buttons
#: flatter, so they never look enabled; in high contrast still readable (9:1 on black) but
#: plainly not the white of live ones.
DISABLED = {
    Role.WindowText: ((120, 120, 124), (150, 150, 150)),
    Role.Text: ((120, 120, 124), (150, 150, 150)),
    Role.ButtonText: ((120, 120, 124), (150, 150, 150)),
    Role.Button: ((45, 45, 48), (0, 0, 0)),
    Role.Base: ((40, 40, 43), (0, 0, 0)),
    Role.Highlight: ((70, 70, 75), (90, 90, 90)),
    Role.HighlightedText: ((160, 160, 160), (255, 255, 255)),
}
#: The column of each theme in :data:`COLOURS` and :data:`DISABLED`.
COLUMNS = {"dark": 0, "high-contrast": 1}


def palette(theme: str) -> QPalette:
    """The application palette of ``theme`` ("dark" or "high-contrast"), disabled colours too."""
    column = COLUMNS[theme]
    out = QPalette()
    for role, colours in COLOURS.items():
        out.setColor(role, QColor(*colours[column]))
    for role, colours in DISABLED.items():
        out.setColor(Group.Disabled, role, QColor(*colours[column]))
    return out


#: The keyboard focus, unmistakable: a thick yellow frame on the focused control.
HIGH_CONTRAST_STYLE = """
QAbstractSpinBox, QLineEdit, QComboBox, QPlainTextEdit, QTextEdit { border: 1px solid #FFFFFF; padding: 2px; }
QAbstractSpinBox:disabled, QLineEdit:disabled, QComboBox:disabled { border: 1px dashed #969696; }
QAbstractSpinBox:focus, QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus,
QTextEdit:focus, QAbstractItemView:focus { border: 3px solid #FFFF00; }
QPushButton { border: 1px solid #FFFFFF; padding: 4px 10px; }
QPushButton:focus, QToolButton:focus { border: 3px solid #FFFF00; }
QCheckBox:focus, QRadioButton:focus { border: 2px solid #FFFF00; }
QTabBar::tab:selected { border: 2px solid #FFFFFF; }
QTabBar::tab:focus { border: 3px solid #FFFF00; }
QToolTip { border: 1px solid #FFFFFF; }
"""

THEMES = ("light", "dark", "high-contrast", "system")
THEME_LABELS = {
    "light": "&Light",
    "dark": "&Dark",
    "high-contrast": "&High contrast",
    "system": "Follow the &system",
}


def system_prefers_high_contrast(app: QApplication) -> bool:
    """True when the operating system asks for more contrast and Qt says so (Qt 6.10+)."""
    hints = app.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    preference = getattr(Qt, "ContrastPreference", None)
    if accessibility is None or preference is None:
        return False
    try:
        return accessibility().contrastPreference() == preference.HighContrast
    except (AttributeError, RuntimeError):
        return False


def system_prefers_dark(app: QApplication) -> bool:
    """True when the operating system's colour scheme is dark and Qt says so (Qt 6.5+)."""
    scheme = getattr(app.styleHints(), "colorScheme", None)
    if scheme is None:
        return False
    try:
        return scheme() == Qt.ColorScheme.Dark
    except (AttributeError, RuntimeError):
        return False


def resolve(app: QApplication, name: str) -> str:
    """The theme actually shown for ``name`` ("system" becomes one of the other three)."""
    if name != "system":
        return name if name in THEMES else "light"
    if system_prefers_high_contrast(app):
        return "high-contrast"
    return "dark" if system_prefers_dark(app) else "light"


_followers: list = []


def follow_system(app: QApplication, current: Callable[[], str]) -> None:
    """Apply the theme again when the system's scheme or contrast changes, while the chosen
    theme (``current()``) is "system". Connected once per application."""
    if _followers:
        return
    hints = app.styleHints()

    def changed(*_args) -> None:
        if current() == "system":
            apply_theme(app, "system")

    _followers.append(changed)
    signal = getattr(hints, "colorSchemeChanged", None)
    if signal is not None:
        signal.connect(changed)
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None:
        contrast = getattr(accessibility(), "contrastPreferenceChanged", None)
        if contrast is not None:
            contrast.connect(changed)


def apply_theme(app: QApplication, name: str) -> str:
    """Switch the whole application to ``name`` ("light", "dark", "high-contrast" or
    "system"), live; returns the theme shown."""
    shown = resolve(app, name)
    sheet = HIGH_CONTRAST_STYLE if shown == "high-contrast" else ""
    if app.styleSheet() and app.styleSheet() != sheet:
        app.setStyleSheet("")  # before the style changes: the sheet's style wraps the old one
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    if shown in COLUMNS:
        app.setPalette(palette(shown))
    else:
        app.setPalette(app.style().standardPalette())
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    return shown
