"""Who bids: each organisation weighs its expected award against what a bid costs it.

An organisation with a project ready (a share ``readiness`` of each band, every round) bids when
``chance of winning x grant asked >= cost x v``, where ``v`` is its private valuation of a pound
spent bidding against a pound won: lognormal, median 1, log standard deviation
``decision_spread`` (approximated by a logistic of the same spread). So the share that bids is

    readiness * F((log(p * ask) - log(cost)) / spread)

and a fixed cost weighs most on the smallest asks. The chance ``p`` is what the competition itself
gives a bid from that band and area, so bids and chances are solved together: a damped fixed point
on one noiseless round (the area's luck folded into the assessor noise), before the Monte Carlo.
Organisations then bid at those rates in every round of every draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.recovery.bidding.ranking import Grid, Round
from simulator.scenario import SMALL_BANDS, CompetitionConfig

ITERATIONS = 60
LOG_RANGE = 3.0  # the need term uses log(need / average) clipped to +-3
NOISE_RANGE = 4.0  # the area's luck is clipped to +-4 standard deviations


@dataclass(frozen=True)
class Layout:
    """Where an area's cells fall on the score grid: ``bin = area_bin + offset[band]``."""

    grid: Grid
    offsets: np.ndarray  # (bands,) ints
    area_bins: int  # bins for the area term

    @classmethod
    def build(cls, comp: CompetitionConfig, scale: float, spread: float) -> Layout:
        step = scale / 4
        reach = comp.need_weight * LOG_RANGE + spread
        area_bins = int(np.ceil(2 * reach / step)) + 1
        bands = len(comp.ask)
        offsets = np.rint(comp.quality_gap * np.arange(bands) / (bands - 1) / step).astype(np.int64)
        return cls(Grid(-reach, step, scale, area_bins + int(offsets[-1])), offsets, area_bins)

    def area_bin(self, term: np.ndarray, in_place: bool = False) -> np.ndarray:
        """Nearest grid bin of an area term (terms beyond the grid go to its ends); ``in_place``
        uses ``term`` itself as scratch space."""
        k = np.subtract(term, self.grid.low, out=term if in_place else None)
        k *= 1.0 / self.grid.step
        np.clip(k, 0, self.area_bins - 1, out=k)
        k += 0.5
        return k.astype(np.int64)


def need_term(comp: CompetitionConfig, need: np.ndarray, average: float) -> np.ndarray:
    """The funder's weighting of an area's need, added to its bids' scores."""
    if comp.need_weight == 0 or average <= 0:
        return np.zeros(np.shape(need))
    with np.errstate(divide="ignore"):
        return comp.need_weight * np.clip(
            np.log(np.maximum(need, 0) / average), -LOG_RANGE, LOG_RANGE
        )


def histograms(
    layout: Layout,
    k: np.ndarray,
    bids: np.ndarray,
    ask: np.ndarray,
    eligible: np.ndarray | None = None,
    in_place: bool = False,
):
    """Money histograms (draws, bins) of small and other organisations' bids and bid counts per
    band (bands, draws, bins), from area bins ``k`` (draws, areas) and bids per area (areas, bands).
    Also each cell's place in a (draws x (bins + offsets)) table; ``in_place`` builds it in ``k``."""
    draws, areas = k.shape
    width = layout.grid.size + int(layout.offsets[-1]) + 1
    dummy = layout.grid.size  # ineligible areas land beyond every band's bins
    kk = k if eligible is None else np.where(eligible, k, dummy)
    base = np.add(
        kk,
        (np.arange(draws) * width)[:, None],
        out=kk if in_place or eligible is not None else None,
    )
    flat = base.ravel()
    counts = np.zeros((bids.shape[1], draws, layout.grid.size))
    weights = np.empty((draws, areas))
    for b in range(bids.shape[1]):  # bids by area bin, then moved up by the band's offset
        weights[...] = bids[:, b]
        hist = np.bincount(flat, weights=weights.ravel(), minlength=draws * width).reshape(
            draws, width
        )
        o = int(layout.offsets[b])
        counts[b][:, o:] = hist[:, : layout.grid.size - o]
    small = np.tensordot(ask[list(SMALL_BANDS)], counts[list(SMALL_BANDS)], axes=1)
    others = [b for b in range(bids.shape[1]) if b not in SMALL_BANDS]
    other = np.tensordot(ask[others], counts[others], axes=1)
    return small, other, counts, base


@dataclass(frozen=True)
class Decisions:
    rate: np.ndarray  # (areas, bands): share of organisations bidding each round
    success: np.ndarray  # (areas, bands): the chance a bid expects
    cost_paid: np.ndarray  # (areas, bands): expected cost a bidder bears (after capacity funding)
    cost_won: np.ndarray  # (areas, bands): cost borne by a funded bid
    capacity_paid: np.ndarray  # (areas, bands): capacity funding per bid


def decide(
    comp: CompetitionConfig,
    counts: np.ndarray,
    ask: np.ndarray,
    full_cost: np.ndarray,
    capacity: np.ndarray,
    term: np.ndarray,
    eligible: np.ndarray,
    pot: float,
    readiness: float | None = None,
) -> Decisions:
    """Bid rates and expected chances in equilibrium, for one round's money ``pot``, with a share
    ``readiness`` of organisations ready in the round (default: the setting as it stands)."""
    ready = comp.readiness if readiness is None else readiness
    scale = float(np.hypot(comp.assessor_noise, comp.area_noise * np.sqrt(3) / np.pi))
    layout = Layout.build(comp, scale, 0.0)
    rnd = Round(layout.grid, None if comp.quality_bar <= -10 else comp.quality_bar)
    k = layout.area_bin(term)[None, :]
    bins = k[0][:, None] + layout.offsets[None, :]
    small_band = np.isin(np.arange(counts.shape[1]), SMALL_BANDS)
    grant = comp.capacity_grant * capacity[:, None]
    spread = comp.decision_spread * np.sqrt(3) / np.pi
    rate = np.full(counts.shape, ready)
    success = np.ones(counts.shape)
    two_stage = comp.process == "two_stage"
    for _ in range(ITERATIONS):
        bids = counts * rate * eligible[:, None]
        small, other, _, _ = histograms(layout, k, bids, ask)
        f_small, f_other = rnd.fund(small, other, np.array([pot]), comp.small_ringfence)
        success = np.where(small_band, f_small[0][bins], f_other[0][bins])
        cost = (
            full_cost * (comp.interest_cost + np.minimum(1.0, comp.shortlist_ratio * success))
            if two_stage
            else full_cost
        )
        paid = np.maximum(cost - grant, 0.0)
        with np.errstate(divide="ignore"):
            logit = (np.log(np.maximum(success * ask, 1e-300)) - np.log(paid)) / spread
        target = ready * (1.0 / (1.0 + np.exp(-np.clip(logit, -700, 700))))
        step = 0.5 * (target - rate)
        rate = rate + step
        if np.abs(step).max() <= 1e-7 * max(ready, 1e-12):
            break
    won = full_cost * (1 + comp.interest_cost) if two_stage else full_cost
    return Decisions(rate, success, paid, np.maximum(won - grant, 0.0), np.minimum(grant, cost))
