"""The bundled table of England's 296 districts (IoD2025 and ONS mid-2022 populations).

``resources/data/england-districts-2025.csv`` is derived, by :func:`build_england_table`, from
two published tables (both Open Government Licence v3.0): the IoD2025 district summaries (File 10
v2, all ten indices, as tidied by Trafford Data Lab) and the ONS mid-2022 population estimates of
the 296 districts. ``scripts/build_england_districts.py`` writes it; a test rebuilds it from the
shared reference files and finds it byte-identical.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ENGLAND_2025_FILE = "data/england-districts-2025.csv"

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
    "population",
    "score",
    "prop_most_deprived_10",
    *[c for c in INDEX_SCORES.values() if c != "score"],
    "avg_rank",
    "rank_of_avg_score",
    "rank_of_prop_most_deprived_10",
    "rank_of_avg_rank",
)


def build_england_table(summaries: Path, population: Path) -> pd.DataFrame:
    """The 296-district table: one row per district, IMD measures, domain scores, population."""
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
    missing = out["population"].isna() | out[list(INDEX_SCORES.values())].isna().any(axis=1)
    if missing.any():
        raise ValueError(f"no population or score for {', '.join(out.index[missing][:3])}")
    out["population"] = out["population"].astype(int)
    for column in out.columns:
        if out[column].dtype.kind == "f":  # the tidy table carries float noise (0.9870000000000002)
            out[column] = out[column].round(6)
    return out.reset_index(drop=True)[list(COLUMNS)].sort_values("code", ignore_index=True)


def england_csv_text(summaries: Path, population: Path) -> str:
    """The bundled file's text, LF line endings."""
    return build_england_table(summaries, population).to_csv(index=False, lineterminator="\n")
