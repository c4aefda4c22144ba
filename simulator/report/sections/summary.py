"""The one-page summary in plain English, and the headline figures it rests on."""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.core.money import format_money, format_per_head, format_share
from simulator.measures import label
from simulator.outputs.claims import money_moved_text
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
    metric: str = ""


def _range(band: dict, fmt) -> str:
    return f"{fmt(band['p5'])} to {fmt(band['p95'])}" if band else ""


def _share_error(se: float) -> str:
    return format_share(se, 1 if se >= 0.0005 else 2)


#: Each headline: its label (``{h}`` is the horizon; a measure's label comes from the measures
#: registry), the metric it is (its JSON path, see :mod:`simulator.analysis.metrics`), its
#: formatter, and where its range is.
_HEADLINES = [
    (label("recovery_fund.total"), "recovery_fund.total", "money", None),
    (label("recovery_fund.distributed"), "recovery_fund.distributed", "money", None),
    (
        f"{label('recovery_fund.awarded')} (mean)",
        "recovery_fund.awarded.mean",
        "money",
        "recovery_fund.awarded",
    ),
    (
        label("recovery_fund.share_to_most_deprived.areas_10"),
        "recovery_fund.share_to_most_deprived.areas_10.mean",
        "share",
        "recovery_fund.share_to_most_deprived.areas_10",
    ),
    (
        label("recovery_fund.share_to_most_deprived.population_10"),
        "recovery_fund.share_to_most_deprived.population_10.mean",
        "share",
        "recovery_fund.share_to_most_deprived.population_10",
    ),
    (
        f"{label('recovery_fund.areas_funded')} (mean)",
        "recovery_fund.areas_funded.mean",
        "count",
        "recovery_fund.areas_funded",
    ),
    (label("endowment.initial"), "endowment.initial", "money", None),
    (
        label("endowment.prob_real_value_preserved") + " after {h} years",
        "endowment.prob_real_value_preserved",
        "share",
        None,
    ),
    (
        label("endowment.prob_depleted") + " within {h} years",
        "endowment.prob_depleted",
        "share",
        None,
    ),
    (
        label("endowment.value_real.p50[-1]") + " (year {h}, pounds of year 0)",
        "endowment.value_real.p50[-1]",
        "money",
        "endowment.value_real[-1]",
    ),
    (
        "Median real grants in the first year",
        "endowment.grants_real.p50[0]",
        "money",
        "endowment.grants_real[0]",
    ),
    (
        "Median real grants in year {h}",
        "endowment.grants_real.p50[-1]",
        "money",
        "endowment.grants_real[-1]",
    ),
]

_FORMATS = {
    "money": format_money,
    "share": format_share,
    "count": lambda v: f"{v:,.1f}".removesuffix(".0"),
}  # "317", "316.4"
_ERRORS = {"money": format_money, "share": _share_error, "count": lambda v: f"{v:,.1f}"}


def _band_of(outcome, path: str) -> dict:
    """The p5/p95 of a band, e.g. ``endowment.value_real[-1]`` -> that year's p5 and p95."""
    from simulator.analysis.metrics import value

    base, _, index = path.partition("[")
    suffix = f"[{index}" if index else ""
    return {
        "p5": value(outcome, f"{base}.p5{suffix}"),
        "p95": value(outcome, f"{base}.p95{suffix}"),
    }


def headlines(results: Results) -> list[Headline]:
    """The headline figures of a run, each with its range and Monte Carlo standard error."""
    from simulator.analysis.metrics import Outcome, value_and_se

    outcome = Outcome.from_results(results)
    h = int(results.endowment.years[-1])
    out = []
    for name, metric, kind, band_path in _HEADLINES:
        v, se = value_and_se(outcome, metric)
        fmt = _FORMATS[kind]
        rng = ""
        if band_path is not None:
            band = _band_of(outcome, band_path)
            low, high = (
                (fmt(band["p5"]), fmt(band["p95"]))
                if kind != "count"
                else (f"{band['p5']:,.0f}", f"{band['p95']:,.0f}")
            )
            rng = "" if low == high else f"{low} to {high}"
        shown = _ERRORS[kind](se) if math.isfinite(se) and se > 0 else ""
        error = (
            f"± {shown}" if any(c in "123456789" for c in shown) else ""
        )  # none when it rounds to zero
        interval = _percentile_interval(outcome, metric)
        if interval is not None:  # a percentile: its interval, as "±" is only true of a mean
            low, high = (fmt(x) for x in interval)
            error = "" if low == high else f"95% interval {low} to {high}"
        text = name.format(h=h)
        out.append(Headline(text, float(v), fmt(v), rng, error, metric))
    return out


def _percentile_interval(outcome, metric: str) -> tuple[float, float] | None:
    """A percentile's distribution-free 95% interval, e.g. for ``endowment.value_real.p50[-1]``
    the values of ``p50_low[-1]`` and ``p50_high[-1]``; None for anything else."""
    from simulator.analysis.metrics import value

    head, bracket, index = metric.partition("[")
    base, _, leaf = head.rpartition(".")
    if not (leaf.startswith("p") and leaf[1:].replace(".", "").isdigit()):
        return None
    suffix = f"[{index}" if bracket else ""
    try:
        return (
            value(outcome, f"{base}.{leaf}_low{suffix}"),
            value(outcome, f"{base}.{leaf}_high{suffix}"),
        )
    except Exception:  # a band without intervals
        return None


def _between(h: Headline, what: str = "simulated futures") -> str:
    return f" (between {h.range.replace(' to ', ' and ', 1)} in 90% of {what})" if h.range else ""


def _with_error(h: Headline) -> str:
    return f"{h.text} {h.error}" if h.error else h.text


def key_points(results: Results) -> list[str]:
    """The summary's sentences."""
    rec, end, sc = results.recovery, results.endowment, results.scenario
    rf, en = sc["recovery_fund"], sc["endowment"]
    m = rec.measures
    heads = {h.metric: h for h in headlines(results)}
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
            f"On average {_with_error(heads['recovery_fund.awarded.mean'])} is awarded{_between(heads['recovery_fund.awarded.mean'])}; {format_money(m['unspent']['mean'])} is left unawarded after the last round."
        )
    top = heads["recovery_fund.share_to_most_deprived.areas_10.mean"]
    people = heads["recovery_fund.share_to_most_deprived.population_10.mean"]
    points.append(
        f"{_with_error(top)} of the money reaches the most deprived 10% of {words}{_between(top)}, and {_with_error(people)} reaches the most deprived 10% of people."
    )
    ordered = rec.table.sort_values("mean", ascending=False)
    first, last = ordered.iloc[0], ordered.iloc[-1]
    points.append(
        f"The largest allocation goes to {first['name']}: {format_money(first['mean'])} ({format_per_head(first['per_capita'])}); "
        f"the smallest to {last['name']}: {format_money(last['mean'])} ({format_per_head(last['per_capita'])})."
    )
    w = m["against_equal_per_head"]
    ci = m["concentration_index"]["mean"]
    toward = (
        "towards more deprived areas"
        if ci < 0
        else "towards less deprived areas"
        if ci > 0
        else "evenly"
    )
    points.append(
        f"Against the same money shared equally per head, {w['winners']:,} {words} gain and {w['losers']:,} lose; "
        f"{money_moved_text(rec.table, w['money_moved'])}. The concentration index is {ci:+.3f} (money leans {toward})."
    )
    h = int(end.years[-1])
    keep = heads["endowment.prob_real_value_preserved"]
    out = heads["endowment.prob_depleted"]
    value = heads["endowment.value_real.p50[-1]"]
    points.append(
        f"The {format_money(end.initial)} endowment, spending by the {choice_label(en['spending_rule']).lower()} rule at "
        f"{format_share(en['spending_rate'], 1)} a year, keeps its real value after {h} years in {_with_error(keep)} of "
        f"futures and runs out in {_with_error(out)}. Its median real value after {h} years is {value.text}"
        f"{_between(value, 'futures')}."
    )
    first_g = heads["endowment.grants_real.p50[0]"]
    last_g = heads["endowment.grants_real.p50[-1]"]
    points.append(
        f"Median real grants are {first_g.text} in the first year and {last_g.text} in year {h} (pounds of year 0)."
    )
    return points


def summary(doc: Document, ctx: ReportContext) -> None:
    """Summary of a single scenario: sentences, then the headline table."""
    results = ctx.runs[0]
    doc.heading("Summary")
    if results.data.fictional:
        doc.para(
            "These results use the fictional workshop dataset: the areas are invented for teaching, not real places.",
            "note",
        )
    doc.bullets(key_points(results))
    heads = headlines(results)
    with_errors = any(h.error for h in heads)
    header = (
        ["Measure", "Value"]
        + (["Monte Carlo error"] if with_errors else [])
        + ["90% of futures between"]
    )
    rows = [
        [h.label, h.text] + ([h.error] if with_errors else []) + [h.range or "–"] for h in heads
    ]
    widths = [3.2, 1.2] + ([1.2] if with_errors else []) + [2.0]
    numeric = [False, True] + ([True] if with_errors else []) + [True]
    doc.table(
        "Headline figures.",
        header,
        rows,
        widths,
        numeric,
        source=f"Source: fundsim {results.version}, seed {results.seed}, {results.paths:,} paths.",
    )
    doc.para(
        "“90% of futures between” gives the 5th and 95th percentiles over the simulated futures: the range the outcome "
        "falls in nine times out of ten, given the uncertainty the scenario describes. “±” is the Monte Carlo error (one "
        "standard error) of a mean or a probability: how much a figure could move if the simulation were run again with "
        "another seed. A median has no “±”: its “95% interval” comes from the order statistics of the draws and, like "
        "the spread of futures it summarises, need not be symmetric.",
        "small",
    )
    for warning in results.warnings:
        doc.para(f"Data warning: {warning}", "note")
