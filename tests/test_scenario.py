"""Scenario files: loading, validation messages, saving, compatibility."""

from __future__ import annotations

import tomllib

import pytest

from simulator.core.errors import FundsimError
from simulator.scenario import (
    SCHEMA_VERSION,
    Scenario,
    load_scenario,
    save_scenario,
    scenario_from_dict,
)
from tests.conftest import write


def test_preset_loads_with_the_report_figures(scenario):
    assert scenario.schema_version == SCHEMA_VERSION  # a version-1 preset, upgraded on loading
    assert scenario.recovery_fund.total == 500e6
    assert scenario.endowment.initial == 2e9
    assert scenario.data.source == "builtin:workshop"


@pytest.mark.parametrize(
    "section,key,value,message",
    [
        ("recovery_fund", "progressivity", -1, "recovery_fund.progressivity must be >= 0, got -1"),
        ("recovery_fund", "admin_share", 1.5, "recovery_fund.admin_share must be < 1, got 1.5"),
        (
            "recovery_fund",
            "mechanism",
            "lottery",
            "recovery_fund.mechanism must be one of 'formula', 'competitive', 'hybrid', 'competitive_simple' or 'hybrid_simple', got 'lottery'",
        ),
        ("simulation", "paths", 0, "simulation.paths must be >= 1, got 0"),
        ("simulation", "paths", 2.5, "simulation.paths must be a whole number, got 2.5"),
        (
            "endowment",
            "spending_rate",
            "four",
            "endowment.spending_rate must be a number, got 'four'",
        ),
        ("endowment", "spending_rte", 0.04, "endowment.spending_rte is not a known key"),
    ],
)
def test_invalid_field_is_named_in_the_error(tmp_path, section, key, value, message):
    raw = {"schema_version": 1, "name": "x", section: {key: value}}
    with pytest.raises(FundsimError) as err:
        scenario_from_dict(raw, file="bad.toml")
    assert message in str(err.value)
    assert str(err.value).startswith("bad.toml: ")
    assert err.value.problems[0][0] == f"{section}.{key}"


def test_spending_plus_fees_over_one_is_rejected():
    with pytest.raises(FundsimError, match=r"endowment spending_rate \+ fees must be at most 1"):
        scenario_from_dict({"endowment": {"spending_rate": 0.9, "fees": 0.2}})


def test_missing_keys_take_defaults_and_missing_version_means_version_1():
    s = scenario_from_dict({"name": "minimal"})
    assert s.schema_version == SCHEMA_VERSION and s.simulation.paths == Scenario().simulation.paths


def test_newer_schema_version_is_a_clear_error():
    with pytest.raises(FundsimError, match="saved by a newer release"):
        scenario_from_dict({"schema_version": SCHEMA_VERSION + 1})


def test_syntax_error_and_missing_file(tmp_path):
    bad = write(tmp_path / "broken.toml", "name = 'x'\n[simulation\npaths = 3\n")
    with pytest.raises(FundsimError, match=r"broken.toml.*not valid TOML.*line 2"):
        load_scenario(bad)
    with pytest.raises(FundsimError, match="scenario file not found"):
        load_scenario(tmp_path / "nope.toml")


def test_save_round_trips_and_keeps_comments(tmp_path, scenario):
    changed = scenario.updated("recovery_fund.progressivity", 2.5)
    out = save_scenario(changed, tmp_path / "copy.toml")
    text = out.read_text(encoding="utf-8")
    assert "# IMD average score: higher is more deprived." in text  # the preset's own comment
    again = load_scenario(out)
    assert again.recovery_fund.progressivity == 2.5
    assert again.model_dump() == changed.model_dump()
    assert tomllib.loads(text)["schema_version"] == SCHEMA_VERSION


def test_fresh_scenario_is_written_with_descriptions(tmp_path):
    out = save_scenario(Scenario(name="New"), tmp_path / "new.toml")
    text = out.read_text(encoding="utf-8")
    assert "# Size of the fund in pounds." in text
    assert load_scenario(out).model_dump() == Scenario(name="New").model_dump()


def test_relative_data_path_is_rebased_on_save_as(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deep").mkdir(parents=True)
    write(tmp_path / "a" / "areas.csv", "code,name,population,score\nX1,X,10,5\n")
    src = write(tmp_path / "a" / "s.toml", 'schema_version = 1\n[data]\nsource = "areas.csv"\n')
    s = load_scenario(src)
    out = save_scenario(s, tmp_path / "b" / "deep" / "s.toml")
    moved = load_scenario(out)
    assert moved.data.source == "../../a/areas.csv"
    assert moved.resolve(moved.data.source) == (tmp_path / "a" / "areas.csv").resolve()


def test_failed_save_leaves_existing_file_untouched(tmp_path, scenario, monkeypatch):
    target = write(tmp_path / "keep.toml", "original contents\n")
    import simulator.scenario.toml as st

    def boom(_scenario):
        raise RuntimeError("disk full")

    monkeypatch.setattr(st, "to_toml", boom)
    with pytest.raises(RuntimeError):
        save_scenario(scenario, target)
    assert target.read_text(encoding="utf-8") == "original contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.toml"]


def test_updated_validates(scenario):
    with pytest.raises(FundsimError, match="endowment.fees must be <= 0.2, got 0.5"):
        scenario.updated("endowment.fees", 0.5)
    assert scenario.updated("endowment.fees", 0.01).endowment.fees == 0.01


def test_saved_file_gets_normal_permissions(tmp_path, scenario):
    import os
    import stat

    out = save_scenario(scenario, tmp_path / "perm.toml")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    os.chmod(out, 0o640)
    save_scenario(scenario, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
