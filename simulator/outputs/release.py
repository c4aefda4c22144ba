"""One layout for every workbook fundsim writes, as "Releasing statistics in spreadsheets" asks.

The Government Analysis Function's guidance: a cover sheet, a contents sheet, a notes sheet, one
table per sheet starting in cell A1, no merged cells, no blank rows inside tables, units in the
headers. On top of that every sheet reads and prints well: columns at least as wide as their
longest formatted value (so no number shows as ``###``), the header row frozen, A4 fitted to the
page width, the header row repeated on every printed page.

The single-run, comparison and sensitivity/sweep writers build their table sheets, then call
:func:`finish_workbook`. Cells are written with :mod:`simulator.outputs.safe`, so no text becomes a
formula; the contents sheet's links are hyperlinks to a place in the workbook, never formulas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties

from simulator.outputs.safe import append, put

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
LINK = Font(color="0563C1", underline="single")
#: Widest a column of text grows (characters); longer text wraps. Numbers are never cut.
TEXT_WIDTH = 60
#: Sheets written by this module.
COVER, CONTENTS, NOTES = "Cover", "Contents", "Notes"
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass
class Release:
    """What the cover, contents and notes sheets say about one workbook.

    ``about`` maps each sheet's name to one line saying what it holds (sheets not named are
    listed with their name only); ``notes`` are numbered on the Notes sheet.
    """

    title: str
    cover: list[tuple[str, object]] = field(default_factory=list)
    about: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# --- what a cell shows ------------------------------------------------------------------------


def shown(value: object, number_format: str = "General") -> str:
    """The text a spreadsheet shows for ``value`` under ``number_format`` (the formats fundsim
    writes: £ and thousands separators, fixed decimals, per cent, ``,,"m"`` millions, General)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "#NUM!"
    sections = number_format.split(";")
    fmt = sections[0]
    if value < 0 and len(sections) > 1 and sections[1]:
        fmt, value = sections[1], -value
    if fmt in ("General", "@", ""):  # up to 11 characters, decimals rounded to fit
        text = f"{value:.10g}" if isinstance(value, float) else str(value)
        whole = len(f"{abs(value):.0f}") + (value < 0)
        if len(text) > 11 and "e" not in text and whole < 10:
            text = f"{value:.{10 - whole}f}".rstrip("0").rstrip(".")
        return text if len(text) <= 11 else f"{value:.5E}"
    literal = "".join(_QUOTED.findall(fmt))
    code = _QUOTED.sub("", fmt).replace("\\", "")
    scale = 100.0 if "%" in code else 1.0
    # trailing commas (before any %) scale by a thousand each
    trailing = len(re.search(r",*%?$", code).group(0).rstrip("%"))
    scale /= 1000.0**trailing
    number = re.search(r"[#0][#0,]*(\.[0#]+)?", code)
    decimals = len(number.group(1)) - 1 if number and number.group(1) else 0
    grouped = number is not None and "," in number.group(0).rstrip(",")
    prefix = code[: number.start()] if number else ""
    suffix = code[number.end() :] if number else code
    suffix = suffix.lstrip(",")
    body = f"{abs(value) * scale:{',' if grouped else ''}.{decimals}f}"
    sign = "-" if value < 0 else ""  # as spreadsheets do, also when it rounds to "-0"
    return f"{sign}{prefix}{body}{suffix}{literal}"


def _font_scale(font) -> float:
    """How much wider than the default font's digits ``font``'s characters are: bold, larger,
    or with no font named (a spreadsheet then uses its own, often wider, default)."""
    if font is None:
        return 1.0
    scale = 1.2 if font.b else 1.0
    scale *= max(1.0, float(font.sz or 11) / 11.0)
    return scale


def cell_width(cell) -> float:
    """Columns (of the default font's digits) ``cell`` needs to show its value in full."""
    text = shown(cell.value, cell.number_format)
    longest = max((len(line) for line in text.split("\n")), default=0)
    return longest * _font_scale(cell.font)


def fit_columns(
    ws, minimum: float = 8, text_width: float = TEXT_WIDTH, header_rows: int = 1
) -> None:
    """Every column at least as wide as its longest formatted number, so none shows as ``###``.

    Text sets the width up to ``text_width`` (or up to the width its writer gave the column);
    longer text wraps in its cell, in a row made tall enough for it. A header (the first
    ``header_rows`` rows) wraps between words to the width of the values under it. Every row is
    read (a long value at the foot of a table widens its column too); a number's shown width
    grows with its size, so only each column's largest and smallest number per format are
    formatted.
    """
    fixed = {  # widths the sheet's writer set (iterating creates no new columns)
        column_index_from_string(letter): dim.width
        for letter, dim in list(ws.column_dimensions.items())
        if dim.width
    }
    extremes: dict[tuple[int, int], list] = {}  # (column, format) -> [smallest, largest cell]
    texts: dict[int, float] = {}
    headers, strings = [], []
    scales: dict[int, float] = {}  # font id -> how wide its characters are
    for cell in list(ws._cells.values()):  # the cells written (iter_rows would make the rest)
        value = cell.value
        if value is None:
            continue
        if isinstance(value, str):
            if cell.row <= header_rows:
                headers.append(cell)
                continue
            font = cell._style.fontId if cell._style is not None else 0
            if font not in scales:
                scales[font] = _font_scale(cell.font)
            longest = max(len(line) for line in value.split("\n"))
            need = longest * scales[font] + 2
            strings.append((cell, need))
            texts[cell.column] = max(texts.get(cell.column, 0.0), need)
        elif isinstance(value, (int, float)):
            # keyed by the format's id (reading the format itself is slow on big sheets)
            fmt = cell._style.numFmtId if cell._style is not None else 0
            pair = extremes.setdefault((cell.column, fmt), [cell, cell])
            if value < pair[0].value:
                pair[0] = cell
            if value > pair[1].value:
                pair[1] = cell
    numbers: dict[int, float] = {}
    for (column, _fmt), pair in extremes.items():
        need = max(cell_width(c) for c in pair) + 2
        numbers[column] = max(numbers.get(column, 0.0), need)
    widths: dict[int, float] = {}
    for column in set(numbers) | set(texts) | {c.column for c in headers} | set(fixed):
        cap = fixed.get(column, text_width)
        widths[column] = max(
            minimum,
            numbers.get(column, 0.0),
            min(texts.get(column, 0.0), cap),
            fixed.get(column, 0.0),
        )
    for cell in headers:  # wide enough for the longest word of the header
        words = str(cell.value).split() or [""]
        longest = max(cell_width(_Text(w, cell)) for w in words) + 2
        widths[cell.column] = max(widths[cell.column], longest)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = round(width, 1)
    for cell in headers:
        _wrap_if_needed(ws, cell, widths[cell.column], cell_width(cell) + 2)
    for cell, need in strings:
        _wrap_if_needed(ws, cell, widths[cell.column], need)


class _Text:
    """A stand-in cell: ``text`` in ``cell``'s font (to measure one word of a header)."""

    def __init__(self, text: str, cell) -> None:
        self.value, self.number_format, self.font = text, "General", cell.font


def _wrap_if_needed(ws, cell, width: float, need: float) -> None:
    """Wrap ``cell`` when its text (``need`` columns wide) is wider than ``width``, in a row
    tall enough (not every spreadsheet sizes a row to wrapped text itself)."""
    if need <= width and "\n" not in cell.value:
        return
    if not (cell.alignment and cell.alignment.wrap_text):
        cell.alignment = _wrapped(cell.alignment)
    scale = need / max(1, len(max(cell.value.split("\n"), key=len)) + 2)
    per_line = max(1.0, (width - 2) / scale)
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in cell.value.split("\n"))
    size = (cell.font.sz or 11) if cell.font else 11
    dim = ws.row_dimensions[cell.row]
    dim.height = max(dim.height or 15, 15 * float(size) / 11 * lines)


def _wrapped(alignment: Alignment | None) -> Alignment:
    base = alignment or Alignment()
    return Alignment(horizontal=base.horizontal, vertical="top", wrap_text=True)


# --- tables and printing ----------------------------------------------------------------------


def table_sheet(
    wb,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    formats: dict[str, str] | None = None,
    index: int | None = None,
):
    """A sheet holding one table from A1: a bold header row, then the rows, each column in its
    number format (``formats`` by header name). Returns the sheet."""
    ws = wb.create_sheet(title, index)
    write_table(ws, header, rows, formats)
    return ws


def write_table(ws, header: Sequence[str], rows, formats: dict[str, str] | None = None) -> None:
    """Write a table from A1 of ``ws`` (see :func:`table_sheet`)."""
    append(ws, list(header))
    for cell in ws[1]:
        cell.font = BOLD
        cell.alignment = Alignment(vertical="top", wrap_text=False)
    for row in rows:
        append(ws, row)
    for j, name in enumerate(header, start=1):
        fmt = (formats or {}).get(name)
        if fmt:
            for i in range(2, ws.max_row + 1):
                ws.cell(i, j).number_format = fmt
    ws.freeze_panes = "B2" if len(header) > 1 else "A2"


def set_page(
    ws, landscape: bool = True, title_rows: str | None = "1:1", fit_height: int = 0
) -> None:
    """A4, fitted to the page width (and ``fit_height`` pages tall, 0 = as many as needed),
    ``title_rows`` repeated on every page, sheet name and page number in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = fit_height
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A, page &P of &N"
    ws.oddHeader.left.text = "fundsim"


def is_picture_sheet(ws) -> bool:
    """A sheet of charts or pictures (laid out by its writer), not a table."""
    return bool(getattr(ws, "_charts", None) or getattr(ws, "_images", None))


def _units(ws) -> None:
    """Put the unit in a table header that lacks one, read from its column's number format."""
    if ws.max_row < 2:
        return
    for cell in ws[1]:
        if not isinstance(cell.value, str):
            continue
        fmt = ws.cell(2, cell.column).number_format
        unit = "£" if "£" in fmt else "%" if "%" in fmt else None
        if unit and unit not in cell.value and "per cent" not in cell.value:
            put(ws, 1, cell.column, f"{cell.value} ({unit})").font = BOLD


#: Charts on a sheet of charts: width, the A4 portrait height they share a page within, a row.
CHART_WIDTH_CM = 16.0
PAGE_HEIGHT_CM = 25.0
ROW_CM = 0.53


def stack_charts(ws, charts: Sequence, first_row: int = 4) -> None:
    """Place ``charts`` one under another, each ``CHART_WIDTH_CM`` wide, a page break before any
    chart that would cross the foot of an A4 portrait page; print at 100%, A4 portrait."""
    from openpyxl.worksheet.pagebreak import Break

    row, used = first_row, 0.0
    for chart in charts:
        chart.width = CHART_WIDTH_CM
        if used and used + chart.height > PAGE_HEIGHT_CM:  # the next chart starts a new page
            ws.row_breaks.append(Break(id=row - 1))
            used = 0.0
        ws.add_chart(chart, f"A{row}")
        rows = int(chart.height / ROW_CM) + 2  # worksheet rows (15 pt each) the chart covers
        row += rows + 1
        used += chart.height + 2 * ROW_CM
    # the columns the charts cover (a default column is about 1.7 cm wide): no blank page beside
    ws.print_area = f"A1:{get_column_letter(math.ceil(CHART_WIDTH_CM / 1.7))}{row}"
    set_page(ws, landscape=False, title_rows=None, fit_height=0)
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # keep the breaks between charts
    ws.page_setup.scale = 100


# --- cover, contents, notes -------------------------------------------------------------------


def _cover(wb, release: Release) -> None:
    ws = wb.create_sheet(COVER, 0)
    put(ws, 1, 1, release.title).font = TITLE
    row = 2
    for label, value in release.cover:
        put(ws, row, 1, label).font = BOLD
        put(ws, row, 2, value).alignment = Alignment(horizontal="left", vertical="top")
        ws.cell(row, 1).alignment = Alignment(vertical="top")
        row += 1
    _top(ws, row)
    put(ws, row, 1, "Contents").font = BOLD
    link = put(ws, row, 2, "The sheets of this workbook are listed on the Contents sheet.")
    link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{CONTENTS}'!A1")
    link.font = LINK


def _contents(wb) -> None:
    ws = wb.create_sheet(CONTENTS, 1)
    write_table(ws, ["Sheet", "What it holds"], [])


def _fill_contents(wb, release: Release) -> None:
    ws = wb[CONTENTS]
    for sheet in wb.worksheets:
        if sheet.title == CONTENTS:
            continue
        about = release.about.get(sheet.title, "")
        if sheet.title == COVER:
            about = "What this workbook is, where its numbers come from and how they were made."
        row = append(ws, [sheet.title, about])
        name = ws.cell(row, 1)
        name.hyperlink = Hyperlink(ref=name.coordinate, location=f"'{sheet.title}'!A1")
        name.font = LINK
        _top(ws, row)


def _top(ws, row: int) -> None:
    """Align a table row's cells to the top (a wrapped neighbour makes the row tall)."""
    for cell in ws[row]:
        cell.alignment = Alignment(
            horizontal=cell.alignment.horizontal, vertical="top", wrap_text=cell.alignment.wrap_text
        )


def _notes(wb, release: Release) -> None:
    ws = wb.create_sheet(NOTES, 2)
    write_table(
        ws,
        ["Note number", "Note"],
        ([f"Note {i}", text] for i, text in enumerate(release.notes, start=1)),
    )
    for row in range(2, ws.max_row + 1):
        _top(ws, row)


def finish_workbook(wb, release: Release) -> None:
    """Add the cover, contents and notes sheets, then fit and set up every sheet to print.

    Table sheets get widths fitted to their values, the header row frozen and repeated on every
    page, units in headers, A4 fitted to the width; sheets of charts keep their own layout and get
    A4 (their writers set their own page breaks).
    """
    _cover(wb, release)
    _contents(wb)
    _notes(wb, release)
    _fill_contents(wb, release)
    for ws in wb.worksheets:
        if is_picture_sheet(ws):
            if ws.page_setup.paperSize is None:  # not laid out by its writer
                set_page(ws, landscape=True, title_rows=None, fit_height=0)
            continue
        if ws.merged_cells.ranges:
            raise ValueError(f"{ws.title}: merged cells ({ws.merged_cells.ranges[0]})")
        if ws.title == COVER:
            ws.column_dimensions["A"].width = 30
            ws.column_dimensions["B"].width = 80
            fit_columns(ws, header_rows=1)
            ws["A1"].alignment = Alignment(wrap_text=False)  # the title runs on across B
            ws.row_dimensions[1].height = 21
            set_page(ws, landscape=False, title_rows=None)
            continue
        _units(ws)
        fit_columns(ws)
        wide = sum(
            (ws.column_dimensions[get_column_letter(c)].width or 9)
            for c in range(1, ws.max_column + 1)
        )
        set_page(ws, landscape=wide > 100, title_rows="1:1")
        if ws.freeze_panes is None:
            ws.freeze_panes = "A2"
