"""The one-page summary in plain English, and the headline figures it rests on."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.core.money import format_money, format_per_head, format_share
from simulator.report.context import ReportContext, area_word
from simulator.report.model import Document
from simulator.results import Results
from simulator.scenario.labels import choice_label, indicator_label


@dataclass(frozen=True)
class Headline:
    """One headline figure: its label, value and 5th-95th percentile range, as text.

    ``error`` is the Monte Carlo standard error as text ("± 0.3%") when the run reports it, else
    empty. ``value`` is the number behind ``text`` (pounds, or a share between 0 and 1).
    """

    label: str
    value: float
    text: str
    range: str = ""
    error: str = ""


def _range(band: dict, fmt) -> str:
    return f"{fmt(band['p5'])} to {fmt(band['p95'])}" if band else ""


def _error(band: dict, fmt) -> str:
    """"± x" when a measure carries its Monte Carlo standard error (``se``), else empty."""
    se = band.get("se") if isinstance(band, dict) else None
    return f"± {fmt(se)}" if se is not None else ""


def headlines(results: Results) -> list[Headline]:
    """The headline figures of a run, in the order the summary shows them."""
    rec, end = results.recovery, results.endowment
    m = rec.measures
    share = m["share_to_most_deprived"]
    h = int(end.years[-1])
    pct = format_share
    out = [
        Headline("Recovery fund", rec.total, format_money(rec.total)),
        Headline("Distributed to areas (after administration)", rec.distributed, format_money(rec.distributed)),
        Headline("Awarded (mean)", m["awarded"]["mean"], format_money(m["awarded"]["mean"]), _range(m["awarded"], format_money), _error(m["awarded"], format_money)),
        Headline(
            f"Share to the most deprived 10% of {area_word(results)}",
            share["areas_10"]["mean"], pct(share["areas_10"]["mean"]), _range(share["areas_10"], pct), _error(share["areas_10"], pct),
        ),
        Headline(
            "Share to the most deprived 10% of people",
            share["population_10"]["mean"], pct(share["population_10"]["mean"]), _range(share["population_10"], pct), _error(share["population_10"], pct),
        ),
        Headline(
            f"{area_word(results).capitalize()} receiving money (mean)",
            m["areas_funded"]["mean"], f"{m['areas_funded']['mean']:,.1f}", _range(m["areas_funded"], lambda v: f"{v:,.0f}"),
        ),
        Headline("Endowment at the start", end.initial, format_money(end.initial)),
        Headline(
            f"Chance the endowment keeps its real value after {h} years",
            end.prob_real_value_preserved, pct(end.prob_real_value_preserved), "", _error(getattr(end, "errors", {}).get("prob_real_value_preserved", {}), pct),
        ),
        Headline(
            f"Chance the endowment runs out within {h} years",
            end.prob_depleted, pct(end.prob_depleted), "", _error(getattr(end, "errors", {}).get("prob_depleted", {}), pct),
        ),
        Headline(
            f"Median real value after {h} years (pounds of year 0)",
            float(end.value_real["p50"][-1]), format_money(float(end.value_real["p50"][-1])),
            f"{format_money(float(end.value_real['p5'][-1]))} to {format_money(float(end.value_real['p95'][-1]))}",
        ),
        Headline(
            "Median real grants in the first year",
            float(end.grants_real["p50"][0]), format_money(float(end.grants_real["p50"][0])),
            f"{format_money(float(end.grants_real['p5'][0]))} to {format_money(float(end.grants_real['p95'][0]))}",
        ),
        Headline(
            f"Median real grants in year {h}",
            float(end.grants_real["p50"][-1]), format_money(float(end.grants_real["p50"][-1])),
            f"{format_money(float(end.grants_real['p5'][-1]))} to {format_money(float(end.grants_real['p95'][-1]))}",
        ),
    ]
    return out


def _with_error(h: Headline) -> str:
    return f"{h.text} {h.error}" if h.error else h.text


def key_points(results: Results) -> list[str]:
    """The summary's sentences."""
    rec, end, sc = results.recovery, results.endowment, results.scenario
    rf, en = sc["recovery_fund"], sc["endowment"]
    m = rec.measures
    heads = {h.label: h for h in headlines(results)}
    words = area_word(results)
    n = len(rec.table)
    mechanism = rf["mechanism"]
    how = {
        "formula": f"by formula, in proportion to population and need ({indicator_label(rec.need_indicator)}, progressivity {rf['progressivity']:g})",
        "competitive": f"through {rf['rounds']} competitive round{'s' if rf['rounds'] > 1 else ''}",
        "hybrid": f"{format_share(rf['formula_share'], 0)} by formula and the rest through {rf['rounds']} competitive round{'s' if rf['rounds'] > 1 else ''}",
    }.get(mechanism.removesuffix("_simple"), choice_label(mechanism))
    points = [
        f"The {format_money(rec.total)} Community Recovery Fund keeps {format_money(rec.total - rec.distributed)} "
        f"({format_share(rf['admin_share'], 0)}) for administration and shares {format_money(rec.distributed)} "
        f"between {n:,} {words} {how}.",
    ]
    if mechanism != "formula":
        points.append(
            f"On average {_with_error(heads['Awarded (mean)'])} is awarded (between {heads['Awarded (mean)'].range} in 90% of "
            f"simulated futures); {format_money(m['unspent']['mean'])} is left unawarded after the last round."
        )
    top = heads[f"Share to the most deprived 10% of {words}"]
    people = heads["Share to the most deprived 10% of people"]
    points.append(
        f"{_with_error(top)} of the money reaches the most deprived 10% of {words} (between {top.range} in 90% of simulated "
        f"futures), and {_with_error(people)} reaches the most deprived 10% of people."
    )
    ordered = rec.table.sort_values("mean", ascending=False)
    first, last = ordered.iloc[0], ordered.iloc[-1]
    points.append(
        f"The largest allocation goes to {first['name']}: {format_money(first['mean'])} ({format_per_head(first['per_capita'])}); "
        f"the smallest to {last['name']}: {format_money(last['mean'])} ({format_per_head(last['per_capita'])})."
    )
    w = m["against_equal_per_head"]
    ci = m["concentration_index"]["mean"]
    toward = "towards more deprived areas" if ci < 0 else "towards less deprived areas" if ci > 0 else "evenly"
    points.append(
        f"Against the same money shared equally per head, {w['winners']:,} {words} gain and {w['losers']:,} lose; "
        f"{format_money(w['money_moved'])} moves towards need. The concentration index is {ci:+.3f} (money leans {toward})."
    )
    h = int(end.years[-1])
    keep = heads[f"Chance the endowment keeps its real value after {h} years"]
    out = heads[f"Chance the endowment runs out within {h} years"]
    value = heads[f"Median real value after {h} years (pounds of year 0)"]
    points.append(
        f"The {format_money(end.initial)} endowment, spending by the {choice_label(en['spending_rule']).lower()} rule at "
        f"{format_share(en['spending_rate'], 1)} a year, keeps its real value after {h} years in {_with_error(keep)} of "
        f"futures and runs out in {_with_error(out)}. Its median real value after {h} years is {value.text} "
        f"(between {value.range} in 90% of futures)."
    )
    first_g = heads["Median real grants in the first year"]
    last_g = heads[f"Median real grants in year {h}"]
    points.append(f"Median real grants are {first_g.text} in the first year and {last_g.text} in year {h} (pounds of year 0).")
    return points


def summary(doc: Document, ctx: ReportContext) -> None:
    """Summary of a single scenario: sentences, then the headline table."""
    results = ctx.runs[0]
    doc.heading("Summary")
    if results.data.fictional:
        doc.para("These results use the fictional workshop dataset: the areas are invented for teaching, not real places.", "note")
    doc.bullets(key_points(results))
    heads = headlines(results)
    with_errors = any(h.error for h in heads)
    header = ["Measure", "Value"] + (["Monte Carlo error"] if with_errors else []) + ["90% of futures between"]
    rows = [[h.label, h.text] + ([h.error] if with_errors else []) + [h.range or "–"] for h in heads]
    widths = [3.2, 1.2] + ([1.2] if with_errors else []) + [2.0]
    numeric = [False, True] + ([True] if with_errors else []) + [True]
    doc.table("Headline figures.", header, rows, widths, numeric, source=f"Source: fundsim {results.version}, seed {results.seed}, {results.paths:,} paths.")
    doc.para(
        "“90% of futures between” gives the 5th and 95th percentiles over the simulated futures: the range the outcome "
        "falls in nine times out of ten, given the uncertainty the scenario describes.",
        "small",
    )
    for warning in results.warnings:
        doc.para(f"Data warning: {warning}", "note")
