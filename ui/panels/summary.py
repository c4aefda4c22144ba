"""Headline figures above the charts: what a minister's office asks first."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.core.money import format_money, format_share
from simulator.measures import label, measure
from simulator.recovery.summary import competition_warnings
from simulator.results import Results, prob_se
from ui.charts.base import Badge

#: Unspent money below this share of the fund is not worth a line (formula runs spend it all).
UNSPENT_SHOWN_ABOVE = 0.001


def money_reached(results: Results) -> tuple[str, str]:
    """The money that reached areas, as a card's value and caption: "distributed" for a formula,
    "awarded" with its 90% range and the unspent remainder when a competition leaves money over."""
    rec = results.recovery
    awarded = rec.measures.get("awarded", {})
    unspent = rec.measures.get("unspent", {})
    if unspent.get("mean", 0.0) <= UNSPENT_SHOWN_ABOVE * max(rec.distributed, 1.0):
        return format_money(rec.distributed), "distributed to areas"
    if rec.measures.get("competition", {}).get("every_bid_funded"):  # a zero-width band, and why
        return (
            format_money(awarded["mean"]),
            f"awarded of {format_money(rec.distributed)}: every bid funded; {format_money(unspent['mean'])} unspent",
        )
    band = f"{format_money(awarded['p5'])}–{format_money(awarded['p95'])}"
    left = f"{format_money(unspent['mean'])} unspent ({format_money(unspent['p5'])}–{format_money(unspent['p95'])})"
    return format_money(
        awarded["mean"]
    ), f"awarded of {format_money(rec.distributed)} (90%: {band}); {left}"


class _Card(QFrame):
    def __init__(self, title: str, tip: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.value = QLabel("–")
        self.value.setObjectName("card_value")
        font = self.value.font()
        font.setPointSize(17)
        font.setWeight(font.Weight.DemiBold)
        self.value.setFont(font)  # a font, not a style sheet, so the palette's text colour applies
        self.caption = QLabel(title)
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_stale(self, stale: bool) -> None:
        self.value.setEnabled(not stale)  # the palette's disabled text: visibly faded
        self.caption.setEnabled(not stale)


#: The cards and the measure each shows (labels and meanings from the measures registry).
CARDS = {
    "distributed": "recovery_fund.distributed",
    "decile": "recovery_fund.share_to_most_deprived_decile",
    "median_real": "endowment.value_real.p50[-1]",
    "preserved": "endowment.prob_real_value_preserved",
}


def _caption(path: str) -> str:
    """A measure's label as a card's caption: lower case first."""
    text = label(path)
    return text[:1].lower() + text[1:]


class SummaryStrip(QWidget):
    """Four headline numbers, updated with each result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        self.cards = {
            name: _Card(_caption(path), measure(path).description) for name, path in CARDS.items()
        }
        self.stale_note = Badge(
            "⟳ Out of date: these results are for the previous inputs (press Run, F5)", self
        )
        self.stale_note.setObjectName("stale_note")
        for card in self.cards.values():
            layout.addWidget(card)
        outer.addLayout(layout)
        self.stale = False

    def set_stale(self, stale: bool, running: bool = False) -> None:
        """Mark the figures as not matching the inputs (after an edit, or while a run is going)."""
        self.stale = stale
        self.stale_note.setText(
            "⟳ Updating: these results are for the previous inputs"
            if running
            else "⟳ Out of date: these results are for the previous inputs (press Run, F5)"
        )
        self.stale_note.setVisible(stale)
        for card in self.cards.values():
            card.set_stale(stale)

    def set_results(self, results: Results) -> None:
        rec, end = results.recovery, results.endowment
        value, caption = money_reached(results)
        self.cards["distributed"].value.setText(value)
        self.cards["distributed"].caption.setText(caption)
        self.cards["decile"].value.setText(format_share(rec.share_to_most_deprived_decile))
        self.cards["median_real"].value.setText(format_money(float(end.value_real["p50"][-1])))
        self.cards["preserved"].value.setText(format_share(end.prob_real_value_preserved, 1))
        self._add_errors(results)
        for warning in competition_warnings(rec):  # why the awarded money has no spread
            self.cards["distributed"].setToolTip(
                f"{warning}\n\n{self.cards['distributed'].toolTip()}"
            )

    def _add_errors(self, results: Results) -> None:
        """Each figure's Monte Carlo standard error, in the caption or the tooltip."""
        rec, end = results.recovery, results.endowment
        note = f"Monte Carlo standard error, {results.paths:,} draws: a rerun with another seed typically moves the figure by about this much."
        se = rec.measures.get("share_to_most_deprived_decile_se")
        if se is not None:
            self.cards["decile"].setToolTip(
                f"{measure(CARDS['decile']).description} "
                f"{format_share(rec.share_to_most_deprived_decile)} ± {format_share(se, 2)}. {note}"
            )
        value_real = end.value_real
        if "p50_low" in value_real:  # a median has an interval, not a "±"
            low, high = value_real["p50_low"][-1], value_real["p50_high"][-1]
            self.cards["median_real"].setToolTip(
                f"{measure(CARDS['median_real']).description} 95% interval of this median from "
                f"the order statistics of {results.paths:,} draws: {format_money(float(low))} to "
                f"{format_money(float(high))}."
            )
        awarded = rec.measures.get("awarded", {})
        if "mean_se" in awarded:
            self.cards["distributed"].setToolTip(
                f"The recovery fund less the admin top-slice, {format_money(rec.distributed)}; awarded on average "
                f"{format_money(awarded['mean'])} ± {format_money(awarded['mean_se'])}. {note}"
            )
        p = end.prob_real_value_preserved
        error = prob_se(p, end.paths) if end.paths else None
        if error is not None:
            self.cards["preserved"].caption.setText(
                f"{_caption(CARDS['preserved'])} (± {format_share(float(error))})"
            )
            self.cards["preserved"].setToolTip(
                f"{measure(CARDS['preserved']).description} "
                f"{format_share(p)} ± {format_share(float(error))}. {note}"
            )
