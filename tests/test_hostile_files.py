"""Broken and hostile inputs: one line naming the file, exit status 2, never a traceback."""

from __future__ import annotations

import random
import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from simulator.cli import main
from simulator.core.cancel import Cancelled, stop_when
from simulator.core.errors import FundsimError
from simulator.data import guards
from simulator.data.readers import peek_headers, read_table
from tests.conftest import write


def area_workbook(path: Path, rows: int = 6) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name", "population", "score"])
    for i in range(rows):
        ws.append([f"A{i}", f"Area {i}", 1000 + i, 5.0 + i])
    wb.save(path)
    return path


def run_on(tmp_path: Path, preset: Path, data: Path, capsys) -> tuple[int, str]:
    code = main(
        [
            "run",
            str(preset),
            "--data",
            str(data),
            "--paths",
            "20",
            "--out",
            str(tmp_path / "out.json"),
        ]
    )
    return code, capsys.readouterr().err.strip()


def assert_one_line(err: str, *parts: str) -> None:
    err = err.strip()
    assert err.startswith("fundsim: error: ") and "\n" not in err and "Traceback" not in err, err
    for part in parts:
        assert part in err, err


def test_every_mutated_workbook_loads_or_gives_one_line(tmp_path, preset_path, capsys):
    good = area_workbook(tmp_path / "good.xlsx").read_bytes()
    rng = random.Random(11)
    outcomes = {0: 0, 2: 0}
    for k in range(40):
        data = bytearray(good)
        if k % 4 == 0:
            data = data[: rng.randrange(len(data))]  # truncated
        else:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"m{k}.xlsx"
        path.write_bytes(bytes(data))
        code, err = run_on(tmp_path, preset_path, path, capsys)
        assert code in outcomes, err
        outcomes[code] += 1
        if code == 2:
            assert_one_line(err, f"m{k}.xlsx")
    assert outcomes[2] >= 10  # most mutations break the file; each one said so on one line


def test_a_damaged_deflate_stream_names_the_file(tmp_path):
    good = area_workbook(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    bad = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    raw = bytearray(bad.read_bytes())
    at = raw.find(b"xl/worksheets/sheet1.xml") + 40  # inside that part's compressed data
    raw[at : at + 16] = bytes(16)
    bad.write_bytes(bytes(raw))
    with pytest.raises(FundsimError, match=r"^damaged\.xlsx: is not a readable Excel workbook"):
        read_table(bad)


def _bomb(path: Path, rows: int) -> Path:
    """A workbook of a few hundred kilobytes holding ``rows`` rows once uncompressed."""
    good = area_workbook(path.with_name("template.xlsx"))
    with zipfile.ZipFile(good) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    parts["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return path


def test_a_zip_bomb_is_refused_before_reading_with_the_limit(tmp_path, preset_path, capsys):
    bomb = _bomb(tmp_path / "bomb.xlsx", guards.MAX_ROWS + 1000)
    assert bomb.stat().st_size < 3_000_000  # small on disk, half a million rows inside
    code, err = run_on(tmp_path, preset_path, bomb, capsys)
    assert code == 2
    assert_one_line(err, "bomb.xlsx", "more than 500,000 rows")
    with pytest.raises(FundsimError, match="500,000"):
        peek_headers(bomb)


def test_uncompressed_size_is_checked_before_reading(tmp_path, monkeypatch):
    book = area_workbook(tmp_path / "big.xlsx", rows=50)
    with zipfile.ZipFile(book) as z:
        expanded = sum(i.file_size for i in z.infolist())
    monkeypatch.setattr(guards, "MAX_UNCOMPRESSED_BYTES", expanded - 1)
    with pytest.raises(
        FundsimError, match=r"big\.xlsx: expands to .* when uncompressed, more than the 0 MB"
    ):
        read_table(book)
    monkeypatch.setattr(guards, "MAX_UNCOMPRESSED_BYTES", expanded)
    assert len(read_table(book).frame) == 50


def test_row_counting_matches_openpyxl(tmp_path):
    book = area_workbook(tmp_path / "n.xlsx", rows=1234)
    with zipfile.ZipFile(book) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        assert guards._count_rows(z, info, 10**9) == 1235  # header + rows
        # counting still finds every row when chunks split tags anywhere
        saved = guards._CHUNK
        try:
            for chunk in (7, 64, 333):
                guards._CHUNK = chunk
                assert guards._count_rows(z, info, 10**9) == 1235
        finally:
            guards._CHUNK = saved


def test_csv_limits_rows_and_columns(tmp_path, monkeypatch):
    wide = write(
        tmp_path / "wide.csv",
        ",".join(["code", "name", "population", "score"] + [f"x{i}" for i in range(5000)])
        + "\nA,B,1,2"
        + ",1" * 5000
        + "\n",
    )
    with pytest.raises(FundsimError, match=r"wide\.csv: has 5,004 columns, more than the 1,000"):
        read_table(wide)
    monkeypatch.setattr(guards, "MAX_ROWS", 3)
    long = write(
        tmp_path / "long.csv",
        "code,name,population,score\n" + "".join(f"A{i},n,1,2\n" for i in range(5)),
    )
    with pytest.raises(FundsimError, match=r"long\.csv: has 5 rows, more than the 3"):
        read_table(long)


def test_a_wide_csv_within_the_limit_is_read_quietly(tmp_path):
    from simulator.data import load_data_source

    extra = [f"x{i}" for i in range(900)]
    rows = "".join(
        f"A{r},Area {r},{1000 + r},{r + 1}," + ",".join(str(r + i) for i in range(900)) + "\n"
        for r in range(4)
    )
    path = write(
        tmp_path / "wide.csv",
        ",".join(["code", "name", "population", "score"] + extra) + "\n" + rows,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        areas = load_data_source(path)
    assert list(areas.table["x899"]) == [899.0, 900.0, 901.0, 902.0]


def test_duplicate_headers_in_a_workbook_are_numbered(tmp_path):
    wb = Workbook()
    wb.active.append(["code", "name", "population", "score", "score"])
    wb.active.append(["A", "Area", 100, 3, 4])
    wb.save(tmp_path / "dup.xlsx")
    raw = read_table(tmp_path / "dup.xlsx")
    assert list(raw.frame.columns) == ["code", "name", "population", "score", "score.1"]


def test_xml_entities_are_refused_by_name(tmp_path, preset_path, capsys):
    good = area_workbook(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    for target in ("xl/workbook.xml", "xl/worksheets/sheet1.xml"):
        content = parts[target]
        body = content[content.index(b"?>") + 2 :] if content.startswith(b"<?xml") else content
        evil = dict(parts, **{target: laughs + body})
        path = tmp_path / "entities.xlsx"
        with zipfile.ZipFile(path, "w") as z:
            for name, data in evil.items():
                z.writestr(name, data)
        code, err = run_on(tmp_path, preset_path, path, capsys)
        assert code == 2
        assert_one_line(err, "entities.xlsx", "contains XML entity or document type declarations")


@pytest.mark.parametrize("depth", [900, 20000])
def test_deeply_nested_scenarios_give_one_line(tmp_path, preset_path, capsys, depth):
    path = write(
        tmp_path / "deep.toml",
        "schema_version = 1\n[recovery_fund]\nx = " + "[" * depth + "]" * depth + "\n",
    )
    assert main(["run", str(path), "--out", str(tmp_path / "r.json")]) == 2
    assert_one_line(capsys.readouterr().err, "deep.toml: is nested too deeply")
    assert (
        main(
            [
                "run",
                str(preset_path),
                "--set",
                "x=" + "[" * depth,
                "--out",
                str(tmp_path / "r.json"),
            ]
        )
        == 2
    )


def test_a_huge_scenario_is_refused_before_parsing(tmp_path, capsys):
    path = write(tmp_path / "huge.toml", "schema_version = 1\n" + "# filler\n" * 200_000)
    assert main(["run", str(path), "--out", str(tmp_path / "r.json")]) == 2
    assert_one_line(capsys.readouterr().err, "huge.toml: is 1,800,019 characters long")


def test_reading_a_workbook_can_be_cancelled(tmp_path):
    book = area_workbook(tmp_path / "many.xlsx", rows=5000)
    polls = []

    def should_stop() -> bool:
        polls.append(1)
        return True

    with stop_when(should_stop), pytest.raises(Cancelled):
        read_table(book)
    assert len(polls) == 1  # stopped at the first check, after 2,000 rows
    assert len(read_table(book).frame) == 5000  # outside stop_when nothing is polled


def test_workbook_width_counts_filled_columns_only(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name", "population", "score"])
    ws.append(["A", "Area", 100, 3])
    ws.cell(1, 3000).number_format = "0.0"  # a formatted but empty column far to the right
    ws.cell(1, 3000).value = None
    wb.save(tmp_path / "formatted.xlsx")
    assert list(read_table(tmp_path / "formatted.xlsx").frame.columns) == [
        "code",
        "name",
        "population",
        "score",
    ]
    ws.cell(2, 1500).value = 7  # a real value in column 1,500
    wb.save(tmp_path / "wide.xlsx")
    with pytest.raises(
        FundsimError, match=r"wide\.xlsx, sheet 'Sheet': has 1,500 columns, more than the 1,000"
    ):
        read_table(tmp_path / "wide.xlsx")


def test_empty_trailing_csv_columns_do_not_count_against_the_limit(tmp_path):
    from simulator.data import load_data_source

    padding = "," * 3000  # as a spreadsheet saves a sheet with formatted empty columns
    path = write(
        tmp_path / "padded.csv",
        f"code,name,population,score{padding}\nA,Aa,100,5{padding}\nB,Bb,200,9{padding}\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        areas = load_data_source(path)
    assert list(areas.table["code"]) == ["A", "B"]
