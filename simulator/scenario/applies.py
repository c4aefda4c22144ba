"""Which settings can change the results under the scenario's other settings.

A key that cannot (the reduced-form bidding keys under the organisations' competition, the
smoothing length under a fixed-rate spending rule, the whole ``[competition]`` section under the
formula) is shown disabled in the app with the reason, and left out of a default tornado, so no
control pretends to do something it does not.
"""

from __future__ import annotations

from typing import Any

SIMPLE = frozenset({"competitive_simple", "hybrid_simple"})
ORGANISATIONS = frozenset({"competitive", "hybrid"})
HYBRID = frozenset({"hybrid", "hybrid_simple"})
#: Mechanisms that give some money by formula (floors and progressivity act on that part only).
FORMULA_PART = frozenset({"formula"}) | HYBRID

_FORMULA_WHY = (
    "Used only when some money is given by formula (the formula or a hybrid mechanism); "
    "competitive money goes to winning bids."
)

_SIMPLE_WHY = (
    "Used only by the reduced-form bidding mechanisms (competitive_simple, hybrid_simple)."
)

#: key -> (the key it depends on, the values under which it matters (None: when that key is set,
#: non-zero or non-empty; a function: when it returns True), why it does not matter otherwise).
RULES: dict[str, tuple[str, Any, str]] = {
    "recovery_fund.formula_share": (
        "recovery_fund.mechanism",
        HYBRID,
        "Used only by a hybrid mechanism (part formula, part competition).",
    ),
    "recovery_fund.rounds": (
        "recovery_fund.mechanism",
        SIMPLE | ORGANISATIONS,
        "Used only when areas bid (a competitive or hybrid mechanism).",
    ),
    "recovery_fund.progressivity": ("recovery_fund.mechanism", FORMULA_PART, _FORMULA_WHY),
    "recovery_fund.floor": ("recovery_fund.mechanism", FORMULA_PART, _FORMULA_WHY),
    "recovery_fund.floor_per_head": ("recovery_fund.mechanism", FORMULA_PART, _FORMULA_WHY),
    "recovery_fund.capacity_gradient": ("recovery_fund.mechanism", SIMPLE, _SIMPLE_WHY),
    "recovery_fund.bid_probability": ("recovery_fund.mechanism", SIMPLE, _SIMPLE_WHY),
    "recovery_fund.success_rate": ("recovery_fund.mechanism", SIMPLE, _SIMPLE_WHY),
    "recovery_fund.bid_scale": ("recovery_fund.mechanism", SIMPLE, _SIMPLE_WHY),
    "recovery_fund.bid_size_cv": ("recovery_fund.mechanism", SIMPLE, _SIMPLE_WHY),
    "recovery_fund.second_eligible_share": (
        "recovery_fund.second_indicator",
        None,
        "Used only with a second indicator.",
    ),
    "competition.interest_cost": (
        "competition.process",
        {"two_stage"},
        "Used only by a two-stage process.",
    ),
    "competition.shortlist_ratio": (
        "competition.process",
        {"two_stage"},
        "Used only by a two-stage process.",
    ),
    "competition.simplified_cost": (
        "competition.simplified_limit",
        None,
        "Used only with simplified applications (a limit above £0).",
    ),
    "competition.area_luck": (
        "competition.bid_model",
        {"counts"},
        "Used only when bids are drawn as counts; the expected-count model draws an area's luck "
        "once per future.",
    ),
    "competition.capacity_share": (
        "competition.capacity_grant",
        None,
        "Used only with capacity funding (a grant above £0).",
    ),
    "endowment.smoothing_years": (
        "endowment.spending_rule",
        {"smoothed"},
        "Used only by the 'smoothed' spending rule.",
    ),
    "endowment.tobin_weight": (
        "endowment.spending_rule",
        {"tobin"},
        "Used only by the Yale (tobin) spending rule.",
    ),
    "endowment.spend_down_years": (
        "endowment.spending_rule",
        {"spend_down"},
        "Used only by the 'spend_down' spending rule.",
    ),
    "endowment.guardrail_up": (
        "endowment.spending_rule",
        {"guardrails"},
        "Used only by the 'guardrails' spending rule.",
    ),
    "endowment.guardrail_down": (
        "endowment.spending_rule",
        {"guardrails"},
        "Used only by the 'guardrails' spending rule.",
    ),
    "endowment.degrees_of_freedom": (
        "endowment.return_model",
        {"student_t"},
        "Used only by the Student-t return model.",
    ),
    "endowment.block_years": (
        "endowment.return_model",
        {"bootstrap"},
        "Used only by the bootstrap return model.",
    ),
    "endowment.inflow_uncertainty": (
        "endowment.inflow_amount",
        None,
        "Used only with yearly inflows (an amount above £0).",
    ),
    "endowment.inflow_years": (
        "endowment.inflow_amount",
        None,
        "Used only with yearly inflows (an amount above £0).",
    ),
    "endowment.inflow_amount": (
        "endowment.inflow_years",
        None,
        "Used only for the years set in Inflow years (now 0).",
    ),
    "endowment.real_fixed_amount": (
        "endowment.spending_rule",
        {"real_fixed"},
        "Used only by the 'real_fixed' spending rule.",
    ),
    "endowment.spending_rate": (
        "endowment.spending_rule",
        {"fixed_rate", "smoothed", "tobin", "guardrails", "real_fixed"},
        "Not used by the 'spend_down' rule, which spends what is left over the years that remain.",
    ),
    "endowment.bootstrap_file": (
        "endowment.return_model",
        {"bootstrap"},
        "Used only by the bootstrap return model.",
    ),
    "recovery_fund.eligibility_basis": (
        "recovery_fund.eligible_share",
        lambda share: share < 1,
        "Used only when some areas are not eligible (Eligible areas below 100%).",
    ),
}

#: Whole sections that matter only under one setting.
SECTION_RULES: dict[str, tuple[str, Any, str]] = {
    "competition": (
        "recovery_fund.mechanism",
        ORGANISATIONS,
        "Used only when organisations bid (the competitive or hybrid mechanism).",
    ),
}


def _value(scenario, dotted: str):
    section, _, key = dotted.partition(".")
    return getattr(getattr(scenario, section), key)


def _holds(scenario, rule: tuple[str, Any, str]) -> bool:
    other, values, _why = rule
    current = _value(scenario, other)
    if values is None:
        return bool(current)
    return bool(values(current)) if callable(values) else current in values


def why_unused(scenario, key: str) -> str | None:
    """Why ``key`` (``section.name``) cannot change the results of ``scenario``; None if it can."""
    for rule in (SECTION_RULES.get(key.partition(".")[0]), RULES.get(key)):
        if rule is not None and not _holds(scenario, rule):
            return rule[2]
    return None


def applies(scenario, key: str) -> bool:
    """Whether ``key`` can change the results under the scenario's other settings."""
    return why_unused(scenario, key) is None
