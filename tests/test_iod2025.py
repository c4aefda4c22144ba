"""IoD2025 files as published (built from the genuine rows in ../shared/data/iod2025, skipped
when absent): recognised as IoD2025, credited as IoD2025, on national counts of 33,755
neighbourhoods and 296 districts, checked against the published district summaries."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

from simulator import load_scenario, run
from simulator.cli import main
from simulator.core.errors import FundsimError
from simulator.data import load_data_source
from simulator.data.headers import normalise, recognise
from simulator.data.iod2019 import rank_exponential
from simulator.data.kinds import file_kind, sort_files
from simulator.outputs.figures import source_note
from tests import iod2025_files as f25
from tests.conftest import PRESET, REPO, SHARED_IOD

CREDIT_2025 = (
    "Contains data from the English Indices of Deprivation 2025 (MHCLG), Open Government "
    "Licence v3.0"
)


def test_file7_header_is_recognised_as_iod2025(shared_iod2025):
    header = next(csv.reader([f25.header_line(shared_iod2025)]))
    assert len(header) == 56
    rec = recognise(header)
    assert rec.kind == "lsoa" and rec.vintage is not None and rec.vintage.year == "2025"
    assert rec.describe().startswith("IoD2025 neighbourhood (LSOA) file")
    assert {"pop_total", "pop_children", "pop_older", "pop_working_age", "imd_score"} <= set(
        rec.columns
    )
    assert f25.TRUNCATED in f25.header_line(shared_iod2025)  # the published quirk is kept


def test_file7_alone_runs_by_district_with_2025_credit(shared_iod2025, tmp_path):
    path = f25.file7(shared_iod2025, tmp_path / "File_7.csv", bom=True, thousands=True)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf" and b'"1,795"' in path.read_bytes()
    areas = load_data_source(path, level="lad")
    assert areas.provenance.vintage == "2025"
    assert areas.provenance.attribution == CREDIT_2025
    assert "IoD2025 neighbourhood (LSOA) file" in areas.provenance.label
    rows = pd.DataFrame(f25.genuine_rows(shared_iod2025))
    # population: the File 7 column summed per district ("1,795" read as 1795)
    expected = rows.assign(p=rows[52].astype(int)).groupby(2)["p"].sum()
    got = areas.table.set_index("code")["population"]
    assert got.to_dict() == {k: float(v) for k, v in expected.items()}
    # the population-weighted average score of City of London's four rows
    city = rows[rows[2] == "E09000001"]
    w = city[52].astype(float)
    assert got.index[0] == "E09000001"
    assert areas.table["score"].iat[0] == pytest.approx((city[4].astype(float) * w).sum() / w.sum())
    scenario = load_scenario(PRESET).updated("simulation.paths", 50)
    results = run(scenario, areas)
    assert CREDIT_2025 in source_note(results)
    assert results.to_dict()["data"]["vintage"] == "2025"


def test_national_count_is_the_releases_33755(shared_iod2025, tmp_path):
    """An extract keeps IoD2025's national thresholds: N = 33,755, not the extract's own."""
    path = f25.file7(shared_iod2025, tmp_path / "f7.csv")
    lsoa = load_data_source(path).table
    ranks = lsoa["imd_rank"].to_numpy()
    assert ranks.max() < 33_755  # the extract's largest rank is not N
    assert lsoa["rank_exponential"].to_numpy() == pytest.approx(rank_exponential(ranks, 33_755))
    # the published deciles are of 33,755 neighbourhoods: decile = ceil(rank / 3,375.5)
    assert (np.ceil(ranks / 3_375.5) == lsoa["imd_decile"].to_numpy()).all()
    lad = load_data_source(path, level="lad").table.set_index("code")
    in10 = lsoa.assign(top=lsoa["imd_decile"] == 1).groupby("lad_code")["top"].mean()
    assert lad["prop_most_deprived_10"].to_dict() == pytest.approx(in10.to_dict())


def test_full_size_file7_adds_up_to_the_published_district_scores(shared_iod2025, tmp_path):
    path, districts = f25.full_file7(shared_iod2025, tmp_path / "File_7_full.csv")
    lines = path.read_bytes().count(b"\r\n")
    assert lines == 33_756  # header + 33,755 neighbourhoods, CRLF
    assert len(load_data_source(path)) == 33_755
    areas = load_data_source(path, level="lad")
    table = areas.table.set_index("code")
    assert len(table) == 296 and table["lsoas"].sum() == 33_755
    published = districts.set_index("code")
    assert table["score"].to_dict() == pytest.approx(published["average_score"].to_dict(), abs=1e-9)
    rank = table["score"].rank(ascending=False, method="min")
    assert table.loc["E06000009", "name"] == "Blackpool"
    assert table.loc["E06000009", "score"] == pytest.approx(43.467)
    assert rank["E06000009"] == 1
    # the published ranks follow the unrounded scores: from three-decimal scores they agree
    # to within one place (Rushmoor and Wandsworth tie at 15.157)
    differ = (rank - published["rank_average_score"].reindex(rank.index)).abs()
    assert differ.max() <= 1 and (differ > 0).sum() <= 5
    # most deprived 10%: the 3,375 neighbourhoods of rank <= 3,375.5
    lsoas = table["lsoas"]
    assert (table["prop_most_deprived_10"] * lsoas).sum() == pytest.approx(3_375)


def test_file10_v2_workbook_with_ons_population(shared_iod2025, tmp_path):
    path = f25.file10_v2(shared_iod2025, tmp_path / "File_10_v2.xlsx")
    kind = file_kind(path)
    assert kind.level == "lad" and "IoD2025 local authority district summaries" in kind.description
    areas = load_data_source(path, population=shared_iod2025 / f25.POPULATION)
    assert len(areas) == 296 and areas.provenance.vintage == "2025"
    assert areas.provenance.attribution == CREDIT_2025
    t = areas.table.set_index("code")
    assert t.loc["E06000009", "score"] == 43.467 and t.loc["E06000009", "rank_of_avg_score"] == 1
    assert t["population"].sum() == 57_106_398
    assert t["rank_of_avg_score"].min() == 1 and t["rank_of_avg_score"].max() == 296


def test_files_1_and_6_as_workbooks_sort_and_join(shared_iod2025, tmp_path):
    f1 = f25.file1_xlsx(shared_iod2025, tmp_path / "File_1_IoD2025.xlsx")
    f6 = f25.file6_xlsx(shared_iod2025, tmp_path / "File_6_IoD2025.xlsx")
    kinds = [file_kind(f6), file_kind(f1)]
    assert kinds[1].description.startswith("IoD2025 neighbourhood (LSOA) file: ranks")
    assert kinds[0].population_only
    choice = sort_files(kinds)
    assert (choice.source, choice.population, choice.level) == (f1, f6, "lad")
    assert choice.indicator == "rank_exponential"
    areas = load_data_source(f1, population=f6, level="lad")
    assert areas.provenance.vintage == "2025" and len(areas) == 14
    with pytest.raises(FundsimError, match="IoD2025 File 5 or File 7"):
        areas.indicator("score")


def test_a_2019_population_file_with_2025_ranks_is_refused(shared_iod2025, tmp_path):
    if not SHARED_IOD.is_dir():
        pytest.skip("../shared/data/iod2019 is not present")
    f1 = f25.file1_xlsx(shared_iod2025, tmp_path / "File_1_IoD2025.xlsx")
    f6 = SHARED_IOD / "File_6_-_IoD2019_Population_Denominators.csv"
    with pytest.raises(FundsimError, match=r"File_6_-_IoD2019.*is IoD2019.*IoD2025 File 6"):
        load_data_source(f1, population=f6)


def test_cli_json_records_the_vintage_and_credit(shared_iod2025, tmp_path, capsys):
    path = f25.file7(shared_iod2025, tmp_path / "f7.csv")
    out = tmp_path / "r.json"
    code = main(
        [
            "run",
            str(PRESET),
            "--data",
            str(path),
            "--level",
            "lad",
            "--paths",
            "50",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))["data"]
    assert data["vintage"] == "2025" and data["attribution"] == CREDIT_2025


def test_bundled_england_table_is_derived_from_the_published_tables(shared_iod2025):
    from simulator.data.england import HEXMAP_2025_FILE, england_csv_text

    text = england_csv_text(
        shared_iod2025 / f25.SUMMARIES,
        shared_iod2025 / f25.POPULATION,
        REPO / "resources" / HEXMAP_2025_FILE,
    )
    bundled = REPO / "resources" / "data" / "england-districts-2025.csv"
    assert bundled.read_text(encoding="utf-8") == text


def test_normalised_header_ignores_trailing_spaces():
    assert normalise("\ufeffIMD - Average score ") == "imd - average score"


def test_benchmark_file7_has_the_published_header(shared_iod2025, tmp_path):
    from simulator.bench_iod import file7_header, write_file7_like

    assert file7_header() == next(csv.reader([f25.header_line(shared_iod2025)]))
    path = write_file7_like(tmp_path / "f7.csv", n=2_000)
    areas = load_data_source(path, level="lad")
    assert areas.provenance.vintage == "2025" and areas.table["lsoas"].sum() == 2_000
