"""Refusing data files far beyond any real area file, before they are read.

The largest real inputs (IoD2019 files for all 32,844 neighbourhoods of England, or Output
Areas at about 190,000 rows) are a few megabytes and a few dozen columns. A file many times
larger, or a workbook that is a "zip bomb" (a small file expanding to millions of rows), is
refused quickly with the limit in the message, so neither the command line nor the app spends
minutes or gigabytes on it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from simulator.core.errors import FundsimError

#: Bytes of a data file on disk (CSV or workbook).
MAX_FILE_BYTES = 200_000_000
#: Bytes a workbook may expand to when its zip is uncompressed.
MAX_UNCOMPRESSED_BYTES = 300_000_000
#: Rows of one table (a CSV, or one worksheet).
MAX_ROWS = 500_000
#: Columns of one table.
MAX_COLUMNS = 1_000
#: Rows above a table a workbook may have (titles, notes) besides its data rows.
HEADER_ROWS = 1_000
#: Cells a worksheet's furthest row and column span (a reader fills every one): the largest
#: real area file, every neighbourhood with all its indicators, spans about 2 million.
MAX_CELLS = 20_000_000
#: Parts inside one workbook (a real one has a few dozen).
MAX_ZIP_ENTRIES = 10_000

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CHUNK = 1 << 20


def _megabytes(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def check_file_size(size: int, file: str) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES` on disk."""
    if size > MAX_FILE_BYTES:
        raise FundsimError(
            f"is {_megabytes(size)}, more than the {_megabytes(MAX_FILE_BYTES)} fundsim reads as an area file",
            file=file,
        )


def too_many_columns(columns: int, file: str, sheet: str | None = None) -> FundsimError:
    """The error for a table wider than :data:`MAX_COLUMNS`."""
    return FundsimError(
        f"has {columns:,} columns, more than the {MAX_COLUMNS:,} fundsim reads from an area file",
        file=file,
        sheet=sheet,
    )


def check_csv(data: bytes, file: str) -> None:
    """Refuse a CSV with more than :data:`MAX_ROWS` lines or :data:`MAX_COLUMNS` header fields."""
    check_file_size(len(data), file)
    lines = data.count(b"\n")
    if lines > MAX_ROWS + 1:
        raise FundsimError(
            f"has {lines - 1:,} rows, more than the {MAX_ROWS:,} fundsim reads from an area file",
            file=file,
        )
    first = data[: data.find(b"\n")] if lines else data
    try:
        header = next(csv.reader([first.decode("utf-8-sig", errors="replace")]), [])
    except csv.Error:
        header = first.split(b",")
    while header and not header[-1].strip():  # empty trailing fields, as spreadsheets often save
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise too_many_columns(len(header), file)


_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\s[^>]*?\br=\"(\d{1,12})\"")
_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br=\"([A-Za-z]{1,8})(\d{1,12})\"")
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref=\"(?:[A-Za-z]{1,8}\d{1,12}:)?([A-Za-z]{1,8})(\d{1,12})\""
)


def column_number(letters: bytes | str) -> int:
    """``A`` -> 1, ``XFD`` -> 16384."""
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class SheetSize:
    """What streaming a worksheet part found: row elements, and the furthest row and column any
    row, cell or the sheet's ``<dimension>`` names (a reader fills every row and column up to
    them, so a single cell at XFD1048576 would mean 17 billion empty cells)."""

    rows: int = 0
    last_row: int = 0
    last_column: int = 0

    def take(self, text: bytes) -> None:
        self.rows += len(_ROW_TAG.findall(text))
        for match in _ROW_NUMBER.finditer(text):
            self.last_row = max(self.last_row, int(match.group(1)))
        for pattern in (_CELL_REF, _DIMENSION):
            for match in pattern.finditer(text):
                self.last_column = max(self.last_column, column_number(match.group(1)))
                self.last_row = max(self.last_row, int(match.group(2)))


def _sheet_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> SheetSize:
    """Stream one worksheet part, stopping once ``limit`` rows (counted or named) are passed."""
    size, tail = SheetSize(), b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            buffer = tail + chunk
            cut = buffer.rfind(b"<")
            if cut < 0:
                cut = len(buffer)
            size.take(buffer[:cut])
            tail = buffer[cut:]  # from the last "<": a tag that may go on in the next chunk
            if len(tail) > 4096:  # long enough to be complete whatever it is
                size.take(tail)
                tail = b""
            if (
                max(size.rows, size.last_row) > limit
                or size.last_row * size.last_column > MAX_CELLS
            ):
                return size
    size.take(tail + b" ")
    return size


def _count_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> int:
    """Row elements in one worksheet part, stopping once ``limit`` is passed."""
    return _sheet_size(archive, info, limit).rows


#: A workbook part's prolog (before its first element) is read this far for declarations.
_PROLOG_BYTES = 1 << 16
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ELEMENT = re.compile(rb"<[A-Za-z_]")
ENTITY_MESSAGE = (
    "contains XML entity or document type declarations, which fundsim refuses to read "
    "(they can be used to attack the reader); save it again from Excel"
)


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a document type or entities before its first element.

    Checked here, whichever XML parser openpyxl uses (with lxml installed it does not use
    defusedxml, which would otherwise refuse such a part), so the refusal never depends on it.
    """
    with archive.open(info) as part:
        head = part.read(_PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    first = _ELEMENT.search(head)
    prolog = head if first is None else head[: first.start()]
    return bool(_DECLARATION.search(prolog)) or (first is None and len(head) >= _PROLOG_BYTES)


def check_workbook(data: bytes, file: str) -> None:
    """Refuse a workbook that is not a zip, or whose uncompressed size or row count is beyond
    the limits, before any worksheet is parsed."""
    check_file_size(len(data), file)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FundsimError(
            "is not a readable Excel workbook (it is not a valid .xlsx zip archive)", file=file
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise FundsimError(
                f"is not a plausible Excel workbook: it holds {len(entries):,} parts (the limit is {MAX_ZIP_ENTRIES:,})",
                file=file,
            )
        expanded = sum(e.file_size for e in entries)
        if expanded > MAX_UNCOMPRESSED_BYTES:
            raise FundsimError(
                f"expands to {_megabytes(expanded)} when uncompressed, more than the "
                f"{_megabytes(MAX_UNCOMPRESSED_BYTES)} fundsim reads from an area workbook",
                file=file,
            )
        for entry in entries:
            name = entry.filename
            if name.lower().endswith((".xml", ".rels", ".vml")):
                try:
                    hostile = _declares_entities(archive, entry)
                except Exception as exc:  # noqa: BLE001 - any damage to the zip is the file's fault
                    raise FundsimError(
                        f"is not a readable Excel workbook (a damaged part, {name}: {exc.__class__.__name__})",
                        file=file,
                    ) from None
                if hostile:
                    raise FundsimError(ENTITY_MESSAGE, file=file)
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                try:
                    size = _sheet_size(archive, entry, MAX_ROWS + HEADER_ROWS)
                except Exception as exc:  # noqa: BLE001 - any damage to the zip is the file's fault
                    raise FundsimError(
                        f"is not a readable Excel workbook (a damaged part, {name}: {exc.__class__.__name__})",
                        file=file,
                    ) from None
                if size.rows > MAX_ROWS:
                    raise FundsimError(
                        f"has a worksheet of more than {MAX_ROWS:,} rows, the most fundsim reads from an area file",
                        file=file,
                    )
                cells = size.last_row * size.last_column
                if size.last_row > MAX_ROWS + HEADER_ROWS or cells > MAX_CELLS:
                    raise FundsimError(
                        f"has a worksheet reaching row {size.last_row:,}, column {size.last_column:,} "
                        f"(its cells or its stated size): {cells:,} cells to read, more than the "
                        f"{MAX_CELLS:,} (and {MAX_ROWS:,} rows) fundsim reads from an area file. If "
                        "the data are smaller, copy them into a new workbook and save it again",
                        file=file,
                    )
