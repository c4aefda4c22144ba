"""What makes the workbook a deliverable: a Summary with every input and money as numbers,
readable chart series, whiskers on the allocation bars, and pages that print cleanly.
"""

from __future__ import annotations

import json
import math
import re

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import NumDataSource, NumRef
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font

from simulator.measures import label
from simulator.measures.competition import BY_NAME as COMPETITION_MEASURES
from simulator.outputs.release import fit_columns, set_page  # noqa: F401  (part of this API)
from simulator.outputs.safe import put
from simulator.results import Results, prob_se
from simulator.scenario import field_unit, scenario_from_dict, section_models
from simulator.scenario.applies import why_unused

BOLD = Font(bold=True)
HEADING = Font(bold=True, size=13)
UNUSED = Font(italic=True, color="666666")
POUNDS = "£#,##0;-£#,##0"
PENCE = "£#,##0.00"
PERCENT = "0.0%"
RATE = "0.00%"
#: How each unit of the scenario model is written in a cell.
UNIT_FORMATS = {"£": POUNDS, "£/head": PENCE, "share": PERCENT, "rate": RATE}
SECTION_TITLES = {
    "data": "Inputs: data",
    "recovery_fund": "Inputs: Community Recovery Fund",
    "competition": "Inputs: competition (organisations bidding)",
    "endowment": "Inputs: Levelling Up Communities Fund (endowment)",
    "simulation": "Inputs: simulation",
}
PERCENTILE_NAMES = {"p5": "5th percentile", "p50": "Median", "p95": "95th percentile"}
#: p5, median and p95 lines: distinct colours and dashes, so the band reads in print and in grey.
#: Characters of a Summary value before it wraps.
VALUE_WIDTH = 46
#: Characters of the Note column.
NOTE_WIDTH = 36
BAND_STYLES = {"p5": ("E69F00", "dash"), "p50": ("0072B2", "solid"), "p95": ("009E73", "dash")}


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


#: The Summary's header row: one table from A1, whose bold rows name the groups under them.
SUMMARY_HEADER = (
    "Item",
    "Value",
    "5th percentile",
    "95th percentile",
    "Monte Carlo standard error",
    "Note",
)
#: The Summary's column of notes ("not used: why").
NOTE_COLUMN = 6


class _Rows:
    """Writes label / value / note rows down a sheet, under the header row."""

    def __init__(self, ws) -> None:
        for col, text in enumerate(SUMMARY_HEADER, start=1):
            put(ws, 1, col, text).font = BOLD
        self.ws, self.row = ws, 2

    def heading(self, text: str) -> None:
        put(self.ws, self.row, 1, text).font = HEADING
        self.row += 1

    def add(self, label: str, value: object, fmt: str | None = None, note: str = "") -> None:
        label_cell = put(self.ws, self.row, 1, label)
        label_cell.font = BOLD
        label_cell.alignment = Alignment(vertical="top")
        if isinstance(value, (list, dict)):
            value = json.dumps(value) if value else "(none)"
        elif value is None:
            value = "(none)"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        cell = put(self.ws, self.row, 2, value)
        wrap = isinstance(value, str) and (len(value) > VALUE_WIDTH or "\n" in value)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=wrap)
        if wrap:  # row height for the wrapped lines (not every spreadsheet sizes it itself)
            lines = sum(max(1, -(-len(part) // VALUE_WIDTH)) for part in value.split("\n"))
            self.ws.row_dimensions[self.row].height = 15 * lines
        if fmt and isinstance(value, (int, float)):
            cell.number_format = fmt
        if note:
            put(self.ws, self.row, 3, note).alignment = Alignment(wrap_text=True)
        self.row += 1

    def band(self, label: str, band: dict, fmt: str) -> None:
        """A mean with its 90% range (5th and 95th percentiles) in the next columns, and its
        Monte Carlo standard error after them where the results carry one."""
        self.add(label, band["mean"], fmt)
        for col, key in ((3, "p5"), (4, "p95")):
            if band.get(key) is not None:
                put(self.ws, self.row - 1, col, band[key]).number_format = fmt
        if band.get("mean_se") is not None:
            self.error(band["mean_se"], fmt)

    def share(self, label: str, value: float, error: float | None) -> None:
        """A probability with its Monte Carlo standard error in the standard-error column."""
        self.add(label, value, PERCENT)
        if error is not None:
            self.error(error, "0.00%")

    def error(self, se: float, fmt: str) -> None:
        """The last row's Monte Carlo standard error, a number shown to two significant figures
        where ``fmt`` would round it to nothing (:func:`error_format`)."""
        put(self.ws, self.row - 1, 5, float(se)).number_format = error_format(fmt, float(se))


#: A percentage or plain decimal number format: thousands, the decimals, a per cent sign.
_DECIMAL = re.compile(r"(#,##)?0(?:\.(0+))?(%?)")
#: The most decimals a standard error is given.
MAX_DECIMALS = 10


def errors_to_two_figures(ws, column: int) -> None:
    """The standard errors in ``column`` of a table sheet (under its header row) each shown to
    two significant figures where the column's format would round them to nothing."""
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        if isinstance(cell.value, float):
            cell.number_format = error_format(cell.number_format, cell.value)


def error_format(fmt: str, se: float) -> str:
    """The number format of a standard error beside a value written in ``fmt``.

    A percentage or plain decimal format gets as many more decimals as two significant figures
    of a non-zero error need (0.0101% in ``0.0%`` becomes ``0.010%``, not "0.0%"); other formats
    (money) and a zero error keep ``fmt``.
    """
    match = _DECIMAL.fullmatch(fmt)
    if match is None or not se or not math.isfinite(se):
        return fmt
    thousands, places, percent = match.group(1) or "", match.group(2) or "", match.group(3)
    scaled = float(f"{abs(se) * (100 if percent else 1):.2g}")  # 0.009986 is 0.010 to two figures
    decimals = max(len(places), min(MAX_DECIMALS, 1 - math.floor(math.log10(scaled))))
    return f"{thousands}0{'.' + '0' * decimals if decimals else ''}{percent}"


def _unused_note(ws, row: int, why: str) -> None:
    """'not used: why' beside an input, in the Note column, wrapped within it (no merged cells)."""
    note = put(ws, row, NOTE_COLUMN, f"not used: {why}")
    note.font = UNUSED
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = max(
        ws.row_dimensions[row].height or 15, 15 * -(-len(note.value) // (NOTE_WIDTH - 4))
    )


#: A measure's cells by its unit (:data:`simulator.measures.base.Unit`).
CELL_FORMATS = {
    "pounds": POUNDS,
    "share": PERCENT,
    "probability": PERCENT,
    "count": "#,##0.0",
    "areas": "#,##0.0",
    "people": "#,##0",
    "ratio": '0.00"×"',
    "index": "0.0000",
    "year": "0",
}


def _band_header(ws, row: int) -> None:
    """The headings of a band's columns beside a results heading."""
    put(ws, row, 3, "5th percentile").font = BOLD
    put(ws, row, 4, "95th percentile").font = BOLD
    put(ws, row, 5, "Monte Carlo standard error").font = BOLD


def write_summary(ws, results: Results) -> None:
    """Provenance, every input of the scenario (in its units) and the headline results."""
    rows = _Rows(ws)
    scenario, data = results.scenario, results.data
    rows.heading("fundsim results")
    rows.add("Scenario", scenario["name"])
    if scenario.get("description"):
        rows.add("Description", scenario["description"])
    rows.add("fundsim version", results.version)
    rows.add("Seed", results.seed)
    rows.add("Monte Carlo paths", results.paths, "#,##0")
    rows.add("Data", data.label)
    rows.add(
        "Data level",
        {"lad": "districts", "lsoa": "neighbourhoods", "workshop": "fictional areas"}.get(
            data.level, data.level
        ),
    )
    for f in data.files:
        rows.add(f"Data file ({f.role})", f"{f.name}: {f.rows:,} rows")
        rows.add("    SHA-256", f.sha256)
    if data.fictional:
        rows.add("Note", "FICTIONAL DATA: the workshop areas are invented for teaching.")
    if data.attribution:
        rows.add("Attribution", data.attribution)
    settings = scenario_from_dict(scenario, file=None)  # the run's settings, as the app has them
    for section, model in section_models().items():
        values = scenario.get(section, {})
        rows.heading(SECTION_TITLES.get(section, _label(section)))
        whole = why_unused(
            settings, f"{section}.*"
        )  # a whole section unused: said once, by its heading
        if whole:
            _unused_note(ws, rows.row - 1, whole)
        for key in model.model_fields:
            if key in values:
                rows.add(_label(key), values[key], UNIT_FORMATS.get(field_unit(model, key)))
                why = why_unused(settings, f"{section}.{key}")
                if (
                    why and why != whole
                ):  # as the app greys it out: in the file, but not what moved these results
                    _unused_note(ws, rows.row - 1, why)
    rec, end = results.recovery, results.endowment
    m = rec.measures
    rows.heading("Results: Community Recovery Fund")
    put(ws, rows.row - 1, 3, "5th percentile").font = BOLD
    put(ws, rows.row - 1, 4, "95th percentile").font = BOLD
    put(ws, rows.row - 1, 5, "Monte Carlo standard error").font = BOLD
    rows.add("Fund", rec.total, POUNDS)
    rows.add("To be distributed (after admin)", rec.distributed, POUNDS)
    if "awarded" in m:
        rows.band(f"{label('recovery_fund.awarded')} (mean)", m["awarded"], POUNDS)
        rows.band(f"{label('recovery_fund.unspent')} (mean)", m["unspent"], POUNDS)
    rows.add("Mechanism", m.get("mechanism", "formula"))
    rows.add("Need indicator", rec.need_indicator)
    if m.get("share_to_most_deprived", {}).get("areas_10"):
        rows.band(
            label("recovery_fund.share_to_most_deprived.areas_10"),
            m["share_to_most_deprived"]["areas_10"],
            PERCENT,
        )
    else:
        rows.share(
            label("recovery_fund.share_to_most_deprived_decile"),
            rec.share_to_most_deprived_decile,
            m.get("share_to_most_deprived_decile_se"),
        )
    if m:
        rows.band(
            label("recovery_fund.share_to_most_deprived.population_10"),
            m["share_to_most_deprived"]["population_10"],
            PERCENT,
        )
        rows.band(
            label("recovery_fund.concentration_index"),
            m["concentration_index"],
            "0.0000",
        )
        rows.add(label("recovery_fund.gini_per_capita"), m["gini_per_capita"], "0.0000")
        for side in ("winners", "losers"):
            rows.add(
                label(f"recovery_fund.against_equal_per_head.{side}"),
                m["against_equal_per_head"][side],
                "#,##0",
            )
        rows.add("Percentile bands", m["percentile_method"])
    competition = m.get("competition")
    if competition:
        rows.heading("Results: competition (organisations bidding)")
        _band_header(ws, rows.row - 1)
        rows.add("Organisations able to bid", competition["organisations"], "#,##0")
        rate = competition["success_rate"]
        rows.add("Success rate of bids", "no bids" if rate is None else rate, PERCENT)
        for name, measure in COMPETITION_MEASURES.items():  # labels and units: the registry's
            rows.band(f"{measure.label} (mean)", competition[name], CELL_FORMATS[measure.unit])
    rows.heading("Results: endowment")
    put(ws, rows.row - 1, 3, "5th percentile").font = BOLD
    put(ws, rows.row - 1, 4, "95th percentile").font = BOLD
    put(ws, rows.row - 1, 5, "Monte Carlo standard error").font = BOLD
    rows.add("Initial value", end.initial, POUNDS)
    rows.add("Horizon (years)", int(end.years[-1]))
    last = {k: float(end.value_real[k][-1]) for k in ("p5", "p50", "p95")}
    rows.band(
        label("endowment.value_real.p50[-1]"),
        {"mean": last["p50"], "p5": last["p5"], "p95": last["p95"]},
        POUNDS,
    )
    rows.share(
        label("endowment.prob_real_value_preserved"),
        end.prob_real_value_preserved,
        prob_se(end.prob_real_value_preserved, end.paths),
    )
    rows.share(
        label("endowment.prob_depleted"), end.prob_depleted, prob_se(end.prob_depleted, end.paths)
    )
    g = end.appraisal
    if g:
        for name in ("pv_grants_real", "pv_endowment_real", "pv_spend_up_front_real"):
            rows.band(label(f"endowment.green_book.{name}"), g[name], POUNDS)
        rows.share(
            "Probability the endowment is worth more",
            g["prob_endowment_ahead"],
            g["prob_endowment_ahead_se"],
        )
    if results.warnings:
        rows.heading("Warnings")
        for w in results.warnings:
            rows.add("Warning", w)
    for col, width in zip("ABCDEF", (46, VALUE_WIDTH + 4, 16, 16, 16, NOTE_WIDTH)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "B2"


def allocation_bars(chart_data, n: int, title: str) -> BarChart:
    """Horizontal bars of the top ``n`` areas' mean with 5th-95th percentile whiskers.

    ``chart_data`` holds name, mean, mean - p5 and p95 - mean in columns A-D from row 2.
    """
    bar = BarChart()
    bar.type = "bar"
    bar.title = title
    bar.y_axis.title = "Mean allocation (£), whiskers: 5th to 95th percentile"
    bar.y_axis.numFmt = '£#,##0.0,,"m"'
    bar.y_axis.majorGridlines = None
    bar.x_axis.scaling.orientation = "maxMin"  # largest at the top
    bar.x_axis.tickLblSkip = 1  # every area named
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.add_data(Reference(chart_data, min_col=2, min_row=2, max_row=n + 1), titles_from_data=False)
    bar.set_categories(Reference(chart_data, min_col=1, min_row=2, max_row=n + 1))
    series = bar.series[0]
    series.tx = SeriesLabel(v="Mean allocation")
    series.graphicalProperties.solidFill = "0072B2"
    sheet = chart_data.title.replace("'", "''")
    minus = NumDataSource(numRef=NumRef(f=f"'{sheet}'!$C$2:$C${n + 1}"))
    plus = NumDataSource(numRef=NumRef(f=f"'{sheet}'!$D$2:$D${n + 1}"))
    series.errBars = ErrorBars(
        errDir="y", errBarType="both", errValType="cust", noEndCap=False, minus=minus, plus=plus
    )
    bar.gapWidth = 40
    bar.legend = None
    bar.x_axis.txPr = _font(800)  # 8 pt area names, one per bar
    bar.height, bar.width = max(9.0, 0.58 * n + 3.5), 16
    return bar


def _font(size: int):
    """Axis text of ``size`` hundredths of a point."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def band_lines(ws, first_col: int, rows: int, title: str, axis: str) -> LineChart:
    """Median and 5th/95th percentile lines with readable names and distinct styles."""
    line = LineChart()
    line.title = title
    line.y_axis.title = axis
    line.y_axis.numFmt = '£#,##0,,"m"'
    line.x_axis.title = "Year"
    line.x_axis.tickLblSkip = 5
    line.x_axis.delete = False
    line.y_axis.delete = False
    line.add_data(
        Reference(ws, min_col=first_col, max_col=first_col + 2, min_row=2, max_row=rows),
        titles_from_data=False,
    )
    line.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows))
    for series, key in zip(line.series, ("p5", "p50", "p95")):
        colour, dash = BAND_STYLES[key]
        series.tx = SeriesLabel(v=PERCENTILE_NAMES[key])
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.prstDash = dash
        series.graphicalProperties.line.width = 28575 if key == "p50" else 19050
        series.smooth = False
    line.legend.position = "b"
    line.height, line.width = 10, 22
    return line
