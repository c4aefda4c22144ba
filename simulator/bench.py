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

from simulator import bench_counts, bench_iod
from simulator.data import Areas
from simulator.data.synthetic import synthetic_areas  # noqa: F401  (part of this module's API)
from simulator.endowment.run import simulate_endowment
from simulator.recovery.run import simulate_recovery
from simulator.scenario import Scenario

#: More cases, each a function of ``quick`` returning a list of :class:`Case`. The console
#: launcher adds the app's end-to-end cases here (the engine never imports the app).
EXTRA_CASES: list[Callable[[bool], list[Case]]] = []


@dataclass
class Case:
    name: str
    seconds: float
    target: str
    baseline_seconds: float | None = None
    peak_mb: float | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline_seconds else self.seconds / self.baseline_seconds


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
    f1 = [
        "\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),"
        "Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile"
    ]
    f6 = [
        "\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),"
        "Total population: mid 2015 (excluding prisoners),Dependent Children aged 0-15: mid 2015 (excluding prisoners),"
        "Population aged 16-59: mid 2015 (excluding prisoners),Older population aged 60 and over: mid 2015 (excluding prisoners),"
        "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)"
    ]
    pops = rng.integers(1000, 3000, n)
    for i in range(n):
        lad = lads[lad_of[i]]
        f1.append(
            f'{codes[i]},Area {i},{lad},District {lad_of[i]},"{ranks[i]:,}",{(ranks[i] - 1) * 10 // n + 1}'
        )
        f6.append(
            f'{codes[i]},Area {i},{lad},District {lad_of[i]},"{pops[i]:,}",{pops[i] // 5},{pops[i] // 2},{pops[i] // 4},{pops[i] // 2}'
        )
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


def recovery_case(cfg, areas, paths: int, competition=None) -> Callable[[], object]:
    """A recovery-fund run and its summary, as the app does on each recompute."""
    from simulator.engine import summarise_recovery

    update = {"recovery_fund": cfg}
    if competition is not None:
        update["competition"] = competition
    scenario = Scenario().model_copy(update=update)

    def go():
        return summarise_recovery(
            scenario,
            areas,
            simulate_recovery(cfg, areas, paths, 1, competition=scenario.competition),
        )

    return go


def recovery_rng_baseline(cfg, areas: int, paths: int) -> float:
    """Time to generate exactly the random numbers a recovery run draws, single-threaded."""
    from simulator.core.rng import Stream, chunk_bounds, standard_normal, uniform
    from simulator.recovery.run import ORGANISATIONS, uses_noisy_need
    from simulator.scenario import CompetitionConfig

    noisy_need = uses_noisy_need(
        cfg, CompetitionConfig() if cfg.mechanism in ORGANISATIONS else None
    )
    start_time = time.perf_counter()
    buffer = None
    for start, stop in chunk_bounds(paths, 64):
        if buffer is None or len(buffer) != stop - start:
            buffer = np.empty((stop - start, areas))
        if noisy_need:  # a competition that does not weight need draws no need noise
            standard_normal(1, Stream.RECOVERY_INDICATOR, start, stop, (areas,), out=buffer)
        if cfg.mechanism in (
            "competitive",
            "hybrid",
        ):  # one draw of an area's luck; the rounds draw nothing
            standard_normal(1, Stream.COMPETITION_AREA, start, stop, (areas,), out=buffer)
        elif cfg.mechanism != "formula":
            for r in range(cfg.rounds):
                uniform(1, Stream.RECOVERY_BID_DRAW, start, stop, (areas,), sub=(r,), out=buffer)
                if cfg.bid_size_cv > 0:
                    standard_normal(
                        1, Stream.RECOVERY_BID_SIZE, start, stop, (areas,), sub=(r,), out=buffer
                    )
    return time.perf_counter() - start_time


def machine_anchor(repeats: int = 5) -> float:
    """How fast this machine is, for targets stated as ratios: the random numbers of the district
    formula case (317 districts x 2,000 draws, single-threaded, best of ``repeats``), the
    "numpy RNG alone" of that case's row. 6.2 ms on the machine whose figures the first tables of
    docs/benchmarks.md give, 12.8 ms on one about twice as slow."""
    cfg = Scenario().recovery_fund.model_copy(update={"cap_share": 1.0})
    return min(recovery_rng_baseline(cfg, 317, 2000) for _ in range(repeats))


def neighbourhood_competitive(paths: int, mechanism: str = "competitive_simple") -> dict:
    """The neighbourhood-level competitive case; run in a child process to measure its memory."""
    import resource

    cfg = Scenario().recovery_fund.model_copy(
        update={"mechanism": mechanism, "rounds": 8, "capacity_gradient": 1.0, "cap_share": 1.0}
    )
    areas = synthetic_areas(32_844)
    baseline = recovery_rng_baseline(cfg, len(areas), paths)
    start = time.perf_counter()
    recovery_case(cfg, areas, paths)()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"seconds": seconds, "baseline_seconds": baseline, "peak_mb": peak}


def _in_child(paths: int, mechanism: str = "competitive_simple") -> dict:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "simulator.bench", "neighbourhood", str(paths), mechanism],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def selected(name: str, only: str | None) -> bool:
    """Whether a case is run under ``--only``: its name contains ``only`` (any case)."""
    return not only or only.casefold() in name.casefold()


def planned_cases(quick: bool = False) -> list[tuple[str, Callable[[], Case]]]:
    """Every case as (name, function that measures it), so a selection runs only what it names."""
    scenario = Scenario()
    planned: list[tuple[str, Callable[[], Case]]] = []
    cfg = scenario.recovery_fund.model_copy(update={"cap_share": 1.0})

    def district(
        label: str, variant, target: str, competition=None, repeats: int = 3
    ) -> tuple[str, Callable[[], Case]]:
        name = f"Recovery fund, 317 districts x 2,000 draws, {label} (run and summary)"

        def measure() -> Case:
            lad = synthetic_areas(317)
            return Case(
                name,
                best_of(recovery_case(variant, lad, 2000, competition), repeats),
                target,
                None if repeats == 1 else recovery_rng_baseline(variant, 317, 2000),
            )

        return name, measure

    from simulator.scenario import CompetitionConfig
    from simulator.scenario.model import VERSION_2_COMPETITION

    # The schema-2 model (expected numbers of bids), and bids drawn as counts (measured once: a
    # run of seconds), against numpy drawing the uniforms it hashes (simulator/bench_counts.py).
    expected = CompetitionConfig.model_validate(VERSION_2_COMPETITION)
    counts_name = (
        "Recovery fund, 317 districts x 2,000 draws, competitive (organisations, bids as "
        "counts), 8 rounds (run and summary)"
    )

    def counts_case() -> Case:
        lad = synthetic_areas(317)
        counts_cfg, competition, market = bench_counts.setting(lad, 2000)
        seconds = best_of(recovery_case(counts_cfg, lad, 2000, competition), 1)
        baseline = bench_counts.rng_baseline(market, len(lad), 2000)
        return Case(counts_name, seconds, "< 100 ms (live recompute)", baseline)

    planned.append((counts_name, counts_case))
    for label, variant, target, competition in (
        ("formula", cfg, "< 50 ms (live recompute)", None),
        (
            "competitive_simple, 8 rounds",
            cfg.model_copy(
                update={"mechanism": "competitive_simple", "rounds": 8, "capacity_gradient": 1.0}
            ),
            "",
            None,
        ),
        (
            "competitive (organisations, expected counts: the schema-2 model), 8 rounds",
            cfg.model_copy(update={"mechanism": "competitive", "rounds": 8}),
            "< 100 ms (live recompute)",
            expected,
        ),
        (
            "formula with floor and cap",
            cfg.model_copy(update={"floor": 200_000.0, "cap_share": 0.01}),
            "",
            None,
        ),
    ):
        planned.append(district(label, variant, target, competition))
    paths = 1_000 if quick else 10_000

    def neighbourhood(mechanism: str, target: str) -> tuple[str, Callable[[], Case]]:
        name = f"Recovery fund, 32,844 neighbourhoods x {paths:,} draws, {mechanism}, 8 rounds, all cores"

        def measure() -> Case:
            result = _in_child(paths, mechanism)
            return Case(
                name, result["seconds"], target, result["baseline_seconds"], result["peak_mb"]
            )

        return name, measure

    planned.append(neighbourhood("competitive_simple", "ratio <= 1.5; peak memory < 1.5 GB"))
    planned.append(
        neighbourhood("competitive", "time <= the competitive_simple row; peak memory < 1.5 GB")
    )
    name = f"Recovery fund, 32,844 neighbourhoods x {paths:,} draws, competitive (bids as counts), 8 rounds, all cores"

    def neighbourhood_counts(name=name) -> Case:
        got = bench_counts.in_child(paths)
        target = "< 25 s; peak memory < 1.5 GB"
        return Case(name, got["seconds"], target, got["baseline_seconds"], got["peak_mb"])

    planned.append((name, neighbourhood_counts))
    end = scenario.endowment
    name = "Endowment, 5,000 paths x 50 years (annual, fixed rate, engine)"
    planned.append(
        (
            name,
            lambda name=name: Case(
                name,
                best_of(lambda: simulate_endowment(end, 50, 5000, 1)),
                "< 30 ms (live recompute)",
                best_of(lambda: endowment_rng(end, 5000, 50, 1)),
            ),
        )
    )
    name = "Endowment, 5,000 paths x 50 years (annual, fixed rate, run and summary)"
    planned.append(
        (
            name,
            lambda name=name: Case(
                name,
                best_of(endowment_case(end, 5000, 50, 1)),
                "",
                best_of(lambda: endowment_rng(end, 5000, 50, 1)),
            ),
        )
    )
    planned.append((MONTEPLAN_CASE, monteplan_case))
    tobin = end.model_copy(
        update={"spending_rule": "tobin", "return_model": "student_t", "inflation_persistence": 0.6}
    )
    big = 20_000 if quick else 100_000
    name = (
        f"Endowment, {big:,} paths x 50 years (annual, tobin, Student-t returns, AR(1) inflation)"
    )
    planned.append(
        (
            name,
            lambda name=name: Case(
                name,
                best_of(lambda: simulate_endowment(tobin, 50, big, 1), repeats=2),
                "ratio <= 1.3",
                best_of(lambda: endowment_rng(tobin, big, 50, 1), repeats=2),
            ),
        )
    )
    planned.append((LOAD_CASE, load_case))
    planned.append((bench_iod.LOAD_FILE7_CASE, lambda: bench_iod.load_file7_case(best_of, Case)))
    planned.append(bench_iod.per_area_case(500 if quick else 2_000, recovery_case, Case))
    planned.append((MAP_CASE, map_case))
    planned.append((COMPARE_CASE, compare_case))
    return planned


def run_benchmarks(quick: bool = False, only: str | None = None) -> list[Case]:
    """Measure every case, or only those whose name contains ``only``."""
    return [measure() for name, measure in planned_cases(quick) if selected(name, only)]


LOAD_CASE = "Load 32,844-neighbourhood File 1 + File 6 and aggregate to 317 districts"


def load_case() -> Case:
    import tempfile

    from simulator.data import load_data_source

    with tempfile.TemporaryDirectory() as tmp:
        f1, f6 = write_iod_like_files(tmp)
        return Case(
            LOAD_CASE, best_of(lambda: load_data_source(f1, population=f6, level="lad")), "< 1 s"
        )


COMPARE_CASE = "Compare 4 options (formula, £250k floor, competitive 8 rounds, targeted 20%), 317 districts x 2,000 draws, both funds"
MAP_CASE = "Hex map of 317 districts: draw and render (8 x 6 in, 100 dpi)"
MONTEPLAN_CASE = "Endowment vs monteplan: 10,000 paths x 50 years monthly, one asset, normal returns, stochastic inflation, 4% of portfolio"


def compare_case() -> Case:
    """Four district-level options compared on the same draws (simulator.analysis.compare)."""
    from simulator.analysis.compare import compare

    base = Scenario().updated("recovery_fund.cap_share", 1.0)
    options = [
        base,
        base.updated("recovery_fund.floor", 250_000.0),
        base.updated("recovery_fund.mechanism", "competitive").updated("recovery_fund.rounds", 8),
        base.updated("recovery_fund.eligible_share", 0.2)
        .updated("recovery_fund.eligibility_basis", "population")
        .updated("recovery_fund.progressivity", 1.5),
    ]
    lad = synthetic_areas(317)
    return Case(COMPARE_CASE, best_of(lambda: compare(options, lad)), "< 0.5 s")


def map_case() -> Case:
    """Drawing the 317-district hex map as the app does (figure 8 x 6 in at 100 dpi, rendered)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from simulator.data.hexmap import england_districts
    from simulator.engine import run
    from simulator.outputs.map_data import draw_results_map

    synthetic = synthetic_areas(317)
    table = synthetic.table.assign(code=list(england_districts().codes))
    scenario = Scenario().updated("simulation.paths", 200)
    results = run(scenario, Areas(table, synthetic.provenance))
    fig = Figure(figsize=(8, 6), dpi=100)
    FigureCanvasAgg(fig)

    def go():
        draw_results_map(fig, results, "allocation_per_head", highlight=table["code"].iloc[0])
        fig.canvas.draw()

    go()  # warm up fonts and colour maps, as the app has by the time a result arrives
    return Case(MAP_CASE, best_of(go, repeats=5), "< 150 ms (follows live mode)")


def endowment_case(cfg, paths: int, horizon: int, steps: int) -> Callable[[], object]:
    """An endowment run and its summary, as the app does on each recompute."""
    from simulator.engine import summarise_endowment

    scenario = Scenario().model_copy(update={"endowment": cfg})

    def go():
        return summarise_endowment(
            scenario, simulate_endowment(cfg, horizon, paths, 1, steps_per_year=steps)
        )

    return go


def endowment_rng(cfg, paths: int, horizon: int, steps: int) -> None:
    """Generate exactly the random numbers an endowment run draws, single-threaded."""
    from simulator.core.rng import Stream, chunk_bounds, standard_gamma, standard_normal

    for start, stop in chunk_bounds(paths, 64 * 1024):
        standard_normal(1, Stream.ENDOWMENT_MARKETS, start, stop, (horizon * steps, 1))
        standard_normal(1, Stream.ENDOWMENT_INFLATION, start, stop, (horizon,))
        if cfg.return_model == "student_t":
            standard_gamma(
                1,
                Stream.ENDOWMENT_TAILS,
                start,
                stop,
                (horizon * steps, 1),
                cfg.degrees_of_freedom / 2,
            )


def monteplan_case() -> Case:
    """fundsim against monteplan on the same work, engine to engine (imports done first)."""
    name = MONTEPLAN_CASE
    cfg = Scenario().endowment.model_copy(
        update={
            "spending_rate": 0.04,
            "fees": 0.0,
            "real_return_mean": 0.04,
            "real_return_vol": 0.10,
        }
    )
    mine = best_of(lambda: simulate_endowment(cfg, 50, 10_000, 1, steps_per_year=12))
    try:
        import monteplan
        from monteplan.config.schema import (
            AccountConfig,
            AssetClass,
            MarketAssumptions,
            PlanConfig,
            PolicyBundle,
            SimulationConfig,
            SpendingPolicyConfig,
        )
    except ImportError:
        return Case(
            name + " (monteplan not installed: pip install '.[bench]')", mine, ">= 10x faster"
        )
    # monteplan works in nominal terms: 4% real + 2% inflation; one working year, then 49 spending
    plan = PlanConfig(
        current_age=40,
        retirement_age=41,
        end_age=90,
        accounts=[AccountConfig(account_type="taxable", balance=cfg.initial)],
        monthly_spending=0.0,
    )
    market = MarketAssumptions(
        assets=[AssetClass(name="portfolio", weight=1.0)],
        expected_annual_returns=[0.06],
        annual_volatilities=[0.10],
        correlation_matrix=[[1.0]],
        inflation_mean=0.02,
        inflation_vol=0.01,
    )
    policies = PolicyBundle(
        spending=SpendingPolicyConfig(policy_type="percent_of_portfolio", withdrawal_rate=0.04),
        tax_model="flat",
        tax_rate=0.0,
    )
    sim = SimulationConfig(n_paths=10_000, seed=1)
    theirs = best_of(lambda: monteplan.simulate(plan, market, policies, sim), repeats=2)
    return Case(
        name,
        mine,
        f">= 10x faster: monteplan {monteplan.__version__} took {_duration(theirs)}, {theirs / mine:.1f}x as long",
        None,
    )


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


def _duration(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def as_table(cases: list[Case]) -> str:
    lines = [
        "| case | time | numpy RNG alone | ratio | peak memory | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for c in cases:
        base = _duration(c.baseline_seconds) if c.baseline_seconds else ""
        ratio = f"{c.ratio:.2f}x" if c.ratio else ""
        peak = f"{c.peak_mb:,.0f} MB" if c.peak_mb else ""
        lines.append(
            f"| {c.name} | {_duration(c.seconds)} | {base} | {ratio} | {peak} | {c.target} |"
        )
    return "\n".join(lines)


BEGIN = "<!-- bench:begin (written by fundsim bench --write PATH) -->"
END = "<!-- bench:end -->"


def write_markdown(cases: list[Case], path, only_these: bool = False) -> None:
    """Replace the results section of ``docs/benchmarks.md`` with these figures.

    With ``only_these`` (a run of some cases, ``--only``), only the rows of these cases are
    replaced (or added at the end) and every other row is kept as it was."""
    from pathlib import Path

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    old, _, tail = rest.partition(END)
    m = machine()
    table = as_table(cases)
    if only_these:
        table = _merged_table(old, table)
    body = (
        f"Python {m['python']}, numpy {m['numpy']}, {m['cpus']} CPUs, {m['platform']}.\n\n{table}\n"
    )
    path.write_text(f"{head}{BEGIN}\n{body}{END}{tail}", encoding="utf-8")


def _merged_table(old_section: str, new_table: str) -> str:
    """The old section's table with the new table's rows in place of the rows of the same case."""
    lines = new_table.splitlines()
    header, rows = lines[:2], lines[2:]
    name = lambda row: row.split("|")[1].strip()  # noqa: E731
    new = {name(row): row for row in rows}
    old_rows = [
        line
        for line in old_section.splitlines()
        if line.startswith("| ") and not line.startswith(header[0])
    ]
    merged = [new.pop(name(row), row) for row in old_rows]
    merged += [row for row in rows if name(row) in new]
    return "\n".join(header + merged)


if __name__ == "__main__":  # the child process of the neighbourhood case
    import sys

    if len(sys.argv) in (3, 4) and sys.argv[1] == "neighbourhood":
        print(json.dumps(neighbourhood_competitive(*([int(sys.argv[2])] + sys.argv[3:]))))
