"""Reports (Word and PDF): their numbers equal the JSON results of the same run, every chart and
the provenance are there, the output is byte-stable for a fixed date, and bad input gives one line."""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document as read_docx
from PIL import Image

from simulator.cli import main
from simulator.core.money import format_money, format_money_in, format_share, money_unit
from simulator.data import load_data_source
from simulator.engine import run
from simulator.report import build_report, write_report
from simulator.report import render_bytes as render
from simulator.report.charts import CHARTS, DPI
from simulator.report.model import TitleBlock
from simulator.report.sections.summary import headlines
from simulator.scenario import load_scenario, section_models
from simulator.scenario.labels import CHOICES, LABELS
from tests.conftest import PRESET, REPO

DATE = "2026-03-01"


@pytest.fixture(scope="module")
def preset_run():
    scenario = load_scenario(PRESET).updated("simulation.paths", 400)
    return run(scenario, load_data_source("builtin:workshop"))


@pytest.fixture(scope="module")
def preset_doc(preset_run):
    return build_report([preset_run], date=DATE, files=[PRESET])


def _table(doc, caption_start: str):
    return next(t for t in doc.tables() if t.caption.startswith(caption_start))


def test_headline_figures_equal_the_json_results(preset_run, preset_doc):
    d = json.loads(preset_run.to_json())
    rf, en = d["recovery_fund"], d["endowment"]
    rows = {r[0]: r[1:] for r in _table(preset_doc, "Headline figures").rows}
    assert rows["Recovery fund total"][0] == format_money(rf["total"])
    assert rows["Distributed to areas"][0] == format_money(rf["distributed"])
    share = rf["share_to_most_deprived"]["areas_10"]
    # Value, Monte Carlo error (the mean's standard error, as the JSON carries it), range.
    se = share["mean_se"]
    assert rows["Share to the most deprived 10% of areas"] == (
        format_share(share["mean"]),
        f"± {format_share(se)}",
        f"{format_share(share['p5'])} to {format_share(share['p95'])}",
    )
    people = rf["share_to_most_deprived"]["population_10"]
    assert rows["Share to the most deprived 10% of people"][0] == format_share(people["mean"])
    h = d["scenario"]["simulation"]["horizon_years"]
    p = en["prob_real_value_preserved"]
    assert rows[f"Probability the real value is preserved after {h} years"][:2] == (
        format_share(p),
        f"± {format_share(math.sqrt(p * (1 - p) / 400))}",
    )
    assert rows[f"Probability the endowment is depleted within {h} years"][0] == format_share(
        en["prob_depleted"]
    )
    # a median: its order-statistic interval, never a "±"
    median = rows[f"Median real value at the horizon (year {h}, pounds of year 0)"]
    assert median[:2] == (
        format_money(en["value_real"]["p50"][-1]),
        f"95% interval {format_money(en['value_real']['p50_low'][-1])} to "
        f"{format_money(en['value_real']['p50_high'][-1])}",
    )
    assert rows["Median real grants in the first year"][0] == format_money(
        en["grants_real"]["p50"][0]
    )
    # The sentences quote the same figures.
    text = preset_doc.text()
    assert (
        f"{format_share(share['mean'])} ± {format_share(se)} of the money reaches the most deprived 10% of areas"
        in text
    )
    assert f"keeps its real value after {h} years in {format_share(p)} ± " in text
    # Each headline's number is the JSON value it is printed from.
    assert {hd.label: hd.value for hd in headlines(preset_run)}["Recovery fund total"] == rf[
        "total"
    ]


def test_area_tables_equal_the_json_results(preset_run, preset_doc):
    areas = json.loads(preset_run.to_json())["recovery_fund"]["areas"]
    expected = sorted(areas, key=lambda a: (-a["mean"], a["code"]))
    table = _table(preset_doc, "Allocation to each of the 12 areas")
    assert [r[1] for r in table.rows] == [a["code"] for a in expected]
    # every money column in one unit, that of its largest amount
    unit = money_unit([a[k] for a in expected for k in ("mean", "p5", "p95")])
    for row, area in zip(table.rows, expected):
        assert row[0] == area["name"]
        assert row[2] == f"{area['population']:,.0f}"
        assert row[3] == format_money_in(area["mean"], unit)
        assert (
            row[4] == f"{format_money_in(area['p5'], unit)} to {format_money_in(area['p95'], unit)}"
        )
        assert row[6] == format_share(area["prob_funded"], 0)
    assert len({r[3][-1] for r in table.rows} | {r[4][-1] for r in table.rows}) == 1
    deciles = json.loads(preset_run.to_json())["recovery_fund"]["by_decile"]
    decile_rows = _table(preset_doc, "Money by need decile").rows
    unit = money_unit([x[k] for x in deciles for k in ("mean", "p5", "p95")])
    assert [r[3] for r in decile_rows] == [format_money_in(x["mean"], unit) for x in deciles]
    assert [r[5] for r in decile_rows] == [format_share(x["share"]) for x in deciles]


def test_the_endowment_by_year_pairs_a_years_value_with_that_years_grants(preset_run, preset_doc):
    en = json.loads(preset_run.to_json())["endowment"]
    table = _table(preset_doc, "The endowment by year")
    assert table.header[:4] == (
        "End of year",
        "Median value at the end of the year",
        "90% of futures between",
        "Median grants paid in the year",
    )
    rows = {r[0]: r for r in table.rows}
    assert rows["Start"][3] == "–"
    # year 50, the fund's last: its value after 50 years (years[50]) and the grants paid in
    # that same year, the 50th (index 49), each column in one unit
    h = en["years"][-1]
    value = en["value_real"]
    unit = money_unit(
        [
            value[k][y]
            for y in (0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50)
            for k in ("p5", "p50", "p95")
        ]
    )
    grants = money_unit([en["grants_real"]["p50"][y - 1] for y in range(5, h + 1, 5)])
    assert rows[str(h)][1] == format_money_in(value["p50"][h], unit)
    assert rows[str(h)][3] == format_money_in(en["grants_real"]["p50"][h - 1], grants)
    assert len(en["grants_real"]["p50"]) == h  # there are no grants of a year 51
    assert f"the last row is the value after {h} years" in table.caption


def test_every_listed_chart_is_in_both_formats(preset_run, preset_doc):
    listed = [spec for spec in CHARTS if spec.applies(preset_run)]
    figures = preset_doc.figures()
    assert [f.number for f in figures] == list(range(1, len(listed) + 1))
    assert [f.caption for f in figures] == [s.caption for s in listed]
    for figure in figures:
        image = Image.open(io.BytesIO(figure.png))
        assert image.size == (
            round(figure.width_in * DPI),
            round(figure.height_in * DPI),
        )  # print resolution
        assert figure.source.startswith("Source: Data:") and "seed 2020" in figure.source
    docx = read_docx(io.BytesIO(render(preset_doc, ".docx")))
    assert len(docx.inline_shapes) == len(listed)
    captions = [
        "".join(p._p.xpath(".//w:t/text()")) for p in docx.paragraphs if p.style.name == "Caption"
    ]  # with the SEQ field
    assert [c for c in captions if c.startswith("Figure")] == [
        f"Figure {f.number}: {f.caption}" for f in figures
    ]
    assert [c for c in captions if c.startswith("Table")] == [
        f"Table {t.number}: {t.caption}" for t in preset_doc.tables()
    ]
    assert {p.style.name for p in docx.paragraphs if p.text in ("Summary", "Inputs", "Charts")} == {
        "Heading 1"
    }
    # Every table's header row repeats on each page.
    assert all(
        t.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
        for t in docx.tables[1:]
    )


def test_provenance_names_files_and_hashes(preset_run, preset_doc):
    title = next(b for b in preset_doc.blocks if isinstance(b, TitleBlock))
    rows = dict(title.rows)
    data = json.loads(preset_run.to_json())
    f = data["data"]["files"][0]
    assert rows["Area data file"] == f"{f['name']} ({f['rows']:,} rows)"
    assert rows["SHA-256"] == f["sha256"] and len(f["sha256"]) == 64
    assert rows["Seed"] == "2020" and rows["Monte Carlo paths"] == "400" and rows["Date"] == DATE
    # run with 400 paths, not the file's 2,000: the file is named, and marked as changed
    assert rows["fundsim version"] == data["fundsim_version"] and rows["Scenario file"] == (
        f"{PRESET} (run with changes to it: the Inputs section lists the settings run)"
    )
    docx_text = "\n".join(
        c.text
        for t in read_docx(io.BytesIO(render(preset_doc, ".docx"))).tables
        for r in t.rows
        for c in r.cells
    )
    assert f["sha256"] in docx_text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_pdf_text_carries_hash_and_figures(tmp_path, preset_run, preset_doc):
    out = write_report(preset_doc, tmp_path / "r.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert preset_run.data.files[0].sha256 in text
    assert "Page 1 of" in text
    for figure in preset_doc.figures():
        assert f"Figure {figure.number}:" in text
    assert format_money(preset_run.recovery.distributed) in text


def test_no_key_names_or_python_reprs(preset_doc):
    text = preset_doc.text()
    keys = {k for m in section_models().values() for k in m.model_fields if "_" in k} | {
        c for c in CHOICES if "_" in c
    }
    words = set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text))
    assert not words & keys, words & keys
    for bad in ("None", "nan", "True", "False", "{", "}", "[", "]", "np.", "array("):
        assert bad not in text, bad


def test_every_scenario_key_has_a_label():
    for model in section_models().values():
        for key in model.model_fields:
            assert key in LABELS, key


def test_same_date_gives_the_same_bytes(preset_run):
    for suffix in (".docx", ".pdf"):
        a = render(build_report([preset_run], date=DATE), suffix)
        b = render(build_report([preset_run], date=DATE), suffix)
        c = render(build_report([preset_run], date="2026-03-02"), suffix)
        assert a == b, suffix
        assert a != c, suffix


def test_comparison_report_has_paired_results_and_the_exemplification_table():
    from simulator.report.runs import run_for_report

    first = load_scenario(PRESET).updated("simulation.paths", 300)
    second = (
        load_scenario(REPO / "scenarios" / "targeted-most-deprived.toml")
        .updated("simulation.paths", 300)
        .updated("simulation.seed", 7)
    )
    workshop = load_data_source("builtin:workshop")
    runs, extras = run_for_report([first, second], [workshop, workshop])
    assert [r.seed for r in runs] == [
        2020,
        2020,
    ]  # the second scenario runs on the baseline's draws
    doc = build_report(runs, date=DATE, extras=extras)
    table = _table(doc, "Headline figures, scenario by scenario")
    assert table.header == ("Measure", first.name, second.name)
    rows = {r[0]: r[1:] for r in table.rows}
    assert tuple(
        v.split(" ±")[0] for v in rows["Share to the most deprived 10% of areas"]
    ) == tuple(
        format_share(r.recovery.measures["share_to_most_deprived"]["areas_10"]["mean"])
        for r in runs
    )
    # The exemplification table equals the comparison's JSON, area by area.
    data = json.loads(extras["comparison"].to_json())
    exemplification = _table(doc, "Exemplification: A")
    by_name = {a["name"]: a for a in data["areas"]}
    assert len(exemplification.rows) == len(data["areas"]) == 12
    money = money_unit([a["mean"][i] for a in data["areas"] for i in (0, 1)])
    moved = money_unit(
        [a[k][1] for a in data["areas"] for k in ("change_mean", "change_p5", "change_p95")]
    )
    for row in exemplification.rows:
        area = by_name[row[0]]
        assert row[1] == format_money_in(area["mean"][0], money)
        assert row[2] == format_money_in(area["mean"][1], money)
        assert row[3] == format_money_in(area["change_mean"][1], moved, signed=True)
        assert row[7] == format_share(area["prob_gain"][1], 0)
    paired = {r[0]: r[1:] for r in _table(doc, "Headline measures: the baseline").rows}
    metric = next(
        m for m in data["metrics"] if m["name"] == "recovery_fund.share_to_most_deprived.areas_10"
    )
    assert paired[metric["label"]][0] == format_share(metric["values"][0])
    assert paired[metric["label"]][1].startswith("+" + format_share(metric["difference_mean"][1]))
    differ = _table(doc, "Settings that differ")
    assert differ.rows and all(len(set(r[1:])) > 1 for r in differ.rows)
    assert render(doc, ".docx")[:2] == b"PK" and render(doc, ".pdf")[:5] == b"%PDF-"


def test_cli_writes_both_formats(tmp_path, capsys):
    for name in ("r.docx", "r.pdf"):
        out = tmp_path / name
        assert (
            main(["report", str(PRESET), "--paths", "200", "--date", DATE, "--out", str(out)]) == 0
        )
        assert out.stat().st_size > 50_000
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--out", "x.txt"], "unknown report format '.txt'"),
        (["--out", "missing/x.pdf"], "output folder does not exist"),
        (["--out", "x.pdf", "--date", "24/11/2026"], "--date must be a date written YYYY-MM-DD"),
        (["--out", "x.pdf", "--paths", "2000000"], "simulation.paths must be <= 1000000"),
        (
            ["--out", "x.pdf", "--set", "recovery_fund.progressivity=-1"],
            "recovery_fund.progressivity must be >= 0",
        ),
    ],
)
def test_bad_input_gives_one_line(tmp_path, capsys, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(PRESET), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and err.startswith("fundsim: error:") and "\n" not in err
    assert not list(tmp_path.glob("*.pdf"))


def test_malformed_scenario_and_too_many_scenarios(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[recovery_fund\ntotal = 1\n", encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert "bad.toml" in err and "\n" not in err
    assert main(["report", *[str(PRESET)] * 5, "--out", str(tmp_path / "r.pdf")]) == 2
    assert "at most 4 scenarios, got 5" in capsys.readouterr().err


def test_district_report_lists_every_district_in_the_annex(shared_iod):
    scenario = (
        load_scenario(PRESET)
        .updated("simulation.paths", 200)
        .updated("recovery_fund.need_indicator", "rank_exponential")
    )
    areas = load_data_source(
        shared_iod / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
        population=shared_iod / "File_6_-_IoD2019_Population_Denominators.csv",
        level="lad",
    )
    results = run(scenario, areas)
    doc = build_report([results], date=DATE)
    annex = _table(doc, "Allocation to each of the 317 districts")
    assert len(annex.rows) == 317
    assert [r[1] for r in annex.rows] == list(
        results.recovery.table.sort_values(["mean", "code"], ascending=[False, True])["code"]
    )
    assert "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv" in doc.text()
    assert "Contains data from the English Indices of Deprivation 2019" in doc.text()


def test_workbooks_declaring_entities_are_refused_whichever_xml_parser(tmp_path):
    # python-docx brings lxml, with which openpyxl would skip defusedxml; the guard reads the
    # parts' prologs itself, before any parser sees them.
    from openpyxl import Workbook

    from simulator.core.errors import FundsimError
    from simulator.data.guards import ENTITY_MESSAGE, check_workbook

    book = Workbook()
    book.active.append(["code", "name", "population", "score"])
    book.active.append(["A", "Area", 100, 3])
    book.save(tmp_path / "good.xlsx")
    good = (tmp_path / "good.xlsx").read_bytes()
    check_workbook(good, "good.xlsx")  # a normal workbook passes
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    body = sheet[sheet.index(b"?>") + 2 :] if sheet.startswith(b"<?xml") else sheet
    parts["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
    )
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(
        FundsimError, match="contains XML entity or document type declarations"
    ) as info:
        check_workbook(evil.getvalue(), "evil.xlsx")
    assert ENTITY_MESSAGE in str(info.value)


def test_tornado_and_goal_seek_results_are_reported_as_written(tmp_path, capsys):
    tornado, solve = tmp_path / "tornado.json", tmp_path / "solve.json"
    common = [str(PRESET), "--paths", "200", "--metric", "endowment.prob_real_value_preserved"]
    assert (
        main(
            [
                "sensitivity",
                *common,
                "--vary",
                "endowment.spending_rate=0.03,0.05",
                "--vary",
                "endowment.fees=0.002,0.01",
                "--out",
                str(tornado),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "solve",
                *common,
                "--vary",
                "endowment.spending_rate=0.0:0.08",
                "--target",
                "0.5",
                "--out",
                str(solve),
            ]
        )
        == 0
    )
    from simulator.report.sections.sensitivity import load_analysis

    preset = load_scenario(PRESET).updated("simulation.paths", 200)
    results = run(preset, load_data_source("builtin:workshop"))
    analyses = [load_analysis(tornado), load_analysis(solve)]
    doc = build_report([results], date=DATE, extras={"analyses": analyses})
    rows = {r[0]: r for r in _table(doc, "Tornado:").rows}
    bars = json.loads(tornado.read_text(encoding="utf-8"))["bars"]
    assert list(rows) == [
        {"endowment.spending_rate": "Spending rate", "endowment.fees": "Fees"}[b["key"]]
        for b in bars
    ]  # largest swing first
    spending = next(b for b in bars if b["key"] == "endowment.spending_rate")
    row = rows["Spending rate"]
    assert row[1:3] == ("3.00% a year", "5.00% a year")
    assert row[3].startswith(format_share(spending["metric_at_low"])) and row[4].startswith(
        format_share(spending["metric_at_high"])
    )
    assert row[5] == format_share(spending["swing"])
    sought = json.loads(solve.read_text(encoding="utf-8"))
    assert f"Spending rate of {format_share(sought['value'], 2)} a year gives" in doc.text()
    lo, hi = (format_share(v, 2) for v in sought["interval"])
    assert f"its 95% interval is {lo} a year to {hi} a year" in doc.text()
    assert any(f.caption.startswith("Tornado:") for f in doc.figures())


def test_a_bad_analysis_file_gives_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    for text, needle in (
        ("{not json", "is not a readable JSON result"),
        ('{"kind": "sweep"}', "is not the JSON of fundsim sensitivity"),
    ):
        bad.write_text(text, encoding="utf-8")
        assert (
            main(["report", str(PRESET), "--analysis", str(bad), "--out", str(tmp_path / "r.pdf")])
            == 2
        )
        err = capsys.readouterr().err.strip()
        assert needle in err and "bad.json" in err and "\n" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_cli_comparison_report_takes_the_gain_threshold(tmp_path, capsys):
    from simulator.analysis.compare import compare

    first = REPO / "scenarios" / "kruger-as-proposed.toml"  # both presets on England's districts
    second = REPO / "scenarios" / "targeted-most-deprived.toml"
    out = tmp_path / "c.docx"
    assert (
        main(
            [
                "report",
                str(first),
                str(second),
                "--paths",
                "200",
                "--threshold",
                "5",
                "--date",
                DATE,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = "\n".join(p.text for p in read_docx(str(out)).paragraphs)
    assert "gaining or losing more than £5 per head" in text
    scenarios = [load_scenario(p).updated("simulation.paths", 200) for p in (first, second)]
    c = compare(scenarios, load_data_source("builtin:england-districts-2025"), threshold=5.0)
    cells = {
        row.cells[0].text: row.cells[1].text
        for table in read_docx(str(out)).tables
        for row in table.rows
        if len(row.cells) == 2
    }
    for w in c.winners_losers:  # the counts are the comparison's at £5 a head
        assert (
            cells[w["label"]]
            == f"{w['on_mean_change'][1]:,.0f} ({w['p5'][1]:,.0f} to {w['p95'][1]:,.0f})"
        )
    capsys.readouterr()
    assert (
        main(
            [
                "report",
                str(PRESET),
                str(second),
                "--threshold",
                "-1",
                "--out",
                str(tmp_path / "d.pdf"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert (
        "--threshold must be >= 0" in err and "\n" not in err and not (tmp_path / "d.pdf").exists()
    )
