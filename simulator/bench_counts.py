"""Benchmark cases of the competition with bids drawn as counts (``bid_model = "counts"``).

Its work grows with the number of bids, so its "numpy RNG alone" is the time numpy's own
generator takes merely to draw the uniforms the model hashes (two per bid: its cell and its
assessor noise; two per area and draw for the area's luck), single-threaded, in the same blocks
of draws. No implementation that draws every bid can beat that time, which is why the row's
ratio says more than its seconds.
"""

from __future__ import annotations

import json
import time

import numpy as np

from simulator.data import Areas
from simulator.scenario import CompetitionConfig, Scenario


def setting(areas: Areas, paths: int, rounds: int = 8):
    """The recovery fund, competition and market of the counts case on ``areas``."""
    from simulator.recovery.run import make_plan

    scenario = Scenario()
    cfg = scenario.recovery_fund.model_copy(
        update={"mechanism": "competitive", "rounds": rounds, "cap_share": 1.0}
    )
    competition = CompetitionConfig(bid_model="counts")
    return cfg, competition, make_plan(cfg, areas, competition).market


def rng_baseline(market, areas: int, paths: int, block: int = 64) -> float:
    """Seconds numpy's generator takes to draw the uniforms a counts run hashes: two per bid
    (expected bids a round x rounds x draws) and two per area and draw."""
    bids = float(market.bids.sum()) * market.rounds
    gen = np.random.default_rng(1)
    per_block = int(round(2 * bids * block + 2 * areas * block))
    buffer = np.empty(per_block)
    start = time.perf_counter()
    for _ in range(-(-paths // block)):
        gen.random(out=buffer)
    return time.perf_counter() - start


def neighbourhood(paths: int) -> dict:
    """The neighbourhood case, run in a child process so that its peak memory is its own."""
    import resource

    from simulator.data.synthetic import synthetic_areas
    from simulator.engine import summarise_recovery
    from simulator.recovery.run import simulate_recovery

    areas = synthetic_areas(32_844)
    cfg, competition, market = setting(areas, paths)
    baseline = rng_baseline(market, len(areas), paths)
    scenario = Scenario().model_copy(update={"recovery_fund": cfg, "competition": competition})
    start = time.perf_counter()
    run = simulate_recovery(cfg, areas, paths, 1, competition=competition)
    summarise_recovery(scenario, areas, run)  # as the app does on each recompute
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    bids = float(market.bids.sum()) * market.rounds * paths
    return {"seconds": seconds, "baseline_seconds": baseline, "peak_mb": peak, "bids": bids}


def in_child(paths: int) -> dict:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "simulator.bench_counts", str(paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


if __name__ == "__main__":  # the child process of the neighbourhood case
    import sys

    print(json.dumps(neighbourhood(int(sys.argv[1]))))
