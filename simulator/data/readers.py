"""Reading CSV and Excel files into a table of strings with its location in the file.

Everything is read as text first, so that a bad value can be reported with the row and column a
user sees in a spreadsheet before any number is parsed.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from defusedxml import DefusedXmlException

from simulator.core import cancel
from simulator.core.errors import FundsimError
from simulator.core.inputs import check_regular, read_input
from simulator.data.guards import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    check_csv,
    check_workbook,
    too_many_columns,
)
from simulator.data.headers import normalise, recognise

#: Which columns of a table to read, given its whole header row: the headers wanted, each with
#: whether it holds numbers, or None for every column as text.
ColumnChoice = Callable[[list[str]], dict[str, bool] | None]

#: How many rows at the top of a worksheet are searched for the header row.
HEADER_SEARCH_ROWS = 20


@dataclass
class RawTable:
    """A table of strings as read from a file.

    ``header_row`` is the 1-based row of the header in the file (data start on the next row),
    so the data row ``i`` (0-based) is file row ``header_row + 1 + i``. ``headers`` is the
    file's whole header row, which names more columns than ``frame`` holds when only the
    columns in use were read.
    """

    frame: pd.DataFrame
    file: str
    sha256: str
    sheet: str | None = None
    header_row: int = 1
    headers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.headers:
            self.headers = [str(c) for c in self.frame.columns]

    def row_of(self, index: int) -> int:
        return self.header_row + 1 + index

    def error(
        self, message: str, index: int | None = None, column: str | None = None
    ) -> FundsimError:
        row = self.row_of(index) if index is not None else None
        return FundsimError(message, file=self.file, sheet=self.sheet, row=row, column=column)


def read_bytes(path: Path) -> bytes:
    """The bytes of a data file: a regular file, refused before reading if it is far too large
    (see :func:`simulator.core.inputs.read_input`)."""
    return read_input(path, MAX_FILE_BYTES, "data file")


def read_csv(path: Path, choose: ColumnChoice | None = None) -> RawTable:
    """Read a UTF-8 CSV (a byte-order mark is fine) as strings, headers as written.

    ``choose`` picks the columns to read from the header row (all of them, as text, when it is
    None or returns None), saying which hold numbers: IoD2025's File 7 has 56 columns, of which
    a district run uses 18, and turning cells into Python strings is most of the time a read
    takes. Headers are matched as the rest of fundsim matches them (case, byte-order mark and
    runs of spaces ignored, see :func:`~simulator.data.headers.normalise`). A column of numbers
    comes back as floats only when every cell is a finite number; otherwise the file is read
    again as text, so its bad cell is reported by row and column as for any other file.
    """
    data = read_bytes(path)
    check_csv(data, path.name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FundsimError(
            "is not UTF-8 text; save it as 'CSV UTF-8' and try again", file=path.name, row=line
        ) from None
    if not text.strip():
        raise FundsimError("is empty", file=path.name)
    body = data.removeprefix(codecs.BOM_UTF8)  # valid UTF-8: pandas reads the bytes as they are
    try:
        headers, frame = None, None
        if choose is not None:
            headers = [str(h) for h in _pandas_csv(body, nrows=0).columns]
            frame = _chosen_columns(body, choose(headers), headers, data)
        if frame is None:
            frame = _pandas_csv(body)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        detail = " ".join(str(exc).split())
        raise FundsimError(f"is not a well-formed CSV: {detail}", file=path.name) from None
    return RawTable(frame, path.name, hashlib.sha256(data).hexdigest(), headers=headers or [])


def _pandas_csv(body: bytes, **options) -> pd.DataFrame:
    """pandas' reading of a CSV's bytes: every cell as written, text unless ``dtype`` says."""
    options.setdefault("dtype", str)
    return pd.read_csv(io.BytesIO(body), keep_default_na=False, encoding="utf-8", **options)


def _chosen_columns(
    body: bytes, wanted: dict[str, bool] | None, headers: list[str], data: bytes
) -> pd.DataFrame | None:
    """The ``wanted`` columns (header -> holds numbers), or None to read the whole file as text.

    pandas does not check a row's number of fields when it reads some columns only, so a file
    with a row longer than its header (which a full read refuses, naming the line) is read in
    full, and pandas reports it as before.

    Numbers are read as numbers only when every cell of those columns is a finite number;
    otherwise the columns are read as text and checked cell by cell. pandas reads a column of
    ``True`` and ``False`` as 1 and 0, so a column of nothing but 0 and 1 is read again as text.
    When many lines have quotes (an IoD2019 file writes populations as "1,296", which is not a
    number to pandas) the columns are read as text at once.
    """
    quoted = None if wanted is None else _quoted_lines(data, len(headers))
    if quoted is None:
        return None
    keep = {normalise(h) for h in wanted}
    numbers = [h for h, is_number in wanted.items() if is_number]

    def usecols(header: str) -> bool:
        return normalise(header) in keep

    if numbers and quoted * 10 <= data.count(b"\n"):
        try:
            dtype = defaultdict(lambda: str, dict.fromkeys(numbers, float))
            frame = _pandas_csv(body, usecols=usecols, dtype=dtype)
        except (ValueError, TypeError):
            frame = None  # a cell that is not a number: read as text below, reported as usual
        if frame is not None and all(_plain_floats(frame[h].to_numpy()) for h in numbers):
            return frame
    return _pandas_csv(body, usecols=usecols)


def _plain_floats(values: np.ndarray) -> bool:
    """Whether a column pandas read as numbers holds only finite numbers, not all 0 and 1."""
    return (
        values.dtype.kind == "f"
        and bool(np.isfinite(values).all())
        and not bool(((values == 0) | (values == 1)).all())
    )


def _quoted_lines(data: bytes, fields: int) -> int | None:
    """How many lines of a CSV have a quote, or None if a line may have more than ``fields``
    fields.

    Commas are counted for every line at once; the lines with a quote (a name such as "Bristol,
    City of") are split by the csv module. A quoted field running over a line end answers None
    (the file is read in full), as does a file with lone carriage returns.
    """
    import csv

    raw = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    if b"\r" in data and np.count_nonzero(raw == 13) > len(ends):
        return None  # some line ends in a lone carriage return
    starts = np.concatenate(([0], ends + 1))
    if starts[-1] == len(raw):
        starts = starts[:-1]  # the file ends with a line end
    if not len(starts):
        return 0
    counts = np.add.reduceat((raw == 44).view(np.uint8), starts, dtype=np.uint32)  # commas
    quoted = np.zeros(len(starts), dtype=bool)
    quotes = np.flatnonzero(raw == 34)
    if len(quotes):
        per_line = np.bincount(
            np.searchsorted(starts, quotes, side="right") - 1, minlength=len(starts)
        )
        if (per_line % 2).any():
            return None  # a quoted field spans lines: leave it to pandas
        quoted = per_line > 0
    if (counts[~quoted] >= fields).any():
        return None
    stops = np.append(starts[1:], len(raw))
    lines = [data[starts[i] : stops[i]].decode("utf-8", "replace") for i in np.flatnonzero(quoted)]
    return len(lines) if all(len(row) <= fields for row in csv.reader(lines)) else None


def read_xlsx(
    path: Path, sheet: str | None = None, mapping: dict[str, str] | None = None
) -> RawTable:
    """Read one worksheet of an ``.xlsx`` workbook as strings.

    The sheet is ``sheet`` if given, else a sheet named ``IMD`` (the official district
    summaries), else the first sheet whose top rows hold a recognisable header. The header row
    is searched for in the first :data:`HEADER_SEARCH_ROWS` rows, so title rows above a table
    are fine.
    """
    data = read_bytes(path)
    with _workbook_errors(path.name):
        workbook = _open_workbook(data, path.name)
        try:
            return _read_sheet(workbook, path.name, data, sheet, mapping)
        finally:
            workbook.close()


def _open_workbook(data: bytes, file: str):
    """An openpyxl read-only workbook, after the size and row limits are checked."""
    from openpyxl import load_workbook

    check_workbook(data, file)
    return load_workbook(io.BytesIO(data), read_only=True, data_only=True)


@contextmanager
def _workbook_errors(file: str):
    """Any failure inside a workbook becomes one line naming the file.

    openpyxl, zipfile, zlib and the XML parser raise many kinds of exception on a damaged or
    hostile file (``ParseError``, ``zlib.error``, ``KeyError``, ``TypeError`` ...); for the user
    each means the same: this file cannot be read.
    """
    try:
        yield
    except (FundsimError, cancel.Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise _workbook_error(exc, file) from None


def _workbook_error(exc: BaseException, file: str) -> FundsimError:
    causes = []
    while exc is not None and len(causes) < 20:  # openpyxl wraps the parser's error in its own
        causes.append(exc)
        exc = exc.__cause__ or exc.__context__
    if any(isinstance(c, DefusedXmlException) for c in causes):
        return FundsimError(
            "contains XML entity or document type declarations, which fundsim refuses to read "
            "(they can be used to attack the reader); save it again from Excel",
            file=file,
        )
    if any(isinstance(c, RecursionError) for c in causes):
        return FundsimError(
            "is not a readable Excel workbook (its XML is nested too deeply)", file=file
        )
    if any(isinstance(c, MemoryError) for c in causes):
        return FundsimError("is too large to read in the memory available", file=file)
    return FundsimError(
        f"is not a readable Excel workbook ({causes[-1].__class__.__name__})", file=file
    )


def _read_sheet(
    workbook, file: str, data: bytes, sheet: str | None, mapping: dict[str, str] | None
) -> RawTable:
    names = workbook.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise FundsimError(
                f"has no sheet named '{sheet}' (sheets: {', '.join(names)})", file=file
            )
        candidates = [sheet]
    elif "IMD" in names:
        candidates = ["IMD"]
    else:
        candidates = names
    for name in candidates:
        rows = []
        for row in workbook[name].iter_rows(values_only=True):
            row = list(row)
            if len(row) > MAX_COLUMNS:  # a sheet's stated size may count empty formatted columns
                while row and row[-1] is None:
                    row.pop()
                if len(row) > MAX_COLUMNS:
                    raise too_many_columns(len(row), file, name)
            rows.append(row)
            if len(rows) % 2000 == 0:
                cancel.check()  # a large workbook takes seconds: stay cancellable
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise FundsimError(
                    f"has more than {MAX_ROWS:,} rows, the most fundsim reads from an area file",
                    file=file,
                    sheet=name,
                )
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            headers = ["" if v is None else str(v) for v in row]
            if recognise(headers, mapping).kind != "unknown":
                return _table_from_rows(rows[i + 1 :], headers, file, data, name, i + 1)
    if sheet is None and "IMD" not in names and any(n.lower().startswith("notes") for n in names):
        raise FundsimError(
            "looks like an IoD2019 or IoD2025 summary workbook but has no sheet named 'IMD' "
            f"(sheets: {', '.join(names)})",
            file=file,
        )
    where = (
        f"sheet '{candidates[0]}'" if len(candidates) == 1 else f"any sheet ({', '.join(names)})"
    )
    raise FundsimError(
        f"has no recognisable header row in {where}: expected IoD2019 or IoD2025 columns such "
        "as 'LSOA code (2021)' or a table with columns code,name,population,score",
        file=file,
    )


def _table_from_rows(rows, headers, file, data, sheet, header_row) -> RawTable:
    width = len(headers)
    while width and not headers[width - 1].strip():
        width -= 1
    headers = _unique(headers[:width])
    body = []
    for row in rows:
        cells = ["" if v is None else _cell_text(v) for v in list(row)[:width]]
        cells += [""] * (width - len(cells))
        body.append(cells)
    while body and not any(c.strip() for c in body[-1]):
        body.pop()  # trailing blank rows
    frame = pd.DataFrame(body, columns=headers, dtype=str)
    return RawTable(frame, file, hashlib.sha256(data).hexdigest(), sheet, header_row)


def _unique(headers: list[str]) -> list[str]:
    """Headers with repeats numbered as pandas does for a CSV: ``x``, ``x.1``, ``x.2``."""
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        name = h
        while name in seen:
            seen[h] += 1
            name = f"{h}.{seen[h]}"
        seen.setdefault(name, 0)
        out.append(name)
    return out


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(
    path: Path, mapping: dict[str, str] | None = None, choose: ColumnChoice | None = None
) -> RawTable:
    """Read a CSV or XLSX file by its extension (``choose``: see :func:`read_csv`; a workbook is
    read whole)."""
    check_regular(path, "data file")  # a device or pipe is refused before its name is judged
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return read_csv(path, choose)
    if suffix in {".xlsx", ".xlsm"}:
        return read_xlsx(path, mapping=mapping)
    raise FundsimError(
        f"has an unsupported file type '{suffix or '(none)'}'; use a .csv or .xlsx file "
        "(an IoD2019 or IoD2025 file, or a table with columns code,name,population,score)",
        file=path.name,
    )


def peek_headers(path: Path) -> list[str]:
    """The header row a user would map columns from: a CSV's first line, or in a workbook the
    first recognisable header row of its ``IMD`` sheet, else of the first sheet that has one
    (IoD2025's File 1 keeps its data on sheet ``IMD25`` after a notes sheet), else the first
    row of two or more cells of its first sheet."""
    check_regular(path, "data file")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        with _workbook_errors(path.name):
            workbook = _open_workbook(read_bytes(path), path.name)
            try:
                names = workbook.sheetnames
                order = ["IMD"] if "IMD" in names else names
                fallback: list[str] = []
                for name in order:
                    for row in workbook[name].iter_rows(
                        max_row=HEADER_SEARCH_ROWS, values_only=True
                    ):
                        headers = [str(v) for v in row if v is not None and str(v).strip()]
                        if len(headers) < 2:
                            continue
                        if recognise(headers).kind != "unknown":
                            return headers[:MAX_COLUMNS]
                        if not fallback and name == order[0]:
                            fallback = headers[:MAX_COLUMNS]
                return fallback
            finally:
                workbook.close()
    # the whole file is still read and checked (encoding, size, rows longer than the header),
    # but only its first column is turned into text: a File 7 is recognised in a tenth of the time
    return read_csv(path, lambda headers: dict.fromkeys(headers[:1], False)).headers
