"""fundsim sweep / sensitivity / solve: outputs in every format, errors as one line with status 2."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from simulator.cli import main

PRESERVED = "endowment.prob_real_value_preserved"


def test_sweep_writes_json_csv_and_xlsx_with_native_charts(preset_path, tmp_path, capsys):
    common = [
        "sweep",
        str(preset_path),
        "--paths",
        "200",
        "--vary",
        "endowment.spending_rate=0.02:0.06:5",
        "--metric",
        PRESERVED,
        "--metric",
        "endowment.value_real.p50[-1]",
    ]
    assert main([*common, "--out", str(tmp_path / "s.json")]) == 0
    doc = json.loads((tmp_path / "s.json").read_text())
    assert doc["kind"] == "sweep" and len(doc["points"]) == 5
    values = [p["values"][PRESERVED] for p in doc["points"]]
    assert values == sorted(values, reverse=True)
    assert (
        capsys.readouterr().err.strip().endswith("s.json")
    )  # no progress bar when stderr is not a terminal
    assert main([*common, "--out", str(tmp_path / "s.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text())))
    assert [float(r[PRESERVED]) for r in rows] == values
    assert "endowment.value_real.p50[-1] p95" in rows[0]
    assert main([*common, "--out", str(tmp_path / "s.xlsx")]) == 0
    wb = load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames == ["Cover", "Contents", "Notes", "Summary", "Charts", "Data"]
    assert len(wb["Charts"]._charts) == 2
    first = (tmp_path / "s.xlsx").read_bytes()
    assert main([*common, "--out", str(tmp_path / "s.xlsx")]) == 0
    assert (tmp_path / "s.xlsx").read_bytes() == first


def test_two_key_sweep_has_a_grid_sheet(preset_path, tmp_path):
    out = tmp_path / "g.xlsx"
    assert (
        main(
            [
                "sweep",
                str(preset_path),
                "--paths",
                "100",
                "--vary",
                "endowment.spending_rate=0.02:0.06:3",
                "--vary",
                "endowment.real_return_mean=0.02:0.06:2",
                "--metric",
                PRESERVED,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    grid = load_workbook(out)["Grid 1"]
    assert grid.cell(1, 2).value == 0.02 and grid.cell(1, 3).value == 0.06  # one table from A1
    assert grid.cell(2, 1).value == 0.02
    assert 0 <= grid.cell(2, 3).value <= 1 and grid.cell(2, 3).value >= grid.cell(2, 2).value


def test_sensitivity_tornado_and_sobol(preset_path, tmp_path):
    out = tmp_path / "t.json"
    assert (
        main(
            [
                "sensitivity",
                str(preset_path),
                "--paths",
                "200",
                "--metric",
                PRESERVED,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    doc = json.loads(out.read_text())
    assert doc["kind"] == "tornado" and doc["bars"][0]["swing"] >= doc["bars"][-1]["swing"]
    assert {b["key"] for b in doc["bars"]} >= {"endowment.spending_rate", "endowment.fees"}
    out = tmp_path / "t.csv"
    assert (
        main(
            [
                "sensitivity",
                str(preset_path),
                "--paths",
                "200",
                "--metric",
                PRESERVED,
                "--vary",
                "endowment.fees=0.002,0.01",
                "--vary",
                "endowment.spending_rate",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["key"] for r in rows] == ["endowment.spending_rate", "endowment.fees"]
    assert float(rows[0]["low"]) == 0.03 and float(rows[1]["high"]) == 0.01
    out = tmp_path / "m.xlsx"
    assert (
        main(
            [
                "sensitivity",
                str(preset_path),
                "--paths",
                "50",
                "--metric",
                PRESERVED,
                "--method",
                "morris",
                "--samples",
                "4",
                "--vary",
                "endowment.fees",
                "--vary",
                "endowment.spending_rate",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert load_workbook(out)["Data"].cell(1, 1).value == "key"


def test_solve_writes_the_contract_fields_and_says_when_not_found(preset_path, tmp_path, capsys):
    out = tmp_path / "g.json"
    args = [
        "solve",
        str(preset_path),
        "--paths",
        "200",
        "--vary",
        "endowment.spending_rate=0:0.08",
        "--metric",
        PRESERVED,
    ]
    assert main([*args, "--target", "0.5", "--out", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert {"key", "value", "metric", "target", "achieved", "achieved_se", "bracket"} <= set(doc)
    assert doc["achieved"] >= 0.5 and doc["bracket"][0] <= doc["value"] <= doc["bracket"][1]
    assert main([*args, "--target", "1.5", "--out", str(out)]) == 1
    assert "cannot be met" in capsys.readouterr().err
    assert json.loads(out.read_text())["found"] is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["sweep", "--vary", "endowment.nope=0:1:3", "--metric", PRESERVED],
            "endowment.nope is not a known key",
        ),
        (
            ["sweep", "--vary", "endowment.spending_rate=0:1", "--metric", PRESERVED],
            "KEY=START:STOP:N",
        ),
        (
            ["sweep", "--vary", "endowment.spending_rate=0:0.1:3", "--metric", "value_real"],
            "must start with",
        ),
        (
            [
                "solve",
                "--vary",
                "endowment.spending_rate=0.1:0.01",
                "--metric",
                PRESERVED,
                "--target",
                "0.5",
            ],
            "LOW must be below HIGH",
        ),
        (
            ["sensitivity", "--vary", "endowment.spending_rule", "--metric", PRESERVED],
            "is not a number",
        ),
        (
            ["sensitivity", "--vary", "endowment.real_fixed_amount", "--metric", PRESERVED],
            "no declared plausible range",
        ),
        (
            [
                "sweep",
                "--vary",
                "endowment.spending_rate=0:0.1:3",
                "--metric",
                PRESERVED,
                "--scheduler",
                "tcp://127.0.0.1:1",
            ],
            "Dask scheduler",
        ),
    ],
)
def test_bad_analysis_input_is_one_line_and_status_2(
    preset_path, tmp_path, capsys, argv, message, monkeypatch
):
    if "--scheduler" in argv:
        pytest.importorskip("distributed")
        from simulator.analysis.sensitivity import executor

        monkeypatch.setattr(executor.Runner, "_connect_timeout", "1s", raising=False)
    command, *rest = argv
    out = tmp_path / "x.json"
    assert main([command, str(preset_path), "--paths", "50", *rest, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error:") and message in err and "\n" not in err
    assert not out.exists()


def test_progress_bar_draws_only_on_a_terminal():
    from simulator.commands.analysis_options import ProgressBar

    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet, loud = io.StringIO(), Tty()
    for stream in (quiet, loud):
        bar = ProgressBar("sweep", stream)
        bar(1, 4)
        bar(4, 4)
        bar.close()
    assert quiet.getvalue() == ""
    assert "4/4 runs" in loud.getvalue() and loud.getvalue().endswith("\n")


def test_bench_analysis_writes_only_its_own_section(tmp_path):
    from simulator.analysis.sensitivity import bench

    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        "# Benchmarks\n\n<!-- bench:begin -->\nothers' rows\n<!-- bench:end -->\n", encoding="utf-8"
    )
    rows = [bench.Row("Tornado", 1.25, "< 2 s", "largest swing: x", 2.5)]
    bench.write_markdown(rows, doc, "machine A")
    first = doc.read_text(encoding="utf-8")
    assert (
        "others' rows" in first
        and "| Tornado | 1.25 s | 2.50 s | < 2 s | largest swing: x |" in first
    )
    bench.write_markdown([bench.Row("Tornado", 0.5, "< 2 s")], doc, "machine B")
    second = doc.read_text(encoding="utf-8")
    assert second.count("## Sensitivity, sweeps and goal seek") == 1
    assert "machine B" in second and "machine A" not in second and "others' rows" in second


def test_tornado_workbook_chart_puts_low_and_high_side_by_side(preset_path, tmp_path):
    """Where both ends move the result the same way, overlapping bars would hide the shorter."""
    import re
    import zipfile

    out = tmp_path / "t.xlsx"
    assert (
        main(
            [
                "sensitivity",
                str(preset_path),
                "--paths",
                "100",
                "--metric",
                PRESERVED,
                "--vary",
                "endowment.fees",
                "--vary",
                "endowment.spending_rate",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    with zipfile.ZipFile(out) as z:
        chart = next(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))
    assert 'barDir val="bar"' in chart and len(re.findall(r"<(?:c:)?ser>", chart)) == 2
    assert re.search(r'<(?:c:)?overlap val="0"\s*/>', chart)
