"""Names on a scatter that never sit on top of one another.

A scatter names some of its points with annotations offset from them ("Blackpool" a few points
up and left of its dot). Where several named points lie close together (Birmingham, Burnley and
Middlesbrough on England's money-per-head chart), their names would overlap into a smudge.
:func:`keep_labels_apart` adds an artist to the axes that, each time the chart is drawn and
before any text is, measures every name as the renderer will draw it and moves a name that
would overlap one already placed up or down, by the least distance that clears it; a name moved
more than a few points gets a thin line to its point. The work is done at drawing time, so it
holds at any size and resolution (a resized window, a chart saved at 300 dpi or laid out again
for a Word page); a name that overlaps nothing stays where the chart put it.
"""

from __future__ import annotations

import weakref

import numpy as np
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox, IdentityTransform

#: Space kept between two names, in points.
GAP = 1.0
#: A name moved further than this (points) from where the chart put it gets a line to its point.
LEADER = 3.0

Box = tuple[float, float, float, float]


def point_labels(ax) -> list[Annotation]:
    """The visible names on ``ax`` placed at an offset in points from a point in data units."""
    return [
        t
        for t in ax.texts
        if isinstance(t, Annotation)
        and t.anncoords == "offset points"
        and t.xycoords == "data"
        and t.get_visible()
    ]


def _least_shift(box: Box, placed: list[Box], inside: Box, gap: float) -> float:
    """The vertical shift (pixels) of ``box`` that clears every box in ``placed`` by ``gap``: the
    least one that takes it no further out of ``inside`` than it is, when there is one, else the
    least. Boxes are (x0, y0, x1, y1) in pixels."""
    x0, y0, x1, y1 = box
    beside = [p for p in placed if p[0] < x1 and x0 < p[2]]  # only these can be in the way
    candidates = [0.0]
    for p in beside:
        candidates += [p[3] + gap - y0, p[1] - gap - y1]

    def clear(dy: float) -> bool:
        room = gap - 1e-6  # what rounding leaves of the gap still counts
        return all(p[1] - room >= y1 + dy or y0 + dy >= p[3] + room for p in beside)

    def outside(dy: float) -> float:
        return max(0.0, inside[1] - y0 - dy) + max(0.0, y1 + dy - inside[3])

    return min(
        (dy for dy in candidates if clear(dy)),
        key=lambda dy: (outside(dy) > outside(0.0), abs(dy)),
    )


def spread(texts: list[Annotation], renderer, inside: Bbox, homes=None) -> list[Annotation]:
    """Move ``texts`` vertically, in their order, so that no two overlap when drawn by
    ``renderer`` (each keeps :data:`GAP` clear of those before it). Each starts from its offset
    in ``homes`` (annotation -> offset in points, filled in on first sight), so that drawing
    again never drifts. Returns the texts moved more than :data:`LEADER` points."""
    homes = {} if homes is None else homes
    per_point = renderer.points_to_pixels(1.0)
    placed: list[Box] = []
    inside_box = tuple(inside.extents)
    far = []
    for text in texts:
        home = homes.setdefault(text, tuple(text.xyann))
        offset = home
        if tuple(text.xyann) != home:
            text.xyann = home
        box = tuple(text.get_window_extent(renderer).extents)
        dy = _least_shift(box, placed, inside_box, GAP * per_point)
        if dy:
            offset = (home[0], home[1] + dy / per_point)
            text.xyann = offset
            if abs(dy) > LEADER * per_point:
                far.append(text)
        placed.append((box[0], box[1] + dy, box[2], box[3] + dy))
    return far


class _LabelSpacer(Artist):
    """Spreads the axes' point labels just before they are drawn, and draws the lines from the
    names moved far to their points (under the points)."""

    def __init__(self) -> None:
        super().__init__()
        self.set_zorder(-100)  # before the points (1) and every text (3)
        self.set_in_layout(False)
        self._homes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def draw(self, renderer) -> None:
        ax = self.axes
        if ax is None or not self.get_visible():
            return
        for text in spread(point_labels(ax), renderer, ax.get_window_extent(renderer), self._homes):
            box = text.get_window_extent(renderer)
            point = ax.transData.transform(text.xy)
            near = np.clip(point, box.p0, box.p1)  # the nearest point of the name's box
            line = Line2D(
                [point[0], near[0]],
                [point[1], near[1]],
                transform=IdentityTransform(),
                color=text.get_color(),
                linewidth=0.6,
                alpha=0.7,
            )
            line.set_figure(ax.get_figure(root=False))
            line.draw(renderer)
        self.stale = False


def keep_labels_apart(ax) -> None:
    """Keep the point labels of ``ax`` from overlapping whenever it is drawn (once per axes)."""
    if not any(isinstance(a, _LabelSpacer) for a in ax.artists):
        ax.add_artist(_LabelSpacer())
