"""Importers against the real published IoD2019 files in ../shared (skipped when absent),
and against a File 10 workbook built here with the official layout."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from simulator.cli import main
from simulator.core.errors import FundsimError
from simulator.data import IOD_ATTRIBUTION, load_data_source
from simulator.data.iod2019 import extent_weights, rank_exponential
from tests.conftest import write

FILE1 = "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"
FILE2 = "File_2_-_IoD2019_Domains_of_Deprivation.csv"
FILE6 = "File_6_-_IoD2019_Population_Denominators.csv"
LAD_TABLE = "lad_imd2019_population_weighted_scores.csv"

FILE10_HEADERS = [
    "Local Authority District code (2019)",
    "Local Authority District name (2019)",
    "IMD - Average rank ",
    "IMD - Rank of average rank ",
    "IMD - Average score ",
    "IMD - Rank of average score ",
    "IMD - Proportion of LSOAs in most deprived 10% nationally ",
    "IMD - Rank of proportion of LSOAs in most deprived 10% nationally ",
    "IMD 2019 - Extent ",
    "IMD 2019 - Rank of extent ",
    "IMD 2019 - Local concentration ",
    "IMD 2019 - Rank of local concentration ",
]


def file10(path, rows, sheet="IMD"):
    """A workbook with the official File 10 layout: a Notes sheet first, data on 'IMD'."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["English Indices of Deprivation 2019: Local Authority District Summaries"])
    data = wb.create_sheet(sheet)
    data.append(FILE10_HEADERS)
    for row in rows:
        data.append(row)
    wb.save(path)
    return path


FILE10_ROWS = [
    ["E06000009", "Blackpool", 26000.5, 3, 45.039, 1, 0.415, 4, 0.577, 1, 4000.2, 7],
    ["E08000003", "Manchester", 25000.1, 7, 40.005, 2, 0.431, 3, 0.533, 2, 1000.0, 3],
    ["E07000089", "Hart", 29800.0, 317, 5.4, 317, 0.0, 303, 0.0, 303, 31000.0, 317],
    ["E09000033", "Westminster", 18000.0, 120, 20.0, 130, 0.01, 200, 0.05, 190, 5000.0, 90],
]


# ---------------------------------------------------------------- real files


def test_neighbourhood_file_with_population_file(shared_iod):
    areas = load_data_source(shared_iod / FILE1, population=shared_iod / FILE6)
    assert len(areas) == 32_844
    assert areas.provenance.level == "lsoa"
    raw6 = pd.read_csv(shared_iod / FILE6, thousands=",", encoding="utf-8-sig")
    assert areas.population.sum() == raw6.iloc[:, 4].sum()
    assert (
        areas.table.loc[areas.table["code"] == "E01000001", "population"].item() == 1296
    )  # "1,296" in the file
    assert set(areas.indicators()) == {"rank_exponential"}
    exp = areas.indicator("rank_exponential")
    assert exp.max() == pytest.approx(100.0) and exp.min() == pytest.approx(0.0, abs=0.01)
    assert areas.provenance.attribution == IOD_ATTRIBUTION
    assert [f.role for f in areas.provenance.files] == ["areas", "population"]
    assert all(len(f.sha256) == 64 and f.rows == 32_844 for f in areas.provenance.files)


def test_aggregation_to_317_districts_matches_published_figures(shared_iod):
    areas = load_data_source(shared_iod / FILE1, population=shared_iod / FILE6, level="lad")
    assert len(areas) == 317 and areas.provenance.level == "lad"
    raw6 = pd.read_csv(shared_iod / FILE6, thousands=",", encoding="utf-8-sig")
    assert areas.population.sum() == raw6.iloc[:, 4].sum()
    published = pd.read_csv(shared_iod / LAD_TABLE).set_index("LAD19CD")
    mine = areas.table.set_index("code").loc[published.index]
    np.testing.assert_allclose(mine["prop_most_deprived_10"], published["Proportion"], atol=1e-12)
    np.testing.assert_allclose(mine["extent"], published["Extent"], atol=1e-12)
    assert mine["lsoas"].sum() == 32_844
    types = areas.table.set_index("code")["authority_type"]
    assert types["E06000009"] == "Unitary authority" and types["E09000033"] == "London borough"
    assert types.value_counts().to_dict() == {
        "Non-metropolitan district": 192,
        "Unitary authority": 56,
        "Metropolitan district": 36,
        "London borough": 33,
    }


def test_district_scores_with_population_joined_from_neighbourhoods(shared_iod):
    areas = load_data_source(shared_iod / LAD_TABLE, population=shared_iod / FILE6)
    assert len(areas) == 317 and areas.provenance.level == "lad"
    top = areas.table.sort_values("score", ascending=False).iloc[0]
    assert top["code"] == "E06000009"  # Blackpool: the most deprived district by average score
    raw6 = pd.read_csv(shared_iod / FILE6, thousands=",", encoding="utf-8-sig")
    assert areas.population.sum() == raw6.iloc[:, 4].sum()
    blackpool = raw6[raw6.iloc[:, 2] == "E06000009"].iloc[:, 4].sum()
    assert top["population"] == blackpool
    assert set(areas.indicators()) >= {"score", "prop_most_deprived_10", "extent"}


def test_population_measures(shared_iod):
    total = load_data_source(shared_iod / FILE2, population=shared_iod / FILE6, level="lad")
    kids = load_data_source(
        shared_iod / FILE2,
        population=shared_iod / FILE6,
        level="lad",
        population_measure="children",
    )
    assert kids.population.sum() < 0.3 * total.population.sum()
    # extent stays weighted by total population, as published, whatever the measure
    np.testing.assert_allclose(kids.indicator("extent"), total.indicator("extent"))


def test_population_measure_the_file_lacks(tmp_path, shared_iod):
    pop = write(tmp_path / "mine.csv", "code,population\nE06000009,100\n")
    with pytest.raises(
        FundsimError,
        match="data.population_measure is 'older', but the population file mine.csv has a single population column",
    ):
        load_data_source(shared_iod / LAD_TABLE, population=pop, population_measure="older")


def test_fundsim_run_at_both_levels_on_the_shared_files(shared_iod, tmp_path, preset_path):
    for level, count in (("lad", 317), ("lsoa", 32_844)):
        out = tmp_path / f"{level}.json"
        code = main(
            [
                "run",
                str(preset_path),
                "--data",
                str(shared_iod / FILE1),
                "--population",
                str(shared_iod / FILE6),
                "--level",
                level,
                "--set",
                "recovery_fund.need_indicator=rank_exponential",
                "--set",
                "recovery_fund.cap_share=1.0",
                "--paths",
                "64",
                "--out",
                str(out),
            ]
        )
        assert code == 0
        d = json.loads(out.read_text(encoding="utf-8"))
        assert len(d["recovery_fund"]["areas"]) == count
        assert d["data"]["level"] == level
        assert d["data"]["attribution"] == IOD_ATTRIBUTION
        assert {f["name"] for f in d["data"]["files"]} == {FILE1, FILE6}
        total = sum(a["mean"] for a in d["recovery_fund"]["areas"])
        assert total == pytest.approx(d["recovery_fund"]["distributed"], rel=1e-9)
        assert d["scenario"]["data"]["level"] == level


# ---------------------------------------------------------------- File 10 layout


def test_file10_workbook_imports_unchanged(tmp_path):
    path = file10(
        tmp_path / "File_10_-_IoD2019_Local_Authority_District_Summaries.xlsx", FILE10_ROWS
    )
    pop = write(
        tmp_path / "pop.csv",
        'code,population\nE06000009,"139,446"\nE08000003,"547,627"\nE07000089,"96,293"\nE09000033,"261,317"\n',
    )
    areas = load_data_source(path, population=pop)
    assert areas.provenance.level == "lad"
    t = areas.table.set_index("code")
    assert t.loc["E06000009", "name"] == "Blackpool"
    assert t.loc["E06000009", "score"] == 45.039
    assert t.loc["E08000003", "prop_most_deprived_10"] == 0.431
    assert t.loc["E06000009", "extent"] == 0.577
    assert t.loc["E06000009", "local_concentration"] == 4000.2
    assert t.loc["E06000009", "rank_of_avg_score"] == 1
    assert t.loc["E06000009", "population"] == 139_446
    # local concentration is an average of ranks (lower = more deprived): not a need indicator
    assert set(areas.indicators()) == {"score", "prop_most_deprived_10", "extent"}
    assert areas.provenance.attribution == IOD_ATTRIBUTION
    assert t.loc["E07000089", "authority_type"] == "Non-metropolitan district"


def test_file10_without_population_says_how_to_add_it(tmp_path):
    path = file10(tmp_path / "f10.xlsx", FILE10_ROWS)
    with pytest.raises(FundsimError) as err:
        load_data_source(path)
    assert "f10.xlsx, sheet 'IMD', row 1: has no population column" in str(err.value)
    assert "File 6" in str(err.value)


def test_file10_at_neighbourhood_level_is_refused(tmp_path):
    path = file10(tmp_path / "f10.xlsx", FILE10_ROWS)
    pop = write(tmp_path / "pop.csv", "code,population\nE06000009,1\n")
    with pytest.raises(FundsimError, match="data.level is 'lsoa', but f10.xlsx holds districts"):
        load_data_source(path, population=pop, level="lsoa")


def test_workbook_without_the_imd_sheet(tmp_path):
    path = file10(tmp_path / "f10.xlsx", FILE10_ROWS, sheet="Data")
    wb = Workbook()
    wb.active.title = "Notes"
    wb.create_sheet("Income")
    wb.save(tmp_path / "broken.xlsx")
    with pytest.raises(
        FundsimError,
        match=r"broken.xlsx: looks like an IoD2019 or IoD2025 summary workbook but has no sheet named 'IMD' \(sheets: Notes, Income\)",
    ):
        load_data_source(tmp_path / "broken.xlsx")
    # a workbook whose data sit on another sheet with a recognisable header is still read
    pop = write(
        tmp_path / "pop.csv",
        "code,population\nE06000009,10\nE08000003,10\nE07000089,10\nE09000033,10\n",
    )
    assert len(load_data_source(path, population=pop)) == 4


def test_not_a_workbook(tmp_path):
    path = write(tmp_path / "fake.xlsx", "this is not a zip file")
    with pytest.raises(FundsimError, match="fake.xlsx: is not a readable Excel workbook"):
        load_data_source(path)


def test_bad_value_in_a_workbook_names_sheet_row_and_column(tmp_path):
    rows = [list(r) for r in FILE10_ROWS]
    rows[2][4] = "n/a"
    path = file10(tmp_path / "f10.xlsx", rows)
    pop = write(tmp_path / "pop.csv", "code,population\nE06000009,1\n")
    with pytest.raises(FundsimError) as err:
        load_data_source(path, population=pop)
    assert (
        str(err.value)
        == "f10.xlsx, sheet 'IMD', row 4, column 'IMD - Average score ': is not a number: 'n/a'"
    )


# ---------------------------------------------------------------- bad input, neighbourhood-style


LSOA_HEADER = '\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),"Index of Multiple Deprivation (IMD) Rank",Index of Multiple Deprivation (IMD) Decile\n'
POP_HEADER = "\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Total population: mid 2015 (excluding prisoners),Dependent Children aged 0-15: mid 2015 (excluding prisoners),Population aged 16-59: mid 2015 (excluding prisoners),Older population aged 60 and over: mid 2015 (excluding prisoners),Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)\n"


def lsoa_rows(n=6):
    return "".join(
        f'E0100000{i},Town 00{i}A,E0800000{i % 2},Town{i % 2},"{(i + 1) * 1000:,}",{i + 1}\n'
        for i in range(n)
    )


def pop_rows(codes, value='"1,500"'):
    return "".join(f"{c},x,E08000000,Town,{value},300,900,300,800\n" for c in codes)


def test_population_codes_that_match_no_area_and_areas_without_population(tmp_path):
    data = write(tmp_path / "f1.csv", LSOA_HEADER + lsoa_rows(6))
    codes = [f"E0100000{i}" for i in range(3)] + ["E01999998", "E01999999"]
    pop = write(tmp_path / "f6.csv", POP_HEADER + pop_rows(codes))
    areas = load_data_source(data, population=pop)
    assert len(areas) == 3
    assert (
        "3 areas have no population and were excluded (e.g. E01000003, E01000004, E01000005)"
        in areas.warnings
    )
    assert (
        "2 codes in f6.csv match no area and were ignored (e.g. E01999998, E01999999)"
        in areas.warnings
    )


def test_population_file_bad_values(tmp_path):
    data = write(tmp_path / "f1.csv", LSOA_HEADER + lsoa_rows(2))
    bad = write(
        tmp_path / "f6.csv",
        POP_HEADER + pop_rows(["E01000000"]) + pop_rows(["E01000001"], value="-4"),
    )
    with pytest.raises(FundsimError) as err:
        load_data_source(data, population=bad)
    assert (
        str(err.value)
        == "f6.csv, row 3, column 'Total population: mid 2015 (excluding prisoners)': population must not be negative, got -4"
    )
    text = write(tmp_path / "f6b.csv", POP_HEADER + pop_rows(["E01000000"], value="lots"))
    with pytest.raises(
        FundsimError, match=r"f6b.csv, row 2, column 'Total population.*': is not a number: 'lots'"
    ):
        load_data_source(data, population=text)


def test_duplicate_neighbourhood_codes(tmp_path):
    data = write(tmp_path / "f1.csv", LSOA_HEADER + lsoa_rows(3) + lsoa_rows(1))
    with pytest.raises(FundsimError) as err:
        load_data_source(
            data, population=write(tmp_path / "p.csv", POP_HEADER + pop_rows(["E01000000"]))
        )
    assert (
        str(err.value)
        == "f1.csv, row 5, column 'LSOA code (2011)': duplicate area code 'E01000000' (first seen on row 2)"
    )


def test_zero_total_population(tmp_path):
    data = write(tmp_path / "f1.csv", LSOA_HEADER + lsoa_rows(2))
    pop = write(tmp_path / "f6.csv", POP_HEADER + pop_rows(["E01000000", "E01000001"], value="0"))
    with pytest.raises(FundsimError, match="total population is zero"):
        load_data_source(data, population=pop)


def test_missing_indicator_lists_those_offered(tmp_path):
    data = write(tmp_path / "f1.csv", LSOA_HEADER + lsoa_rows(3))
    pop = write(tmp_path / "f6.csv", POP_HEADER + pop_rows([f"E0100000{i}" for i in range(3)]))
    areas = load_data_source(data, population=pop)
    with pytest.raises(
        FundsimError,
        match="recovery_fund.need_indicator is 'score', but the data .* offer: rank_exponential",
    ):
        areas.indicator("score")


def test_aggregating_without_district_codes_is_a_clear_error(tmp_path):
    data = write(
        tmp_path / "f.csv",
        "\ufeffLSOA code (2011),Index of Multiple Deprivation (IMD) Score,Total population: mid 2015 (excluding prisoners)\nE01000001,20,100\n",
    )
    with pytest.raises(FundsimError, match="f.csv: cannot be added up to districts"):
        load_data_source(data, level="lad")


def test_scores_file_aggregates_population_weighted(tmp_path):
    header = "\ufeffLSOA code (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Score,Total population: mid 2015 (excluding prisoners)\n"
    rows = 'E01000001,E06000001,A,10,100\nE01000002,E06000001,A,40,300\nE01000003,E07000001,B,5,"1,000"\n'
    areas = load_data_source(write(tmp_path / "f7.csv", header + rows), level="lad")
    t = areas.table.set_index("code")
    assert t.loc["E06000001", "score"] == pytest.approx((10 * 100 + 40 * 300) / 400)
    assert t.loc["E06000001", "population"] == 400 and t.loc["E07000001", "population"] == 1000


def test_column_mapping_for_a_plain_table(tmp_path):
    path = write(
        tmp_path / "council.csv",
        "LA code,Council,Residents,Need index\nA,Alpha,100,3\nB,Beta,200,1\n",
    )
    with pytest.raises(FundsimError, match="has no recognisable header"):
        load_data_source(path)
    mapping = {
        "code": "LA code",
        "name": "Council",
        "population": "Residents",
        "score": "Need index",
    }
    areas = load_data_source(path, columns=mapping)
    assert areas.table["name"].tolist() == ["Alpha", "Beta"]
    assert areas.indicator("score").tolist() == [3.0, 1.0]


def test_plain_xlsx_with_title_rows(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Areas"
    ws.append(["My council's areas"])
    ws.append([])
    ws.append(["code", "name", "population", "score"])
    ws.append(["A", "Alpha", 1000, 12.5])
    ws.append(["B", "Beta", 2000, 30])
    wb.save(tmp_path / "t.xlsx")
    areas = load_data_source(tmp_path / "t.xlsx")
    assert areas.table["code"].tolist() == ["A", "B"] and areas.population.tolist() == [1000, 2000]
    ws["C5"] = -1
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(FundsimError) as err:
        load_data_source(tmp_path / "t.xlsx")
    assert (
        str(err.value)
        == "t.xlsx, sheet 'Areas', row 5, column 'population': population must not be negative, got -1"
    )


def test_exponential_transformation_and_extent_weights():
    n = 32_844
    ranks = np.array([1, n])
    np.testing.assert_allclose(
        rank_exponential(ranks, n), [100.0, -23 * np.log(1 - (1 / n) * (1 - np.exp(-100 / 23)))]
    )
    w = extent_weights(np.array([1, 329 * 10, 329 * 10 + 1, 329 * 30, 329 * 30 + 1]), n)
    np.testing.assert_allclose(w, [1.0, 1.0, 0.95, 0.05, 0.0])
