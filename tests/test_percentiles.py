"""Per-area percentile bands from all draws at every level (issue 10)."""

from __future__ import annotations

import numpy as np

from simulator.core.quantiles import QuantileStore, percentiles_by_selection
from simulator.recovery.run import allocation_draws, distributed_amount, simulate_recovery


def test_large_runs_take_bands_from_every_draw_within_the_stated_bound(
    scenario, workshop, monkeypatch
):
    import simulator.core.quantiles as q

    # a run too big to keep in full precision (here: more than 300 draws of 12 areas)
    monkeypatch.setattr(
        q.QuantileStore.__init__, "__defaults__", (8 * 12 * 300, None, q.COMPACT_BUDGET_BYTES)
    )
    cfg = scenario.recovery_fund.model_copy(
        update={
            "indicator_uncertainty": 0.3,
            "mechanism": "competitive_simple",
            "rounds": 3,
            "bid_probability": 0.4,
            "cap_share": 1.0,
        }
    )
    run = simulate_recovery(cfg, workshop, 2000, 3)
    assert run.store.compact and run.store.method.startswith("from all 2,000 draws")
    draws = allocation_draws(cfg, workshop, 2000, 3)
    exact = np.percentile(draws, (5, 50, 95), axis=0)
    got = run.store.percentiles((5, 50, 95))
    unit = distributed_amount(cfg) / q.COMPACT_UNITS
    for i, name in enumerate(("p5", "p50", "p95")):
        bound = 2.0**-11 * np.abs(exact[i]) + 2.0**-25 * unit
        assert (np.abs(got[name] - exact[i]) <= bound * (1 + 1e-9)).all()
        np.testing.assert_array_equal(got[name] == 0, exact[i] == 0)  # zero stays zero: no flips
    # the old store's "first 300 draws" bands differ by far more than the bound
    first = np.percentile(draws[:300], 95, axis=0)
    assert np.abs(first - exact[2]).max() > 100 * (2.0**-11 * np.abs(exact[2]).max())


def test_selection_percentiles_match_numpy():
    x = np.random.default_rng(2).lognormal(0, 1, (3000, 501))
    qs = (5, 50, 95, 100, 0, 12.5)
    np.testing.assert_allclose(
        percentiles_by_selection(x, qs), np.percentile(x, qs, axis=1), rtol=1e-6
    )


def test_compact_store_memory_for_neighbourhoods_x_10000_draws():
    store = QuantileStore(10_000, 32_844, scale=475e6)
    assert store.compact and store._values.nbytes == 2 * 32_844 * 10_000  # 657 MB, every draw
    small = QuantileStore(100, 12, scale=475e6)
    assert small.exact and small.method == "exact"
