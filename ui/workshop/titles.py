"""The one-line titles over workshop mode's charts ("Before (kept): formula, 4.0% spending",
"Now: competitive, 4.0% spending"): every title one line in one bold type, cut short with "…"
where its panel is narrow (the whole title in its tooltip), so before and now are the same size
and their charts line up."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy


def describe(results) -> str:
    """How a run gives its money and spends its endowment, in a few words."""
    return (
        f"{results.recovery.measures.get('mechanism', '')}, "
        f"{100 * results.scenario['endowment']['spending_rate']:.1f}% spending"
    )


class PanelTitle(QLabel):
    """A bold one-line label that never asks for more width than it is given."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        font = QFont(self.font())
        font.setBold(True)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setToolTip(text)

    def setText(self, text: str, *shorter: str) -> None:  # noqa: N802 (Qt API)
        """``text``, or where it does not fit the first of ``shorter`` that does."""
        self.forms = (text, *shorter)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, self.fontMetrics().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.fontMetrics().horizontalAdvance(self.text()), self.fontMetrics().height())

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.width()
        )
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()
