"""Monte Carlo of the Community Recovery Fund over area data.

Each chunk of draws is computed on its own (on every core, see :mod:`simulator.core.parallel`) and
summarised at once: per-area sums and counts block by block, fund-wide measures draw by draw,
and the first draws kept for percentile bands. The full (draws x areas) table is never held for
a large run, so a neighbourhood-level run of 10,000 draws fits in a modest amount of memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulator.core.errors import FundsimError
from simulator.core.parallel import ordered_map, worker_count
from simulator.core.quantiles import QuantileStore, need_deciles  # noqa: F401 (used here and by summary)
from simulator.core.rng import (
    BLOCK_SIZE,
    Stream,
    block_sums,
    block_sums_of_squares,
    chunk_bounds,
    chunk_size_for,
    standard_normal,
)
from simulator.data import Areas
from simulator.recovery.allocation import (
    allocate,
    eligibility,
    eligible_count,
    formula_weights,
    top_k_mask,
)
from simulator.recovery.bidding.counts import compete_counts_chunk
from simulator.recovery.bidding.market import Market, Outcome, build_market, compete_chunk
from simulator.recovery.bidding.tally import Tally
from simulator.recovery.competition import compete, win_probability
from simulator.scenario import RecoveryFundConfig


def distributed_amount(cfg: RecoveryFundConfig) -> float:
    """Pounds that reach areas: the fund less the admin top-slice."""
    return cfg.total * (1.0 - cfg.admin_share)


def noisy_need(need: np.ndarray, sigma: float, z: np.ndarray) -> np.ndarray:
    """Need with mean-one lognormal measurement noise; exactly ``need`` when ``sigma`` is 0."""
    if sigma == 0:
        return np.broadcast_to(need, z.shape).copy()
    noisy = z * sigma
    noisy -= 0.5 * sigma * sigma
    np.exp(noisy, out=noisy)
    noisy *= need
    return noisy


def need_index(cfg: RecoveryFundConfig, areas: Areas) -> np.ndarray:
    """Each area's need: one indicator, or a weighted index of several.

    In an index each indicator is divided by its population-weighted mean before weighting, so
    indicators on different scales count as the weights say, and a single indicator with weight 1
    gives the same shares as that indicator alone.
    """
    if not cfg.need_weights:
        return areas.indicator(cfg.need_indicator)
    population = areas.population
    total = np.zeros(len(areas))
    for name, weight in cfg.need_weights.items():
        values = areas.indicator(name, field=f"recovery_fund.need_weights.{name}")
        mean = np.average(values, weights=population)
        if mean <= 0:
            raise FundsimError(
                f"has a population-weighted mean of {mean:g}; it cannot be scaled",
                field=f"recovery_fund.need_weights.{name}",
            )
        total += weight * values / mean
    return total


RANK_EXPONENTIAL_WARNING = (
    "need uses 'rank_exponential', the IoD technical report's exponential transformation of "
    "neighbourhood ranks; its district averages are on a different scale from the published IMD "
    "average score (0.47 to 1.17 times it across IoD2019's 317 districts), so allocations can differ from a score-based "
    "formula by tens of per cent"
)


def need_warnings(cfg: RecoveryFundConfig, areas: Areas) -> list[str]:
    """Warnings about the need measure a run used, for the results."""
    used = set(cfg.need_weights) if cfg.need_weights else {cfg.need_indicator}
    if "rank_exponential" not in used:
        return []
    if "score" in areas.indicators():
        return [
            RANK_EXPONENTIAL_WARNING
            + "; these data have IMD scores, which are preferred (need_indicator = 'score')"
        ]
    release = areas.provenance.release or "IoD"
    return [
        RANK_EXPONENTIAL_WARNING
        + f"; these data have no IMD scores ({release} File 5, File 7 and the File 10 summaries have them)"
    ]


def _most_deprived_share(need: np.ndarray, population: np.ndarray, share: float) -> np.ndarray:
    """Fixed weights of the areas most in need holding ``share`` of the population: the area
    crossing the line counts pro rata (its money is shared evenly over its people)."""
    from simulator.recovery.allocation import population_share_weights

    return population_share_weights(need, population, share)


def check_floor_has_formula(cfg: RecoveryFundConfig) -> None:
    """A floor is guaranteed from the formula part only: refuse one that no formula money can pay."""
    if cfg.floor <= 0 and cfg.floor_per_head <= 0:
        return
    if cfg.mechanism in ("competitive", "competitive_simple") or (
        cfg.mechanism in ("hybrid", "hybrid_simple") and cfg.formula_share <= 0
    ):
        field = "recovery_fund.floor" if cfg.floor > 0 else "recovery_fund.floor_per_head"
        raise FundsimError(
            "is paid from the formula part only, and this fund has none (competitive money goes to "
            "winning bids); set the floor to 0, or use the hybrid mechanism with a formula_share above 0",
            field=field,
        )


@dataclass
class Plan:
    """Everything fixed for a run: need, groups for the fund-wide measures, bounds."""

    cfg: RecoveryFundConfig
    need: np.ndarray
    population: np.ndarray
    budget: float
    second: np.ndarray | None
    floor: np.ndarray
    cap: np.ndarray | None
    p_win: np.ndarray | None
    groups: np.ndarray  # (areas, k) indicator columns: deciles, top shares, concentration rank
    group_names: list[str]
    market: Market | None = None  # the organisation-level competition, when there is one
    deciles: np.ndarray | None = None


#: Mechanisms whose competitive part is the organisation-level competition / the reduced form.
ORGANISATIONS = ("competitive", "hybrid")
SIMPLE = ("competitive_simple", "hybrid_simple")


def formula_part(cfg: RecoveryFundConfig) -> float:
    """Share of the distributed money given by formula."""
    if cfg.mechanism in ("hybrid", "hybrid_simple"):
        return cfg.formula_share
    return 0.0 if cfg.mechanism in ("competitive", "competitive_simple") else 1.0


#: Need values (other than 0) and populations fundsim shares money by: far beyond any real
#: indicator (scores, ranks, rates) or area, and where sums over areas stay exact.
NEED_RANGE = (1e-12, 1e12)
MAX_POPULATION = 1e9


def check_shares(cfg: RecoveryFundConfig, need: np.ndarray, population: np.ndarray) -> None:
    """Refuse need and population values no formula can share money by: beyond the magnitudes
    of :data:`NEED_RANGE` and :data:`MAX_POPULATION` (they over- or underflow in the sums), and
    a formula whose every weight is 0 (every need 0), which would pay nobody."""
    field = "recovery_fund.need_indicator" if not cfg.need_weights else "recovery_fund.need_weights"
    size = np.abs(need[need != 0])
    if size.size and (size.min() < NEED_RANGE[0] or size.max() > NEED_RANGE[1]):
        worst = size.min() if size.min() < NEED_RANGE[0] else size.max()
        raise FundsimError(
            f"has a need value of {worst:.3g}; fundsim shares money by values from "
            f"{NEED_RANGE[0]:g} to {NEED_RANGE[1]:g} (or 0). Rescale the indicator",
            field=field,
        )
    if population.size and float(population.max()) > MAX_POPULATION:
        raise FundsimError(
            f"an area's population is {float(population.max()):.3g}, more than the "
            f"{MAX_POPULATION:,.0f} any area can have",
            field="data.population",
        )
    if formula_part(cfg) > 0 and not np.any(
        formula_weights(need, population, cfg.progressivity) > 0
    ):
        raise FundsimError(
            "is 0 for every area, so the need formula would pay no area anything; use a need "
            "indicator with some values above 0, or progressivity 0 for money per head",
            field=field,
        )


def make_plan(cfg: RecoveryFundConfig, areas: Areas, competition=None) -> Plan:
    need = need_index(cfg, areas)
    population = areas.population
    check_shares(cfg, need, population)
    budget = distributed_amount(cfg)
    n = len(areas)
    second = None
    if cfg.second_indicator:
        values = areas.indicator(cfg.second_indicator, field="recovery_fund.second_indicator")
        second = top_k_mask(values[None, :], eligible_count(n, cfg.second_eligible_share))[0]
    floor = np.maximum(cfg.floor, cfg.floor_per_head * population)
    check_floor_has_formula(cfg)
    caps = []
    if cfg.cap_share < 1:  # a share of the whole money distributed, whatever the mechanism
        caps.append(cfg.cap_share * budget)
    if cfg.cap > 0:
        caps.append(cfg.cap)
    cap = np.full(n, min(caps)) if caps else None
    p_win = win_probability(cfg, need, population) if cfg.mechanism in SIMPLE else None
    # Fund-wide measures are sums of allocations over fixed groups of areas, ordered by need.
    order = np.argsort(-need, kind="stable")
    columns, names = [], []
    decile = need_deciles(need)
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    for d in range(10):
        columns.append(decile == d)
        names.append(f"decile_{d + 1}")
    for share in (0.1, 0.2):
        columns.append(rank < max(1, int(np.ceil(share * n - 1e-9))))
        names.append(f"areas_{int(share * 100)}")
        columns.append(_most_deprived_share(need, population, share))
        names.append(f"population_{int(share * 100)}")
    pop_sorted = population[order]
    midpoint = (np.cumsum(pop_sorted) - 0.5 * pop_sorted) / population.sum()
    fractional_rank = np.empty(n)
    fractional_rank[order] = midpoint
    columns.append(fractional_rank)
    names.append("fractional_rank")
    groups = np.column_stack(columns).astype(float)
    market = None
    if cfg.mechanism in ORGANISATIONS and budget * (1 - formula_part(cfg)) > 0:
        from simulator.scenario import CompetitionConfig

        base = eligibility(
            need[None, :], population, cfg.eligible_share, cfg.eligibility_basis, second
        )
        market = build_market(
            competition or CompetitionConfig(),
            areas,
            need,
            budget * (1 - formula_part(cfg)),
            cfg.rounds,
            None if base is None else base[0],
        )
    return Plan(
        cfg, need, population, budget, second, floor, cap, p_win, groups, names, market, decile
    )


def uses_noisy_need(cfg: RecoveryFundConfig, competition=None) -> bool:
    """Whether a run's allocations depend on each draw's noisy need. An organisation-level
    competition (``competition``, its settings; None for other mechanisms) with no formula part,
    every area eligible and no need weighting in the scores does not: organisations and bid
    rates come from the need measured without noise."""
    if competition is None or formula_part(cfg) > 0 or cfg.eligible_share < 1:
        return True
    return competition.need_weight != 0


def _compete(market: Market):
    """The competition's chunk function for its bid model: counts drawn, or expected counts."""
    return compete_counts_chunk if market.comp.bid_model == "counts" else compete_chunk


def allocate_chunk(plan: Plan, seed: int, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """Pounds per area (draws, areas) and money paid per round (draws, rounds)."""
    return allocate_chunk_with_bidders(plan, seed, start, stop)[:2]


def allocate_chunk_with_bidders(
    plan: Plan, seed: int, start: int, stop: int
) -> tuple[np.ndarray, np.ndarray, Outcome | None]:
    """As :func:`allocate_chunk`, with what happened to the bidders of an organisation-level
    competition (None for other mechanisms)."""
    cfg = plan.cfg
    n = len(plan.need)
    draws = stop - start
    formula_budget = plan.budget * formula_part(cfg)
    if uses_noisy_need(cfg, plan.market.comp if plan.market is not None else None):
        z = standard_normal(seed, Stream.RECOVERY_INDICATOR, start, stop, (n,))
        need = noisy_need(plan.need, cfg.indicator_uncertainty, z)
    else:  # nothing depends on a draw's need: the noise is not drawn (its stream is its own)
        need = np.broadcast_to(plan.need, (draws, n))
    eligible = eligibility(
        need, plan.population, cfg.eligible_share, cfg.eligibility_basis, plan.second
    )
    if eligible is not None and not eligible.any(axis=1).all():
        raise FundsimError(
            "leaves no area eligible (check the second indicator's share)",
            field="recovery_fund.eligible_share",
        )
    competitive_budget = plan.budget - formula_budget
    if (
        formula_budget <= 0 and competitive_budget > 0 and plan.market is not None
    ):  # the competition alone
        outcome = _compete(plan.market)(
            plan.market, need, eligible, plan.cap, plan.deciles, seed, start, stop
        )
        return outcome.awards, outcome.per_round, outcome
    awards = np.zeros((draws, n))
    per_round = np.zeros((draws, cfg.rounds))
    outcome = None
    if formula_budget > 0:
        awards += allocate(
            need,
            plan.population,
            formula_budget,
            cfg.progressivity,
            floor=plan.floor,
            cap=plan.cap,
            eligible=eligible,
        )
        per_round += formula_budget / cfg.rounds
    if competitive_budget > 0 and plan.market is not None:
        outcome = _compete(plan.market)(
            plan.market,
            need,
            eligible,
            plan.cap,
            plan.deciles,
            seed,
            start,
            stop,
            awards if formula_budget > 0 else None,
        )
        awards += outcome.awards
        per_round += outcome.per_round
    elif competitive_budget > 0:
        weights = formula_weights(need, plan.population, cfg.progressivity)
        if eligible is not None:
            weights = np.where(eligible, weights, 0.0)
        entitlement = competitive_budget * weights / weights.sum(axis=1, keepdims=True)
        base = awards if formula_budget > 0 else None
        won, spent = compete(
            cfg,
            entitlement,
            plan.p_win,
            competitive_budget,
            seed,
            start,
            stop,
            cap=plan.cap,
            base=base,
        )
        awards += won
        per_round += spent
    return awards, per_round, outcome


#: A run of fewer (draws x areas) values than this is small: each thread takes one chunk, since
#: every chunk has a fixed cost (the competition's rounds work on short vectors) that two chunks
#: a thread would pay twice. A larger run gives each thread at least two, to share the work.
SMALL_RUN = 1 << 22


def work_width(plan) -> int:
    """Columns a draw's work spans: its areas, or with bids drawn as counts the bids of a round
    (with room for their spread), whichever is more, so a chunk's arrays stay within the memory
    budget and a chunk takes about as long as any other (cancelling waits for one chunk)."""
    n = len(plan.need)
    market = getattr(plan, "market", None)
    if market is None or market.comp.bid_model != "counts":
        return n
    return max(n, int(8 * market.bids.sum()) + 64)


def chunk_paths(paths: int, areas: int, threads: int) -> int:
    """Draws per chunk: within the memory budget and shared out over ``threads``."""
    by_memory = chunk_size_for(bytes_per_path=12 * 8 * areas, budget_bytes=64e6)
    share = 1 if paths * areas < SMALL_RUN else 2
    blocks = -(-paths // BLOCK_SIZE)
    by_cores = -(-blocks // (share * threads)) * BLOCK_SIZE  # whole blocks, rounded up
    return min(by_memory, by_cores)


@dataclass
class RecoveryRun:
    """What a run keeps: per-area sums and counts, fund-wide measures per draw, kept draws."""

    paths: int
    area_sum: np.ndarray  # pounds per area summed over draws
    area_sumsq: np.ndarray  # squared pounds per area summed over draws (for standard errors)
    funded_count: np.ndarray  # draws in which each area receives money
    group_sums: np.ndarray  # (paths, groups): money to each group of areas, each draw
    group_names: list[str]
    per_round: np.ndarray  # (paths, rounds)
    funded_areas: np.ndarray  # (paths,)
    store: QuantileStore
    bidders: Tally | None = None  # the organisation-level competition's bidders, when there is one

    @property
    def mean(self) -> np.ndarray:
        return self.area_sum / self.paths

    @property
    def mean_se(self) -> np.ndarray:
        """Monte Carlo standard error of each area's mean allocation (pounds)."""
        n = self.paths
        if n < 2:
            return np.full(len(self.area_sum), np.nan)
        spread = self.area_sumsq - self.area_sum * self.mean
        spread = np.where(spread > 1e-10 * self.area_sumsq, spread, 0.0)  # below rounding: constant
        return np.sqrt(spread / (n - 1) / n)

    @property
    def spent(self) -> np.ndarray:
        """Money awarded on each draw."""
        return self.per_round.sum(axis=1)


class RunKeeper:
    """What :func:`simulate_recovery` keeps of a run, chunk by chunk: per-area sums and squares
    block by block, draws in which each area is funded, each draw's group sums, rounds and
    areas funded, the kept draws for percentile bands and the competition's bidders.

    :meth:`chunk` summarises one chunk's allocations (on the thread that computed them; each
    chunk writes its own draws of the store, so threads never overlap) and :meth:`add` takes
    that summary in (in chunk order); :meth:`finish` is the :class:`RecoveryRun`. A paired run
    of several options (:func:`simulator.analysis.recovery_pairs.run_pairs`) keeps each
    option's run with it, so a comparison report computes every draw once.
    """

    def __init__(self, plan: Plan, paths: int):
        n = len(plan.need)
        self.plan = plan
        self.paths = paths
        self.store = QuantileStore(paths, n, scale=plan.budget)  # no area gets more than the budget
        self.sums_by_block: list[np.ndarray] = []
        self.squares_by_block: list[np.ndarray] = []
        self.funded = np.zeros(n, dtype=np.int64)
        self.group_sums = np.empty((paths, plan.groups.shape[1]))
        self.per_round = np.empty((paths, plan.cfg.rounds))
        self.funded_areas = np.empty(paths)
        self.tally = Tally(plan.market, paths, n) if plan.market is not None else None

    def chunk(self, start: int, awards: np.ndarray, rounds: np.ndarray, outcome) -> tuple:
        """The summary of one chunk of draws from ``start`` (its allocations and rounds)."""
        # per-block sums, so the total does not depend on the chunking
        blocks, squares = block_sums(awards), block_sums_of_squares(awards)
        positive = awards > 0
        self.store.add(start, awards)
        return (
            blocks,
            squares,
            positive.sum(axis=0),
            awards @ self.plan.groups,
            rounds,
            positive.sum(axis=1),
            outcome,
        )

    def add(self, start: int, stop: int, summary: tuple) -> None:
        blocks, squares, funded, groups, rounds, count, outcome = summary
        if self.tally is not None:
            self.tally.add(start, stop, outcome)
        self.sums_by_block.extend(blocks)
        self.squares_by_block.extend(squares)
        self.funded += funded
        self.group_sums[start:stop] = groups
        self.per_round[start:stop] = rounds
        self.funded_areas[start:stop] = count

    def finish(self) -> RecoveryRun:
        n = len(self.plan.need)
        area_sum = np.zeros(n)
        area_sumsq = np.zeros(n)
        # in block order: the same sum whatever the chunking
        for block, square in zip(self.sums_by_block, self.squares_by_block):
            area_sum += block
            area_sumsq += square
        return RecoveryRun(
            self.paths,
            area_sum,
            area_sumsq,
            self.funded,
            self.group_sums,
            self.plan.group_names,
            self.per_round,
            self.funded_areas,
            self.store,
            self.tally,
        )


def simulate_recovery(
    cfg: RecoveryFundConfig,
    areas: Areas,
    paths: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    competition=None,
) -> RecoveryRun:
    """Run the recovery fund ``paths`` times and summarise as it goes.

    ``progress(done, total)`` is called after each chunk; it may raise to cancel.
    """
    plan = make_plan(cfg, areas, competition)
    threads = workers or worker_count()
    bounds = chunk_bounds(paths, chunk_paths(paths, work_width(plan), threads))
    keeper = RunKeeper(plan, paths)

    def work(bound: tuple[int, int]):
        start, stop = bound
        awards, rounds, outcome = allocate_chunk_with_bidders(plan, seed, start, stop)
        return start, stop, keeper.chunk(start, awards, rounds, outcome)

    for done, (start, stop, summary) in enumerate(ordered_map(work, bounds, workers), 1):
        keeper.add(start, stop, summary)
        if progress is not None:
            progress(done, len(bounds))
    return keeper.finish()


def allocation_draws(
    cfg: RecoveryFundConfig, areas: Areas, paths: int, seed: int, competition=None
) -> np.ndarray:
    """Every draw's allocation (paths x areas) in pounds: for tests and small studies."""
    plan = make_plan(cfg, areas, competition)
    return allocate_chunk(plan, seed, 0, paths)[0]
