"""A report as a paginated PDF (reportlab platypus): A4, running header, "Page n of N" footers.

Tables repeat their header row on every page and split only between rows; a figure stays on one
page with its caption and source line.
"""

from __future__ import annotations

import calendar
import io
import time
from datetime import date as _date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm, inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    PageBreak as RLPageBreak,
)
from reportlab.platypus import (
    Paragraph as RLParagraph,
)
from reportlab.platypus import (
    Table as RLTable,
)
from reportlab.platypus.doctemplate import NextPageTemplate

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

MARGIN = 2 * cm
TEXT_WIDTH = A4[0] - 2 * MARGIN
TEXT_HEIGHT = A4[1] - 2 * MARGIN
ACCENT = colors.HexColor("#004A7C")
GREY = colors.HexColor("#444444")
#: The language of every report's text (the PDF's /Lang, read by screen readers).
LANGUAGE = "en-GB"
#: Room between the running header's text and the date at its right (points).
HEADER_GAP = 24
#: A table of at most this many rows is kept whole on one page with its caption.
KEEP_WHOLE = 14
#: A longer table starts on a page only if its header and this many rows fit there.
FIRST_ROWS = 3


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=base["BodyText"],
        fontName="Helvetica",
        fontSize=10,
        leading=13.5,
        spaceAfter=6,
    )
    caption = ParagraphStyle(
        "caption",
        parent=body,
        fontName="Helvetica-Oblique",
        fontSize=9,
        leading=11.5,
        textColor=ACCENT,
        spaceBefore=4,
        spaceAfter=3,
        keepWithNext=1,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base["Title"],
            fontSize=22,
            leading=27,
            textColor=ACCENT,
            alignment=0,
            spaceAfter=8,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=12, leading=15, textColor=GREY, spaceAfter=14
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base["Heading1"],
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "body": body,
        "lead": ParagraphStyle("lead", parent=body, fontSize=11, leading=15),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=7.5, leading=9.5, textColor=GREY, spaceAfter=10
        ),
        "note": ParagraphStyle(
            "note", parent=body, fontName="Helvetica-Bold", textColor=colors.HexColor("#A04000")
        ),
        "caption": caption,
        "caption_free": ParagraphStyle("caption_free", parent=caption, keepWithNext=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_small": ParagraphStyle(
            "cell_small", parent=body, fontSize=7.2, leading=9, spaceAfter=0
        ),
        "hash": ParagraphStyle(
            "hash", parent=body, fontName="Courier", fontSize=7.2, leading=9, spaceAfter=0
        ),
    }


def _p(text: str, style: ParagraphStyle) -> RLParagraph:
    return RLParagraph(escape(text), style)


#: A table cell shows at most this many characters: a row cannot break across pages, so a
#: 5,000-character name would make a row taller than the page (the Word report keeps it whole).
CELL_CHARS = 300


def _fit(text: str) -> str:
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def _table(table: Table, st: dict[str, ParagraphStyle]) -> list:
    cell = st["cell_small"] if table.small else st["cell"]
    right = ParagraphStyle(cell.name + "_r", parent=cell, alignment=TA_RIGHT)
    bold = ParagraphStyle(cell.name + "_b", parent=cell, fontName="Helvetica-Bold")
    widths = fit_widths(table, TEXT_WIDTH, cell.fontSize, padding=12)
    style = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F0")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA8B5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F4F6F8")]),
        ]
    )

    def grid(rows) -> RLTable:
        data = [[_p(keep_units(_fit(h)), bold) for h in table.header]]
        data += [
            [_p(_fit(v), right if table.numeric[i] else cell) for i, v in enumerate(row)]
            for row in rows
        ]
        out = RLTable(data, colWidths=widths, repeatRows=1, hAlign="CENTER")
        out.setStyle(style)
        return out

    source = _p(table.source, st["small"]) if table.source else Spacer(1, 8)
    caption = f"Table {table.number}: {table.caption}"
    if len(table.rows) <= KEEP_WHOLE:
        return [KeepTogether([_p(caption, st["caption"]), grid(table.rows), source])]
    # A long table starts where its caption, header and first rows fit, else on the next page.
    # Its caption is not kept with the whole table: that moved a caption whose table could not
    # fit on the rest of a page to the next page, and left the heading above it there alone.
    caption_p = _p(caption, st["caption_free"])
    room = _room(caption_p) + _room(grid(table.rows[:FIRST_ROWS]))
    return [CondPageBreak(room), caption_p, grid(table.rows), source]


def _room(flowable) -> float:
    """Height (points) ``flowable`` takes in the text column, with the space around it."""
    height = flowable.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1]
    return height + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _figure(figure: Figure, st: dict[str, ParagraphStyle]) -> list:
    width, height = figure.width_in * inch, figure.height_in * inch
    room = TEXT_HEIGHT - 60  # leave space for the caption and source line
    if height > room:
        width, height = width * room / height, room
    parts = [
        Image(io.BytesIO(figure.png), width=width, height=height),
        _p(f"Figure {figure.number}: {figure.caption}", st["caption"]),
    ]
    if figure.source:
        parts.append(_p(figure.source, st["small"]))
    return [KeepTogether(parts)]


def _title(block: TitleBlock, st: dict[str, ParagraphStyle]) -> list:
    out: list = [
        Spacer(1, 1.5 * cm),
        _p(block.title, st["title"]),
        _p(block.subtitle, st["subtitle"]),
        _p(block.lead, st["lead"]),
        Spacer(1, 10),
    ]
    label = ParagraphStyle("label", parent=st["cell"], fontName="Helvetica-Bold")
    rows = [
        [_p(_fit(k), label), _p(_fit(v), st["hash"] if k == "SHA-256" else st["cell"])]
        for k, v in block.rows
    ]
    grid = RLTable(rows, colWidths=[4 * cm, TEXT_WIDTH - 4 * cm], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA8B5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    out += [grid, Spacer(1, 10)]
    out += [_p(note, st["small"]) for note in block.notes]
    return out


def flowables(document: Document) -> list:
    st = _styles()
    story: list = []
    pending: list = []  # headings waiting to be kept on the page of what follows them
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = _p(block.text, st["h1" if block.level == 1 else "h2"])
            heading.outline = (block.text, block.level)  # a bookmark in the PDF's outline
            pending.append(heading)
            continue
        parts: list = []
        if isinstance(block, TitleBlock):
            parts = _title(block, st) + [NextPageTemplate("body")]
        elif isinstance(block, Paragraph):
            parts = [_p(block.text, st[block.style])]
        elif isinstance(block, Bullets):
            items = [ListItem(_p(t, st["body"]), leftIndent=12) for t in block.items]
            parts = [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12)]
        elif isinstance(block, Table):
            parts = _table(block, st)
        elif isinstance(block, Figure):
            parts = _figure(block, st)
        elif isinstance(block, PageBreak):
            parts = [RLPageBreak()]
        if pending and parts and isinstance(parts[0], CondPageBreak):  # a long table
            room = parts[0].height + sum(_room(h) for h in pending)
            parts = [CondPageBreak(room), *pending, *parts[1:]]
        elif pending and parts and not isinstance(block, PageBreak):
            parts = [KeepTogether(pending + parts[:1])] + parts[1:]
        else:
            story += pending
        pending = []
        story += parts
    return story + pending


def running_header(text: str, date: str, size: float = 8) -> str:
    """The running header's text, shortened with an ellipsis to fit beside the date."""
    room = TEXT_WIDTH - stringWidth(date, "Helvetica", size) - HEADER_GAP
    if stringWidth(text, "Helvetica", size) <= room:
        return text
    while text and stringWidth(text + "…", "Helvetica", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _canvas_class(document: Document):
    """A canvas that writes "Page n of N" once it knows N, stamps the report's date, and puts
    each heading in the PDF's outline (bookmarks) on the page it is drawn on."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            _set_date(self, document.date)
            self.setViewerPreference("DisplayDocTitle", "true")
            self._pages: list[dict] = []
            self._marks: list[tuple[str, int]] = []

        def mark(self, text: str, level: int, top: float) -> None:
            """A heading drawn on this page at height ``top``: its outline entry is written with
            the page."""
            self._marks.append((text, level, top))

        def showPage(self):  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._marks = []
            self._startPage()

        def save(self):
            total = len(self._pages)
            header = running_header(document.header, document.date)
            count = 0
            for state in self._pages:
                self.__dict__.update(state)
                for text, level, top in state["_marks"]:
                    count += 1
                    self.bookmarkPage(f"h{count}", fit="XYZ", top=top)
                    self.addOutlineEntry(text, f"h{count}", level=level - 1)
                if self._pageNumber > 1:
                    self.setFont("Helvetica", 8)
                    self.setFillColor(GREY)
                    self.drawString(MARGIN, A4[1] - MARGIN + 14, header)
                    self.drawRightString(A4[0] - MARGIN, A4[1] - MARGIN + 14, document.date)
                    self.line(MARGIN, A4[1] - MARGIN + 10, A4[0] - MARGIN, A4[1] - MARGIN + 10)
                self.setFont("Helvetica", 8)
                self.setFillColor(GREY)
                self.drawCentredString(
                    A4[0] / 2, MARGIN - 22, f"Page {self._pageNumber} of {total}"
                )
                super().showPage()
            if count:
                self.showOutline()
            super().save()

    return NumberedCanvas


class _Template(BaseDocTemplate):
    def afterFlowable(self, flowable):  # noqa: N802 (reportlab API)
        outline = getattr(flowable, "outline", None)
        if outline:  # just drawn: the frame's cursor is at its foot
            self.canv.mark(*outline, self.frame._y + flowable.height + 4)


def _set_date(canvas: Canvas, text: str) -> None:
    """Date the PDF's metadata with the report's date (midnight UTC), not the clock."""
    day = _date.fromisoformat(text)
    t = calendar.timegm(day.timetuple())
    stamp = canvas._doc._timeStamp
    stamp.t, stamp.lt = t, time.gmtime(t)
    stamp.YMDhms = tuple(stamp.lt)[:6]


def render_pdf(document: Document) -> bytes:
    """The report as the bytes of a PDF; the same document and date give the same bytes."""
    buffer = io.BytesIO()
    doc = _Template(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=document.title,
        author="fundsim",
        subject="fundsim report",
        keywords=document.record,
        creator="fundsim",
        invariant=1,
        lang=LANGUAGE,
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        TEXT_WIDTH,
        TEXT_HEIGHT,
        id="text",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("title", [frame]), PageTemplate("body", [frame])])
    doc.build(flowables(document), canvasmaker=_canvas_class(document))
    return buffer.getvalue()
