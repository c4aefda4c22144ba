"""What a result measure is: :class:`Measure` (see :mod:`simulator.measures.registry`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal[
    "pounds", "share", "probability", "areas", "count", "index", "year", "people", "ratio"
]
#: How a measure's Monte Carlo uncertainty is stated:
#: ``band``: mean ± its standard error, percentiles with distribution-free 95% intervals;
#: ``binomial``: a share of draws, ± sqrt(p (1 - p) / n);
#: ``fixed``: an input or a sum of inputs, no Monte Carlo error;
#: ``none``: a function of mean results (e.g. a Gini of mean allocations), not estimated.
Uncertainty = Literal["band", "binomial", "fixed", "none"]
Shape = Literal["number", "band", "by_year", "band_by_year"]


@dataclass(frozen=True)
class Measure:
    """One result measure (see the module's notes)."""

    path: str
    label: str
    unit: Unit
    description: str
    per_draw: str
    uncertainty: Uncertainty
    shape: Shape = "band"
    #: Which outputs carry it: ``run`` (``fundsim run``'s JSON), ``compare`` (each option's value
    #: and the paired difference in ``fundsim compare``'s ``metrics``).
    outputs: tuple[str, ...] = ("run",)


RUN_AND_COMPARE = ("run", "compare")
