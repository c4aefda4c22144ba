"""Hex maps: one value per area, drawn on a matplotlib ``Axes`` (no Qt).

:func:`draw_hex_map` takes a layout and plain per-area values, so the app, the command line,
exports and reports draw the same map from any source (a run, a comparison, a competition).
Colours come from the house style (:mod:`simulator.outputs.house`): for amounts, light to dark
blues (Government Analysis Function) or viridis (Okabe-Ito style); for changes, orange (loses)
through white to blue or purple (gains). A hex with no value is hatched grey and labelled
"No data" in the legend, never coloured as zero.

Scales spread the data: many areas are coloured by quantile (seven groups of about equal
numbers of areas, so a few very large values cannot squeeze everyone else into one colour); a
small labelled map, or two maps sharing a scale, is linear; changes are linear about zero up to
a robust limit. The key's ends are the lowest and highest values; a line says which scale.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize, to_rgba
from matplotlib.patches import Patch, Polygon

from simulator.core.money import format_money, format_money_in, format_share, money_unit
from simulator.core.text import plain_text_charts
from simulator.data.hexmap import HexLayout
from simulator.outputs import house
from simulator.outputs.house import ChartInfo

plain_text_charts()

SEQUENTIAL = "sequential"
DIVERGING = "diverging"
#: Colour groups of a quantile scale.
QUANTILES = house.MAP_QUANTILES
#: Scales a map can use: "auto" picks quantiles for more than LABEL_LIMIT hexes.
SCALES = ("auto", "quantile", "linear")
NO_DATA_FACE = "#f2f2f2"
NO_DATA_HATCH_COLOUR = "#9a9a9a"
#: At most this many hexes carry their names on the map (the workshop's twelve do; England's do not).
LABEL_LIMIT = 40
#: The legend's corner in axes fractions: it takes the width on the left above the height.
LEGEND_BOX = (0.2, 0.48)
PAD = 1.2
#: Names listed in a warning drawn on the map before "and N more".
LIST_LIMIT = 6


def _signed(fmt: Callable[[float], str]) -> Callable[[float], str]:
    return lambda v: ("+" if v > 0 else "") + fmt(v)


def _per_head(v: float) -> str:
    if not np.isfinite(v):
        return "–"
    text = f"£{abs(v):,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"£{abs(v):,.2f}"
    return ("-" if v < 0 else "") + text


#: How values of each unit read on the legend and in hover text.
FORMATS: dict[str, Callable[[float], str]] = {
    "pounds": lambda v: format_money(v).replace(".0bn", "bn").replace(".0m", "m"),
    "per_head": _per_head,
    "share": lambda v: format_share(v, 0 if abs(v) >= 0.1 or v == 0 else 1),
    "number": lambda v: f"{v:,.3g}",
}


def formatter(unit: str, diverging: bool = False) -> Callable[[float], str]:
    """The number format of a unit (``pounds``, ``per_head``, ``share``, ``number``)."""
    fmt = FORMATS.get(unit, FORMATS["number"])
    return _signed(fmt) if diverging else fmt


def chart_formatter(unit: str, values, diverging: bool = False) -> Callable[[float], str]:
    """One rule for every amount a map writes (in its hexes, on its key, in its notes): pounds
    per head in the one unit and precision of its column of ``values`` (:func:`money_unit`), so a
    map never reads "£93.19" beside "£258"; other units as :func:`formatter` writes them (totals
    are written each in its own unit, which is already one rule: £950k, £1.2m)."""
    if unit != "per_head":
        return formatter(unit, diverging)
    finite = [float(v) for v in np.asarray(values, dtype=float).ravel() if np.isfinite(v)]
    column = money_unit(finite)
    return lambda v: format_money_in(v, column, signed=diverging)


@dataclass
class HexMap:
    """A drawn map: what each hex shows, and how to find and highlight one."""

    ax: object
    layout: HexLayout
    values: np.ndarray
    unit: str
    diverging: bool
    norm: Normalize | None
    cmap: object
    collection: PolyCollection
    warnings: list[str] = field(default_factory=list)
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    band_label: str = "5th-95th percentile"
    #: Which colour scale is in use, in words (also printed under the map).
    scale_note: str = ""
    #: One sentence and the table behind the map (alt text and "Show the data").
    info: ChartInfo | None = None
    _highlight: list = field(default_factory=list, repr=False)

    def position(self, code: str) -> int | None:
        return self.layout.index().get(code)

    def code_at(self, x: float | None, y: float | None) -> str | None:
        """The code of the hex under a point in data coordinates, or None."""
        if x is None or y is None:
            return None
        i = self.layout.nearest(x, y)
        return None if i is None else self.layout.codes[i]

    def face_colour(self, code: str) -> tuple[float, float, float, float]:
        """The RGBA fill of a hex (the "no data" grey when it has no value)."""
        i = self.layout.index()[code]
        value = self.values[i]
        if not np.isfinite(value):
            return to_rgba(NO_DATA_FACE)
        return tuple(self.cmap(self.norm(value)))

    def describe(self, code: str) -> str:
        """Name, value and band of one hex, for a tooltip."""
        i = self.layout.index()[code]
        fmt = formatter(self.unit, self.diverging)
        lines = [f"{self.layout.names[i]} ({code})"]
        value = self.values[i]
        lines.append(fmt(value) if np.isfinite(value) else "No data")
        if (
            self.low is not None
            and self.high is not None
            and np.isfinite(self.low[i])
            and np.isfinite(self.high[i])
        ):
            lines.append(f"{self.band_label}: {fmt(self.low[i])} to {fmt(self.high[i])}")
        return "\n".join(lines)

    def highlight(self, code: str | None) -> None:
        """Outline one hex (None clears the outline)."""
        for artist in self._highlight:
            artist.remove()
        self._highlight.clear()
        i = self.layout.index().get(code) if code else None
        if i is None:
            return
        corners = self.layout.corners()[i]
        outer = Polygon(
            corners, closed=True, fill=False, edgecolor="black", linewidth=3.2, zorder=5
        )
        inner = Polygon(
            corners, closed=True, fill=False, edgecolor="white", linewidth=1.2, zorder=6
        )
        self._highlight += [self.ax.add_patch(outer), self.ax.add_patch(inner)]


def _scale_note(kind: str, groups: int = 0, limit: str = "") -> str:
    if kind == "quantile":
        return (
            f"Colour scale: quantiles, {groups} colours each holding about 1/{groups} of the areas; "
            "the key's ends are the lowest and highest values."
        )
    if limit:
        return (
            f"Colour scale: linear; values beyond {limit} (a few far from the rest) share the end "
            "colour; the key's ends are the lowest and highest values."
        )
    return "Colour scale: linear from the lowest to the highest value."


def _region_borders(layout: HexLayout, regions: Sequence) -> np.ndarray:
    """Hex edges shared by two hexes of different regions, shape (k, 2, 2)."""
    corners = np.round(layout.corners(), 4)
    owner: dict[tuple, list[int]] = {}
    for i in range(len(layout)):
        for k in range(6):
            a, b = tuple(corners[i, k]), tuple(corners[i, (k + 1) % 6])
            owner.setdefault((min(a, b), max(a, b)), []).append(i)
    edges = [
        key
        for key, hexes in owner.items()
        if len(hexes) == 2
        and regions[hexes[0]] != regions[hexes[1]]
        and regions[hexes[0]] is not None
        and regions[hexes[1]] is not None
    ]
    return np.array(edges, dtype=float).reshape(-1, 2, 2)


def _x_limits(centres: np.ndarray) -> tuple[float, float]:
    """Horizontal limits that leave the legend's corner (upper left) free of hexes."""
    left, right = centres[:, 0].min() - PAD, centres[:, 0].max() + PAD
    bottom, top = centres[:, 1].min() - PAD, centres[:, 1].max() + PAD
    upper = centres[:, 1] > bottom + LEGEND_BOX[1] * (top - bottom) - 1.0
    if upper.any():
        # the hexes beside the legend must start right of it: (x - 1 - left) / (right - left) >= width
        width = LEGEND_BOX[0]
        left = min(left, (centres[upper, 0].min() - 1.0 - width * right) / (1.0 - width))
    return left, right


def extent(layout: HexLayout) -> tuple[float, float, float, float]:
    """The map's limits (x0, x1, y0, y1), with room for the legend; size figures by them."""
    centres = layout.centres()
    return (*_x_limits(centres), centres[:, 1].min() - PAD, centres[:, 1].max() + PAD)


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:LIST_LIMIT])
    return shown + (f" and {len(names) - LIST_LIMIT} more" if len(names) > LIST_LIMIT else "")


def _text_colour(rgba) -> str:
    r, g, b = rgba[:3]
    # dark navy rather than black, so the app's dark theme (which lightens grey ink) leaves it
    return "#14143c" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def draw_hex_map(
    ax,
    layout: HexLayout,
    values: Mapping[str, float],
    *,
    unit: str = "number",
    diverging: bool = False,
    title: str = "",
    legend_title: str = "",
    source: str = "",
    notes: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    regions: Mapping[str, str] | None = None,
    low: Mapping[str, float] | None = None,
    high: Mapping[str, float] | None = None,
    labels: bool | None = None,
    limits: tuple[float, float] | None = None,
    scale: str = "auto",
) -> HexMap:
    """Draw one value per area on a hex layout.

    Parameters
    ----------
    values:
        Area code to value (pounds, pounds per head, a share 0-1, or a plain number, as ``unit``
        says). NaN or a missing code draws as "No data".
    diverging:
        Colour changes around zero (orange below, purple above) instead of amounts.
    names, regions, low, high:
        Optional area names (for the warning about areas the layout lacks), regions (thin
        borders are drawn between regions), and a band per area shown on hover.
    labels:
        Write names and values in the hexes (default: when there are at most 40 hexes).
    limits:
        Values the colour scale must also reach, so two maps (before and after) share a scale.
    scale:
        "quantile" (seven colour groups of about equal numbers of areas), "linear", or "auto":
        quantiles for amounts on a map of more than 40 hexes without shared ``limits``.

    Returns the :class:`HexMap`, whose ``warnings`` list the areas in ``values`` that are not on
    the layout and the hexes with no value; the same lines are printed under the map.
    """
    codes = layout.codes
    vals = np.array([values.get(c, np.nan) for c in codes], dtype=float)
    finite = vals[np.isfinite(vals)]
    cmap = _cmap(DIVERGING if diverging else SEQUENTIAL)
    if scale not in SCALES:
        raise ValueError(f"unknown map scale {scale!r}; use one of {', '.join(SCALES)}")
    warnings = []
    on_map = set(codes)
    off_map = [c for c in values if c not in on_map]
    if off_map:
        label = [f"{names.get(c, c)} ({c})" if names else c for c in off_map]
        warnings.append(
            f"{len(off_map)} area{'s' if len(off_map) > 1 else ''} in the data {'are' if len(off_map) > 1 else 'is'} not on the hex layout: {_listed(label)}"
        )
    missing = [i for i in range(len(codes)) if not np.isfinite(vals[i])]
    if missing and finite.size:
        noun = "hex has" if len(missing) == 1 else "hexes have"
        warnings.append(
            f"{len(missing)} {noun} no data: {_listed([layout.names[i] for i in missing])}"
        )

    corners = layout.corners(scale=0.96)
    has = np.isfinite(vals)
    scale_values = (
        finite if limits is None else np.concatenate([finite, np.asarray(limits, dtype=float)])
    )
    norm, ticks, span = (
        house.colour_norm(scale_values, diverging)
        if finite.size
        else (None, np.array([]), (0.0, 1.0))
    )
    quantile = (
        not diverging
        and limits is None
        and (scale == "quantile" or (scale == "auto" and len(codes) > LABEL_LIMIT))
        and finite.size
        and house.quantile_norm(finite)
    )
    if quantile:
        norm, ticks = quantile
        cmap = cmap.resampled(len(ticks) - 1)
        span = (float(ticks[0]), float(ticks[-1]))
    fmt = chart_formatter(unit, np.concatenate([scale_values, np.asarray(ticks, float)]), diverging)
    if quantile:
        scale_note = _scale_note("quantile", len(ticks) - 1)
    elif finite.size and len(ticks) > 1:
        top = norm.vmax
        saturated = (
            float(np.abs(scale_values).max() if diverging else scale_values.max()) > top + 1e-12
        )
        scale_note = _scale_note("linear", limit=fmt(top) if saturated else "")
    else:
        scale_note = ""
    collection = PolyCollection(
        corners[has], cmap=cmap, norm=norm, edgecolors="white", linewidths=0.4, zorder=2
    )
    if finite.size:
        collection.set_array(vals[has])
    ax.add_collection(collection)
    if (~has).any():
        ax.add_collection(
            PolyCollection(
                corners[~has],
                facecolors=NO_DATA_FACE,
                edgecolors=NO_DATA_HATCH_COLOUR,
                linewidths=0.4,
                hatch="//////",
                zorder=2,
            )
        )
    if regions is not None:
        borders = _region_borders(layout, [regions.get(c) for c in codes])
        if len(borders):
            # a dark line cased in white: seen on the lightest and on the darkest colours alike
            casing = [patheffects.Stroke(linewidth=3.6, foreground="white"), patheffects.Normal()]
            ax.add_collection(
                LineCollection(
                    borders, colors="#111111", linewidths=1.6, zorder=3, path_effects=casing
                )
            )
    centres = layout.centres()
    x0, x1, y0, y1 = extent(layout)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if labels if labels is not None else len(codes) <= LABEL_LIMIT:
        for i, code in enumerate(codes):  # noqa: B007
            face = cmap(norm(vals[i])) if has[i] else to_rgba(NO_DATA_FACE)
            text = (
                "\n".join(textwrap.wrap(layout.names[i], 11))
                + "\n"
                + (fmt(vals[i]) if has[i] else "No data")
            )
            ax.text(
                *centres[i],
                text,
                ha="center",
                va="center",
                fontsize="small",
                color=_text_colour(face),
                zorder=4,
            )
    if title:
        # y=1.0 is where matplotlib puts it above a map (no ticks): saying so spares its search
        # of every artist's box on each drawing
        ax.set_title(_wrapped(ax, title, "large"), loc="left", fontsize="large", y=1.0)
    hexmap = HexMap(
        ax,
        layout,
        vals,
        unit,
        diverging,
        norm,
        cmap,
        collection,
        warnings,
        _aligned(low, codes),
        _aligned(high, codes),
        scale_note=scale_note,
    )
    _legend(
        ax,
        collection if finite.size else None,
        ticks,
        span,
        fmt,
        legend_title,
        bool((~has).any()),
        quantile=bool(quantile),
    )
    hexmap.info = _map_info(hexmap, legend_title or title.split("\n")[0], fmt)
    ax.figure.fundsim_info = hexmap.info
    lines = [*([scale_note] if scale_note else []), *notes, *(f"⚠ {w}" for w in warnings)]
    if not finite.size:
        lines.insert(0, "No area has a value to show.")
    footer = "\n".join([*lines, source] if source else lines)
    if footer:
        ax.annotate(  # from the figure's left, as wide as it is wrapped: from the map's left
            _wrapped(ax, footer, "x-small"),  # edge it ran off a narrow window's right
            (0.01, 0),
            xycoords=("figure fraction", "axes fraction"),
            xytext=(0, -6),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize="x-small",
            color="#444444",
            annotation_clip=False,
        )
    return hexmap


def _wrapped(ax, text: str, size: str) -> str:
    """``text`` broken into lines that fit the figure's width at a font size.

    Wrapped here rather than by matplotlib's ``wrap=True``, which measures the words as
    mathematics whenever they hold two dollar signs (whatever ``text.parse_math`` says), so a
    name such as ``$\\undefinedmacro$`` in a title would fail the map."""
    from matplotlib.font_manager import FontProperties

    points = FontProperties(size=size).get_size_in_points()
    chars = max(20, int(ax.figure.get_figwidth() * 72 / (points * 0.55)))
    return "\n".join(
        textwrap.fill(line, chars, break_long_words=True, break_on_hyphens=False) or line
        for line in text.split("\n")
    )


def _aligned(mapping: Mapping[str, float] | None, codes) -> np.ndarray | None:
    return (
        None if mapping is None else np.array([mapping.get(c, np.nan) for c in codes], dtype=float)
    )


def _map_info(hexmap: HexMap, what: str, fmt) -> ChartInfo:
    """The map's summary sentence and table (one row a hex)."""
    layout, vals = hexmap.layout, hexmap.values
    data = pd.DataFrame({"code": layout.codes, "area": layout.names, what or "value": vals})
    if hexmap.low is not None and hexmap.high is not None:
        data[hexmap.band_label + ", low"] = hexmap.low
        data[hexmap.band_label + ", high"] = hexmap.high
    has = np.isfinite(vals)
    if not has.any():
        return ChartInfo("No area has a value to show on the map.", data, what)
    lo, hi = int(np.nanargmin(vals)), int(np.nanargmax(vals))
    missing = int((~has).sum())
    summary = (
        f"Map of {what or 'the value'} over {int(has.sum()):,} areas: lowest {layout.names[lo]} "
        f"({fmt(vals[lo])}), highest {layout.names[hi]} ({fmt(vals[hi])}), median {fmt(float(np.nanmedian(vals)))}"
        + (f"; {missing:,} without data." if missing else ".")
    )
    return ChartInfo(summary, data, what)


def _cmap(name: str):
    from matplotlib import colormaps

    palette = house.current()
    if name == SEQUENTIAL:
        return LinearSegmentedColormap.from_list(
            f"{palette.name}-sequential", palette.map_sequential
        )
    if name == DIVERGING:
        return LinearSegmentedColormap.from_list(f"{palette.name}-diverging", palette.map_diverging)
    return colormaps[name]


def _legend(
    ax,
    mappable,
    ticks: np.ndarray,
    span: tuple[float, float],
    fmt,
    title: str,
    no_data: bool,
    quantile: bool = False,
) -> None:
    """A colour bar with formatted ticks (first and last: the data's range) and a "No data" key."""
    handles = []
    if (
        mappable is not None and len(ticks) == 1
    ):  # every area has the same value: one swatch, no scale
        handles.append(
            Patch(
                facecolor=mappable.cmap(mappable.norm(ticks[0])),
                edgecolor="white",
                label=f"{'Every area with data' if no_data else 'Every area'}: {fmt(ticks[0])}",
            )
        )
    elif mappable is not None:
        cax = ax.inset_axes([0.02, 0.60, 0.035, 0.34])
        if quantile:  # equal room for each colour group, its edges labelled
            bar = ax.figure.colorbar(mappable, cax=cax, orientation="vertical", spacing="uniform")
        else:
            bar = ax.figure.colorbar(
                mappable, cax=cax, orientation="vertical", boundaries=np.linspace(*span, 129)
            )
        labels = [fmt(t) for t in ticks]  # one rule (chart_formatter): never £797 beside £88.82
        bar.set_ticks(ticks, labels=labels)
        bar.ax.tick_params(labelsize="small")
        bar.outline.set_linewidth(0.5)
        bar.ax.set_title(title, loc="left", fontsize="small", pad=6, y=1.0)  # as above
    if no_data:
        handles.append(
            Patch(
                facecolor=NO_DATA_FACE,
                edgecolor=NO_DATA_HATCH_COLOUR,
                hatch="//////",
                label="No data",
            )
        )
    if handles:
        top = 0.58 if mappable is not None and len(ticks) > 1 else 0.98
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, top),
            frameon=False,
            fontsize="small",
            handlelength=1.6,
            handleheight=1.6,
            title=None if top < 0.9 else title,
            title_fontsize="small",
            alignment="left",
        )
