"""Benchmarks of sweeps, tornado and goal seek (``fundsim bench --analysis``).

The figures go into their own section of ``docs/benchmarks.md``. Areas are synthetic (as in
``fundsim bench``), so no data files are needed; the Dask case starts local clusters of one and
of two single-threaded worker processes and compares the same sweep on each, in one run.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.analysis.sensitivity.executor import Runner
from simulator.analysis.sensitivity.goalseek import solve
from simulator.analysis.sensitivity.sweep import axis, sweep
from simulator.analysis.sensitivity.tornado import applies, plausible, tornado
from simulator.data import Areas
from simulator.data.synthetic import synthetic_areas
from simulator.scenario import Scenario

BEGIN = "<!-- bench-analysis:begin (written by fundsim bench --analysis --write PATH) -->"
END = "<!-- bench-analysis:end -->"
DECILE = "recovery_fund.share_to_most_deprived_decile"
PRESERVED = "endowment.prob_real_value_preserved"
TORNADO_KEYS = [
    "recovery_fund.total",
    "recovery_fund.admin_share",
    "recovery_fund.progressivity",
    "recovery_fund.eligible_share",
    "recovery_fund.floor_per_head",
    "recovery_fund.cap_share",
    "recovery_fund.indicator_uncertainty",
    "recovery_fund.formula_share",
    "recovery_fund.bid_probability",
    "recovery_fund.capacity_gradient",
]


@dataclass
class Row:
    name: str
    seconds: float
    target: str
    result: str = ""
    #: The same runs as plain full runs (``simulator.engine.run``), one after another, same process.
    plain_seconds: float | None = None


def _plain(scenario: Scenario, areas_: Areas, settings: list[dict[str, float]]) -> float:
    from simulator.analysis.evaluate import apply
    from simulator.engine import run

    start = time.perf_counter()
    for s in settings:
        run(apply(scenario, s), areas_)
    return time.perf_counter() - start


def _best(fn, repeats: int = 3) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def tornado_row(districts: Areas) -> Row:
    scenario = Scenario().updated("recovery_fund.mechanism", "hybrid")
    ends = {k: plausible(k) for k in TORNADO_KEYS}
    seconds, result = _best(
        lambda: tornado(scenario, ends, DECILE, Runner(scenario, districts, []))
    )
    settings = [{}] + [{k: v} for k, (lo, hi) in ends.items() for v in (lo, hi)]
    return Row(
        "Tornado, 10 keys x low/high + base (21 runs), 317 districts x 2,000 draws, hybrid fund, all cores",
        seconds,
        "< 2 s",
        f"largest swing: {result.bars[0].key}",
        _plain(scenario, districts, settings),
    )


def formula_tornado_row(districts: Areas) -> Row:
    scenario = Scenario()
    keys = [k for k in TORNADO_KEYS if applies(scenario, k)]
    ends = {k: plausible(k) for k in keys}
    seconds, result = _best(
        lambda: tornado(scenario, ends, DECILE, Runner(scenario, districts, []))
    )
    settings = [{}] + [{k: v} for k, (lo, hi) in ends.items() for v in (lo, hi)]
    return Row(
        f"Tornado, the {len(keys)} keys that apply to a formula fund x low/high + base ({len(settings)} runs), 317 districts x 2,000 draws, all cores",
        seconds,
        "",
        f"largest swing: {result.bars[0].key}",
        _plain(scenario, districts, settings),
    )


def _burn(_: int) -> float:
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for _ in range(60):
        rng.standard_normal(1_000_000).sum()
    return time.perf_counter() - start


def ceiling_row() -> Row:
    """What two processes can gain on this machine right now: the same numpy work, 1 vs 2 at once."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_burn, [0, 1]))  # start both processes
        one = min(pool.submit(_burn, 0).result() for _ in range(2))
        start = time.perf_counter()
        list(pool.map(_burn, [0, 1]))
        two = time.perf_counter() - start
    return Row(
        "This machine's ceiling: the same numpy work in 2 processes at once vs 1",
        two,
        "",
        f"{2 * one / two:.2f}x the work per second of one process",
    )


def goal_row(districts: Areas) -> Row:
    scenario = Scenario()
    seconds, result = _best(
        lambda: solve(
            scenario,
            "endowment.spending_rate",
            0.0,
            0.10,
            PRESERVED,
            0.5,
            Runner(scenario, districts, []),
            tolerance=0.0005,
        )
    )
    settings = [{"endowment.spending_rate": e["value"]} for e in result.evaluations]
    return Row(
        "Goal seek: highest spending rate keeping real value in >= 50% of 2,000 futures, to a bracket of 0.05 pp, all cores",
        seconds,
        "< 3 s",
        f"{100 * result.value:.2f}% ({len(result.evaluations)} runs)",
        _plain(scenario, districts, settings),
    )


def dask_rows(quick: bool) -> list[Row]:
    """The same neighbourhood sweep on local Dask clusters of 1 and of 2 single-threaded workers."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return [
            Row(
                "Neighbourhood sweep on a local Dask cluster",
                float("nan"),
                ">= 1.6x faster on 2 workers than 1",
                "dask[distributed] not installed",
            )
        ]
    n, paths, points = (32_844, 2_000, 8) if not quick else (8_000, 500, 4)
    hoods = synthetic_areas(n, seed=1)
    scenario = Scenario().updated("simulation.paths", paths)
    axes = [axis("recovery_fund.progressivity", 0.5, 2.0, points)]
    times = {}
    outputs = {}
    previous = os.environ.get("FUNDSIM_THREADS")
    os.environ["FUNDSIM_THREADS"] = "1"  # one core per worker process, so workers are cores
    try:
        for workers in (1, 2):
            with LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=50,
            ) as cluster:
                with Runner(scenario, hoods, [], scheduler=cluster.scheduler_address) as runner:
                    runner.run([{}])  # warm up: workers import the engine and receive the areas
                    start = time.perf_counter()
                    outputs[workers] = sweep(scenario, axes, [DECILE], runner).to_dict()
                    times[workers] = time.perf_counter() - start
    finally:
        if previous is None:
            os.environ.pop("FUNDSIM_THREADS", None)
        else:
            os.environ["FUNDSIM_THREADS"] = previous
    same = "identical results" if outputs[1] == outputs[2] else "RESULTS DIFFER"
    label = f"Sweep of progressivity ({points} points), {n:,} neighbourhoods x {paths:,} draws, local Dask cluster"
    return [
        Row(f"{label}, 1 worker", times[1], ""),
        Row(
            f"{label}, 2 workers",
            times[2],
            ">= 1.6x faster than 1 worker",
            f"{times[1] / times[2]:.2f}x faster; {same}",
        ),
    ]


def run_benchmarks(quick: bool = False) -> list[Row]:
    districts = synthetic_areas(317)
    return [
        tornado_row(districts),
        formula_tornado_row(districts),
        goal_row(districts),
        ceiling_row(),
        *dask_rows(quick),
        ceiling_row(),
    ]


def as_table(rows: list[Row]) -> str:
    def show(seconds: float | None) -> str:
        if seconds is None or seconds != seconds:
            return ""
        return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"

    lines = [
        "| case | time | same runs as plain full runs, one after another | target | result |",
        "|---|---:|---:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {show(r.seconds)} | {show(r.plain_seconds)} | {r.target} | {r.result} |"
        )
    return "\n".join(lines)


def write_markdown(rows: list[Row], path: str | Path, machine: str) -> None:
    """Replace this section of ``docs/benchmarks.md`` (added at the end if missing)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    body = f"{BEGIN}\n{machine}\n\n{as_table(rows)}\n{END}"
    if BEGIN in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + body + tail
    else:
        text = text.rstrip("\n") + "\n\n## Sensitivity, sweeps and goal seek\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")
