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
grid, no histogram. Since the walk ends about a quarter of the way down a default round's list,
a round ranks only each draw's best bids (as many as the last round's walk reached, and a
margin) and ranks a draw's whole list when a bid below those could still be paid: the same
result as ranking every bid, for a fraction of the sorting.

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
        block_draws = gen.poisson(mean, size=(BLOCK_SIZE, rounds))
        first = max(lo, start)  # a chunk may start inside a block
        out[first - start : hi - start] = block_draws[first - lo : hi - lo]
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


class CellFinder:
    """Which cell each bid falls in: ``searchsorted(cum, u, side="right")``, capped at the last
    cell, for uniforms ``u`` in ``[0, cum[-1])``: a guide table of equal slices of
    ``[0, cum[-1]]`` gives the first cell past the start of the slice before ``u``'s, and a few
    steps go on from there. The same answers as the binary search, several times faster."""

    def __init__(self, cum: np.ndarray) -> None:
        self.cum = np.append(cum, np.inf)  # a sentinel no uniform passes
        self.last = len(cum) - 1
        self.slices = max(64, 4 * len(cum))
        self.scale = self.slices / float(cum[-1])
        edges = np.arange(self.slices + 1) * (float(cum[-1]) / self.slices)
        self.guide = np.searchsorted(cum, edges, side="right")

    def __call__(self, u: np.ndarray) -> np.ndarray:
        j = (u * self.scale).astype(np.intp)
        j -= 1  # the slice before: its start is below u whatever the rounding
        np.clip(j, 0, self.slices, out=j)
        idx = self.guide[j]
        step = self.cum[idx] <= u
        idx += step
        flat = idx.reshape(-1)
        moving = np.flatnonzero(step)  # the few that go further: step them alone
        at, target = flat[moving], u.reshape(-1)[moving]
        while len(moving):
            step = self.cum[at] <= target
            at += step
            flat[moving] = at
            moving, at, target = moving[step], at[step], target[step]
        np.minimum(idx, self.last, out=idx)
        return idx


def _area_luck(seed: int, draws: np.ndarray, rnd: int, areas: int, scale: float) -> np.ndarray:
    """Each area's luck in score points (draws, areas): ``scale`` times a clipped standard
    normal, shared by every bid of the area in round ``rnd`` (-1: in every round of a future)."""
    luck = _luck(seed, draws, rnd, np.arange(areas))
    np.clip(luck, -NOISE_RANGE, NOISE_RANGE, out=luck)
    return scale * luck


def ranked(key: np.ndarray, k: int) -> np.ndarray:
    """Positions of each row's ``k`` highest keys, highest first, equal finite keys in position
    order, as the first ``k`` of a stable sort of the whole row (``-inf``, a bid that cannot be
    funded, may come in any order)."""
    width = key.shape[1]
    if k >= width:
        return _sorted(-key, np.arange(width))
    part = np.argpartition(key, width - k, axis=1)[:, width - k :]
    part.sort(axis=1)
    top = _sorted(-np.take_along_axis(key, part, axis=1), part)
    # A row whose k-th key is shared by a bid left out: which of the equal keys are in depends on
    # the partition; rank that row in full.
    kth = np.take_along_axis(key, top[:, -1:], axis=1)
    tied = np.isfinite(kth[:, 0]) & ((key >= kth).sum(axis=1) > k)
    if tied.any():
        top[tied] = _sorted(-key[tied], np.arange(width))[:, :k]
    return top


def _sorted(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``positions`` (in increasing order along each row) ordered by ``values``, ties kept in
    position order. A quick sort is stable when no two values in a row are equal (the common
    case: scores are continuous); rows with equal values are sorted again stably."""
    order = np.argsort(values, axis=1)
    ordered = np.take_along_axis(values, order, axis=1)
    tied = ((ordered[:, 1:] == ordered[:, :-1]) & np.isfinite(ordered[:, 1:])).any(axis=1)
    if tied.any():
        order[tied] = np.argsort(values[tied], axis=1, kind="stable")
    return np.take_along_axis(np.broadcast_to(positions, values.shape), order, axis=1)


def _could_take(bids, ask, left, room, area) -> np.ndarray:
    """Rows (D,) in which one of ``bids`` (D, W) could still be paid from ``left`` (D,), given
    what its area may still receive (``room``, or None): a walk that would go on past them."""
    pay = ask if room is None else np.minimum(ask, room[np.arange(len(left))[:, None], area])
    return (bids & (pay > 0) & (pay <= left[:, None] * (1 + 1e-12))).any(axis=1)


#: Bids waiting to be added up by area (about 24 bytes each): a chunk adds them up when more wait.
PENDING_LIMIT = 1 << 20


class _Sums:
    """Per draw, what a chunk's bids add up to by area and by size band. The sums by area are
    taken once, at the end of the chunk, from every round's bids together: an array of draws x
    areas per round and measure would cost more than the bids themselves in a neighbourhood
    run (33,000 areas, a few thousand bids a round)."""

    def __init__(self, draws: int, areas: int, bands: int) -> None:
        self.size = {"area": areas, "band": bands}
        names = ("bids", "cost", "funded", "money", "won")
        self.sums = {by: {k: np.zeros((draws, m)) for k in names} for by, m in self.size.items()}
        self.capacity = np.zeros(draws)
        self.draws = draws
        self.pending: dict[tuple[str, ...], list] = {}  # by area: (flat index, weights) per round
        self.pending_size = 0

    def _add(self, rows, by: str, index: np.ndarray, weights: dict[str, np.ndarray]) -> None:
        m = self.size[by]
        flat = (rows[:, None] * m + index).ravel()
        if by == "area":
            self.pending.setdefault(tuple(weights), []).append((flat, weights))
            self.pending_size += len(flat)
            if self.pending_size > PENDING_LIMIT:  # bounded memory: add up what is waiting
                self.finish()
            return
        for name, w in weights.items():
            total = np.bincount(flat, w, self.draws * m)
            self.sums[by][name] += total.reshape(self.draws, m)

    def finish(self) -> None:
        """Add up the bids of every round by area."""
        m = self.size["area"]
        for names, parts in self.pending.items():
            flat = np.concatenate([f for f, _ in parts])
            for name in names:
                w = np.concatenate([weights[name] for _, weights in parts])
                self.sums["area"][name] += np.bincount(flat, w, self.draws * m).reshape(-1, m)
        self.pending = {}
        self.pending_size = 0

    def made(self, cell, made, cost, capacity, per_cell: bool | None = None) -> None:
        """Every bid made (fundable or not), with what it cost its bidder: ``cost`` and
        ``capacity`` (capacity funding received) are per cell (areas x bands, area-major).
        ``per_cell``: count bids per cell first (by default when there are fewer cells than
        bids), or add up bid by bid; the sums are the same."""
        rows = np.arange(self.draws)
        areas, bands = self.size["area"], self.size["band"]
        if per_cell is None:
            per_cell = areas * bands <= cell.shape[1]
        if per_cell:
            flat = (rows[:, None] * (areas * bands) + cell).ravel()
            per_cell = np.bincount(flat, made.ravel(), self.draws * areas * bands)
            per_cell = per_cell.reshape(self.draws, areas, bands)
            spent = per_cell * cost.reshape(areas, bands)
            for by, axis in (("area", 2), ("band", 1)):
                self.sums[by]["bids"] += per_cell.sum(axis=axis)
                self.sums[by]["cost"] += spent.sum(axis=axis)
            self.capacity += per_cell.reshape(self.draws, -1) @ capacity
            return
        area, band = np.divmod(cell, bands)
        bids = made.ravel().astype(float)
        by_cell = cost.reshape(areas, bands)
        if (by_cell == by_cell[0]).all():  # the same in every area: look it up by band
            spent = by_cell[0][band]
        else:
            spent = cost[cell]
        weights = {"bids": bids, "cost": bids * spent.ravel()}
        for by, index in (("area", area), ("band", band)):
            self._add(rows, by, index, weights)
        if capacity.any():
            self.capacity += np.where(made, capacity[cell], 0.0).sum(axis=1)

    def paid(self, rows, area, band, paid, won) -> None:
        """Ranked bids of draws ``rows``: what each was paid and, if funded, a winner's cost."""
        funded = (paid > 0).ravel().astype(float)
        weights = {"funded": funded, "money": paid.ravel(), "won": funded * won.ravel()}
        for by, index in (("area", area), ("band", band)):
            self._add(rows, by, index, weights)

    def named(self, by: str, deciles: np.ndarray | None = None) -> dict[str, np.ndarray]:
        sums = self.sums[by]
        if deciles is not None:
            onehot = np.zeros((len(deciles), 10))
            onehot[np.arange(len(deciles)), deciles] = 1.0
            sums = {k: v @ onehot for k, v in sums.items()}
        return {
            "bids": sums["bids"],
            "funded": sums["funded"],
            "money": sums["money"],
            "cost": sums["cost"],
            "deadweight": sums["cost"] - sums["won"],
        }


def _fund_round(key, area, ask, small, pot, fence: float, room, k: int):
    """One round's ranked lists (each row's best ``k`` bids) and the funder's walk down them.

    ``key`` (D, W) is each bid's score, ``-inf`` for a bid that cannot be funded; ``ask`` its
    grant; ``small`` whether the ring-fence is for it; ``pot`` (D,) the round's money.
    ``room`` (D, areas), when a cap applies, is reduced in place. Returns the ranked positions
    (D, k), what each ranked bid was paid, the money left (D,), and the rows whose walk would
    have gone on past the bids ranked (not final: rank all their bids)."""
    top = ranked(key, k)
    width = top.shape[1]
    valid = np.isfinite(np.take_along_axis(key, top, axis=1))
    area_t = np.take_along_axis(area, top, axis=1)
    ask_t = np.where(valid, np.take_along_axis(ask, top, axis=1), np.inf)
    by_area = None
    if room is not None:
        slot = np.arange(width)
        order = np.argsort(area_t * width + slot, axis=1, kind="stable")
        sorted_area = np.take_along_axis(area_t, order, axis=1)
        first = np.ones(sorted_area.shape, dtype=bool)
        first[:, 1:] = sorted_area[:, 1:] != sorted_area[:, :-1]
        by_area = (order, np.maximum.accumulate(np.where(first, slot, 0), axis=1))
    below = None
    if width < key.shape[1]:
        below = np.isfinite(key)
        np.put_along_axis(below, top, False, axis=1)
    unsure = np.zeros(len(pot), dtype=bool)
    paid = np.zeros(top.shape)
    if fence > 0:
        fenced = fence * pot
        small_t = valid & np.take_along_axis(small, top, axis=1)
        left_small = work_down(ask_t, small_t, fenced, paid, room, area_t, by_area)
        if below is not None:
            unsure |= _could_take(below & small, ask, left_small, room, area)
        open_pot = pot - (fenced - left_small)
        left = work_down(ask_t, valid & (paid == 0), open_pot, paid, room, area_t, by_area)
    else:
        left = work_down(ask_t, valid, pot, paid, room, area_t, by_area)
    if below is not None:
        unsure |= _could_take(below, ask, left, room, area)
    return top, paid, left, unsure


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
    :func:`simulator.recovery.bidding.market.compete_chunk`.

    A round ranks only as many of each draw's best bids as the funder's walk is likely to reach
    (how far down its lists the previous round went, and a margin); a draw whose walk would go
    on past them (money left that a lower-ranked bid could take) is ranked again in full, so the
    result is the same as ranking every bid."""
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
    ids = np.arange(start, stop)
    rows = np.arange(draws)[:, None]
    per_round = np.zeros((draws, rounds))
    sums = _Sums(draws, n, bands)
    room = None
    if cap is not None:
        room = np.broadcast_to(cap, (draws, n)) - (0.0 if already is None else already)
        room = np.maximum(room, 0.0)
    floor = None if comp.quality_bar <= -10 else comp.quality_bar
    fence = comp.small_ringfence
    luck = None
    if comp.area_noise > 0 and comp.area_luck != "round":
        luck = _area_luck(seed, ids, -1, n, comp.area_noise)
    find = CellFinder(cum) if mean > 0 else None
    # How far down the widest list a round's walk goes (a share of it): at first, guessed from
    # the money the expected bids ask for; then as far as the last round went.
    asked = float(lam @ np.repeat(market.ask[None, :], n, axis=0).ravel())
    reach = min(1.0, 1.5 * market.budget / rounds / asked) if asked > 0 else 1.0
    carry = np.zeros(draws)
    for r in range(rounds):  # a loop over rounds; each is vectorised over draws and bids
        pot = market.budget / rounds + carry
        count = totals[:, r]
        width = int(count.max()) if draws else 0
        if width == 0 or find is None:
            carry = pot
            continue
        slot = np.arange(width)
        made = slot[None, :] < count[:, None]
        u = hash_uniform(seed, _CELL, ids, r, slot)
        u *= mean
        cell = find(u)
        del u
        area, b = np.divmod(cell, bands)
        if eligible is not None:
            made &= eligible[rows, area]
        e = hash_uniform(seed, _NOISE, ids, r, slot)
        score = np.log(e / (1.0 - e))  # logistic noise
        del e
        score *= comp.assessor_noise
        score += quality[b]
        if comp.area_noise > 0:
            shared = luck if luck is not None else _area_luck(seed, ids, r, n, comp.area_noise)
            score += shared[rows, area]
        if term is not None:
            score += term[rows, area]
        sums.made(cell, made, cost_paid, capacity)
        # bids below the quality bar are made (they cost their bidders) but cannot be funded
        fundable = made if floor is None else made & (score >= floor)
        key = np.where(fundable, score, -np.inf)
        del score, fundable, made
        ask = market.ask[b]
        small = market.small[b]
        k = min(width, int(reach * width * 1.25) + 64)
        before = None if room is None else room.copy()
        top, paid, left, unsure = _fund_round(key, area, ask, small, pot, fence, room, k)
        done = np.arange(draws)
        if unsure.any():  # these draws' walks go past the bids ranked: rank all their bids
            again = np.flatnonzero(unsure)
            done = np.flatnonzero(~unsure)
            sub_room = None if before is None else before[again]
            top_a, paid_a, left_a, _ = _fund_round(
                key[again],
                area[again],
                ask[again],
                small[again],
                pot[again],
                fence,
                sub_room,
                width,
            )
            if room is not None:
                room[again] = sub_room
            left[again] = left_a
            cell_a = np.take_along_axis(cell[again], top_a, axis=1)
            sums.paid(again, *np.divmod(cell_a, bands), paid_a, cost_won[cell_a])
            top, paid = top[done], paid[done]
        cell_t = np.take_along_axis(cell[done], top, axis=1)
        sums.paid(done, *np.divmod(cell_t, bands), paid, cost_won[cell_t])
        deepest = np.flatnonzero((paid > 0).any(axis=0))
        reach = 1.0 if unsure.any() else ((deepest[-1] + 1) if len(deepest) else 0) / width
        carry = left
        per_round[:, r] = pot - left
    sums.finish()
    area_sums = sums.sums["area"]
    area_draws = np.full(n, draws) if eligible is None else eligible.sum(axis=0)
    return Outcome(
        area_sums["money"],
        per_round,
        sums.named("band"),
        sums.named("area", deciles),
        block_sums(area_sums["funded"]),
        area_draws,
        sums.capacity,
        area_bids=block_sums(area_sums["bids"]),
        area_cost=block_sums(area_sums["cost"]),
        area_bid_draws=(area_sums["bids"] > 0).sum(axis=0),
    )
