"""Project-level promises: the README's commands, CI, docs in step with the code."""

from __future__ import annotations

import re

from simulator.scenario.docs import key_reference
from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


def test_readme_has_exactly_two_quick_start_commands():
    launch, test = readme_commands()
    assert launch.endswith(".venv/bin/fundsim")
    assert "QT_QPA_PLATFORM=offscreen" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test = readme_commands()[1]
    assert test in ci.splitlines()


def test_scenario_format_doc_matches_the_model():
    doc = (REPO / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    assert key_reference() in doc, "run: python -m simulator.scenario.docs"


def test_presets_load_and_run(tmp_path):
    from simulator import load_areas, load_scenario, run

    presets = sorted((REPO / "scenarios").glob("*.toml"))
    assert presets
    for preset in presets:
        s = load_scenario(preset).updated("simulation.paths", 50)
        r = run(s, load_areas(s))
        assert r.recovery.table["mean"].sum() > 0
