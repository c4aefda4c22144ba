"""Accessible names and descriptions for every input control, wherever it is built.

A screen reader announces a control by its accessible name and reads its description on
request. Most of fundsim's controls sit beside a label (a form row) and carry a tooltip (the
field's help), so :func:`name_controls` gives every input control under a window, that has no
accessible name yet, the text of its label (the form's label, a button's own text, a check box's
text, a line edit's placeholder, or failing those its tooltip's first sentence), and as its
description its tooltip. :class:`AccessibleNames`, installed once on the application, does this
for every window and dialog as it is first shown, so a dialog built anywhere is covered.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

#: Widgets a user types into, picks from or presses: each needs an accessible name.
INPUTS = (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QAbstractSlider,
    QAbstractItemView,
    QTabBar,
)


def is_input(widget: QWidget) -> bool:
    """A control a user operates (the line edit inside a spin box or combo box excluded: its
    owner carries the name)."""
    if not isinstance(widget, INPUTS):
        return False
    parent = widget.parentWidget()
    return not (isinstance(widget, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)))


def _plain(text: str) -> str:
    """Label text as spoken: no mnemonic ampersands, no rich-text tags, no trailing colon."""
    text = (
        re.sub(r"<[^>]+>", "", text or "").replace("&&", "\0").replace("&", "").replace("\0", "&")
    )
    return " ".join(text.split()).rstrip(":").strip()


def _form_label(widget: QWidget) -> str:
    """The label a form layout shows beside ``widget`` (or beside the row it sits in)."""
    child = widget
    while child is not None and child.parentWidget() is not None:
        layout = child.parentWidget().layout()
        forms = [layout] if isinstance(layout, QFormLayout) else []
        if layout is not None:
            forms += layout.findChildren(QFormLayout)
        for form in forms:
            label = form.labelForField(child)
            if isinstance(label, QLabel) and _plain(label.text()):
                return _plain(label.text())
        if isinstance(child.parentWidget(), (QGroupBox,)):
            break
        child = child.parentWidget()
        if child.isWindow():
            break
    return ""


def _buddy_label(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and _plain(label.text()):
            return _plain(label.text())
    return ""


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    return re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:") if text else ""


def derived_name(widget: QWidget) -> str:
    """The name a control would be announced by, from what a sighted user sees beside it."""
    if isinstance(widget, QAbstractButton) and _plain(widget.text()):
        return _plain(widget.text())
    for found in (_buddy_label(widget), _form_label(widget)):
        if found:
            return found
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return _plain(widget.placeholderText()).rstrip("…").rstrip(".")
    if isinstance(widget, QPlainTextEdit) and widget.placeholderText():
        return _plain(widget.placeholderText()).rstrip("…")
    if isinstance(widget, QAbstractSpinBox) and hasattr(widget, "prefix"):
        words = _plain(f"{widget.prefix()} {widget.suffix()}")
        if words:
            return words
    if widget.toolTip():
        return _first_sentence(_plain(widget.toolTip()))
    action = getattr(widget, "defaultAction", lambda: None)()
    if action is not None and _plain(action.text()):
        return _plain(action.text())
    if widget.objectName() and not widget.objectName().startswith("qt_"):
        return widget.objectName().replace("_", " ")
    if isinstance(widget, QTabBar):
        return "Tabs"
    return widget.metaObject().className().lstrip("Q")


def name_controls(root: QWidget) -> int:
    """Give every input control under ``root`` (and ``root`` itself) that has none an accessible
    name and, from its tooltip, a description. Returns how many were named."""
    named = 0
    for widget in [root, *root.findChildren(QWidget)]:
        if not is_input(widget):
            continue
        if not widget.accessibleName():
            widget.setAccessibleName(derived_name(widget))
            named += 1
        if not widget.accessibleDescription() and widget.toolTip():
            widget.setAccessibleDescription(_plain(widget.toolTip()))
    return named


class AccessibleNames(QObject):
    """Names the controls of every window and dialog when it is shown (and again later, for
    controls added since: a dialog's pages, a chart's data table)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            name_controls(watched)
        return False


_installed: list[AccessibleNames] = []


def install(app: QApplication | None = None) -> None:
    """Name the controls of every window the application shows (once per application)."""
    app = app or QApplication.instance()
    if app is None or _installed:
        return
    names = AccessibleNames(app)
    app.installEventFilter(names)
    _installed.append(names)
