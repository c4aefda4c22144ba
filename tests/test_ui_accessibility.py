"""Accessibility of the app: screen-reader names on every control (read through Qt's own
accessibility interface), the keyboard alone, "Show the data", a high-contrast theme."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QAccessible, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from simulator.outputs import house  # noqa: E402
from ui.accessibility import is_input  # noqa: E402

WAIT_MS = 30_000


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces: the name from Qt's accessibility interface."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, widget
    return interface.text(QAccessible.Text.Name)


def spoken_description(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)


def unnamed(root: QWidget) -> list[str]:
    """Every input control under ``root`` that a screen reader would announce without a name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if is_input(widget) and not spoken_name(widget).strip():
            missing.append(f"{widget.metaObject().className()} {widget.objectName()!r}")
    return missing


def test_every_control_of_the_main_window_has_a_spoken_name_and_its_fields_help(qtbot, window):
    controls = [w for w in window.findChildren(QWidget) if is_input(w)]
    assert len(controls) > 60  # the parameter form, the chart controls, the tabs
    assert unnamed(window) == []
    editor = window.panel.editors["endowment.spending_rate"]
    assert spoken_name(editor) == window.panel.labels["endowment.spending_rate"].text()
    from simulator.scenario.model import section_models

    help_text = section_models()["endowment"].model_fields["spending_rate"].description
    assert spoken_description(editor).startswith(help_text)  # the field's help, as in its tooltip
    assert "Range" in spoken_description(editor)
    # a control built by hand, named from what is beside it: the chart's search box
    assert spoken_name(window.tabs.search) == "Find an area"


def test_every_other_window_and_dialog_names_its_controls(qtbot, window, tmp_path):
    from tests.conftest import REPO
    from ui.compare.options import OptionEditor
    from ui.dialogs.column_mapping import ColumnMappingDialog
    from ui.dialogs.help import HelpDialog
    from ui.dialogs.open_data import OpenDataDialog
    from ui.sensitivity.goal_dialog import GoalSeekDialog

    window.compare_action.trigger()
    window.sensitivity_action.trigger()
    window.workshop_action.trigger()
    shown = [window.compare_window, window.sensitivity, window.workshop]
    dialogs = [
        OptionEditor(window.scenario, "Option B", window),
        ColumnMappingDialog("areas.csv", ["code", "name", "pop", "score"], None, window),
        HelpDialog(window),
        OpenDataDialog([REPO / "resources" / "data" / "workshop.csv"], None, tmp_path, window),
        GoalSeekDialog(window.document, window),
    ]
    try:
        for dialog in dialogs:
            dialog.show()
        for w in shown + dialogs:
            qtbot.waitUntil(w.isVisible, timeout=WAIT_MS)
            assert [w for w in w.findChildren(QWidget) if is_input(w)], w
            assert unnamed(w) == [], type(w).__name__
    finally:
        for w in dialogs + shown:
            w.close()


def test_show_the_data_gives_the_table_and_the_summary(qtbot, window):
    chart = window.allocation_chart
    info = chart.info
    assert info is not None and len(info.data) == len(window.results.recovery.table)
    # the summary is what a screen reader says of the picture
    assert spoken_description(chart.canvas) == info.summary
    assert "Eastgate" in info.summary  # the largest, computed from the numbers
    assert chart.data_button.isEnabled() and "&" in chart.data_button.text()
    chart.data_button.click()
    dialog = chart.data_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.summary.text() == info.summary
    model = dialog.table.model()
    assert model.rowCount() == len(info.data) and model.columnCount() == len(info.data.columns)
    first = model.index(0, 0).data()
    assert first == info.data.iloc[0, 0]
    money = model.index(0, 2).data()
    assert money.startswith("£")
    dialog.copy()
    text = QApplication.clipboard().text().splitlines()
    assert text[0].split("\t") == list(info.data.columns)
    assert float(text[1].split("\t")[2]) == pytest.approx(info.data.iloc[0, 2])
    assert unnamed(dialog) == []
    dialog.close()
    # every chart tab offers it
    for widget, title, _tip in window.tabs.charts:
        window.tabs.setCurrentWidget(widget)
        qtbot.waitUntil(lambda w=widget: w.info is not None, timeout=WAIT_MS)
        assert widget.data_button.isEnabled() or title in ("Who wins bids",), title
        assert spoken_description(widget.canvas), title


def test_the_keyboard_alone_reaches_every_field_in_reading_order(qtbot, window):
    """Tab from the first field walks the parameter form top to bottom, reaching every enabled
    field, and on to the chart's controls and Show the data; the focused field shows a frame."""
    window.activateWindow()
    editors = [e for e in window.panel.editors.values() if e.isEnabled() and e.isVisibleTo(window)]
    first = window.panel.name_edit
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=WAIT_MS)
    seen = []
    for _ in range(400):
        widget = QApplication.focusWidget()
        seen.append(widget)
        if widget is window.allocation_chart.data_button:
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    reached = [e for e in editors if e in seen]
    assert reached == editors  # each one, in the form's order
    assert window.allocation_chart.data_button in seen
    panel_y = [w.mapTo(window.panel.widget(), w.rect().topLeft()).y() for w in seen if w in editors]
    assert panel_y == sorted(panel_y)  # top to bottom
    # Enter on the focused button opens the table
    qtbot.keyClick(window.allocation_chart.data_button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: (
            window.allocation_chart.data_dialog is not None
            and window.allocation_chart.data_dialog.isVisible()
        ),
        timeout=WAIT_MS,
    )
    window.allocation_chart.data_dialog.close()


def _contrast(a, b) -> float:
    from ui.charts.style import contrast

    return contrast(a, b)


def test_high_contrast_theme_and_the_systems_preference(qtbot, window, monkeypatch):
    from matplotlib.colors import to_hex

    from ui import theme

    app = QApplication.instance()
    try:
        window.set_theme("high-contrast")
        palette = app.palette()
        text = palette.color(QPalette.ColorRole.WindowText).name()
        back = palette.color(QPalette.ColorRole.Window).name()
        assert _contrast(text, back) >= 21 - 1e-6  # white on black
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).name()
        assert 4.5 <= _contrast(disabled, back) < _contrast(text, back)
        assert "focus" in app.styleSheet() and "#FFFF00" in app.styleSheet()
        chart = window.allocation_chart
        qtbot.waitUntil(lambda: _contrast(to_hex(chart.figure.get_facecolor()), "#ffffff") > 15)
        background = chart.figure.get_facecolor()
        bars = [p for p in chart.figure.axes[0].patches if p.get_width() > 0]
        # the house style's dark blue is lightened until it stands out from black (3:1 at least)
        assert all(_contrast(p.get_facecolor(), background) >= 3.0 for p in bars)
        # "follow the system": a system asking for more contrast gets this theme
        monkeypatch.setattr(theme, "system_prefers_high_contrast", lambda app: True)
        assert theme.apply_theme(app, "system") == "high-contrast"
        monkeypatch.setattr(theme, "system_prefers_high_contrast", lambda app: False)
        monkeypatch.setattr(theme, "system_prefers_dark", lambda app: False)
        assert theme.apply_theme(app, "system") == "light"
        assert app.styleSheet() == ""
    finally:
        window.set_theme("light")
    # whatever this Qt reports, asking is safe
    assert isinstance(theme.system_prefers_high_contrast(app), bool)


def test_chart_colours_can_be_switched_back_to_okabe_ito(qtbot, window):
    from matplotlib.colors import to_hex

    chart = window.allocation_chart
    assert to_hex(chart.figure.axes[0].patches[0].get_facecolor()) == "#12436d"
    try:
        window.findChild(type(window.compare_action), "chart_style_okabe-ito").trigger()
        assert house.current().name == "okabe-ito"
        assert to_hex(chart.figure.axes[0].patches[0].get_facecolor()) == "#0072b2"
    finally:
        window.set_chart_style("gaf")
    assert to_hex(chart.figure.axes[0].patches[0].get_facecolor()) == "#12436d"
