"""The competition with bids drawn as counts and ranked exactly (``bid_model = "counts"``).

Each round of each draw, the bids of an (area x band) cell are a Poisson count with mean
``organisations x bid rate`` (the equilibrium rates of :mod:`.decisions`). Poisson splitting makes
this the same as drawing the round's total number of bids, ``Poisson(sum of the means)``, and
giving each bid a cell with chance proportional to the cell's mean, which is how it is drawn: the
work grows with the number of bids, not with areas x bands. Each bid then scores
``quality(band) + need term + area luck + assessor noise`` (logistic noise of scale
``assessor_noise`` per bid; the area's luck shared by its bids, drawn per round or per future),
and the funder works down the ranked list of the round:

- a bid is funded in full if the money left covers it (capped at its area's remaining room, when
  a cap applies); otherwise it is passed over and the next bid is tried, so money a large bid
  cannot use, or that a cap frees, goes to the next-ranked bids that fit;
- with a ring-fence, small organisations' bids first go down their own list with the fenced
  money; their unfunded bids then compete again in the open list with what is left;
- what no bid can take rolls over to the next round.

The list is walked in passes, each vectorised over draws: a pass funds the longest run of the
still-fundable bids (those the money left could pay) whose running total fits, and stops at the
first that does not; that bid, and every bid asking as much, can no longer be funded, so there
are at most as many passes as distinct asks (a few more with caps). The ranking is exact: no
grid, no histogram.

Random numbers: the round's bid totals from the competition's Poisson stream (one generator per
block of draws); every bid's cell and assessor noise, and each area's luck, from a counter-based
hash of (seed, draw, round, bid or area), so they depend only on the draw, never on how the
draws are chunked.
"""

from __future__ import annotations

import numpy as np

from simulator.core.rng import BLOCK_SIZE, Stream, block_generator, block_sums
from simulator.recovery.bidding.decisions import NOISE_RANGE, need_term
from simulator.recovery.bidding.market import Market, Outcome

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)

# Sub-streams of the hash: bids' cells, their assessor noise, area luck (two uniforms).
_CELL, _NOISE, _LUCK_A, _LUCK_B = 1, 2, 3, 4


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place on a uint64 array."""
    x ^= x >> np.uint64(30)
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def hash_uniform(seed: int, sub: int, draws: np.ndarray, rnd: int, index: np.ndarray) -> np.ndarray:
    """Uniforms in (0, 1), one per (draw, index): ``draws`` (D,) and ``index`` (D, M) or (M,)."""
    with np.errstate(over="ignore"):
        head = np.uint64((seed * 1_000_003 + sub * 7919 + rnd * 104_729) % (1 << 63))
        x = _mix(draws.astype(np.uint64) * _GOLDEN + head)[:, None] + np.asarray(
            index, dtype=np.uint64
        ) * np.uint64(0xD1B54A32D192ED03)
        x = _mix(_mix(x + _GOLDEN))
    return ((x >> np.uint64(11)).astype(np.float64) + 0.5) * (1.0 / (1 << 53))


def _luck(seed: int, draws: np.ndarray, rnd: int, area: np.ndarray) -> np.ndarray:
    """Standard normal luck of each bid's area (Box-Muller on two hashed uniforms)."""
    u = hash_uniform(seed, _LUCK_A, draws, rnd, area)
    v = hash_uniform(seed, _LUCK_B, draws, rnd, area)
    z = np.sqrt(-2.0 * np.log(u))
    z *= np.cos(2 * np.pi * v)
    return z


def bid_totals(seed: int, start: int, stop: int, mean: float, rounds: int) -> np.ndarray:
    """Bids in each round of each draw (draws, rounds): Poisson with the given mean."""
    out = np.empty((stop - start, rounds), dtype=np.int64)
    for block in range(start // BLOCK_SIZE, -(-stop // BLOCK_SIZE)):  # blocks of 64 draws
        lo, hi = block * BLOCK_SIZE, min((block + 1) * BLOCK_SIZE, stop)
        gen = block_generator(seed, Stream.COMPETITION_BIDS, block)
        out[lo - start : hi - start] = gen.poisson(mean, size=(BLOCK_SIZE, rounds))[: hi - lo]
    return out


def _within_area_before(values: np.ndarray, by_area: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each bid, the sum of ``values`` over earlier bids of its area in the list (D, M).
    ``by_area`` orders each row by (area, rank); ``starts`` is, in that order, the position where
    each bid's area run begins."""
    v = np.take_along_axis(values, by_area, axis=1)
    c = np.cumsum(v, axis=1)
    c -= v  # exclusive running total
    c -= np.take_along_axis(c, starts, axis=1)  # from the start of the area's run
    out = np.empty_like(c)
    np.put_along_axis(out, by_area, c, axis=1)
    return out


def work_down(
    ask: np.ndarray,
    allowed: np.ndarray,
    pot: np.ndarray,
    paid: np.ndarray,
    room: np.ndarray | None = None,
    area: np.ndarray | None = None,
    order: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Fund bids down each draw's ranked list (rows of ``ask``, best first) from ``pot`` (D,).

    ``allowed`` marks the bids that may take this money (and are not yet funded); ``paid`` (D, M)
    receives what each funded bid is paid. With ``room`` (D, areas), what each area may still
    receive, and ``area`` (D, M), a bid is paid at most its area's remaining room, and ``room`` is
    reduced in place. Returns the money left (D,)."""
    left = pot.astype(float).copy()
    open_ = allowed.copy()
    draws, width = ask.shape
    rows = np.arange(draws)[:, None]
    pos = np.arange(width)[None, :]
    done = np.full(draws, -1)  # the list has been decided up to this position
    tol = 1 + 1e-12
    while True:
        open_ &= pos > done[:, None]
        pay = ask if room is None else np.minimum(ask, room[rows, area])
        cand = open_ & (pay <= left[:, None] * tol) & (pay > 0)
        if not cand.any():
            break
        if room is not None:  # the room left when the list reaches each bid
            before = _within_area_before(np.where(cand, ask, 0.0), *order)
            pay = np.clip(room[rows, area] - before, 0.0, ask)
        step = np.where(cand, pay, 0.0)
        run = np.cumsum(step, axis=1)
        fits = run <= left[:, None] * tol
        take = cand & fits
        fail = cand & ~fits
        stop = np.where(fail.any(axis=1), fail.argmax(axis=1), width)  # passed over for good
        if room is not None:
            # A bid passed over at the start of the pass (its area's room then was more than the
            # money) may fit once earlier bids of its area have used some of the room: the pass
            # stops before the first such bid, and the next pass starts with it.
            run -= step
            missed = open_ & ~cand & (pay > 0) & (pay <= (left[:, None] - run) * tol)
            missed &= pos < stop[:, None]
            if missed.any():
                first = np.where(missed.any(axis=1), missed.argmax(axis=1), width)
                take &= pos < first[:, None]
                stop = np.where(first < stop, first - 1, stop)
        got = np.where(take, pay, 0.0)
        paid += got
        open_ &= ~take
        left -= got.sum(axis=1)
        np.maximum(left, 0.0, out=left)
        done = np.maximum(done, stop)
        if room is not None:
            np.subtract.at(room, (np.broadcast_to(rows, area.shape)[take], area[take]), got[take])
            np.maximum(room, 0.0, out=room)
    return left


def compete_counts_chunk(
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
    """Every round for draws ``start..stop-1`` with bids drawn as counts; as
    :func:`simulator.recovery.bidding.market.compete_chunk`."""
    comp = market.comp
    draws, n = need.shape
    bands = market.counts.shape[1]
    rounds = market.rounds
    lam = market.bids.ravel()  # expected bids a round, per cell (area-major)
    cum = np.cumsum(lam)
    mean = float(cum[-1]) if len(cum) else 0.0
    totals = (
        bid_totals(seed, start, stop, mean, rounds)
        if mean > 0
        else np.zeros((draws, rounds), dtype=np.int64)
    )
    term = need_term(comp, need, market.average_need) if comp.need_weight != 0 else None
    quality = comp.quality_gap * np.arange(bands) / max(bands - 1, 1)
    d = market.decisions
    cost_paid = d.cost_paid.ravel()
    cost_won = d.cost_won.ravel()
    capacity = d.capacity_paid.ravel()
    small_band = market.small
    ids = np.arange(start, stop)
    rows = np.arange(draws)[:, None]
    per_round = np.zeros((draws, rounds))
    awards = np.zeros((draws, n))
    area_bids = np.zeros((draws, n))
    area_funded = np.zeros((draws, n))
    area_cost = np.zeros((draws, n))
    any_bid = np.zeros((draws, n), dtype=bool)
    band = {k: np.zeros((draws, bands)) for k in ("bids", "funded", "money", "cost", "deadweight")}
    decile = {k: np.zeros((draws, 10)) for k in ("bids", "funded", "money", "cost", "deadweight")}
    cap_paid = np.zeros(draws)
    room = None
    if cap is not None:
        room = np.broadcast_to(cap, (draws, n)) - (0.0 if already is None else already)
        room = np.maximum(room, 0.0)
    floor = None if comp.quality_bar <= -10 else comp.quality_bar
    carry = np.zeros(draws)
    for r in range(rounds):  # a loop over rounds; each is vectorised over draws and bids
        pot = market.budget / rounds + carry
        count = totals[:, r]
        width = int(count.max()) if draws else 0
        if width == 0:
            carry = pot
            continue
        slot = np.arange(width)
        valid = slot[None, :] < count[:, None]
        u = hash_uniform(seed, _CELL, ids, r, slot)
        u *= mean
        cell = np.searchsorted(cum, u, side="right")
        np.minimum(cell, len(lam) - 1, out=cell)
        del u
        area = cell // bands
        b = cell % bands
        if eligible is not None:
            valid &= eligible[rows, area]
        e = hash_uniform(seed, _NOISE, ids, r, slot)
        score = np.log(e / (1.0 - e))
        score *= comp.assessor_noise
        score += quality[b]
        if comp.area_noise > 0:
            luck = _luck(seed, ids, r if comp.area_luck == "round" else -1, area)
            np.clip(luck, -NOISE_RANGE, NOISE_RANGE, out=luck)
            score += comp.area_noise * luck
        if term is not None:
            score += term[rows, area]
        made = valid  # bids made (they cost their bidders), fundable or not
        if floor is not None:  # bids below the quality bar are made but cannot be funded
            valid = valid & (score >= floor)
        score[~made] = -np.inf
        order = np.argsort(-score, axis=1, kind="stable")  # the ranked list, best first
        cell = np.take_along_axis(cell, order, axis=1)
        area = np.take_along_axis(area, order, axis=1)
        b = np.take_along_axis(b, order, axis=1)
        valid = np.take_along_axis(valid, order, axis=1)
        made = valid if floor is None else np.take_along_axis(made, order, axis=1)
        ask = np.where(valid, market.ask[b], np.inf)
        paid = np.zeros((draws, width))
        by_area = None
        if room is not None:
            by_area = np.argsort(area * width + slot, axis=1, kind="stable")
            sorted_area = np.take_along_axis(area, by_area, axis=1)
            first = np.ones(sorted_area.shape, dtype=bool)
            first[:, 1:] = sorted_area[:, 1:] != sorted_area[:, :-1]
            starts = np.maximum.accumulate(np.where(first, slot, 0), axis=1)
            by_area = (by_area, starts)
        left_small = np.zeros(draws)
        if comp.small_ringfence > 0:
            fenced = comp.small_ringfence * pot
            small = valid & small_band[b]
            left_small = work_down(ask, small, fenced, paid, room, area, by_area)
            spent_small = fenced - left_small
            left = work_down(ask, valid & (paid == 0), pot - spent_small, paid, room, area, by_area)
        else:
            left = work_down(ask, valid, pot, paid, room, area, by_area)
        carry = left
        per_round[:, r] = pot - left
        funded = paid > 0
        # tallies: by band, by decile, by area, in pounds and bids
        flat_b = (rows * bands + b).ravel()
        vf = made.ravel().astype(float)
        ff = funded.ravel().astype(float)
        cp = cost_paid[cell].ravel()
        cw = cost_won[cell].ravel()
        pf = paid.ravel()
        size = draws * bands
        band["bids"] += np.bincount(flat_b, vf, size).reshape(draws, bands)
        band["funded"] += np.bincount(flat_b, ff, size).reshape(draws, bands)
        band["money"] += np.bincount(flat_b, pf, size).reshape(draws, bands)
        band["cost"] += np.bincount(flat_b, vf * cp, size).reshape(draws, bands)
        band["deadweight"] += np.bincount(flat_b, vf * cp - ff * cw, size).reshape(draws, bands)
        flat_a = (rows * n + area).ravel()
        size = draws * n
        got = np.bincount(flat_a, pf, size).reshape(draws, n)
        awards += got
        area_bids += np.bincount(flat_a, vf, size).reshape(draws, n)
        area_funded += np.bincount(flat_a, ff, size).reshape(draws, n)
        area_cost += np.bincount(flat_a, vf * cp, size).reshape(draws, n)
        any_bid |= area_bids > 0
        cap_paid += (made * capacity[cell]).sum(axis=1)
        flat_d = (rows * 10 + deciles[area]).ravel()
        size = draws * 10
        decile["bids"] += np.bincount(flat_d, vf, size).reshape(draws, 10)
        decile["funded"] += np.bincount(flat_d, ff, size).reshape(draws, 10)
        decile["money"] += np.bincount(flat_d, pf, size).reshape(draws, 10)
        decile["cost"] += np.bincount(flat_d, vf * cp, size).reshape(draws, 10)
        decile["deadweight"] += np.bincount(flat_d, vf * cp - ff * cw, size).reshape(draws, 10)
    area_draws = np.full(n, draws) if eligible is None else eligible.sum(axis=0)
    return Outcome(
        awards,
        per_round,
        band,
        decile,
        block_sums(area_funded),
        area_draws,
        cap_paid,
        area_bids=block_sums(area_bids),
        area_cost=block_sums(area_cost),
        area_bid_draws=any_bid.sum(axis=0),
    )
