"""The window's shortcuts work while a field has focus.

A line edit claims some keys for itself (Ctrl+E moves to the end of the line on Linux), and a
number typed into a field is only taken when the field is left. The guard lets the window's own
shortcuts through and first commits the value being typed, so F5 runs with it and Ctrl+E
exports it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget


def commit_focused_field() -> None:
    """Take the value being typed in the focused number field, as leaving it would."""
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, QAbstractSpinBox):
        widget = widget.parentWidget()
    if isinstance(widget, QAbstractSpinBox):
        widget.interpretText()


class ShortcutGuard(QObject):
    """Event filter (on the application) giving ``actions``' shortcuts priority over fields of ``window``."""

    def __init__(self, window: QWidget, actions: list[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._actions = actions

    def _matches(self, sequence: QKeySequence) -> bool:
        return any(
            s.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch
            for a in self._actions
            for s in a.shortcuts()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self._window:
            return False
        if not self._matches(QKeySequence(event.keyCombination())):
            return False
        commit_focused_field()
        event.ignore()  # not the field's key: the shortcut fires
        return True
