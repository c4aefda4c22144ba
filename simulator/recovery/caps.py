"""Caps on an area's total award when money is bid for, on every draw.

A cap (``cap`` in pounds, or ``cap_share`` of the money distributed) limits what one area receives
from the whole fund: its formula part plus every competitive round. In a round, fundable bids
share the round's pot pro rata when they ask for more than it holds; an area whose share would
take it over its cap gets only its remaining headroom, and the money that frees goes back into
the same round's pot for the other fundable bids (still never more than each one asked). What
no bid can take rolls over to the next round, or is unspent after the last.
"""

from __future__ import annotations

import numpy as np


def share_pot(
    asked: np.ndarray,
    available: np.ndarray,
    cap: np.ndarray | float | None = None,
    awarded: np.ndarray | None = None,
    out: np.ndarray | None = None,
    totals: np.ndarray | None = None,
) -> np.ndarray:
    """Share each draw's pot over the bids, pro rata, with no area above its remaining room.

    For each row (draw) ``d`` finds the scale ``s_d`` in ``[0, 1]`` with::

        room[d, i] = max(cap[i] - awarded[d, i], 0)
        award[d, i] = min(s_d * asked[d, i], room[d, i])
        sum_i award[d, i] = min(available[d], sum_i min(asked[d, i], room[d, i]))

    so every bid is scaled by the same factor (pro rata) except those held at their cap, the
    money a capped bid cannot take goes to the uncapped bids of the same draw, no bid gets more
    than it asked, and what is left (``available - award.sum(axis=1)``) is the money that rolls
    over. Without ``cap`` this is plain pro-rata scaling. Vectorised over draws: the scale is
    found by fixing, in each pass, every bid that its room binds at the current scale (the scale
    can only rise as bids are fixed), so it is exact and ends in at most ``areas`` passes (in
    practice two or three), on the rows where a cap binds at all.

    Parameters
    ----------
    asked : (draws, areas) pounds asked by fundable bids (0 for no bid), >= 0.
    available : (draws,) pounds in each draw's pot.
    cap : (areas,) or scalar pounds: the most an area may receive in all (np.inf: no cap);
        None: no caps.
    awarded : (draws, areas) pounds each area already has (from a formula part and earlier
        rounds); None: nothing yet.
    out : optional (draws, areas) array for the result (may be ``asked`` itself).
    totals : optional (draws,) array, filled with the money awarded on each draw.

    Returns the awards, (draws, areas) pounds.
    """
    asked = np.asarray(asked, dtype=float)
    available = np.asarray(available, dtype=float)
    total = asked.sum(axis=1)
    scale = np.minimum(np.divide(available, total, out=np.zeros(len(total)), where=total > 0), 1.0)
    rows = np.empty(0, dtype=int)
    if cap is not None:
        cap = np.broadcast_to(np.asarray(cap, dtype=float), asked.shape[1:])
        have = np.zeros(len(total)) if awarded is None else awarded.max(axis=1)
        if not (asked.max(axis=1) * scale + have <= cap.min()).all():  # else no cap can bind
            taken = asked * scale[:, None]
            if awarded is not None:
                taken += awarded
            rows = np.flatnonzero((taken > cap).any(axis=1))
            del taken
    a = asked[rows]  # a copy, taken before ``out`` (which may be ``asked``) is written
    if out is None:
        out = np.empty_like(asked)
    np.multiply(asked, scale[:, None], out=out)
    if totals is not None:
        np.minimum(available, total, out=totals)
    if rows.size == 0:
        return out
    room = cap if awarded is None else np.maximum(cap - awarded[rows], 0.0)
    r = np.minimum(room, a)  # nobody takes more than asked
    pot = available[rows]
    fixed = np.zeros(a.shape, dtype=bool)
    s = np.zeros(len(rows))
    for _ in range(a.shape[1] + 1):
        free_asked = np.where(fixed, 0.0, a).sum(axis=1)
        left = pot - np.where(fixed, r, 0.0).sum(axis=1)
        s = np.minimum(
            np.divide(
                np.maximum(left, 0.0), free_asked, out=np.ones(len(rows)), where=free_asked > 0
            ),
            1.0,
        )
        binds = ~fixed & (s[:, None] * a > r)
        if not binds.any():
            break
        fixed |= binds
    out[rows] = np.where(fixed, r, s[:, None] * a)
    if totals is not None:
        totals[rows] = out[rows].sum(axis=1)
    return out
