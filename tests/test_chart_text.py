"""Names drawn as written (issue 26, class 2): matplotlib reads ``$...$`` as mathematics, so an
area or scenario name with dollar signs used to fail a chart, a report or a map, or was drawn as a
formula. Every chart text is now drawn literally, wherever it comes from."""

from __future__ import annotations

import io
import json
import re

import matplotlib
import matplotlib.cbook

matplotlib.use("Agg")

import pytest  # noqa: E402
from docx import Document as read_docx  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from simulator.cli import main  # noqa: E402
from simulator.core.text import chart_text, clean_text  # noqa: E402
from tests.conftest import PRESET  # noqa: E402

HOSTILE = [
    r"$\undefinedmacro$",
    "$" + "{" * 200 + "x" + "}" * 200 + "$",
    r"$\frac{a}{b}$",
    "Costs $5 to $6",
    "Tr\u202eojan",
]


def hostile_inputs(tmp_path, name=r"$\undefinedmacro$ option"):
    data = tmp_path / "areas.csv"
    rows = ["code,name,population,score"]
    rows += [f'WS{i + 1:02d},"{n}",{1000 + 100 * i},{5 + i}' for i, n in enumerate(HOSTILE)]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = PRESET.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^name = ".*"$', lambda _m: f"name = {json.dumps(name)}", text, count=1)
    text = text.replace('source = "builtin:workshop"', f"source = {json.dumps(str(data))}")
    text = text.replace("paths = 2000", "paths = 50")
    scenario = tmp_path / "hostile.toml"
    scenario.write_text(text, encoding="utf-8")
    return scenario, data


def assert_literal(fig: Figure) -> list[str]:
    """Draw the figure; no text in it is read as mathematics. Returns every text drawn."""
    fig.savefig(io.BytesIO(), format="png", dpi=40)
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    for t in texts:
        assert t._preprocess_math(t.get_text())[1] is False, t.get_text()
        # matplotlib measures wrapped text as mathematics whatever parse_math says
        assert not (t.get_wrap() and matplotlib.cbook.is_math_text(t.get_text())), t.get_text()
    return [t.get_text() for t in texts]


def test_chart_text_cleans_and_keeps_dollars():
    assert chart_text("Costs $5 to $6") == "Costs $5 to $6"
    assert chart_text("Tr\u202eojan\u2066x\u2069") == "Trojanx"
    assert clean_text("a\u202eb\x00") == "ab\ufffd"
    assert matplotlib.rcParams["text.parse_math"] is False


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory):
    from simulator import load_areas, load_scenario
    from simulator.engine import run

    scenario, _ = hostile_inputs(tmp_path_factory.mktemp("hostile"))
    s = load_scenario(scenario)
    return run(s, load_areas(s))


def test_every_chart_draws_hostile_names_literally(hostile_results):
    from simulator.outputs import figures
    from simulator.report.charts import CHARTS

    drawn = []
    for chart in [
        figures.allocation_chart,
        figures.per_capita_chart,
        figures.winners_losers_chart,
        figures.area_grants_chart,
        figures.decile_chart,
        figures.endowment_fan_chart,
    ]:
        fig = Figure(figsize=(9, 6))
        chart(fig, hostile_results)
        drawn += assert_literal(fig)
    for spec in CHARTS:
        if not spec.applies(hostile_results):
            continue
        if spec.make is not None:
            fig = spec.make(hostile_results)
        else:
            fig = Figure(figsize=(6.5, spec.height(hostile_results)))
            spec.draw(fig, hostile_results)
        drawn += assert_literal(fig)
    joined = "\n".join(drawn)
    for name in ("Costs $5 to $6", r"$\frac{a}{b}$", r"$\undefinedmacro$"):
        assert name in joined


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_report_with_hostile_names_is_written(tmp_path, capsys, suffix):
    scenario, _ = hostile_inputs(tmp_path)
    out = tmp_path / f"r{suffix}"
    code = main(["report", str(scenario), "--out", str(out), "--date", "2026-01-01"])
    err = capsys.readouterr().err
    assert code == 0, err
    if suffix == ".docx":
        doc = read_docx(str(out))
        text = "\n".join(
            [p.text for p in doc.paragraphs]
            + [c.text for t in doc.tables for r in t.rows for c in r.cells]
        )
        assert "Costs $5 to $6" in text and r"$\frac{a}{b}$" in text
        assert "\u202e" not in text and "Trojan" in text


def test_map_against_a_baseline_with_a_hostile_name(tmp_path, capsys):
    scenario, _ = hostile_inputs(tmp_path)
    (tmp_path / "b").mkdir()
    baseline, _ = hostile_inputs(tmp_path / "b", name="Costs $5 to $6")
    out = tmp_path / "m.png"
    code = main(
        [
            "map",
            str(scenario),
            "--baseline",
            str(baseline),
            "--measure",
            "change",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert out.stat().st_size > 1000
