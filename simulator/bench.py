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


def write_iod_like_files(folder, n: int = 32_844, seed: int = 0):
    """Synthetic files laid out like IoD2019 Files 1 and 6 (byte-order mark, quoted thousands)."""
    from pathlib import Path

    from simulator.data.iod2019 import IOD2019_DISTRICTS

    rng = np.random.default_rng(seed)
    folder = Path(folder)
    lads = [f"E0{6 + i % 4}{i:06d}" for i in range(IOD2019_DISTRICTS)]
    lad_of = rng.integers(0, len(lads), n)
    ranks = rng.permutation(n) + 1
    codes = [f"E01{i:06d}" for i in range(n)]
    f1 = ["\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),"
          "Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile"]
    f6 = ["\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),"
          "Total population: mid 2015 (excluding prisoners),Dependent Children aged 0-15: mid 2015 (excluding prisoners),"
          "Population aged 16-59: mid 2015 (excluding prisoners),Older population aged 60 and over: mid 2015 (excluding prisoners),"
          "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)"]
    pops = rng.integers(1000, 3000, n)
    for i in range(n):
        lad = lads[lad_of[i]]
        f1.append(f'{codes[i]},Area {i},{lad},District {lad_of[i]},"{ranks[i]:,}",{(ranks[i] - 1) * 10 // n + 1}')
        f6.append(f'{codes[i]},Area {i},{lad},District {lad_of[i]},"{pops[i]:,}",{pops[i] // 5},{pops[i] // 2},{pops[i] // 4},{pops[i] // 2}')
    (folder / "file1.csv").write_text("\n".join(f1) + "\n", encoding="utf-8")
    (folder / "file6.csv").write_text("\n".join(f6) + "\n", encoding="utf-8")
    return folder / "file1.csv", folder / "file6.csv"


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
    import tempfile

    from simulator.data import load_data_source

    with tempfile.TemporaryDirectory() as tmp:
        f1, f6 = write_iod_like_files(tmp)
        cases.append(
            Case(
                "Load 32,844-neighbourhood File 1 + File 6 and aggregate to 317 districts",
                best_of(lambda: load_data_source(f1, population=f6, level="lad")),
                "< 1 s",
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


BEGIN = "<!-- bench:begin (written by fundsim bench --write PATH) -->"
END = "<!-- bench:end -->"


def write_markdown(cases: list[Case], path) -> None:
    """Replace the results section of ``docs/benchmarks.md`` with these figures."""
    from pathlib import Path

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    m = machine()
    body = f"Python {m['python']}, numpy {m['numpy']}, {m['cpus']} CPUs, {m['platform']}.\n\n{as_table(cases)}\n"
    path.write_text(f"{head}{BEGIN}\n{body}{END}{tail}", encoding="utf-8")
