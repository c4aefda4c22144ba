"""Exports never carry live formulas or characters Excel refuses (OWASP CSV injection advice)."""

from __future__ import annotations

import csv
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from simulator.cli import main
from simulator.outputs import safe
from tests.conftest import write

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\tTabbed",
    "\rReturn",
]


def test_csv_text_prefixes_exactly_the_formula_starts():
    for text in HOSTILE:
        assert safe.csv_text(text) == "'" + text.replace("\r", "\n")
    for text in ("Ashcombe Vale", "O'Brien", "a=b", "1-2", "", " =x"):
        assert safe.csv_text(text) == text
    assert safe.csv_text(-2.5) == -2.5 and safe.csv_text(7) == 7  # numbers stay numbers


def test_forbidden_characters_are_replaced():
    assert safe.clean_text("a\x00b\x07c\x1fd\ue000") == "a\ufffdb\ufffdc\ufffdd\ue000"
    assert safe.clean_text("tab\tnew\nline\r") == "tab\tnew\nline\r"  # XML allows these
    assert safe.clean_text("\ud800x\uffff") == "\ufffdx\ufffd"
    assert len(safe.xlsx_value("x" * 40000)) == safe.EXCEL_CELL_LIMIT


def test_xlsx_cells_are_strings_never_formulas(tmp_path):
    wb = Workbook()
    ws = wb.active
    safe.append(ws, ["name", "value"])
    for i, text in enumerate(HOSTILE + ["bell\x07"]):
        assert safe.append(ws, [text, i]) == i + 2
    assert (
        safe.append(ws, []) == len(HOSTILE) + 3
        and safe.append(ws, ["after a blank row"]) == len(HOSTILE) + 4
    )
    path = safe.save_workbook(wb, tmp_path / "t.xlsx")
    back = load_workbook(path)["Sheet"]
    assert back.cell(len(HOSTILE) + 4, 1).value == "after a blank row"
    back.delete_rows(len(HOSTILE) + 3, 2)
    names = [r[0] for r in back.iter_rows(min_row=2, values_only=True)]
    # XML reads a carriage return back as a line feed
    assert names == [t.replace("\r", "\n") for t in HOSTILE] + ["bell\ufffd"]
    assert all(c.data_type == "s" for c in back["A"][1:])
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula element anywhere


def test_workbooks_are_byte_identical_and_leave_no_temporary_files(tmp_path):
    def book():
        wb = Workbook()
        safe.write_rows(wb.active, [["a", 1.5], ["=b", 2]])
        return wb

    a = safe.save_workbook(book(), tmp_path / "a.xlsx").read_bytes()
    b = safe.save_workbook(book(), tmp_path / "b.xlsx").read_bytes()
    assert a == b
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]


def test_write_csv_round_trips_to_inert_text(tmp_path):
    frame = pd.DataFrame({"name": HOSTILE, "=col": range(len(HOSTILE)), "x": [-1.5] * len(HOSTILE)})
    path = safe.write_csv(frame, tmp_path / "t.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["name", "'=col", "x"]
    assert [r[0] for r in rows[1:]] == ["'" + t.replace("\r", "\n") for t in HOSTILE]
    assert {r[2] for r in rows[1:]} == {"-1.5"}


@pytest.fixture
def hostile_data(tmp_path):
    names = [
        '"=HYPERLINK(""http://x"",""y"")"',
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(1)",
        "Quiet\x07Town",
    ]
    rows = "".join(f"A{i},{n},{1000 + i},{10 * i + 5}\n" for i, n in enumerate(names))
    return write(tmp_path / "=evil.csv", "code,name,population,score\n" + rows)


def test_cli_exports_of_hostile_names_are_inert(tmp_path, preset_path, hostile_data):
    scenario = write(
        tmp_path / "s.toml",
        preset_path.read_text(encoding="utf-8").replace('name = "', 'name = "=1+1 ', 1),
    )
    out_csv, out_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    for out in (out_csv, out_xlsx):
        assert (
            main(
                [
                    "run",
                    str(scenario),
                    "--data",
                    str(hostile_data),
                    "--paths",
                    "40",
                    "--out",
                    str(out),
                ]
            )
            == 0
        )
    with out_csv.open(encoding="utf-8", newline="") as f:
        names = {r["name"] for r in csv.DictReader(f)}
    assert names == {"'" + n for n in HOSTILE[:5]} | {"Quiet\ufffdTown"}
    wb = load_workbook(out_xlsx)
    texts = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    assert {c.value for c in texts} >= set(HOSTILE[:5]) | {"Quiet\ufffdTown"}
    assert any(c.value.startswith("=evil.csv: 6 rows") for c in texts)
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert summary["Scenario"].startswith("=1+1 ")
    with zipfile.ZipFile(out_xlsx) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in z.read(n).decode() for n in sheets)


def test_same_seed_gives_byte_identical_xlsx(tmp_path, preset_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (a, b):
        assert main(["run", str(preset_path), "--paths", "60", "--out", str(out)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_control_characters_are_cleaned_as_inputs_are_read(tmp_path, hostile_data):
    from simulator.data import load_data_source
    from simulator.scenario import load_scenario

    names = set(load_data_source(hostile_data).table["name"])
    assert "Quiet\ufffdTown" in names and not any(safe.FORBIDDEN.search(n) for n in names)
    scenario = write(
        tmp_path / "ctl.toml",
        'schema_version = 1\nname = "Bell\\u0007 =1+1"\ndescription = "a\\u0000b"\n',
    )
    loaded = load_scenario(scenario)
    assert (loaded.name, loaded.description) == ("Bell\ufffd =1+1", "a\ufffdb")


def test_a_word_report_of_hostile_names_is_written(tmp_path, preset_path, hostile_data):
    docx = pytest.importorskip("docx")
    scenario = write(
        tmp_path / "s.toml",
        preset_path.read_text(encoding="utf-8").replace('name = "', 'name = "\\u0007=1+1 ', 1),
    )
    out = tmp_path / "r.docx"
    assert (
        main(
            [
                "report",
                str(scenario),
                "--data",
                str(hostile_data),
                "--paths",
                "40",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "\ufffd=1+1 Kruger report as proposed" in text
