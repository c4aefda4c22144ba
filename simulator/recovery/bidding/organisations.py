"""Organisations per area and size band, what they ask for and what a bid costs them.

Counts per band scale with population and fall with deprivation at a per-band gradient: an area's
weight in band ``b`` is ``population * (need / average need) ** -gradient_b`` and the band's national
count, ``organisations * band_share_b``, is shared in proportion to it, so the gradient moves
organisations between areas without changing how many there are. A data file may give the counts
itself in columns ``orgs_micro`` ... ``orgs_major``. The national count is ``organisations`` or, when
that is 0, ``organisations_per_1000`` per 1,000 residents of the data (NPC: 1.8 in England),
so a dataset smaller than England holds proportionately fewer organisations.
"""

from __future__ import annotations

import numpy as np

from simulator.core.errors import FundsimError
from simulator.data import Areas
from simulator.scenario import BANDS, CompetitionConfig

COUNT_COLUMNS = tuple(f"orgs_{band}" for band in BANDS)


def organisation_counts(comp: CompetitionConfig, areas: Areas, need: np.ndarray) -> np.ndarray:
    """Organisations per area and band, shape (areas, bands)."""
    table = areas.table
    given = [c for c in COUNT_COLUMNS if c in table]
    if given:
        if len(given) != len(COUNT_COLUMNS):
            missing = ", ".join(c for c in COUNT_COLUMNS if c not in table)
            raise FundsimError(
                f"gives organisation counts but lacks the columns {missing}",
                file=areas.provenance.label,
            )
        counts = table[list(COUNT_COLUMNS)].to_numpy(dtype=float)
        bad = np.argwhere(~np.isfinite(counts) | (counts < 0))
        if len(bad):
            row, col = bad[0]
            raise FundsimError(
                "must be a count of 0 or more",
                file=areas.provenance.label,
                row=int(row) + 2,
                column=COUNT_COLUMNS[col],
            )
        return counts
    population = areas.population
    average = np.average(need, weights=population)
    relative = (
        np.maximum(need, 1e-9 * max(average, 1e-300)) / average
        if average > 0
        else np.ones_like(need)
    )
    shares = np.asarray(comp.band_shares, dtype=float) / sum(comp.band_shares)
    total = (
        comp.organisations
        if comp.organisations > 0
        else comp.organisations_per_1000 * float(population.sum()) / 1000.0
    )
    counts = np.empty((len(need), len(BANDS)))
    for b, gradient in enumerate(comp.deprivation_gradient):
        weight = population * relative ** (-gradient)
        counts[:, b] = total * shares[b] * weight / weight.sum()
    return counts


def grant_asks(comp: CompetitionConfig) -> np.ndarray:
    """The grant a bid asks for, by band, within the fund's smallest and largest grant."""
    ask = np.asarray(comp.ask, dtype=float)
    ask = np.maximum(ask, comp.grant_min)
    if comp.grant_max > 0:
        ask = np.minimum(ask, comp.grant_max)
    return ask


def full_bid_cost(comp: CompetitionConfig, ask: np.ndarray) -> np.ndarray:
    """Cost of preparing one full bid, by band: a fixed cost plus a share of the ask, less for a
    simplified application when the ask is small enough."""
    cost = np.asarray(comp.bid_cost, dtype=float) + comp.bid_cost_share * ask
    if comp.simplified_limit > 0:
        cost = np.where(ask <= comp.simplified_limit, cost * comp.simplified_cost, cost)
    return cost
