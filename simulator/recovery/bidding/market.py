"""The competition's fixed set-up for a run, and one chunk of draws of it.

Per draw, an area's term ``x = need_weight * log(need / average) + area_noise * eta`` (noisy need,
and ``eta`` one standard normal per area and draw, the luck its bids share in every round) puts
its cells on the score grid; bids per cell are the equilibrium rates times the organisations.
The rounds then run on histograms of (draws x grid bins) only: each round's cut-off, the funded
share of every bin, and money rolled over to the next round. Per-area results are gathered from
the funded shares once per chunk; with a cap per area they are gathered round by round, since
an area's money so far decides what it may still receive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.core.rng import Stream, block_sums, standard_normal
from simulator.data import Areas
from simulator.recovery.allocation import population_share_mask
from simulator.recovery.bidding.decisions import (
    NOISE_RANGE,
    Decisions,
    Layout,
    decide,
    histograms,
    need_term,
)
from simulator.recovery.bidding.organisations import full_bid_cost, grant_asks, organisation_counts
from simulator.recovery.bidding.ranking import Round
from simulator.scenario import SMALL_BANDS, CompetitionConfig


@dataclass
class Market:
    comp: CompetitionConfig
    counts: np.ndarray  # organisations (areas, bands)
    ask: np.ndarray  # (bands,)
    full_cost: np.ndarray  # (bands,)
    capacity: np.ndarray  # (areas,) bool: organisations here receive capacity funding
    decisions: Decisions
    bids: np.ndarray  # bids per round (areas, bands)
    average_need: float
    layout: Layout
    rounds: int
    budget: float

    def decile_order(self, deciles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Areas sorted by need decile, and where each decile's run of areas starts."""
        order = np.argsort(deciles, kind="stable")
        starts = np.searchsorted(deciles[order], np.arange(10))
        return order, starts

    @property
    def small(self) -> np.ndarray:
        return np.isin(np.arange(self.counts.shape[1]), SMALL_BANDS)


def build_market(
    comp: CompetitionConfig,
    areas: Areas,
    need: np.ndarray,
    budget: float,
    rounds: int,
    eligible: np.ndarray | None,
) -> Market:
    """Organisations, asks, costs and equilibrium bid rates for a competition of ``budget`` pounds."""
    population = areas.population
    counts = organisation_counts(comp, areas, need)
    ask = grant_asks(comp)
    cost = full_bid_cost(comp, ask)
    capacity = np.zeros(len(need), dtype=bool)
    if comp.capacity_grant > 0 and comp.capacity_share > 0:
        capacity = population_share_mask(need, population, comp.capacity_share)[0]
    average = float(np.average(need, weights=population))
    term = need_term(comp, need, average)
    elig = np.ones(len(need), dtype=bool) if eligible is None else eligible
    full = np.broadcast_to(cost, counts.shape)
    ready = comp.readiness_per_round(rounds)
    decisions = decide(comp, counts, ask, full, capacity, term, elig, budget / rounds, ready)
    layout = Layout.build(comp, comp.assessor_noise, comp.area_noise * NOISE_RANGE)
    return Market(
        comp,
        counts,
        ask,
        cost,
        capacity,
        decisions,
        counts * decisions.rate,
        average,
        layout,
        rounds,
        budget,
    )


@dataclass
class Outcome:
    """One chunk of draws: money per area and round, and what the results report about bidders."""

    awards: np.ndarray  # (draws, areas) pounds
    per_round: np.ndarray  # (draws, rounds) pounds awarded
    band: dict[str, np.ndarray]  # name -> (draws, bands): bids, funded, money, cost, deadweight
    decile: dict[str, np.ndarray]  # name -> (draws, 10): bids, funded, cost, deadweight
    area_funded: np.ndarray  # (blocks, areas) funded bids summed over each block of draws
    area_draws: (
        np.ndarray
    )  # (areas,) draws in which the area's organisations could bid (were eligible)
    capacity_paid: np.ndarray  # (draws,) capacity funding paid
    # Bids drawn as counts only: bids and their cost per area (blocks, areas), and the draws in
    # which each area made at least one bid (areas,). None: the expected-count model's fixed rates.
    area_bids: np.ndarray | None = None
    area_cost: np.ndarray | None = None
    area_bid_draws: np.ndarray | None = None


def compete_chunk(
    market: Market,
    need: np.ndarray,
    eligible: np.ndarray | None,
    cap: np.ndarray | None,
    deciles: np.ndarray,
    seed: int,
    start: int,
    stop: int,
    already: np.ndarray | None = None,
) -> Outcome:
    """Every round of the competition for draws ``start..stop-1``; ``need`` is (draws, areas).

    ``cap`` is the most an area may receive in all, counting ``already`` (its formula money in a
    hybrid)."""
    comp, layout = market.comp, market.layout
    draws, n = need.shape
    bands = market.counts.shape[1]
    term = (
        need_term(comp, need, market.average_need) if comp.need_weight != 0 else None
    )  # None: 0 everywhere
    if comp.area_noise > 0:
        eta = standard_normal(seed, Stream.COMPETITION_AREA, start, stop, (n,))
        np.clip(eta, -NOISE_RANGE, NOISE_RANGE, out=eta)
        eta *= comp.area_noise
        if term is None:
            term = eta
        else:
            term += eta
    if term is None:
        term = np.zeros((draws, n))
    k = layout.area_bin(term, in_place=True)
    bids = market.bids
    small, other, counts, base = histograms(layout, k, bids, market.ask, eligible, in_place=True)
    rnd = Round(layout.grid, None if comp.quality_bar <= -10 else comp.quality_bar)
    width = layout.grid.size + int(layout.offsets[-1]) + 1
    small_band = market.small
    per_round = np.empty((draws, market.rounds))
    funded_band = np.zeros((draws, bands))
    carry = np.zeros(draws)
    open_only = comp.small_ringfence <= 0  # one competition: small and other bids share cut-offs
    share_other = np.zeros((draws, width))
    share_small = share_other if open_only else np.zeros((draws, width))
    small_idx = [b for b in range(bands) if small_band[b]]
    other_idx = [b for b in range(bands) if not small_band[b]]
    gathered = [np.zeros((draws, n)) for _ in range(bands)] if cap is not None else None
    so_far = None
    if cap is not None:
        so_far = np.zeros((draws, n)) if already is None else already.copy()
    memo: dict = {}  # the bids are the same every round: what depends on them only is kept
    for r in range(market.rounds):  # a loop over rounds; each is vectorised over draws and bins
        pot = market.budget / market.rounds + carry
        f_small, f_other = rnd.fund(small, other, pot, comp.small_ringfence, memo)
        if cap is None:
            share_other[:, : layout.grid.size] += f_other
            if open_only:
                by_band = (counts * f_other).sum(axis=2)
            else:
                share_small[:, : layout.grid.size] += f_small
                by_band = np.empty((bands, draws))
                by_band[small_idx] = (counts[small_idx] * f_small).sum(axis=2)
                by_band[other_idx] = (counts[other_idx] * f_other).sum(axis=2)
            funded = np.ascontiguousarray(by_band.T)
            spent = funded @ market.ask
        else:
            spent, funded = _capped_round(market, f_small, f_other, base, cap, so_far, gathered)
        funded_band += funded
        per_round[:, r] = spent
        carry = pot - spent
    # Per area: funded bids, money and the cost borne by funded bids, from each band's funded
    # share, with per-draw totals by need decile.
    onehot = (deciles[:, None] == np.arange(10)[None, :]).astype(float)
    d = market.decisions
    # Areas in need-decile order, so that sums by decile are sums over runs of columns.
    order, starts = market.decile_order(deciles)
    base_sorted = np.take(base, order, axis=1)  # row-major, so gathering from it is fast
    bids_sorted = bids[order]
    won_sorted = (bids * d.cost_won)[order]
    # Sums over bands start from the first band's terms (0 + x is x); the same buffers serve
    # every band.
    g = np.empty((draws, n))
    tmp = np.empty((draws, n))
    awards_sorted = np.empty((draws, n))
    for b in range(bands):
        if cap is None:
            table = (share_small if small_band[b] else share_other).ravel()
            np.take(
                table[layout.offsets[b] :], base_sorted, out=g, mode="clip"
            )  # bin k + offset; always within the table
        else:
            g = gathered[b][:, order]
        blocks = _block_sums(g)
        blocks *= bids_sorted[:, b]
        if b:
            funded_blocks += blocks  # noqa: F821
        else:
            funded_blocks = blocks
        np.multiply(g, bids_sorted[:, b], out=tmp)
        funded_decile = funded_decile + _by_runs(tmp, starts) if b else _by_runs(tmp, starts)  # noqa: F821
        np.multiply(g, won_sorted[:, b], out=tmp)
        won_decile = won_decile + _by_runs(tmp, starts) if b else _by_runs(tmp, starts)  # noqa: F821
        if b:
            g *= bids_sorted[:, b] * market.ask[b]
            awards_sorted += g
        else:
            np.multiply(g, bids_sorted[:, b] * market.ask[b], out=awards_sorted)
    inverse = np.argsort(order)
    awards = np.take(awards_sorted, inverse, axis=1)
    funded_blocks = np.take(funded_blocks, inverse, axis=1)
    rounds = market.rounds
    bid_cost = (bids * d.cost_paid).sum(axis=1)
    made = bids.sum(axis=1)
    if eligible is None:
        band_bids = np.broadcast_to(rounds * bids.sum(axis=0), (draws, bands))
        band_cost = np.broadcast_to(rounds * (bids * d.cost_paid).sum(axis=0), (draws, bands))
        decile_bids = np.broadcast_to(rounds * made @ onehot, (draws, 10))
        decile_cost = np.broadcast_to(rounds * bid_cost @ onehot, (draws, 10))
        capacity = np.full(draws, rounds * (bids * d.capacity_paid).sum())
    else:
        e = eligible.astype(float)
        band_bids = rounds * _dot(e, bids)
        band_cost = rounds * _dot(e, bids * d.cost_paid)
        decile_bids = rounds * _dot(e, made[:, None] * onehot)
        decile_cost = rounds * _dot(e, bid_cost[:, None] * onehot)
        capacity = rounds * e @ (bids * d.capacity_paid).sum(axis=1)
    won_cost_band = _band_won_cost(market, funded_band)
    decile_won = won_decile
    band = {
        "bids": np.array(band_bids, dtype=float),
        "funded": funded_band,
        "money": funded_band * market.ask,
        "cost": np.array(band_cost, dtype=float),
        "deadweight": band_cost - won_cost_band,
    }
    decile = {
        "bids": np.array(decile_bids, dtype=float),
        "funded": funded_decile,
        "money": _by_runs(awards_sorted, starts),
        "cost": np.array(decile_cost, dtype=float),
        "deadweight": decile_cost - decile_won,
    }
    area_draws = np.full(n, draws) if eligible is None else eligible.sum(axis=0)
    return Outcome(awards, per_round, band, decile, funded_blocks, area_draws, capacity)


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a thin ``b``: BLAS for large products; small ones without BLAS threads,
    whose start-up would cost more than the product."""
    if a.size >= 1 << 20:
        return a @ b
    return np.einsum("da,ak->dk", a, b, optimize=False)


def _by_runs(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums of each row over runs of columns beginning at ``starts`` (empty runs give 0)."""
    n = values.shape[1]
    out = np.zeros((len(values), len(starts)))
    present = starts < n
    nonempty = present & np.append(starts[1:] > starts[:-1], True)
    if nonempty.any():
        sums = np.add.reduceat(values, starts[nonempty], axis=1)
        out[:, nonempty] = sums
    return out


def _block_sums(values: np.ndarray) -> np.ndarray:
    """Sums over draws block by block (blocks, areas), so totals do not depend on the chunking."""
    return block_sums(values)


def _band_won_cost(market: Market, funded_band: np.ndarray) -> np.ndarray:
    """Cost borne by funded bids, by band (draws, bands): funded bids times their band's cost,
    averaged over areas by bids (exact when capacity funding does not vary a band's cost)."""
    bids = market.bids
    total = bids.sum(axis=0)
    mean_cost = np.divide(
        (bids * market.decisions.cost_won).sum(axis=0),
        total,
        out=np.zeros_like(total),
        where=total > 0,
    )
    return funded_band * mean_cost


def _capped_round(market, f_small, f_other, base, cap, so_far, gathered):
    """A round with a cap per area: awards above what an area may still receive are not paid and
    the money rolls over (the cap holds on every draw)."""
    layout = market.layout
    draws, n = so_far.shape
    width = layout.grid.size + int(layout.offsets[-1]) + 1
    tables = {}
    for name, f in (("small", f_small), ("other", f_other)):
        t = np.zeros((draws, width))
        t[:, : layout.grid.size] = f
        tables[name] = t.ravel()
    shares = []
    money = np.zeros((draws, n))
    for b in range(market.counts.shape[1]):
        g = np.take(tables["small" if market.small[b] else "other"], base + layout.offsets[b])
        shares.append(g)
        money += g * (market.bids[:, b] * market.ask[b])
    room = np.maximum(cap - so_far, 0.0)
    scale = np.divide(room, money, out=np.ones_like(money), where=money > room)
    paid = money * scale
    so_far += paid
    funded = np.empty((draws, len(shares)))
    for b, g in enumerate(shares):
        g *= scale
        gathered[b] += g
        funded[:, b] = g @ market.bids[:, b]
    return paid.sum(axis=1), funded
