"""Maps as files: PNG, SVG or PDF at print quality, and as a picture sheet in a workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulator.core.errors import FundsimError
from simulator.core.fileio import atomic_write, check_output
from simulator.core.text import plain_text_charts
from simulator.core.version import __version__
from simulator.data.hexmap import layout_for
from simulator.outputs.map_data import MapData, available, map_data
from simulator.outputs.maps import HexMap, extent
from simulator.outputs.safe import put
from simulator.results import Results

plain_text_charts()

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
