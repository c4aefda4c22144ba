"""Area data: the bundled workshop dataset and plain CSV tables, including bad input."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.core.errors import FundsimError
from simulator.data import load_data_source
from tests.conftest import write


def test_workshop_dataset_is_fictional_and_legible(workshop):
    assert 10 <= len(workshop) <= 15
    assert workshop.provenance.fictional
    assert "Fictional" in workshop.provenance.label
    assert workshop.population.min() > 0
    assert workshop.table["code"].is_unique
    scores = workshop.table["score"]
    assert scores.min() < 10 and scores.max() > 35  # an affluent suburb and deprived towns
    assert len(workshop.provenance.files[0].sha256) == 64


def test_csv_with_bom_thousands_separators_and_extras(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_bytes(
        '\ufeffCode, Name ,Population,Score,Region\nA1,Alpha,"1,296",30.5,North\nB2,Beta,800,10,South\n'.encode()
    )
    areas = load_data_source(path)
    np.testing.assert_array_equal(areas.population, [1296.0, 800.0])
    assert areas.table["region"].tolist() == ["North", "South"]
    assert areas.indicators() == ["score"]
    assert areas.provenance.files[0].rows == 2 and not areas.provenance.fictional


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "code,name,score\nA,a,1\n",
            "areas.csv, row 1: has no population column (found: code, name, score); add one, or give a population file",
        ),
        (
            "code,name,population,score\nA,a,10,1\nA,b,20,2\n",
            "areas.csv, row 3, column 'code': duplicate area code 'A' (first seen on row 2)",
        ),
        (
            "code,name,population,score\nA,a,10,1\nB,b,-5,2\n",
            "areas.csv, row 3, column 'population': population must not be negative, got -5",
        ),
        (
            "code,name,population,score\nA,a,ten,1\n",
            "areas.csv, row 2, column 'population': is not a number: 'ten'",
        ),
        ("code,name,population,score\nA,a,10,\n", "areas.csv, row 2, column 'score': is blank"),
        (
            "code,name,population,score\nA,a,0,1\n",
            "areas.csv, column 'population': total population is zero",
        ),
        ("name,population,score\na,1,2\n", "areas.csv, row 1: has no recognisable header"),
        ("code,name,population,score\n", "areas.csv: has a header but no data rows"),
        ("", "areas.csv: is empty"),
    ],
)
def test_bad_csv_says_what_and_where(tmp_path, text, expected):
    path = write(tmp_path / "areas.csv", text)
    with pytest.raises(FundsimError) as err:
        load_data_source(path)
    assert str(err.value).startswith(expected)


def test_non_utf8_file(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_bytes("code,name,population,score\nA,Ynys M\xf4n,10,1\n".encode("latin-1"))
    with pytest.raises(FundsimError, match=r"areas.csv, row 2: is not UTF-8 text"):
        load_data_source(path)


def test_unknown_builtin_and_unsupported_type(tmp_path):
    with pytest.raises(FundsimError, match="builtin:workshop"):
        load_data_source("builtin:nowhere")
    with pytest.raises(FundsimError, match="unsupported file type '.ods'"):
        load_data_source(write(tmp_path / "x.ods", "x"))
    with pytest.raises(FundsimError, match="data file not found"):
        load_data_source(tmp_path / "missing.csv")


def test_missing_indicator_lists_what_is_offered(workshop):
    with pytest.raises(FundsimError, match="offer: score"):
        workshop.indicator("extent")


def test_a_folder_is_not_a_data_file(tmp_path):
    (tmp_path / "areas.csv").mkdir()
    with pytest.raises(FundsimError, match="is a folder, not a data file"):
        load_data_source(tmp_path / "areas.csv")
