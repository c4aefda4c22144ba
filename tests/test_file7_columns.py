"""Reading only the columns a load uses (issue 22, speed): a full-size File 7 added up to
districts reads 18 of its 56 columns, numbers straight into floats, and gives exactly what a
read of every column as text gives; every bad file is still refused as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulator import bench_iod
from simulator.core.errors import FundsimError
from simulator.data import load as load_module
from simulator.data import load_data_source
from simulator.data.load import columns_in_use
from simulator.data.readers import read_table

N = 5_000  # rows of the small synthetic File 7s (the published layout, 296 districts)


@pytest.fixture(scope="module")
def file7(tmp_path_factory) -> Path:
    return bench_iod.write_file7_like(tmp_path_factory.mktemp("f7") / "File_7.csv", n=N)


def every_column_as_text(monkeypatch) -> None:
    """The reading before this change: no column chosen, every cell read as text."""
    monkeypatch.setattr(load_module, "columns_in_use", lambda *a, **k: lambda headers: None)


def rewrite(path: Path, target: Path, edit) -> Path:
    """``path``'s lines, edited by ``edit(lines)``, written to ``target`` (CRLF kept)."""
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    edit(lines)
    target.write_bytes("\r\n".join(lines).encode("utf-8"))
    return target


def cell(lines: list[str], row: int, column: int, value: str) -> None:
    cells = lines[row].split(",")
    cells[column] = value
    lines[row] = ",".join(cells)


def test_a_district_run_reads_18_of_file_7s_56_columns(file7):
    raw = read_table(file7, choose=columns_in_use(None, "areas", "lad"))
    assert len(raw.headers) == 56
    assert len(raw.frame.columns) == 18  # 3 codes and names, 10 scores, IMD rank, 4 populations
    assert "LSOA name (2021)" not in raw.frame and "Crime Rank (where 1 is most deprived)" not in (
        raw.frame
    )
    numbers = [c for c in raw.frame.columns if "code" not in c and "name" not in c]
    assert all(raw.frame[c].dtype.kind == "f" for c in numbers)  # read as numbers, not text
    per_area = read_table(file7, choose=columns_in_use(None, "areas", None))
    assert len(per_area.frame.columns) == 38  # every recognised column (no sub-domains)
    population = read_table(file7, choose=columns_in_use(None, "population", None))
    header = bench_iod.file7_header()
    assert list(population.frame.columns) == [header[0], header[2], header[3], *header[52:]]


@pytest.mark.parametrize("level", ["lad", None])
def test_the_same_table_as_reading_every_column_as_text(file7, level, monkeypatch):
    fast = load_data_source(file7, level=level)
    every_column_as_text(monkeypatch)
    slow = load_data_source(file7, level=level)
    pd.testing.assert_frame_equal(fast.table, slow.table, check_exact=True)
    assert fast.provenance.label == slow.provenance.label
    assert fast.provenance.files[0].sha256 == slow.provenance.files[0].sha256
    assert len(fast.table) == (296 if level else N)


def test_headers_matched_tolerantly(file7, tmp_path, monkeypatch):
    """A byte-order mark, trailing spaces and other case in the headers: the same columns."""

    def edit(lines):
        header = bench_iod.file7_header()
        lines[0] = ",".join(
            f'"{h.upper()} "' if "," in h else f"{h} " if i % 2 else h.lower()
            for i, h in enumerate(header)
        )

    odd = rewrite(file7, tmp_path / "odd.csv", edit)
    odd.write_bytes(b"\xef\xbb\xbf" + odd.read_bytes())
    raw = read_table(odd, choose=columns_in_use(None, "areas", "lad"))
    assert len(raw.frame.columns) == 18
    got = load_data_source(odd, level="lad").table
    pd.testing.assert_frame_equal(got, load_data_source(file7, level="lad").table)


def test_a_row_longer_than_the_header_is_still_refused(file7, tmp_path):
    """pandas checks a row's length only when it reads every column: the long row is found."""
    long = rewrite(
        file7, tmp_path / "long.csv", lambda lines: lines.__setitem__(5, lines[5] + ",9")
    )
    with pytest.raises(FundsimError, match=r"not a well-formed CSV.*Expected 56 fields in line 6"):
        load_data_source(long, level="lad")
    quoted = rewrite(
        file7, tmp_path / "quoted.csv", lambda lines: lines.__setitem__(7, lines[7] + ',"a,b"')
    )
    with pytest.raises(FundsimError, match=r"Expected 56 fields in line 8, saw 57"):
        load_data_source(quoted, level="lad")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "is blank"),
        ("nan", "is not a finite number: 'nan'"),
        ("inf", "is not a finite number: 'inf'"),
        ("20,5", "has a comma that is not a thousands separator"),
        ("12.5x", "is not a number: '12.5x'"),
        ("True", "is not a number: 'True'"),
    ],
)
def test_a_bad_number_is_named_by_row_and_column(file7, tmp_path, value, message):
    if "," in value:
        value = f'"{value}"'
    bad = rewrite(file7, tmp_path / "bad.csv", lambda lines: cell(lines, 10, 7, value))
    with pytest.raises(FundsimError) as err:
        load_data_source(bad, level="lad")
    text = str(err.value)
    assert message in text and "row 11" in text, text
    assert "Income Score (rate)" in text


def test_a_column_of_true_and_false_is_not_read_as_one_and_zero(file7, tmp_path):
    def edit(lines):
        for i in range(1, len(lines) - 1):
            cell(lines, i, 7, "True" if i % 2 else "False")

    bad = rewrite(file7, tmp_path / "bools.csv", edit)
    with pytest.raises(
        FundsimError, match=r"row 2, column 'Income Score \(rate\)': is not a number: 'True'"
    ):
        load_data_source(bad, level="lad")


def test_quoted_thousands_are_read_as_before(file7, tmp_path, monkeypatch):
    """Populations written as "1,795" (IoD2019's style): read as text, thousands removed."""

    def edit(lines):
        for i in range(1, len(lines) - 1):
            cells = lines[i].split(",")
            cells[52] = f'"{int(cells[52]):,}"'
            lines[i] = ",".join(cells)

    quoted = rewrite(file7, tmp_path / "thousands.csv", edit)
    got = load_data_source(quoted, level="lad").table
    every_column_as_text(monkeypatch)
    pd.testing.assert_frame_equal(got, load_data_source(quoted, level="lad").table)
    plain = load_data_source(file7, level="lad").table
    assert np.array_equal(got["population"], plain["population"])


def test_recognising_a_file_reads_its_header_and_still_checks_the_rows(file7, tmp_path):
    """The open-data dialog recognises a file by its headers: all 56 of File 7's, without
    turning its cells into text, and a malformed file is refused there as before."""
    from simulator.data.readers import peek_headers

    assert peek_headers(file7) == bench_iod.file7_header()
    long = rewrite(
        file7, tmp_path / "long.csv", lambda lines: lines.__setitem__(9, lines[9] + ",1")
    )
    with pytest.raises(FundsimError, match=r"Expected 56 fields in line 10, saw 57"):
        peek_headers(long)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(file7.read_bytes().replace(b",Area 7,", b",Are\xe9 7,", 1))
    with pytest.raises(FundsimError, match="is not UTF-8"):
        peek_headers(latin)


def test_a_column_the_scenario_maps_is_read(tmp_path, monkeypatch):
    """[data.columns] naming a neighbourhood file's population column: read at district level."""
    path = tmp_path / "lsoa.csv"
    path.write_text(
        "LSOA code (2021),Local Authority District code (2024),Local Authority District name "
        "(2024),Index of Multiple Deprivation (IMD) Score,Crime Rank (where 1 is most deprived),"
        "Residents\n"
        "E01000001,E06000001,Alpha,10.5,7,1000\n"
        "E01000002,E06000001,Alpha,30.5,3,3000\n"
        "E01000003,E06000002,Beta,20.0,5,2000\n",
        encoding="utf-8",
    )
    mapping = {"pop_total": "Residents"}
    raw = read_table(path, choose=columns_in_use(mapping, "areas", "lad"))
    assert "Residents" in raw.frame and "Crime Rank (where 1 is most deprived)" not in raw.frame
    got = load_data_source(path, level="lad", columns=mapping).table
    assert got.set_index("code").loc["E06000001", "population"] == 4000
    assert got.set_index("code").loc["E06000001", "score"] == pytest.approx(25.5)
    every_column_as_text(monkeypatch)
    pd.testing.assert_frame_equal(got, load_data_source(path, level="lad", columns=mapping).table)
