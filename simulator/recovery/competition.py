"""Competitive bidding for the recovery fund, round by round.

In each round every eligible area may bid. An area's **capacity** to bid is
``(need / average need) ** -capacity_gradient`` (average weighted by population), so with a
positive gradient the most deprived areas, with fewer paid staff and less bid-writing experience,
bid less often and less successfully; with a gradient of 0 every area has the same chances. An
area bids with probability ``min(1, bid_probability * capacity)`` and its bid is fundable with
probability ``min(1, success_rate * capacity)``. It asks for ``bid_scale`` times its formula
entitlement for the round, times mean-one lognormal noise with coefficient of variation
``bid_size_cv``. If fundable bids ask for more than the round has, each is scaled down pro rata;
money not awarded rolls into the next round, and what is left after the last round is unspent.

A cap limits an area's total award (its formula part, if any, plus every round): a bid that would
take an area over its cap gets only the area's remaining room, and the money freed goes to the
round's other fundable bids (see :func:`simulator.recovery.caps.share_pot`), never to a capped
area; what none can take rolls over.

With a gradient of 0 and every area bidding and succeeding, each round is oversubscribed and the
awards follow the formula in expectation.
"""

from __future__ import annotations

import numpy as np

from simulator.core.rng import Stream, standard_normal, uniform
from simulator.recovery.caps import share_pot
from simulator.scenario import RecoveryFundConfig


def capacity(need: np.ndarray, population: np.ndarray, gradient: float) -> np.ndarray:
    """Relative capacity to bid: 1 at average need, lower for more deprived areas."""
    if gradient == 0:
        return np.ones_like(need, dtype=float)
    average = np.average(need, weights=population)
    with np.errstate(divide="ignore"):
        return np.power(np.maximum(need, 1e-300) / average, -gradient)


def win_probability(
    cfg: RecoveryFundConfig, need: np.ndarray, population: np.ndarray
) -> np.ndarray:
    """Chance an area bids and its bid is fundable, in one round."""
    cap = capacity(need, population, cfg.capacity_gradient)
    return np.minimum(1.0, cfg.bid_probability * cap) * np.minimum(1.0, cfg.success_rate * cap)


def compete(
    cfg: RecoveryFundConfig,
    entitlement: np.ndarray,
    p_win: np.ndarray,
    budget: float,
    seed: int,
    start: int,
    stop: int,
    cap: np.ndarray | None = None,
    base: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Run every round for paths ``start..stop-1``.

    Parameters
    ----------
    entitlement : (draws, areas) pounds: each area's formula share of ``budget`` (0 if ineligible).
    p_win : (areas,) chance of a fundable bid per round.
    budget : pounds for the competitive part, spread evenly over the rounds.
    cap : (areas,) pounds: the most an area may receive in all (None: no cap).
    base : (draws, areas) pounds the area already has from the formula part (counts to its cap).

    Returns awards per area (draws, areas) and money awarded in each round (draws, rounds).
    """
    rounds = cfg.rounds
    draws, areas = entitlement.shape
    per_round = budget / rounds
    sigma = np.sqrt(np.log1p(cfg.bid_size_cv**2))
    eligible = entitlement > 0
    # Work in place in a few reused buffers: at neighbourhood level each is tens of megabytes.
    with np.errstate(divide="ignore"):
        log_ask = np.log(entitlement * (cfg.bid_scale / rounds)) - 0.5 * sigma * sigma
    p_eff = np.where(eligible, p_win, -1.0)  # ineligible areas never win
    awards = np.zeros((draws, areas))
    u = np.empty((draws, areas))
    asked = np.empty((draws, areas))
    wins = np.empty((draws, areas), dtype=bool)
    spent = np.empty((draws, rounds))
    carry = np.zeros(draws)
    held = (
        base.copy() if cap is not None and base is not None else None
    )  # formula part + rounds so far
    for r in range(rounds):  # a loop over rounds; each is vectorised over draws and areas
        uniform(seed, Stream.RECOVERY_BID_DRAW, start, stop, (areas,), sub=(r,), out=u)
        np.less(u, p_eff, out=wins)
        if sigma > 0:
            standard_normal(
                seed, Stream.RECOVERY_BID_SIZE, start, stop, (areas,), sub=(r,), out=asked
            )
            asked *= sigma
            asked += log_ask
            np.exp(asked, out=asked)
        else:
            np.exp(log_ask, out=asked)
        asked *= wins
        available = per_round + carry
        share_pot(
            asked, available, cap, awards if held is None else held, out=asked, totals=spent[:, r]
        )
        awards += asked
        if held is not None:
            held += asked
        carry = available - spent[:, r]
    return awards, spent
