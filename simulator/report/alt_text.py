"""Alternative text of a report's figures: one sentence computed from the numbers each shows.

A screen reader reads a chart as a picture; Word keeps this sentence as the picture's
description ("alt text"). Every figure a report carries gets its sentence here, from the same
results the chart is drawn from, so the words and the picture say the same thing. This is the
one place to change when the chart functions give their own text summaries.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from simulator.core.money import format_money, format_per_head, format_share
from simulator.results import Results


def _allocation(r: Results) -> str:
    t = r.recovery.table.sort_values("mean", ascending=False)
    top, shown = t.iloc[0], t.head(30)
    last = shown.iloc[-1]
    return (
        f"Bar chart of the mean allocation to the {len(shown):,} areas receiving most, of "
        f"{len(t):,}: {_most(top['name'], top['mean'])} (90% of futures between "
        f"{format_money(top['p5'])} and {format_money(top['p95'])}), and "
        f"{last['name']} {format_money(last['mean'])}."
    )


def _most(name: str, amount: float, verb: str = "receives") -> str:
    """ "Birmingham receives most, £16.7m"."""
    return f"{name} {verb} most, {format_money(amount)}"


def _per_head_span(t) -> str:
    """ "from £2.27 per head in Hart to £16.45 per head in Blackpool": the areas of ``t`` with
    the least and the most mean allocation per head."""
    hi, lo = t.loc[t["per_capita"].idxmax()], t.loc[t["per_capita"].idxmin()]
    return (
        f"from {format_per_head(lo['per_capita'])} in {lo['name']} to "
        f"{format_per_head(hi['per_capita'])} in {hi['name']}"
    )


def _map(r: Results) -> str:
    t = r.recovery.table
    return f"Hex map of the mean allocation per head in {len(t):,} areas, {_per_head_span(t)}."


def _deciles(r: Results) -> str:
    d = r.recovery.measures.get("by_decile", [])
    if not d:
        return "Bar chart of money by need decile: no deciles in these results."
    return (
        f"Bar chart of money by need decile: the most deprived tenth of areas receives "
        f"{format_money(d[0]['mean'])} ({format_share(d[0]['share'], 0)} of the money), the "
        f"least deprived tenth {format_money(d[-1]['mean'])} ({format_share(d[-1]['share'], 0)})."
    )


def _concentration(r: Results) -> str:
    m = r.recovery.measures
    ci = m.get("concentration_index", {}).get("mean", float("nan"))
    direction = "towards the more deprived" if ci < 0 else "towards the less deprived"
    share = r.recovery.share_to_most_deprived_decile
    return (
        f"Concentration curve of the money against the population, most deprived areas first: "
        f"the concentration index is {ci:+.3f} ({direction}) and the most deprived 10% of areas "
        f"receive {format_share(share, 0)} of the money."
    )


def _per_capita(r: Results) -> str:
    t = r.recovery.table
    corr = float(np.corrcoef(t["need"], t["per_capita"])[0, 1]) if len(t) > 2 else 0.0
    trend = "rises" if corr > 0.1 else "falls" if corr < -0.1 else "hardly changes"
    return (
        f"Scatter chart of the mean allocation per head against need in {len(t):,} areas: money "
        f"per head {trend} with need (correlation {corr:+.2f}), {_per_head_span(t)}."
    )


def _winners_losers(r: Results) -> str:
    t = r.recovery.table.sort_values("gain")
    w = r.recovery.measures.get("against_equal_per_head", {})
    return (
        f"Bar chart of the gain or loss of each area against the same money shared equally per "
        f"head: {w.get('winners', int((t['gain'] > 0).sum())):,} areas gain and "
        f"{w.get('losers', int((t['gain'] < 0).sum())):,} lose; {t.iloc[-1]['name']} gains most "
        f"({format_money(t.iloc[-1]['gain'])}) and {t.iloc[0]['name']} loses most "
        f"({format_money(t.iloc[0]['gain'])})."
    )


def _fan(r: Results, what: str, bands: dict, first: int) -> str:
    end = r.endowment
    years = int(end.years[-1])
    return (
        f"Fan chart of the endowment's {what} in pounds of year 0 over {years} years: the median "
        f"goes from {format_money(float(bands['p50'][first]))} to "
        f"{format_money(float(bands['p50'][-1]))}, with 90% of futures between "
        f"{format_money(float(bands['p5'][-1]))} and {format_money(float(bands['p95'][-1]))} "
        f"at the end."
    )


def _preservation(r: Results) -> str:
    end = r.endowment
    return (
        f"Line chart of the chance, year by year, that the endowment keeps its real value and "
        f"that it runs out: after {int(end.years[-1])} years it keeps its real value in "
        f"{format_share(end.prob_real_value_preserved, 0)} of futures and has run out in "
        f"{format_share(end.prob_depleted, 0)}."
    )


def _area_grants(r: Results) -> str:
    t = r.endowment.area_grants
    if t is None or t.empty:
        return "No areas receive endowment grants."
    top = t.loc[t["cumulative_real_mean"].idxmax()]
    return (
        f"Bar chart of the cumulative real grants to the {len(t):,} eligible areas over "
        f"{int(r.endowment.years[-1])} years: {_most(top['name'], top['cumulative_real_mean'])} "
        f"in pounds of year 0."
    )


SUMMARIES: dict[str, Callable[[Results], str]] = {
    "allocation": _allocation,
    "map": _map,
    "deciles": _deciles,
    "concentration": _concentration,
    "per_capita": _per_capita,
    "winners_losers": _winners_losers,
    "endowment_value": lambda r: _fan(r, "real value", r.endowment.value_real, 0),
    "endowment_grants": lambda r: _fan(r, "real grants a year", r.endowment.grants_real, 0),
    "preservation": _preservation,
    "area_grants": _area_grants,
}


def alt_text(key: str, results: Results) -> str:
    """One sentence saying what the chart ``key`` of :data:`simulator.report.charts.CHARTS` shows
    for ``results``, with its main numbers."""
    return SUMMARIES[key](results)


def competition_alt(results: Results) -> str:
    """The competition-by-size chart, in one sentence."""
    bands = results.recovery.measures["competition"]["by_band"]
    top = max(bands, key=lambda b: b["money"]["mean"])
    costly = max(bands, key=lambda b: b["bid_cost"])
    return (
        f"Bar chart of money won and the cost of bidding by organisation size band: "
        f"{_most(top['band'] + ' organisations', top['money']['mean'], 'win')}; "
        f"{costly['band']} organisations spend most on bids, {format_money(costly['bid_cost'])}."
    )


def tornado_alt(data: dict, label: Callable[[str], str], text: Callable[[float], str]) -> str:
    """A tornado chart, in one sentence: the setting that moves the result most, and by how
    much (``label`` names a setting, ``text`` writes a change of the result)."""
    bars = data["bars"]
    top = max(bars, key=lambda b: abs(b["swing"]))
    return (
        f"Tornado chart of how far each of {len(bars)} settings moves the result from the base "
        f"run: {label(top['key'])} moves it most, a swing of {text(top['swing'])}."
    )
