"""``fundsim bench --only``: a selection of cases runs only those, and ``--write`` then replaces
only their rows of the results table."""

from __future__ import annotations

import json

from simulator import bench
from simulator.cli import main

FLOOR_AND_CAP = (
    "Recovery fund, 317 districts x 2,000 draws, formula with floor and cap (run and summary)"
)


def test_every_case_is_named_before_it_runs_and_the_names_differ():
    names = [name for name, _ in bench.planned_cases(quick=True)]
    # with the two IoD2025 cases (bench_iod.py) and the neighbourhood counts case (bench_counts.py)
    assert len(names) == len(set(names)) == 17
    assert [n for n in names if bench.selected(n, "ORGANISATIONS")] == [
        "Recovery fund, 317 districts x 2,000 draws, competitive (organisations, bids as counts), "
        "8 rounds (run and summary)",
        "Recovery fund, 317 districts x 2,000 draws, competitive (organisations, expected counts: "
        "the schema-2 model), 8 rounds (run and summary)",
    ]
    assert [n for n in names if bench.selected(n, "neighbourhoods")] == [
        "Recovery fund, 32,844 neighbourhoods x 1,000 draws, competitive_simple, 8 rounds, all cores",
        "Recovery fund, 32,844 neighbourhoods x 1,000 draws, competitive, 8 rounds, all cores",
        "Recovery fund, 32,844 neighbourhoods x 1,000 draws, competitive (bids as counts), 8 "
        "rounds, all cores",
    ]
    assert all(bench.selected(n, None) for n in names)


def test_only_measures_the_selected_cases(monkeypatch):
    ran = []
    planned = bench.planned_cases

    def watched(quick=False):
        return [
            (name, lambda name=name, measure=measure: ran.append(name) or measure())
            for name, measure in planned(quick)
        ]

    monkeypatch.setattr(bench, "planned_cases", watched)
    cases = bench.run_benchmarks(quick=True, only="floor and cap")
    assert ran == [FLOOR_AND_CAP]
    assert [c.name for c in cases] == [FLOOR_AND_CAP]
    assert cases[0].seconds > 0 and cases[0].baseline_seconds > 0


def test_cli_only_prints_just_those_cases(capsys):
    assert main(["bench", "--only", "floor and cap", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in out["cases"]] == [FLOOR_AND_CAP]


def test_write_with_only_replaces_just_those_rows(tmp_path):
    doc = tmp_path / "benchmarks.md"
    old = bench.as_table(
        [bench.Case("Case A", 1.0, "< 2 s"), bench.Case("Case B", 2.0, "< 3 s", 1.0)]
    )
    doc.write_text(
        f"# Benchmarks\n\n{bench.BEGIN}\nmachine\n\n{old}\n{bench.END}\n\nNotes.\n",
        encoding="utf-8",
    )
    bench.write_markdown(
        [bench.Case("Case B", 0.5, "< 3 s", 0.25), bench.Case("Case C", 0.004, "")],
        doc,
        only_these=True,
    )
    text = doc.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| Case")]
    assert rows == [
        "| Case A | 1.00 s |  |  |  | < 2 s |",
        "| Case B | 500.0 ms | 250.0 ms | 2.00x |  | < 3 s |",
        "| Case C | 4.0 ms |  |  |  |  |",
    ]
    assert text.count("| case | time |") == 1 and text.endswith("\n\nNotes.\n")
    bench.write_markdown([bench.Case("Case C", 0.004, "")], doc)  # without --only: the whole table
    assert [
        line for line in doc.read_text(encoding="utf-8").splitlines() if line.startswith("| Case")
    ] == ["| Case C | 4.0 ms |  |  |  |  |"]
