"""Maps of a comparison: each area's paired change against the baseline, or its chance of gaining."""

from __future__ import annotations

from simulator.analysis.compare import Comparison
from simulator.core.errors import FundsimError
from simulator.outputs.map_data import MapData, comparison_map


def comparison_map_data(
    comparison: Comparison, option: str = "B", measure: str = "change"
) -> MapData:
    """The map of option ``option`` (a letter, B-D) against the baseline (A).

    ``measure`` is ``change`` (mean paired change in allocation, £, with its 5th-95th percentile
    band) or ``prob_gain`` (the share of simulations in which the area gets more).
    """
    letters = comparison.letters
    if option not in letters[1:]:
        raise FundsimError(
            f"is '{option}', but the comparison's options against the baseline are {', '.join(letters[1:])}",
            field="option",
        )
    if measure not in ("change", "prob_gain"):
        raise FundsimError(
            f"is '{measure}'; a comparison maps 'change' or 'prob_gain'", field="--measure"
        )
    table = comparison.areas
    names = {o["label"]: o["name"] for o in comparison.options}
    data = comparison.data
    label = data.get("label", "")
    source = f"Data: {label}. fundsim {comparison.version}, seed {comparison.seed}, {comparison.paths:,} paths, both options on the same draws."
    if data.get("attribution"):
        source += f"\n{data['attribution']}."
    band = (
        {}
        if measure == "prob_gain"
        else {"low": table[f"{option}_change_p5"], "high": table[f"{option}_change_p95"]}
    )
    return comparison_map(
        table["code"],
        table[f"{option}_{measure}"],
        measure=measure,
        names=table["name"],
        option=f"{option}: {names[option]}",
        baseline=f"A: {names[letters[0]]}",
        source=source,
        notes=["Paired: the change is taken simulation by simulation."],
        **band,
    )
