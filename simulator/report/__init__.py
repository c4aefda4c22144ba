"""Reports ready to send: the content of a run (or a comparison) built once, written as Word or PDF.

- :mod:`.model` is the neutral document (headings, paragraphs, tables, figures with numbered
  captions); :mod:`.build` fills it from runs, section by section (:mod:`.sections`);
- :mod:`.charts` draws the charts of :mod:`simulator.outputs.figures` at print resolution;
- :mod:`.render` lays the document out as .docx (python-docx) or .pdf (reportlab).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from simulator.core.fileio import atomic_write_bytes, check_output
from simulator.report.build import MAX_SCENARIOS, build_report, report_date
from simulator.report.model import Document

#: Report formats by file extension.
REPORT_FORMATS = {".docx": "Word document", ".pdf": "PDF"}

__all__ = [
    "MAX_SCENARIOS",
    "REPORT_FORMATS",
    "Document",
    "build_report",
    "check_report_path",
    "render_bytes",
    "report_date",
    "write_report",
]


def check_report_path(
    path: str | Path, inputs: Iterable[tuple[str, str | Path | None]] = ()
) -> Path:
    """Check a report's file name (.docx or .pdf), that it can be written and that it is none of
    ``inputs`` (``(role, path)`` of the files being read), before any work is done."""
    return check_output(path, REPORT_FORMATS, "report", inputs)


def render_bytes(document: Document, suffix: str) -> bytes:
    """The bytes of the report in a format: ``".docx"`` or ``".pdf"``."""
    if suffix.lower() == ".docx":
        from simulator.report.render.word import render_docx

        return render_docx(document)
    from simulator.report.render.pdf import render_pdf

    return render_pdf(document)


def write_report(document: Document, path: str | Path) -> Path:
    """Write the report in the format its extension names, whole or not at all."""
    path = check_report_path(path)
    return atomic_write_bytes(path, render_bytes(document, path.suffix))
