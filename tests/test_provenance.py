"""Every output records the scenario as run, and re-running that record gives its numbers."""

from __future__ import annotations

import hashlib
import json

import pytest

from simulator.analysis.compare import compare
from simulator.cli import main
from simulator.data import load_areas, load_data_source
from simulator.engine import run
from simulator.scenario import scenario_from_dict
from tests.conftest import PRESET


@pytest.fixture
def own_files(tmp_path):
    """The workshop areas as a plain data file, and a population file that changes them."""
    table = load_data_source("builtin:workshop").table
    data = tmp_path / "inputs" / "areas.csv"
    data.parent.mkdir()
    table[["code", "name", "population", "score"]].to_csv(data, index=False)
    population = tmp_path / "inputs" / "people.csv"
    people = table[["code", "population"]].copy()
    people["population"] = (people["population"] * (1 + people.index % 3)).round()
    people.to_csv(population, index=False)
    return data, population


def _rerun(record: dict) -> dict:
    scenario = scenario_from_dict(record["scenario"])
    return json.loads(run(scenario, load_areas(scenario)).to_json())


def test_run_records_the_files_it_read_and_reruns_from_the_record(tmp_path, own_files, monkeypatch):
    """Finding: ``fundsim run S --data F --population P`` recorded ``builtin:workshop``."""
    data, population = own_files
    out = tmp_path / "run.json"
    monkeypatch.chdir(data.parent)
    status = main(
        [
            "run",
            str(PRESET),
            "--data",
            data.name,  # relative to the folder the command runs in
            "--population",
            population.name,
            "--paths",
            "300",
            "--seed",
            "11",
            "--set",
            "endowment.fees=0.012",
            "--set",
            "recovery_fund.progressivity=1.5",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    recorded = doc["scenario"]
    assert recorded["data"]["source"] == str(data.resolve())
    assert recorded["data"]["population"] == str(population.resolve())
    assert recorded["endowment"]["fees"] == 0.012
    assert recorded["recovery_fund"]["progressivity"] == 1.5
    assert recorded["simulation"]["paths"] == 300 and recorded["simulation"]["seed"] == 11
    assert doc["scenario_file"] == str(PRESET)
    files = {f["role"]: f for f in doc["data"]["files"]}
    for role, path in (("areas", data), ("population", population)):
        assert files[role]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert files[role]["path"] == str(path.resolve())
    # the record runs again from another folder and gives the same numbers
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = _rerun(doc)
    for section in ("recovery_fund", "endowment", "data"):
        assert again[section] == doc[section], section


def test_unsaved_edits_are_recorded_and_rerun(scenario, workshop):
    """The app runs its scenario with unsaved edits through the same engine entry point."""
    edited = (
        scenario.updated("simulation.paths", 250)
        .updated("recovery_fund.mechanism", "competitive_simple")
        .updated("endowment.spending_rate", 0.035)
    )
    doc = json.loads(run(edited, workshop).to_json())
    assert doc["scenario"]["recovery_fund"]["mechanism"] == "competitive_simple"
    again = _rerun(doc)
    assert again["recovery_fund"] == doc["recovery_fund"]
    assert again["endowment"] == doc["endowment"]


def test_compare_records_each_option_and_reruns_from_the_record(tmp_path, own_files):
    data, _ = own_files
    out = tmp_path / "compare.json"
    other = tmp_path / "other.toml"
    other.write_text(
        PRESET.read_text(encoding="utf-8").replace("progressivity = 1.0", "progressivity = 2.0"),
        encoding="utf-8",
    )
    status = main(
        [
            "compare",
            str(PRESET),
            str(other),
            "--data",
            str(data),
            "--paths",
            "200",
            "--set",
            "endowment.fees=0.011",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    options = doc["options"]
    assert [o["file"] for o in options] == [str(PRESET), str(other)]
    for o in options:
        assert o["scenario"]["data"]["source"] == str(data.resolve())
        assert o["scenario"]["endowment"]["fees"] == 0.011
    scenarios = [scenario_from_dict(o["scenario"]) for o in options]
    assert scenarios[0].recovery_fund.progressivity != scenarios[1].recovery_fund.progressivity
    again = json.loads(compare(scenarios, [load_areas(s) for s in scenarios]).to_json())
    assert again["metrics"] == doc["metrics"]
    assert again["areas"] == doc["areas"]


def test_a_changed_copy_in_the_app_claims_no_scenario_file(qtbot, document):
    """Finding: comparison outputs gave option A's file as the scenario file of unsaved copies."""
    from ui.compare.options import OptionsList

    options = OptionsList(document)
    qtbot.addWidget(options)
    dialog = options.add_copy_dialog()
    assert document.scenario.path is not None
    assert dialog.scenario.path is None
    assert dialog.scenario.data.source == document.scenario.data.source  # builtin: unchanged
    dialog.accept()
    assert options.options[-1].file is None and options.options[-1].origin == "unsaved"


def test_a_sweep_records_what_it_ran_and_reruns_from_the_record(tmp_path, own_files):
    """Sweeps, tornados and goal seek recorded only the scenario's name."""
    from simulator.analysis.sensitivity.executor import Runner
    from simulator.analysis.sensitivity.export import to_json
    from simulator.analysis.sensitivity.sweep import Axis, sweep

    data, population = own_files
    out = tmp_path / "sweep.json"
    metric = "recovery_fund.share_to_most_deprived.areas_10.mean"
    status = main(
        [
            "sweep",
            str(PRESET),
            "--data",
            str(data),
            "--population",
            str(population),
            "--paths",
            "120",
            "--set",
            "recovery_fund.progressivity=1.4",
            "--metric",
            metric,
            "--vary",
            "endowment.fees=0.0:0.01:2",
            "--workers",
            "1",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    record = doc["scenario_as_run"]
    assert record["data"]["source"] == str(data.resolve())
    assert record["recovery_fund"]["progressivity"] == 1.4
    assert {f["role"]: f["path"] for f in doc["data"]["files"]} == {
        "areas": str(data.resolve()),
        "population": str(population.resolve()),
    }
    scenario = scenario_from_dict(record)
    axes = [Axis(a["key"], a["values"]) for a in doc["axes"]]
    again = json.loads(
        to_json(
            sweep(
                scenario,
                axes,
                [metric],
                Runner(scenario, load_areas(scenario), [metric], workers=1),
            )
        )
    )
    assert again["points"] == doc["points"]


def test_a_report_carries_its_record_and_reruns_from_it(tmp_path, own_files):
    """A Word report records what it ran in its properties; re-running that record gives a
    report with the same tables, and its Inputs table names the files actually read."""
    from docx import Document as read_docx

    from simulator.report import build_report, write_report

    data, population = own_files
    out = tmp_path / "report.docx"
    args = ["report", str(PRESET), "--data", str(data), "--population", str(population)]
    args += ["--paths", "150", "--set", "endowment.fees=0.013", "--date", "2026-01-05"]
    assert main([*args, "--out", str(out)]) == 0
    from simulator.report.render.word import read_record

    [entry] = json.loads(read_record(out))
    assert entry["scenario"]["data"]["population"] == str(population.resolve())
    assert entry["scenario"]["endowment"]["fees"] == 0.013
    scenario = scenario_from_dict(entry["scenario"])
    again = run(scenario, load_areas(scenario))
    second = tmp_path / "again.docx"
    write_report(build_report([again], date="2026-01-05", files=[PRESET]), second)

    def tables(path):
        return [[c.text for c in row.cells] for t in read_docx(str(path)).tables for row in t.rows]

    assert tables(second) == tables(out)
    text = "\n".join(" | ".join(row) for row in tables(out))
    assert population.name in text and data.name in text  # the Inputs table: files read


def test_a_report_says_when_the_scenario_run_is_not_its_file(scenario, workshop):
    """Finding: a comparison report gave option A's file for unsaved options; a scenario run
    with changes is now marked as such next to its file."""
    from simulator.report import build_report
    from simulator.report.model import TitleBlock

    same = run(scenario.updated("simulation.paths", 100), workshop)
    edited = run(
        scenario.updated("simulation.paths", 100).updated("recovery_fund.progressivity", 2.0),
        workshop,
    )

    def file_row(results):
        doc = build_report([results], date="2026-01-05", files=[PRESET])
        title = next(b for b in doc.blocks if isinstance(b, TitleBlock))
        return dict(title.rows)["Scenario file"]

    # paths differ from the file's (100 against the preset's), so both were run with changes
    assert file_row(same).endswith("the Inputs section lists the settings run)")
    assert file_row(run(scenario, workshop)) == str(PRESET)  # the file as saved: no note
    assert "with changes" in file_row(edited)
