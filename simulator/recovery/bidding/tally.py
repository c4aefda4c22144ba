"""What a run keeps of the competition: per-draw totals by band and decile, per-area sums."""

from __future__ import annotations

import numpy as np

from simulator.recovery.bidding.market import Market, Outcome


class Tally:
    """Collects :class:`Outcome` chunks in draw order."""

    def __init__(self, market: Market, paths: int, areas: int) -> None:
        self.market = market
        self.paths = paths
        bands = market.counts.shape[1]
        self.band = {
            name: np.empty((paths, bands))
            for name in ("bids", "funded", "money", "cost", "deadweight")
        }
        self.decile = {
            name: np.empty((paths, 10))
            for name in ("bids", "funded", "money", "cost", "deadweight")
        }
        self.capacity = np.empty(paths)
        self.area_funded = np.zeros(areas)
        self.area_draws = np.zeros(areas, dtype=np.int64)  # draws in which each area could bid
        # bids drawn as counts: the bids and bid costs themselves, and draws with a bid
        self.counted = market.comp.bid_model == "counts"
        self.counted_bids = np.zeros(areas)
        self.counted_cost = np.zeros(areas)
        self.bid_draws = np.zeros(areas, dtype=np.int64)

    def add(self, start: int, stop: int, outcome: Outcome) -> None:
        for name, values in outcome.band.items():
            self.band[name][start:stop] = values
        for name, values in outcome.decile.items():
            self.decile[name][start:stop] = values
        self.capacity[start:stop] = outcome.capacity_paid
        for (
            block
        ) in outcome.area_funded:  # block by block, in order: the same whatever the chunking
            self.area_funded += block
        self.area_draws += outcome.area_draws
        if outcome.area_bids is not None:
            for block in outcome.area_bids:
                self.counted_bids += block
            for block in outcome.area_cost:
                self.counted_cost += block
            self.bid_draws += outcome.area_bid_draws

    # Bids and bid costs per area summed over draws: whole counts of draws times fixed rates, so
    # the same whatever the chunking.
    @property
    def area_bids(self) -> np.ndarray:
        if self.counted:
            return self.counted_bids
        return (self.market.rounds * self.area_draws) * self.market.bids.sum(axis=1)

    @property
    def area_cost(self) -> np.ndarray:
        if self.counted:
            return self.counted_cost
        market = self.market
        return (
            market.rounds * (market.bids * market.decisions.cost_paid).sum(axis=1)
        ) * self.area_draws
