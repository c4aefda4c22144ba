"""A report's headings stay on the page of what follows them, in Word and in the PDF.

The example report (the preset on England's 296 districts) printed "Annex A: every district" alone
on a page of the PDF, its table starting on the next: the table's caption was kept with the whole
296-row table, so it moved to the next page and left the heading behind.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as read_docx

from simulator.report.model import Document, Heading
from simulator.report.render.pdf import render_pdf
from simulator.report.render.word import render_docx

pypdf = pytest.importorskip("pypdf")

DATE = "2026-12-03"
HEADER = ("Area", "Code", "Per head")


def _rows(n: int) -> list[tuple[str, str, str]]:
    return [(f"Area number {i}", f"E{i:08d}", f"£{i}.00") for i in range(1, n + 1)]


def _document(filler: int) -> Document:
    """``filler`` paragraphs, a short table under a level-2 heading, then a page break and an
    annex: a level-1 heading over a 296-row table, as the England report ends."""
    doc = Document(title="Headings", header="fundsim report: Headings", date=DATE)
    doc.heading("Results")
    for i in range(filler):
        doc.para(f"Paragraph {i} of the results, long enough to take a line or two of the page.")
    doc.heading("A short table", 2)
    doc.table("Three areas.", HEADER, _rows(3), (3, 2, 1), (False, False, True))
    doc.heading("Where the money goes", 2)
    doc.table("Every area, largest first.", HEADER, _rows(40), (3, 2, 1), (False, False, True))
    doc.page_break()
    doc.heading("Annex A: every district")
    doc.table(
        "Allocation to each of the 296 districts.",
        HEADER,
        _rows(296),
        (3, 2, 1),
        (False,) * 2 + (True,),
    )
    return doc


def _pages(doc: Document) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(doc))).pages]


@pytest.mark.parametrize("filler", [0, 22, 30, 36, 40, 44])
def test_a_pdf_heading_is_never_left_alone_on_its_page(filler):
    """Whatever the length of the text before it, each heading is on a page with the first rows
    of its table (the annex's heading had a page to itself)."""
    doc = _document(filler)
    pages = _pages(doc)
    for heading in ("Where the money goes", "Annex A: every district"):
        (page,) = [p for p in pages if heading in p]
        after = page.split(heading, 1)[1]
        assert "Table" in after and re.search(r"Area number 3\b", after), (heading, filler)
    assert sum(isinstance(b, Heading) for b in doc.blocks) == 4


def test_every_word_heading_keeps_with_the_next_paragraph():
    """Set on each heading itself, not only by Word's heading style."""
    docx = read_docx(io.BytesIO(render_docx(_document(10))))
    headings = [p for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings] == [
        "Results",
        "A short table",
        "Where the money goes",
        "Annex A: every district",
    ]
    assert all(p.paragraph_format.keep_with_next is True for p in headings)
