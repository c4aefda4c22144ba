"""Live mode follows an edit by moving the drawn chart, not drawing it again, and the table
waits until the chart is on screen."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

pytest.importorskip("PySide6")

from matplotlib.colors import to_hex  # noqa: E402

from tests.conftest import WAIT_MS  # noqa: E402
from ui.workshop.charts import highlight_colours  # noqa: E402

HIGHLIGHT = highlight_colours()[0]


def _settle(qtbot, w) -> None:
    qtbot.waitUntil(
        lambda: not w.runner.busy and not w.document._refine_timer.isActive(), timeout=WAIT_MS
    )


@contextmanager
def workshop(qtbot, window, size: tuple[int, int] | None = None):
    """Workshop mode open (at ``size``), closed afterwards with the main window settled."""
    window.workshop_action.trigger()
    shop = window.workshop
    try:
        if size is not None:
            qtbot.waitUntil(lambda: shop.isFullScreen())  # as opened, before it is resized
            shop.showNormal()
            shop.resize(*size)
        yield shop
    finally:
        shop.close()
    window.live_action.setChecked(False)
    _settle(qtbot, window)


def test_an_edit_moves_the_bars_of_the_chart_on_screen(qtbot, window):
    chart = window.allocation_chart
    ax, bars = chart.figure.axes[0], list(chart.figure.axes[0].patches)
    before = [b.get_width() for b in bars]
    window.live_action.setChecked(True)
    window.on_edited("recovery_fund.progressivity", 2.0)
    qtbot.waitUntil(
        lambda: chart.results.scenario["recovery_fund"]["progressivity"] == 2.0, timeout=WAIT_MS
    )
    _settle(qtbot, window)
    assert chart.figure.axes == [ax] and list(ax.patches) == bars  # the same artists, moved
    table = chart.results.recovery.table.sort_values("mean", ascending=False).iloc[::-1]
    widths = [b.get_width() for b in bars]
    assert widths == pytest.approx(table["mean"].to_numpy(), rel=1e-12)
    assert widths != pytest.approx(before, rel=1e-3)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table["name"])
    assert (
        f"seed {chart.results.seed}, {chart.results.paths:,} paths"
        in chart.figure.texts[0].get_text()
    )


def test_showing_fewer_bars_draws_the_chart_afresh(qtbot, window):
    chart = window.allocation_chart
    ax = chart.figure.axes[0]
    window.tabs.top_n.setValue(5)
    assert chart.figure.axes[0] is not ax
    assert len(chart.figure.axes[0].patches) == 5


def test_the_table_fills_when_it_is_shown_not_behind_a_chart_being_watched(qtbot, window):
    chart, table = window.allocation_chart, window.tabs.table
    fills = []
    table.proxy.modelReset.connect(lambda: fills.append(True))
    painted = []
    chart.canvas.painted.connect(lambda: painted.append(chart.results))
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.on_edited("recovery_fund.progressivity", 1.7)
        window.run()
    qtbot.waitUntil(lambda: painted and painted[-1] is window.results, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)
    assert fills == [] and window.tabs._table_results is window.results  # nobody looked
    window.tabs.setCurrentWidget(table)
    assert fills == [True] and window.tabs._table_results is None
    np.testing.assert_allclose(
        table.model.frame["mean"].to_numpy(), window.results.recovery.table["mean"].to_numpy()
    )
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):  # shown: filled at once
        window.on_edited("recovery_fund.progressivity", 1.9)
        window.run()
    qtbot.waitUntil(lambda: window.tabs._table_results is None, timeout=WAIT_MS)
    np.testing.assert_allclose(
        table.model.frame["mean"].to_numpy(), window.results.recovery.table["mean"].to_numpy()
    )


def test_workshop_highlight_follows_the_bars_as_they_move(qtbot, window):
    with workshop(qtbot, window, (1600, 900)) as shop:
        shop.highlight.setCurrentIndex(shop.highlight.findData("Saltmouth"))
        ax = shop.after_alloc.figure.axes[0]

        def marked():
            return [
                label.get_text()
                for patch, label in zip(ax.patches, ax.get_yticklabels())
                if to_hex(patch.get_facecolor()) == HIGHLIGHT.lower()
                or label.get_color() == HIGHLIGHT
            ]

        assert marked() == ["Saltmouth"]
        shop.split.setValue(shop.split.value() + 10)  # the recovery fund grows: bars move in place
        qtbot.waitUntil(
            lambda: shop.after_alloc.results is window.results and not window.runner.busy,
            timeout=WAIT_MS,
        )
        _settle(qtbot, window)
        assert shop.after_alloc.figure.axes == [ax]
        assert marked() == ["Saltmouth"]
        other = next(
            i for i in range(1, shop.highlight.count()) if shop.highlight.itemData(i) != "Saltmouth"
        )
        shop.highlight.setCurrentIndex(other)
        assert marked() == [shop.highlight.itemData(other)]  # and Saltmouth back to plain
        title = shop.after_alloc.figure.fundsim_title
        assert (
            sum(t is title for t in shop.after_alloc.figure.texts) == 1
        )  # one panel title, reused


def test_workshop_capacity_bias_moves_the_organisations_competition(qtbot, window):
    with workshop(qtbot, window) as shop:
        assert window.scenario.recovery_fund.mechanism == "formula"
        assert not shop.capacity.isEnabled() and shop.capacity_label.text() == "not used"
        shop.mechanism.setCurrentIndex(shop.mechanism.findData("competitive"))
        assert shop.capacity.isEnabled() and shop.capacity.value() == 10  # the usual gradient
        usual = list(window.scenario.competition.deprivation_gradient)
        shop.capacity.setValue(30)
        assert window.scenario.competition.deprivation_gradient == pytest.approx(
            [3 * g for g in usual]
        )
        assert (
            window.panel.editors["recovery_fund.capacity_gradient"].model_value() == 0
        )  # the reduced form's key untouched
        qtbot.waitUntil(
            lambda: (
                not window.runner.busy
                and window.results.scenario["competition"]["deprivation_gradient"][0]
                == pytest.approx(3 * usual[0])
            ),
            timeout=WAIT_MS,
        )
        biased = window.results.recovery.share_to_most_deprived_decile
        shop.capacity.setValue(0)
        qtbot.waitUntil(
            lambda: (
                not window.runner.busy
                and window.results.scenario["competition"]["deprivation_gradient"][0] == 0
            ),
            timeout=WAIT_MS,
        )
        assert (
            window.results.recovery.share_to_most_deprived_decile > biased + 0.02
        )  # less bias, more to the most deprived
        shop.mechanism.setCurrentIndex(shop.mechanism.findData("hybrid"))
        assert shop.capacity.value() == 0


def test_a_chart_moved_in_place_keeps_the_dark_theme(qtbot, window):
    from matplotlib.colors import to_rgba

    def light(color) -> bool:
        r, g, b, _a = to_rgba(color)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.7

    chart = window.allocation_chart
    try:
        window.set_theme("dark")
        qtbot.waitUntil(lambda: not light(chart.figure.get_facecolor()))
        ax = chart.figure.axes[0]
        with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
            window.on_edited("recovery_fund.progressivity", 2.5)
            window.run()
        assert chart.figure.axes == [ax]  # moved, not drawn again
        assert all(light(t.get_color()) for t in ax.get_yticklabels())
        assert light(ax._left_title.get_color()) and light(chart.figure.texts[0].get_color())
        assert not light(chart.figure.get_facecolor()) and not light(ax.get_facecolor())
    finally:
        window.set_theme("light")
    qtbot.waitUntil(lambda: light(chart.figure.get_facecolor()))
    assert not any(light(t.get_color()) for t in chart.figure.axes[0].get_yticklabels())


def test_workshop_controls_show_settings_made_elsewhere_as_they_are(qtbot, window):
    window.on_edited("endowment.spending_rule", "guardrails")
    window.on_edited("recovery_fund.mechanism", "competitive_simple")
    with workshop(qtbot, window) as shop:
        assert (
            shop.rule.currentData() == "guardrails"
            and shop.rule.currentText() != "Fixed % of value"
        )
        assert shop.mechanism.currentData() == "competitive_simple" and shop.capacity.isEnabled()
        assert shop.capacity.value() == round(10 * window.scenario.recovery_fund.capacity_gradient)
        assert shop.rate.isEnabled()
        shop.rule.setCurrentIndex(shop.rule.findData("spend_down"))
        assert window.scenario.endowment.spending_rule == "spend_down"
        assert (
            not shop.rate.isEnabled()
            and shop.rate_label.text() == "not used"
            and "spend_down" in shop.rate.toolTip()
        )
        window.panel.editors["endowment.spending_rule"].valueEdited.emit(
            "fixed_rate"
        )  # the panel, followed
        assert shop.rule.currentData() == "fixed_rate" and shop.rate.isEnabled()


def test_workshop_both_funds_puts_four_tall_charts_in_a_row(qtbot, window):
    with workshop(qtbot, window, (1920, 1080)) as shop:
        one = shop.after_alloc.height()
        shop.view.setCurrentIndex(shop.view.findData("both"))
        qtbot.waitUntil(lambda: shop.after_fan.isVisible() and shop.after_fan.height() > 0.8 * one)
        charts = (shop.before_alloc, shop.after_alloc, shop.before_fan, shop.after_fan)
        xs = [c.mapTo(shop, c.rect().topLeft()).x() for c in charts]
        assert (
            xs == sorted(xs) and len({c.mapTo(shop, c.rect().topLeft()).y() for c in charts}) == 1
        )  # one row
        widths = [c.width() for c in charts]
        assert max(widths) - min(widths) <= 0.05 * max(widths)  # equal quarters
        qtbot.waitUntil(
            lambda: shop.after_alloc.figure.fundsim_chars < 40
        )  # drawn again for a quarter of the screen
        ax = shop.after_alloc.figure.axes[0]
        assert len(ax.patches) == 12 and all(
            t.get_fontsize() >= 16 for t in ax.get_yticklabels()
        )  # every area, readable
        shop.view.setCurrentIndex(shop.view.findData("recovery"))
        qtbot.waitUntil(
            lambda: shop.after_alloc.figure.fundsim_chars > 40
        )  # drawn afresh for half the screen
        ax = shop.after_alloc.figure.axes[0]
        assert (
            ax.get_legend().get_visible()
            and min(t.get_fontsize() for t in ax.get_yticklabels()) >= 18
        )
