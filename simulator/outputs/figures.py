"""Charts as plain functions of results, drawn on a matplotlib ``Figure``.

They import no Qt: the desktop app embeds them in a canvas, and a script or notebook can draw
them under the Agg backend and save them. Colours come by role from the house style
(:mod:`simulator.outputs.house`: the Government Analysis Function's palette, or Okabe-Ito);
legends sit between the title and the axes, never over data; losses are hatched as well as
coloured. Every chart function returns a :class:`~simulator.outputs.house.ChartInfo` (a
one-sentence summary computed from the numbers, and the table behind the chart), also kept on
the figure as ``fig.fundsim_info``.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from simulator.core.money import format_money, format_per_head, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.outputs.claims import money_moved_text
from simulator.outputs.endowment_figures import (  # noqa: F401  (the endowment's charts, here too)
    _bands,
    area_grants_chart,
    endowment_fan_chart,
    grants_fan_chart,
    probability_chart,
)
from simulator.outputs.house import (  # noqa: F401  (source_note and _finish: used by other charts)
    ChartInfo,
    MoneyAxis,
    _bars_with_whiskers,
    _finish,
    attach,
    source_note,
)
from simulator.results import Results
from simulator.scenario.labels import indicator_label

plain_text_charts()

#: Okabe & Ito (2008) colour-blind-safe palette (the house style's alternative, by name).
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


def _allocation_info(fig: Figure, results: Results, table) -> ChartInfo:
    rows = table.iloc[::-1]  # largest first, as read
    data = pd.DataFrame(
        {
            "area": rows["name"].astype(str),
            "code": rows["code"].astype(str),
            "mean allocation (£)": rows["mean"].astype(float),
            "5th percentile (£)": rows["p5"].astype(float),
            "95th percentile (£)": rows["p95"].astype(float),
        }
    )
    if data.empty:
        return attach(fig, "No area matches the search.", data)
    top, low = rows.iloc[0], rows.iloc[-1]
    total = len(results.recovery.table)
    shown = (
        f"the {len(rows):,} largest of {total:,} areas" if len(rows) < total else f"{total:,} areas"
    )
    summary = (
        f"Allocation per area for {shown}: {top['name']} gets the most, {format_money(top['mean'])} "
        f"(90% range {format_money(top['p5'])} to {format_money(top['p95'])})"
        + (
            f", and {low['name']} the least{' shown' if len(rows) < total else ''}, {format_money(low['mean'])}"
            if len(rows) > 1
            else ""
        )
        + f"; {format_share(results.recovery.share_to_most_deprived_decile)} of the money goes to the most deprived 10% of areas."
    )
    return attach(fig, summary, data, "Allocation per area")


class _NamesFit(Artist):
    """Drawn before the axes' names: keeps the names' type no taller than a bar's row at the size
    the chart is drawn (a short window: 30 names in a 1366x768 window overlapped), never larger
    than the size they were given (the house's, or workshop mode's). Drawn at a height with
    room (a page, a large window) it changes nothing."""

    #: A name may be this much taller than its row (the ink of a line is less than its height).
    ROOM = 1.05

    def __init__(self) -> None:
        super().__init__()
        self.size: float | None = None  # the size the names were given
        self.applied: float | None = None  # the size this last gave them
        self.set(zorder=-100, in_layout=False)

    def draw(self, renderer) -> None:
        ax = self.axes
        ticks = ax.yaxis.get_major_ticks()
        if ticks:
            given = ticks[0].label1.get_fontsize()
            if given != self.applied:  # set by the chart's owner since: the most it may be
                self.size = given
            row_pt = ax.bbox.height / max(len(ax.patches), 1) * 72 / ax.figure.dpi
            size = max(4.0, min(self.size or given, self.ROOM * row_pt))
            if size != given or self.applied not in (None, given):  # untouched when they fit
                for tick in ticks:
                    if tick.label1.get_fontsize() != size:  # only a change: drawing stays still
                        tick.label1.set_fontsize(size)
                self.applied = size
        self.stale = False


class _AllocationArtists:
    """The allocation chart's artists, kept so the next results move them instead of drawing
    the chart again (what live mode needs to follow a slider): bar lengths, whiskers, names,
    the x range, the title and the source line change; nothing is created."""

    def __init__(self, fig: Figure, ax, note, rows: int, names: list[str]) -> None:
        self.fig, self.ax, self.note, self.rows, self.names = fig, ax, note, rows, names
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
            patch.set_facecolor(house.main())
        _line, (cap_low, cap_high), (segments,) = self.whiskers.lines
        cap_low.set_data(low, y)
        cap_high.set_data(high, y)
        segments.set_segments(
            np.stack([np.column_stack([low, y]), np.column_stack([high, y])], axis=1)
        )
        names = list(table["name"])
        if names != self.names:  # the order changed
            self.ax.set_yticks(y, names)
            self.names = names
        # the x extent relim() would find (bars from 0, whisker caps), without asking every
        # patch for its path (a third of the update's time)
        ends = np.concatenate([[0.0], mean, low, high])
        self.ax.dataLim.intervalx = (float(np.nanmin(ends)), float(np.nanmax(ends)))
        self.ax.ignore_existing_data_limits = False
        self.ax.set_autoscalex_on(True)
        self.ax.autoscale_view(scaley=False)
        self.ax.set_title(
            _allocation_title(results, len(table)),
            fontsize="large",
            loc="left",
            y=1.0,
            pad=getattr(self.ax, "fundsim_title_pad", 6.0),
        )
        self.note.set_text(source_note(results))


def allocation_chart(
    fig: Figure, results: Results, top_n: int | None = 30, search: str = ""
) -> ChartInfo:
    """Horizontal bars of each area's mean allocation with p5-p95 whiskers, largest first.

    ``search`` keeps only areas whose name or code contains it (case-insensitive). Drawn again
    on the same figure with as many bars, the chart is updated in place (same picture).
    """
    table = _allocation_table(results, top_n, search)
    kept = getattr(fig, "fundsim_allocation", None)
    if kept is not None and kept.fits(fig, len(table)):
        kept.update(results, table)
        return _allocation_info(fig, results, table)
    fig.clear()
    ax = fig.add_subplot(111)
    _bars_with_whiskers(
        ax,
        table["name"],
        table["mean"],
        table["p5"],
        table["p95"],
        house.main(),
        "Mean allocation",
    )
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.set_xlabel("Allocation (£)")
    # the names' axis has no label: placing it needs no search of the 30 names' boxes on each
    # drawing (matplotlib's automatic placement measures every tick label: ~10 ms a drawing)
    ax.yaxis.set_label_coords(-0.2, 0.5)
    ax.add_artist(_NamesFit())
    # y=1.0 is where matplotlib would place it; saying so spares a search of every label's box
    # on each drawing (about 12 ms of what live mode waits for)
    house.head(ax, _allocation_title(results, len(table)), y=1.0)
    _finish(fig, results, ax, left=0.26, top=0.88, bottom=0.16, grid="x")
    fig.fundsim_allocation = _AllocationArtists(
        fig, ax, fig.texts[-1], len(table), list(table["name"])
    )
    return _allocation_info(fig, results, table)


def per_capita_chart(fig: Figure, results: Results) -> ChartInfo:
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
        color=house.main(),
        edgecolor="none",
        label="One area",
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
        color=house.current().reference,
        linestyle="--",
        linewidth=1.2,
        label=f"Equal money per head ({format_money(equal)})",
    )
    ax.yaxis.set_major_formatter(MoneyAxis())  # "£7.5", never a rounded "£8" beside it
    ax.set_xlabel(
        f"Need ({indicator_label(results.recovery.need_indicator)}; higher = more deprived)"
    )
    ax.set_ylabel("Mean allocation per head (£ per person)")
    house.head(ax, "Community Recovery Fund: money per head against need")
    _finish(fig, results, ax)
    data = pd.DataFrame(
        {
            "area": table["name"].astype(str),
            "code": table["code"].astype(str),
            "need": table["need"].astype(float),
            "mean allocation per head (£)": table["per_capita"].astype(float),
        }
    )
    need, per_head = data["need"].to_numpy(), data["mean allocation per head (£)"].to_numpy()
    corr = (
        float(np.corrcoef(need, per_head)[0, 1])
        if len(data) > 2 and np.std(need) > 0 and np.std(per_head) > 0
        else float("nan")
    )
    trend = (
        "rises with need"
        if corr > 0.3
        else "falls as need rises"
        if corr < -0.3
        else "barely follows need"
    )
    best = data.iloc[int(np.argmax(per_head))] if len(data) else None
    summary = (
        f"Across {len(data):,} areas money per head {trend} (correlation {corr:.2f}); "
        f"equal shares would give {format_per_head(equal)}"
        + (
            f", and {best['area']} gets the most, {format_per_head(best['mean allocation per head (£)'])}."
            if best is not None
            else "."
        )
    )
    return attach(fig, summary, data, "Money per head against need")


def decile_chart(fig: Figure, results: Results) -> ChartInfo:
    """Money to each tenth of areas by need, with 5th-95th percentile whiskers."""
    fig.clear()
    deciles = results.recovery.measures.get("by_decile", [])
    ax = fig.add_subplot(111)
    x = np.arange(1, len(deciles) + 1)
    mean = np.array([d["mean"] for d in deciles])
    err = np.vstack(
        [mean - [d["p5"] for d in deciles], np.array([d["p95"] for d in deciles]) - mean]
    ).clip(min=0)
    ax.bar(x, mean, color=house.main(), width=0.7, label="Mean")
    ax.errorbar(
        x,
        mean,
        yerr=err,
        fmt="none",
        ecolor=house.current().ink,
        capsize=4,
        label="5th-95th percentile",
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
    house.head(
        ax, "Community Recovery Fund: money by deprivation decile (labels: share of the money)"
    )
    _finish(fig, results, ax)
    data = pd.DataFrame(
        {
            "need decile (1 = most deprived)": x,
            "mean money (£)": mean,
            "5th percentile (£)": [d["p5"] for d in deciles],
            "95th percentile (£)": [d["p95"] for d in deciles],
            "share of the money": [d["share"] for d in deciles],
        }
    )
    if deciles:
        summary = (
            f"The most deprived tenth of areas gets {format_money(deciles[0]['mean'])} "
            f"({format_share(deciles[0]['share'], 0)} of the money) and the least deprived tenth "
            f"{format_money(deciles[-1]['mean'])} ({format_share(deciles[-1]['share'], 0)})."
        )
    else:
        summary = "No money by decile in these results."
    return attach(fig, summary, data, "Money by deprivation decile")


def concentration_chart(fig: Figure, results: Results) -> ChartInfo:
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
    ax.plot(x, y, color=house.main(), linewidth=2.4, label="This scenario")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))
    ax.set_xlabel("Share of population, most deprived areas first")
    ax.set_ylabel("Share of the money")
    ci = m.get("concentration_index", {})
    house.head(
        ax,
        "Community Recovery Fund: concentration curve\n"
        f"Concentration index {ci.get('mean', float('nan')):+.3f} (below 0: towards the more deprived); "
        f"Gini per head {m.get('gini_per_capita', float('nan')):.3f}",
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    _finish(fig, results, ax, top=0.86)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    data = pd.DataFrame({"share of population": x, "share of the money": y})
    fifth = float(np.interp(0.2, x, y)) if len(x) > 1 else float("nan")
    summary = (
        f"The most deprived areas holding 20% of the population receive {format_share(fifth, 0)} of the money; "
        f"the concentration index is {ci.get('mean', float('nan')):+.3f} (below zero means towards the more deprived)."
    )
    return attach(fig, summary, data, "Concentration curve")


def _gains_and_losses(ax, y, gain, *, height=0.7):
    """Gains in the first colour, losses in the second and hatched: told apart without colour."""
    gain_colour, loss_colour = house.current().pair
    loses = gain < 0
    ax.barh(y[~loses], gain[~loses], color=gain_colour, height=height)
    ax.barh(
        y[loses],
        gain[loses],
        color=loss_colour,
        height=height,
        hatch=house.HATCH,
        edgecolor="white",
    )
    return [
        Patch(facecolor=gain_colour, label="Gain"),
        Patch(facecolor=loss_colour, hatch=house.HATCH, edgecolor="white", label="Loss"),
    ]


def winners_losers_chart(fig: Figure, results: Results, top_n: int = 15) -> ChartInfo:
    """Areas gaining and losing most against the same money shared equally per head."""
    fig.clear()
    table = results.recovery.table.sort_values("gain")
    if len(table) > 2 * top_n:
        table = table.iloc[list(range(top_n)) + list(range(len(table) - top_n, len(table)))]
    ax = fig.add_subplot(111)
    y = np.arange(len(table))
    gain = table["gain"].to_numpy(dtype=float)
    handles = _gains_and_losses(ax, y, gain)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, table["name"].tolist())
    ax.xaxis.set_major_formatter(MoneyAxis())
    ax.set_xlabel("Gain or loss against equal money per head (£)")
    w = results.recovery.measures.get("against_equal_per_head", {})
    house.head(
        ax,
        f"Winners and losers against equal money per head\n{w.get('winners', 0)} areas gain, {w.get('losers', 0)} lose; "
        f"{money_moved_text(results.recovery.table, w.get('money_moved', 0.0))}",
        handles=handles,
        labels=[h.get_label() for h in handles],
    )
    _finish(fig, results, ax, left=0.26, top=0.88, bottom=0.16)
    rows = table.iloc[::-1]
    data = pd.DataFrame(
        {
            "area": rows["name"].astype(str),
            "code": rows["code"].astype(str),
            "gain against equal money per head (£)": rows["gain"].astype(float),
        }
    )
    summary = (
        f"Against equal money per head, {w.get('winners', 0)} areas gain and {w.get('losers', 0)} lose; "
        f"{money_moved_text(results.recovery.table, w.get('money_moved', 0.0))}"
        + (
            f", the largest gain being {rows.iloc[0]['name']} ({format_money(rows.iloc[0]['gain'])}) "
            f"and the largest loss {rows.iloc[-1]['name']} ({format_money(rows.iloc[-1]['gain'])})."
            if len(rows)
            else "."
        )
    )
    return attach(fig, summary, data, "Winners and losers")


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
    top = 1.0
    if fig.legends:  # a key for several panels, under the figure's title: the panels stay below it
        renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
        if renderer is not None:
            top = min(
                leg.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y0
                for leg in fig.legends
            )
    rect = (0, note + 0.01 if note else 0, 1, top)
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
