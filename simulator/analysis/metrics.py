"""Headline results by name: the JSON path of a value in ``fundsim run``'s output.

A metric is either a path into the results' JSON, such as ``endowment.prob_real_value_preserved``,
``recovery_fund.share_to_most_deprived.population_10.mean`` or ``endowment.value_real.p50[-1]``
(``[i]`` indexes a list: years, deciles; ``-1`` is the last), or one area's value from the
per-area table, ``area:E06000009.mean`` (any numeric column: mean, p5, p50, p95, per_capita,
prob_funded, gain). ``fundsim metrics`` lists them; labels, units and meanings come from the
measures registry (:mod:`simulator.measures`).

Each value comes with its Monte Carlo standard error where one can be stated, one way for each
kind of value (as :mod:`simulator.measures.band` defines them): a probability over draws has the
binomial error sqrt(p(1-p)/n); a mean has the error the results carry beside it (``mean_se``: the
draws' standard deviation over sqrt(n)); a percentile of a band has half the width of its
distribution-free 95% interval from order statistics (``p5_low`` .. ``p5_high``) over 1.96, so
the 5th and 95th percentiles of a skewed value get the different errors they have; a fixed input
such as the fund's total has none (0); anything else is not estimated (NaN). The one exception
is a percentile of one area's allocation, whose band carries no interval: its error is that of a
normal variable whose spread the area's 5th and 95th percentiles give (sigma = (p95 - p5) / 3.29).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from simulator.core.errors import FundsimError
from simulator.measures import MEASURES, find
from simulator.results import Results, _clean

#: Sections of the results JSON that hold headline values, and the engine each one needs.
SECTIONS = {"recovery_fund": "recovery", "endowment": "endowment"}
#: Per-area columns a metric ``area:CODE.COLUMN`` may name.
AREA_COLUMNS = (
    "mean",
    "p5",
    "p50",
    "p95",
    "per_capita",
    "prob_funded",
    "equal_per_head",
    "gain",
    "need",
    "population",
)
#: Parts of the JSON that are not headline values (tables, inputs, text).
SKIPPED = {
    "decile",
    "areas",
    "by_authority_type",
    "concentration_curve",
    "need_indicator",
    "mechanism",
    "percentile_method",
    "years",
}
#: Fixed inputs: no Monte Carlo error.
FIXED = {m.path for m in MEASURES if m.uncertainty == "fixed"} | {"recovery_fund.rounds"}
#: Headline values that are the mean of a band reported elsewhere.
ALIASES = {
    "recovery_fund.share_to_most_deprived_decile": "recovery_fund.share_to_most_deprived.areas_10.mean"
}
#: Half the width of a 95% interval, in standard errors.
_Z975 = 1.959963984540054

# Normal-approximation constants: sigma from the 5th-95th percentile spread, and the standard
# error of a median and of a 5th/95th percentile in units of sigma / sqrt(n).
_Z95 = 1.6448536269514722
_MEDIAN_SE = math.sqrt(math.pi / 2)
_TAIL_SE = math.sqrt(0.05 * 0.95) / (math.exp(-(_Z95**2) / 2) / math.sqrt(2 * math.pi))

_TOKEN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\[-?\d+\])*)$")


@dataclass
class Outcome:
    """What metrics are read from: the results' JSON without per-area tables, the per-area table
    and the number of draws. Made from a full :class:`Results` or from a partial run."""

    headline: dict[str, Any]
    table: pd.DataFrame | None
    paths: int

    @classmethod
    def from_results(cls, results: Results) -> Outcome:
        return cls(
            headline(results),
            results.recovery.table if results.recovery is not None else None,
            results.paths,
        )


def headline(results: Results) -> dict[str, Any]:
    """The results' JSON (as ``fundsim run`` writes it) for each fund, without the per-area tables."""
    out: dict[str, Any] = {}
    if getattr(results, "recovery", None) is not None:
        rec = replace(results.recovery, table=results.recovery.table.iloc[:0])
        section = rec.to_dict()
        section.pop("areas", None)
        section.pop("by_authority_type", None)
        out["recovery_fund"] = section
    if getattr(results, "endowment", None) is not None:
        section = replace(results.endowment, area_grants=None).to_dict()
        section.pop("areas", None)
        out["endowment"] = section
    return _clean(out)


def parse(name: str) -> tuple[str, list[str | int]]:
    """``"endowment.value_real.p50[-1]"`` -> ``("endowment", ["endowment", "value_real", "p50", -1])``;
    ``"area:E06000009.mean"`` -> ``("area", ["E06000009", "mean"])``. Raises FundsimError."""
    name = name.strip()
    if name.startswith("area:"):
        code, sep, column = name[5:].rpartition(".")
        if not sep or not code:
            raise FundsimError(
                f"metric {name!r} needs the form area:CODE.COLUMN, e.g. area:E06000009.mean"
            )
        if column not in AREA_COLUMNS:
            raise FundsimError(
                f"metric {name!r}: area column must be one of {', '.join(AREA_COLUMNS)}"
            )
        return "area", [code, column]
    parts: list[str | int] = []
    for token in name.split("."):
        match = _TOKEN.match(token)
        if not match:
            raise FundsimError(
                f"metric {name!r} is not a results path such as endowment.prob_real_value_preserved"
            )
        parts.append(match.group(1))
        parts += [int(i) for i in re.findall(r"-?\d+", match.group(2))]
    if not parts or parts[0] not in SECTIONS:
        raise FundsimError(
            f"metric {name!r} must start with recovery_fund. or endowment. (or be area:CODE.COLUMN); "
            "`fundsim metrics` lists them"
        )
    return str(parts[0]), parts


def needs(name: str) -> set[str]:
    """The engines a metric needs: ``{"recovery"}``, ``{"endowment"}``."""
    kind, _ = parse(name)
    return {"recovery"} if kind == "area" else {SECTIONS[kind]}


def _walk(tree: Any, parts: list[str | int], name: str) -> Any:
    node = tree
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            raise FundsimError(
                f"metric {name!r} is not in the results (at {part!r}); `fundsim metrics` lists them"
            ) from None
    return node


def _number(value: Any, name: str) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise FundsimError(
            f"metric {name!r} is not a number; name one value, e.g. {name}.mean or {name}[-1]"
        )
    return float(value)


def _area_row(outcome: Outcome, code: str, name: str) -> pd.Series:
    table = outcome.table
    if table is None:
        raise FundsimError(f"metric {name!r} needs the recovery fund's per-area results")
    rows = table.index[table["code"].astype(str) == code]
    if len(rows) == 0:
        raise FundsimError(f"metric {name!r}: no area with code {code!r} in the data")
    return table.loc[rows[0]]


def _band_se(node: dict, leaf: str, index: list[int], n: int) -> float:
    """Standard error of a band's mean (``mean_se``, as the results carry it) or of one of its
    percentiles (from the percentile's order-statistic interval, ``p5_low`` .. ``p5_high``);
    without those, from the band's p5 and p95 as for a normal variable."""
    if leaf != "mean" and f"{leaf}_low" in node and f"{leaf}_high" in node:
        try:
            low = float(_walk(node, [f"{leaf}_low", *index], ""))
            high = float(_walk(node, [f"{leaf}_high", *index], ""))
            return max(high - low, 0.0) / (2 * _Z975)
        except (FundsimError, TypeError, ValueError):
            return math.nan
    if leaf == "mean" and "mean_se" in node:
        try:
            exact = float(_walk(node, ["mean_se", *index], ""))
            if math.isfinite(exact):
                return exact
        except (FundsimError, TypeError, ValueError):
            pass
    try:
        p5 = float(_walk(node, ["p5", *index], ""))
        p95 = float(_walk(node, ["p95", *index], ""))
    except (FundsimError, TypeError, ValueError):
        return math.nan
    sigma = max(p95 - p5, 0.0) / (2 * _Z95)
    factor = {"mean": 1.0, "p50": _MEDIAN_SE, "p5": _TAIL_SE, "p95": _TAIL_SE}.get(leaf)
    return math.nan if factor is None else factor * sigma / math.sqrt(n)


def value(outcome: Outcome, name: str) -> float:
    """A metric's value (NaN when the results hold no value, e.g. a median of no depletions)."""
    return value_and_se(outcome, name)[0]


def value_and_se(outcome: Outcome, name: str) -> tuple[float, float]:
    """A metric's value and its Monte Carlo standard error (see the module's notes)."""
    kind, parts = parse(name)
    n = max(int(outcome.paths), 1)
    if kind == "area":
        code, column = parts
        row = _area_row(outcome, str(code), name)
        v = _number(row[column], name)
        if column == "prob_funded":
            return v, math.sqrt(max(v * (1 - v), 0.0) / n)
        if column in ("mean", "p50", "p5", "p95"):
            return v, _band_se(row.to_dict(), str(column), [], n)
        if column == "per_capita":
            return v, _band_se(row.to_dict(), "mean", [], n) / float(row["population"])
        return v, math.nan if column in ("gain", "equal_per_head") else 0.0
    v = _number(_walk(outcome.headline, parts, name), name)
    canonical = _canonical(parts)
    if canonical in FIXED:
        return v, 0.0
    if canonical in ALIASES:
        return v, value_and_se(outcome, ALIASES[canonical])[1]
    names = [p for p in parts if isinstance(p, str)]
    if any(p.startswith("prob_") for p in names) and 0.0 <= v <= 1.0:
        return v, math.sqrt(max(v * (1 - v), 0.0) / n)
    # the leaf of a band: {..., "p5": x, "p95": y, "mean": z}, maybe indexed by year
    index = [p for p in parts[len(parts) - _trailing_ints(parts) :]]
    head = parts[: len(parts) - len(index)]
    leaf = head[-1]
    parent = _walk(outcome.headline, head[:-1], name)
    if isinstance(parent, dict) and "p5" in parent and "p95" in parent and isinstance(leaf, str):
        return v, _band_se(parent, leaf, index, n)
    return v, math.nan


def _trailing_ints(parts: list[str | int]) -> int:
    count = 0
    for p in reversed(parts):
        if not isinstance(p, int):
            break
        count += 1
    return count


def _canonical(parts: list[str | int]) -> str:
    return ".".join(str(p) for p in parts)


def _leaves(node: Any, prefix: str, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, child in node.items():
            # standard errors and intervals go with their figures
            if key in SKIPPED or key.endswith(("_se", "_low", "_high")):
                continue
            _leaves(child, f"{prefix}.{key}", out)
    elif isinstance(node, list):
        if node and all(isinstance(x, dict) for x in node):  # a list of records, e.g. deciles
            for i, child in enumerate(node):
                _leaves(child, f"{prefix}[{i}]", out)
        elif node and all(
            isinstance(x, (int, float)) or x is None for x in node
        ):  # by year: first and last
            out += [f"{prefix}[0]", f"{prefix}[-1]"]
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        out.append(prefix)


def available(outcome: Outcome) -> list[str]:
    """Every headline metric of these results, in the JSON's order (area metrics not listed)."""
    out: list[str] = []
    for section in SECTIONS:
        if section in outcome.headline:
            _leaves(outcome.headline[section], section, out)
    return out


def describe(name: str) -> str:
    """A metric's label from the measures registry, with the statistic it names ('' when the
    registry has no measure at that path)."""
    if name.startswith("area:"):
        return "one area's value from the per-area table"
    found = find(name)
    if found is None:
        return ""
    if found.path == name or found.shape == "number":
        return found.label
    rest = name[len(found.path) :].lstrip(".")
    statistic, _, index = rest.partition("[")
    what = {
        "mean": "mean",
        "mean_se": "standard error of the mean",
        "p50": "median",
    }.get(statistic, f"{statistic[1:]}th percentile" if statistic.startswith("p") else statistic)
    when = ""
    if found.shape == "band_by_year" and index:
        when = ", last year" if index.startswith("-1") else f", year {index.rstrip(']')}"
    return f"{found.label}: {what}{when}"


def unit(name: str) -> str | None:
    """The unit of a metric's measure in the registry (``pounds``, ``share`` ...), or None."""
    found = find(name)
    return found.unit if found is not None else None


def is_share(name: str) -> bool:
    """True when a metric is a fraction between 0 and 1 (shown as a percentage)."""
    if name.endswith("mean_se"):
        return is_share(name[: -len("_se")])
    known = unit(name)
    if known is not None and not name.startswith("area:"):
        return known in ("share", "probability")
    last = name.rsplit(".", 1)[-1]
    return (
        "prob_" in name
        or "share" in name
        or last in ("prob_funded",)
        or "concentration_index" in name
    )


_MONEY = (
    "value_real",
    "value_nominal",
    "grants_real",
    "grants_nominal",
    "cumulative_grants_real",
    "unspent",
    "awarded",
    "money_moved",
    "per_round",
)


def is_money(name: str) -> bool:
    """True when a metric is an amount of pounds (shown as £)."""
    if name.startswith("area:"):
        return name.rsplit(".", 1)[-1] in (
            "mean",
            "p5",
            "p50",
            "p95",
            "gain",
            "equal_per_head",
            "per_capita",
        )
    known = unit(name)
    if known is not None:
        return known == "pounds"
    parts = re.split(r"[.\[]", name)
    if parts[-1] in ("total", "admin", "distributed", "initial") and len(parts) == 2:
        return True
    if "by_decile" in parts and parts[-1] in ("mean", "p5", "p95", "per_capita"):
        return True
    return any(p in _MONEY for p in parts)


#: Two-sided 95% normal quantile, for the interval of a mean or a probability.
_Z_INTERVAL = 1.959963984540054
_PERCENTILE = re.compile(r"^(p\d+|median)$")


def is_percentile(name: str) -> bool:
    """True when a metric is a percentile of draws (``...p5[-1]``, ``area:CODE.p95``), whose
    uncertainty is an interval that need not be symmetric: never written with "±"."""
    if name.startswith("area:"):
        return bool(_PERCENTILE.match(name.rpartition(".")[2]))
    _, parts = parse(name)
    names = [p for p in parts if isinstance(p, str)]
    return bool(_PERCENTILE.match(names[-1]))


def value_and_interval(outcome: Outcome, name: str) -> tuple[float, float, float, float]:
    """A metric's value, its standard error, and its 95% Monte Carlo interval ``(low, high)``.

    A mean or a probability: ``value +- 1.96 se``. A percentile: the distribution-free interval
    the results carry beside it (``p5_low`` .. ``p5_high``, from order statistics; asymmetric
    where the draws are skewed), and no standard error; where the results carry no such
    interval, neither an error nor an interval is stated (NaN), rather than a symmetric one that
    would give the 5th and the 95th percentile the same error.
    """
    v, se = value_and_se(outcome, name)
    if not is_percentile(name):
        if not math.isfinite(se):
            return v, se, math.nan, math.nan
        return v, se, v - _Z_INTERVAL * se, v + _Z_INTERVAL * se
    if name.startswith("area:"):
        return v, math.nan, math.nan, math.nan
    _, parts = parse(name)
    index = parts[len(parts) - _trailing_ints(parts) :]
    head = parts[: len(parts) - len(index)]
    parent = _walk(outcome.headline, head[:-1], name)
    leaf = str(head[-1])
    if isinstance(parent, dict) and f"{leaf}_low" in parent and f"{leaf}_high" in parent:
        try:
            low = float(_walk(parent, [f"{leaf}_low", *index], name))
            high = float(_walk(parent, [f"{leaf}_high", *index], name))
        except (FundsimError, TypeError, ValueError):
            return v, math.nan, math.nan, math.nan
        return v, math.nan, low, high
    return v, math.nan, math.nan, math.nan
