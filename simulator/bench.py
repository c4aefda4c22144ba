"""Benchmarks: how fast the engines are on this machine (``fundsim bench``).

Results are recorded in ``docs/benchmarks.md``. Each case is timed as the best of a few
repeats, engine only (no start-up, no file reading). Where a case has a baseline, the ratio
compares the engine with the time numpy needs merely to generate the same random numbers,
measured in the same run.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from simulator.data import Areas, Provenance
from simulator.endowment import simulate_endowment
from simulator.recovery import simulate_recovery
from simulator.scenario import Scenario


@dataclass
class Case:
    name: str
    seconds: float
    target: str
    baseline_seconds: float | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline_seconds else self.seconds / self.baseline_seconds


def synthetic_areas(n: int, seed: int = 0) -> Areas:
    """``n`` made-up areas with realistic populations and IMD-like scores (no files needed)."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(
        {
            "code": [f"S{i:06d}" for i in range(n)],
            "name": [f"Area {i}" for i in range(n)],
            "population": rng.integers(1_000, 300_000, n).astype(float),
            "score": rng.gamma(4.0, 5.0, n),
        }
    )
    return Areas(table, Provenance(label="synthetic benchmark areas", level="synthetic"))


def best_of(fn: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run_benchmarks(quick: bool = False) -> list[Case]:
    scenario = Scenario()
    cases = []
    lad = synthetic_areas(317)
    cfg = scenario.recovery_fund
    cases.append(
        Case(
            "Recovery fund, 317 districts x 2,000 draws (formula)",
            best_of(lambda: simulate_recovery(cfg, lad, 2000, 1)),
            "< 50 ms (live recompute)",
            best_of(lambda: np.random.default_rng(1).standard_normal((2000, 317))),
        )
    )
    capped = cfg.model_copy(update={"floor": 200_000.0, "cap_share": 0.01})
    cases.append(
        Case(
            "Recovery fund, 317 districts x 2,000 draws, floor and cap",
            best_of(lambda: simulate_recovery(capped, lad, 2000, 1)),
            "",
        )
    )
    end = scenario.endowment
    cases.append(
        Case(
            "Endowment, 5,000 paths x 50 years (annual, fixed rate)",
            best_of(lambda: simulate_endowment(end, 50, 5000, 1)),
            "< 30 ms (live recompute)",
            best_of(lambda: np.random.default_rng(1).standard_normal((5000, 50, 2))),
        )
    )
    if not quick:
        cases.append(
            Case(
                "Endowment, 100,000 paths x 50 years (annual, fixed rate)",
                best_of(lambda: simulate_endowment(end, 50, 100_000, 1), repeats=2),
                "",
                best_of(lambda: np.random.default_rng(1).standard_normal((100_000, 50, 2)), repeats=2),
            )
        )
    return cases


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
    }


def as_json(cases: list[Case]) -> str:
    rows = [dict(asdict(c), ratio=c.ratio) for c in cases]
    return json.dumps({"machine": machine(), "cases": rows}, indent=2)


def as_table(cases: list[Case]) -> str:
    lines = ["| case | time | numpy RNG alone | ratio | target |", "|---|---:|---:|---:|---|"]
    for c in cases:
        base = f"{c.baseline_seconds * 1000:.1f} ms" if c.baseline_seconds else ""
        ratio = f"{c.ratio:.2f}x" if c.ratio else ""
        lines.append(f"| {c.name} | {c.seconds * 1000:.1f} ms | {base} | {ratio} | {c.target} |")
    return "\n".join(lines)
