"""Headline figures above the charts: what a minister's office asks first."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.core.money import format_money, format_share
from simulator.results import Results


class _Card(QFrame):
    def __init__(self, title: str, tip: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 17pt; font-weight: 600;")
        caption = QLabel(title)
        caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(caption)


class SummaryStrip(QWidget):
    """Four headline numbers, updated with each result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cards = {
            "distributed": _Card("distributed to areas", "The recovery fund less the admin top-slice."),
            "decile": _Card("to the most deprived 10% of areas", "Share of the money that reaches the tenth of areas with the highest need."),
            "median_real": _Card("median real value at the horizon", "Half of the simulated futures end above this endowment value, in pounds of year 0."),
            "preserved": _Card("chance the endowment keeps its real value", "Share of futures in which the endowment's real value at the horizon is at least its starting value."),
        }
        for card in self.cards.values():
            layout.addWidget(card)

    def set_results(self, results: Results) -> None:
        rec, end = results.recovery, results.endowment
        self.cards["distributed"].value.setText(format_money(rec.distributed))
        self.cards["decile"].value.setText(format_share(rec.share_to_most_deprived_decile))
        self.cards["median_real"].value.setText(format_money(float(end.value_real["p50"][-1])))
        self.cards["preserved"].value.setText(format_share(end.prob_real_value_preserved, 0))
