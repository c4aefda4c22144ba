"""The Map tab: hover, pick an area on the map, a chart or the table, choose what to show, save."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6")

from matplotlib.backend_bases import MouseEvent  # noqa: E402
from PySide6.QtCore import QItemSelectionModel  # noqa: E402

from simulator.outputs.maps import formatter  # noqa: E402
from ui.maps.selection import MARK  # noqa: E402


def send(canvas, name: str, x: float, y: float) -> None:
    event = MouseEvent(name, canvas, x, y, button=1 if name == "button_press_event" else None)
    canvas.callbacks.process(name, event)


def hex_point(map_widget, code: str) -> tuple[float, float]:
    hexmap = map_widget.hexmap
    centre = hexmap.layout.centres()[hexmap.layout.index()[code]]
    return tuple(hexmap.ax.transData.transform(centre))


def show_map(window):
    window.tabs.setCurrentWidget(window.tabs.map)
    assert window.tabs.map.hexmap is not None
    window.tabs.map.canvas.draw()
    return window.tabs.map


def test_map_tab_draws_the_workshop_areas_and_hover_names_value_and_band(window):
    m = show_map(window)
    table = window.results.recovery.table.set_index("code")
    assert len(m.hexmap.layout) == 12
    np.testing.assert_allclose(
        m.hexmap.values, table.loc[list(m.hexmap.layout.codes), "per_capita"]
    )
    send(m.canvas, "motion_notify_event", *hex_point(m, "WS02"))
    row = table.loc["WS02"]
    fmt = formatter("per_head")
    assert m.hover.text() == (
        f"Saltmouth (WS02)  ·  {fmt(row.per_capita)}  ·  "
        f"5th-95th percentile: {fmt(row.p5 / row.population)} to {fmt(row.p95 / row.population)}"
    )


def test_clicking_a_hex_picks_the_area_in_the_table_and_every_chart(window):
    m = show_map(window)
    send(m.canvas, "button_press_event", *hex_point(m, "WS09"))
    assert window.tabs.selection.code == "WS09"
    rows = window.tabs.table.view.selectionModel().selectedRows(
        window.tabs.table.model.columns.index("name")
    )
    assert [r.data() for r in rows] == ["Millbeck"]
    assert len(m.hexmap._highlight) == 2  # the hex is outlined
    window.tabs.table.set_frame(window.results.recovery.table)  # as a new run does: the pick stays
    rows = window.tabs.table.view.selectionModel().selectedRows(
        window.tabs.table.model.columns.index("name")
    )
    assert [r.data() for r in rows] == ["Millbeck"] and window.tabs.selection.code == "WS09"
    window.tabs.setCurrentWidget(window.tabs.allocation)
    labels = {t.get_text(): t for t in window.allocation_chart.figure.axes[0].get_yticklabels()}
    assert labels["Millbeck"].get_color() == MARK and labels["Millbeck"].get_fontweight() == "bold"
    assert labels["Eastgate"].get_color() != MARK
    window.tabs.setCurrentWidget(window.tabs.per_capita)  # drawn after the pick: marked on drawing
    ax = window.tabs.per_capita.figure.axes[0]
    marked = [t.get_text() for t in ax.texts if t.get_color() == MARK]
    assert marked == ["Millbeck"]
    ring = [line for line in ax.lines if line.get_gid() == "fundsim-picked-area"]
    row = window.results.recovery.table.set_index("code").loc["WS09"]
    assert len(ring) == 1 and ring[0].get_xydata()[0] == pytest.approx((row.need, row.per_capita))


def test_picking_a_table_row_or_a_bar_outlines_its_hex(window, qtbot):
    m = show_map(window)
    table = window.tabs.table
    # The table is filled when it is shown (its columns too): show it, as a user picking a
    # row does, and wait for its rows.
    window.tabs.setCurrentWidget(table)
    qtbot.waitUntil(
        lambda: (
            "code" in table.model.columns
            and any(
                table.proxy.index(r, table.model.columns.index("code")).data() == "WS08"
                for r in range(table.proxy.rowCount())
            )
        ),
        timeout=30_000,
    )
    proxy_row = next(
        r
        for r in range(table.proxy.rowCount())
        if table.proxy.index(r, table.model.columns.index("code")).data() == "WS08"
    )
    table.view.selectionModel().select(
        table.proxy.index(proxy_row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert window.tabs.selection.code == "WS08"
    outline = m.hexmap._highlight[0].get_xy()[:6].mean(axis=0)
    np.testing.assert_allclose(
        outline, m.hexmap.layout.centres()[m.hexmap.layout.index()["WS08"]], atol=1e-9
    )
    # a click on Kingsmere's bar in the allocation chart
    window.tabs.setCurrentWidget(window.tabs.allocation)
    chart = window.allocation_chart
    chart.canvas.draw()
    ax = chart.figure.axes[0]
    label = next(t for t in ax.get_yticklabels() if t.get_text() == "Kingsmere")
    x, y = ax.transData.transform((ax.get_xlim()[1] * 0.02, label.get_position()[1]))
    send(chart.canvas, "button_press_event", x, y)
    assert window.tabs.selection.code == "WS03"
    window.tabs.setCurrentWidget(m)
    outline = m.hexmap._highlight[0].get_xy()[:6].mean(axis=0)
    np.testing.assert_allclose(
        outline, m.hexmap.layout.centres()[m.hexmap.layout.index()["WS03"]], atol=1e-9
    )


def test_choose_what_the_map_shows(window):
    m = show_map(window)
    items = {
        m.measure.itemData(i): m.measure.model().item(i).isEnabled()
        for i in range(m.measure.count())
    }
    assert (
        items["need"] and items["endowment_grants"] and not items["bid_costs"]
    )  # no bid costs in this run
    m.measure.setCurrentIndex(m.measure.findData("need"))
    table = window.results.recovery.table.set_index("code")
    np.testing.assert_allclose(m.hexmap.values, table.loc[list(m.hexmap.layout.codes), "need"])
    assert m.figure.axes[0].get_title(loc="left").startswith("Need: score")
    m.measure.setCurrentIndex(m.measure.findData("gain"))
    assert m.hexmap.diverging and m.hexmap.norm(0.0) == pytest.approx(0.5)


def test_save_writes_the_map_at_print_resolution(window, tmp_path, monkeypatch):
    from matplotlib.image import imread
    from PySide6.QtWidgets import QFileDialog

    m = show_map(window)
    target = tmp_path / "map.png"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    m.toolbar.save_figure()
    height, width = imread(target).shape[:2]
    expected = m.print_figure().get_size_inches() * 300
    assert (width, height) == pytest.approx(tuple(expected), abs=2)
    assert (
        width == pytest.approx(6.3 * 300, abs=2) and height > width * 0.8
    )  # a map's shape, a Word page's width


def test_workshop_mode_shows_before_and_after_maps_on_one_scale(qtbot, window):
    window.workshop_action.trigger()
    shop = window.workshop
    try:
        shop.pin_before()
        with qtbot.waitSignal(window.runner.finished, timeout=20000):
            shop.mechanism.setCurrentIndex(shop.mechanism.findData("competitive"))
        qtbot.waitUntil(
            lambda: (
                not window.runner.busy
                and window.results.recovery.measures["mechanism"] == "competitive"
            ),
            timeout=30000,
        )
        shop.maps.toggle.setChecked(True)
        before, after = shop.maps.before, shop.maps.after
        assert before.isVisible() and after.isVisible() and not shop.before_alloc.isVisible()
        assert before.hexmap.norm.vmin == after.hexmap.norm.vmin
        lo = min(
            shop.before.recovery.table["per_capita"].min(),
            window.results.recovery.table["per_capita"].min(),
        )
        assert before.hexmap.norm.vmin == pytest.approx(lo)
        table = shop.before.recovery.table.set_index("code")
        np.testing.assert_allclose(
            before.hexmap.values, table.loc[list(before.hexmap.layout.codes), "per_capita"]
        )
        shop.highlight.setCurrentIndex(
            shop.highlight.findData("Saltmouth")
        )  # the trainer's area, on both maps
        code = table.index[table["name"] == "Saltmouth"][0]
        assert (
            before.selected == after.selected == code
            and before.hexmap._highlight
            and after.hexmap._highlight
        )
        shop.maps.toggle.setChecked(False)
        shop.maps.toggle.setChecked(True)  # drawn again: still outlined
        assert after.selected == code and after.hexmap._highlight
        shop.maps.toggle.setChecked(False)
        assert shop.before_alloc.isVisible() and not before.isVisible()
    finally:
        shop.close()
        window.live_action.setChecked(False)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)


def test_a_neighbourhood_run_picks_a_district_and_its_neighbourhoods(qtbot, tmp_path):
    from simulator import load_scenario
    from simulator.bench import write_iod_like_files
    from simulator.data import load_data_source
    from simulator.engine import run
    from tests.conftest import PRESET
    from ui.charts.tabs import ChartTabs

    f1, f6 = write_iod_like_files(tmp_path, n=2000, seed=2)
    scenario = (
        load_scenario(PRESET)
        .updated("simulation.paths", 100)
        .updated("recovery_fund.need_indicator", "rank_exponential")
    )
    results = run(scenario, load_data_source(f1, population=f6, level="lsoa"))
    tabs = ChartTabs()
    qtbot.addWidget(tabs)
    tabs.resize(1000, 700)
    tabs.show()
    tabs.set_results(results)
    tabs.setCurrentWidget(tabs.map)
    tabs.refresh_current()  # as the window does when a tab is shown
    m = tabs.map
    m.canvas.draw()
    table = results.recovery.table
    district = next(c for c in table["lad_code"] if c in m.hexmap.layout.index())
    send(m.canvas, "button_press_event", *hex_point(m, district))
    assert tabs.selection.code == district
    rows = tabs.table.view.selectionModel().selectedRows(tabs.table.model.columns.index("code"))
    assert sorted(r.data() for r in rows) == sorted(
        table.loc[table["lad_code"] == district, "code"]
    )
    # the other way: one neighbourhood picked in the table outlines its district's hex
    other = table[
        (table["lad_code"] != district) & table["lad_code"].isin(list(m.hexmap.layout.codes))
    ].iloc[0]
    tabs.selection.select(other["code"])
    outline = m.hexmap._highlight[0].get_xy()[:6].mean(axis=0)
    np.testing.assert_allclose(
        outline, m.hexmap.layout.centres()[m.hexmap.layout.index()[other["lad_code"]]], atol=1e-9
    )
