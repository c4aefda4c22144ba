"""Readable names for scenario keys, their choices and the need indicators.

The app's form, the reports and any other place that shows a setting to a person use these, so
a reader sees "Fund size" and "Fixed rate", never ``total`` or ``fixed_rate``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from simulator.core.money import format_money, format_share
from simulator.scenario.base import field_unit

#: Short labels for keys, as the app's form and the reports show them.
LABELS = {
    "source": "Area data",
    "population": "Population file",
    "level": "Level",
    "population_measure": "Population counted",
    "columns": "Column names",
    "total": "Fund size",
    "admin_share": "Admin top-slice",
    "mechanism": "Mechanism",
    "need_indicator": "Need indicator",
    "need_weights": "Need weights",
    "progressivity": "Progressivity",
    "eligible_share": "Eligible areas",
    "eligibility_basis": "Eligible by",
    "second_indicator": "Second indicator",
    "second_eligible_share": "Second test: eligible",
    "floor": "Floor per area",
    "floor_per_head": "Floor per head",
    "cap_share": "Cap per area (share)",
    "cap": "Cap per area (£)",
    "rounds": "Rounds",
    "formula_share": "Hybrid: formula share",
    "capacity_gradient": "Capacity bias (simple model)",
    "bid_probability": "Chance of bidding",
    "success_rate": "Bid success rate",
    "bid_scale": "Bid size (× entitlement)",
    "bid_size_cv": "Bid size spread (CV)",
    "indicator_uncertainty": "Indicator uncertainty",
    "initial": "Initial capital",
    "spending_rule": "Spending rule",
    "spending_rate": "Spending rate",
    "smoothing_years": "Smoothing years",
    "tobin_weight": "Tobin weight",
    "real_fixed_amount": "Real fixed amount",
    "spend_down_years": "Spend-down years",
    "guardrail_up": "Guardrail: max rise",
    "guardrail_down": "Guardrail: max fall",
    "spending_floor": "Real spending floor",
    "spending_ceiling": "Real spending ceiling",
    "fees": "Fees",
    "return_model": "Return model",
    "real_return_mean": "Real return (mean)",
    "real_return_vol": "Real return volatility",
    "real_return_mean_uncertainty": "Uncertainty of the expected return",
    "discount_rates": "Discount rates (Green Book)",
    "discount_years": "Discount rates change after",
    "degrees_of_freedom": "Degrees of freedom",
    "bootstrap_file": "Bootstrap returns file",
    "block_years": "Bootstrap block",
    "assets": "Asset mix",
    "correlations": "Asset correlations",
    "inflation_mean": "Inflation (mean)",
    "inflation_vol": "Inflation volatility",
    "inflation_persistence": "Inflation persistence",
    "inflow_amount": "Inflow a year",
    "inflow_years": "Inflow years",
    "inflow_uncertainty": "Inflow uncertainty",
    "area_eligible_share": "Areas receiving grants",
    "organisations": "Organisations that could bid",
    "bid_model": "How bids are counted",
    "organisations_per_1000": "Organisations per 1,000 residents",
    "area_luck": "Area luck drawn",
    "band_shares": "Organisations by size band",
    "deprivation_gradient": "Fewer organisations where deprived",
    "ask": "Typical grant asked for",
    "grant_min": "Smallest grant",
    "grant_max": "Largest grant",
    "bid_cost": "Cost of a bid",
    "bid_cost_share": "Further cost of a bid (share of ask)",
    "readiness": "Organisations ready to bid",
    "decision_spread": "Spread of bid decisions",
    "quality_gap": "Quality gap, largest to smallest",
    "assessor_noise": "Assessor noise",
    "area_noise": "Shared luck of an area",
    "need_weight": "Weight on need in scoring",
    "quality_bar": "Quality bar",
    "small_ringfence": "Ring-fence for small organisations",
    "capacity_grant": "Capacity funding per bidder",
    "capacity_share": "Population with capacity funding",
    "simplified_limit": "Simplified applications up to",
    "simplified_cost": "Cost of a simplified application",
    "process": "Bidding process",
    "interest_cost": "Cost of an expression of interest",
    "shortlist_ratio": "Shortlist (× money available)",
    "paths": "Monte Carlo paths",
    "seed": "Random seed",
    "horizon_years": "Horizon",
    "steps_per_year": "Payments",
    "bands": "Percentile bands",
}

#: Words for the values of choice keys.
CHOICES = {
    "formula": "Formula",
    "competitive": "Competitive rounds",
    "hybrid": "Hybrid (formula and competition)",
    "competitive_simple": "Competitive rounds (simple form)",
    "hybrid_simple": "Hybrid (simple form)",
    "one_stage": "One stage",
    "two_stage": "Two stages",
    "areas": "Areas",
    "population": "Population",
    "lad": "Districts",
    "lsoa": "Neighbourhoods",
    "total": "Total",
    "children": "Children (0-15)",
    "older": "Older people (60+)",
    "working_age": "Working age",
    "fixed_rate": "Fixed rate",
    "smoothed": "Smoothed",
    "tobin": "Tobin (Yale/Stanford)",
    "real_fixed": "Real fixed amount",
    "spend_down": "Spend down",
    "guardrails": "Guardrails",
    "normal": "Normal",
    "lognormal": "Lognormal",
    "student_t": "Student t (fat tails)",
    "bootstrap": "Bootstrap of past years",
}

#: Names of the need indicators the IoD2019 and IoD2025 files (and the built-in England table) offer.
INDICATORS = {
    "score": "IMD average score",
    "income_score": "Income deprivation score",
    "employment_score": "Employment deprivation score",
    "education_score": "Education, skills and training score",
    "health_score": "Health deprivation and disability score",
    "crime_score": "Crime score",
    "barriers_score": "Barriers to housing and services score",
    "living_environment_score": "Living environment score",
    "idaci_score": "Income deprivation affecting children (IDACI) score",
    "idaopi_score": "Income deprivation affecting older people (IDAOPI) score",
    "prop_most_deprived_10": "Share of neighbourhoods in the most deprived 10%",
    "extent": "Extent",
    "rank_exponential": "IMD rank, exponentially transformed",
    "local_concentration": "Local concentration",
    "need": "Need",
    "need index": "Need index",
}

_STEPS = {1: "Annual", 4: "Quarterly", 12: "Monthly"}
_BAND_NAMES = ("micro", "small", "medium", "large", "major")
_PER_BAND = {
    "band_shares": lambda v: format_share(v),
    "deprivation_gradient": lambda v: f"{v:g}",
    "ask": lambda v: format_money(v),
    "bid_cost": lambda v: format_money(v),
}


def humanise(word: str) -> str:
    """A key-like word as text: ``"income_score" -> "Income score"``."""
    text = str(word).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def field_label(name: str) -> str:
    """The label of a scenario key, e.g. ``"admin_share" -> "Admin top-slice"``."""
    return LABELS.get(name, humanise(name))


def choice_label(value: Any) -> str:
    """The words for a choice value, e.g. ``"fixed_rate" -> "Fixed rate"``."""
    return CHOICES.get(value, humanise(value)) if isinstance(value, str) else str(value)


def indicator_label(name: str | None) -> str:
    """The name of a need indicator, e.g. ``"score" -> "IMD average score"``."""
    if name is None:
        return "none"
    return INDICATORS.get(name, humanise(name))


#: The bundled datasets as a report's inputs table names them (simulator.data.BUILTINS holds
#: them; the scenario layer does not import the data layer).
BUNDLED_DATA = {
    "builtin:england-districts-2025": (
        "England's 296 districts: IoD2025 and ONS mid-2022 population (bundled)"
    ),
    "builtin:workshop": "Fictional workshop dataset (bundled)",
}


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def format_setting(model: type[BaseModel], name: str, value: Any) -> str:
    """A key's value as a reader sees it: money as £, shares as %, choices in words."""
    unit = field_unit(model, name)
    if value is None:
        return "not set"
    if name == "steps_per_year":
        return _STEPS.get(value, f"{value} a year")
    if name == "need_weights" or name == "columns":
        if not value:
            return "none"
        parts = [
            f"{indicator_label(k) if name == 'need_weights' else humanise(k)} {_number(v) if name == 'need_weights' else v}"
            for k, v in value.items()
        ]
        return ", ".join(parts)
    if name == "assets":
        if not value:
            return "one asset (the returns below)"
        return "; ".join(
            f"{a['name']} {format_share(a['weight'], 0)} (real return {format_share(a['real_return_mean'])}, volatility {format_share(a['real_return_vol'])})"
            for a in (v if isinstance(v, dict) else v.model_dump() for v in value)
        )
    if name == "correlations":
        return (
            "uncorrelated"
            if not value
            else "; ".join(" ".join(f"{x:.2f}" for x in row) for row in value)
        )
    if name in _PER_BAND:
        fmt = _PER_BAND[name]
        return ", ".join(f"{band} {fmt(v)}" for band, v in zip(_BAND_NAMES, value))
    if name == "bands":
        return ", ".join(f"{b:g}th" for b in value)
    if name == "discount_rates":
        return ", ".join(format_share(v) for v in value)
    if name == "discount_years":
        return ", ".join(f"year {y}" for y in value)
    if name == "source" and isinstance(value, str) and value.startswith("builtin:"):
        return BUNDLED_DATA.get(value, f"{value} (bundled)")
    if unit == "£":
        return format_money(value) if value else "£0 (none)"
    if unit == "£/head":
        return f"£{value:,.2f} per head" if value else "none"
    if unit == "share":
        return format_share(value)
    if unit == "rate":
        return f"{format_share(value, 2)} a year"
    if unit == "years":
        return f"{value:,} years" if value != 1 else "1 year"
    if unit in ("paths", "seed", "count"):
        return (
            str(value)
            if unit == "seed"
            else _number(value)
            if isinstance(value, float)
            else f"{value:,}"
        )
    if unit == "choice":
        return choice_label(value)
    if unit == "indicator":
        return indicator_label(value)
    if isinstance(value, float):
        return _number(value)
    return str(value)


_TOKEN = re.compile(r"'?\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+)\b'?")


def plain_text(text: str) -> str:
    """A description with every key name and quoted choice replaced by its label.

    ``"For 'tobin': weight ... smoothing_years"`` reads ``"For Tobin (Yale/Stanford): weight ...
    Smoothing years"``.
    """

    def swap(match: re.Match) -> str:
        word, whole = match.group(1), match.group(0)
        quoted = whole.startswith("'") and whole.endswith("'")
        if "_" in word:
            if word in LABELS:
                return f"‘{LABELS[word]}’"
            if word in CHOICES:
                return CHOICES[word]
            if word in INDICATORS:
                return INDICATORS[word]
            return humanise(word).lower()
        if quoted and word in CHOICES:
            return CHOICES[word]
        if quoted and word in INDICATORS:
            return INDICATORS[word]
        return whole

    text = text.replace("[[endowment.assets]] tables", "tables, one for each asset,")
    text = text.replace("(see [competition])", "(see the competition settings)")
    text = re.sub(
        r"\[([a-z_]+)\]", lambda m: "the " + humanise(m.group(1)).lower() + " settings", text
    )
    text = re.sub(r"\{([^{}]*)\}", lambda m: m.group(1).replace(" = ", " "), text)
    return _TOKEN.sub(swap, text)
