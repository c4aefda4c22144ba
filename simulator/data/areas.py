"""The area table every engine works on, and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.core.errors import FundsimError
from simulator.data.vintage import IOD2019

#: The credit of IoD2019 data (``Vintage.attribution`` gives each release's).
IOD_ATTRIBUTION = IOD2019.attribution
FICTIONAL_LABEL = "Fictional workshop dataset (invented areas for teaching; not real places)"

#: Columns every area table has; any further numeric column is an extra indicator.
REQUIRED_COLUMNS = ("code", "name", "population", "score")


#: Columns where a LOWER value means MORE deprived: ranks (1 = most deprived), deciles (1 = most
#: deprived tenth) and averages of ranks. IoD2019 File 10's "local concentration" is the
#: population-weighted average rank of a district's most deprived neighbourhoods holding 10% of
#: its people, and "average rank" the average of all its neighbourhoods' ranks.
RANK_LIKE = ("local_concentration", "avg_rank")


def direction(column: str) -> str:
    """Which way a column runs: ``"higher"`` (higher = more deprived) or ``"lower"`` (ranks)."""
    if (
        column in RANK_LIKE
        or column.startswith("rank_of_")
        or column.endswith(("_rank", "_decile"))
    ):
        return "lower"
    return "higher"


def is_indicator(column: str) -> bool:
    """Whether a column can serve as a need indicator (higher = more deprived)."""
    if column in ("code", "name", "population", "lsoas"):
        return False
    if (
        column.startswith(("pop_", "orgs_")) or direction(column) == "lower"
    ):  # orgs_: organisation counts
        return False
    return True


#: What to use instead of a rank-like column, by name.
INSTEAD = (
    "use a score, where higher means more deprived: 'score' (the IMD average score, in File 5, "
    "File 7 and File 10), 'extent' or 'prop_most_deprived_10', or 'rank_exponential' (ranks "
    "transformed as the IoD technical report does)"
)


@dataclass(frozen=True)
class SourceFile:
    """One input file: its name, SHA-256, number of data rows, role and the path it was read
    from (absolute; None for a bundled dataset)."""

    name: str
    sha256: str
    rows: int
    role: str = "areas"
    path: str | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "rows": self.rows,
            "role": self.role,
            "path": self.path,
        }


@dataclass(frozen=True)
class Provenance:
    """Where the area data came from, recorded with every result and export."""

    label: str
    level: str
    files: tuple[SourceFile, ...] = ()
    fictional: bool = False
    attribution: str | None = None
    #: The release of the indices the data come from: "2019", "2025", or None (not IoD data).
    vintage: str | None = None

    @property
    def release(self) -> str | None:
        """``IoD2019`` / ``IoD2025``, or None when the data are not from the indices."""
        return f"IoD{self.vintage}" if self.vintage else None

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "level": self.level,
            "fictional": self.fictional,
            "attribution": self.attribution,
            "vintage": self.vintage,
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
        return [
            c
            for c in self.table.columns
            if is_indicator(c) and pd.api.types.is_numeric_dtype(self.table[c])
        ]

    def indicator(self, name: str, field: str = "recovery_fund.need_indicator") -> np.ndarray:
        """The values of one need indicator (float64), or a clear error listing those offered.

        Rank-like columns (lower = more deprived) are refused with the reason; a value that is
        negative, NaN or infinite is an error naming the area, never a number of pounds.
        """
        if (
            name in self.table.columns
            and direction(name) == "lower"
            and name not in ("code", "name")
        ):
            raise FundsimError(
                f"is '{name}', which runs the wrong way for need: it is a rank or an average of "
                f"ranks, so a lower value means more deprived and money would go to the least "
                f"deprived areas; {INSTEAD}",
                field=field,
            )
        if name not in self.indicators():
            offered = ", ".join(self.indicators()) or "none"
            hint = ""
            if name == "score" and "rank_exponential" in self.indicators():
                hint = (
                    f"; these data have IMD ranks but no scores: {self.provenance.release or 'IoD'} "
                    "File 5 or File 7 (or the File 10 summaries) have the published scores, which are preferred; "
                    "'rank_exponential' is on a different scale (see docs/model.md)"
                )
            elif name in ("extent", "local_concentration") and any(
                f.name.startswith("builtin:england") for f in self.provenance.files
            ):
                hint = (
                    "; the IoD2025 district summaries fundsim bundles do not include extent or "
                    "local concentration: open IoD2025 File 10 v2 (its IMD sheet has both) for them"
                )
            raise FundsimError(
                f"is '{name}', but the data ({self.provenance.label}) offer: {offered}{hint}",
                field=field,
            )
        values = self.table[name].to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
        if bad.size:
            i = int(bad[0])
            what = "is not a finite number" if not np.isfinite(values[i]) else "is negative"
            more = f" ({bad.size} areas have this problem)" if bad.size > 1 else ""
            raise FundsimError(
                f"is '{name}', but its value for area {self.codes[i]} ({self.names[i]}) {what}: "
                f"{values[i]:g}{more}. A need indicator must be zero or more, higher meaning more deprived",
                field=field,
            )
        return values
