"""Reading plain area tables: CSV with columns ``code,name,population,score`` (and extras).

Numbers may carry thousands separators (``"1,296"``) and the file may start with a UTF-8
byte-order mark, as files saved from Excel and the published deprivation files do. Every
problem is reported with the file, row and column a user would see in a spreadsheet.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.data.areas import REQUIRED_COLUMNS, Areas, Provenance, SourceFile
from simulator.errors import FundsimError


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_text_file(path: Path) -> tuple[str, bytes]:
    """Read a text file as UTF-8 (a byte-order mark is allowed) with clear errors."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FundsimError("data file not found", file=str(path)) from None
    except IsADirectoryError:
        raise FundsimError("is a folder, not a data file", file=str(path)) from None
    except OSError as exc:
        raise FundsimError(f"cannot be read: {exc.strerror}", file=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FundsimError(
            "is not UTF-8 text; save it as 'CSV UTF-8' and try again", file=path.name, row=line
        ) from None
    return text, data


def read_csv_strings(path: Path) -> tuple[pd.DataFrame, bytes]:
    """Read a CSV into a frame of strings with stripped, lower-cased headers."""
    text, data = read_text_file(path)
    if not text.strip():
        raise FundsimError("is empty", file=path.name)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.ParserError as exc:
        raise FundsimError(f"is not a well-formed CSV: {exc}", file=path.name) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame, data


def parse_numbers(values: pd.Series, file: str, column: str, header_rows: int = 1) -> np.ndarray:
    """Parse a column of strings as numbers, allowing thousands separators.

    Raises :class:`FundsimError` naming the first row that is blank or not a number.
    """
    cleaned = values.astype(str).str.replace(",", "", regex=False).str.strip()
    numbers = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(numbers))
    if bad.size:
        i = int(bad[0])
        raw = values.iloc[i]
        what = "is blank" if not str(raw).strip() else f"is not a number: {raw!r}"
        more = f" ({bad.size} such rows)" if bad.size > 1 else ""
        raise FundsimError(f"{what}{more}", file=file, row=i + 1 + header_rows, column=column)
    return numbers


def areas_from_frame(frame: pd.DataFrame, file: str, header_rows: int = 1) -> tuple[pd.DataFrame, list[str]]:
    """Validate a frame of strings into a typed area table.

    Checks required columns, unique codes and positive populations; converts every other
    column that is wholly numeric into a float indicator column.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        found = ", ".join(frame.columns) or "no columns"
        raise FundsimError(
            f"missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(m) for m in missing)} (found: {found})",
            file=file,
            row=header_rows,
        )
    if frame.empty:
        raise FundsimError("has a header but no data rows", file=file)
    out = pd.DataFrame(
        {
            "code": frame["code"].astype(str).str.strip(),
            "name": frame["name"].astype(str).str.strip(),
        }
    )
    blank = np.flatnonzero(out["code"].eq("").to_numpy())
    if blank.size:
        raise FundsimError("area code is blank", file=file, row=int(blank[0]) + 1 + header_rows, column="code")
    dup = out["code"].duplicated(keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        code = out["code"].iloc[i]
        first = int(np.flatnonzero(out["code"].eq(code).to_numpy())[0])
        raise FundsimError(
            f"duplicate area code '{code}' (first seen on row {first + 1 + header_rows})",
            file=file,
            row=i + 1 + header_rows,
            column="code",
        )
    population = parse_numbers(frame["population"], file, "population", header_rows)
    negative = np.flatnonzero(population < 0)
    if negative.size:
        i = int(negative[0])
        raise FundsimError(
            f"population must not be negative, got {population[i]:g}",
            file=file,
            row=i + 1 + header_rows,
            column="population",
        )
    if population.sum() <= 0:
        raise FundsimError("total population is zero", file=file, column="population")
    out["population"] = population
    out["score"] = parse_numbers(frame["score"], file, "score", header_rows)
    warnings: list[str] = []
    for column in frame.columns:
        if column in REQUIRED_COLUMNS:
            continue
        cleaned = frame[column].astype(str).str.replace(",", "", regex=False).str.strip()
        numbers = pd.to_numeric(cleaned, errors="coerce")
        out[column] = numbers.astype(float) if numbers.notna().all() else frame[column].astype(str)
    zero = int((population == 0).sum())
    if zero:
        warnings.append(f"{zero} area{'s have' if zero > 1 else ' has'} zero population and receive nothing")
    return out.reset_index(drop=True), warnings


def load_csv_table(path: Path) -> Areas:
    """Load a plain CSV area table."""
    frame, data = read_csv_strings(path)
    table, warnings = areas_from_frame(frame, path.name)
    provenance = Provenance(
        label=path.name,
        level="custom",
        files=(SourceFile(path.name, sha256_of(data), len(table)),),
    )
    return Areas(table, provenance, tuple(warnings))
