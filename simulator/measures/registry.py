"""Every result measure, defined once: its JSON path, label, unit, meaning, how it is computed on
each draw and which uncertainty it carries.

``fundsim run`` and ``fundsim compare`` name a measure by the same path, the report, the
workbooks, the app's cards and the sensitivity tools take its label from here, and
``docs/results-format.md`` is generated from this table (``python -m simulator.measures.docs``).
"""

from __future__ import annotations

from simulator.measures.base import Measure, Shape, Uncertainty, Unit
from simulator.measures.competition import COMPETITION
from simulator.measures.endowment import ENDOWMENT
from simulator.measures.recovery import RECOVERY

__all__ = ["MEASURES", "Measure", "Shape", "Uncertainty", "Unit", "find", "label", "measure"]

MEASURES: tuple[Measure, ...] = RECOVERY + COMPETITION + ENDOWMENT

BY_PATH: dict[str, Measure] = {m.path: m for m in MEASURES}

#: Names used before they were made unambiguous: old name -> the name now used.
RENAMED: dict[str, str] = {}


def measure(path: str) -> Measure:
    """The measure at ``path`` (KeyError when there is none)."""
    return BY_PATH[RENAMED.get(path, path)]


def find(path: str) -> Measure | None:
    """The measure a metric path names, ``None`` when none does: ``endowment.value_real.p50[-1]``
    and ``recovery_fund.awarded.mean`` both find their band's measure."""
    if path in BY_PATH or path in RENAMED:
        return measure(path)
    base = path.split("[", 1)[0]
    while base:
        found = BY_PATH.get(RENAMED.get(base, base))
        if found is not None:
            return found
        base = base.rpartition(".")[0]
    return None


def label(path: str) -> str:
    """The one label of the measure at ``path``."""
    return measure(path).label


def in_output(output: str) -> tuple[Measure, ...]:
    """The measures an output carries, in the registry's order."""
    return tuple(m for m in MEASURES if output in m.outputs)
