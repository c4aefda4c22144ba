"""Districts as they are: the change table since 2019, the 2025 hex layout chosen by the data,
and IoD2019 against IoD2025 compared over the 296 districts of 2024."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from simulator import load_scenario, run
from simulator.analysis.compare import compare
from simulator.cli import main
from simulator.core.errors import FundsimError
from simulator.data import load_data_source
from simulator.data.districts import (
    DISTRICT_CHANGES,
    add_up_to_2024,
    same_district,
    targets_2024,
    to_2024,
)
from simulator.data.hexmap import ENGLISH_PREFIXES, england_districts, layout_for
from simulator.data.vintage import COMPARABILITY_CAVEAT
from tests.conftest import PRESET, REPO, write
from tests.test_iod2019 import file10

ENGLAND = REPO / "scenarios" / "kruger-as-proposed.toml"


def test_change_table_turns_the_317_districts_of_2019_into_the_296_of_2024():
    old = england_districts("2019").codes
    new = england_districts("2025").codes
    assert (len(old), len(new)) == (317, 296)
    merged = [c for c in DISTRICT_CHANGES if c.kind == "merge"]
    assert len(merged) == 4 + 7 + 6 + 7 + 4  # Bucks, Northants, Cumbria, N Yorks, Somerset
    assert len({c.new_code for c in merged}) == 7
    assert {same_district(to_2024(c)) for c in old} == {same_district(c) for c in new}
    # every abolished district is a 2019 district, every new one a 2024 district, names as mapped
    old_names = dict(zip(old, england_districts("2019").names))
    new_names = dict(zip(new, england_districts("2025").names))
    for c in DISTRICT_CHANGES:
        assert old_names[c.old_code] == c.old_name and new_names[c.new_code] == c.new_name
    assert to_2024("E07000165") == "E06000065"  # Harrogate is in North Yorkshire
    assert to_2024("E08000016") == "E08000038"  # Barnsley, recoded in 2024
    assert to_2024("E06000009") == "E06000009"  # Blackpool did not change


def test_change_table_matches_the_published_releases(shared_iod, shared_iod2025):
    iod2019 = pd.read_csv(shared_iod / "lad_imd2019_population_weighted_scores.csv")["LAD19CD"]
    iod2025 = pd.read_csv(shared_iod2025 / "lad24_population_mid2022.csv")["code"]
    assert len(iod2019) == 317 and len(iod2025) == 296
    assert (targets_2024(iod2019, iod2025) >= 0).all()
    assert len(set(targets_2024(iod2019, iod2025))) == 296


def test_a_result_on_2019_districts_adds_up_to_2024_districts():
    old = england_districts("2019")
    frame = pd.DataFrame(
        {"code": old.codes, "name": old.names, "money": np.arange(1.0, len(old) + 1)}
    )
    out = add_up_to_2024(frame, ["money"]).set_index("code")
    assert len(out) == 296 and out["money"].sum() == frame["money"].sum()
    north_yorkshire = [c.old_code for c in DISTRICT_CHANGES if c.new_code == "E06000065"]
    assert (
        out.loc["E06000065", "money"] == frame.set_index("code").loc[north_yorkshire, "money"].sum()
    )
    assert out.loc["E06000065", "name"] == "North Yorkshire"
    assert out.loc["E08000039", "name"] == "Sheffield"


def test_england_built_in_is_drawn_on_todays_districts():
    areas = load_data_source("builtin:england-districts-2025")
    layout = layout_for(areas.codes)
    assert layout.title == "Local authority districts (2024)"
    assert set(layout.codes) == set(areas.codes)  # nothing hatched, nothing missing
    for code in ("E06000063", "E06000064", "E06000065", "E06000066"):
        assert code in layout.codes  # Cumberland, Westmorland and Furness, N Yorks, Somerset
    # the data keep Barnsley's pre-2024 code, the layout has the new one: they still join
    assert "E08000016" in areas.codes and "E08000016" in layout.codes
    assert "E08000038" not in layout.codes
    assert layout_for(["E08000038", "E06000065"]).codes.count("E08000038") == 1
    old = layout_for(england_districts("2019").codes)
    assert old.title == "Local authority districts (2019)" and len(old) == 317


def _iod2019_districts(tmp_path):
    """IoD2019 at district level: a File 10 workbook of the 317 districts of 2019 (made-up
    figures) and a population table."""
    old = england_districts("2019")
    rng = np.random.default_rng(5)
    rows = [
        [c, n, 20000.0, i + 1, float(rng.uniform(5, 45)), i + 1, 0.1, i + 1, 0.2, i + 1, 0.0, 1]
        for i, (c, n) in enumerate(zip(old.codes, old.names))
    ]
    path = file10(tmp_path / "File_10_IoD2019.xlsx", rows)
    pop = write(
        tmp_path / "pop2019.csv",
        "code,population\n"
        + "".join(f"{c},{int(rng.integers(50_000, 400_000))}\n" for c in old.codes),
    )
    return path, pop


def test_iod2019_against_iod2025_over_2024_districts(tmp_path):
    path, pop = _iod2019_districts(tmp_path)
    a19 = load_data_source(path, population=pop)
    a25 = load_data_source("builtin:england-districts-2025")
    assert (a19.provenance.vintage, a25.provenance.vintage) == ("2019", "2025")
    s = load_scenario(ENGLAND).updated("simulation.paths", 200)
    c = compare([s, s], [a19, a25], names=["IoD2019", "IoD2025"])
    assert len(c.areas) == 296 and c.data["vintage"] == "2025"
    assert c.caveat == COMPARABILITY_CAVEAT and COMPARABILITY_CAVEAT in c.notes[0]
    assert c.to_dict()["comparability_caveat"] == COMPARABILITY_CAVEAT
    # option A's money per 2024 district is its own run's money per 2019 district, added up
    alone = run(s, a19).recovery.table[["code", "name", "mean"]]
    added = add_up_to_2024(alone, ["mean"]).set_index("code")["mean"]
    table = c.areas.set_index("code")
    for code in ("E06000065", "E06000066", "E06000060", "E06000009"):
        assert table.loc[code, "A_mean"] == pytest.approx(added[code], rel=1e-9)
    assert table.loc["E08000016", "A_mean"] == pytest.approx(added["E08000038"], rel=1e-9)
    assert table["A_mean"].sum() == pytest.approx(table["B_mean"].sum())


def test_other_mixes_of_data_are_still_refused(tmp_path, workshop):
    a25 = load_data_source("builtin:england-districts-2025")
    s = load_scenario(PRESET).updated("simulation.paths", 50)
    with pytest.raises(FundsimError, match="options can only be compared over the same areas"):
        compare([s, s], [workshop, a25])


def test_cli_compares_the_same_option_on_both_releases(tmp_path):
    path, pop = _iod2019_districts(tmp_path)
    text = ENGLAND.read_text(encoding="utf-8")
    old = write(
        tmp_path / "on-iod2019.toml",
        text.replace(
            'source = "builtin:england-districts-2025"',
            f'source = "{path.name}"\npopulation = "{pop.name}"',
        ),
    )
    out = tmp_path / "what-changes.json"
    assert main(["compare", str(old), str(ENGLAND), "--paths", "100", "--out", str(out)]) == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["comparability_caveat"] == COMPARABILITY_CAVEAT
    assert [o["data"]["vintage"] for o in d["options"]] == ["2019", "2025"]
    assert len(d["areas"]) == 296
    assert all(code.startswith(ENGLISH_PREFIXES) for code in (a["code"] for a in d["areas"]))


def test_report_on_both_releases_carries_the_caveat_and_both_credits(tmp_path):
    import docx

    path, pop = _iod2019_districts(tmp_path)
    text = ENGLAND.read_text(encoding="utf-8")
    old = write(
        tmp_path / "on-iod2019.toml",
        text.replace(
            'source = "builtin:england-districts-2025"',
            f'source = "{path.name}"\npopulation = "{pop.name}"',
        ),
    )
    out = tmp_path / "what-changes.docx"
    args = ["report", str(old), str(ENGLAND), "--paths", "100", "--date", "2026-12-03"]
    assert main([*args, "--out", str(out)]) == 0
    body = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert COMPARABILITY_CAVEAT in body
    assert "Contains data from the English Indices of Deprivation 2019 (MHCLG)" in body
    assert "Contains data from the English Indices of Deprivation 2025 (MHCLG) and ONS" in body
    assert "run on the same data" not in body
