"""Building blocks of the scenario model: units, field declarations and their metadata."""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

# Units understood by the app's forms and the format docs.
#   "£"       an amount of money in pounds
#   "share"   a fraction between 0 and 1, shown as a percentage
#   "rate"    a fraction per year, shown as a percentage a year
#   "years", "paths", "exponent", "sigma": as named
#   "choice"    one of a fixed list of words; "indicator": a need indicator the data offer
Unit = Literal[
    "£",
    "£/head",
    "share",
    "rate",
    "years",
    "paths",
    "count",
    "exponent",
    "sigma",
    "seed",
    "text",
    "choice",
    "indicator",
]


#: The largest value a key of each unit may take: far beyond any real fund (the whole UK
#: budget is about £1.2 trillion a year), and small enough that sums over areas and draws stay
#: exact in double precision (a total of 1.7e308 would overflow to infinity).
MAX_POUNDS = 1e13
MAGNITUDE: dict[str, float] = {"£": MAX_POUNDS, "£/head": 1e7, "count": 1e9}


def _scalar_types(annotation: Any) -> set[Any]:
    """The plain types a field's annotation allows (``float | None`` -> {float, NoneType})."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _scalar_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return set().union(*(_scalar_types(a) for a in typing.get_args(annotation)))
    if origin is Literal:
        return {type(a) for a in typing.get_args(annotation)}
    return {annotation} if origin is None else {origin}


def _field(
    default: Any,
    description: str,
    unit: Unit,
    plausible: tuple[float, float] | None = None,
    **constraints: Any,
) -> Any:
    """A scenario key: default, one-line description and unit, plus pydantic constraints.

    ``plausible`` is the range of values a careful analyst would still call plausible for an
    assumption (the default low and high ends of a tornado chart); it lies inside the allowed range.
    """
    if unit in MAGNITUDE and "le" not in constraints and "lt" not in constraints:
        constraints["le"] = MAGNITUDE[unit]
    extra: dict[str, Any] = {"unit": unit}
    if plausible is not None:
        extra["plausible"] = [plausible[0], plausible[1]]
    return Field(default, description=description, json_schema_extra=extra, **constraints)


class _Section(BaseModel):
    """Common configuration: unknown keys are errors (they are almost always typos), and so are
    NaN and infinities (TOML allows ``inf`` and ``nan``; no parameter means anything with them)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_coercion(cls, value: Any, info: ValidationInfo) -> Any:
        """Numbers must be written as numbers: pydantic would read ``paths = true`` as 1 path
        and ``paths = "2000"`` as 2000; a scenario file meaning either is a mistake."""
        field = cls.model_fields.get(info.field_name or "")
        if field is None or not isinstance(value, (bool, str)):
            return value
        kinds = _scalar_types(field.annotation)
        numeric = kinds & {int, float} and not kinds & {bool, str}
        if numeric:
            shown = str(value).lower() if isinstance(value, bool) else repr(value[:40])
            raise ValueError(f"must be a number, got {shown}")
        return value


def field_unit(model: type[BaseModel], name: str) -> str:
    """The unit recorded for a scenario key (see :data:`Unit`)."""
    extra = model.model_fields[name].json_schema_extra or {}
    return extra.get("unit", "text")  # type: ignore[union-attr,return-value]


def field_plausible(model: type[BaseModel], name: str) -> tuple[float, float] | None:
    """A key's declared plausible range ``(low, high)``, or None when none is declared."""
    extra = model.model_fields[name].json_schema_extra or {}
    value = extra.get("plausible")  # type: ignore[union-attr]
    return (value[0], value[1]) if value else None


def field_bounds(
    model: type[BaseModel], name: str
) -> tuple[float | None, float | None, bool, bool]:
    """A key's allowed range: ``(low, high, low_inclusive, high_inclusive)``; None if open."""
    lo = hi = None
    lo_inc = hi_inc = True
    for item in model.model_fields[name].metadata:
        if getattr(item, "ge", None) is not None:
            lo, lo_inc = item.ge, True
        if getattr(item, "gt", None) is not None:
            lo, lo_inc = item.gt, False
        if getattr(item, "le", None) is not None:
            hi, hi_inc = item.le, True
        if getattr(item, "lt", None) is not None:
            hi, hi_inc = item.lt, False
    return lo, hi, lo_inc, hi_inc


def field_choices(model: type[BaseModel], name: str) -> tuple[str | None, ...]:
    """The allowed values of a choice key (a ``Literal``, maybe optional), in order.

    ``None`` is included, last, when the key may be left unset.
    """
    from typing import get_args, get_origin

    def flatten(annotation: Any) -> list[Any]:
        if get_origin(annotation) is Literal:
            return list(get_args(annotation))
        if annotation is type(None):
            return [None]
        return [v for arg in get_args(annotation) for v in flatten(arg)]

    values = flatten(model.model_fields[name].annotation)
    return tuple([v for v in values if v is not None] + ([None] if None in values else []))
