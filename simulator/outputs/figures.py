"""Charts as plain functions of results, drawn on a matplotlib ``Figure``.

They import no Qt: the desktop app embeds them in a canvas, and a script or notebook can draw
them under the Agg backend and save them. Colours are the Okabe-Ito palette, which stays
distinguishable with the common forms of colour blindness.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from simulator.core.money import format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs.ticks import MoneyAxis
from simulator.results import Results
from simulator.scenario.labels import indicator_label

plain_text_charts()

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}


#: A scatter names every point up to this many areas (more would overlap into a smudge).
LABEL_ALL = 40


def source_note(results: Results) -> str:
    """The small print under every chart: data, seed, paths, version."""
    data = results.data
    label = data.label if not data.fictional else "FICTIONAL workshop data (invented areas)"
    population = next((f.name for f in data.files if f.role == "population"), None)
    label += f"; population: {population}" if population else ""
    text = (
        f"Data: {label}. fundsim {results.version}, seed {results.seed}, {results.paths:,} paths."
    )
    if data.attribution:
        text += f"\n{data.attribution}."
    return text


def _finish(
    fig: Figure,
    results: Results,
    ax=None,
    *,
    left: float = 0.12,
    top: float = 0.9,
    bottom: float = 0.18,
    grid: str = "both",
) -> None:
    """Common ending: light grid and open frame on ``ax``, margins, and the source line."""
    if ax is not None:
        ax.grid(axis=grid, color="#dddddd")
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(left=left, right=0.97, top=top, bottom=bottom)
    fig.text(
        0.01,
        0.01,
        source_note(results),
        fontsize="x-small",
        color="#444444",
        ha="left",
        va="bottom",
    )


def _bars_with_whiskers(ax, names, mean, low, high, color: str, label: str) -> None:
    """Horizontal bars of ``mean`` with 5th-95th percentile whiskers and a £ axis."""
    y = np.arange(len(names))
    mean = np.asarray(mean, dtype=float)
    err = np.vstack([mean - np.asarray(low), np.asarray(high) - mean]).clip(min=0)
    ax.barh(y, mean, color=color, height=0.7, label=label)
    ax.errorbar(
        mean,
        y,
        xerr=err,
        fmt="none",
        ecolor=OKABE_ITO["black"],
        elinewidth=1.2,
        capsize=3,
        label="5th-95th percentile",
    )
    ax.set_yticks(y, list(names))
    ax.xaxis.set_major_formatter(MoneyAxis())


def money_phrase(results: Results) -> str:
    """ "£475.0m distributed", or for a competition that leaves money over, "£422.0m awarded
    (90%: £410.1m–£433.2m), £53.0m unspent"."""
    rec = results.recovery
    awarded, unspent = rec.measures.get("awarded", {}), rec.measures.get("unspent", {})
    if unspent.get("mean", 0.0) <= 0.001 * max(rec.distributed, 1.0):
        return f"{format_money(rec.distributed)} distributed"
    if rec.measures.get("competition", {}).get("every_bid_funded"):  # no spread to show, and why
        return f"{format_money(awarded['mean'])} awarded (every bid funded), {format_money(unspent['mean'])} unspent"
    return (
        f"{format_money(awarded['mean'])} awarded (90%: {format_money(awarded['p5'])}–{format_money(awarded['p95'])}), "
        f"{format_money(unspent['mean'])} unspent"
    )


def _allocation_table(results: Results, top_n: int | None, search: str):
    table = results.recovery.table.sort_values("mean", ascending=False)
    if search:
        text = search.lower()
        table = table[
            table["name"].str.lower().str.contains(text, regex=False)
            | table["code"].str.lower().str.contains(text, regex=False)
        ]
    if top_n is not None and len(table) > top_n:
        table = table.head(top_n)
    return table.iloc[::-1]  # largest at the top


def _allocation_title(results: Results, shown_rows: int) -> str:
    total = len(results.recovery.table)
    shown = f" (top {shown_rows:,} of {total:,})" if shown_rows < total else ""
    return (
        f"Community Recovery Fund: allocation per area{shown}\n"
        f"{money_phrase(results)}; "
        f"{format_share(results.recovery.share_to_most_deprived_decile)} to the most deprived 10% of areas"
    )


class _AllocationArtists:
    """The allocation chart's artists, kept so the next results move them instead of drawing
    the chart again (what live mode needs to follow a slider): bar lengths, whiskers, names,
    the x range, the title and the source line change; nothing is created."""

    def __init__(self, fig: Figure, ax, note, rows: int) -> None:
        self.fig, self.ax, self.note, self.rows = fig, ax, note, rows
        self.bars = ax.containers[0]
        self.whiskers = ax.containers[1]

    def fits(self, fig: Figure, rows: int) -> bool:
        return fig.axes == [self.ax] and self.note in fig.texts and rows == self.rows

    def update(self, results: Results, table) -> None:
        mean = table["mean"].to_numpy(dtype=float)
        low = np.minimum(table["p5"].to_numpy(dtype=float), mean)
        high = np.maximum(table["p95"].to_numpy(dtype=float), mean)
        y = np.arange(len(mean), dtype=float)
        for patch, width in zip(self.bars.patches, mean):
            patch.set_width(width)
            patch.set_facecolor(OKABE_ITO["blue"])
        _line, (cap_low, cap_high), (segments,) = self.whiskers.lines
        cap_low.set_data(low, y)
        cap_high.set_data(high, y)
        segments.set_segments(
            np.stack([np.column_stack([low, y]), np.column_stack([high, y])], axis=1)
        )
        self.ax.set_yticks(y, list(table["name"]))
        self.ax.set_autoscalex_on(True)
        self.ax.relim()
        self.ax.autoscale_view(scaley=False)
        self.ax.set_title(
            _allocation_title(results, len(table)), fontsize="large", loc="left", y=1.0
        )
        self.note.set_text(source_note(results))


def allocation_chart(
    fig: Figure, results: Results, top_n: int | None = 30, search: str = ""
) -> None:
    """Horizontal bars of each area's mean allocation with p5-p95 whiskers, largest first.

    ``search`` keeps only areas whose name or code contains it (case-insensitive). Drawn again
    on the same figure with as many bars, the chart is updated in place (same picture).
    """
    table = _allocation_table(results, top_n, search)
    kept = getattr(fig, "fundsim_allocation", None)
    if kept is not None and kept.fits(fig, len(table)):
        kept.update(results, table)
        return
    fig.clear()
    ax = fig.add_subplot(111)
    _bars_with_whiskers(
        ax,
        table["name"],
        table["mean"],
        table["p5"],
        table["p95"],
        OKABE_ITO["blue"],
        "Mean allocation",
    )
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.set_xlabel("Allocation (£)")
    # y=1.0 is where matplotlib would place it; saying so spares a search of every label's box
    # on each drawing (about 12 ms of what live mode waits for)
    ax.set_title(_allocation_title(results, len(table)), fontsize="large", loc="left", y=1.0)
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    _finish(fig, results, ax, left=0.26, top=0.88, bottom=0.16, grid="x")
    fig.fundsim_allocation = _AllocationArtists(fig, ax, fig.texts[-1], len(table))


def endowment_fan_chart(fig: Figure, results: Results, real: bool = True) -> None:
    """The endowment's value over time: median line inside a 5th-95th percentile band."""
    fig.clear()
    end = results.endowment
    values = end.value_real if real else end.value_nominal
    ax = fig.add_subplot(111)
    years = end.years
    _bands(ax, years, values, OKABE_ITO["blue"], "Median")
    ax.axhline(
        end.initial,
        color=OKABE_ITO["vermillion"],
        linestyle="--",
        linewidth=1.2,
        label=f"Initial value {format_money(end.initial)}",
    )
    ax.yaxis.set_major_formatter(MoneyAxis())
    ax.set_xlabel("Year")
    ax.set_ylabel("Value (£, pounds of year 0)" if real else "Value (£, nominal)")
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    kind = "real" if real else "nominal"
    ax.set_title(
        f"Levelling Up Communities Fund: endowment value ({kind})\n"
        f"Real value kept after {int(years[-1])} years in {format_share(end.prob_real_value_preserved, 0)} of futures; "
        f"depleted in {format_share(end.prob_depleted, 0)}",
        fontsize="large",
        loc="left",
    )
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    _finish(fig, results, ax, top=0.86, bottom=0.2)


def _bands(ax, x, bands: dict, color: str, label: str) -> None:
    """Median line inside 5-95 (light) and, when present, 25-75 (darker) percentile bands."""
    ax.fill_between(
        x,
        bands["p5"],
        bands["p95"],
        color=color,
        alpha=0.25,
        linewidth=0,
        label="5th-95th percentile",
    )
    if "p25" in bands and "p75" in bands:
        ax.fill_between(
            x,
            bands["p25"],
            bands["p75"],
            color=color,
            alpha=0.45,
            linewidth=0,
            label="25th-75th percentile",
        )
    ax.plot(x, bands["p50"], color=color, linewidth=2.2, label=label)


def per_capita_chart(fig: Figure, results: Results) -> None:
    """Money per head against need: does money follow deprivation?"""
    fig.clear()
    table = results.recovery.table
    ax = fig.add_subplot(111)
    many = len(table) > 500
    ax.scatter(
        table["need"],
        table["per_capita"],
        s=6 if many else 40,
        alpha=0.35 if many else 0.9,
        color=OKABE_ITO["blue"],
        edgecolor="none",
    )
    if len(table) <= LABEL_ALL:  # every name when they fit
        for row in table.itertuples():
            ax.annotate(
                str(row.name),
                (row.need, row.per_capita),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize="x-small",
                color="#333333",
            )
    elif not many:  # otherwise the most and the least money per head, named inwards, alternately above and below
        order = np.argsort(table["per_capita"].to_numpy(), kind="stable")
        for ends, side in ((order[:3], 1), (order[-6:][::-1], -1)):
            for k, row in enumerate(table.iloc[ends].itertuples()):
                ax.annotate(
                    str(row.name),
                    (row.need, row.per_capita),
                    xytext=(6 * side, 4 if k % 2 == 0 else -11),
                    textcoords="offset points",
                    fontsize="x-small",
                    color="#333333",
                    ha="left" if side > 0 else "right",
                )
    equal = (
        results.recovery.measures.get("awarded", {}).get("mean", results.recovery.distributed)
        / table["population"].sum()
    )
    ax.axhline(
        equal,
        color=OKABE_ITO["vermillion"],
        linestyle="--",
        linewidth=1.2,
        label=f"Equal money per head ({format_money(equal)})",
    )
    ax.yaxis.set_major_formatter(MoneyAxis())  # "£7.5", never a rounded "£8" beside it
    ax.set_xlabel(
        f"Need ({indicator_label(results.recovery.need_indicator)}; higher = more deprived)"
    )
    ax.set_ylabel("Mean allocation per head (£ per person)")
    ax.set_title(
        "Community Recovery Fund: money per head against need", fontsize="large", loc="left"
    )
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    _finish(fig, results, ax)


def decile_chart(fig: Figure, results: Results) -> None:
    """Money to each tenth of areas by need, with 5th-95th percentile whiskers."""
    fig.clear()
    deciles = results.recovery.measures.get("by_decile", [])
    ax = fig.add_subplot(111)
    x = np.arange(1, len(deciles) + 1)
    mean = np.array([d["mean"] for d in deciles])
    err = np.vstack(
        [mean - [d["p5"] for d in deciles], np.array([d["p95"] for d in deciles]) - mean]
    ).clip(min=0)
    ax.bar(x, mean, color=OKABE_ITO["blue"], width=0.7, label="Mean")
    ax.errorbar(
        x, mean, yerr=err, fmt="none", ecolor="black", capsize=4, label="5th-95th percentile"
    )
    for xi, d in zip(x, deciles):  # above the whisker, which would strike through it
        ax.annotate(
            format_share(d["share"], 0),
            (xi, max(d["mean"], d["p95"])),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            fontsize="small",
        )
    ax.margins(y=0.1)  # room for the highest label under the title
    ax.set_xticks(x, [f"{i}" for i in x])
    ax.set_xlabel("Need decile (1 = the most deprived tenth of areas)")
    ax.set_ylabel("Money (£)")
    ax.yaxis.set_major_formatter(MoneyAxis())
    ax.set_title(
        "Community Recovery Fund: money by deprivation decile (labels: share of the money)",
        fontsize="large",
        loc="left",
    )
    ax.legend(loc="upper right", frameon=False, fontsize="small")
    _finish(fig, results, ax)


def concentration_chart(fig: Figure, results: Results) -> None:
    """Cumulative money against cumulative population, most deprived first."""
    fig.clear()
    m = results.recovery.measures
    curve = m.get("concentration_curve", {})
    ax = fig.add_subplot(111)
    ax.plot(
        [0, 1], [0, 1], color="#777777", linestyle="--", linewidth=1.2, label="Equal money per head"
    )
    if results.recovery.curve is not None:
        x, y = results.recovery.curve
    else:
        x, y = curve.get("population_share", []), curve.get("money_share", [])
    ax.plot(x, y, color=OKABE_ITO["blue"], linewidth=2.4, label="This scenario")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))
    ax.set_xlabel("Share of population, most deprived areas first")
    ax.set_ylabel("Share of the money")
    ci = m.get("concentration_index", {})
    ax.set_title(
        "Community Recovery Fund: concentration curve\n"
        f"Concentration index {ci.get('mean', float('nan')):+.3f} (below 0: towards the more deprived); "
        f"Gini per head {m.get('gini_per_capita', float('nan')):.3f}",
        fontsize="large",
        loc="left",
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    _finish(fig, results, ax, top=0.86)


def winners_losers_chart(fig: Figure, results: Results, top_n: int = 15) -> None:
    """Areas gaining and losing most against the same money shared equally per head."""
    fig.clear()
    table = results.recovery.table.sort_values("gain")
    if len(table) > 2 * top_n:
        table = table.iloc[list(range(top_n)) + list(range(len(table) - top_n, len(table)))]
    ax = fig.add_subplot(111)
    y = np.arange(len(table))
    gain = table["gain"].to_numpy()
    colors = np.where(gain >= 0, OKABE_ITO["blue"], OKABE_ITO["orange"])
    ax.barh(y, gain, color=colors, height=0.7)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, table["name"].tolist())
    ax.xaxis.set_major_formatter(MoneyAxis())
    ax.set_xlabel("Gain (blue) or loss (orange) against equal money per head (£)")
    w = results.recovery.measures.get("against_equal_per_head", {})
    ax.set_title(
        f"Winners and losers against equal money per head\n{w.get('winners', 0)} areas gain, {w.get('losers', 0)} lose; "
        f"{format_money(w.get('money_moved', 0.0))} moves towards need",
        fontsize="large",
        loc="left",
    )
    _finish(fig, results, ax, left=0.26, top=0.88, bottom=0.16)


def grants_fan_chart(fig: Figure, results: Results, real: bool = True) -> None:
    """Grants paid each year: median inside percentile bands."""
    fig.clear()
    end = results.endowment
    grants = end.grants_real if real else end.grants_nominal
    years = end.years[1:]
    ax = fig.add_subplot(111)
    _bands(ax, years, grants, OKABE_ITO["green"], "Median")
    ax.yaxis.set_major_formatter(MoneyAxis())
    ax.set_xlabel("Year")
    ax.set_ylabel(
        "Grants in the year (£, pounds of year 0)" if real else "Grants in the year (£, nominal)"
    )
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    p = end.prob_final_grants_at_least_first
    ax.set_title(
        f"Levelling Up Communities Fund: grants per year ({'real' if real else 'nominal'})\n"
        f"The last year's real grants are at least the first year's in {format_share(p or 0, 0)} of futures",
        fontsize="large",
        loc="left",
    )
    ax.legend(loc="upper right", frameon=False, fontsize="small")
    _finish(fig, results, ax, top=0.86, bottom=0.2)


def probability_chart(fig: Figure, results: Results) -> None:
    """Chance the endowment has kept its real value, and chance it has run out, by year."""
    fig.clear()
    end = results.endowment
    ax = fig.add_subplot(111)
    ax.plot(
        end.years,
        end.prob_preserved_by_year,
        color=OKABE_ITO["blue"],
        linewidth=2.2,
        label="Real value at least the initial value",
    )
    ax.plot(
        end.years,
        end.prob_depleted_by_year,
        color=OKABE_ITO["vermillion"],
        linewidth=2.2,
        linestyle="--",
        label="Fund run out",
    )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(end.years[0], end.years[-1])
    ax.set_xlabel("Year")
    ax.set_ylabel("Share of simulated futures")
    median = end.depletion_year.get("median")
    tail = f"; median year of running out {median:.0f}" if median else ""
    ax.set_title(
        f"Levelling Up Communities Fund: preservation and depletion over time\n"
        f"Real value kept at the horizon in {format_share(end.prob_real_value_preserved, 0)} of futures{tail}",
        fontsize="large",
        loc="left",
    )
    ax.legend(loc="center right", frameon=False, fontsize="small")
    _finish(fig, results, ax, top=0.86, bottom=0.2)


def area_grants_chart(fig: Figure, results: Results, top_n: int = 30) -> None:
    """Cumulative real grants from the endowment to each eligible area, with bands."""
    fig.clear()
    ax = fig.add_subplot(111)
    table = results.endowment.area_grants
    if table is None or table.empty:
        ax.text(
            0.5,
            0.5,
            "No areas receive endowment grants",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        _finish(fig, results)
        return
    table = table.sort_values("cumulative_real_mean", ascending=False).head(top_n).iloc[::-1]
    _bars_with_whiskers(
        ax,
        table["name"],
        table["cumulative_real_mean"],
        table["cumulative_real_p5"],
        table["cumulative_real_p95"],
        OKABE_ITO["green"],
        "Mean",
    )
    years = int(results.endowment.years[-1])
    ax.set_xlabel(f"Grants over {years} years (£, pounds of year 0)")
    ax.set_title(
        f"Levelling Up Communities Fund: grants to the {len(results.endowment.area_grants):,} eligible areas over {years} years",
        fontsize="large",
        loc="left",
    )
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    _finish(fig, results, ax, left=0.26, bottom=0.16)


def fit_to_page(fig: Figure, width: float) -> None:
    """Lay a chart drawn for a wide window out again for a page ``width`` inches wide.

    A chart of many bars grows tall enough for its names (0.2 in a bar); titles and the source
    line are wrapped at word boundaries to the room they have, and the margins recomputed
    (``tight_layout``) with the source line kept clear below the axes.
    """
    rows = max((len(ax.get_yticklabels()) for ax in fig.axes), default=0)
    if rows > 12:
        fig.set_figheight(max(fig.get_figheight(), 1.5 + 0.2 * rows))
    height = fig.get_figheight()
    note_lines = 0
    for text in fig.texts:  # the source line, wrapped to the page
        chars = max(40, int(width * 72 / (text.get_fontsize() * 0.55)))
        text.set_text("\n".join(textwrap.fill(line, chars) for line in text.get_text().split("\n")))
        note_lines = max(note_lines, text.get_text().count("\n") + 1)
    note = max((t.get_fontsize() for t in fig.texts), default=0) * 1.3 * note_lines / 72 / height
    originals = {
        id(t): t.get_text() for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title)
    }
    rect = (0, note + 0.01 if note else 0, 1, 1)
    fig.tight_layout(pad=0.6, rect=rect)
    for _ in range(2):  # wrap to the room right of the axes' left edge, then lay out again
        for ax in fig.axes:
            room = width * (1 - ax.get_position().x0) - 0.1
            for title in (ax.title, ax._left_title, ax._right_title):
                text = originals.get(id(title), "")
                if text:
                    chars = max(25, int(room * 72 / (title.get_fontsize() * 0.6)))
                    title.set_text(
                        "\n".join(textwrap.fill(line, chars) for line in text.split("\n"))
                    )
        fig.tight_layout(pad=0.6, rect=rect)
