"""The Compare window's JSON export carries the same run record as ``fundsim compare``: each
option's scenario as run (with unsaved edits) and the data files read, with their SHA-256; it
validates against docs/results.schema.json and runs again from its record to the same numbers."""

from __future__ import annotations

import hashlib
import json

import pytest

pytest.importorskip("PySide6")

import jsonschema  # noqa: E402

from simulator.analysis.compare import compare  # noqa: E402
from simulator.cli import main  # noqa: E402
from simulator.data import load_data_source  # noqa: E402
from simulator.measures.docs import DOCS, undocumented  # noqa: E402
from simulator.scenario.files import as_run, save_scenario  # noqa: E402
from simulator.scenario.model import scenario_from_dict  # noqa: E402
from tests.conftest import WAIT_MS, write  # noqa: E402
from ui.compare.options import Option  # noqa: E402
from ui.compare.window import CompareWindow  # noqa: E402


def test_compare_window_json_carries_the_run_record(qtbot, document, tmp_path):
    workshop = load_data_source("builtin:workshop").table
    rows = "".join(
        f"{r.code},{r.name},{r.population},{r.score}\n" for r in workshop.itertuples(index=False)
    )
    data = write(tmp_path / "areas.csv", "code,name,population,score\n" + rows)
    # the document's own data file, and an option with an edit never saved
    assert document.edit("data.source", str(data))
    assert document.edit("simulation.paths", 300)
    view = CompareWindow(document)
    qtbot.addWidget(view)
    view.show()
    edited = document.scenario.updated("recovery_fund.progressivity", 1.7)
    view.options.add(Option(edited, None))
    with qtbot.waitSignal(view.runner.finished, timeout=WAIT_MS):
        view.compare_button.click()
    out = tmp_path / "cmp.json"
    assert view.export(str(out))
    view.close()
    exported = json.loads(out.read_text(encoding="utf-8"))

    # the schema of every compare output, and every key documented
    schema = json.loads((DOCS / "results.schema.json").read_text(encoding="utf-8"))
    one = {**schema, "$ref": "#/$defs/compare"}
    one.pop("oneOf")
    errors = list(jsonschema.Draft202012Validator(one).iter_errors(exported))
    assert not errors, [f"{e.json_path}: {e.message[:200]}" for e in errors[:5]]
    assert undocumented("compare", exported) == []

    # each option records its own scenario as run (the unsaved edit included) and its data file
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    options = exported["options"]
    assert [o["file"] for o in options] == [None, None]  # neither saved as shown
    assert options[1]["scenario"]["recovery_fund"]["progressivity"] == 1.7
    assert options[1]["scenario"] == json.loads(json.dumps(as_run(edited)))
    for option in options:
        (read,) = option["data"]["files"]
        assert (read["path"], read["sha256"], read["role"]) == (str(data), digest, "areas")

    # the record runs again, by the command line, to the same numbers
    files = []
    for i, option in enumerate(options):
        files.append(tmp_path / f"option{i}.toml")
        save_scenario(scenario_from_dict(option["scenario"]), files[-1])
    again = tmp_path / "again.json"
    assert main(["compare", *map(str, files), "--out", str(again)]) == 0
    rerun = json.loads(again.read_text(encoding="utf-8"))
    assert rerun["metrics"] == exported["metrics"]
    assert rerun["areas"] == exported["areas"]
    assert [o["data"] for o in rerun["options"]] == [o["data"] for o in options]
    # and in process, from the recorded scenarios and data
    scenarios = [scenario_from_dict(o["scenario"]) for o in options]
    areas = load_data_source(options[0]["scenario"]["data"]["source"])
    assert json.loads(compare(scenarios, areas).to_json())["metrics"] == exported["metrics"]


def test_a_comparison_report_cancelled_while_drawing_says_cancelled(qtbot, document, tmp_path):
    """Cancel pressed after the options have run, while the report is drawn: the exporter says
    cancelled and writes nothing (it used to report 'finished' with no file)."""
    from ui.reports import export

    exporter = export.ReportExporter()
    build = export.build_report

    def build_then_cancel(*args, **kwargs):
        document = build(*args, **kwargs)
        exporter.runner.cancel()  # as the Cancel button does, once the runs are done
        return document

    finished = []
    exporter.finished.connect(finished.append)
    s = document.scenario.updated("simulation.paths", 200)
    out = tmp_path / "r.docx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "build_report", build_then_cancel)
        with qtbot.waitSignal(exporter.runner.cancelled, timeout=WAIT_MS):
            exporter.start_comparison([s, s.updated("recovery_fund.progressivity", 1.5)], out)
    assert finished == [] and not out.exists()
    assert exporter.shutdown()
