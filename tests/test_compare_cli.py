"""``fundsim compare``: the documented outputs, the same bytes for the same inputs, clear errors."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from simulator.cli import main
from tests.conftest import REPO

PRESETS = [
    REPO / "scenarios" / f"{n}.toml"
    for n in ("kruger-as-proposed", "competitive-rounds", "targeted-most-deprived")
]


def run(*args) -> int:
    return main(["compare", *map(str, args)])


def test_json_holds_options_metrics_and_areas_and_is_byte_identical(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(*PRESETS, "--paths", "300", "--out", first) == 0
    assert run(*PRESETS, "--paths", "300", "--out", second) == 0
    assert first.read_bytes() == second.read_bytes()
    d = json.loads(first.read_text(encoding="utf-8"))
    assert [o["name"] for o in d["options"]] == [
        "Kruger report as proposed",
        "Competitive bidding in eight rounds (simple model)",
        "Targeted at the most deprived 20% by population",
    ]
    assert d["options"][1]["file"].endswith("competitive-rounds.toml")
    assert d["paths"] == 300 and d["seed"] == 2020
    unspent = next(m for m in d["metrics"] if m["name"] == "recovery_fund.unspent")
    for key in ("values", "difference_mean", "difference_p5", "difference_p95", "difference_se"):
        assert len(unspent[key]) == 3
    # a formula spends everything; a competition leaves money unawarded in some draws
    assert unspent["values"][0] == 0 and unspent["values"][1] > 0
    assert unspent["difference_mean"][1] == pytest.approx(
        unspent["values"][1] - unspent["values"][0]
    )
    assert (
        unspent["difference_p5"][1] <= unspent["difference_mean"][1] <= unspent["difference_p95"][1]
    )
    area = d["areas"][0]
    assert set(area) >= {
        "code",
        "name",
        "mean",
        "change_mean",
        "change_p5",
        "change_p95",
        "prob_gain",
    }
    # every option shares out the same money: changes add up to the difference in money awarded
    awarded = next(m for m in d["metrics"] if m["name"] == "recovery_fund.awarded")
    assert sum(a["change_mean"][2] for a in d["areas"]) == pytest.approx(
        awarded["difference_mean"][2], abs=1.0
    )
    assert sum(a["mean"][0] for a in d["areas"]) == pytest.approx(500e6 * 0.95, rel=1e-12)


def test_csv_is_the_exemplification_table_and_xlsx_has_native_charts(tmp_path):
    out = tmp_path / "c.csv"
    assert run(*PRESETS[:2], "--paths", "200", "--out", out) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 296  # the presets run on England's districts
    for r in rows:
        assert float(r["B_change"]) == pytest.approx(
            float(r["B_mean"]) - float(r["A_mean"]), rel=1e-9, abs=1e-3
        )
        assert float(r["B_change_per_head"]) == pytest.approx(
            float(r["B_change"]) / float(r["population"]), rel=1e-9
        )
        assert 0 <= float(r["B_prob_gain"]) <= 1
    xlsx = tmp_path / "c.xlsx"
    again = tmp_path / "d.xlsx"
    assert run(*PRESETS, "--paths", "200", "--out", xlsx) == 0
    assert run(*PRESETS, "--paths", "200", "--out", again) == 0
    assert xlsx.read_bytes() == again.read_bytes()
    wb = load_workbook(xlsx)
    assert wb.sheetnames[:7] == [
        "Cover",
        "Contents",
        "Notes",
        "Comparison",
        "Options",
        "Charts",
        "Areas",
    ]
    assert len(wb["Charts"]._charts) == 4  # B and C against A, the endowment, winners and losers
    header = [c.value for c in wb["Areas"][1]]
    assert header[:4] == ["code", "name", "population", "A £ (mean)"] and "B change £" in header


def test_bad_inputs_exit_2_with_one_line(tmp_path, capsys):
    assert run(PRESETS[0], "--out", tmp_path / "x.json") == 2
    assert "2 to 4" in capsys.readouterr().err
    assert run(PRESETS[0], tmp_path / "missing.toml", "--out", tmp_path / "x.json") == 2
    assert "missing.toml" in capsys.readouterr().err
    assert run(*PRESETS[:2], "--out", tmp_path / "x.txt") == 2
    assert not (tmp_path / "x.json").exists()


def test_an_option_that_cannot_run_is_named_by_its_file(tmp_path, capsys):
    """Three options, the second impossible (a floor larger than the fund can pay): the one line
    names that option's file, and speaks of floor_per_head only when it is used."""
    from tests.conftest import write

    base = (REPO / "scenarios" / "kruger-as-proposed.toml").read_text(encoding="utf-8")
    impossible = write(
        tmp_path / "impossible.toml", base.replace("floor = 0.0", "floor = 100_000_000.0")
    )
    assert "floor = 100_000_000.0" in impossible.read_text(encoding="utf-8")
    third = REPO / "scenarios" / "targeted-most-deprived.toml"
    assert (
        main(
            [
                "compare",
                str(REPO / "scenarios" / "kruger-as-proposed.toml"),
                str(impossible),
                str(third),
                "--paths",
                "100",
                "--out",
                str(tmp_path / "c.json"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error:") and "\n" not in err
    # £100m for each of England's 296 districts
    assert (
        "option B (impossible.toml): recovery_fund.floor needs £29.6bn for the 296 eligible areas"
        in err
    )
    assert "floor_per_head" not in err and not (tmp_path / "c.json").exists()
