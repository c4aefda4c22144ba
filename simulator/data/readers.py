"""Reading CSV and Excel files into a table of strings with its location in the file.

Everything is read as text first, so that a bad value can be reported with the row and column a
user sees in a spreadsheet before any number is parsed.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.data.headers import recognise
from simulator.core.errors import FundsimError

#: How many rows at the top of a worksheet are searched for the header row.
HEADER_SEARCH_ROWS = 20


@dataclass
class RawTable:
    """A table of strings as read from a file.

    ``header_row`` is the 1-based row of the header in the file (data start on the next row),
    so the data row ``i`` (0-based) is file row ``header_row + 1 + i``.
    """

    frame: pd.DataFrame
    file: str
    sha256: str
    sheet: str | None = None
    header_row: int = 1

    def row_of(self, index: int) -> int:
        return self.header_row + 1 + index

    def error(self, message: str, index: int | None = None, column: str | None = None) -> FundsimError:
        row = self.row_of(index) if index is not None else None
        return FundsimError(message, file=self.file, sheet=self.sheet, row=row, column=column)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FundsimError("data file not found", file=str(path)) from None
    except IsADirectoryError:
        raise FundsimError("is a folder, not a data file", file=str(path)) from None
    except OSError as exc:
        raise FundsimError(f"cannot be read: {exc.strerror}", file=str(path)) from None


def read_csv(path: Path) -> RawTable:
    """Read a UTF-8 CSV (a byte-order mark is fine) as strings, headers as written."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FundsimError(
            "is not UTF-8 text; save it as 'CSV UTF-8' and try again", file=path.name, row=line
        ) from None
    if not text.strip():
        raise FundsimError("is empty", file=path.name)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise FundsimError(f"is not a well-formed CSV: {exc}", file=path.name) from None
    return RawTable(frame, path.name, hashlib.sha256(data).hexdigest())


def read_xlsx(path: Path, sheet: str | None = None, mapping: dict[str, str] | None = None) -> RawTable:
    """Read one worksheet of an ``.xlsx`` workbook as strings.

    The sheet is ``sheet`` if given, else a sheet named ``IMD`` (the official district
    summaries), else the first sheet whose top rows hold a recognisable header. The header row
    is searched for in the first :data:`HEADER_SEARCH_ROWS` rows, so title rows above a table
    are fine.
    """
    from openpyxl import load_workbook

    data = read_bytes(path)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FundsimError(f"is not a readable Excel workbook ({exc.__class__.__name__})", file=path.name) from None
    try:
        names = workbook.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise FundsimError(f"has no sheet named '{sheet}' (sheets: {', '.join(names)})", file=path.name)
            candidates = [sheet]
        elif "IMD" in names:
            candidates = ["IMD"]
        else:
            candidates = names
        for name in candidates:
            rows = [list(r) for r in workbook[name].iter_rows(values_only=True)]
            for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
                headers = ["" if v is None else str(v) for v in row]
                if recognise(headers, mapping).kind != "unknown":
                    return _table_from_rows(rows[i + 1 :], headers, path.name, data, name, i + 1)
        if sheet is None and "IMD" not in names and any(n.lower().startswith("notes") for n in names):
            raise FundsimError(
                f"looks like an IoD2019 summary workbook but has no sheet named 'IMD' (sheets: {', '.join(names)})",
                file=path.name,
            )
        where = f"sheet '{candidates[0]}'" if len(candidates) == 1 else f"any sheet ({', '.join(names)})"
        raise FundsimError(
            f"has no recognisable header row in {where}: expected IoD2019 columns such as "
            "'LSOA code (2011)' or a table with columns code,name,population,score",
            file=path.name,
        )
    finally:
        workbook.close()


def _table_from_rows(rows, headers, file, data, sheet, header_row) -> RawTable:
    width = len(headers)
    while width and not headers[width - 1].strip():
        width -= 1
    headers = headers[:width]
    body = []
    for row in rows:
        cells = ["" if v is None else _cell_text(v) for v in list(row)[:width]]
        cells += [""] * (width - len(cells))
        body.append(cells)
    while body and not any(c.strip() for c in body[-1]):
        body.pop()  # trailing blank rows
    frame = pd.DataFrame(body, columns=headers, dtype=str)
    return RawTable(frame, file, hashlib.sha256(data).hexdigest(), sheet, header_row)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: Path, mapping: dict[str, str] | None = None) -> RawTable:
    """Read a CSV or XLSX file by its extension."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return read_csv(path)
    if suffix in {".xlsx", ".xlsm"}:
        return read_xlsx(path, mapping=mapping)
    raise FundsimError(
        f"has an unsupported file type '{suffix or '(none)'}'; use a .csv or .xlsx file "
        "(an IoD2019 file or a table with columns code,name,population,score)",
        file=path.name,
    )


def peek_headers(path: Path) -> list[str]:
    """The header row a user would map columns from: a CSV's first line, or the first
    non-empty row of a workbook's ``IMD`` sheet (else its first sheet)."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(read_bytes(path)), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise FundsimError("is not a readable Excel workbook", file=path.name) from None
        try:
            sheet = workbook["IMD"] if "IMD" in workbook.sheetnames else workbook[workbook.sheetnames[0]]
            for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True):
                headers = [str(v) for v in row if v is not None and str(v).strip()]
                if len(headers) >= 2:
                    return headers
            return []
        finally:
            workbook.close()
    return [str(c) for c in read_csv(path).frame.columns]
