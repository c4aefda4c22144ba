"""English Indices of Deprivation (2019 and 2025): district measures from neighbourhood ranks.

Definitions follow the IoD2019 technical report (IoD2025 keeps them) and reproduce the published
district figures exactly (checked against the real files in the tests). N is the number of
neighbourhoods ranked nationally: 32,844 in IoD2019, 33,755 in IoD2025.

- **proportion of LSOAs in the most deprived 10% nationally**: the share of a district's
  neighbourhoods whose IMD rank is in the top tenth (rank <= N / 10);
- **extent**: the population-weighted share of a district's residents living in the most
  deprived 30% of neighbourhoods, with weight 1 for the most deprived 10% and a sliding weight
  from 0.95 (11th percentile) down to 0.05 (30th). Percentiles are groups of ``ceil(N / 100)``
  ranks;
- **population-weighted average score**;
- the **exponential transformation** of ranks, ``-23 ln(1 - R (1 - exp(-100/23)))`` with
  ``R = (N + 1 - rank) / N``, which maps the most deprived of N to 100 and the least to about 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Neighbourhoods (LSOA 2011) in England in IoD2019.
IOD2019_LSOAS = 32_844
#: Lower-tier local authority districts (2019) in England.
IOD2019_DISTRICTS = 317


def national_count(ranks: np.ndarray, national: int = 0) -> int:
    """N for national ranks: the release's national count (``national``, when the file says
    which release it is), else the number of rows or the largest rank if a file is a subset."""
    return int(max(len(ranks), np.nanmax(ranks) if len(ranks) else 0, national))


def rank_exponential(ranks: np.ndarray, n: int) -> np.ndarray:
    """The technical report's exponential transformation of ranks (1 = most deprived)."""
    r = (n + 1 - np.asarray(ranks, dtype=float)) / n
    return -23.0 * np.log(1.0 - r * (1.0 - np.exp(-100.0 / 23.0)))


def in_most_deprived_10(ranks: np.ndarray, n: int) -> np.ndarray:
    """True for neighbourhoods ranked in the most deprived 10% nationally."""
    return np.asarray(ranks, dtype=float) <= n / 10.0


def extent_weights(ranks: np.ndarray, n: int) -> np.ndarray:
    """Weights for the extent measure: 1 in the most deprived 10%, sliding to 0.05 at 30%."""
    percentile = np.ceil(np.asarray(ranks, dtype=float) / np.ceil(n / 100.0))
    sliding = 0.95 - (percentile - 11.0) * 0.9 / 19.0
    return np.where(percentile <= 10, 1.0, np.where(percentile <= 30, sliding, 0.0))


def weighted_mean(values: pd.Series, weights: pd.Series, groups: pd.Series) -> pd.Series:
    total = weights.groupby(groups, sort=False).sum()
    return (values * weights).groupby(groups, sort=False).sum() / total.where(total > 0)


def aggregate_to_districts(
    lsoa: pd.DataFrame, measure_column: str = "population", national: int = 0
) -> pd.DataFrame:
    """District table from a neighbourhood table with ``lad_code`` and population.

    Population is the sum of ``measure_column``; averages and extent are weighted by total
    population (``pop_total``) where the file has it, as the published figures are. ``national``
    is the release's count of neighbourhoods (0 when unknown: see :func:`national_count`).
    Districts come in the order of their first neighbourhood. The codes are factorised once and
    every sum is one ``bincount``: adding up 33,755 neighbourhoods costs milliseconds.
    """
    index, codes = pd.factorize(lsoa["lad_code"], sort=False)
    k = len(codes)

    def total(values) -> np.ndarray:
        return np.bincount(index, weights=np.asarray(values, dtype=float), minlength=k)

    weights = (lsoa["pop_total"] if "pop_total" in lsoa else lsoa[measure_column]).to_numpy(
        dtype=float
    )
    weight_sum = total(weights)
    safe = np.where(weight_sum > 0, weight_sum, np.nan)

    def mean(values) -> np.ndarray:
        return total(np.asarray(values, dtype=float) * weights) / safe

    out: dict[str, object] = {"code": np.asarray(codes, dtype=object)}
    if "lad_name" in lsoa:
        first = np.zeros(k, dtype=int)
        first[index[::-1]] = np.arange(len(index))[::-1]  # each district's first row
        out["name"] = lsoa["lad_name"].to_numpy(dtype=object)[first]
    else:
        out["name"] = out["code"]
    out["population"] = total(lsoa[measure_column])
    counts = np.bincount(index, minlength=k).astype(float)
    out["lsoas"] = counts
    for column in [c for c in lsoa.columns if c == "score" or c.endswith("_score")]:
        out[column] = mean(lsoa[column])
    if "imd_rank" in lsoa:
        ranks = lsoa["imd_rank"].to_numpy(dtype=float)
        n = national_count(ranks, national)
        out["prop_most_deprived_10"] = total(in_most_deprived_10(ranks, n)) / counts
        out["extent"] = mean(extent_weights(ranks, n))
        out["rank_exponential"] = mean(rank_exponential(ranks, n))
    if "region" in lsoa:
        first = np.zeros(k, dtype=int)
        first[index[::-1]] = np.arange(len(index))[::-1]
        out["region"] = lsoa["region"].to_numpy(dtype=object)[first]
    return pd.DataFrame(out)
