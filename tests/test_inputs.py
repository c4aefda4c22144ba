"""Inputs that make no sense are errors, not numbers (issue 10): negative need, NaN and
infinities in scenarios and data, decimal commas, and indicators that run the wrong way."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import load_scenario, run
from simulator.core.errors import FundsimError
from simulator.data import load_data_source
from simulator.recovery.run import allocation_draws
from tests.conftest import write

HEADER = "code,name,population,score,need\n"


def table(tmp_path, rows: str, name: str = "areas.csv"):
    return write(tmp_path / name, HEADER + rows)


def test_negative_need_is_an_error_naming_the_area(tmp_path, scenario):
    path = table(tmp_path, "A1,Alpha,1000,10,1\nA2,Beta,2000,-3.5,2\nA3,Gamma,1500,20,3\n")
    areas = load_data_source(path)
    cfg = scenario.recovery_fund.model_copy(update={"cap_share": 1.0})
    # old code: Beta was allocated a negative number of pounds and the run succeeded
    with pytest.raises(
        FundsimError,
        match=r"recovery_fund.need_indicator is 'score', but its value for area A2 \(Beta\) is negative: -3.5",
    ):
        allocation_draws(cfg, areas, 4, 1)
    # a column that is fine works, and every area gets its closed-form share
    ok = cfg.model_copy(update={"need_indicator": "need", "indicator_uncertainty": 0.0})
    draws = allocation_draws(ok, areas, 2, 1)
    w = np.array([1000 * 1, 2000 * 2, 1500 * 3.0])
    np.testing.assert_allclose(draws[0], 475e6 * w / w.sum(), rtol=1e-13)


@pytest.mark.parametrize("bad", ["inf", "-inf", "nan", "NaN", "Infinity"])
def test_non_finite_numbers_in_a_data_file_are_errors_with_their_row(tmp_path, bad):
    path = table(tmp_path, f"A1,Alpha,1000,10,1\nA2,Beta,2000,12,{bad}\nA3,Gamma,1500,20,3\n")
    # old code: "inf" became an indicator worth infinity (and "nan" a text column)
    with pytest.raises(
        FundsimError, match=rf"areas.csv, row 3, column 'need': is not a finite number: '{bad}'"
    ):
        load_data_source(path)
    path = table(tmp_path, f"A1,Alpha,1000,{bad},1\nA2,Beta,2000,12,2\n", "b.csv")
    with pytest.raises(FundsimError, match=r"b.csv, row 2, column 'score': is not a finite number"):
        load_data_source(path)


def test_decimal_comma_is_an_error_and_thousands_still_read(tmp_path):
    path = table(tmp_path, 'A1,Alpha,"1,296",10,"20,5"\nA2,Beta,"12,345,678",12.5,"1,000.25"\n')
    with pytest.raises(
        FundsimError,
        match=r"row 2, column 'need': has a comma that is not a thousands separator: '20,5'",
    ):
        load_data_source(path)  # old code: read as 205
    path = table(
        tmp_path, 'A1,Alpha,"1,296",10,"20.5"\nA2,Beta,"12,345,678",12.5,"1,000.25"\n', "ok.csv"
    )
    t = load_data_source(path).table.set_index("code")
    assert t.loc["A1", "population"] == 1296 and t.loc["A2", "population"] == 12_345_678
    assert t.loc["A2", "need"] == 1000.25 and t.loc["A1", "need"] == 20.5
    for bad in ('"1,29"', '"12,3456"', '"2,5,000"'):
        path = table(tmp_path, f"A1,Alpha,{bad},10,1\n", "c.csv")
        with pytest.raises(
            FundsimError, match="column 'population': has a comma that is not a thousands separator"
        ):
            load_data_source(path)


def test_text_columns_stay_text(tmp_path):
    path = write(
        tmp_path / "t.csv",
        "code,name,population,score,kind\nA1,Alpha,1000,10,coastal\nA2,Beta,2000,12,rural\n",
    )
    areas = load_data_source(path)
    assert areas.table["kind"].tolist() == ["coastal", "rural"] and "kind" not in areas.indicators()


@pytest.mark.parametrize(
    "key,value",
    [
        ("recovery_fund.total", "inf"),
        ("endowment.initial", "nan"),
        ("recovery_fund.cap", "-inf"),
        ("endowment.real_return_vol", "inf"),
    ],
)
def test_nan_and_infinity_in_a_scenario_are_errors(tmp_path, preset_path, key, value):
    text = preset_path.read_text(encoding="utf-8")
    section, name = key.split(".")
    lines = text.splitlines()
    inside, done = False, False
    for i, line in enumerate(lines):
        if line.strip().startswith("["):
            inside = line.strip() == f"[{section}]"
            if inside and not done:
                lines.insert(i + 1, f"{name} = {value}")
                done = True
                break
    # drop any earlier definition of the key in that section
    out, inside = [], False
    for line in lines:
        if line.strip().startswith("["):
            inside = line.strip() == f"[{section}]"
        if inside and line.split("=")[0].strip() == name and line.strip() != f"{name} = {value}":
            continue
        out.append(line)
    path = write(tmp_path / "s.toml", "\n".join(out) + "\n")
    # old code: total = inf ran with exit 0 and wrote nulls
    with pytest.raises(
        FundsimError, match=rf"{key} must be a finite number, got {value.lstrip('+')}"
    ):
        load_scenario(path)


def test_nan_from_the_command_line_exits_2(tmp_path, preset_path, capsys):
    from simulator.cli import main

    code = main(
        [
            "run",
            str(preset_path),
            "--set",
            "recovery_fund.total=inf",
            "--paths",
            "10",
            "--out",
            str(tmp_path / "r.json"),
        ]
    )
    assert code == 2
    assert "recovery_fund.total must be a finite number" in capsys.readouterr().err


def test_local_concentration_is_refused_as_need_with_the_reason(tmp_path, scenario):
    path = write(
        tmp_path / "lc.csv",
        "code,name,population,score,local concentration\nE06000009,Blackpool,139446,45.0,4000.2\nE06000041,Wokingham,171119,5.8,31000.5\n",
    )
    areas = load_data_source(path)
    assert "local_concentration" not in areas.indicators()
    cfg = scenario.recovery_fund.model_copy(
        update={"need_indicator": "local_concentration", "cap_share": 1.0}
    )
    # old code: Blackpool, the most deprived, got almost nothing per head and Wokingham the most
    with pytest.raises(
        FundsimError,
        match="runs the wrong way for need: it is a rank or an average of ranks.*use a score",
    ):
        allocation_draws(cfg, areas, 2, 1)
    s = scenario.model_copy(
        update={"recovery_fund": cfg.model_copy(update={"need_indicator": "score"})}
    )
    s = s.updated("simulation.paths", 20)
    res = run(s, areas)
    per_head = res.recovery.table.set_index("code")["per_capita"]
    assert per_head["E06000009"] > per_head["E06000041"]


def test_rank_exponential_need_is_warned_about_and_scores_preferred(tmp_path, scenario):
    rows = "A1,Alpha,1000,{s}80\nA2,Beta,2000,{s}40\nA3,Gamma,1500,{s}5\n"
    both = write(
        tmp_path / "both.csv",
        "code,name,population,score,rank_exponential\n" + rows.format(s="30,"),
    )
    s = scenario.updated("simulation.paths", 10).updated("recovery_fund.cap_share", 1.0)
    s = s.updated("recovery_fund.need_indicator", "rank_exponential")
    res = run(s, load_data_source(both))
    (warning,) = [w for w in res.warnings if "rank_exponential" in w]
    assert (
        "different scale from the published IMD average score" in warning
        and "which are preferred" in warning
    )
    assert not [
        w
        for w in run(
            s.updated("recovery_fund.need_indicator", "score"), load_data_source(both)
        ).warnings
        if "rank_exponential" in w
    ]


def test_ranks_only_file_says_where_scores_are(tmp_path):
    from tests.test_iod2019 import LSOA_HEADER, POP_HEADER, lsoa_rows, pop_rows

    data = write(tmp_path / "f1.csv", LSOA_HEADER + lsoa_rows(3))
    pop = write(tmp_path / "f6.csv", POP_HEADER + pop_rows([f"E0100000{i}" for i in range(3)]))
    areas = load_data_source(data, population=pop)
    with pytest.raises(FundsimError, match="ranks but no scores: IoD2019 File 5 or File 7"):
        areas.indicator("score")


def test_real_rank_exponential_is_on_another_scale_from_the_published_score(shared_iod, scenario):
    """The figures the warning and docs quote: district averages of rank_exponential are 0.47 to
    1.17 times the published population-weighted IMD score."""
    import pandas as pd

    areas = load_data_source(
        shared_iod / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
        population=shared_iod / "File_6_-_IoD2019_Population_Denominators.csv",
        level="lad",
    )
    published = pd.read_csv(shared_iod / "lad_imd2019_population_weighted_scores.csv").set_index(
        "LAD19CD"
    )["Score"]
    table = areas.table.set_index("code")
    ratio = table["rank_exponential"] / published.reindex(table.index)
    assert ratio.min() == pytest.approx(0.47, abs=0.005) and ratio.max() == pytest.approx(
        1.17, abs=0.005
    )
    s = scenario.updated("simulation.paths", 10).updated(
        "recovery_fund.need_indicator", "rank_exponential"
    )
    res = run(s.updated("recovery_fund.cap_share", 1.0), areas)
    assert any("these data have no IMD scores" in w for w in res.warnings)


def test_an_error_crossing_a_process_keeps_where_it_is():
    """Errors raised on a Dask worker come back pickled: the field, file and row must survive, so
    the app can still outline the field and the CLI still names the place."""
    import pickle

    from simulator.core.errors import FundsimError

    error = FundsimError(
        "must be at most 1, got 1.5",
        file="areas.csv",
        field="recovery_fund.cap_share",
        row=7,
        column="score",
        problems=[("recovery_fund.cap_share", "must be at most 1, got 1.5")],
    )
    back = pickle.loads(pickle.dumps(error))
    assert (back.field, back.file, back.row, back.column) == (
        "recovery_fund.cap_share",
        "areas.csv",
        7,
        "score",
    )
    assert back.problems == error.problems and str(back) == str(error)
