"""The area table every engine works on, and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.core.errors import FundsimError

IOD_ATTRIBUTION = (
    "Contains data from the English Indices of Deprivation 2019 (MHCLG), "
    "Open Government Licence v3.0"
)
FICTIONAL_LABEL = "Fictional workshop dataset (invented areas for teaching; not real places)"

#: Columns every area table has; any further numeric column is an extra indicator.
REQUIRED_COLUMNS = ("code", "name", "population", "score")


def is_indicator(column: str) -> bool:
    """Whether a column can serve as a need indicator (higher = more deprived)."""
    if column in ("code", "name", "population", "lsoas", "avg_rank"):
        return False
    if column.startswith(("pop_", "rank_of_")) or column.endswith(("_rank", "_decile")):
        return False
    return True


@dataclass(frozen=True)
class SourceFile:
    """One input file: its name, SHA-256 and number of data rows."""

    name: str
    sha256: str
    rows: int
    role: str = "areas"

    def to_dict(self) -> dict:
        return {"name": self.name, "sha256": self.sha256, "rows": self.rows, "role": self.role}


@dataclass(frozen=True)
class Provenance:
    """Where the area data came from, recorded with every result and export."""

    label: str
    level: str
    files: tuple[SourceFile, ...] = ()
    fictional: bool = False
    attribution: str | None = None

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "level": self.level,
            "fictional": self.fictional,
            "attribution": self.attribution,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass(frozen=True)
class Areas:
    """Areas with population and need indicators, one row each.

    ``table`` has at least the columns ``code``, ``name``, ``population`` (people) and ``score``
    (IMD-style average score, higher is more deprived); codes are unique and populations
    positive. ``warnings`` lists recoverable problems met while reading.
    """

    table: pd.DataFrame
    provenance: Provenance
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.table)

    @property
    def codes(self) -> np.ndarray:
        return self.table["code"].to_numpy()

    @property
    def names(self) -> np.ndarray:
        return self.table["name"].to_numpy()

    @property
    def population(self) -> np.ndarray:
        """Population of each area (people), as float64."""
        return self.table["population"].to_numpy(dtype=float)

    def indicators(self) -> list[str]:
        """Names of the numeric need indicators this table offers (higher = more deprived).

        Ranks, deciles (where 1 is the most deprived), population counts and neighbourhood
        counts are not need indicators and are left out.
        """
        return [c for c in self.table.columns if is_indicator(c) and pd.api.types.is_numeric_dtype(self.table[c])]

    def indicator(self, name: str, field: str = "recovery_fund.need_indicator") -> np.ndarray:
        """The values of one need indicator (float64), or a clear error listing those offered."""
        if name not in self.indicators():
            offered = ", ".join(self.indicators()) or "none"
            raise FundsimError(
                f"is '{name}', but the data ({self.provenance.label}) offer: {offered}",
                field=field,
            )
        values = self.table[name].to_numpy(dtype=float)
        return values
