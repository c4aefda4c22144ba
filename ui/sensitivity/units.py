"""Sensitivity in the user's words: keys by their form labels, values in the form's units
(percent, £ millions, £ per head), metrics by what they mean.

The engine takes stored values (0.045 for 4.5%, 250000000 for £250m); the boxes of the
Sensitivity view and the goal-seek dialog show and take the form's units, so nobody types
"2.5e+08" or reads ``endowment.spending_rate``.
"""

from __future__ import annotations

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.figures import format_key_value, format_metric, key_unit
from simulator.scenario.applies import applies
from simulator.scenario.labels import field_label

#: unit -> (scale from stored to shown, the unit's words in a label)
SHOWN = {
    "share": (100.0, "%"),
    "rate": (100.0, "% a year"),
    "£": (1e-6, "£m"),
    "£/head": (1.0, "£ per head"),
    "years": (1.0, "years"),
}
SECTION_WORDS = {
    "recovery_fund": "recovery fund",
    "competition": "competition",
    "endowment": "endowment",
    "simulation": "simulation",
}


def key_text(key: str) -> str:
    """'Spending rate (endowment, % a year)'."""
    section, _, name = key.partition(".")
    unit = SHOWN.get(key_unit(key), (1.0, ""))[1]
    where = SECTION_WORDS.get(section, section)
    return f"{field_label(name)} ({where}{', ' + unit if unit else ''})"


def key_words(key: str) -> str:
    """'the spending rate' (for sentences)."""
    return "the " + field_label(key.partition(".")[2]).lower()


def to_shown(key: str, value: float) -> str:
    """A stored value in the form's units, as typed: 0.045 -> '4.5'; 2.5e8 (£) -> '250'."""
    scale = SHOWN.get(key_unit(key), (1.0, ""))[0]
    return f"{value * scale:.6g}"


def from_shown(key: str, text: str) -> float:
    """What the user typed, in the form's units, as the stored value (ValueError if not a number)."""
    scale = SHOWN.get(key_unit(key), (1.0, ""))[0]
    return float(text.replace(",", "").replace("£", "").replace("%", "").strip()) / scale


def metric_text(name: str) -> str:
    """'Share of futures in which the endowment keeps its real value at the horizon'."""
    text = m.describe(name) or name
    return text[0].upper() + text[1:]


def metric_unit(name: str) -> str:
    return "%" if m.is_share(name) else "£m" if m.is_money(name) else ""


def metric_to_shown(name: str, value: float) -> str:
    if m.is_share(name):
        return f"{100 * value:.6g}"
    if m.is_money(name):
        return f"{value / 1e6:.6g}"
    return f"{value:.6g}"


def metric_from_shown(name: str, text: str) -> float:
    number = float(text.replace(",", "").replace("£", "").replace("%", "").strip())
    if m.is_share(name):
        return number / 100
    if m.is_money(name):
        return number * 1e6
    return number


def sections_read(metric: str) -> set[str]:
    """The scenario sections a metric can depend on."""
    head = "recovery_fund" if metric.startswith("area:") else metric.partition(".")[0]
    if head == "recovery_fund":
        return {"recovery_fund", "competition", "simulation"}
    return {head, "simulation"}


def can_move(scenario, key: str, metric: str) -> bool:
    """Whether ``key`` can change ``metric`` under the scenario's other settings (its section
    feeds the metric and the rule table says it applies)."""
    return key.partition(".")[0] in sections_read(metric) and applies(scenario, key)


def answer_text(solution) -> str:
    """A goal seek's answer in words, with units: 'A spending rate of 2.82% a year gives a
    share of futures ... of 50.0% (± 1.1%).'"""
    value = format_key_value(solution.key, solution.value, 4)
    unit = " a year" if key_unit(solution.key) == "rate" else ""
    se = (
        f" (± {format_metric(solution.metric, solution.achieved_se)})"
        if solution.achieved_se
        else ""
    )
    lo, hi = solution.interval or solution.bracket
    return (
        f"<b>{key_words(solution.key).capitalize()} of {value}{unit}</b> gives "
        f"{metric_text(solution.metric)[0].lower() + metric_text(solution.metric)[1:]} of "
        f"{format_metric(solution.metric, solution.achieved)}{se}. With other random draws the "
        f"answer would differ: 95% interval {format_key_value(solution.key, lo, 4)} to "
        f"{format_key_value(solution.key, hi, 4)}."
    )
