"""Recognising data files by their headers, not their names.

Headers are normalised (byte-order mark, case, runs of white space and trailing spaces removed)
and matched against the column names the English Indices of Deprivation 2019 and 2025 files use,
then against the plain-table names; the release (vintage) is read from the same headers. Each
recognised column gets a canonical name used everywhere else (``lsoa_code``, ``imd_rank``, ``pop_total``, ``prop_most_deprived_10``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.data.vintage import Vintage, vintage_of

DOMAINS = {
    "income": "income",
    "employment": "employment",
    "education, skills and training": "education",
    "health deprivation and disability": "health",
    "crime": "crime",
    "barriers to housing and services": "barriers",
    "living environment": "living_environment",
}

_IMD = r"index of multiple deprivation \(imd\)"
_LAD_IMD = r"imd(?: 2019)? -"

#: Canonical name -> regular expression on the normalised header (matched from the start).
IOD_PATTERNS: dict[str, str] = {
    "lsoa_code": r"lsoa code",
    "lsoa_name": r"lsoa name",
    "lad_code": r"local authority district code",
    "lad_name": r"local authority district name",
    "imd_score": rf"{_IMD} score",
    "imd_rank": rf"{_IMD} rank",
    "imd_decile": rf"{_IMD} decile",
    "pop_total": r"total population",
    "pop_children": r"dependent children aged 0-15",
    "pop_16_59": r"population aged 16-59",
    "pop_older": r"older population aged 60",
    "pop_working_age": r"working age population",
    # File 10, district summaries (sheet "IMD")
    "avg_rank": rf"{_LAD_IMD} average rank",
    "rank_of_avg_rank": rf"{_LAD_IMD} rank of average rank",
    "score": rf"{_LAD_IMD} average score",
    "rank_of_avg_score": rf"{_LAD_IMD} rank of average score",
    "prop_most_deprived_10": rf"{_LAD_IMD} proportion of lsoas in most deprived 10",
    "rank_of_prop_most_deprived_10": rf"{_LAD_IMD} rank of proportion of lsoas",
    "extent": rf"{_LAD_IMD} extent",
    "rank_of_extent": rf"{_LAD_IMD} rank of extent",
    "local_concentration": rf"{_LAD_IMD} local concentration",
    "rank_of_local_concentration": rf"{_LAD_IMD} rank of local concentration",
}
for _long, _short in DOMAINS.items():
    for _what in ("score", "rank", "decile"):
        IOD_PATTERNS[f"{_short}_{_what}"] = rf"{re.escape(_long)} {_what}"
#: The two supplementary indices (File 3 and File 7 of both releases).
SUPPLEMENTARY = {
    "income deprivation affecting children index (idaci)": "idaci",
    "income deprivation affecting older people (idaopi)": "idaopi",
}
for _long, _short in SUPPLEMENTARY.items():
    for _what in ("score", "rank", "decile"):
        IOD_PATTERNS[f"{_short}_{_what}"] = rf"{re.escape(_long)} {_what}"

#: Plain-table aliases: canonical name -> accepted normalised headers.
PLAIN_ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "code",
        "area code",
        "area_code",
        "lad19cd",
        "lad20cd",
        "lad21cd",
        "lad22cd",
        "lad23cd",
        "lad24cd",
        "lsoa11cd",
        "lsoa21cd",
    ),
    "name": (
        "name",
        "area name",
        "area_name",
        "lad19nm",
        "lad20nm",
        "lad21nm",
        "lad22nm",
        "lad23nm",
        "lad24nm",
        "lsoa11nm",
        "lsoa21nm",
    ),
    "population": ("population", "pop", "total population", "residents"),
    "score": ("score", "imd score", "average score", "imd average score"),
    "prop_most_deprived_10": ("proportion", "prop_most_deprived_10"),
    "extent": ("extent",),
    "local_concentration": ("local concentration", "local_concentration"),
    "region": ("region", "region name", "region_name", "rgn19nm", "rgn21nm", "rgn24nm"),
    "region_code": ("region code", "region_code", "rgn19cd", "rgn21cd", "rgn24cd"),
}

#: Population measures a scenario can choose, and the column each one reads.
POPULATION_MEASURES = {
    "total": "pop_total",
    "children": "pop_children",
    "older": "pop_older",
    "working_age": "pop_working_age",
}


def normalise(header: object) -> str:
    """``'\\ufeffIMD - Average score '`` -> ``'imd - average score'``."""
    text = str(header).replace("\ufeff", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True)
class Recognised:
    """What a table's header row was recognised as.

    ``kind`` is ``"lsoa"`` (an IoD2019 neighbourhood file), ``"lad_summary"`` (the File 10
    district summaries), ``"plain"`` (a code,name,population,score table) or ``"unknown"``.
    ``columns`` maps canonical names to the file's own headers.
    """

    kind: str
    columns: dict[str, str]
    vintage: Vintage | None = None

    @property
    def release(self) -> str:
        """``IoD2019`` or ``IoD2025`` (``IoD`` when the headers do not say which)."""
        return self.vintage.name if self.vintage else "IoD"

    def describe(self) -> str:
        if self.kind == "lsoa":
            parts = []
            if "imd_score" in self.columns or "income_score" in self.columns:
                parts.append("scores")
            if "imd_rank" in self.columns:
                parts.append("ranks")
            if "pop_total" in self.columns:
                parts.append("population")
            return f"{self.release} neighbourhood (LSOA) file: {', '.join(parts) or 'codes only'}"
        if self.kind == "lad_summary":
            return f"{self.release} local authority district summaries (File 10)"
        if self.kind == "plain":
            return "plain area table"
        return "unrecognised table"


def recognise(headers: list[object], mapping: dict[str, str] | None = None) -> Recognised:
    """Match a header row against the known formats.

    ``mapping`` (from a scenario's ``[data.columns]``) maps canonical names to the file's own
    headers and takes precedence.
    """
    normalised = {normalise(h): str(h) for h in headers if str(h).strip()}
    found: dict[str, str] = {}
    if mapping:
        wanted = {normalise(v): k for k, v in mapping.items()}
        for norm, original in normalised.items():
            if norm in wanted:
                found[wanted[norm]] = original
    for canonical, pattern in IOD_PATTERNS.items():
        if canonical in found:
            continue
        regex = re.compile(pattern)
        for norm, original in normalised.items():
            if regex.match(norm) and original not in found.values():
                found[canonical] = original
                break
    if "lsoa_code" in found:
        return Recognised("lsoa", found, vintage_of(normalised))
    if "lad_code" in found and any(
        k in found for k in ("score", "avg_rank", "prop_most_deprived_10", "extent")
    ):
        return Recognised("lad_summary", found, vintage_of(normalised))
    plain = dict(found) if mapping else {}
    for canonical, aliases in PLAIN_ALIASES.items():
        if canonical in plain:
            continue
        for norm, original in normalised.items():
            if norm in aliases and original not in plain.values():
                plain[canonical] = original
                break
    if "code" not in plain and "lad_code" in found:
        plain["code"] = found["lad_code"]
        plain.setdefault("name", found.get("lad_name", found["lad_code"]))
    if "code" in plain:
        return Recognised("plain", plain)
    return Recognised("unknown", {})


def authority_type(code: str) -> str:
    """Local authority type from a GSS code prefix (E06 unitary, E07 district, ...)."""
    return {
        "E06": "Unitary authority",
        "E07": "Non-metropolitan district",
        "E08": "Metropolitan district",
        "E09": "London borough",
        "W06": "Welsh unitary authority",
    }.get(str(code)[:3], "Other")
