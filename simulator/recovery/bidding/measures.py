"""What the results say about the competition's bidders: by size band, by need decile, by area."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.measures import Band
from simulator.measures.competition import BY_NAME
from simulator.recovery.bidding.tally import Tally
from simulator.scenario import BANDS, SMALL_BANDS


def bands(series: list[np.ndarray]) -> list[Band]:
    """The :class:`~simulator.measures.Band` of each per-draw measure (mean, its Monte Carlo
    standard error, percentiles and their 95% intervals), all of them sorted in one call."""
    if not series:
        return []
    together = Band.of(np.array(series))
    return [together.row(i) for i in range(len(series))]


def _ratio(top: np.ndarray, bottom: np.ndarray) -> float | None:
    """Ratio of means (a success rate over all draws, so within [0, 1] whatever the rounding of
    the sums: never 1.0000000000000004), None when nothing was asked."""
    total = float(bottom.sum())
    return min(max(float(top.sum() / total), 0.0), 1.0) if total > 0 else None


def _non_negative(values: np.ndarray) -> float:
    """The mean of an amount that cannot be negative (deadweight): rounding never takes it below 0."""
    return max(float(values.mean()), 0.0)


def _rows(
    group: dict[str, np.ndarray], money: np.ndarray, labels: list[Any], key: str
) -> list[dict[str, Any]]:
    rows = []
    count = len(labels)
    nets = [money[:, i] - group["cost"][:, i] for i in range(count)]
    found = bands([money[:, i] for i in range(count)] + nets)
    for i, label in enumerate(labels):
        rows.append(
            {
                key: label,
                "bids": float(group["bids"][:, i].mean()),
                "funded": float(group["funded"][:, i].mean()),
                "success_rate": _ratio(group["funded"][:, i], group["bids"][:, i]),
                "money": found[i],
                "bid_cost": float(group["cost"][:, i].mean()),
                "deadweight": _non_negative(group["deadweight"][:, i]),
                "net_of_bid_cost": found[count + i],
            }
        )
    return rows


def competition_measures(tally: Tally) -> dict[str, Any]:
    """The ``competition`` block of the recovery fund's results.

    Money here is the competition's only (a hybrid's formula money is left out); deciles of need
    run from 1, the most deprived tenth of areas.
    """
    band, decile = tally.band, tally.decile
    money = band["money"]
    total = money.sum(axis=1)
    safe = np.where(total > 0, total, np.nan)
    small = money[:, list(SMALL_BANDS)].sum(axis=1)
    market = tally.market
    bids = band["bids"].sum(axis=1)
    funded = band["funded"].sum(axis=1)
    cost = band["cost"].sum(axis=1)
    dead = np.maximum(band["deadweight"].sum(axis=1), 0.0)  # no rounding below zero
    by_band = _rows(band, money, list(BANDS), "band")
    average_total = np.nanmean(safe)
    for row, organisations, ask, rate in zip(
        by_band, market.counts.sum(axis=0), market.ask, market.decisions.rate.T
    ):
        row.update(
            organisations=float(organisations),
            ask=float(ask),
            share_of_money=float(np.nanmean(row["money"]["mean"] / average_total))
            if np.isfinite(average_total)
            else None,
            bid_rate=float(
                (rate * market.counts[:, BANDS.index(row["band"])]).sum()
                / max(organisations, 1e-300)
            ),
        )
    by_decile = _rows(decile, decile["money"], list(range(1, 11)), "decile")
    asked = band["bids"] @ market.ask
    # every overall measure draw by draw, named as in the measures registry
    per_draw = {
        "bids": bids,
        "funded_bids": funded,
        "bid_cost": cost,
        "deadweight": dead,
        "awarded_net_of_bid_cost": total - cost,
        "capacity_funding": tally.capacity,
        # bidders' own costs plus the capacity funding paid to them: what the competition costs
        "resource_cost": cost + tally.capacity,
        # pounds asked for by all bids, and that over the competition's money (Levelling Up Fund
        # round 2: about £8bn asked for £2.1bn, 3.8 times)
        "money_asked": asked,
        "oversubscription": asked / market.budget if market.budget > 0 else np.zeros_like(asked),
        "share_to_small": np.nan_to_num(small / safe),
        "share_to_micro": np.nan_to_num(money[:, 0] / safe),
    }
    assert per_draw.keys() == BY_NAME.keys()  # one definition each, in the registry
    overall = Band.of_many(per_draw)
    return {
        "organisations": float(market.counts.sum()),
        "bids": overall["bids"],
        "funded_bids": overall["funded_bids"],
        "success_rate": _ratio(funded, bids),
        # every bid funded on every draw: the money was not rationed, so scoring cannot matter
        "every_bid_funded": bool(bids.sum() > 0 and np.all(funded >= bids * (1 - 1e-9))),
        **{name: overall[name] for name in per_draw if name not in ("bids", "funded_bids")},
        "by_band": by_band,
        "by_decile": by_decile,
    }


def area_columns(tally: Tally) -> dict[str, np.ndarray]:
    """Per-area columns: bids a draw, success rate and bid cost a draw (means over draws), and with
    bids drawn as counts the chance that the area makes no bid in any round."""
    paths = tally.paths
    with np.errstate(invalid="ignore", divide="ignore"):
        success = np.where(
            tally.area_bids > 0, np.clip(tally.area_funded / tally.area_bids, 0.0, 1.0), np.nan
        )
    columns = {
        "bids": tally.area_bids / paths,
        "success_rate": success,
        "bid_cost": tally.area_cost / paths,
    }
    if tally.counted:  # bids drawn as counts: an area may make no bid at all
        with np.errstate(invalid="ignore", divide="ignore"):
            columns["no_bid_chance"] = np.where(
                tally.area_draws > 0, 1 - tally.bid_draws / tally.area_draws, np.nan
            )
    return columns
