"""Tornado and goal-seek results in a report, read from the JSON that ``fundsim sensitivity`` and
``fundsim solve`` write (``fundsim report --analysis FILE``). Shown when given; otherwise nothing.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from matplotlib.figure import Figure
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator.analysis.metrics import describe, is_money, is_percentile, is_share
from simulator.core.errors import FundsimError
from simulator.core.inputs import read_input_text
from simulator.core.money import format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.report.alt_text import tornado_alt
from simulator.report.charts import WIDTH, render_png
from simulator.report.context import ReportContext
from simulator.report.model import Document
from simulator.results import Results
from simulator.scenario import section_models
from simulator.scenario.labels import field_label, format_setting, humanise

plain_text_charts()

#: Kinds of analysis file a report shows.
KINDS = ("tornado", "solve")
#: Largest analysis file read (a tornado over every key is a few kilobytes).
MAX_BYTES = 5_000_000
#: Bars of a tornado (one per scenario key) and goal-seek evaluations a report shows.
MAX_BARS = 200
MAX_EVALUATIONS = 1_000


Number = Annotated[float, Field(allow_inf_nan=False)]
Text = Annotated[str, Field(max_length=500)]
#: A reason a run could not run, or a goal seek's message: longer than a name.
Reason = Annotated[str, Field(max_length=2000)]
#: A 95% Monte Carlo interval [low, high]; an end is null when it is not finite.
Interval = Annotated[list[Number | None], Field(min_length=2, max_length=2)]


class _Schema(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class TornadoBar(_Schema):
    key: Text
    base: Number | None = None
    low: Number | None
    high: Number | None
    metric_at_low: Number | None
    metric_at_high: Number | None
    se_at_low: Number | None = None
    se_at_high: Number | None = None
    swing: Number
    interval_at_low: Interval | None = None
    interval_at_high: Interval | None = None
    failure_at_low: Reason | None = None
    failure_at_high: Reason | None = None


class TornadoFile(_Schema):
    kind: Literal["tornado"]
    scenario: Text = ""
    fundsim_version: Text = ""
    seed: int = 0
    paths: Annotated[int, Field(ge=0)] = 0
    metric: Text
    base: Number | None
    base_se: Number | None = None
    base_interval: Interval | None = None
    bars: Annotated[list[TornadoBar], Field(max_length=MAX_BARS)]
    #: Each bar end that could not run ("key = value: reason"); two ends a bar at most.
    failures: Annotated[list[Reason], Field(max_length=2 * MAX_BARS)] = []


class Evaluation(_Schema):
    value: Number | None = None
    metric: Number | None = None
    se: Number | None = None


class SolveFile(_Schema):
    kind: Literal["solve"]
    scenario: Text = ""
    fundsim_version: Text = ""
    seed: int = 0
    paths: Annotated[int, Field(ge=0)] = 0
    key: Text
    value: Number | None = None
    value_se: Number | None = None
    interval: Interval | None = None
    slope: Number | None = None
    metric: Text
    target: Number
    goal: Literal["at_least", "at_most"] = "at_least"
    found: bool
    achieved: Number | None = None
    achieved_se: Number | None = None
    bracket: Annotated[list[Number | None], Field(max_length=2)] = []
    tolerance: Number | None = None
    message: Reason
    evaluations: Annotated[list[Evaluation], Field(max_length=MAX_EVALUATIONS)] = []


def load_analysis(path: str | Path) -> dict[str, Any]:
    """Read a tornado or goal-seek JSON file, checked against its schema (types, finite numbers,
    at most :data:`MAX_BARS` bars), with a one-line error for anything else."""
    path = Path(path)
    text = read_input_text(path, MAX_BYTES, "tornado or goal-seek result", encoding="utf-8")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise FundsimError(
            f"is not a readable JSON result ({exc.__class__.__name__})", file=str(path)
        ) from None
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        raise FundsimError(
            "is not the JSON of fundsim sensitivity --method tornado or fundsim solve",
            file=str(path),
        )
    schema = TornadoFile if data["kind"] == "tornado" else SolveFile
    try:
        return schema.model_validate(data).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
        where = where.lstrip(".") or "the file"
        what = {"missing": "is missing", "too_long": "has too many entries"}.get(
            first["type"], first["msg"][:1].lower() + first["msg"][1:]
        )
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise FundsimError(
            f"is not a valid {data['kind']} result: {where} {what}{more}; write it again with "
            "this version of fundsim",
            file=str(path),
        ) from None


def metric_text(name: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if is_share(name):
        return format_share(float(value))
    if is_money(name):
        return format_money(float(value))
    return f"{float(value):,.4g}"


def metric_label(name: str) -> str:
    text = describe(name)
    return text[:1].upper() + text[1:] if text else humanise(name.rpartition(".")[2])


def key_label(key: str) -> str:
    section, _, name = key.rpartition(".")
    return field_label(name)


def key_value(key: str, value: Any) -> str:
    section, _, name = key.rpartition(".")
    models = section_models()
    if section in models and name in models[section].model_fields and value is not None:
        return format_setting(models[section], name, value)
    return "–" if value is None else f"{value:g}"


def _with_se(name: str, value, se) -> str:
    text = metric_text(name, value)
    if se is None or not math.isfinite(se) or se <= 0 or text == "–":
        return text
    error = metric_text(name, se)
    return f"{text} ± {error}" if any(c in "123456789" for c in error) else text


def _interval_text(key: str, interval) -> str:
    """The goal-seek answer's 95% interval from Monte Carlo error, as a sentence."""
    if not interval or None in interval:
        return ""
    return (
        f" With other random draws the answer would differ: its 95% interval is "
        f"{key_value(key, interval[0])} to {key_value(key, interval[1])}."
    )


def _end(metric: str, bar: dict[str, Any], end: str) -> str:
    """A tornado end's result, or that it could not run (the reason follows the table). A
    percentile is never written with "±": its interval, where stated, follows in brackets."""
    if bar.get(f"failure_at_{end}"):
        return "could not run"
    value = bar[f"metric_at_{end}"]
    if not is_percentile(metric):
        return _with_se(metric, value, bar.get(f"se_at_{end}"))
    low, high = bar.get(f"interval_at_{end}") or (None, None)
    if low is None or high is None:
        return metric_text(metric, value)
    return (
        f"{metric_text(metric, value)} ({metric_text(metric, low)} to {metric_text(metric, high)})"
    )


def _tornado_chart(data: dict[str, Any]):
    def draw(fig: Figure, _results: Results) -> None:
        bars = data["bars"][::-1]
        ax = fig.add_subplot(111)
        y = np.arange(len(bars))
        base = data["base"]
        low = (
            np.array([b["metric_at_low"] if b["metric_at_low"] is not None else base for b in bars])
            - base
        )
        high = (
            np.array(
                [b["metric_at_high"] if b["metric_at_high"] is not None else base for b in bars]
            )
            - base
        )
        ax.barh(
            y,
            low,
            color=house.current().pair[1],
            height=0.6,
            hatch=house.HATCH,
            edgecolor="white",
            label="At the low value",
        )
        ax.barh(y, high, color=house.main(), height=0.6, label="At the high value")
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(y, [key_label(b["key"]) for b in bars])
        fmt = (
            (lambda v, _p: f"{100 * v:+.0f}%")
            if is_share(data["metric"])
            else (lambda v, _p: f"{v:+,.3g}")
        )
        from matplotlib.ticker import FuncFormatter

        ax.xaxis.set_major_formatter(FuncFormatter(fmt))
        ax.set_xlabel(f"Change from the base value ({metric_text(data['metric'], base)})")
        house.head(ax, f"What moves it most: {metric_label(data['metric']).lower()}")
        ax.grid(axis="x", color="#dddddd")
        ax.spines[["top", "right"]].set_visible(False)

    return draw


def _source(data: dict[str, Any]) -> str:
    return f"Source: fundsim {data.get('fundsim_version', '')} {data['kind']} of {data.get('scenario', '')}, seed {data.get('seed', '')}, {data.get('paths', 0):,} paths."


def sensitivity(doc: Document, ctx: ReportContext) -> None:
    analyses = ctx.extras.get("analyses") or []
    if not analyses:
        return
    doc.heading("Sensitivity and goal seek")
    for data in analyses:
        if data.get("scenario") and data["scenario"] != ctx.runs[0].scenario["name"]:
            doc.para(f"This analysis was run on the scenario “{data['scenario']}”.", "note")
        if data["kind"] == "tornado":
            metric = data["metric"]
            doc.heading(f"Tornado: {metric_label(metric).lower()}", 2)
            doc.para(
                f"Each setting moved alone to the ends of its range, on the same draws as the base run ({_with_se(metric, data['base'], data.get('base_se'))}); "
                "the settings are listed by how far they move the result."
            )
            rows = [
                [
                    key_label(b["key"]),
                    key_value(b["key"], b["low"]),
                    key_value(b["key"], b["high"]),
                    _end(metric, b, "low"),
                    _end(metric, b, "high"),
                    metric_text(metric, b["swing"])
                    if not is_share(metric)
                    else format_share(b["swing"]),
                ]
                for b in data["bars"]
            ]
            doc.table(
                f"Tornado: {metric_label(metric).lower()} at the low and high value of each setting.",
                ["Setting", "Low", "High", "Result at low", "Result at high", "Swing"],
                rows,
                [2.0, 1.1, 1.1, 1.3, 1.3, 0.8],
                [False, True, True, True, True, True],
                _source(data),
                small=True,
            )
            for line in data.get("failures", []):
                doc.para(f"Could not run {line}.", "note")
            if data["bars"]:
                height = max(2.6, 1.4 + 0.32 * len(data["bars"]))
                png = render_png(_tornado_chart(data), ctx.runs[0], height)
                doc.figure(
                    f"Tornado: {metric_label(metric).lower()}, change from the base run at each setting's low and high value.",
                    png,
                    WIDTH,
                    height,
                    _source(data),
                    tornado_alt(
                        data,
                        lambda k: key_label(k).lower(),
                        lambda v, metric=metric: (
                            metric_text(metric, v) if not is_share(metric) else format_share(v)
                        ),
                    ),
                )
        else:
            metric, key = data["metric"], data["key"]
            goal = "at least" if data.get("goal", "at_least") == "at_least" else "at most"
            doc.heading(f"Goal seek: {key_label(key).lower()}", 2)
            if data["found"]:
                doc.para(
                    f"{key_label(key)} of {key_value(key, data.get('value'))} gives {metric_label(metric).lower()} of "
                    f"{_with_se(metric, data.get('achieved'), data.get('achieved_se'))}, for a target of {goal} {metric_text(metric, data['target'])}."
                    + _interval_text(key, data.get("interval"))
                )
            else:
                doc.para(
                    f"No value of {key_label(key).lower()} in the range searched reaches a target of {goal} {metric_text(metric, data['target'])}."
                )
            rows = [
                [key_value(key, e.get("value")), _with_se(metric, e.get("metric"), e.get("se"))]
                for e in data.get("evaluations", [])[:40]
            ]
            if rows:
                doc.table(
                    f"Goal seek: the values of {key_label(key).lower()} tried and the result at each.",
                    [key_label(key), metric_label(metric)],
                    rows,
                    [2.0, 3.0],
                    [True, True],
                    _source(data),
                    small=True,
                )
