"""Several keys changed at once, validated once: a multi-key edit is one consistent scenario.

Setting keys one at a time through :meth:`Scenario.updated` validates each intermediate state,
so a pair that only makes sense together (the recovery fund's total and the endowment's, a
mechanism and its rounds) can fail half-way or leave a state nobody chose. ``apply_changes``
sets every key first and validates the result once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.core.errors import FundsimError
from simulator.scenario.model import Scenario, scenario_from_dict


def apply_changes(scenario: Scenario, changes: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with every ``{dotted key: value}`` set, validated once.

    Raises :class:`FundsimError` naming an unknown key, or every invalid field of the result
    (its ``problems`` list each ``(field, message)``). The copy keeps the scenario's file, so
    relative data paths still resolve against it.
    """
    data = scenario.model_dump()
    for dotted, value in changes.items():
        section, _, key = dotted.rpartition(".")
        target = data.get(section) if section else data
        if not isinstance(target, dict) or key not in target:
            raise FundsimError("is not a known key (check its spelling and section)", field=dotted)
        target[key] = value
    new = scenario_from_dict(data, file=None)
    new._path, new._source_text = scenario._path, scenario._source_text
    return new
