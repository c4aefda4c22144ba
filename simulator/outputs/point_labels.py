"""Names on a scatter kept apart: a name that would overlap another is moved up or down by the
least distance that clears it, each time the chart is drawn (so at any size and resolution),
with a thin line to its point when moved far. :func:`simulator.outputs.house._finish` asks for
it on every chart with a scatter."""

from __future__ import annotations

import weakref

import numpy as np
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import IdentityTransform

#: Space kept between two names (points); a name moved further than LEADER points from where the
#: chart put it gets a thin line to its point.
LABEL_GAP, LEADER = 1.0, 3.0


def _least_shift(box: tuple, placed: list[tuple], inside: tuple, gap: float) -> float:
    """The vertical shift (pixels) of ``box`` that clears every box in ``placed`` by ``gap``: the
    least one that takes it no further out of ``inside`` than it is, when there is one, else the
    least. Boxes are (x0, y0, x1, y1) in pixels."""
    x0, y0, x1, y1 = box
    beside = [p for p in placed if p[0] < x1 and x0 < p[2]]  # only these can be in the way
    candidates = [0.0] + [dy for p in beside for dy in (p[3] + gap - y0, p[1] - gap - y1)]
    room = gap - 1e-6  # what rounding leaves of the gap still counts

    def outside(dy: float) -> float:
        return max(0.0, inside[1] - y0 - dy) + max(0.0, y1 + dy - inside[3])

    clear = (
        d for d in candidates if all(p[1] - room >= y1 + d or y0 + d >= p[3] + room for p in beside)
    )
    return min(clear, key=lambda dy: (outside(dy) > outside(0.0), abs(dy)))


def spread_labels(texts: list[Annotation], renderer, inside, homes: dict) -> list[Annotation]:
    """Move ``texts`` up or down, in their order, so that no two overlap as ``renderer`` draws
    them, each from its offset in ``homes`` (filled in on first sight, so that drawing again
    never drifts). Returns those moved more than :data:`LEADER` points."""
    per_point, placed, far = renderer.points_to_pixels(1.0), [], []
    for text in texts:
        home = homes.setdefault(text, tuple(text.xyann))
        if tuple(text.xyann) != home:
            text.xyann = home
        box = tuple(text.get_window_extent(renderer).extents)
        dy = _least_shift(box, placed, tuple(inside.extents), LABEL_GAP * per_point)
        if dy:
            text.xyann = (home[0], home[1] + dy / per_point)
            if abs(dy) > LEADER * per_point:
                far.append(text)
        placed.append((box[0], box[1] + dy, box[2], box[3] + dy))
    return far


class _LabelSpacer(Artist):
    """Drawn before the points and texts: spreads the axes' point names (annotations offset in
    points from a data point) and draws a line from each name moved far to its point."""

    def __init__(self) -> None:
        super().__init__()
        self.set(zorder=-100, in_layout=False)
        self._homes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def draw(self, renderer) -> None:
        ax = self.axes
        names = [t for t in ax.texts if isinstance(t, Annotation) and t.get_visible()]
        names = [t for t in names if (t.anncoords, t.xycoords) == ("offset points", "data")]
        for text in spread_labels(names, renderer, ax.get_window_extent(renderer), self._homes):
            box, point = text.get_window_extent(renderer), ax.transData.transform(text.xy)
            near = np.clip(point, box.p0, box.p1)  # the nearest point of the name's box
            line = Line2D(*zip(point, near), transform=IdentityTransform(), color=text.get_color())
            line.set(linewidth=0.6, alpha=0.7, figure=ax.figure)
            line.draw(renderer)
        self.stale = False


def keep_labels_apart(ax) -> None:
    """Keep the names of the points of ``ax`` from overlapping, at any size and resolution it is
    drawn at (a resized window, a chart saved at 300 dpi): each time it is drawn, a name that
    would overlap one before it moves up or down by the least distance that clears it."""
    if not any(isinstance(a, _LabelSpacer) for a in ax.artists):
        ax.add_artist(_LabelSpacer())
