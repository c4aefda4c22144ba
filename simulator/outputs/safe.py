"""Safe cells: text in fundsim's exports is inert, whoever wrote the names it came from.

Area names, scenario names and file names come from other people's files, and exports are sent
on to people who open them in a spreadsheet. Following the OWASP advice on CSV injection, every
writer of tables uses this module:

- :func:`csv_text` / :func:`csv_frame` / :func:`write_csv` (and :func:`tsv_text` for text copied
  to the clipboard): text starting with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return gets a leading ``'`` so spreadsheets show it as text
  (carriage returns inside text become line feeds, so every reader agrees where a row ends);
- :func:`put` / :func:`append` / :func:`write_rows`: text goes into an ``.xlsx`` as a string
  cell, never a formula (with Excel's quote prefix, so editing the cell keeps it text);
- :func:`clean_text` (used by all of them): characters Excel and XML forbid (``\\x00``-``\\x08``,
  ``\\x0b``, ``\\x0c``, ``\\x0e``-``\\x1f``, lone surrogates, ``\\ufffe``, ``\\uffff``) become
  ``\\ufffd``; an ``.xlsx`` cell is cut to Excel's 32,767 characters;
- :func:`save_workbook`: writes a workbook atomically and byte-identically for the same content
  (fixed document and zip timestamps).

Numbers are written as numbers: only text is changed. JSON needs none of this.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from simulator.core.fileio import atomic_write, atomic_write_text
from simulator.core.text import FORBIDDEN, REPLACEMENT, clean_text  # noqa: F401  (part of this API)

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters in one cell.
EXCEL_CELL_LIMIT = 32767
#: The timestamp every workbook carries (document properties and zip entries).
FIXED_TIME = _dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula (or DDE command)."""
    return str(text).startswith(FORMULA_STARTS)


def csv_text(value: object) -> object:
    """A CSV field: text is cleaned and, if formula-like, prefixed with ``'``; others unchanged."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    text = "'" + text if is_formula_like(text) else text
    # a lone carriage return would not be quoted by Python's csv module (before 3.12), so
    # readers would disagree about where the row ends: make it a line feed, which is quoted
    return text.replace("\r\n", "\n").replace("\r", "\n")


def tsv_text(value: object) -> object:
    """A field of tab-separated text for the clipboard: as :func:`csv_text`, with tabs and line
    breaks inside text made spaces (a paste into a spreadsheet has no quoting)."""
    text = csv_text(value)
    if not isinstance(text, str):
        return text
    return text.replace("\t", " ").replace("\n", " ")


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are safe for a CSV."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_text)
    out.columns = [csv_text(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` (without its index) as a safe UTF-8 CSV, atomically."""
    return atomic_write_text(path, csv_frame(frame).to_csv(index=False, lineterminator="\n"))


def xlsx_value(value: object) -> object:
    """A value ready for an openpyxl cell: text cleaned and cut to Excel's limit; NaN -> empty."""
    if isinstance(value, str):
        return clean_text(value)[:EXCEL_CELL_LIMIT]
    if isinstance(value, float) and value != value:
        return None
    return value


def put(ws, row: int, column: int, value: object):
    """Set one cell of worksheet ``ws`` (1-based); text is always a string cell. Returns the cell."""
    cell = ws.cell(row=row, column=column)
    value = xlsx_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes "=..." a formula; this keeps it text
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def append(ws, values: Iterable[object]) -> int:
    """Append one row of values to ``ws`` with :func:`put`; returns the new row's number."""
    row = ws._current_row + 1  # the row openpyxl's own append would use
    for column, value in enumerate(values, start=1):
        put(ws, row, column, value)
    ws._current_row = row  # an empty row still takes its place, as with openpyxl's append
    return row


def write_rows(ws, rows: Iterable[Iterable[object]]) -> None:
    """Append many rows to ``ws`` with :func:`append`."""
    for values in rows:
        append(ws, values)


def workbook_bytes(wb) -> bytes:
    """The ``.xlsx`` bytes of an openpyxl workbook, the same bytes for the same content."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


def save_workbook(wb, path: str | Path) -> Path:
    """Write an openpyxl workbook to ``path`` atomically and reproducibly (see module notes)."""
    data = workbook_bytes(wb)
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))
