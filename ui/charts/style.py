"""Charts on screen follow the window's theme; charts that leave the app are always print-ready.

The drawing functions in :mod:`simulator.outputs.figures` draw for paper (dark ink on white).
On a dark window the same figure is recoloured after drawing: the background takes the
window's colour and near-black ink (text, whiskers, zero lines, spines) turns light, so no
drawing code needs to know about themes. Saved and copied charts are drawn afresh on white.
"""

from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

from simulator.core.text import plain_text_charts

plain_text_charts()

#: Ink darker than this (0-1 lightness) is turned light on a dark background.
DARK_INK = 0.45
#: Print size for Word: A4 text width (16 cm) by 10 cm, at 300 dots per inch.
PRINT_SIZE_IN = (6.3, 3.9)
PRINT_DPI = 300


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _lightness(color) -> float:
    r, g, b, _a = to_rgba(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


#: Grid lines on a dark background.
DARK_GRID = (0.3, 0.3, 0.32)


def _invert_ink(color, light: str, grid: bool = False):
    """Dark, greyish ink becomes ``light``; colours (Okabe-Ito) and light ink stay. With
    ``grid``, light grey lines (grid lines) become dark grey ones, and stay so when a chart
    moved in place is recoloured again (they are not dark ink to be turned light)."""
    try:
        r, g, b, a = to_rgba(color)
    except (TypeError, ValueError):
        return color
    if grid and (r, g, b) == DARK_GRID:
        return color
    greyish = max(r, g, b) - min(r, g, b) < 0.12
    if greyish and _lightness(color) < DARK_INK and a > 0:
        lr, lg, lb, _ = to_rgba(light)
        return (lr, lg, lb, a)
    if grid and greyish and 0.8 < _lightness(color) < 0.95:
        return (*DARK_GRID, a)
    return color


def _relative_luminance(rgb) -> float:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted(
        (_relative_luminance(to_rgba(a)), _relative_luminance(to_rgba(b))), reverse=True
    )
    return (la + 0.05) / (lb + 0.05)


def legible(color, background, minimum: float = 3.0):
    """A data colour that stands out from a dark ``background`` by at least ``minimum`` (WCAG's
    3:1 for graphics): colours too dark for it (the house style's dark blue on a dark window)
    are blended towards white just enough; others, and greys, are kept."""
    try:
        r, g, b, a = to_rgba(color)
    except (TypeError, ValueError):
        return color
    if a == 0 or max(r, g, b) - min(r, g, b) < 0.12 or contrast((r, g, b), background) >= minimum:
        return color
    for step in range(1, 11):
        t = step / 10
        mixed = (r + (1 - r) * t, g + (1 - g) * t, b + (1 - b) * t)
        if contrast(mixed, background) >= minimum:
            return (*mixed, a)
    return (1.0, 1.0, 1.0, a)


def apply_palette(figure: Figure, widget: QWidget) -> None:
    """Recolour a drawn figure for the widget's palette (nothing to do on a light one)."""
    if not is_dark(widget):
        return
    palette = widget.palette()
    background = palette.color(QPalette.ColorRole.Base).name()
    text = palette.color(QPalette.ColorRole.WindowText).name()
    figure.set_facecolor(background)
    backgrounds = {id(figure.patch), *(id(ax.patch) for ax in figure.axes)}
    for artist in figure.findobj():
        kind = artist.__class__.__name__
        if kind in ("Text", "Annotation"):
            artist.set_color(_invert_ink(artist.get_color(), text))
        elif kind == "Line2D":
            artist.set_color(legible(_invert_ink(artist.get_color(), text, grid=True), background))
            artist.set_markeredgecolor(_invert_ink(artist.get_markeredgecolor(), text))
            artist.set_markerfacecolor(legible(artist.get_markerfacecolor(), background))
        elif kind == "Rectangle" and id(artist) not in backgrounds:  # bars and their keys
            artist.set_facecolor(legible(artist.get_facecolor(), background))
        elif kind == "PathCollection":  # scatter points
            artist.set_facecolors([legible(c, background) for c in artist.get_facecolors()])
        elif kind == "LineCollection":
            artist.set_color([_invert_ink(c, text) for c in artist.get_colors()])
    for ax in figure.axes:
        ax.set_facecolor(background)
        for spine in ax.spines.values():
            spine.set_edgecolor(_invert_ink(spine.get_edgecolor(), text))
        ax.tick_params(colors=text, which="both")
        legend = ax.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(background)
            for t in legend.get_texts():
                t.set_color(text)
