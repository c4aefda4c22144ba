"""A report as a Word document (python-docx): real headings, tables, numbered captions, page numbers.

Captions are Word SEQ fields ("Figure 1", "Table 2"), so Word can list them and renumber them
after edits; table header rows repeat on every page and rows never split across pages.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from simulator.report.model import (
    Bullets,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    TitleBlock,
)
from simulator.report.render.widths import fit_widths, keep_units

GREY = RGBColor(0x44, 0x44, 0x44)
ACCENT = RGBColor(0x00, 0x4A, 0x7C)
TEXT_WIDTH_CM = 17.0  # A4 (21 cm) less 2 cm margins
#: The language of every report's text.
LANGUAGE = "en-GB"


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple Word field (PAGE, NUMPAGES, SEQ ...) showing ``shown`` until Word updates it."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _caption(docx, kind: str, number: int, text: str, keep_with_next: bool) -> None:
    p = docx.add_paragraph(style="Caption")
    p.add_run(f"{kind} ")
    _field(p, f" SEQ {kind} \\* ARABIC ", str(number))
    p.add_run(f": {text}")
    p.paragraph_format.keep_with_next = keep_with_next


def _small(docx, text: str, keep_with_next: bool = False):
    p = docx.add_paragraph()
    run = p.add_run(text)
    run.font.size = Pt(7.5)
    run.font.color.rgb = GREY
    p.paragraph_format.keep_with_next = keep_with_next
    p.paragraph_format.space_after = Pt(10)
    return p


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def _cant_split(row) -> None:
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(docx, table: Table) -> None:
    _caption(docx, "Table", table.number, table.caption, keep_with_next=True)
    n = len(table.header)
    grid = docx.add_table(rows=1, cols=n)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    points = fit_widths(table, TEXT_WIDTH_CM / 2.54 * 72, 7.5 if table.small else 9, padding=12)
    widths = [Pt(w) for w in points]
    size = Pt(7.5 if table.small else 9)
    for i, column in enumerate(grid.columns):
        column.width = widths[i]

    def fill(row, values, bold: bool) -> None:
        for i, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = widths[i]
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            if table.numeric[i] and not bold:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(value)
            run.font.size = size
            run.bold = bold

    header = grid.rows[0]
    fill(header, [keep_units(h) for h in table.header], True)
    _repeat_header(header)
    for cell in header.cells:
        _shade(cell, "DCE6F0")
    for values in table.rows:
        row = grid.add_row()
        fill(row, values, False)
        _cant_split(row)
    if table.source:
        _small(docx, table.source)
    else:
        docx.add_paragraph().paragraph_format.space_after = Pt(4)


def _figure(docx, figure: Figure) -> None:
    p = docx.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    shape = p.add_run().add_picture(io.BytesIO(figure.png), width=Inches(figure.width_in))
    doc_pr = shape._inline.docPr  # the picture's alternative text, read by screen readers
    doc_pr.set("descr", figure.alt or figure.caption)
    doc_pr.set("title", f"Figure {figure.number}")
    _caption(docx, "Figure", figure.number, figure.caption, keep_with_next=bool(figure.source))
    if figure.source:
        _small(docx, figure.source)


def _title(docx, block: TitleBlock) -> None:
    docx.add_paragraph(block.title, style="Title")
    sub = docx.add_paragraph(block.subtitle, style="Subtitle")
    sub.paragraph_format.space_after = Pt(12)
    docx.add_paragraph(block.lead)
    grid = docx.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    grid.autofit = False
    widths = (Cm(4.0), Cm(13.0))
    for label, value in block.rows:
        row = grid.add_row()
        _cant_split(row)
        for i, text in enumerate((label, value)):
            cell = row.cells[i]
            cell.width = widths[i]
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(8.5)
            run.bold = i == 0
            if label == "SHA-256" and i == 1:
                run.font.name = "Courier New"
                run.font.size = Pt(7.5)
    for note in block.notes:
        _small(docx, note)


def _header_footer(docx, document: Document) -> None:
    section = docx.sections[0]
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    run = head.add_run(document.header)
    run.font.size = Pt(8)
    run.font.color.rgb = GREY
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(f"{document.date}    Page ").font.size = Pt(8)
    _field(foot, " PAGE ", "1")
    foot.add_run(" of ").font.size = Pt(8)
    _field(foot, " NUMPAGES ", "1")


def _setup(docx) -> None:
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = docx.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2", "Title"):
        docx.styles[name].font.color.rgb = ACCENT
    _language(docx, LANGUAGE)


def _language(docx, tag: str) -> None:
    """The document's language (every run's default), which screen readers and spelling use."""
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)


def render_docx(document: Document) -> bytes:
    """The report as the bytes of a .docx file; the same document and date give the same bytes."""
    docx = new_docx()
    _setup(docx)
    _header_footer(docx, document)
    for block in document.blocks:
        if isinstance(block, TitleBlock):
            _title(docx, block)
        elif isinstance(block, Heading):
            # set on the paragraph, not only in the style: kept on the page of what follows it
            # even where a reader's Word template or a converter leaves the style's setting out
            heading = docx.add_heading(block.text, level=block.level)
            heading.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            if block.style in ("small", "note"):
                p = _small(docx, block.text) if block.style == "small" else docx.add_paragraph()
                if block.style == "note":
                    run = p.add_run(block.text)
                    run.bold = True
                    run.font.color.rgb = RGBColor(0xA0, 0x40, 0x00)
            else:
                docx.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                docx.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(docx, block)
        elif isinstance(block, Figure):
            _figure(docx, block)
        elif isinstance(block, PageBreak):
            docx.add_page_break()
    stamp = datetime.fromisoformat(document.date)
    props = docx.core_properties
    # Word's core properties hold at most 255 characters each; the full title is on the page
    title = document.title if len(document.title) <= 255 else document.title[:254] + "…"
    props.title, props.author, props.last_modified_by = title, "fundsim", "fundsim"
    props.subject, props.comments = "fundsim report", ""
    props.language = LANGUAGE
    if document.record:
        _add_record(docx, document.record)
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    buffer = io.BytesIO()
    docx.save(buffer)
    return _stable_zip(buffer.getvalue(), stamp)


def _stable_zip(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry dated ``stamp``, so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(
                info.filename, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0)
            )
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


#: Where a Word report keeps its record: a custom XML part (Word keeps and ignores it).
RECORD_PART = "/customXml/fundsim-record.xml"
RECORD_NAMESPACE = "urn:fundsim:record"


def _add_record(docx, record: str) -> None:
    """The report's record (what was run, as JSON) as a custom XML part of the package."""
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<record xmlns="{RECORD_NAMESPACE}">'
        f"{escape(record)}</record>"
    )
    part = Part(PackURI(RECORD_PART), "application/xml", xml.encode("utf-8"), docx.part.package)
    docx.part.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_XML)


def read_record(path) -> str:
    """The record a Word report written by fundsim carries ('' when it has none)."""
    import zipfile

    from defusedxml import ElementTree

    with zipfile.ZipFile(path) as package:
        if RECORD_PART.lstrip("/") not in package.namelist():
            return ""
        root = ElementTree.fromstring(package.read(RECORD_PART.lstrip("/")))
    return root.text or ""
