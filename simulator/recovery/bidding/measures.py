"""What the results say about the competition's bidders: by size band, by need decile, by area."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.recovery.bidding.tally import Tally
from simulator.scenario import BANDS, SMALL_BANDS


def _band(values: np.ndarray) -> dict[str, float]:
    """Mean and 5th/95th percentiles of a per-draw measure."""
    return {"mean": float(values.mean()), "p5": float(np.percentile(values, 5)), "p95": float(np.percentile(values, 95))}


def _ratio(top: np.ndarray, bottom: np.ndarray) -> float | None:
    """Ratio of means (a success rate over all draws), None when nothing was asked."""
    total = float(bottom.sum())
    return float(top.sum() / total) if total > 0 else None


def _rows(group: dict[str, np.ndarray], money: np.ndarray, labels: list[Any], key: str) -> list[dict[str, Any]]:
    rows = []
    for i, label in enumerate(labels):
        net = money[:, i] - group["cost"][:, i]
        rows.append(
            {
                key: label,
                "bids": float(group["bids"][:, i].mean()),
                "funded": float(group["funded"][:, i].mean()),
                "success_rate": _ratio(group["funded"][:, i], group["bids"][:, i]),
                "money": _band(money[:, i]),
                "bid_cost": float(group["cost"][:, i].mean()),
                "deadweight": float(group["deadweight"][:, i].mean()),
                "net_of_bid_cost": _band(net),
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
    dead = band["deadweight"].sum(axis=1)
    by_band = _rows(band, money, list(BANDS), "band")
    for row, organisations, ask, rate in zip(by_band, market.counts.sum(axis=0), market.ask, market.decisions.rate.T):
        row.update(
            organisations=float(organisations),
            ask=float(ask),
            share_of_money=float(np.nanmean(row["money"]["mean"] / np.nanmean(safe))) if np.isfinite(np.nanmean(safe)) else None,
            bid_rate=float((rate * market.counts[:, BANDS.index(row["band"])]).sum() / max(organisations, 1e-300)),
        )
    by_decile = _rows(decile, decile["money"], list(range(1, 11)), "decile")
    return {
        "organisations": float(market.counts.sum()),
        "bids": _band(bids),
        "funded_bids": _band(funded),
        "success_rate": _ratio(funded, bids),
        "bid_cost": _band(cost),
        "deadweight": _band(dead),
        "awarded_net_of_bid_cost": _band(total - cost),
        "capacity_funding": _band(tally.capacity),
        "share_to_small": _band(np.nan_to_num(small / safe)),
        "share_to_micro": _band(np.nan_to_num(money[:, 0] / safe)),
        "by_band": by_band,
        "by_decile": by_decile,
    }


def area_columns(tally: Tally) -> dict[str, np.ndarray]:
    """Per-area columns: bids a draw, success rate and bid cost a draw (means over draws)."""
    paths = tally.paths
    with np.errstate(invalid="ignore", divide="ignore"):
        success = np.where(tally.area_bids > 0, tally.area_funded / tally.area_bids, np.nan)
    return {"bids": tally.area_bids / paths, "success_rate": success, "bid_cost": tally.area_cost / paths}
