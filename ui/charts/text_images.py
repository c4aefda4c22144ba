"""Text drawn once: the live canvas keeps each piece of text's rendered glyphs and reuses them.

Matplotlib's Agg renderer lays out and rasterises every piece of text again on every drawing
(FreeType loads each glyph afresh), which was a third of the time a live chart took to redraw:
the allocation chart's 30 area names, tick labels, title and source line (122 ms -> 78 ms a
drawing for 317 districts). A text's bitmap depends only on the string, the font files, size,
resolution, hinting and antialiasing, not on where it is drawn or in which colour (the colour
is applied when the bitmap is composited), so reusing it gives the same pixels, byte for byte
(tests/test_text_images.py).

Only the app's canvases use it (:class:`ui.charts.base.Canvas`); files saved from a chart are
drawn by matplotlib's own renderers.
"""

from __future__ import annotations

from collections import OrderedDict
from math import cos, radians, sin

import numpy as np
from matplotlib import rcParams
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager

#: How many rendered texts are kept (least recently drawn dropped first): a few hundred are on
#: screen at once (map labels, area names), each a few kilobytes.
LIMIT = 4096

_images: OrderedDict[tuple, tuple[np.ndarray, float, float, float]] = OrderedDict()


def _key(renderer: RendererAgg, s: str, prop, antialiased: bool) -> tuple:
    files = tuple(fontManager._find_fonts_by_props(prop))  # what _prepare_font would load
    return (
        s,
        files,
        prop.get_size_in_points(),
        renderer.dpi,
        bool(antialiased),
        get_hinting_flag(),
        rcParams["text.hinting_factor"],
        rcParams["text.kerning_factor"],
    )


class TextImageRenderer(RendererAgg):
    """:class:`RendererAgg` whose plain text comes from the kept bitmaps (mathematics and
    anything else it does not know falls through to matplotlib)."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        antialiased = gc.get_antialiased()
        try:
            key = _key(self, s, prop, antialiased)
        except (AttributeError, KeyError, TypeError):  # a matplotlib that finds fonts otherwise
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        kept = _images.get(key)
        if kept is None:  # as RendererAgg.draw_text does it, keeping the result
            font = self._prepare_font(prop)
            font.set_text(s, 0, flags=get_hinting_flag())
            font.draw_glyphs_to_bitmap(antialiased=antialiased)
            xo, yo = font.get_bitmap_offset()
            kept = (np.array(font.get_image()), font.get_descent() / 64.0, xo / 64.0, yo / 64.0)
            _images[key] = kept
            while len(_images) > LIMIT:
                _images.popitem(last=False)
        else:
            _images.move_to_end(key)
        image, descent, xo, yo = kept
        x = round(x + xo + descent * sin(radians(angle)))
        y = round(y + yo + descent * cos(radians(angle)))
        self._renderer.draw_text_image(image, x, y + 1, angle, gc)


def renderer_for(canvas) -> TextImageRenderer:
    """The canvas's renderer, made again only when its size or resolution changed (as
    :meth:`FigureCanvasAgg.get_renderer` does)."""
    w, h = canvas.figure.bbox.size
    key = w, h, canvas.figure.dpi
    if getattr(canvas, "_lastKey", None) != key or not isinstance(
        getattr(canvas, "renderer", None), TextImageRenderer
    ):
        canvas.renderer = TextImageRenderer(w, h, canvas.figure.dpi)
        canvas._lastKey = key
    return canvas.renderer


def kept() -> int:
    """How many rendered texts are kept now."""
    return len(_images)
