"""Turning data files into the area table the engines use.

``load_data(DataRequest(...))`` reads the area file (recognised by its headers), joins a
population file if one is given, aggregates neighbourhoods to districts if asked, derives the
need indicators and records provenance. Fatal problems raise :class:`FundsimError` with file,
sheet, row and column; recoverable ones become warnings on the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.core.errors import FundsimError
from simulator.core.text import BIDI_CONTROLS, FORBIDDEN, REPLACEMENT
from simulator.data.areas import Areas, Provenance, SourceFile
from simulator.data.headers import POPULATION_MEASURES, Recognised, authority_type, recognise
from simulator.data.iod2019 import aggregate_to_districts, national_count, rank_exponential
from simulator.data.readers import RawTable, read_table
from simulator.data.vintage import IOD2019, Vintage

TEXT_COLUMNS = {
    "lsoa_code",
    "lsoa_name",
    "lad_code",
    "lad_name",
    "code",
    "name",
    "region",
    "region_code",
}


@dataclass(frozen=True)
class DataRequest:
    """What to load: the ``[data]`` section of a scenario, with paths resolved."""

    source: Path
    population: Path | None = None
    level: str | None = None
    population_measure: str = "total"
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class _Table:
    """A typed table at the file's own level, with what is needed to report on its rows."""

    frame: pd.DataFrame
    raw: RawTable
    recognised: Recognised
    level: str  # "lsoa" or "lad" or "custom"


#: A number whose commas are thousands separators: 1,296 or -12,345,678.5 (groups of three).
THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"
#: Text that looks like a number (so a column of them is numeric), including the ones refused.
NUMBER_LIKE = r"^[+-]?(?:[\d.,]+(?:[eE][+-]?\d+)?|nan|inf|infinity)$"


def to_numbers(values: pd.Series) -> np.ndarray:
    """Numbers from text: thousands separators removed where they are thousands separators.

    A comma anywhere else (a decimal comma such as ``20,5``, or ``1,29``) gives NaN, so the
    caller reports it rather than reading 205. NaN and infinities stay as they are.
    """
    if values.dtype.kind == "f":  # read as numbers already (see simulator.data.readers.read_csv)
        return values.to_numpy(dtype=float)
    plain = _plain_numbers(values)
    if plain is not None:
        return plain
    cleaned = np.array([_cleaned(str(v)) for v in values.tolist()], dtype=object)
    return pd.to_numeric(pd.Series(cleaned, dtype=object), errors="coerce").to_numpy(dtype=float)


_THOUSANDS = re.compile(THOUSANDS)


def _cleaned(text: str) -> str:
    """One value's text for ``to_numeric``: stripped; thousands separators removed, any other
    comma turned into ``nan`` (so ``20,5`` is reported rather than read as 205)."""
    text = text.strip()
    if "," not in text:
        return text
    return text.replace(",", "") if _THOUSANDS.match(text) else "nan"


#: A value with white space at either end, in a column's values joined by NUL.
_PADDED = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")
#: Bytes of a column of plain decimal numbers joined by NUL (no thousands separators, no words).
_PLAIN_NUMBER = b"0123456789.eE+-\x00"
#: Bytes of plain ASCII text joined by NUL: printable characters, tab, line feed, return.
_PLAIN_TEXT = bytes(range(0x20, 0x7F)) + b"\t\n\r\x00"
#: The white space plain ASCII text can hold (by byte).
_SPACE = np.isin(np.arange(256), [9, 10, 13, 32])


def _only(joined: str, allowed: bytes) -> bytes | None:
    """``joined`` as ASCII bytes if it is made of the ``allowed`` bytes only (one pass in C:
    deleting them leaves nothing), else None."""
    if not joined.isascii():
        return None
    data = joined.encode("ascii")
    return None if data.translate(None, allowed) else data


def _padded(joined: bytes) -> bool:
    """Whether any of the values joined by NUL begins or ends with white space."""
    raw = np.frombuffer(joined, dtype=np.uint8)
    if not len(raw):
        return False
    cuts = np.flatnonzero(raw == 0)
    edges = np.concatenate(([0, len(raw) - 1], cuts + 1, cuts - 1))
    return bool(_SPACE[raw[edges[(edges >= 0) & (edges < len(raw))]]].any())


def _plain_numbers(values: pd.Series) -> np.ndarray | None:
    """A column of plain numbers (``12.5``, ``-3``, ``1e-4``: the bulk of a published file)
    converted in one step, or None when any value needs the careful path (a comma, a space, a
    blank, a word such as ``nan``). One scan of the joined text decides, so a 33,755-row
    column costs milliseconds instead of a regular expression per value."""
    cells = values.to_numpy(dtype=object)
    try:
        if not len(cells) or _only("\x00".join(cells.tolist()), _PLAIN_NUMBER) is None:
            return None
        return cells.astype(float)  # a blank or a stray "1.2.3" raises: the careful path reports it
    except (TypeError, ValueError):
        return None


def _clean_text(text: pd.Series) -> pd.Series:
    """A text column as names go into workbooks and documents: no control characters, no
    bidirectional overrides, no white space at either end. Plain ASCII (every code and almost
    every name in an IoD file) is checked in one pass and only padded values are touched."""
    values = text.tolist()
    joined = "\x00".join(values)
    plain = _only(joined, _PLAIN_TEXT)
    if plain is not None:
        return text.str.strip() if _padded(plain) else text
    joined = "".join(values)  # one scan each; replace only what is there
    if re.search(FORBIDDEN, joined):
        text = text.str.replace(FORBIDDEN, REPLACEMENT, regex=True)
    if re.search(BIDI_CONTROLS, joined):
        text = text.str.replace(BIDI_CONTROLS, "", regex=True)
    if _PADDED.search("\x00".join(text.tolist())):  # strip only padded columns
        text = text.str.strip()
    return text


def parse_numbers(raw: RawTable, header: str, values: pd.Series | None = None) -> np.ndarray:
    """A column of finite numbers (thousands separators allowed); errors name the first bad row.

    ``values`` is the column itself when its header is not unique."""
    values = raw.frame[header] if values is None else values
    numbers = to_numbers(values)
    bad = np.flatnonzero(~np.isfinite(numbers))
    if bad.size:
        i = int(bad[0])
        text = str(values.iloc[i]).strip()
        if not text:
            what = "is blank"
        elif "," in text and not pd.Series([text]).str.match(THOUSANDS).iloc[0]:
            what = (
                f"has a comma that is not a thousands separator: {text!r} (write decimals with a "
                "point, e.g. 20.5; thousands separators come every three digits, e.g. 1,296)"
            )
        elif text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            what = f"is not a finite number: {text!r}"
        else:
            what = f"is not a number: {text!r}"
        more = f" ({bad.size} rows have this problem)" if bad.size > 1 else ""
        raise raw.error(f"{what}{more}", i, header)
    return numbers


def _is_numeric_column(values: pd.Series) -> bool:
    """Whether every non-blank value looks like a number (then the column must parse as one)."""
    text = values.astype(str).str.strip()
    filled = text[text != ""]
    return (
        bool(len(filled))
        and len(filled) == len(text)
        and bool(filled.str.lower().str.match(NUMBER_LIKE).all())
    )


def _typed(raw: RawTable, rec: Recognised, required_numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    """Canonical columns: text stripped, numbers parsed, with row-level errors."""
    out = pd.DataFrame(index=raw.frame.index)
    for canonical, header in rec.columns.items():
        if header not in raw.frame:
            continue  # a column of the file that this load does not use (not read)
        if canonical in TEXT_COLUMNS:
            out[canonical] = _clean_text(raw.frame[header].astype(str))
        else:
            out[canonical] = parse_numbers(raw, header)
    if rec.kind == "plain":  # keep extra columns: numeric ones become indicators
        used = set(rec.columns.values())
        extra: dict[str, pd.Series] = {}
        for j, header in enumerate(raw.frame.columns):
            if header in used or not str(header).strip():
                continue
            name = str(header).strip().lower().replace(" ", "_")
            if name in out or name in extra:
                continue  # a second column of the same name: the first one counts
            column = raw.frame.iloc[:, j]
            if _is_numeric_column(column):  # a bad value is an error, not a text column
                extra[name] = pd.Series(
                    parse_numbers(raw, str(header), column), index=raw.frame.index
                )
            else:
                extra[name] = column.astype(str)
        if extra:  # joined at once: a wide file is read quietly, not column by column
            out = pd.concat([out, pd.DataFrame(extra, index=raw.frame.index)], axis=1)
    for canonical in required_numeric:
        if canonical not in out:
            raise raw.error(f"missing required column '{canonical}'")
    return out


def _check_codes(raw: RawTable, codes: pd.Series, header: str) -> None:
    blank = np.flatnonzero(codes.eq("").to_numpy())
    if blank.size:
        raise raw.error("area code is blank", int(blank[0]), header)
    dup = codes.duplicated(keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        code = codes.iloc[i]
        first = int(np.flatnonzero(codes.eq(code).to_numpy())[0])
        raise raw.error(
            f"duplicate area code '{code}' (first seen on row {raw.row_of(first)})", i, header
        )


def _check_population(raw: RawTable, values: np.ndarray, header: str) -> None:
    negative = np.flatnonzero(values < 0)
    if negative.size:
        i = int(negative[0])
        raise raw.error(f"population must not be negative, got {values[i]:g}", i, header)


def _found(rec: Recognised, raw: RawTable) -> str:
    return ", ".join(str(c).strip() for c in raw.headers) or "no columns"


#: Neighbourhood columns a run on districts uses (besides scores and populations): adding up
#: needs the district of each neighbourhood and the IMD rank (most deprived 10%, extent).
_ADDED_UP = ("lsoa_code", "lad_code", "lad_name", "imd_rank")
#: Neighbourhood columns a population file gives: codes and populations.
_POPULATION = ("lsoa_code", "lad_code", "lad_name")


def columns_in_use(
    mapping: dict[str, str] | None, role: str = "areas", level: str | None = None
) -> Callable[[list[str]], dict[str, bool] | None]:
    """The columns of an IoD file a load uses, chosen from its header row (every column of any
    other table: a plain table's extra columns become indicators), each with whether it holds
    numbers.

    A neighbourhood file keeps every column fundsim recognises when it is run per
    neighbourhood; added up to districts it keeps codes, scores, the IMD rank and populations;
    as a population file, codes and populations; and any column the scenario's
    ``[data.columns]`` maps. Ranks and deciles of the domains, and the sub-domains, are never
    read then (IoD2025's File 7: 18 of its 56 columns for districts).
    """

    def choose(headers: list[str]) -> dict[str, bool] | None:
        rec = recognise(headers, mapping)
        if rec.kind not in ("lsoa", "lad_summary"):
            return None
        used = rec.columns
        if rec.kind == "lsoa" and (role == "population" or level == "lad"):
            keep = _POPULATION if role == "population" else _ADDED_UP
            used = {
                c: h
                for c, h in used.items()
                if c in keep
                or c in (mapping or {})  # the user named it: it is used
                or c.startswith("pop_")
                or (role != "population" and (c == "score" or c.endswith("_score")))
            }
        return {header: canonical not in TEXT_COLUMNS for canonical, header in used.items()}

    return choose


def read_areas(
    path: Path, columns: dict[str, str], role: str = "areas", level: str | None = None
) -> _Table:
    """Read and type a data file at its own level (``role`` is "areas" or "population";
    ``level`` the level asked for, which decides the columns read: see :func:`columns_in_use`)."""
    mapping = columns or None
    raw = read_table(path, mapping, columns_in_use(mapping, role, level))
    rec = recognise(raw.headers, mapping)
    if rec.kind == "unknown":
        raise FundsimError(
            "has no recognisable header: expected an English Indices of Deprivation file, 2019 or "
            "2025 (with a column such as 'LSOA code (2021)' or 'Local Authority District code "
            "(2024)') or a table with "
            f"columns code,name,population,score (found: {_found(rec, raw)}). Map your columns in "
            "the scenario's [data.columns] or with Data > Map columns",
            file=raw.file,
            sheet=raw.sheet,
            row=raw.header_row,
        )
    if raw.frame.empty:
        raise raw.error("has a header but no data rows")
    frame = _typed(raw, rec)
    if rec.kind == "lsoa":
        code_col, level = "lsoa_code", "lsoa"
        frame = frame.rename(
            columns={"lsoa_code": "code", "lsoa_name": "name", "imd_score": "score"}
        )
    elif rec.kind == "lad_summary":
        code_col, level = "lad_code", "lad"
        frame = frame.rename(columns={"lad_code": "code", "lad_name": "name"})
    else:
        code_col, level = "code", "custom"
        if frame["code"].str.match(r"^E0[6-9]\d{6}$").all():
            level = "lad"
        elif frame["code"].str.match(r"^E01\d{6}$").all():
            level = "lsoa"
        needs_indicator = role == "areas"
        if (
            needs_indicator
            and "score" not in frame
            and not any(c in frame for c in ("prop_most_deprived_10", "extent"))
        ):
            raise FundsimError(
                f"missing required column 'score' (found: {_found(rec, raw)})",
                file=raw.file,
                sheet=raw.sheet,
                row=raw.header_row,
            )
    if "name" not in frame:
        frame["name"] = frame["code"]
    _check_codes(raw, frame["code"], rec.columns.get(code_col, code_col))
    for canonical in ("population", *POPULATION_MEASURES.values()):
        if canonical in frame:
            _check_population(raw, frame[canonical].to_numpy(), rec.columns[canonical])
    if "imd_rank" in frame and level == "lsoa":
        ranks = frame["imd_rank"].to_numpy()
        frame["rank_exponential"] = rank_exponential(ranks, national_count(ranks, _national(rec)))
    return _Table(frame, raw, rec, level)


def _national(rec: Recognised) -> int:
    """Neighbourhoods ranked nationally in the file's release (0 when the file does not say)."""
    return rec.vintage.lsoas if rec.vintage else 0


def _check_same_release(areas: _Table, pop: _Table) -> None:
    """A File 1 of one release with a File 6 of the other shares almost no codes: refuse it."""
    a, p = areas.recognised.vintage, pop.recognised.vintage
    if a is not None and p is not None and a != p:
        raise FundsimError(
            f"is {p.name} ({p.lsoa_year} neighbourhoods, {p.district_year} districts), but the "
            f"area file {areas.raw.file} is {a.name}; give the population file of the same "
            f"release ({a.name} File 6 or File 7)",
            file=pop.raw.file,
        )


def _measure_column(table: _Table, measure: str, role: str) -> str | None:
    """The column holding the chosen population measure, or None if the file has none."""
    frame = table.frame
    if table.recognised.kind == "lsoa" or any(c in frame for c in POPULATION_MEASURES.values()):
        wanted = POPULATION_MEASURES[measure]
        if wanted in frame:
            return wanted
        offered = [m for m, c in POPULATION_MEASURES.items() if c in frame]
        if offered:
            raise FundsimError(
                f"is '{measure}', but the {role} file {table.raw.file} offers: {', '.join(offered)}",
                field="data.population_measure",
            )
        return None
    if "population" in frame:
        if measure != "total":
            raise FundsimError(
                f"is '{measure}', but the {role} file {table.raw.file} has a single population column (use 'total')",
                field="data.population_measure",
            )
        return "population"
    return None


def _join_population(areas: _Table, pop: _Table, measure: str, warnings: list[str]) -> pd.DataFrame:
    """Areas with a population column taken from the population file, matched on code."""
    column = _measure_column(pop, measure, "population")
    if column is None:
        raise FundsimError(
            f"has no population column (found: {_found(pop.recognised, pop.raw)})",
            file=pop.raw.file,
            sheet=pop.raw.sheet,
            row=pop.raw.header_row,
        )
    frame = pop.frame
    if areas.level != "lsoa" and pop.level == "lsoa":
        if "lad_code" not in frame:
            raise FundsimError(
                "has neighbourhood populations but no 'Local Authority District code' column to add them up by district",
                file=pop.raw.file,
            )
        by_code = frame.groupby("lad_code", sort=False)[column].sum()
        district_names = (
            frame.groupby("lad_code", sort=False)["lad_name"].first()
            if "lad_name" in frame
            else None
        )
    else:
        district_names = None
        _check_codes(
            pop.raw,
            frame["code"],
            pop.recognised.columns.get("lsoa_code", pop.recognised.columns.get("code", "code")),
        )
        by_code = frame.set_index("code")[column]
    out = areas.frame.copy()
    out["population"] = out["code"].map(by_code)
    if district_names is not None:  # a table of district codes without names: take them from here
        unnamed = out["name"].eq(out["code"])
        out.loc[unnamed, "name"] = (
            out.loc[unnamed, "code"].map(district_names).fillna(out.loc[unnamed, "code"])
        )
    if column != "pop_total" and "pop_total" in frame and areas.level == "lsoa":
        out["pop_total"] = out["code"].map(frame.set_index("code")["pop_total"])
    unmatched = by_code.index.difference(pd.Index(out["code"]))
    if len(unmatched):
        sample = ", ".join(map(str, unmatched[:3]))
        warnings.append(
            f"{len(unmatched):,} code{'s' if len(unmatched) > 1 else ''} in {pop.raw.file} match no area "
            f"and {'were' if len(unmatched) > 1 else 'was'} ignored (e.g. {sample})"
        )
    return out


def _exclude_missing_population(frame: pd.DataFrame, warnings: list[str]) -> pd.DataFrame:
    missing = frame["population"].isna().to_numpy()
    if missing.any():
        sample = ", ".join(frame.loc[missing, "code"].head(3))
        n = int(missing.sum())
        warnings.append(
            f"{n:,} area{'s have' if n > 1 else ' has'} no population and {'were' if n > 1 else 'was'} excluded (e.g. {sample})"
        )
        frame = frame.loc[~missing]
    zero = (frame["population"] == 0).to_numpy()
    if zero.any():
        n = int(zero.sum())
        sample = ", ".join(frame.loc[zero, "code"].head(3))
        warnings.append(
            f"{n:,} area{'s have' if n > 1 else ' has'} zero population and {'were' if n > 1 else 'was'} excluded (e.g. {sample})"
        )
        frame = frame.loc[~zero]
    return frame.reset_index(drop=True)


def load_data(request: DataRequest) -> Areas:
    """Load areas as a scenario's ``[data]`` section describes them."""
    warnings: list[str] = []
    areas = read_areas(request.source, request.columns, level=request.level)
    files = [
        SourceFile(areas.raw.file, areas.raw.sha256, len(areas.frame), "areas", str(request.source))
    ]
    iod = areas.recognised.kind in ("lsoa", "lad_summary")
    if request.level == "lsoa" and areas.level != "lsoa":
        raise FundsimError(
            f"is 'lsoa', but {areas.raw.file} holds districts, not neighbourhoods (use level = \"lad\")",
            field="data.level",
        )
    if request.population is not None:
        pop_table = read_areas(request.population, {}, role="population")
        _check_same_release(areas, pop_table)
        files.append(
            SourceFile(
                pop_table.raw.file,
                pop_table.raw.sha256,
                len(pop_table.frame),
                "population",
                str(request.population),
            )
        )
        iod = iod or pop_table.recognised.kind == "lsoa"
        frame = _join_population(areas, pop_table, request.population_measure, warnings)
    else:
        column = _measure_column(areas, request.population_measure, "data")
        if column is None:
            raise FundsimError(
                f"has no population column (found: {_found(areas.recognised, areas.raw)}); add one, or "
                "give a population file in the scenario's [data] population or with --population "
                "(File 6 or File 7 of the same IoD release, or a code,population table)",
                file=areas.raw.file,
                sheet=areas.raw.sheet,
                row=areas.raw.header_row,
            )
        frame = areas.frame.copy()
        frame["population"] = frame[column]
    level = areas.level
    if request.level == "lad" and areas.level == "lsoa":
        if "lad_code" not in frame:
            raise FundsimError(
                "cannot be added up to districts: it has no 'Local Authority District code' column",
                file=areas.raw.file,
                field=None,
            )
        frame = _exclude_missing_population(frame, warnings)
        frame = aggregate_to_districts(frame, "population", _national(areas.recognised))
        level = "lad"
    frame = _exclude_missing_population(frame, warnings)
    if frame.empty or frame["population"].sum() <= 0:
        raise FundsimError("total population is zero", file=files[-1].name, column="population")
    type_source = frame["code"] if level == "lad" else frame.get("lad_code")
    if type_source is not None and type_source.astype(str).str.match(r"^E0[6-9]").any():
        frame["authority_type"] = type_source.map(authority_type)
    frame = _order_columns(frame)
    sheet = f", sheet '{areas.raw.sheet}'" if areas.raw.sheet else ""  # the one a workbook used
    label = f"{areas.raw.file}{sheet} ({areas.recognised.describe()}"
    label += ", added up to districts)" if level == "lad" and areas.level == "lsoa" else ")"
    vintage = _release(areas, pop_table if request.population is not None else None)
    provenance = Provenance(
        label=label,
        level=level,
        files=tuple(files),
        fictional=False,
        attribution=(vintage.attribution if vintage else IOD2019.attribution) if iod else None,
        vintage=vintage.year if vintage else None,
    )
    return Areas(frame, provenance, tuple(warnings))


def _release(areas: _Table, pop: _Table | None) -> Vintage | None:
    """The IoD release of the data: the area file's, else its population file's."""
    if areas.recognised.vintage is not None:
        return areas.recognised.vintage
    return pop.recognised.vintage if pop is not None else None


def _order_columns(frame: pd.DataFrame) -> pd.DataFrame:
    first = [c for c in ("code", "name", "population", "score") if c in frame]
    return frame[first + [c for c in frame.columns if c not in first]].reset_index(drop=True)
