"""The result tabs: every chart of both funds, and the per-area table."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QTabWidget, QWidget
from shiboken6 import isValid

from simulator.outputs import figures
from simulator.outputs.area_context import found_area_chart
from simulator.outputs.competition_figures import competition_chart
from simulator.results import Results
from ui.charts.base import ChartWidget
from ui.maps.map_tab import MapWidget
from ui.maps.selection import AreaSelection
from ui.panels.results_table import ResultsTable


def _basis_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItems(
        ["Real values (pounds of year 0)", "Nominal values (not adjusted for inflation)"]
    )
    combo.setToolTip(
        "Real values remove inflation, so a flat line means the fund keeps its spending power."
    )
    return combo


class ChartTabs(QTabWidget):
    """One tab a chart; ``set_results`` redraws them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allocation = ChartWidget(self._draw_allocation)
        self.top_n = QSpinBox()
        self.top_n.setRange(5, 500)
        self.top_n.setValue(30)
        self.top_n.setPrefix("Show top ")
        self.top_n.setSuffix(" areas")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find an area…")
        self.search.setClearButtonEnabled(True)
        self.allocation.add_control(self.top_n)
        self.allocation.add_control(self.search)
        self.top_n.valueChanged.connect(lambda _v: self.allocation.redraw())
        self.search.textChanged.connect(lambda _t: self.allocation.redraw())

        self.per_capita = ChartWidget(figures.per_capita_chart)
        self.deciles = ChartWidget(figures.decile_chart)
        self.concentration = ChartWidget(figures.concentration_chart)
        self.winners = ChartWidget(figures.winners_losers_chart)
        self.endowment = ChartWidget(self._draw_fan)
        self.value_basis = _basis_combo()
        self.endowment.add_control(self.value_basis)
        self.value_basis.currentIndexChanged.connect(lambda _i: self.endowment.redraw())
        self.grants = ChartWidget(self._draw_grants)
        self.grants_basis = _basis_combo()
        self.grants.add_control(self.grants_basis)
        self.grants_basis.currentIndexChanged.connect(lambda _i: self.grants.redraw())
        self.probabilities = ChartWidget(figures.probability_chart)
        self.area_grants = ChartWidget(figures.area_grants_chart)
        self.competition = ChartWidget(competition_chart)
        self.map = MapWidget()
        self.table = ResultsTable()
        self.charts = [
            (
                self.allocation,
                "Allocation",
                "Each area's mean allocation with its 5th-95th percentile range",
            ),
            (
                self.map,
                "Map",
                "A hex map of England (or of the workshop areas): one equal hex per district",
            ),
            (self.per_capita, "Per head vs need", "Money per person against each area's need"),
            (self.deciles, "By decile", "Money to each tenth of areas, most deprived first"),
            (
                self.concentration,
                "Concentration",
                "How far the money is concentrated in deprived places",
            ),
            (self.winners, "Winners and losers", "Gains and losses against equal money per head"),
            (
                self.competition,
                "Who wins bids",
                "Money won, bid costs and success rates by organisation size and by need decile",
            ),
            (
                self.endowment,
                "Endowment value",
                "The endowment's value over time, with uncertainty",
            ),
            (self.grants, "Grants per year", "The endowment's grants each year, with uncertainty"),
            (
                self.probabilities,
                "Preservation and depletion",
                "Chance of keeping real value, and of running out, by year",
            ),
            (
                self.area_grants,
                "Grants to areas",
                "The endowment's grants to each eligible area over the horizon",
            ),
        ]
        for widget, title, tip in self.charts:
            widget.name = title.lower().replace(" ", "-")
            index = self.addTab(widget, title)
            self.setTabToolTip(index, tip)
        self.setTabToolTip(
            self.addTab(self.table, "Table"), "Per-area results: sort, filter and copy to Excel"
        )
        self.note = QLabel()
        self.selection = AreaSelection(
            self
        )  # one picked area on the map, every chart and the table
        self.paused = False
        self._table_results: Results | None = None  # results the table does not show yet

    def _draw_allocation(self, figure, results: Results) -> None:
        search = self.search.text().strip()
        if search:  # the found areas among all areas, not a bar chart of the matches alone
            found_area_chart(figure, results, search)
        else:
            figures.allocation_chart(figure, results, top_n=self.top_n.value())

    def _draw_fan(self, figure, results: Results) -> None:
        figures.endowment_fan_chart(figure, results, real=self.value_basis.currentIndex() == 0)

    def _draw_grants(self, figure, results: Results) -> None:
        figures.grants_fan_chart(figure, results, real=self.grants_basis.currentIndex() == 0)

    def set_results(self, results: Results) -> None:
        """Redraw the visible chart now and the others (and the table) when they are shown;
        while ``paused`` (workshop mode covers the window) nothing is drawn until resumed.

        The table is filled when it is shown (or when a picked area's row must be selected:
        :meth:`flush_table`): filling and sorting 317 rows took 60-140 ms of the window thread
        after every run, live edits included, while nobody was looking at it."""
        for widget, _title, _tip in self.charts:
            widget.results = results
            widget.stale = True
        self._table_results = results
        if not self.paused:
            self.refresh_current()

    def flush_table(self) -> None:
        """Fill the table with the latest results now, if it is behind (the picked area's row
        stays selectable)."""
        if not isValid(self.table.view):  # the window is closing
            return
        if self._table_results is not None and not self.paused:
            self.table.set_frame(self._table_results.recovery.table)
            self._table_results = None

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        if not paused:
            self.refresh_current()

    def set_stale(self, stale: bool) -> None:
        """Mark every chart as not matching the inputs."""
        for widget, _title, _tip in self.charts:
            widget.set_out_of_date(stale)

    def refresh_current(self) -> None:
        widget = self.currentWidget()
        if widget is self.table:
            self.flush_table()
        if (
            isinstance(widget, ChartWidget)
            and widget.results is not None
            and getattr(widget, "stale", False)
        ):
            widget.redraw()
            widget.stale = False
