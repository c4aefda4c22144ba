"""A report as plain data: headings, paragraphs, tables and figures with numbered captions.

The content is built once into a :class:`Document`; the Word and PDF writers only lay it out, so
the two formats always say the same thing. Text is final text (money already formatted); a
table cell is a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = a section, 2 = a sub-section


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "small", "lead", "note"] = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with one header row; ``numeric[i]`` right-aligns column ``i``.

    ``widths`` are relative column widths (they are scaled to the text width).
    """

    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric: tuple[bool, ...]
    source: str = ""
    small: bool = False


@dataclass(frozen=True)
class Figure:
    """A chart as a PNG, its size on the page (inches), a numbered caption, a source line and
    its alternative text (one sentence for a screen reader, from the numbers it shows)."""

    number: int
    caption: str
    png: bytes
    width_in: float
    height_in: float
    source: str = ""
    alt: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class TitleBlock:
    """The title page: title, subtitle, a lead paragraph and label/value rows."""

    title: str
    subtitle: str
    lead: str
    rows: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()


Block = Union[Heading, Paragraph, Bullets, Table, Figure, PageBreak, TitleBlock]  # noqa: UP007


@dataclass
class Document:
    """An ordered list of blocks, with the running header text and the date of the report."""

    title: str
    header: str
    date: str
    blocks: list[Block] = field(default_factory=list)
    #: What was run, as JSON: each scenario as run with its scenario file and the data read
    #: (written into the file's properties, so the report can be run again from itself).
    record: str = ""
    _figures: int = 0
    _tables: int = 0

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def para(self, text: str, style: str = "body") -> None:
        self.blocks.append(Paragraph(text, style))  # type: ignore[arg-type]

    def bullets(self, items: list[str]) -> None:
        self.blocks.append(Bullets(tuple(items)))

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    def table(
        self,
        caption: str,
        header: list[str],
        rows: list[list[str]],
        widths: list[float] | None = None,
        numeric: list[bool] | None = None,
        source: str = "",
        small: bool = False,
    ) -> Table:
        """Add a table with the next table number; returns it."""
        self._tables += 1
        n = len(header)
        table = Table(
            self._tables,
            caption,
            tuple(header),
            tuple(tuple(str(c) for c in r) for r in rows),
            tuple(widths or [1.0] * n),
            tuple(numeric or [False] * n),
            source,
            small,
        )
        self.blocks.append(table)
        return table

    def figure(
        self,
        caption: str,
        png: bytes,
        width_in: float,
        height_in: float,
        source: str = "",
        alt: str = "",
    ) -> Figure:
        """Add a figure with the next figure number; returns it."""
        self._figures += 1
        figure = Figure(self._figures, caption, png, width_in, height_in, source, alt)
        self.blocks.append(figure)
        return figure

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def text(self) -> str:
        """All the words of the report, in order (for tests and search)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, TitleBlock):
                out += (
                    [b.title, b.subtitle, b.lead] + [f"{k}: {v}" for k, v in b.rows] + list(b.notes)
                )
            elif isinstance(b, (Heading, Paragraph)):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out += list(b.items)
            elif isinstance(b, Table):
                out.append(f"Table {b.number}: {b.caption}")
                out += [" | ".join(b.header)] + [" | ".join(r) for r in b.rows]
                if b.source:
                    out.append(b.source)
            elif isinstance(b, Figure):
                out.append(f"Figure {b.number}: {b.caption}")
                if b.source:
                    out.append(b.source)
        return "\n".join(out)
