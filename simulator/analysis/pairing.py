"""What two options can share: the areas they are compared over, and their random draws.

Options are compared area by area over one set of **common areas**. When every option runs over
the same areas, those are the areas. When some run over neighbourhoods and others over
districts, neighbourhood allocations are added up to their district (``lad_code``), draw by
draw, and the comparison is over districts. Options on different releases of the indices
(IoD2019 and IoD2025: "what changes with the new indices?") are compared over the 2024
districts of an IoD2025 option, each 2019 district added up to the 2024 district it became part
of; no other mix of data is compared.

Two options run with the same seed share their draws stream by stream (see
:mod:`simulator.core.rng`), but only where their random structure agrees: the same areas for
the need noise, the same number of rounds for a competition, the same horizon, steps and asset
count for the markets. Where it does not, the paired difference still pairs each draw of one
option with the same-numbered draw of the other, but the parts that are not shared are
independent, so the difference carries both options' chance variation: its band is wider than a
pure policy difference and its standard error larger (the mean difference is still unbiased).
:func:`recovery_sharing` and :func:`endowment_sharing` say which case applies, in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.core.errors import FundsimError
from simulator.data import Areas
from simulator.data.districts import targets_2024
from simulator.scenario import EndowmentConfig, RecoveryFundConfig, Scenario

WIDER = "which adds chance to the difference: its bands are wider than for a pure policy change"


@dataclass(frozen=True)
class AreaMap:
    """How one option's areas add up to the common areas: ``target[i]`` is the common area of
    the option's area ``i``; ``None`` when they are the common areas themselves."""

    target: np.ndarray | None
    order: np.ndarray | None = None
    starts: np.ndarray | None = None
    present: np.ndarray | None = None

    @classmethod
    def grouping(cls, target: np.ndarray, count: int) -> AreaMap:
        order = np.argsort(target, kind="stable")
        sorted_target = target[order]
        starts = np.flatnonzero(np.r_[True, sorted_target[1:] != sorted_target[:-1]])
        present = sorted_target[starts]
        if len(present) == count:
            present = None
        return cls(target, order, starts, present)

    def apply(self, values: np.ndarray, count: int) -> np.ndarray:
        """(draws, own areas) -> (draws, common areas), adding up within each common area."""
        if self.target is None:
            return values
        summed = np.add.reduceat(values[:, self.order], self.starts, axis=1)
        if self.present is None:
            return summed
        out = np.zeros((len(values), count))
        out[:, self.present] = summed
        return out


def across_releases(areas: list[Areas]) -> bool:
    """Whether the options run on different releases of the indices (IoD2019 and IoD2025)."""
    return len({a.provenance.vintage for a in areas if a.provenance.vintage}) > 1


def _districts_of(a: Areas) -> np.ndarray:
    """An option's district codes, one per area: its codes at district level, else ``lad_code``."""
    if a.provenance.level == "lad" or "lad_code" not in a.table:
        return a.codes.astype(str)
    return a.table["lad_code"].astype(str).to_numpy()


def _common_across_releases(areas: list[Areas]) -> tuple[Areas, list[AreaMap], int]:
    """IoD2019 against IoD2025, on purpose: over the 2024 districts of an IoD2025 option, each
    2019 district (or neighbourhood, through its district) added up to the 2024 district it is
    now part of (:mod:`simulator.data.districts`); recoded codes join either way."""
    candidates = [
        i
        for i, a in enumerate(areas)
        if a.provenance.vintage == "2025" and a.provenance.level == "lad"
    ]
    if not candidates:
        raise FundsimError(
            "options on IoD2019 and IoD2025 are compared over 2024 districts: run at least one "
            'IoD2025 option at district level (level = "lad", or the built-in England table)'
        )
    reference = min(candidates, key=lambda i: (len(areas[i]), i))
    ref_codes = areas[reference].codes
    maps = []
    for i, a in enumerate(areas):
        if tuple(a.codes) == tuple(ref_codes):
            maps.append(AreaMap(None))
            continue
        target = targets_2024(_districts_of(a), ref_codes)
        if (target < 0).any():
            code = _districts_of(a)[int(np.flatnonzero(target < 0)[0])]
            raise FundsimError(
                f"option {i + 1}'s district {code} is not one of England's 2024 districts nor "
                f"merged into one since 2019 (option {reference + 1} has {len(ref_codes):,}); "
                "compare IoD2019 and IoD2025 over England's districts"
            )
        maps.append(AreaMap.grouping(target, len(ref_codes)))
    return areas[reference], maps, reference


def common_areas(areas: list[Areas]) -> tuple[Areas, list[AreaMap], int]:
    """The areas every option is compared over, each option's map onto them, and the index of
    the option whose areas they are."""
    codes = [tuple(a.codes) for a in areas]
    if all(c == codes[0] for c in codes):
        return areas[0], [AreaMap(None)] * len(areas), 0
    if across_releases(areas):
        return _common_across_releases(areas)
    # the coarsest level: the option with fewest areas that the others add up to
    reference = min(range(len(areas)), key=lambda i: (len(areas[i]), i))
    target_codes = {code: j for j, code in enumerate(areas[reference].codes)}
    maps = []
    for i, a in enumerate(areas):
        if codes[i] == codes[reference]:
            maps.append(AreaMap(None))
            continue
        if "lad_code" not in a.table:
            raise FundsimError(
                f"option {'ABCD'[i]} runs over {len(a):,} areas ({a.provenance.label}) and option "
                f"{'ABCD'[reference]} over {len(areas[reference]):,} ({areas[reference].provenance.label}); "
                "options can only be compared over the same areas, or neighbourhoods against their districts"
            )
        lad = a.table["lad_code"].astype(str).to_numpy()
        missing = sorted({c for c in lad if c not in target_codes})
        if missing:
            raise FundsimError(
                f"option {'ABCD'[i]}'s neighbourhoods belong to districts that option {'ABCD'[reference]} does not "
                f"have (e.g. {missing[0]}); compare options over the same data"
            )
        target = np.array([target_codes[c] for c in lad])
        maps.append(AreaMap.grouping(target, len(areas[reference])))
    return areas[reference], maps, reference


def _competitive(cfg: RecoveryFundConfig) -> bool:
    return cfg.mechanism != "formula" and not (
        cfg.mechanism.startswith("hybrid") and cfg.formula_share >= 1
    )


def recovery_sharing(base: RecoveryFundConfig, other: RecoveryFundConfig, same_areas: bool) -> dict:
    """Which of the recovery fund's random draws two options share: ``{"shared": "all" |
    "some" | "none", "notes": [sentences]}``."""
    notes: list[str] = []
    random_parts, shared_parts = 0, 0
    noisy = (base.indicator_uncertainty > 0, other.indicator_uncertainty > 0)
    if any(noisy):
        random_parts += 1
        if all(noisy) and same_areas:
            shared_parts += 1
        elif not all(noisy):
            notes.append(f"only one option has measurement noise on need, {WIDER}")
        else:
            notes.append(f"neighbourhoods and districts draw their need noise separately, {WIDER}")
    bids = (_competitive(base), _competitive(other))
    if any(bids):
        random_parts += 1
        if not all(bids):
            notes.append(
                f"only one option awards money by competition; its bid draws have no counterpart, {WIDER}"
            )
        elif not same_areas:
            notes.append(f"neighbourhoods and districts draw their bids separately, {WIDER}")
        elif base.mechanism != other.mechanism:
            notes.append(
                f"the options run different competitions ({base.mechanism} and {other.mechanism}), whose bid draws do not line up, {WIDER}"
            )
        elif base.rounds != other.rounds:
            notes.append(
                f"the options have {base.rounds} and {other.rounds} competitive rounds: rounds 1 to "
                f"{min(base.rounds, other.rounds)} share their bid draws, but each round holds a different "
                f"sum, so the competitions only partly share their luck, {WIDER}"
            )
            shared_parts += 0.5
        else:
            shared_parts += 1
    return {"shared": _verdict(random_parts, shared_parts), "notes": notes}


def _markets_shape(cfg: EndowmentConfig, horizon: int, steps: int) -> tuple:
    if cfg.return_model == "bootstrap":
        return ("bootstrap", horizon, cfg.block_years)
    return ("draws", horizon, steps, max(1, len(cfg.assets)))


def endowment_sharing(base: Scenario, other: Scenario) -> dict:
    """Which of the endowment's random draws two options share (as :func:`recovery_sharing`)."""
    b, o = base.endowment, other.endowment
    bs, os_ = base.simulation, other.simulation
    notes: list[str] = []
    random_parts, shared_parts = 0, 0
    if (b.real_return_vol > 0 or b.assets or b.return_model == "bootstrap") or (
        o.real_return_vol > 0 or o.assets or o.return_model == "bootstrap"
    ):
        random_parts += 1
        if _markets_shape(b, bs.horizon_years, bs.steps_per_year) == _markets_shape(
            o, os_.horizon_years, os_.steps_per_year
        ):
            shared_parts += 1
            if (b.return_model == "student_t") != (o.return_model == "student_t"):
                notes.append(
                    "only one option has fat-tailed (Student-t) returns; the rest of the market draws are shared"
                )
        else:
            notes.append(
                "the options differ in horizon, payments a year, asset count or return model, so their "
                f"market returns are drawn separately, {WIDER}"
            )
    if b.inflation_vol > 0 or o.inflation_vol > 0:
        random_parts += 1
        if bs.horizon_years == os_.horizon_years:
            shared_parts += 1
        else:
            notes.append(
                f"the options run over different horizons, so their inflation is drawn separately, {WIDER}"
            )
    return {"shared": _verdict(random_parts, shared_parts), "notes": notes}


def _verdict(parts: float, shared: float) -> str:
    if parts == 0 or shared == parts:
        return "all"
    return "none" if shared == 0 else "some"
