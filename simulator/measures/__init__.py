"""Result measures defined once (:mod:`.registry`) and the typed summaries of per-draw values
(:mod:`.band`): what every output of fundsim reads its labels, units and uncertainty from."""

from simulator.measures.band import (
    CONFIDENCE,
    PERCENTILES,
    Band,
    mean_se,
    order_ranks,
    share_se,
)
from simulator.measures.registry import (
    BY_PATH,
    MEASURES,
    RENAMED,
    Measure,
    find,
    in_output,
    label,
    measure,
)

__all__ = [
    "BY_PATH",
    "CONFIDENCE",
    "MEASURES",
    "PERCENTILES",
    "RENAMED",
    "Band",
    "Measure",
    "find",
    "in_output",
    "label",
    "mean_se",
    "measure",
    "order_ranks",
    "share_se",
]
