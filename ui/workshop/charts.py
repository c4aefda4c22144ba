"""Workshop mode's charts: large type readable from the back of a room, margins kept in pixels,
titles wrapped to the panel's width, the trainer's area highlighted; a chart a quarter of the
screen wide (both funds shown) gets fewer ticks and smaller legends."""

from __future__ import annotations

import textwrap

from matplotlib import rc_context
from matplotlib.ticker import MaxNLocator

from simulator.core.text import plain_text_charts
from simulator.outputs import house

plain_text_charts()

#: Type readable from the back of a room at 1920x1080 (about 28 px on screen).
LARGE = {
    "font.size": 20,
    "axes.titlesize": 20,
    "axes.labelsize": 20,
    "xtick.labelsize": 18,
    "ytick.labelsize": 20,
    "legend.fontsize": 16,
}
TITLE_PT = 20
NARROW_PX = 700  # a chart narrower than this (a quarter of a 1920-pixel screen) gets fewer ticks, smaller legends


def title_chars(figure) -> int:
    """Characters a title line holds across the figure at TITLE_PT (58 on half of a 1920-pixel
    screen, about 30 on a quarter)."""
    return max(20, int(figure.get_figwidth() * figure.dpi / (TITLE_PT * figure.dpi / 72 * 0.56)))


def highlight_colours() -> tuple[str, str]:
    """The picked area's colour and, when the house style has one, everyone else's (the
    Analysis Function's highlight palette: dark blue against grey)."""
    return house.current().highlight


#: Margins for the labels' sizes in pixels (no layout search on every redraw).
MARGINS = {
    "allocation": {"left": 0.33, "names_px": 230, "bottom_px": 100},
    "fan": {"left_px": 130, "bottom_px": 100},
}


def highlight_area(figure, name: str) -> None:
    """Pick out one area's bar and name in an allocation chart: its bar in the highlight colour
    and its name in bold, the other bars grey (in the Analysis Function's style). A chart
    updated in place gives back what an earlier highlight took."""
    picked, muted = highlight_colours()
    for ax in figure.axes:
        pairs = list(zip(ax.patches, ax.get_yticklabels()))
        for patch, label in pairs:
            kept = getattr(patch, "_fundsim_plain", None)
            if kept is not None:
                label.set_color(kept[0])
                label.set_fontweight(kept[1])
                patch.set_facecolor(kept[2])
                del patch._fundsim_plain
        if not name or not any(label.get_text() == name for _p, label in pairs):
            continue
        for patch, label in pairs:
            chosen = label.get_text() == name
            if not chosen and not muted:
                continue
            patch._fundsim_plain = (
                label.get_color(),
                label.get_fontweight(),
                patch.get_facecolor(),
            )
            patch.set_facecolor(picked if chosen else muted)
            if chosen:
                label.set_color(picked)
                label.set_fontweight("bold")


def _short(label: str) -> str:
    """A fan's key in few words, for a chart a quarter of the screen wide."""
    if label.startswith("Initial value"):
        return "Start" + label[len("Initial value") :]
    return {"5th-95th percentile": "5–95%", "25th-75th percentile": "25–75%"}.get(label, label)


def _legend_px(ax) -> float:
    """Pixels a key placed above ``ax`` takes (its rows of text, spacing and border)."""
    legend = ax.get_legend()
    rows = getattr(ax, "fundsim_legend_rows", 0)
    if legend is None or not rows or not legend.get_visible() or not legend.get_texts():
        return 0.0
    size = legend.get_texts()[0].get_fontsize()
    return size * (1.0 + 1.5 * rows) * ax.figure.dpi / 72 + 4


def _large(draw, margins: dict, highlight=lambda: ""):
    """Draw a chart in large type with fixed margins, the trainer's area highlighted. Drawn
    again on the same figure, the chart may be updated in place: the panel title is reused."""

    def wrapped(figure, results):
        with rc_context(LARGE):
            draw(figure, results)
            title = getattr(figure, "fundsim_title", None)
            title = title if title in figure.texts else None
            for text in figure.texts:  # the source line: keep only its first sentence
                if text is not title:
                    text.set_text(text.get_text().split(". ")[0] + ".")
                    text.set_fontsize(12)
            lines = []
            figure.fundsim_chars = chars = title_chars(figure)
            for ax in figure.axes:  # the title across the whole panel, wrapped to fit it
                for line in ax.get_title(loc="left").split("\n"):
                    lines += textwrap.wrap(line, chars) or [""]
                ax.set_title("", loc="left")
            if title is None:
                title = figure.fundsim_title = figure.text(
                    0.015, 0.985, "", ha="left", va="top", fontsize=TITLE_PT
                )
            title.set_text("\n".join(lines))
            highlight_area(figure, highlight())
            if "left_px" in margins:  # the fan chart: the title says what the axis holds
                for ax in figure.axes:
                    ax.set_ylabel("")
            if (
                figure.get_figwidth() * figure.dpi < NARROW_PX
            ):  # a quarter of the screen (both funds shown)
                for ax in figure.axes:
                    legend = ax.get_legend()
                    if (
                        "left_px" in margins
                    ):  # the fan: its key in two columns of small type, above the axes
                        ax.yaxis.set_major_locator(MaxNLocator(4))
                        if legend is not None:
                            handles, labels = ax.get_legend_handles_labels()
                            ax.legend(
                                handles,
                                [_short(label) for label in labels],
                                loc="lower left",
                                bbox_to_anchor=(0.0, 1.0),
                                ncol=2,
                                fontsize=12,
                                frameon=False,
                                borderaxespad=0.2,
                            )
                            ax.fundsim_legend_rows = -(-len(handles) // 2)
                    else:  # the bars: three £ ticks, the legend said in the axis title (fit() sizes the names)
                        ax.xaxis.set_major_locator(MaxNLocator(3))
                        ax.set_xlabel("Mean, 5-95% (£)")
                        if legend is not None:
                            legend.set_visible(False)

            def fit(_event=None):
                width, height = figure.get_size_inches() * figure.dpi
                title_px = len(lines) * TITLE_PT * 1.3 * figure.dpi / 72 + 24
                title_px += max(map(_legend_px, figure.axes), default=0.0)
                bottom = min(0.4, margins["bottom_px"] / max(height, 1))
                left = (
                    min(0.5, margins["left_px"] / max(width, 1))
                    if "left_px" in margins
                    else min(0.6, max(margins["left"], margins["names_px"] / max(width, 1)))
                )
                top = min(0.98, max(bottom + 0.2, 1 - title_px / max(height, 1)))
                figure.subplots_adjust(left=left, right=0.97, bottom=bottom, top=top)
                if "names_px" in margins:  # names no taller than their rows (a short window)
                    for ax in figure.axes:
                        rows = max(1, len(ax.get_yticklabels()))
                        row_pt = (top - bottom) * height / rows * 72 / figure.dpi
                        size = max(9.0, min(float(LARGE["ytick.labelsize"]), 0.9 * row_pt))
                        ax.tick_params(
                            axis="y", labelsize=min(size, 16) if width < NARROW_PX else size
                        )

            fit()
            figure.fundsim_fit = fit  # margins in pixels: kept when the panel is resized

    return wrapped


def same_scales(*pairs) -> None:
    """Each ``(left chart, right chart, "x" or "y")`` pair on the same axis range from 0, so bars
    and bands compare by eye; only a chart whose scale changes is drawn again."""
    for left, right, axis in pairs:
        if not (left.figure.axes and right.figure.axes):
            continue
        a, b = left.figure.axes[0], right.figure.axes[0]
        get, put = ("get_xlim", "set_xlim") if axis == "x" else ("get_ylim", "set_ylim")
        top = max(getattr(a, get)()[1], getattr(b, get)()[1])
        for ax, chart in ((a, left), (b, right)):
            if tuple(getattr(ax, get)()) != (0, top):
                getattr(ax, put)(0, top)
                chart.canvas.draw_idle()
