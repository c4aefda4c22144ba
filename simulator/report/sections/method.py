"""The method annex, written from the scenario model: the formula, the competition, the endowment
and what the percentile bands mean, with this scenario's own settings."""

from __future__ import annotations

import re

from simulator.core.money import format_money, format_share
from simulator.report.context import ReportContext, area_word
from simulator.report.model import Document
from simulator.results import Results
from simulator.scenario import EndowmentConfig
from simulator.scenario.labels import choice_label, indicator_label, plain_text


def choice_sentence(model, key: str, value: str) -> str:
    """The sentence of a key's description that explains one of its choices ("'tobin': ...")."""
    description = model.model_fields[key].description or ""
    parts = re.split(r"(?<=\.) (?=')", description)
    for part in parts:
        if part.startswith(f"'{value}'"):
            return plain_text(part.split(":", 1)[1].strip())
    return ""


def recovery_method(results: Results) -> list[str]:
    rf = results.scenario["recovery_fund"]
    words = area_word(results)
    out = [
        f"The fund is {format_money(rf['total'])}; {format_share(rf['admin_share'], 0)} is top-sliced for administration and "
        f"the rest is shared between the eligible {words}.",
        f"By formula, a {area_word(results, False)} with population P and need D receives a share of the money in proportion "
        f"to P × D^p, where need is the {indicator_label(results.recovery.need_indicator)} (higher means more deprived) "
        f"and the progressivity p is {rf['progressivity']:g}: 0 would share money by population alone, 1 in proportion to "
        "need, and values above 1 concentrate it on the most deprived.",
    ]
    if rf["eligible_share"] < 1:
        basis = "people" if rf["eligibility_basis"] == "population" else words
        out.append(
            f"Only the most deprived {format_share(rf['eligible_share'], 0)} of {basis} are eligible."
        )
    if rf.get("floor") or rf.get("floor_per_head") or rf.get("cap") or rf.get("cap_share", 1) < 1:
        out.append(
            "Floors and caps are applied by water-filling: the money a floor needs, or a cap frees, is spread over the other "
            "eligible areas in proportion to their formula weight, so the total always equals the money distributed."
        )
    out.append(
        f"Need is measured with error: each simulated future multiplies every area's need by independent noise whose "
        f"logarithm has standard deviation {rf['indicator_uncertainty']:g} (roughly ±{100 * rf['indicator_uncertainty']:.0f}%)."
    )
    if rf["mechanism"] in ("competitive", "hybrid"):
        c = results.scenario.get("competition", {})
        measured = results.recovery.measures.get("competition") or {}
        organisations = measured.get("organisations", c.get("organisations", 0))
        readiness = c.get("readiness", 0)
        if c.get("readiness_basis", "competition") == "round":
            ready = f"In each round {format_share(readiness, 0)} have a project ready"
        else:
            ready = f"Over the competition {format_share(readiness, 0)} have a project ready" + (
                f" ({format_share(readiness / rf['rounds'], 0)} a round)"
                if rf["rounds"] > 1
                else ""
            )
        out.append(
            f"In competition ({rf['rounds']} round{'s' if rf['rounds'] > 1 else ''}), {organisations:,.0f} civil-society "
            "organisations in five size bands (micro to major) are shared between areas by population, with fewer per head in "
            f"more deprived areas. {ready}; each bids when "
            "what it expects to win is worth the cost of bidding. Bids are scored (larger organisations write better-scoring "
            "bids on average, and assessors' scores are noisy), ranked, and funded best first until the round's money runs "
            "out; money not awarded rolls into the next round."
        )
        if rf["mechanism"] == "hybrid":
            out.append(
                f"Under the hybrid mechanism {format_share(rf['formula_share'], 0)} is shared by formula and the rest by competition."
            )
    elif rf["mechanism"] != "formula":
        out.append(
            f"In competition ({rf['rounds']} round{'s' if rf['rounds'] > 1 else ''}), each eligible area bids in a round with a chance "
            f"of {format_share(rf['bid_probability'], 0)} for an area of average capacity, and a bid is judged fundable with a "
            f"chance of {format_share(rf['success_rate'], 0)}. Capacity falls as deprivation rises (capacity bias "
            f"{rf['capacity_gradient']:g}), so better-resourced areas bid and win more often. Bids ask for {rf['bid_scale']:g} "
            "times the area's formula entitlement; oversubscribed rounds are scaled down, and money not awarded rolls over."
        )
        if rf["mechanism"] == "hybrid_simple":
            out.append(
                f"Under the hybrid mechanism {format_share(rf['formula_share'], 0)} is shared by formula and the rest by competition."
            )
    return out


def endowment_method(results: Results) -> list[str]:
    en = results.scenario["endowment"]
    sim = results.scenario["simulation"]
    rule = en["spending_rule"]
    out = [
        f"The endowment starts with {format_money(en['initial'])}. Each year the {choice_label(rule).lower()} rule sets the "
        f"grant budget: {choice_sentence(EndowmentConfig, 'spending_rule', rule)} The spending rate is "
        f"{format_share(en['spending_rate'], 1)} a year and fees take {format_share(en['fees'], 2)} of the value a year.",
        f"Returns: {choice_sentence(EndowmentConfig, 'return_model', en['return_model'])} "
        + (
            f"The expected real return is {format_share(en['real_return_mean'], 1)} a year with volatility "
            f"{format_share(en['real_return_vol'], 1)}."
            if not en.get("assets")
            else f"The portfolio mixes {len(en['assets'])} asset classes, rebalanced every step."
        ),
        f"Inflation averages {format_share(en['inflation_mean'], 1)} a year with volatility {format_share(en['inflation_vol'], 1)}; "
        "real amounts are in pounds of year 0.",
        f"The simulation runs {sim['horizon_years']} years. The fund counts as run out when its value falls to a billionth of "
        "its starting value. Its grants reach the most deprived "
        f"{format_share(en['area_eligible_share'], 0)} of {area_word(results)}, shared by the recovery fund's formula.",
    ]
    return out


def bands_method(results: Results) -> list[str]:
    return [
        f"Every figure comes from {results.paths:,} simulated futures (Monte Carlo paths) drawn from seed {results.seed}. The "
        "same scenario and seed always give the same numbers, and scenarios compared with the same seed share their random "
        "draws, so differences between them are not noise.",
        "A mean is the average over the futures. “90% of futures between” gives the 5th and 95th percentiles: the outcome "
        "falls in that range nine times out of ten. Percentile bands describe the uncertainty the scenario assumes (need "
        "measured with error, bids, returns, inflation); they do not cover uncertainty about the assumptions themselves.",
        "A share to the most deprived 10% counts the money reaching the tenth of areas (or of people) with the highest need. "
        "The concentration index is below zero when money leans towards more deprived areas. Winners and losers are counted "
        "against the same money shared equally per head.",
    ]


def method_annex(doc: Document, ctx: ReportContext) -> None:
    results = ctx.runs[0]
    doc.page_break()
    doc.heading("Annex: method")
    if ctx.is_comparison:
        doc.para(
            f"The method is described with the settings of the first scenario, {results.scenario['name']}; the inputs table shows where the others differ."
        )
    doc.heading("Community Recovery Fund", 2)
    for text in recovery_method(results):
        doc.para(text)
    doc.heading("Levelling Up Communities Fund", 2)
    for text in endowment_method(results):
        doc.para(text)
    doc.heading("Simulated futures and what the bands mean", 2)
    for text in bands_method(results):
        doc.para(text)
