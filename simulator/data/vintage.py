"""Which release of the English Indices of Deprivation a file belongs to, and what follows.

IoD2019 is on 2011 neighbourhoods (32,844 LSOAs) and 2019 districts (317); IoD2025 on 2021
neighbourhoods (33,755) and 2024 districts (296). A file says which by its headers: the year in
``LSOA code (2011)`` / ``LSOA code (2021)``, ``Local Authority District code (2019)`` /
``(2024)``, or its population base (``mid 2015`` / ``mid 2022``). National counts (deciles, the
most deprived 10%), credits and maps follow the release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Vintage:
    """One release of the indices: its name, geographies and credit."""

    year: str  # "2019" or "2025"
    lsoas: int
    districts: int
    lsoa_year: str
    district_year: str
    population_base: str

    @property
    def name(self) -> str:
        """``IoD2019`` / ``IoD2025``."""
        return f"IoD{self.year}"

    @property
    def title(self) -> str:
        return f"English Indices of Deprivation {self.year}"

    @property
    def attribution(self) -> str:
        return f"Contains data from the {self.title} (MHCLG), Open Government Licence v3.0"


IOD2019 = Vintage("2019", 32_844, 317, "2011", "2019", "mid 2015")
IOD2025 = Vintage("2025", 33_755, 296, "2021", "2024", "mid 2022")
VINTAGES = {v.year: v for v in (IOD2019, IOD2025)}

#: The credit of the bundled England table: the indices and ONS populations (both OGL v3.0).
ENGLAND_2025_ATTRIBUTION = (
    "Contains data from the English Indices of Deprivation 2025 (MHCLG) and ONS mid-2022 "
    "population estimates, Open Government Licence v3.0"
)
#: MHCLG's own words on comparing IoD2025 with earlier releases.
COMPARABILITY_CAVEAT = (
    'MHCLG\'s caveat: IoD2025 outputs are "less directly comparable to previous Indices" (new '
    "data, methods and geographies: 2021 neighbourhoods, 2024 districts). So a change between "
    "IoD2019 and IoD2025 mixes a change in deprivation with a change in how it is measured."
)

_LSOA_YEAR = re.compile(r"^lsoa (?:code|name) \((\d{4})\)")
_LAD_YEAR = re.compile(r"^local authority district (?:code|name) \((\d{4})\)")
_POP_YEAR = re.compile(r": mid (\d{4})")


def vintage_of(normalised_headers) -> Vintage | None:
    """The release a header row (already normalised) belongs to, or None for a plain table."""
    for header in normalised_headers:
        for pattern, field in ((_LSOA_YEAR, "lsoa_year"), (_LAD_YEAR, "district_year")):
            m = pattern.match(header)
            if m:
                for v in VINTAGES.values():
                    if getattr(v, field) == m.group(1):
                        return v
    for header in normalised_headers:
        m = _POP_YEAR.search(header)
        if m:
            for v in VINTAGES.values():
                if v.population_base == f"mid {m.group(1)}":
                    return v
    return None


def get(year: str | None) -> Vintage | None:
    """The release of a year written in provenance (``"2019"``, ``"2025"``), or None."""
    return VINTAGES.get(str(year)) if year else None
