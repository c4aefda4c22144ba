"""Form widgets for scenario keys, built from the scenario model's own metadata.

Each key's unit decides its widget: pounds are edited in £m, shares and rates in percent, years
and paths as whole numbers, choices in a drop-down. Ranges come from the model's constraints and
tooltips from its descriptions, so the form cannot drift from the file format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from simulator.scenario import field_bounds, field_choices, field_unit
from simulator.scenario.labels import LABELS, field_label  # noqa: F401  (LABELS: part of this module's API)

INT32_MAX = 2**31 - 1


@dataclass(frozen=True)
class Display:
    """How a unit is shown: value in the box = stored value * scale."""

    scale: float = 1.0
    prefix: str = ""
    suffix: str = ""
    decimals: int = 2
    step: float = 0.1


DISPLAYS = {
    "£": Display(1e-6, "£", " m", 2, 10.0),
    "£/head": Display(1.0, "£", " per head", 2, 1.0),
    "share": Display(100.0, "", " %", 1, 1.0),
    "rate": Display(100.0, "", " % a year", 2, 0.25),
    "exponent": Display(1.0, "", "", 2, 0.1),
    "sigma": Display(1.0, "", "", 2, 0.05),
}


def label_for(name: str) -> str:
    return field_label(name)


def make_editor(model: type[BaseModel], name: str) -> QWidget:
    """A widget editing one key of ``model``, with range, unit and tooltip set.

    The widget emits ``valueEdited(object)`` (stored units) when the user changes it and
    offers ``set_model_value(v)`` to show a value without emitting.
    """
    unit = field_unit(model, name)
    info = model.model_fields[name]
    lo, hi, _, _ = field_bounds(model, name)
    tip = info.description or ""
    if unit == "choice":
        widget: QWidget = ChoiceEditor(field_choices(model, name))
    elif unit == "indicator":
        widget = IndicatorEditor(optional=None in (info.default,))
    elif unit in ("years", "paths", "seed", "count"):
        widget = IntEditor(lo, hi, unit, optional=info.default is None)
    elif unit in DISPLAYS:
        widget = FloatEditor(DISPLAYS[unit], lo, hi)
    elif _is_dict(info.annotation):
        widget = MappingEditor()
    else:
        widget = TextEditor()
    range_text = describe_range(unit, lo, hi)
    widget.setToolTip(f"{tip}\n{range_text}".strip())
    widget.setObjectName(name)
    widget.setAccessibleName(label_for(name))
    widget.setAccessibleDescription(
        f"{tip} {range_text}".strip()
    )  # the field's help, read on request
    return widget


def describe_range(unit: str, lo: float | None, hi: float | None) -> str:
    """'Range: 0 % to 100 %' in display units, for tooltips."""
    if unit not in DISPLAYS and unit not in ("years", "paths"):
        return ""
    d = DISPLAYS.get(unit, Display(1.0, "", f" {unit}", 0))
    parts = []
    if lo is not None:
        parts.append(
            f"from {d.prefix}{lo * d.scale:,.{d.decimals if lo * d.scale % 1 else 0}f}{d.suffix}"
        )
    if hi is not None:
        parts.append(
            f"to {d.prefix}{hi * d.scale:,.{d.decimals if hi * d.scale % 1 else 0}f}{d.suffix}"
        )
    return ("Range: " + " ".join(parts)) if parts else ""


class WheelOnlyWithFocus:
    """A field that changes on the mouse wheel only when it has focus: scrolling the panel past
    it scrolls the panel (the wheel event goes to the scroll area) and changes nothing."""

    def _wheel_setup(self) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)


class ReportsClamping:
    """A number typed beyond the field's range becomes the nearest allowed value as it is typed,
    and ``clamped(message)`` says so when the field is left (typing 150 into a field of at most
    100 % shows 100 % and a message, never a silent 15 %)."""

    def _clamp_setup(self) -> None:
        self._clamped_from: float | None = None
        self.editingFinished.connect(self._report_clamp)

    def _typed_number(self, text: str) -> float | None:
        body = text
        for part in (self.prefix(), self.suffix()):
            if part.strip():
                body = body.replace(part.strip(), "")
        try:
            return float(body.replace(",", "").strip())
        except ValueError:
            return None

    def validate(self, text: str, pos: int):  # noqa: D102 (Qt API)
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        number = self._typed_number(text) if state == QValidator.State.Invalid else None
        if number is None or self.minimum() <= number <= self.maximum():
            return result
        self._clamped_from = number
        bound = min(max(number, self.minimum()), self.maximum())
        shown = f"{self.prefix()}{self.textFromValue(bound)}{self.suffix()}"
        return (QValidator.State.Acceptable, shown, len(shown) - len(self.suffix()))

    def _report_clamp(self) -> None:
        number, self._clamped_from = self._clamped_from, None
        if number is None:
            return
        bound = "most" if number > self.maximum() else "least"
        shown = self.textFromValue(self.value())
        self.clamped.emit(
            f"{self.accessibleName()}: {number:g}{self.suffix()} is out of range; the {bound} "
            f"it can be is {self.prefix()}{shown}{self.suffix()}, so that is used."
        )


class FloatEditor(ReportsClamping, WheelOnlyWithFocus, QDoubleSpinBox):
    valueEdited = Signal(object)
    clamped = Signal(str)

    def __init__(self, display: Display, lo: float | None, hi: float | None) -> None:
        super().__init__()
        self._wheel_setup()
        self._d = display
        self.setDecimals(display.decimals)
        self.setPrefix(display.prefix)
        self.setSuffix(display.suffix)
        self.setSingleStep(display.step)
        self.setGroupSeparatorShown(True)
        self.setKeyboardTracking(False)
        self.setRange(
            (lo if lo is not None else -1e12) * display.scale,
            (hi if hi is not None else 1e12) * display.scale,
        )
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.valueChanged.connect(self._emit)
        self._quiet = False
        self._clamp_setup()

    def _emit(self, shown: float) -> None:
        if not self._quiet:
            self.valueEdited.emit(round(shown / self._d.scale, 12))

    def model_value(self) -> float:
        return round(self.value() / self._d.scale, 12)

    def set_model_value(self, value: float) -> None:
        self._quiet = True
        try:
            self.setValue(float(value) * self._d.scale)
        finally:
            self._quiet = False


class IntEditor(ReportsClamping, WheelOnlyWithFocus, QSpinBox):
    valueEdited = Signal(object)
    clamped = Signal(str)

    def __init__(
        self, lo: float | None, hi: float | None, unit: str, optional: bool = False
    ) -> None:
        super().__init__()
        self._wheel_setup()
        self._optional = optional  # a key that may be left out: the lowest step means "left out"
        low = int(lo or 0) - (1 if optional else 0)
        self.setRange(low, int(min(hi if hi is not None else INT32_MAX, INT32_MAX)))
        if optional:
            self.setSpecialValueText("automatic")
        self.setGroupSeparatorShown(unit == "paths")
        self.setKeyboardTracking(False)
        if unit == "years":
            self.setSuffix(" years")
        if unit == "paths":
            self.setSingleStep(500)
        self.valueChanged.connect(self._emit)
        self._quiet = False
        self._clamp_setup()

    def _emit(self, value: int) -> None:
        if not self._quiet:
            self.valueEdited.emit(self.model_value())

    def model_value(self) -> int | None:
        if self._optional and self.value() == self.minimum():
            return None
        return int(self.value())

    def set_model_value(self, value: int | None) -> None:
        self._quiet = True
        try:
            self.setValue(self.minimum() if value is None else int(value))
        finally:
            self._quiet = False


#: How choice values are shown; the stored value is kept as the item's data.
CHOICE_TEXT = {
    None: "as in the file",
    "lad": "districts (lad)",
    "lsoa": "neighbourhoods (lsoa)",
    "working_age": "working age",
    1: "annual",
    4: "quarterly",
    12: "monthly",
}


class ChoiceEditor(WheelOnlyWithFocus, QComboBox):
    valueEdited = Signal(object)

    def __init__(self, choices: tuple[str | None, ...]) -> None:
        super().__init__()
        self._wheel_setup()
        for choice in choices:
            self.addItem(CHOICE_TEXT.get(choice, str(choice)), choice)
        self.currentIndexChanged.connect(self._emit)
        self._quiet = False

    def _emit(self, _index: int) -> None:
        if not self._quiet:
            self.valueEdited.emit(self.currentData())

    def model_value(self) -> Any:
        return self.currentData()

    def set_model_value(self, value: Any) -> None:
        self._quiet = True
        try:
            index = self.findData(value)
            self.setCurrentIndex(index if index >= 0 else 0)
        finally:
            self._quiet = False


class IndicatorEditor(WheelOnlyWithFocus, QComboBox):
    """Need indicator: a drop-down of the indicators the loaded data offer."""

    valueEdited = Signal(object)

    NONE_TEXT = "(none)"

    def __init__(self, optional: bool = False) -> None:
        super().__init__()
        self._wheel_setup()
        self._optional = optional
        self.addItem(self.NONE_TEXT if optional else "score")
        self.activated.connect(lambda _i: self.valueEdited.emit(self.model_value()))

    def set_indicators(self, names: list[str]) -> None:
        current = self.currentText()
        self.blockSignals(True)
        self.clear()
        if self._optional:
            self.addItem(self.NONE_TEXT)
        self.addItems(names)
        if self.findText(current) < 0 and current:
            self.addItem(current)
        self.setCurrentText(current)
        self.blockSignals(False)

    def model_value(self) -> str | None:
        text = self.currentText()
        return None if self._optional and text == self.NONE_TEXT else text

    def set_model_value(self, value: Any) -> None:
        text = self.NONE_TEXT if value is None else str(value)
        self.blockSignals(True)
        if self.findText(text) < 0:
            self.addItem(text)
        self.setCurrentText(text)
        self.blockSignals(False)


def _is_dict(annotation: Any) -> bool:
    from typing import get_origin

    return get_origin(annotation) is dict


class MappingEditor(QLineEdit):
    """A small table of numbers typed as ``score = 0.5, extent = 0.5`` (empty for none)."""

    valueEdited = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setPlaceholderText("e.g. score = 0.5, extent = 0.5")
        self.editingFinished.connect(lambda: self.valueEdited.emit(self.model_value()))

    def model_value(self) -> Any:
        """The mapping, or the raw text when it does not parse (the model then says why)."""
        text = self.text().strip()
        out: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, value = part.partition("=")
            try:
                out[key.strip()] = float(value)
            except ValueError:
                return text
            if not sep or not key.strip():
                return text
        return out

    def set_model_value(self, value: Any) -> None:
        self.setText(", ".join(f"{k} = {v:g}" for k, v in dict(value or {}).items()))


class TextEditor(QLineEdit):
    valueEdited = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.editingFinished.connect(lambda: self.valueEdited.emit(self.text()))

    def model_value(self) -> str:
        return self.text()

    def set_model_value(self, value: Any) -> None:
        self.setText(str(value))
