"""Workshop mode's before/after numbers, from the comparison engine: both scenarios run on the
same draws, so "what changed" is the paired difference, with its band."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from simulator.analysis.compare import compare
from simulator.core.money import format_money
from ui.areas_cache import areas_for


def summary_text(c) -> str:
    """One or two sentences a room can read: winners and losers, the most deprived's share,
    and the area that moves most, each with its 5-95% band on the same draws."""
    gain, lose = c.winners_losers[0], c.winners_losers[1]
    share = next(
        m for m in c.metrics if m["name"] == "recovery_fund.share_to_most_deprived.population_10"
    )
    t = c.areas
    if not t["B_change"].abs().gt(0.5).any():  # nothing moved by as much as a pound
        return "Now is the same as before: move a control to see who gains and who loses, on the same draws."
    row = t.loc[t["B_change"].abs().idxmax()]

    def pts(v: float) -> str:
        shown = round(100 * v, 1)
        return "0.0 pts" if shown == 0 else f"{shown:+.1f} pts"  # never "-0.0"

    def gain_text(n: float) -> str:
        return f"{n:.0f} area gains" if round(n) == 1 else f"{n:.0f} areas gain"

    def money(v: float) -> str:
        return ("+" if v > 0 else "") + format_money(v)

    return (
        f"Now against before, on the same draws: {gain_text(gain['on_mean_change'][1])} and "
        f"{lose['on_mean_change'][1]:.0f} lose more than £{c.threshold:,.0f} a head. Share to the most deprived 10% of "
        f"people {pts(share['difference_mean'][1])} ({pts(share['difference_p5'][1])} to {pts(share['difference_p95'][1])}). "
        f"Biggest change: {row['name']} {money(row['B_change'])} ({money(row['B_change_p5'])} to {money(row['B_change_p95'])})."
    )


class BeforeAfterSummary(QLabel):
    """Runs the comparison of 'before' and 'now' in the background, as a job on ``document``'s
    runner, and shows it in words. An edit cancels a comparison still going (it is of the
    scenario before the edit), so the edit's own run does not wait for it."""

    def __init__(self, document, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.comparison = None
        self.jobs = document.jobs(self)
        document.scenario_changed.connect(self._outdated)
        self.jobs.finished.connect(self._show)
        self.jobs.failed.connect(lambda _m, _d: self.setText(""))

    def compare(self, before, now) -> None:
        """Compare two scenarios (the before's seed and paths for both)."""

        def job(progress, should_stop):
            return compare(
                [before, now],
                [areas_for(before), areas_for(now)],
                names=["Before", "Now"],
                should_stop=should_stop,
            )

        self.jobs.start(job)

    def _outdated(self, _scenario) -> None:
        if self.jobs.busy:
            self.jobs.cancel()

    def _show(self, c) -> None:
        self.comparison = c
        self.setText(summary_text(c))
