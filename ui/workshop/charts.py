"""Workshop mode's charts: large type readable from the back of a room, margins kept in pixels,
titles wrapped to the panel's width, the trainer's area highlighted; a chart a quarter of the
screen wide (both funds shown) gets fewer ticks and smaller legends."""

from __future__ import annotations

import textwrap

from matplotlib import rc_context
from matplotlib.ticker import MaxNLocator

from simulator.core.text import plain_text_charts
from simulator.outputs import figures, house
from simulator.outputs.area_context import READABLE_BARS, decile_summary_chart

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
#: The window's type size the sizes above are for (1920x1080); a smaller screen scales them.
TYPE_PT = 18
#: The names at the bars never get smaller than this (at TYPE_PT): 15 pt at 18, 10.8 pt at 13.
MIN_NAME_PT = 15
SOURCE_PT = 13  # the source line: small print, still no smaller than the app's type
NARROW_PX = 700  # a chart narrower than this (a quarter of a 1920-pixel screen) gets fewer ticks, smaller legends


def type_size(screen_height: float) -> int:
    """The workshop's type (pt) for a screen ``screen_height`` pixels tall: a share of the
    screen's height, so it looks as large projected from 1366x768 as from 1920x1080 (13 pt and
    18 pt), and never smaller than the app's own type plus two points."""
    from PySide6.QtWidgets import QApplication

    own = QApplication.font().pointSizeF()
    return int(max(own + 2, min(TYPE_PT, round(screen_height / 60))))


def title_chars(figure, scale: float = 1.0) -> int:
    """Characters a title line holds across the figure at TITLE_PT times ``scale`` (58 on half
    of a 1920-pixel screen, about 30 on a quarter)."""
    return max(
        20, int(figure.get_figwidth() * figure.dpi / (scale * TITLE_PT * figure.dpi / 72 * 0.56))
    )


def highlight_colours() -> tuple[str, str]:
    """The picked area's colour and, when the house style has one, everyone else's (the
    Analysis Function's highlight palette: dark blue against grey)."""
    return house.current().highlight


#: Margins: the bars' from their names as drawn; the fan's in pixels at TYPE_PT.
MARGINS = {
    "allocation": {"names_px": True},
    "fan": {"left_px": 130},
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


def _legend_above(ax):
    """The key placed above ``ax`` (by :func:`house.head` or here), if shown."""
    legend = ax.get_legend()
    if legend is None or not legend.get_visible() or not legend.get_texts():
        return None
    return legend


def workshop_bars(highlight=lambda: ""):
    """The allocation bars, one an area, or for more areas than can be read from the back of a
    room (England's 296), money per head in the ten deciles of need with the trainer's area
    found in its decile."""

    def draw(figure, results):
        if len(results.recovery.table) > READABLE_BARS:
            decile_summary_chart(figure, results, highlight())
        else:
            figures.allocation_chart(figure, results, top_n=None)

    return draw


def _large(draw, margins: dict, highlight=lambda: "", type_pt=lambda: float(TYPE_PT)):
    """Draw a chart in large type with margins measured in pixels, the trainer's area
    highlighted. ``type_pt`` is the window's type size: the chart's type is scaled with it (a
    smaller screen, smaller type, never smaller than the names need to be read). Drawn again on
    the same figure, the chart may be updated in place: the panel title is reused."""

    def wrapped(figure, results):
        scale = type_pt() / TYPE_PT
        with rc_context({key: size * scale for key, size in LARGE.items()}):
            draw(figure, results)
            title = getattr(figure, "fundsim_title", None)
            title = title if title in figure.texts else None
            for text in figure.texts:  # the source line: its first sentence, wrapped to fit
                if text is not title:
                    first = text.get_text().replace("\n", " ").split(". ")[0].rstrip(".") + "."
                    chars = int(figure.get_figwidth() * 72 / (SOURCE_PT * scale * 0.56))
                    text.set_text("\n".join(textwrap.wrap(first, max(20, chars))))
                    text.set_fontsize(SOURCE_PT * scale)
            raw = []
            figure.fundsim_chars = chars = title_chars(figure, scale)
            for ax in figure.axes:  # the title across the whole panel, wrapped to fit it
                raw += ax.get_title(loc="left").split("\n")
                ax.set_title("", loc="left")
            lines = [part for line in raw for part in (textwrap.wrap(line, chars) or [""])]
            if title is None:
                title = figure.fundsim_title = figure.text(0.015, 0.985, "", ha="left", va="top")
            title.set_fontsize(TITLE_PT * scale)
            title.set_text("\n".join(lines))
            # the estimate of characters a line holds is an average: a line of figures and
            # pounds is wider, so measure it and wrap shorter until every line fits the panel
            renderer = figure.canvas.get_renderer()
            room = figure.bbox.width * (1 - 0.03)
            for _ in range(3):
                wide = title.get_window_extent(renderer).width
                if wide <= room:
                    break
                chars = max(20, int(chars * room / wide) - 1)
                title.set_text("\n".join(textwrap.fill(line, chars) for line in raw))
            figure.fundsim_chars = chars
            figure.fundsim_title_text = title.get_text()
            highlight_area(figure, highlight())
            figure.fundsim_narrow = narrow = figure.get_figwidth() * figure.dpi < NARROW_PX * scale
            for ax in figure.axes:
                # sizes said again: a chart updated in place keeps its artists' old ones
                ax.tick_params(axis="x", labelsize=LARGE["xtick.labelsize"] * scale)
                ax.xaxis.label.set_fontsize(LARGE["axes.labelsize"] * scale)
                legend = ax.get_legend()
                for text in legend.get_texts() if legend is not None else ():
                    text.set_fontsize(LARGE["legend.fontsize"] * scale)
                if "left_px" in margins:  # the fan: the title says what the axis holds
                    ax.set_ylabel("")
                    if narrow:  # a quarter of the screen (both funds shown)
                        ax.yaxis.set_major_locator(MaxNLocator(4))
                    if legend is not None:  # short words, in two columns
                        handles, labels = ax.get_legend_handles_labels()
                        ax.legend(
                            handles,
                            [_short(label) for label in labels],
                            loc="lower left",
                            ncol=2,
                            fontsize=LARGE["legend.fontsize"] * scale,
                            frameon=False,
                            borderaxespad=0.2,
                        )
                elif narrow:  # the bars: two £ ticks, the key said in the axis title
                    ax.xaxis.set_major_locator(MaxNLocator(2))
                    ax.set_xlabel("Mean, 5-95% (£)", loc="right")
                    if legend is not None:
                        legend.set_visible(False)

            def fit(_event=None):
                """Margins measured in pixels: the title's lines, the key under it, the names
                at the left as large as their rows allow, the axis labels under the axes."""
                width, height = figure.get_size_inches() * figure.dpi
                if width < 50 or height < 50:
                    return
                renderer = figure.canvas.get_renderer()
                px = figure.dpi / 72
                for ax in figure.axes:
                    legend = _legend_above(ax)
                    top_px = title.get_window_extent(renderer).y0 - 6 * px
                    if legend is not None:
                        top_px -= legend.get_window_extent(renderer).height + 4 * px
                    xtick = (
                        ax.xaxis.get_ticklabels()[0].get_fontsize()
                        if ax.xaxis.get_ticklabels()
                        else 12
                    )
                    note = sum(
                        t.get_fontsize() * (1 + t.get_text().count("\n"))
                        for t in figure.texts
                        if t is not title
                    )
                    bottom_px = (
                        1.45 * (xtick + ax.xaxis.label.get_fontsize()) + 1.3 * note + 10
                    ) * px
                    top = min(0.98, max(0.25, top_px / height))
                    bottom = min(top - 0.1, bottom_px / height)
                    if (
                        "names_px" in margins
                    ):  # names no taller than their rows, no smaller than type
                        rows = max(1, len(ax.get_yticklabels()))
                        row_pt = (top - bottom) * height / rows / px
                        size = max(
                            MIN_NAME_PT * scale, min(LARGE["ytick.labelsize"] * scale, 0.8 * row_pt)
                        )
                        ax.tick_params(axis="y", labelsize=size)
                        names = max(
                            (t.get_window_extent(renderer).width for t in ax.get_yticklabels()),
                            default=0.0,
                        )
                        room = 0.6 * width - 14 * px  # names take at most 60% of the panel
                        if names > room:  # smaller, down to the least size, to fit beside the bars
                            smaller = max(MIN_NAME_PT * scale, size * room / names)
                            ax.tick_params(axis="y", labelsize=smaller)
                            names *= smaller / size
                        figure.fundsim_names_pt = name_size(figure)  # before match_pair's
                        if ax.get_ylabel():  # the axis title, turned, left of the names
                            names += 1.6 * ax.yaxis.label.get_fontsize() * px
                        left = min(0.6, (names + 14 * px) / width)
                    else:
                        left = min(0.5, margins["left_px"] * scale / width)
                    figure.subplots_adjust(left=left, right=0.97, bottom=bottom, top=top)
                    if legend is not None:  # under the title, from the panel's left edge
                        legend.set_bbox_to_anchor((0.01, top), transform=figure.transFigure)

            fit()
            figure.fundsim_fit = fit  # margins in pixels: kept when the panel is resized

    return wrapped


def name_size(figure) -> float:
    """The size (pt) of the names at the left of a chart's bars (0 without any)."""
    labels = figure.axes[0].get_yticklabels() if figure.axes else []
    return float(labels[0].get_fontsize()) if labels else 0.0


def _hidden(chart) -> bool:
    """A chart hidden in the view chosen (a panel of the other fund, the bars under a map)."""
    return bool(getattr(chart, "isHidden", lambda: False)())


def match_pair(left, right) -> None:
    """Before and now alike: titles as many lines deep (so their axes line up) and names in one
    size, the smaller, so neither half reads smaller than the other. Only a chart this changes
    is laid out and drawn again (a slider moves 'now'; 'before' stays as it is); a hidden pair
    is matched when it is shown."""
    charts = [c for c in (left, right) if getattr(c.figure, "fundsim_title", None)]
    if len(charts) < 2 or any(_hidden(c) for c in charts):
        return
    changed: dict[int, object] = {}
    depth = max(c.figure.fundsim_title_text.count("\n") for c in charts)
    for chart in charts:
        fig = chart.figure
        text = fig.fundsim_title_text
        padded = text + "\n " * (depth - text.count("\n"))
        if fig.fundsim_title.get_text() != padded:
            fig.fundsim_title.set_text(padded)
            fig.fundsim_fit()
            changed[id(chart)] = chart
    # the size each chart's own layout chose (a chart not laid out again keeps an earlier
    # match's size on its names), and the one both take
    own = [getattr(c.figure, "fundsim_names_pt", None) or name_size(c.figure) for c in charts]
    for chart, size in zip(charts, own):
        target = min(own) if min(own) > 0 else size
        if size > 0 and name_size(chart.figure) != target:
            chart.figure.axes[0].tick_params(axis="y", labelsize=target)
            changed[id(chart)] = chart
    for chart in changed.values():
        chart.canvas.draw_idle()


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
