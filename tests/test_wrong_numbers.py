"""Values that cannot be meant are refused, and a run whose pounds do not add up fails loudly
(issue 26, class 6): nothing ends with exit 0 and a silently wrong number."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator.cli import main
from simulator.core.errors import FundsimError
from simulator.core.money import MoneyIdentityError, check_identity, format_money
from simulator.scenario import load_scenario
from tests.conftest import PRESET


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error: ") and "\n" not in err and "Traceback" not in err, err
    return err


def areas_csv(tmp_path, rows, name="areas.csv"):
    path = tmp_path / name
    path.write_text(
        "code,name,population,score\n"
        + "".join(f"A{i},Area {i},{p},{s}\n" for i, (p, s) in enumerate(rows)),
        encoding="utf-8",
    )
    return path


def run(tmp_path, *extra):
    out = tmp_path / "o.json"
    return main(["run", str(PRESET), "--paths", "20", *extra, "--out", str(out)]), out


@pytest.mark.parametrize(
    "rows,message",
    [
        ([(100, 0), (200, 0), (300, 0)], "is 0 for every area"),
        ([(100, 1e-320), (200, 2e-320), (300, 3e-320)], "need value of 1e-320"),
        ([(100, 1e308), (200, 2), (300, 3)], "need value of 1e+308"),
        ([(1e308, 1), (200, 2), (300, 3)], "population is 1e+308"),
    ],
)
def test_data_no_formula_can_share_by_are_refused(tmp_path, capsys, rows, message):
    code, out = run(tmp_path, "--data", str(areas_csv(tmp_path, rows)))
    assert code == 2 and message in one_line(capsys)
    assert not out.exists()


def test_zero_need_with_money_per_head_still_pays_every_area(tmp_path, capsys):
    """Progressivity 0 shares by population alone: zero scores are fine, and the JSON's
    awarded money is what the areas got."""
    data = areas_csv(tmp_path, [(100, 0), (200, 0), (300, 0)])
    code, out = run(
        tmp_path,
        "--data",
        str(data),
        "--set",
        "recovery_fund.progressivity=0",
        "--set",
        "recovery_fund.cap_share=1",
        "--set",
        "recovery_fund.eligible_share=1",
    )
    assert code == 0, capsys.readouterr().err
    doc = json.loads(out.read_text(encoding="utf-8"))
    rec = doc["recovery_fund"]
    means = [a["mean"] for a in rec["areas"]]
    assert sum(means) == pytest.approx(rec["awarded"]["mean"], rel=1e-9)
    assert means == pytest.approx([x * rec["distributed"] / 600 for x in (100, 200, 300)])


@pytest.mark.parametrize(
    "setting,message",
    [
        ("recovery_fund.total=1.7e308", "recovery_fund.total must be <="),
        ("simulation.paths=true", "simulation.paths must be a number, got true"),
        ('simulation.paths="2000"', "simulation.paths must be a number, got '2000'"),
        ("recovery_fund.floor=1e300", "recovery_fund.floor must be <="),
    ],
)
def test_values_that_cannot_be_meant_are_refused(tmp_path, capsys, setting, message):
    code, out = run(tmp_path, "--set", setting)
    assert code == 2 and message in one_line(capsys)


def test_strict_types_in_a_scenario_file(tmp_path):
    for line, message in [("paths = true", "got true"), ('paths = "2000"', "got '2000'")]:
        path = tmp_path / "s.toml"
        path.write_text(
            PRESET.read_text(encoding="utf-8").replace("paths = 2000", line), encoding="utf-8"
        )
        with pytest.raises(FundsimError, match=f"simulation.paths must be a number, {message}"):
            load_scenario(path)
    # a whole number written with a decimal point is still the number meant
    path.write_text(
        PRESET.read_text(encoding="utf-8").replace("paths = 2000", "paths = 2000.0"),
        encoding="utf-8",
    )
    assert load_scenario(path).simulation.paths == 2000


def test_the_money_identities_fail_loudly():
    check_identity("x", 100.0, 100.00001, 1e6)
    with pytest.raises(MoneyIdentityError, match="awarded \\+ unspent = distributed"):
        check_identity("awarded + unspent = distributed", 475e6, 0.0, 475e6)
    with pytest.raises(MoneyIdentityError, match="areas"):
        check_identity("the areas' allocations add up to the money awarded", np.nan, 1.0, 1.0)


def test_a_run_whose_areas_do_not_add_up_is_not_written(tmp_path, monkeypatch, capsys):
    """The identity is checked on every run: a run whose per-area sums disagree with the money
    awarded (as all-zero scores once gave) raises instead of writing its JSON."""
    from simulator.recovery import run as recovery_run

    real = recovery_run.RecoveryRun.mean
    monkeypatch.setattr(recovery_run.RecoveryRun, "mean", property(lambda r: real.fget(r) * 0))
    code, out = run(tmp_path)
    err = one_line(capsys)
    assert code == 2 and "the areas' allocations add up to the money awarded" in err
    assert not out.exists()


def test_huge_money_prints_readably():
    assert format_money(1e300) == "£1.00e+300"
    assert format_money(2.5e9) == "£2.5bn"


@pytest.mark.parametrize("threshold", ["nan", "inf", "-1"])
def test_compare_threshold_must_be_a_finite_number(tmp_path, capsys, threshold):
    code = main(
        [
            "compare",
            str(PRESET),
            str(PRESET),
            "--threshold",
            threshold,
            "--out",
            str(tmp_path / "c.json"),
        ]
    )
    assert code == 2 and "--threshold must be >= 0 pounds per head (a finite number)" in one_line(
        capsys
    )


def test_map_against_a_baseline_on_other_data_is_checked_like_compare(tmp_path, capsys):
    data = areas_csv(tmp_path, [(100, 1), (200, 2), (300, 3)])
    other = tmp_path / "other.toml"
    other.write_text(
        PRESET.read_text(encoding="utf-8")
        .replace('source = "builtin:workshop"', f"source = {json.dumps(str(data))}")
        .replace('name = "Kruger report as proposed"', 'name = "Other data"'),
        encoding="utf-8",
    )
    args = ["--paths", "20"]
    map_code = main(
        ["map", str(other), "--baseline", str(PRESET), "--measure", "change", *args]
        + ["--out", str(tmp_path / "m.png")]
    )
    map_err = capsys.readouterr().err
    compare_code = main(
        ["compare", str(PRESET), str(other), *args, "--out", str(tmp_path / "c.json")]
    )
    compare_err = capsys.readouterr().err
    assert compare_code == 2 and map_code == 2, map_err
    # the same refusal, from the same check
    assert map_err.split(":", 2)[-1][:40] == compare_err.split(":", 2)[-1][:40]
    assert not (tmp_path / "m.png").exists()


@pytest.mark.parametrize(
    "vary,message",
    [
        ("recovery_fund.rounds=1.2:1.8", "takes whole numbers"),
        ("recovery_fund.rounds=3:2", "LOW must be below HIGH"),
        ("endowment.spending_rate=0.04:0.04", "LOW must be below HIGH"),
    ],
)
def test_solve_ranges_must_be_meant(tmp_path, capsys, vary, message):
    code = main(
        [
            "solve",
            str(PRESET),
            "--vary",
            vary,
            "--metric",
            "endowment.prob_real_value_preserved",
            "--target",
            "0.5",
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 2 and message in one_line(capsys)


@pytest.mark.parametrize(
    "option,value,message",
    [
        ("--target", "nan", "--target must be a finite number"),
        ("--target", "inf", "--target must be a finite number"),
        ("--tolerance", "nan", "--tolerance must be a finite number above 0"),
    ],
)
def test_solve_target_and_tolerance_are_refused_up_front(tmp_path, capsys, option, value, message):
    extra = [option, value] + (["--target", "0.5"] if option != "--target" else [])
    code = main(
        [
            "solve",
            str(PRESET),
            "--vary",
            "endowment.spending_rate=0.02:0.08",
            "--metric",
            "endowment.prob_real_value_preserved",
            *extra,
            "--paths",
            "1000000",  # would take minutes: the refusal comes before any run
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 2 and message in one_line(capsys)


@pytest.mark.parametrize(
    "command,vary,message",
    [
        ("sweep", "recovery_fund.rounds=1.5:4:3", "takes whole numbers"),
        ("sweep", "endowment.fees=0.01:0.01:5", "the range is empty"),
        ("sensitivity", "endowment.fees=0.01,0.01", "the range is empty"),
        ("sensitivity", "recovery_fund.rounds=1.2,1.8", "takes whole numbers"),
    ],
)
def test_sweep_and_tornado_ranges_must_be_meant(tmp_path, capsys, command, vary, message):
    code = main(
        [
            command,
            str(PRESET),
            "--vary",
            vary,
            "--metric",
            "endowment.prob_real_value_preserved",
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 2 and message in one_line(capsys)
