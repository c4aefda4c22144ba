"""Money on chart axes in one unit per axis: £0, £0.5bn, £1bn, £1.5bn (never "£4,000m" beside "£4bn").

The unit (bn, m, k) is chosen from the largest tick, and the decimals are the fewest that show
every tick exactly, so a column of ticks reads with the same precision.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import Formatter

from simulator.core.text import plain_text_charts

plain_text_charts()

UNITS = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))


class MoneyAxis(Formatter):
    """Tick labels in £ with one unit and one precision per axis."""

    def __init__(self) -> None:
        self.unit, self.suffix, self.decimals = 1.0, "", 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        values = np.asarray([v for v in locs if np.isfinite(v)], dtype=float)
        top = float(np.abs(values).max()) if values.size else 0.0
        self.unit, self.suffix = next(((u, s) for u, s in UNITS if top >= u), (1.0, ""))
        scaled = values / self.unit
        self.decimals = next(
            (d for d in (0, 1, 2) if np.allclose(scaled, np.round(scaled, d), rtol=0, atol=1e-6)), 2
        )

    def __call__(self, x: float, pos=None) -> str:
        shown = round(abs(x) / self.unit, self.decimals)
        if shown == 0:
            return "£0"
        return f"{'-' if x < 0 else ''}£{shown:,.{self.decimals}f}{self.suffix}"
