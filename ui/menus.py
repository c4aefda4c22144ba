"""The main window's actions, menus and toolbar (a mixin of :class:`ui.main_window.MainWindow`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication

from simulator.outputs import house
from ui import settings as app_settings
from ui.panels.shortcuts import ShortcutGuard
from ui.theme import THEME_LABELS, THEMES


class MenuActions:
    """Builds every action once; the window's slots do the work."""

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcut=None, tip: str = "") -> QAction:
            act = QAction(text, self)
            act.triggered.connect(slot)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.setStatusTip(tip)
            return act

        self.open_action = action(
            "&Open scenario…",
            self.open_dialog,
            QKeySequence.StandardKey.Open,
            "Open a scenario file",
        )
        self.new_preset_action = action(
            "&New from preset…",
            lambda: self.new_from_preset(),
            QKeySequence.StandardKey.New,
            "Start a new scenario from one of the bundled presets",
        )
        self.save_action = action(
            "&Save", self.save, QKeySequence.StandardKey.Save, "Save the scenario"
        )
        self.save_as_action = action(
            "Save &As…",
            self.save_as,
            QKeySequence.StandardKey.SaveAs,
            "Save the scenario to a new file",
        )
        self.export_action = action(
            "&Export results…", self.export_dialog, "Ctrl+E", "Write results to JSON, CSV or Excel"
        )
        self.report_action = action(
            "Export &report…",
            lambda: self.export_report(),
            "Ctrl+Shift+E",
            "Write a Word or PDF report of these results",
        )
        self.quit_action = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.run_action = action("&Run", self.run, "F5", "Run the simulation")
        self.cancel_action = action(
            "&Cancel run", self.document.cancel, "Esc", "Stop the running simulation"
        )
        self.cancel_action.setEnabled(False)
        self.about_action = action("&About fundsim", self.about)
        self.help_action = action(
            "fundsim &Help",
            self.show_help,
            QKeySequence.StandardKey.HelpContents,
            "Explain every parameter and chart",
        )
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.live_action = action(
            "&Live mode",
            lambda: None,
            "Ctrl+L",
            "Recompute quickly after every change, then refine",
        )
        self.live_action.setCheckable(True)
        self.live_action.setChecked(app_settings.settings().value("live", "true") in (True, "true"))
        self.live_action.toggled.connect(
            lambda on: app_settings.set_value("live", "true" if on else "false")
        )
        file_menu = self.menuBar().addMenu("&File")
        for act in (
            self.new_preset_action,
            self.open_action,
            self.save_action,
            self.save_as_action,
        ):
            file_menu.addAction(act)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.report_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        run_menu = self.menuBar().addMenu("&Run")
        run_menu.addAction(self.run_action)
        run_menu.addAction(self.cancel_action)
        run_menu.addAction(self.live_action)
        view_menu = self.menuBar().addMenu("&View")
        self.workshop_action = action(
            "&Workshop mode",
            lambda: self.show_workshop(),
            "F11",
            "Full screen, large type, a few telling controls and a before/after view",
        )
        view_menu.addAction(self.workshop_action)
        self.sensitivity_action = action(
            "&Sensitivity…",
            self.show_sensitivity,
            "Ctrl+T",
            "Tornado charts, sweeps and goal seek on this scenario",
        )
        view_menu.addAction(self.sensitivity_action)
        self.compare_action = action(
            "&Compare options…",
            self.show_compare,
            "Ctrl+K",
            "Run 2 to 4 options on the same draws and see what changes, for whom, and how sure",
        )
        view_menu.addAction(self.compare_action)
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        current_theme = app_settings.theme()
        for name in THEMES:
            act = theme_menu.addAction(THEME_LABELS[name])
            act.setCheckable(True)
            act.setChecked(name == current_theme)
            act.setObjectName(f"theme_{name}")
            act.triggered.connect(lambda _c=False, n=name: self.set_theme(n))
            self.theme_group.addAction(act)
        colours_menu = view_menu.addMenu("Chart &colours")
        self.chart_style_group = QActionGroup(self)
        for name, label in (
            ("gaf", "&Government Analysis Function (default)"),
            ("okabe-ito", "&Okabe-Ito"),
        ):
            act = colours_menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(name == house.current().name)
            act.setObjectName(f"chart_style_{name}")
            act.setToolTip("The colours of every chart, on screen and in saved charts and reports")
            act.triggered.connect(lambda _c=False, n=name: self.set_chart_style(n))
            self.chart_style_group.addAction(act)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.about_action)
        self.shortcut_guard = ShortcutGuard(
            self,
            [
                self.run_action,
                self.export_action,
                self.report_action,
                self.save_action,
                self.save_as_action,
                self.open_action,
                self.live_action,
                self.workshop_action,
                self.help_action,
                self.quit_action,
            ],
        )
        QApplication.instance().installEventFilter(self.shortcut_guard)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (
            self.open_action,
            self.save_action,
            self.run_action,
            self.live_action,
            self.export_action,
            self.workshop_action,
        ):
            toolbar.addAction(act)

    def set_chart_style(self, name: str) -> None:
        """Draw every chart in ``name``'s colours from now on (and remember the choice)."""
        from ui.charts.base import ChartWidget

        house.use(name)
        app_settings.set_value("chart_style", name)
        for window in QApplication.topLevelWidgets():
            for chart in window.findChildren(ChartWidget):
                if chart.results is not None:
                    chart.redraw(rebuild=True)

    def show_workshop(self, restore: dict | None = None) -> None:
        """Workshop mode on this window's document; the window's own charts wait while it
        covers them."""
        from ui.workshop.window import WorkshopWindow

        if getattr(self, "workshop", None) is not None and self.workshop.isVisible():
            self.workshop.raise_()
            self.workshop.activateWindow()
            return
        self.live_action.setChecked(True)
        self.tabs.set_paused(True)
        self.workshop = WorkshopWindow(self.document, restore)
        self.workshop.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.workshop.closed.connect(self._workshop_closed)
        self.workshop.showFullScreen()

    def _workshop_closed(self) -> None:
        self.workshop = None
        self.tabs.set_paused(False)

    def show_sensitivity(self) -> None:
        """The Sensitivity view (:mod:`ui.sensitivity`) on this window's document."""
        from ui.sensitivity.window import SensitivityWindow

        if getattr(self, "sensitivity", None) is not None and self.sensitivity.isVisible():
            self.sensitivity.raise_()
            self.sensitivity.activateWindow()
            return
        self.sensitivity = SensitivityWindow(self.document, self)
        self.sensitivity.show()

    def show_compare(self) -> None:
        """The Compare view (:mod:`ui.compare`), one per window: Ctrl+K again raises it."""
        from ui.compare.window import CompareWindow

        if getattr(self, "compare_window", None) is not None:
            self.compare_window.show()
            self.compare_window.raise_()
            self.compare_window.activateWindow()
            return
        self.compare_window = CompareWindow(self.document, self)
        self.compare_window.show()

    def close_views(self) -> None:
        """Close the windows that show this document (the window itself is closing)."""
        for name in ("workshop", "compare_window", "sensitivity"):
            view = getattr(self, name, None)
            if view is not None:
                try:
                    view.close()
                except RuntimeError:  # already deleted with its window
                    pass
