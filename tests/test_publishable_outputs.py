"""Outputs a government analyst can publish: every workbook laid out as "Releasing statistics in
spreadsheets" asks and set up to print (no "###", A4, fitted to the width, header rows repeated),
and reports whose figures carry alternative text, whose PDF has a title, a language and an
outline, whose units never wrap and whose counts are whole numbers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook
from reportlab.pdfbase.pdfmetrics import stringWidth

from simulator.cli import main
from simulator.data import load_data_source
from simulator.engine import run
from simulator.outputs.release import COVER, shown
from simulator.report import build_report
from simulator.report import render_bytes as render
from simulator.report.model import Figure, Heading, Table
from simulator.report.render.pdf import TEXT_WIDTH, running_header
from simulator.report.render.widths import NBSP, fit_widths
from simulator.scenario import load_scenario
from tests.conftest import PRESET


def _second(folder):
    """A second option on the same (workshop) areas: money follows need more steeply."""
    text = PRESET.read_text(encoding="utf-8").replace("progressivity = 1.0", "progressivity = 2.0")
    assert "progressivity = 2.0" in text
    path = folder / "steeper.toml"
    path.write_text(text.replace('name = "', 'name = "Steeper: ', 1), encoding="utf-8")
    return path


PRESERVED = "endowment.prob_real_value_preserved"

# What a spreadsheet shows for a number in each format fundsim writes: written out here, apart
# from the code under test, so a format the test does not know fails it.
EXCEL_TEXT = {
    # at most 11 characters: a spreadsheet rounds the decimals to fit
    "General": lambda v: (f"{v:.10g}" if isinstance(v, float) else str(v))[:11],
    "£#,##0;-£#,##0": lambda v: f"£{v:,.0f}" if v >= 0 else f"-£{-v:,.0f}",
    "£#,##0": lambda v: f"{'-' if v < 0 else ''}£{abs(v):,.0f}",
    "£#,##0.00": lambda v: f"{'-' if v < 0 else ''}£{abs(v):,.2f}",
    '£#,##0,,"m"': lambda v: f"{'-' if v < 0 else ''}£{abs(v) / 1e6:,.0f}m",
    "0.0%": lambda v: f"{100 * v:.1f}%",
    "0.00%": lambda v: f"{100 * v:.2f}%",
    "0%": lambda v: f"{100 * v:.0f}%",
    "#,##0": lambda v: f"{v:,.0f}",
    "#,##0.0": lambda v: f"{v:,.1f}",
    "0": lambda v: f"{v:.0f}",
    "0.000": lambda v: f"{v:.3f}",
    "0.0000": lambda v: f"{v:.4f}",
    # standard errors: as many decimals as two significant figures need (error_format)
    **{f"0.{'0' * d}%": lambda v, d=d: f"{100 * v:.{d}f}%" for d in range(3, 11)},
    **{f"0.{'0' * d}": lambda v, d=d: f"{v:.{d}f}" for d in range(5, 11)},
    **{f"#,##0.{'0' * d}": lambda v, d=d: f"{v:,.{d}f}" for d in range(2, 11)},
}


def test_shown_text_of_each_number_format():
    assert shown(1234567.8, "£#,##0;-£#,##0") == "£1,234,568"
    assert shown(-1234567.8, "£#,##0;-£#,##0") == "-£1,234,568"
    assert shown(1234567.8, '£#,##0.0,,"m"') == "£1.2m"
    assert shown(0.1234, "0.0%") == "12.3%"
    assert shown(317, "#,##0") == "317" and shown(316.44, "#,##0.0") == "316.4"
    assert shown(-0.5, "0.0000") == "-0.5000"
    for fmt, text in EXCEL_TEXT.items():
        for value in (0.0, 3.25, -1234.5, 987654321.0, 0.125):
            assert shown(value, fmt) == text(value), (fmt, value)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """The four workbooks fundsim writes: a run, a comparison, a sweep and a tornado."""
    out = tmp_path_factory.mktemp("books")
    second = _second(out)
    paths = {k: out / f"{k}.xlsx" for k in ("run", "comparison", "sweep", "tornado")}
    common = ["--paths", "100"]
    assert main(["run", str(PRESET), *common, "--out", str(paths["run"])]) == 0
    assert (
        main(["compare", str(PRESET), str(second), *common, "--out", str(paths["comparison"])]) == 0
    )
    sweep = ["--vary", "endowment.spending_rate=0.03:0.05:3", "--metric", PRESERVED]
    assert main(["sweep", str(PRESET), *common, *sweep, "--out", str(paths["sweep"])]) == 0
    ends = ["--vary", "endowment.spending_rate", "--vary", "endowment.fees"]
    tornado = ["sensitivity", str(PRESET), *common, "--metric", PRESERVED, *ends]
    assert main([*tornado, "--out", str(paths["tornado"])]) == 0
    return paths


def _tables(wb):
    """The sheets that hold a table (not the cover, not the sheets of charts or pictures)."""
    return [ws for ws in wb.worksheets if ws.title != COVER and not (ws._charts or ws._images)]


@pytest.mark.parametrize("kind", ["run", "comparison", "sweep", "tornado"])
def test_every_sheet_prints_on_a4_fitted_to_the_width(workbooks, kind):
    wb = load_workbook(workbooks[kind])
    assert wb.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    for ws in wb.worksheets:
        assert str(ws.page_setup.paperSize) == "9", ws.title  # A4
        assert not ws.merged_cells.ranges, ws.title
        if ws.title == "Charts":  # charts at 100%, one under another, never cut by a page
            assert ws.page_setup.scale == 100 and ws.page_setup.orientation == "portrait"
            continue
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight in (0, 1), ws.title
    for ws in _tables(wb):  # one table from A1: a header row, frozen and printed on every page
        assert ws.print_title_rows.replace("$", "") == "1:1", ws.title
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        assert all(c.value not in (None, "") for c in ws[1]), ws.title
        assert all(c.font.b for c in ws[1]), ws.title


@pytest.mark.parametrize("kind", ["run", "comparison", "sweep", "tornado"])
def test_columns_are_wide_enough_for_every_number(workbooks, kind):
    """No "###": each column is wider than the text of its longest formatted number."""
    wb = load_workbook(workbooks[kind])
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
                text = EXCEL_TEXT[cell.number_format](value)
                width = ws.column_dimensions[cell.column_letter].width
                assert width >= len(text) + 1, (ws.title, cell.coordinate, text, width)
                checked += 1
    assert checked > 10


@pytest.mark.parametrize("kind", ["run", "comparison", "sweep", "tornado"])
def test_cover_contents_and_notes(workbooks, kind):
    wb = load_workbook(workbooks[kind])
    cover = wb["Cover"]
    assert cover["A1"].font.b and "fundsim" in cover["A1"].value
    labels = [cover.cell(r, 1).value for r in range(2, cover.max_row + 1)]
    assert {"What this is", "fundsim version", "Seed", "Source"} <= set(labels)
    contents = wb["Contents"]
    listed = [contents.cell(r, 1) for r in range(2, contents.max_row + 1)]
    assert [c.value for c in listed] == [n for n in wb.sheetnames if n != "Contents"]
    for cell in listed:  # a link to the sheet, not a formula
        assert cell.hyperlink.location == f"'{cell.value}'!A1"
    assert all(contents.cell(r, 2).value for r in range(2, contents.max_row + 1))
    notes = wb["Notes"]
    assert [c.value for c in notes[1]] == ["Note number", "Note"]
    assert notes.max_row >= 3 and notes["A2"].value == "Note 1"


def test_units_in_headers_and_counts_as_counts(workbooks):
    wb = load_workbook(workbooks["run"])
    header = [c.value for c in wb["Areas"][1]]
    assert "mean (£)" in header and "prob_funded (%)" in header
    assert "population" in header  # people, not money
    comparison = load_workbook(workbooks["comparison"])["Comparison"]
    rows = {comparison.cell(r, 1).value: r for r in range(2, comparison.max_row + 1)}
    funded = comparison.cell(rows["Areas funded"], 3)
    assert funded.value == int(funded.value) and funded.number_format == "#,##0"  # "12", not "12.0"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_comparison_workbook_prints_without_hashes(workbooks, tmp_path):
    """Printed through LibreOffice (the finding: 2,064 "###" and 47 pages), no cell shows ###."""
    pypdf = pytest.importorskip("pypdf")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(workbooks["comparison"])],
        check=True,
        capture_output=True,
        timeout=240,
    )
    reader = pypdf.PdfReader(tmp_path / "comparison.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Eastgate" in text and "###" not in text
    assert len(reader.pages) <= len(load_workbook(workbooks["comparison"]).sheetnames) + 3


# --- reports ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from simulator.report.runs import run_for_report

    workshop = load_data_source("builtin:workshop")
    first = load_scenario(PRESET).updated("simulation.paths", 200)
    second = load_scenario(_second(tmp_path_factory.mktemp("s"))).updated("simulation.paths", 200)
    single = build_report([run(first, workshop)], date="2026-03-01")
    runs, extras = run_for_report([first, second], [workshop, workshop])
    return single, build_report(runs, date="2026-03-01", extras=extras)


def test_every_figure_has_a_sentence_of_alt_text_with_its_numbers(reports):
    for doc in reports:
        figures = doc.figures()
        assert figures
        for f in figures:
            assert f.alt.endswith(".") and f.alt != f.caption, f.caption
            assert re.search(r"\d", f.alt), f.alt  # computed from the numbers


def test_word_figures_carry_alt_text_and_headings_are_heading_styles(reports):
    single = reports[0]
    data = render(single, ".docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    described = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', xml)
    assert described == [
        f.alt.replace("&", "&amp;").replace('"', "&quot;") for f in single.figures()
    ]
    assert 'w:lang w:val="en-GB"' in styles
    from docx import Document as read_docx

    docx = read_docx(io.BytesIO(data))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [b.text for b in single.blocks if isinstance(b, Heading)]


def test_pdf_has_title_language_and_an_outline_of_the_headings(reports):
    pypdf = pytest.importorskip("pypdf")
    single = reports[0]
    reader = pypdf.PdfReader(io.BytesIO(render(single, ".pdf")))
    assert reader.metadata.title == single.title
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]

    def flat(items):
        for item in items:
            if isinstance(item, list):
                yield from flat(item)
            else:
                yield item

    outline = list(flat(reader.outline))
    assert [o.title for o in outline] == [b.text for b in single.blocks if isinstance(b, Heading)]
    for entry in outline:  # each bookmark opens the page that shows its heading
        page = reader.get_destination_page_number(entry)
        assert entry.title.split()[0] in reader.pages[page].extract_text(), entry.title


def test_numbers_and_units_never_wrap_in_table_cells():
    """A narrow "Change %" column (the finding: "-/100.0/%" in Word, "+153.3/%" in the PDF) is
    widened to its longest number, taken from the wide text column."""
    table = Table(
        1,
        "t",
        ("Area", "Change %"),
        (("Kingston upon Hull, City of", "-100.0%"), ("Blackpool", "+153.3%")),
        (9.0, 0.2),
        (False, True),
    )
    widths = fit_widths(table, TEXT_WIDTH, 7.5, padding=12)
    assert sum(widths) == pytest.approx(TEXT_WIDTH)
    assert widths[1] >= stringWidth("-100.0%", "Helvetica", 7.5) + 12
    assert widths[1] >= stringWidth(f"Change{NBSP}%", "Helvetica-Bold", 7.5) + 12
    assert widths[1] < 0.2 * TEXT_WIDTH  # only as much as it needs


def test_counts_are_whole_numbers_in_the_comparison_report(reports):
    comparison = reports[1]
    paired = next(t for t in comparison.tables() if t.caption.startswith("Headline measures"))
    funded = next(r for r in paired.rows if r[0] == "Areas funded")
    assert re.fullmatch(r"\d[\d,]*", funded[1]), funded  # "12", not "12.0"


def test_long_names_are_shortened_in_the_running_header():
    name = "fundsim report: " + "A very long scenario name that goes on " * 4
    text = running_header(name, "2026-03-01")
    room = TEXT_WIDTH - stringWidth("2026-03-01", "Helvetica", 8)
    assert text.endswith("…") and stringWidth(text, "Helvetica", 8) < room
    assert running_header("fundsim report: short", "2026-03-01") == "fundsim report: short"


def test_figure_alt_text_defaults_to_the_caption_in_word():
    from simulator.report.model import Document

    doc = Document("t", "t", "2026-03-01")
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (10, 10), "white").save(png, format="PNG")
    doc.figure("A caption.", png.getvalue(), 1.0, 1.0)
    assert isinstance(doc.blocks[0], Figure)
    with zipfile.ZipFile(io.BytesIO(render(doc, ".docx"))) as z:
        assert 'descr="A caption."' in z.read("word/document.xml").decode("utf-8")
