"""Benchmark cases for the IoD2025 geography (``fundsim bench``; rows in docs/benchmarks.md).

- loading a full-size File 7 (33,755 neighbourhoods, 56 columns, the published header with its
  truncated column) and adding it up to 296 districts: target under 1 s;
- the neighbourhood competition at 33,755 areas against 32,844 in the same run, per area: the
  row's "time" is the 33,755-area run, its baseline the 32,844-area run scaled by
  33,755 / 32,844, so the ratio is time per area at 33,755 over time per area at 32,844.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from simulator.data.synthetic import synthetic_areas
from simulator.data.vintage import IOD2019, IOD2025

#: File 7's indices in column order: (title, score suffix).
_FILE7_INDICES = (
    ("Index of Multiple Deprivation (IMD)", " Score"),
    ("Income", " Score (rate)"),
    ("Employment", " Score (rate)"),
    ("Education, Skills and Training", " Score"),
    ("Health Deprivation and Disability", " Score"),
    ("Crime", " Score"),
    ("Barriers to Housing and Services", " Score"),
    ("Living Environment", " Score"),
    ("Income Deprivation Affecting Children Index (IDACI)", " Score (rate)"),
    ("Income Deprivation Affecting Older People (IDAOPI)", " Score (rate)"),
    ("Children and Young People Sub-domain", " Score"),
    ("Adult Skills Sub-domain", " Score"),
    ("Geographical Barriers Sub-domain", " Score"),
    ("Wider Barriers Sub-domain", " Score"),
    ("Indoors Sub-domain", " Score"),
    ("Outdoors Sub-domain", " Score"),
)
DECILE = " Decile (where 1 is most deprived 10% of LSOAs)"


def file7_header() -> list[str]:
    """IoD2025 File 7's 56 column names, with the published file's one truncated header."""
    header = [
        "LSOA code (2021)",
        "LSOA name (2021)",
        "Local Authority District code (2024)",
        "Local Authority District name (2024)",
    ]
    for title, score in _FILE7_INDICES:
        decile = f"{title}{DECILE}"
        if title.startswith("Children and Young People"):
            decile = decile[:80]  # "... most deprived 10% of LSO", as published
        header += [f"{title}{score}", f"{title} Rank (where 1 is most deprived)", decile]
    return header + [
        "Total population: mid 2022",
        "Dependent Children aged 0-15: mid 2022",
        "Older population aged 60 and over: mid 2022",
        "Working age population 18-66 (for use with Employment Deprivation Domain): mid 2022",
    ]


def write_file7_like(path: Path, n: int = IOD2025.lsoas, seed: int = 0) -> Path:
    """A synthetic File 7 in the published layout: 56 columns, CRLF, ``n`` rows, 296 districts."""
    rng = np.random.default_rng(seed)
    lads = [f"E0{6 + i % 4}{i:06d}" for i in range(IOD2025.districts)]
    lad_of = np.sort(rng.integers(0, len(lads), n))
    columns = [
        np.array([f"E01{i:06d}" for i in range(n)]),
        np.array([f"Area {i}" for i in range(n)]),
        np.array(lads)[lad_of],
        np.array([f"District {j}" for j in lad_of]),
    ]
    for _ in _FILE7_INDICES:
        ranks = rng.permutation(n) + 1
        columns += [
            np.char.mod("%.3f", rng.gamma(2.0, 10.0, n)),
            ranks.astype(str),
            np.ceil(ranks / (n / 10)).astype(int).astype(str),
        ]
    pops = rng.integers(1000, 3000, n)
    columns += [pops.astype(str), (pops // 5).astype(str), (pops // 4).astype(str)]
    columns.append((pops // 2).astype(str))
    lines = [",".join(f'"{h}"' if "," in h else h for h in file7_header())]
    lines += [",".join(row) for row in zip(*columns)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


LOAD_FILE7_CASE = (
    "Load a full-size IoD2025 File 7 (33,755 LSOAs, 56 columns) and aggregate to 296 districts"
)


def load_file7_case(best_of: Callable, case) -> object:
    import tempfile

    from simulator.data import load_data_source

    with tempfile.TemporaryDirectory() as tmp:
        path = write_file7_like(Path(tmp) / "File_7.csv")
        areas = load_data_source(path, level="lad")
        assert len(areas) == IOD2025.districts
        return case(LOAD_FILE7_CASE, best_of(lambda: load_data_source(path, level="lad")), "< 1 s")


def per_area_case(paths: int, recovery_case, case) -> tuple[str, Callable[[], object]]:
    """The neighbourhood competition at IoD2025's 33,755 areas against IoD2019's 32,844."""
    from simulator.scenario import Scenario

    name = (
        f"Recovery fund per neighbourhood: {IOD2025.lsoas:,} against {IOD2019.lsoas:,} areas x "
        f"{paths:,} draws, competitive_simple, 8 rounds (ratio = time per area)"
    )

    def measure():
        cfg = Scenario().recovery_fund.model_copy(
            update={
                "mechanism": "competitive_simple",
                "rounds": 8,
                "capacity_gradient": 1.0,
                "cap_share": 1.0,
            }
        )
        times = {}
        for n in (IOD2019.lsoas, IOD2025.lsoas):
            go = recovery_case(cfg, synthetic_areas(n), paths)
            start = time.perf_counter()
            go()
            times[n] = time.perf_counter() - start
        scaled = times[IOD2019.lsoas] * IOD2025.lsoas / IOD2019.lsoas
        return case(name, times[IOD2025.lsoas], "ratio <= 1 (no slower per area)", scaled)

    return name, measure
