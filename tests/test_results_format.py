"""docs/results-format.md and docs/results.schema.json are generated from the measures registry;
every JSON output validates against the schema and has every key documented."""

from __future__ import annotations

import json

import jsonschema
import pytest

from simulator.analysis.compare import compare
from simulator.cli import main
from simulator.engine import run
from simulator.measures import MEASURES
from simulator.measures.docs import document, schema_text, undocumented
from tests.conftest import REPO

DOCS = REPO / "docs"


def test_the_committed_documents_are_up_to_date():
    assert (DOCS / "results-format.md").read_text(encoding="utf-8") == document(), (
        "run: python -m simulator.measures.docs"
    )
    assert (DOCS / "results.schema.json").read_text(encoding="utf-8") == schema_text(), (
        "run: python -m simulator.measures.docs"
    )


def test_every_measure_is_in_the_document():
    text = document()
    for m in MEASURES:
        assert f"`{m.path}`" in text and m.label in text


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from simulator import load_scenario
    from simulator.data import load_data_source

    scenario = load_scenario(REPO / "scenarios" / "kruger-as-proposed.toml").updated(
        "simulation.paths", 200
    )
    competitive = load_scenario(REPO / "scenarios" / "levelling-up-fund-round-1.toml").updated(
        "simulation.paths", 100
    )
    workshop = load_data_source("builtin:workshop")
    docs = {
        "run": [
            json.loads(run(scenario, workshop).to_json()),
            json.loads(
                run(
                    scenario.updated("simulation.bands", [10, 50, 90]).updated(
                        "recovery_fund.mechanism", "competitive"
                    ),
                    workshop,
                ).to_json()
            ),
            json.loads(run(competitive, workshop).to_json()),
        ],
        "compare": [
            json.loads(
                compare(
                    [scenario, scenario.updated("recovery_fund.progressivity", 2.0)], workshop
                ).to_json()
            )
        ],
        "sensitivity": [],
    }
    folder = tmp_path_factory.mktemp("analysis")
    preset = str(REPO / "scenarios" / "kruger-as-proposed.toml")
    metric = "endowment.prob_real_value_preserved"
    common = ["--paths", "100", "--metric", metric, "--workers", "1"]
    commands = {
        "sweep.json": [
            "sweep",
            preset,
            *common,
            "--metric",
            "recovery_fund.awarded.p5",
            "--vary",
            "endowment.spending_rate=0.03:0.05:2",
        ],
        "tornado.json": ["sensitivity", preset, *common, "--vary", "endowment.fees=0.0,0.01"],
        "morris.json": [
            "sensitivity",
            preset,
            *common,
            "--method",
            "morris",
            "--samples",
            "2",
            "--vary",
            "endowment.fees=0.0,0.01",
            "--vary",
            "endowment.spending_rate=0.03,0.05",
        ],
        "solve.json": [
            "solve",
            preset,
            *common,
            "--vary",
            "endowment.spending_rate=0.02:0.06",
            "--target",
            "0.5",
            "--tolerance",
            "0.005",
        ],
    }
    for name, args in commands.items():
        assert main([*args, "--out", str(folder / name)]) == 0, name
        docs["sensitivity"].append(json.loads((folder / name).read_text(encoding="utf-8")))
    return docs


@pytest.mark.parametrize("kind", ["run", "compare", "sensitivity"])
def test_every_output_validates_and_every_key_is_documented(outputs, kind):
    schema = json.loads((DOCS / "results.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for doc in outputs[kind]:
        assert undocumented(kind, doc) == []
        one = {**schema, "$ref": f"#/$defs/{kind}"}
        one.pop("oneOf")
        errors = sorted(
            jsonschema.Draft202012Validator(one).iter_errors(doc), key=lambda e: e.json_path
        )
        assert not errors, [f"{e.json_path}: {e.message[:200]}" for e in errors[:5]]
    assert validator.is_valid(outputs[kind][0])


def test_an_undocumented_key_or_a_wrong_type_is_caught(outputs):
    doc = json.loads(json.dumps(outputs["run"][0]))
    doc["recovery_fund"]["surprise"] = 1.0
    assert undocumented("run", doc) == ["recovery_fund.surprise"]
    schema = json.loads((DOCS / "results.schema.json").read_text(encoding="utf-8"))
    one = {**schema, "$ref": "#/$defs/run"}
    one.pop("oneOf")
    assert not jsonschema.Draft202012Validator(one).is_valid(doc)
    doc = json.loads(json.dumps(outputs["run"][0]))
    doc["seed"] = "eleven"
    assert not jsonschema.Draft202012Validator(one).is_valid(doc)
