"""What a map shows: one value per area taken from results (or given plainly), with its unit,
scale, title and notes, ready for :func:`simulator.outputs.maps.draw_hex_map`.

Neighbourhood (LSOA) runs are added up to districts for the map: money and population are
summed and per-head figures recomputed from the sums; need is population-weighted; the chance
of being funded becomes the expected share of residents living in a funded neighbourhood. The
map says so.

Maps as files: PNG, SVG or PDF at print quality, and as a picture sheet in a workbook
(:func:`save_map`, :func:`add_map_sheet`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulator.core.errors import FundsimError
from simulator.core.fileio import atomic_write, check_output
from simulator.core.money import format_money
from simulator.core.text import plain_text_charts
from simulator.core.version import __version__
from simulator.data.hexmap import HexLayout, layout_for
from simulator.outputs.figures import source_note
from simulator.outputs.maps import HexMap, draw_hex_map, extent
from simulator.outputs.safe import put
from simulator.results import Results

plain_text_charts()


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    diverging: bool = False
    help: str = ""


#: Everything a map can show, in the order the app offers them.
MEASURES = {
    m.key: m
    for m in (
        Measure(
            "allocation_per_head",
            "Recovery fund: allocation per head",
            "per_head",
            help="Mean allocation over the simulations divided by population (£ per person)",
        ),
        Measure(
            "allocation",
            "Recovery fund: allocation",
            "pounds",
            help="Mean allocation over the simulations (£)",
        ),
        Measure(
            "need",
            "Need",
            "number",
            help="The need indicator the scenario allocates by (higher = more deprived)",
        ),
        Measure(
            "prob_funded",
            "Recovery fund: chance of being funded",
            "share",
            help="Share of simulations in which the area receives money",
        ),
        Measure(
            "gain",
            "Recovery fund: gain against equal money per head",
            "pounds",
            True,
            "Mean allocation minus the same money shared equally per head (£)",
        ),
        Measure(
            "bid_costs",
            "Recovery fund: money lost to bid costs",
            "pounds",
            help="Mean cost of preparing bids, won or lost (£)",
        ),
        Measure(
            "endowment_grants",
            "Endowment: cumulative grants",
            "pounds",
            help="Real grants over the horizon, pounds of year 0 (£)",
        ),
        Measure(
            "change",
            "Change against the baseline option",
            "pounds",
            True,
            help="Paired mean change in allocation against the baseline (£)",
        ),
        Measure(
            "prob_gain",
            "Chance of gaining against the baseline",
            "share",
            help="Share of simulations in which the area gets more than under the baseline",
        ),
    )
}
#: Columns of the per-area table that hold the bid costs, if the run had a competition with costs.
BID_COST_COLUMNS = ("bid_costs_mean", "bid_costs", "bid_cost_mean", "bid_cost")


@dataclass
class MapData:
    """Plain per-area values and how to present them."""

    values: dict[str, float]
    unit: str
    title: str
    legend: str
    diverging: bool = False
    names: dict[str, str] = field(default_factory=dict)
    low: dict[str, float] | None = None
    high: dict[str, float] | None = None
    regions: dict[str, str] | None = None
    notes: list[str] = field(default_factory=list)
    source: str = ""

    def draw(self, ax, layout: HexLayout | None = None, **kwargs) -> HexMap:
        """Draw on ``ax`` (on the layout that fits the codes, unless one is given)."""
        layout = layout or layout_for(self.values)
        return draw_hex_map(
            ax,
            layout,
            self.values,
            unit=self.unit,
            diverging=self.diverging,
            title=self.title,
            legend_title=self.legend,
            source="\n".join(s for s in (self.source, layout.credit) if s),
            notes=self.notes,
            names=self.names,
            regions=self.regions,
            low=self.low,
            high=self.high,
            **kwargs,
        )


def _bid_cost_column(table: pd.DataFrame) -> str | None:
    return next((c for c in BID_COST_COLUMNS if c in table), None)


def available(results: Results) -> list[Measure]:
    """The measures these results can map (comparison measures come from :func:`comparison_map`)."""
    table = results.recovery.table
    out = []
    for m in MEASURES.values():
        if m.key in ("change", "prob_gain"):
            continue
        if m.key == "bid_costs" and _bid_cost_column(table) is None:
            continue
        if m.key == "endowment_grants" and results.endowment.area_grants is None:
            continue
        out.append(m)
    return out


def _district_level(results: Results) -> bool:
    """Whether the run's areas are neighbourhoods to be added up to districts."""
    return "lad_code" in results.recovery.table and results.data.level not in ("lad", "workshop")


def _dict(codes, values) -> dict[str, float]:
    return {str(c): float(v) for c, v in zip(codes, values)}


def map_data(results: Results, measure: str) -> MapData:
    """The values of one of :data:`MEASURES` from a run, per district or per area."""
    if measure not in MEASURES or measure in ("change", "prob_gain"):
        raise KeyError(
            f"unknown map measure '{measure}' (offered: {', '.join(m.key for m in available(results))})"
        )
    m = MEASURES[measure]
    table = results.recovery.table.copy()
    column, low, high = _columns(results, table, measure)
    notes = []
    if measure == "need":
        title = f"Need: {results.recovery.need_indicator} (higher = more deprived)"
        legend = results.recovery.need_indicator
    else:
        title = m.label
        legend = {"per_head": "£ per head", "pounds": "£", "share": "% of simulations"}[m.unit]
    if measure == "endowment_grants":
        title += f" over {int(results.endowment.years[-1])} years (real, pounds of year 0)"
        legend = "£ (pounds of year 0)"
    elif m.unit in ("pounds", "per_head"):
        title += " (mean over simulations)"
    regions = None
    if _district_level(results):
        table, low, high, note = _to_districts(table, column, measure)
        column = "value"
        notes.append(note)
        if measure == "prob_funded":
            title = "Recovery fund: share of residents in funded neighbourhoods"
            legend = "% of residents (mean)"
    if "region" in table:
        regions = {str(c): r for c, r in zip(table["code"], table["region"]) if isinstance(r, str)}
        notes.append("Thick lines: borders between regions.")
    if measure == "endowment_grants":
        notes.append("Areas the endowment does not fund get £0.")
    codes = table["code"].astype(str)
    data = MapData(
        values=_dict(codes, table[column]),
        unit=m.unit,
        title=f"{title}\n{_headline(results, measure)}",
        legend=legend,
        diverging=m.diverging,
        names=dict(zip(codes, table["name"].astype(str))),
        low=None if low is None else _dict(codes, low),
        high=None if high is None else _dict(codes, high),
        regions=regions,
        notes=notes,
        source=source_note(results),
    )
    return data


def _columns(results: Results, table: pd.DataFrame, measure: str):
    """Put the measure's values in a column of ``table``; return its name and any band."""
    pop = table["population"].to_numpy(dtype=float)
    if measure == "allocation_per_head":
        return "per_capita", table["p5"] / pop, table["p95"] / pop
    if measure == "allocation":
        return "mean", table["p5"], table["p95"]
    if measure == "bid_costs":
        return _bid_cost_column(table), None, None
    if measure == "endowment_grants":
        grants = results.endowment.area_grants.set_index("code")
        codes = table["code"]
        table["endowment_grants"] = codes.map(grants["cumulative_real_mean"]).fillna(0.0).to_numpy()
        low = codes.map(grants.get("cumulative_real_p5", pd.Series(dtype=float))).fillna(0.0)
        high = codes.map(grants.get("cumulative_real_p95", pd.Series(dtype=float))).fillna(0.0)
        return "endowment_grants", low.to_numpy(), high.to_numpy()
    return measure, None, None


def _to_districts(table: pd.DataFrame, column: str, measure: str):
    """Neighbourhoods added up to districts; bands do not add up, so none are kept."""
    groups = table["lad_code"].astype(str)
    pop = table["population"].astype(float)
    summed = pd.DataFrame({"population": pop.groupby(groups, sort=False).sum()})
    summed["name"] = (
        table["lad_name"].groupby(groups, sort=False).first()
        if "lad_name" in table
        else summed.index
    )
    if measure == "allocation_per_head":
        summed["value"] = table["mean"].groupby(groups, sort=False).sum() / summed["population"]
    elif measure in ("need", "prob_funded"):
        summed["value"] = (table[column] * pop).groupby(groups, sort=False).sum() / summed[
            "population"
        ]
    else:
        summed["value"] = table[column].groupby(groups, sort=False).sum()
    if "region" in table:
        summed["region"] = table["region"].groupby(groups, sort=False).first()
    n = len(table)
    how = {
        "allocation_per_head": "money and population summed, per head recomputed",
        "need": "need averaged, weighted by population",
        "prob_funded": "chances averaged, weighted by population",
    }.get(measure, "money summed")
    note = f"{n:,} neighbourhoods added up to {len(summed):,} districts ({how})."
    return summed.rename_axis("code").reset_index(), None, None, note


def _headline(results: Results, measure: str) -> str:
    rec = results.recovery
    if measure in ("allocation_per_head", "allocation", "prob_funded", "gain"):
        return f"{format_money(rec.distributed)} to {len(rec.table):,} {_noun(results)}; mechanism: {rec.measures.get('mechanism', 'formula')}"
    if measure == "endowment_grants":
        grants = results.endowment.area_grants
        return f"{len(grants)} eligible areas; {format_money(results.endowment.initial)} endowment"
    if measure == "bid_costs":
        total = rec.table[_bid_cost_column(rec.table)].sum()
        return f"{format_money(total)} spent on bids in all (mean)"
    return f"{len(rec.table):,} {_noun(results)}"


def _noun(results: Results) -> str:
    return {"lad": "districts", "lsoa": "neighbourhoods", "workshop": "fictional areas"}.get(
        results.data.level, "areas"
    )


def comparison_map(
    codes,
    values,
    *,
    measure: str = "change",
    names=None,
    low=None,
    high=None,
    baseline: str = "baseline",
    option: str = "option",
    source: str = "",
    notes=(),
) -> MapData:
    """A map of plain per-area comparison values: the change against a baseline (£, diverging)
    or the chance of gaining (0-1). ``low``/``high`` are an optional band per area."""
    m = MEASURES[measure]
    codes = [str(c) for c in codes]
    what = (
        "Change in allocation (mean over paired simulations)"
        if measure == "change"
        else "Chance of gaining (share of paired simulations)"
    )
    title = f"{what}\n{option}\nagainst {baseline}"
    return MapData(
        values=_dict(codes, values),
        unit=m.unit,
        title=title,
        legend="Change (£)" if measure == "change" else "% of simulations",
        diverging=m.diverging,
        names={} if names is None else dict(zip(codes, map(str, names))),
        low=None if low is None else _dict(codes, low),
        high=None if high is None else _dict(codes, high),
        notes=list(notes),
        source=source,
    )


def draw_results_map(
    fig,
    results: Results,
    measure: str,
    *,
    highlight: str | None = None,
    limits: tuple[float, float] | None = None,
) -> HexMap:
    """A whole figure: the map of one measure of a run (for the CLI, exports and the app);
    ``limits`` widen the colour scale (to share it with another map)."""
    fig.clear()
    ax = fig.add_axes((0.02, 0.16, 0.96, 0.74))
    hexmap = map_data(results, measure).draw(ax, limits=limits)
    if highlight:
        hexmap.highlight(highlight)
    return hexmap


# ------------------------------------------------------------------ maps as files
MAP_FORMATS = (".png", ".svg", ".pdf")
#: Print quality for raster maps (dots per inch).
PRINT_DPI = 300
#: Margins around the map, inches: title above, legend notes and source lines below.
TOP_IN, BOTTOM_IN = 0.9, 1.05
#: Width of the map on the workbook's Map sheet, pixels (about 16 cm, a page's width).
SHEET_IMAGE_WIDTH = 600


def check_measure(results: Results, measure: str) -> None:
    """A clear error naming the measures these results can map."""
    offered = [m.key for m in available(results)]
    if measure not in offered:
        raise FundsimError(
            f"is '{measure}', but these results can map: {', '.join(offered)}", field="--measure"
        )


def results_map_figure(
    results: Results, measure: str, *, width: float = 8.0, highlight: str | None = None
) -> tuple[Figure, HexMap]:
    """A figure sized to its map (``width`` inches), with the map of one measure drawn on it."""
    check_measure(results, measure)
    return map_figure(map_data(results, measure), width=width, highlight=highlight)


def map_figure(
    data: MapData, *, width: float = 8.0, highlight: str | None = None
) -> tuple[Figure, HexMap]:
    """A figure sized to the map of ``data``; an error when no area is on a hex map."""
    layout = layout_for(data.values)
    if not set(data.values) & set(layout.codes):
        raise FundsimError(
            f"none of the {len(data.values):,} areas' codes is on a hex map: maps know district codes of "
            "2019 and 2024 (E06000001 ...) and the workshop codes (WS01 ... WS12)",
            field="data.source",
        )
    x0, x1, y0, y1 = extent(layout)
    map_height = (width - 0.3) * min((y1 - y0) / (x1 - x0), 1.4)
    height = map_height + TOP_IN + BOTTOM_IN
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    ax = fig.add_axes(
        (0.15 / width, BOTTOM_IN / height, (width - 0.3) / width, map_height / height)
    )
    hexmap = data.draw(ax, layout)
    if highlight:
        hexmap.highlight(highlight)
    return fig, hexmap


def check_map_path(path: str | Path, inputs: Iterable[tuple[str, str | Path | None]] = ()) -> Path:
    """Check a map file's format and folder, and that it is none of ``inputs``, before any work."""
    return check_output(path, MAP_FORMATS, "map", inputs)


def save_map(
    results: Results, measure: str, path: str | Path, *, dpi: int = PRINT_DPI
) -> tuple[Path, HexMap]:
    """Write the map of one measure to ``path`` (.png, .svg or .pdf), atomically."""
    check_measure(results, measure)
    return save_map_data(map_data(results, measure), path, dpi=dpi)


def save_map_data(data: MapData, path: str | Path, *, dpi: int = PRINT_DPI) -> tuple[Path, HexMap]:
    """Write the map of plain per-area values (e.g. a comparison's) to ``path``."""
    path = check_map_path(path)
    suffix = path.suffix.lower()
    fig, hexmap = map_figure(data)
    metadata = {"Creator": f"fundsim {__version__}"}
    written = atomic_write(
        path, lambda tmp: fig.savefig(tmp, format=suffix[1:], dpi=dpi, metadata=metadata)
    )
    return written, hexmap


def map_png(results: Results, measure: str, *, dpi: int = 150) -> bytes | None:
    """The map as PNG bytes, or None when the areas are on no hex map."""
    try:
        fig, _hexmap = results_map_figure(results, measure)
    except FundsimError:
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def add_map_sheet(workbook, results: Results, measure: str = "allocation_per_head") -> None:
    """A "Map" sheet holding the map as a picture (skipped when the areas are on no hex map)."""
    from openpyxl.drawing.image import Image

    png = map_png(results, measure)
    if png is None:
        return
    sheet = workbook.create_sheet("Map")
    put(sheet, 1, 1, "Hex map: a picture (the values are on the Areas sheet).")
    put(sheet, 2, 1, "Each district is one hex of equal size.")
    image = Image(io.BytesIO(png))
    scale = SHEET_IMAGE_WIDTH / image.width
    image.width, image.height = image.width * scale, image.height * scale
    sheet.add_image(image, "A4")
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # prints on one page
    sheet.page_setup.fitToWidth = sheet.page_setup.fitToHeight = 1
