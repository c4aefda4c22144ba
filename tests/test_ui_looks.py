"""Looks: themes switched live, found areas in context, money on axes, print-quality charts."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from matplotlib.colors import to_rgba  # noqa: E402
from PySide6.QtGui import QGuiApplication, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from simulator.outputs.house import MoneyAxis  # noqa: E402
from ui.charts.style import PRINT_DPI, PRINT_SIZE_IN  # noqa: E402


def lightness(color) -> float:
    r, g, b, _a = to_rgba(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_dark_theme_and_back_to_light_live(qtbot, window):
    value = window.summary.cards["distributed"].value
    ax = window.allocation_chart.figure.axes[0]
    assert lightness(window.allocation_chart.figure.get_facecolor()) > 0.9
    try:
        window.set_theme("dark")
        qtbot.waitUntil(lambda: lightness(window.allocation_chart.figure.get_facecolor()) < 0.3)
        text = value.palette().color(QPalette.ColorRole.WindowText)
        back = value.palette().color(QPalette.ColorRole.Window)
        assert (
            text.lightness() - back.lightness() > 120
        )  # headline numbers readable on the dark card
        palette = QApplication.instance().palette()
        enabled = palette.color(
            QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText
        ).lightness()
        disabled = palette.color(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText
        ).lightness()
        assert enabled - disabled > 60  # disabled buttons look disabled
        ax = window.allocation_chart.figure.axes[0]
        assert all(lightness(t.get_color()) > 0.7 for t in ax.get_yticklabels())
        assert lightness(ax._left_title.get_color()) > 0.7
    finally:
        window.set_theme("light")
    qtbot.waitUntil(lambda: lightness(window.allocation_chart.figure.get_facecolor()) > 0.9)
    ax = window.allocation_chart.figure.axes[0]
    assert all(lightness(t.get_color()) < 0.3 for t in ax.get_yticklabels())
    assert value.palette().color(QPalette.ColorRole.WindowText).lightness() < 80


def test_toolbar_icons_follow_the_theme(qtbot, window):
    toolbar = window.allocation_chart.toolbar

    def ink() -> float:  # of the icon the button shows now
        image = toolbar._actions["home"].icon().pixmap(24, 24).toImage()
        dark = [image.pixelColor(x, y) for x in range(24) for y in range(24)]
        solid = [c for c in dark if c.alpha() > 200]
        return sum(c.lightness() for c in solid) / len(solid)

    assert ink() < 80
    try:
        window.set_theme("dark")
        qtbot.waitUntil(lambda: ink() > 170)
    finally:
        window.set_theme("light")


def test_a_found_area_is_shown_in_context_and_a_stale_search_says_so(qtbot, window):
    window.tabs.search.setText("Saltmouth")
    ax = window.allocation_chart.figure.axes[0]
    table = window.results.recovery.table.sort_values("mean", ascending=False).reset_index(
        drop=True
    )
    row = table[table["name"] == "Saltmouth"].iloc[0]  # noqa: F841
    rank = int(table.index[table["name"] == "Saltmouth"][0]) + 1
    assert f"Saltmouth: rank {rank} of 12" in ax.get_title(loc="left")
    assert "per head" in ax.get_title(loc="left")
    assert (
        ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= table["p95"].max()
    )  # all areas, not one huge bar
    window.tabs.search.setText("nowhere at all")
    assert window.allocation_chart.figure.axes == []  # no empty axis from -£0.04 to £0.04
    assert "No area matches" in " ".join(t.get_text() for t in window.allocation_chart.figure.texts)
    window._load(window.scenario.path)
    assert window.tabs.search.text() == ""  # a new scenario starts without a stale search


def test_money_axes_use_one_unit_and_one_precision():
    f = MoneyAxis()
    f.set_locs([0, 1e9, 2e9, 3e9, 4e9])
    assert [f(v) for v in (0, 1e9, 4e9)] == ["£0", "£1bn", "£4bn"]
    f.set_locs([0, 5e8, 1e9, 1.5e9])
    assert [f(v) for v in (5e8, 1e9, 1.5e9)] == ["£0.5bn", "£1.0bn", "£1.5bn"]
    f.set_locs([0, 2.5e5, 5e5])
    assert f(2.5e5) == "£250k"


def test_fan_chart_axis_reads_in_billions(qtbot, window):
    window.tabs.setCurrentWidget(window.endowment_chart)
    qtbot.waitUntil(lambda: bool(window.endowment_chart.figure.axes))
    window.endowment_chart.canvas.draw()
    labels = [
        t.get_text()
        for t in window.endowment_chart.figure.axes[0].get_yticklabels()
        if t.get_text()
    ]
    assert labels and all(t == "£0" or t.endswith("bn") for t in labels)
    assert len({len(t.split(".")[-1]) for t in labels if "." in t}) <= 1


def test_charts_save_at_print_quality_and_copy(qtbot, window, tmp_path):
    chart = window.allocation_chart
    png = chart.save_chart(tmp_path / "allocation.png")
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert (image.width(), image.height()) == (
        round(PRINT_SIZE_IN[0] * PRINT_DPI),
        round(PRINT_SIZE_IN[1] * PRINT_DPI),
    )
    assert round(image.dotsPerMeterX() * 0.0254) == PRINT_DPI
    assert (
        chart.save_chart(tmp_path / "allocation.svg")
        .read_text(encoding="utf-8")
        .lstrip()
        .startswith("<?xml")
    )
    assert chart.save_chart(tmp_path / "allocation.pdf").read_bytes()[:5] == b"%PDF-"
    chart.copy_chart()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasImage() and mime.hasFormat("image/svg+xml")
    pasted = QImage.fromData(bytes(mime.data("image/png")), "PNG")
    assert pasted.width() == round(PRINT_SIZE_IN[0] * PRINT_DPI)
    # saved charts are on white whatever the theme
    try:
        window.set_theme("dark")
        qtbot.waitUntil(lambda: lightness(chart.figure.get_facecolor()) < 0.3)
        dark_png = QImage(str(chart.save_chart(tmp_path / "dark.png")))
        assert dark_png.pixelColor(5, 5).lightness() > 250
    finally:
        window.set_theme("light")


def test_progress_label_is_in_the_status_bar_not_clipped(qtbot, window):
    window.document.runs.progress.emit(0.5, "Recovery fund: draws 1,000 of 2,000")
    assert window.progress.format() == "%p%"
    assert "Recovery fund: draws 1,000 of 2,000" in window.status_label.text()


def test_workshop_fills_the_screen_from_the_start_and_highlights_an_area(qtbot, window):
    from matplotlib.colors import to_hex

    window.workshop_action.trigger()
    shop = window.workshop
    try:
        shop.showNormal()
        shop.resize(1920, 1080)
        assert shop.before is window.results  # both halves drawn at once
        assert shop.before_alloc.canvas.isVisible() and shop.after_alloc.canvas.isVisible()
        assert window.tabs.paused  # the covered main window does not redraw
        shop.highlight.setCurrentIndex(shop.highlight.findData("Saltmouth"))
        from ui.workshop.charts import highlight_colours

        for chart in (shop.before_alloc, shop.after_alloc):
            ax = chart.figure.axes[0]
            marked = [
                label.get_text()
                for patch, label in zip(ax.patches, ax.get_yticklabels())
                if to_hex(patch.get_facecolor()) == highlight_colours()[0].lower()
            ]
            assert marked == ["Saltmouth"]
            assert (
                min(label.get_fontsize() for label in ax.get_yticklabels()) >= 18
            )  # readable at 5 m
        shop.view.setCurrentIndex(shop.view.findData("endowment"))
        assert shop.before_fan.isVisibleTo(shop) and not shop.before_alloc.isVisibleTo(shop)
    finally:
        shop.close()
    assert not window.tabs.paused
    window.live_action.setChecked(False)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)


def test_help_has_searchable_how_to_pages_and_a_close_button(qtbot, window):
    window.help_action.trigger()
    dialog = window.help_dialog
    titles = [dialog.topics.item(i).text() for i in range(dialog.topics.count())]
    assert titles[:4] == [
        "Open the official deprivation files",
        "Compare formula and competition",
        "Read a fan chart",
        "Export for Word",
    ]
    dialog.search.setText("File 6")
    shown = [
        dialog.topics.item(i).text()
        for i in range(dialog.topics.count())
        if not dialog.topics.item(i).isHidden()
    ]
    assert shown[0] == "Open the official deprivation files" and "Read a fan chart" not in shown
    assert "Drag both files together" in dialog.browser.toPlainText()
    assert "--population" not in dialog.browser.toPlainText()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
