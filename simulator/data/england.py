"""The bundled table of England's 296 districts (IoD2025 and ONS mid-2022 populations).

``resources/data/england-districts-2025.csv`` is derived, by :func:`build_england_table`, from
two published tables (both Open Government Licence v3.0): the IoD2025 district summaries (File 10
v2, all ten indices, as tidied by Trafford Data Lab) and the ONS mid-2022 population estimates of
the 296 districts; each district's region is taken from the bundled 2025 hex layout (Open
Innovations, MIT), whose hexes carry their region's ONS code. ``scripts/build_england_districts.py``
writes it; a test rebuilds it from the shared reference files and finds it byte-identical.

Extent and local concentration are not in the tidy summaries, so the table has neither: a
user's own File 10 v2 has them (its IMD sheet), and fundsim reads them from there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from simulator.data.districts import RECODED

ENGLAND_2025_FILE = "data/england-districts-2025.csv"
#: The bundled hex layout the regions are read from (relative to ``resources/``).
HEXMAP_2025_FILE = "maps/uk-local-authority-districts-2025.hexjson"

#: England's nine regions (ONS codes and names; the former Government Office Regions).
ENGLISH_REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}

#: File 10's index names (as the tidy table spells them) -> the column of the average score.
INDEX_SCORES = {
    "Index of Multiple Deprivation": "score",
    "Income Deprivation": "income_score",
    "Employment Deprivation": "employment_score",
    "Education, Skills and Training Deprivation": "education_score",
    "Health Deprivation and Disability": "health_score",
    "Crime": "crime_score",
    "Barriers to Housing and Services": "barriers_score",
    "Living Environment Deprivation": "living_environment_score",
    "Income Deprivation Affecting Children": "idaci_score",
    "Income Deprivation Affecting Older People": "idaopi_score",
}
#: The IMD's own summary measures, tidy name -> bundled column.
IMD_MEASURES = {
    "average_score": "score",
    "rank_average_score": "rank_of_avg_score",
    "proportion_bottom_decile": "prop_most_deprived_10",
    "rank_proportion_bottom_decile": "rank_of_prop_most_deprived_10",
    "average_rank": "avg_rank",
    "rank_average_rank": "rank_of_avg_rank",
}
COLUMNS = (
    "code",
    "name",
    "region_code",
    "region",
    "population",
    "score",
    "prop_most_deprived_10",
    *[c for c in INDEX_SCORES.values() if c != "score"],
    "avg_rank",
    "rank_of_avg_score",
    "rank_of_prop_most_deprived_10",
    "rank_of_avg_rank",
)


def hex_regions(hexmap: Path) -> dict[str, str]:
    """District code -> region code, from a HexJSON layout's ``region`` field."""
    hexes = json.loads(hexmap.read_text(encoding="utf-8"))["hexes"]
    return {str(h.get("id", code)): str(h["region"]) for code, h in hexes.items() if "region" in h}


def build_england_table(summaries: Path, population: Path, hexmap: Path) -> pd.DataFrame:
    """The 296-district table: one row per district, region, IMD measures, domain scores,
    population."""
    tidy = pd.read_csv(summaries, dtype={"area_code": str, "area_name": str})
    pop = pd.read_csv(population, dtype={"code": str, "name": str})
    imd = tidy[tidy["index_domain"] == "Index of Multiple Deprivation"].set_index("area_code")
    out = pd.DataFrame({"code": imd.index, "name": imd["area_name"].to_numpy()})
    out = out.set_index("code", drop=False)
    for source, column in IMD_MEASURES.items():
        out[column] = imd[source]
    for index, column in INDEX_SCORES.items():
        if column != "score":
            rows = tidy[tidy["index_domain"] == index].set_index("area_code")
            out[column] = rows["average_score"]
    out["population"] = pop.set_index("code")["population"]
    regions = hex_regions(hexmap)  # the layout has Barnsley's and Sheffield's 2024 codes
    out["region_code"] = [regions.get(RECODED.get(c, c)) for c in out.index]
    out["region"] = out["region_code"].map(ENGLISH_REGIONS)
    missing = (
        out["population"].isna()
        | out[list(INDEX_SCORES.values())].isna().any(axis=1)
        | out["region"].isna()
    )
    if missing.any():
        raise ValueError(f"no population, score or region for {', '.join(out.index[missing][:3])}")
    out["population"] = out["population"].astype(int)
    for column in out.columns:
        if out[column].dtype.kind == "f":  # the tidy table carries float noise (0.9870000000000002)
            out[column] = out[column].round(6)
    return out.reset_index(drop=True)[list(COLUMNS)].sort_values("code", ignore_index=True)


def england_csv_text(summaries: Path, population: Path, hexmap: Path) -> str:
    """The bundled file's text, LF line endings."""
    table = build_england_table(summaries, population, hexmap)
    return table.to_csv(index=False, lineterminator="\n")
