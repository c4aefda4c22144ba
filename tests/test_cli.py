"""The command-line contract (docs/cli.md)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from simulator.cli import main
from tests.conftest import REPO, write


def run_cli(*args: str) -> int:
    return main(list(args))


def test_run_writes_the_documented_json(tmp_path, preset_path):
    out = tmp_path / "r.json"
    assert run_cli("run", str(preset_path), "--paths", "500", "--out", str(out)) == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    rf, en = d["recovery_fund"], d["endowment"]
    area = rf["areas"][0]
    assert set(area) >= {
        "code",
        "name",
        "population",
        "score",
        "mean",
        "p5",
        "p50",
        "p95",
        "per_capita",
    }
    assert sum(a["mean"] for a in rf["areas"]) == pytest.approx(rf["distributed"], rel=1e-12)
    assert rf["distributed"] == pytest.approx(500e6 * 0.95)
    assert 0 < rf["share_to_most_deprived_decile"] < 1
    h = d["scenario"]["simulation"]["horizon_years"]
    assert en["years"] == list(range(h + 1))
    for key in ("value_real", "value_nominal"):
        assert all(len(en[key][p]) == h + 1 for p in ("p5", "p50", "p95"))
        assert en[key]["p50"][0] == 2e9
    assert all(len(en["grants_real"][p]) == h for p in ("p5", "p50", "p95"))
    assert 0 <= en["prob_real_value_preserved"] <= 1 and 0 <= en["prob_depleted"] <= 1
    assert d["paths"] == 500 and d["seed"] == 2020
    assert d["data"]["fictional"] is True
    for a in rf["areas"]:
        assert a["p5"] <= a["p50"] <= a["p95"]


def test_same_seed_gives_byte_identical_json(tmp_path, preset_path):
    a, b, c = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    run_cli("run", str(preset_path), "--paths", "300", "--out", str(a))
    run_cli("run", str(preset_path), "--paths", "300", "--out", str(b))
    run_cli("run", str(preset_path), "--paths", "300", "--seed", "99", "--out", str(c))
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_csv_and_xlsx_outputs(tmp_path, preset_path):
    out = tmp_path / "areas.csv"
    assert run_cli("run", str(preset_path), "--paths", "200", "--out", str(out)) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 12 and rows[0]["code"] == "WS01" and float(rows[0]["mean"]) > 0
    assert all(r["data"].startswith("Fictional workshop dataset") for r in rows)
    xlsx = tmp_path / "r.xlsx"
    assert run_cli("run", str(preset_path), "--paths", "200", "--out", str(xlsx)) == 0
    wb = load_workbook(xlsx)
    assert wb.sheetnames == [
        "Cover",
        "Contents",
        "Notes",
        "Summary",
        "Charts",
        "Areas",
        "Deciles",
        "Endowment",
        "Endowment areas",
        "Chart data",
        "Map",
    ]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert summary["Note"].startswith("FICTIONAL DATA")
    notes = [r[1] for r in wb["Notes"].iter_rows(min_row=2, values_only=True)]
    assert any(n.startswith("FICTIONAL DATA") for n in notes)
    assert wb["Areas"].max_row == 13 and wb["Endowment"]["B2"].value == 2e9
    assert wb["Areas"]["B2"].value == "Eastgate"  # largest first, as the chart shows it
    # native, editable charts drawing on the data sheets (openpyxl does not read charts back,
    # so look inside the file)
    import zipfile

    with zipfile.ZipFile(xlsx) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = "".join(z.read(n).decode("utf-8") for n in charts)
    assert len(charts) == 4
    assert (
        "<f>'Chart data'!$B$2:$B$13</f>" in xml
    )  # mean allocation of the 12 areas (whiskers in C and D)
    assert "<f>'Endowment'!$B$2:$B$52</f>" in xml  # real value, 5th percentile, years 0-50
    assert "0072B2" in xml and "Recovery fund: mean allocation" in xml


def test_data_override(tmp_path, preset_path):
    rows = "".join(f"{c},{c}ville,1000,{10 * i + 5}\n" for i, c in enumerate("ABCDE"))
    data = write(tmp_path / "mine.csv", "code,name,population,score\n" + rows)
    out = tmp_path / "r.json"
    assert (
        run_cli("run", str(preset_path), "--data", str(data), "--paths", "50", "--out", str(out))
        == 0
    )
    d = json.loads(out.read_text(encoding="utf-8"))
    assert [a["code"] for a in d["recovery_fund"]["areas"]] == list("ABCDE")
    assert d["data"]["files"][0]["name"] == "mine.csv" and d["data"]["fictional"] is False


@pytest.mark.parametrize(
    "args,message",
    [
        (["--paths", "0"], "simulation.paths must be >= 1, got 0"),
        (["--data", "nowhere.csv"], "nowhere.csv: data file not found"),
    ],
)
def test_user_errors_exit_2_with_one_clear_line(tmp_path, preset_path, capsys, args, message):
    out = tmp_path / "r.json"
    assert run_cli("run", str(preset_path), *args, "--out", str(out)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error: ") and message in err and "\n" not in err
    assert not out.exists()


def test_invalid_scenario_and_bad_extension(tmp_path, capsys):
    bad = write(tmp_path / "bad.toml", "schema_version = 1\n[recovery_fund]\nprogressivity = -1\n")
    assert run_cli("run", str(bad), "--out", str(tmp_path / "r.json")) == 2
    assert "bad.toml: recovery_fund.progressivity must be >= 0, got -1" in capsys.readouterr().err
    assert run_cli("run", str(bad), "--out", str(tmp_path / "r.pdf")) == 2
    assert "unknown output format '.pdf'" in capsys.readouterr().err


def test_console_script_has_no_traceback_on_error(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator.cli",
            "run",
            str(tmp_path / "missing.toml"),
            "--out",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "scenario file not found" in proc.stderr


def test_engine_never_imports_qt():
    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):\n"
        "            raise ImportError('Qt is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import simulator, simulator.cli, simulator.outputs.export, simulator.outputs.figures\n"
        "from simulator import load_scenario, load_areas, run\n"
        "s = load_scenario('scenarios/kruger-as-proposed.toml').updated('simulation.paths', 20)\n"
        "run(s, load_areas(s))\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
