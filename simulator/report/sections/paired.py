"""A comparison report's paired results (from :mod:`simulator.analysis.compare`): each option's
change against the baseline with its band, winners and losers, and the exemplification table.

Shown when the report's extras hold a ``comparison``; otherwise these sections add nothing.
"""

from __future__ import annotations

import math

from simulator.core.money import format_money, format_money_in, format_share, money_unit
from simulator.report.context import ReportContext, area_word
from simulator.report.model import Document
from simulator.report.sections.tables import ANNEX_LIMIT

_UNIT_FORMAT = {
    "pounds": format_money,
    "share": format_share,
    "probability": format_share,
    "index": lambda v: f"{v:+.3f}",
    "areas": lambda v: f"{v:,.1f}".removesuffix(".0"),  # a count: "317", or a mean "316.4"
}


def _fmt(unit: str, value) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return _UNIT_FORMAT.get(unit, lambda v: f"{v:,.3g}")(value)


def _signed(unit: str, value) -> str:
    text = _fmt(unit, value)
    if unit == "index" or text == "–":
        return text
    return text if text.startswith("-") else "+" + text


def _source(c) -> str:
    return f"Source: fundsim {c.version} comparison, seed {c.seed}, {c.paths:,} paths; every option on the same draws."


def paired_differences(doc: Document, ctx: ReportContext) -> None:
    c = ctx.extras.get("comparison")
    if c is None:
        return
    names = [f"{o['label']}: {o['name']}" for o in c.options]
    doc.heading("Differences against the baseline")
    doc.para(
        f"Option {c.options[0]['label']} ({c.options[0]['name']}) is the baseline. Every option is run on the same simulated "
        "futures, so each difference is worked out future by future; its range is the spread of that paired difference "
        "(what the policy changes), not the noise of two separate runs."
    )
    if c.caveat:  # beside the figures, in full type (the note below then leaves it out)
        doc.para(c.caveat)
    for note in c.notes:
        doc.para(note.replace(f" {c.caveat}", "") if c.caveat else note, "small")
    rows = []
    for m in c.metrics:
        row = [m["label"], _fmt(m["unit"], m["values"][0])]
        for i in range(1, len(c.options)):
            parts = [_signed(m["unit"], m[f"difference_{s}"][i]) for s in ("mean", "p5", "p95")]
            if not any(ch in "123456789" for ch in "".join(parts)):
                row.append("no change")
            else:
                row.append(f"{parts[0]} ({parts[1]} to {parts[2]})")
        rows.append(row)
    k = len(c.options)
    doc.table(
        "Headline measures: the baseline, and each option's paired change against it (in brackets: 90% of futures between).",
        ["Measure", names[0]] + [f"{n} − {c.options[0]['label']}" for n in names[1:]],
        rows,
        [2.6, 1.3] + [2.4] * (k - 1),
        [False] + [True] * k,
        _source(c),
        small=True,
    )
    rows = []
    for w in c.winners_losers:
        rows.append(
            [w["label"]]
            + [
                f"{w['on_mean_change'][i]:,.0f} ({w['p5'][i]:,.0f} to {w['p95'][i]:,.0f})"
                for i in range(1, k)
            ]
        )
    doc.table(
        f"Winners and losers against the baseline (gaining or losing more than £{c.threshold:g} per head): on the mean change, "
        "and in brackets the range over 90% of futures.",
        ["Count"] + names[1:],
        rows,
        [2.6] + [2.4] * (k - 1),
        [False] + [True] * (k - 1),
        _source(c),
        small=True,
    )


def exemplification_annex(doc: Document, ctx: ReportContext) -> None:
    """The exemplification table: every area's allocation under the baseline and each option."""
    c = ctx.extras.get("comparison")
    if c is None:
        return
    table = c.exemplification()
    words = area_word(ctx.runs[0]) if c.level != "lad" else "districts"
    doc.page_break()
    doc.heading("Annex: exemplification")
    doc.para(
        f"What each of the {len(table):,} {words} receives under the baseline and under each option: the change in pounds, "
        "in per cent and per head, the range of the paired change over 90% of futures, and the chance of gaining. "
        + (
            f"The {ANNEX_LIMIT} {words} with the largest baseline allocation are listed; every area is in the CSV of "
            "fundsim compare."
            if len(table) > ANNEX_LIMIT
            else ""
        )
    )
    shown = table.sort_values(["A_mean", "code"], ascending=[False, True]).head(ANNEX_LIMIT)
    base = c.options[0]
    for option in c.options[1:]:
        L = option["label"]
        rows = []
        # one unit a column: the allocations share one, the change and its range another
        money = money_unit([*shown["A_mean"], *shown[f"{L}_mean"]])
        change = money_unit(
            [*shown[f"{L}_change"], *shown[f"{L}_change_p5"], *shown[f"{L}_change_p95"]]
        )
        for _, r in shown.iterrows():
            pct = r[f"{L}_change_pct"]
            rows.append(
                [
                    str(r["name"]),
                    format_money_in(r["A_mean"], money),
                    format_money_in(r[f"{L}_mean"], money),
                    format_money_in(r[f"{L}_change"], change, signed=True),
                    "–" if pct is None or not math.isfinite(pct) else f"{100 * pct:+.1f}%",
                    f"{r[f'{L}_change_per_head']:+,.2f}",
                    f"{format_money_in(r[f'{L}_change_p5'], change, signed=True)} to "
                    f"{format_money_in(r[f'{L}_change_p95'], change, signed=True)}",
                    format_share(r[f"{L}_prob_gain"], 0),
                ]
            )
        doc.table(
            f"Exemplification: {base['label']} ({base['name']}) against {L} ({option['name']}), by {area_word(ctx.runs[0], False)}.",
            [
                "Area",
                f"{base['label']} (baseline)",
                L,
                "Change",
                "Change %",
                "Change £ per head",
                "90% of futures between",
                "Chance of gain",
            ],
            rows,
            [2.2, 1.1, 1.1, 1.0, 0.8, 0.9, 2.0, 0.8],
            [False] + [True] * 7,
            _source(c),
            small=True,
        )
