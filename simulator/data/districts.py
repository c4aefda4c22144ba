"""England's local authority districts since 2019: what merged into what, and what was recoded.

317 districts in 2019 (those of IoD2019) became 296 by April 2023 (those of IoD2025, on 2024
codes): Buckinghamshire's four districts became one unitary authority (April 2020),
Northamptonshire's seven became North and West Northamptonshire (April 2021), and in April 2023
Cumbria's six became Cumberland and Westmorland and Furness, North Yorkshire's seven became North
Yorkshire and Somerset's four became Somerset. In 2024 ONS recoded Barnsley (E08000016 ->
E08000038) and Sheffield (E08000019 -> E08000039) after a small boundary change between them.

Apart from that Barnsley-Sheffield adjustment, every 2019 district lies wholly inside one 2024
district, so a figure per 2019 district (money, people) adds up to 2024 districts exactly.
A file and a map from the same year can disagree on the two recoded codes (the IoD2025 summaries
keep the old codes; the 2025 hex layout uses the new ones): :func:`same_district` treats a recoded
pair as one district.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DistrictChange:
    """One 2019 district and the 2024 district it became part of (or was recoded to)."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    date: str  # when the change took effect (YYYY-MM-DD)
    kind: str  # "merge" or "recode"


def _merge(date: str, new_code: str, new_name: str, olds: dict[str, str]) -> list[DistrictChange]:
    return [DistrictChange(c, n, new_code, new_name, date, "merge") for c, n in olds.items()]


#: Every change between the 317 districts of 2019 and the 296 of 2024, one row per old code.
DISTRICT_CHANGES: tuple[DistrictChange, ...] = tuple(
    _merge(
        "2020-04-01",
        "E06000060",
        "Buckinghamshire",
        {
            "E07000004": "Aylesbury Vale",
            "E07000005": "Chiltern",
            "E07000006": "South Bucks",
            "E07000007": "Wycombe",
        },
    )
    + _merge(
        "2021-04-01",
        "E06000061",
        "North Northamptonshire",
        {
            "E07000150": "Corby",
            "E07000152": "East Northamptonshire",
            "E07000153": "Kettering",
            "E07000156": "Wellingborough",
        },
    )
    + _merge(
        "2021-04-01",
        "E06000062",
        "West Northamptonshire",
        {
            "E07000151": "Daventry",
            "E07000154": "Northampton",
            "E07000155": "South Northamptonshire",
        },
    )
    + _merge(
        "2023-04-01",
        "E06000063",
        "Cumberland",
        {"E07000026": "Allerdale", "E07000028": "Carlisle", "E07000029": "Copeland"},
    )
    + _merge(
        "2023-04-01",
        "E06000064",
        "Westmorland and Furness",
        {"E07000027": "Barrow-in-Furness", "E07000030": "Eden", "E07000031": "South Lakeland"},
    )
    + _merge(
        "2023-04-01",
        "E06000065",
        "North Yorkshire",
        {
            "E07000163": "Craven",
            "E07000164": "Hambleton",
            "E07000165": "Harrogate",
            "E07000166": "Richmondshire",
            "E07000167": "Ryedale",
            "E07000168": "Scarborough",
            "E07000169": "Selby",
        },
    )
    + _merge(
        "2023-04-01",
        "E06000066",
        "Somerset",
        {
            "E07000187": "Mendip",
            "E07000188": "Sedgemoor",
            "E07000189": "South Somerset",
            "E07000246": "Somerset West and Taunton",
        },
    )
    + [
        DistrictChange("E08000016", "Barnsley", "E08000038", "Barnsley", "2024-04-01", "recode"),
        DistrictChange("E08000019", "Sheffield", "E08000039", "Sheffield", "2024-04-01", "recode"),
    ]
)

#: Old code -> 2024 code, for every district that changed.
TO_2024: dict[str, str] = {c.old_code: c.new_code for c in DISTRICT_CHANGES}
#: Recoded districts only (same district, new code): old <-> new.
RECODED: dict[str, str] = {c.old_code: c.new_code for c in DISTRICT_CHANGES if c.kind == "recode"}
RECODED_BACK: dict[str, str] = {new: old for old, new in RECODED.items()}
#: The 2024 district of each district abolished since 2019, and its name.
NEW_NAMES: dict[str, str] = {c.new_code: c.new_name for c in DISTRICT_CHANGES}


def to_2024(code: str) -> str:
    """The 2024 code of a district code of 2019 or later (unchanged codes map to themselves)."""
    return TO_2024.get(code, code)


def same_district(code: str) -> str:
    """One code for a district whatever its recoding: the 2024 code of a recoded district."""
    return RECODED.get(code, code)


def abolished(codes) -> list[str]:
    """The codes among ``codes`` of districts abolished or recoded since 2019."""
    return [c for c in map(str, codes) if c in TO_2024]


def targets_2024(codes, current_codes) -> np.ndarray:
    """For each 2019 district code, the position in ``current_codes`` (2024 districts, with
    either code of a recoded district) of the district it is now part of; -1 if none."""
    position = {same_district(str(c)): i for i, c in enumerate(current_codes)}
    return np.array([position.get(same_district(to_2024(str(c))), -1) for c in codes], dtype=int)


def table_rows() -> list[dict[str, str]]:
    """The change table as rows (for documentation and exports)."""
    return [
        {
            "2019 code": c.old_code,
            "2019 district": c.old_name,
            "2024 code": c.new_code,
            "2024 district": c.new_name,
            "from": c.date,
            "change": c.kind,
        }
        for c in DISTRICT_CHANGES
    ]


def add_up_to_2024(frame, columns, code: str = "code"):
    """A table per 2019 district added up to the 2024 districts: ``columns`` (money, people:
    anything that adds) summed within each 2024 district, under the 2024 code and name (Barnsley
    and Sheffield under their 2024 codes). Districts that did not change pass through; the order
    is that of each 2024 district's first row."""
    import pandas as pd

    codes = frame[code].astype(str)
    new = codes.map(to_2024)
    names = frame["name"] if "name" in frame else codes
    names = names.where(~codes.isin(list(TO_2024)), new.map(NEW_NAMES))
    out = frame.assign(**{code: new, "name": names})
    summed = out.groupby(code, sort=False)[list(columns)].sum()
    first = out.drop_duplicates(code).set_index(code)["name"]
    return pd.concat([first, summed], axis=1).reset_index()
