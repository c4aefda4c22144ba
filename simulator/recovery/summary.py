"""The recovery fund's results from a run: per-area bands and the fund-wide measures."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from simulator.core.money import check_identity, format_money
from simulator.data import Areas
from simulator.recovery.allocation import eligibility, formula_weights
from simulator.recovery.bidding.measures import area_columns, bands, competition_measures
from simulator.recovery.fairness import concentration_curve, concentration_index, gini, sample_curve
from simulator.recovery.run import RecoveryRun, distributed_amount, need_deciles, need_index
from simulator.results import RecoveryResults, standard_error
from simulator.scenario import Scenario


def _mean_se(values: np.ndarray) -> float:
    """Monte Carlo standard error of a per-draw measure's mean."""
    return standard_error(values, float(values.mean()))


def _prob_se(p: np.ndarray | float, n: int) -> np.ndarray | float:
    """Monte Carlo standard error of a share of ``n`` independent draws."""
    return np.sqrt(np.clip(p * (1 - np.asarray(p)), 0, None) / n)


def summarise_recovery(scenario: Scenario, areas: Areas, run: RecoveryRun) -> RecoveryResults:
    """Per-area bands and fund-wide measures from a recovery-fund run.

    The per-area percentiles (a sort of every area's draws, which numpy does without holding the
    GIL) are found on a second thread while this one works out the rest."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fundsim-bands") as pool:
        percentiles = pool.submit(run.store.percentiles, (5, 50, 95))
        results = _summarise(scenario, areas, run)
        table = results.table
        at = table.columns.get_loc("mean") + 1
        for i, (name, values) in enumerate(percentiles.result().items()):
            table.insert(at + i, name, values)
    return results


def _summarise(scenario: Scenario, areas: Areas, run: RecoveryRun) -> RecoveryResults:
    """:func:`summarise_recovery` without the per-area percentiles."""
    cfg = scenario.recovery_fund
    distributed = distributed_amount(cfg)
    source = areas.table
    population = areas.population
    need = need_index(cfg, areas)
    table = source[["code", "name", "population"]].copy()
    table["score"] = source["score"] if "score" in source else np.nan
    for column in ("authority_type", "region", "lad_code", "lad_name"):
        if column in source:
            table[column] = source[column]
    table["need"] = need
    mean = run.mean
    table["mean"] = mean
    table["per_capita"] = mean / population
    table["prob_funded"] = run.funded_count / run.paths
    table["mean_se"] = run.mean_se
    table["prob_funded_se"] = _prob_se(table["prob_funded"].to_numpy(), run.paths)
    spent = run.spent
    equal = spent.mean() * population / population.sum()
    table["equal_per_head"] = equal
    gain = mean - equal
    table["gain"] = gain

    safe_spent = np.where(spent > 0, spent, np.nan)
    group = {name: run.group_sums[:, i] for i, name in enumerate(run.group_names)}
    shares = {name: np.nan_to_num(values / safe_spent) for name, values in group.items()}
    deciles = []
    decile = need_deciles(need)
    decile_masks = [decile == d for d in range(10)]
    most_deprived = ("areas_10", "areas_20", "population_10", "population_20")
    series = [group[f"decile_{d + 1}"] for d in range(10)]
    series += [
        spent,
        distributed - spent,
        run.funded_areas,
        *(shares[name] for name in most_deprived),
    ]
    series.append(concentration_index(shares["fractional_rank"]))
    measured = bands(series, with_se=True)
    for d in range(10):
        money = group[f"decile_{d + 1}"]
        pop = float(population[decile_masks[d]].sum())
        deciles.append(
            {
                "decile": d + 1,
                "areas": int(decile_masks[d].sum()),
                "population": pop,
                **measured[d],
                "per_capita": float(money.mean() / pop) if pop > 0 else None,
                "share": float(shares[f"decile_{d + 1}"].mean()),
                "share_se": _mean_se(shares[f"decile_{d + 1}"]),
            }
        )
    awarded, unspent = measured[10]["mean"], measured[11]["mean"]
    check_identity("awarded + unspent = distributed", awarded + unspent, distributed, distributed)
    check_identity(
        "the areas' allocations add up to the money awarded", mean.sum(), awarded, distributed
    )
    if spent.size and not (
        spent.min() >= -1e-6 * distributed and spent.max() <= distributed * (1 + 1e-9) + 1e-6
    ):
        check_identity(
            "0 <= awarded <= distributed on every draw", spent.max(), distributed, distributed
        )
    curve_x, curve_y = concentration_curve(mean, population, need)
    tolerance = 1e-9 * max(float(equal.max()), 1.0)
    measures = {
        "mechanism": cfg.mechanism,
        "rounds": cfg.rounds,
        "awarded": measured[10],
        "unspent": measured[11],
        "per_round": run.per_round.mean(axis=0),
        "areas_funded": measured[12],
        "share_to_most_deprived": dict(zip(most_deprived, measured[13:17])),
        "by_decile": deciles,
        "concentration_index": measured[17],
        "concentration_curve": dict(
            zip(("population_share", "money_share"), sample_curve(curve_x, curve_y))
        ),
        "gini_per_capita": gini(mean / population, population),
        "against_equal_per_head": {
            "winners": int((gain > tolerance).sum()),
            "losers": int((gain < -tolerance).sum()),
            "money_moved": float(np.maximum(gain, 0.0).sum()),
        },
        "percentile_method": run.store.method,
        "share_to_most_deprived_decile_se": measured[13]["mean_se"],
    }
    if run.bidders is not None:
        measures["competition"] = competition_measures(run.bidders)
        for name, values in area_columns(run.bidders).items():
            table[name] = values
    return RecoveryResults(
        table=table,
        total=cfg.total,
        distributed=distributed,
        share_to_most_deprived_decile=float(shares["areas_10"].mean()),
        need_indicator=cfg.need_indicator if not cfg.need_weights else "need index",
        measures=measures,
        curve=(curve_x, curve_y),
    )


def endowment_area_shares(scenario: Scenario, areas: Areas) -> np.ndarray:
    """Each area's share of the endowment's grants: the recovery fund's formula (need,
    progressivity, population) over the endowment's own eligible areas, without noise.

    It lives with the recovery fund because it is that fund's formula; the engine passes the
    shares to :func:`simulator.endowment.summary.summarise_endowment`."""
    rf = scenario.recovery_fund
    need = need_index(rf, areas)
    eligible = eligibility(need[None, :], areas.population, scenario.endowment.area_eligible_share)
    weights = formula_weights(need, areas.population, rf.progressivity)
    if eligible is not None:
        weights = np.where(eligible[0], weights, 0.0)
    total = weights.sum()
    return weights / total if total > 0 else weights


def competition_warnings(recovery) -> list[str]:
    """A warning when a competition funded every bid: its money was not rationed, so what is left
    over is fixed by who chose to bid, and the levers of scoring change nothing."""
    c = recovery.measures.get("competition")
    if not c or not c.get("every_bid_funded"):
        return []
    unspent = recovery.measures.get("unspent", {}).get("mean", 0.0)
    left = (
        f", leaving {format_money(unspent)} unspent"
        if unspent > 0.001 * max(recovery.distributed, 1.0)
        else ""
    )
    return [
        f"The competition funded every bid on every draw{left}: bids asked for less than the money, so scoring "
        "(quality gap, assessor noise, need weight, ring-fence) changes nothing. More organisations ready to bid "
        "or a smaller fund makes it a competition."
    ]
