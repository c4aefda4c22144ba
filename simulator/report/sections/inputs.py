"""The inputs as readable tables: each setting's label, value and meaning from the scenario model."""

from __future__ import annotations

import re
from typing import Any

from simulator.report.context import ReportContext
from simulator.report.model import Document
from simulator.scenario import section_models
from simulator.scenario.labels import field_label, format_setting, plain_text

SECTION_TITLES = {
    "data": "Data",
    "recovery_fund": "Community Recovery Fund",
    "competition": "Competition by organisations",
    "endowment": "Levelling Up Communities Fund (endowment)",
    "simulation": "Simulation",
}

_COMPETITION = {"capacity_gradient", "bid_probability", "success_rate", "bid_scale", "bid_size_cv"}
_FOR_CHOICE = re.compile(r"^For '([a-z_]+)'")


def applies(section: str, key: str, values: dict[str, Any], description: str) -> bool:
    """Whether a setting matters for this scenario (a competition's keys do not under a formula)."""
    if section == "recovery_fund":
        mechanism = values.get("mechanism", "formula")
        if key in _COMPETITION:
            return mechanism in ("competitive_simple", "hybrid_simple")
        if key == "formula_share":
            return mechanism.startswith("hybrid")
        if key == "second_eligible_share":
            return values.get("second_indicator") is not None
    if section == "endowment":
        choice = _FOR_CHOICE.match(description)
        if choice:
            return choice.group(1) in (values.get("spending_rule"), values.get("return_model"))
        if key in ("inflow_years", "inflow_uncertainty"):
            return bool(values.get("inflow_amount"))
        if key == "correlations":
            return bool(values.get("assets"))
        if key in ("real_return_mean", "real_return_vol"):
            return not values.get("assets")
    if section == "data" and key in ("columns",):
        return bool(values.get(key))
    return True


def setting_rows(scenario: dict[str, Any], section: str) -> list[tuple[str, str, str]]:
    """(label, value, meaning) for every setting of a section that applies to the scenario."""
    models = section_models()
    if section not in models:
        return []
    if section == "competition" and scenario.get("recovery_fund", {}).get("mechanism") not in (
        "competitive",
        "hybrid",
    ):
        return []
    model = models[section]
    values = scenario.get(section, {})
    rows = []
    for key, info in model.model_fields.items():
        description = info.description or ""
        if key not in values or not applies(section, key, values, description):
            continue
        rows.append(
            (field_label(key), format_setting(model, key, values[key]), plain_text(description))
        )
    return rows


def inputs(doc: Document, ctx: ReportContext) -> None:
    """One table per section of the scenario (for a comparison, the first scenario's inputs)."""
    results = ctx.runs[0]
    doc.heading("Inputs")
    doc.para(
        "Every setting of the scenario as run, with its meaning. Settings that do not apply to this scenario "
        "(for example those of a spending rule it does not use) are left out."
    )
    for section, title in SECTION_TITLES.items():
        rows = setting_rows(results.scenario, section)
        if not rows:
            continue
        doc.table(
            f"Inputs: {title}.",
            ["Setting", "Value", "What it means"],
            [list(r) for r in rows],
            [1.5, 1.5, 4.0],
            [False, False, False],
            small=True,
        )
