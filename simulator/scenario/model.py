"""The scenario model: every parameter of both funds, with units, ranges and descriptions.

A scenario is stored as a commented TOML file (see ``docs/scenario-format.md``). The pydantic
models below are the single source of truth for each key: its type, default, allowed range,
unit and one-line description. The desktop app builds its forms and tooltips from them and the
format documentation quotes them, so they never drift apart.

Compatibility rule: every key added after schema version 1 must be optional with a neutral
default, and files with an older ``schema_version`` are upgraded by :data:`MIGRATIONS`, so a
file saved by an earlier release loads unchanged and gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator

from simulator.core.errors import FundsimError
from simulator.core.text import clean_text
from simulator.scenario.base import (
    Unit,
    _field,
    _Section,
    field_bounds,
    field_choices,
    field_plausible,
    field_unit,
)  # noqa: F401
from simulator.scenario.competition import CompetitionConfig
from simulator.scenario.endowment import AssetClass, EndowmentConfig  # noqa: F401
from simulator.scenario.recovery import RecoveryFundConfig

SCHEMA_VERSION = 4

# The fund sections and field helpers live in their own modules; they are part of this one's API.
__all__ = [
    "SCHEMA_VERSION",
    "AssetClass",
    "CompetitionConfig",
    "DataConfig",
    "EndowmentConfig",
    "MIGRATIONS",
    "RecoveryFundConfig",
    "Scenario",
    "SimulationConfig",
    "Unit",
    "field_bounds",
    "field_choices",
    "field_plausible",
    "field_unit",
    "migrate",
    "scenario_from_dict",
    "section_models",
]


class DataConfig(_Section):
    """Where the area data come from."""

    source: str = _field(
        "builtin:workshop",
        "Area data: 'builtin:england-districts-2025' (England's 296 districts, IoD2025 and ONS "
        "mid-2022 population), 'builtin:workshop' (the fictional teaching dataset), a published "
        "IoD2025 or IoD2019 file (neighbourhood Files 1, 2, 5, 6, 7 or the File 10 district "
        "summaries), or a CSV/XLSX table with columns code,name,population,score. Relative paths "
        "are read from the scenario's folder.",
        "text",
        min_length=1,
    )
    population: str | None = _field(
        None,
        "Optional file supplying population by area code: File 6 or File 7 of the same IoD "
        "release (2025 or 2019), or a code,population table. Neighbourhood populations are added "
        "up to districts when needed.",
        "text",
    )
    level: Literal["lad", "lsoa"] | None = _field(
        None,
        "Geography to allocate over: 'lad' (local authority districts) or 'lsoa' (neighbourhoods). "
        "Neighbourhood files are added up to districts for 'lad'. Leave out to use the file's own level.",
        "choice",
    )
    population_measure: Literal["total", "children", "older", "working_age"] = _field(
        "total",
        "Which population counts: 'total', 'children' (0-15), 'older' (60+) or 'working_age' "
        "(18-59/64), where the population file has them.",
        "choice",
    )
    columns: dict[str, str] = _field(
        {},
        'Column names to use when a table\'s headers differ: e.g. code = "LA code", population = '
        '"Residents". Keys: code, name, population, score, and any indicator name.',
        "text",
    )


class SimulationConfig(_Section):
    """How many Monte Carlo paths to run, from which seed, over how many years."""

    paths: int = _field(
        2000,
        "Number of Monte Carlo draws. More draws give smoother percentiles but take longer.",
        "paths",
        ge=1,
        le=1_000_000,
    )
    seed: int = _field(
        2020,
        "Random seed. The same scenario and seed always give identical results.",
        "seed",
        ge=0,
        le=2**63 - 1,
    )
    horizon_years: int = _field(
        50,
        "How many years the endowment is simulated for.",
        "years",
        ge=1,
        le=500,
    )
    steps_per_year: Literal[1, 4, 12] = _field(
        1,
        "Grant payments a year: 1 (annual), 4 (quarterly) or 12 (monthly). The year's grant "
        "budget is set at the start of each year and paid in equal instalments.",
        "choice",
    )
    bands: list[float] = _field(
        [5.0, 25.0, 50.0, 75.0, 95.0],
        "Percentiles reported for the endowment's fan charts and tables (5, 50 and 95 are always "
        "included).",
        "text",
    )

    @model_validator(mode="after")
    def _bands_valid(self) -> SimulationConfig:
        for band in self.bands:
            if not 0 <= band <= 100:
                raise ValueError(f"bands must be percentiles between 0 and 100, got {band:g}")
        return self


class Scenario(_Section):
    """A complete fundsim scenario: both funds, the data and the simulation settings."""

    schema_version: int = _field(
        SCHEMA_VERSION, "Version of the scenario file format.", "text", ge=1, le=SCHEMA_VERSION
    )
    name: str = _field("Untitled scenario", "A short name shown in charts and exports.", "text")
    description: str = _field("", "What this scenario represents.", "text")
    data: DataConfig = Field(default_factory=DataConfig)
    simulation: SimulationConfig = Field(default_factory=SimulationConfig)
    recovery_fund: RecoveryFundConfig = Field(default_factory=RecoveryFundConfig)
    competition: CompetitionConfig = Field(default_factory=CompetitionConfig)
    endowment: EndowmentConfig = Field(default_factory=EndowmentConfig)

    # The file this scenario was read from (relative data paths resolve against its folder)
    # and that file's text (so saving back keeps the user's comments).
    _path: Path | None = PrivateAttr(default=None)
    _source_text: str | None = PrivateAttr(default=None)

    @field_validator("name", "description")
    @classmethod
    def _printable(cls, text: str) -> str:
        """Names go into workbooks and documents, which cannot hold control characters."""
        return clean_text(text)

    @property
    def path(self) -> Path | None:
        """The file this scenario was loaded from or last saved to, if any."""
        return self._path

    def base_dir(self) -> Path:
        """Folder that relative data paths are resolved against."""
        return self._path.parent if self._path is not None else Path.cwd()

    def resolve(self, source: str) -> Path:
        """Turn a data path from the scenario into an absolute path."""
        from simulator.core.inputs import check_path_text

        p = Path(check_path_text(source)).expanduser()
        return p if p.is_absolute() else (self.base_dir() / p).resolve()

    def updated(self, dotted: str, value: Any) -> Scenario:
        """A copy with one field changed, e.g. ``updated("endowment.fees", 0.01)``.

        Raises :class:`FundsimError` naming the field when the value is invalid.
        """
        return with_changes(self, {dotted: value})


def with_changes(scenario: Scenario, changes: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with every ``dotted key -> value`` in ``changes`` applied, then
    validated once, so keys that must agree (``endowment.discount_rates`` with
    ``endowment.discount_years``) can change together in any order.

    The one way several keys change at once: ``--set`` on the command line and the app's
    edits both go through it. The copy keeps the scenario's file (relative paths resolve as
    before). Raises :class:`FundsimError` naming an unknown key, or every invalid field.
    """
    data = scenario.model_dump()
    for dotted, value in changes.items():
        section, _, key = dotted.rpartition(".")
        if section and section not in data or not section and key not in data:
            raise FundsimError("is not a known key", field=dotted)
        target = data[section] if section else data
        if not isinstance(target, dict) or key not in target:
            raise FundsimError("is not a known key (check its spelling and section)", field=dotted)
        target[key] = value
    new = scenario_from_dict(data, file=None)
    new._path, new._source_text = scenario._path, scenario._source_text
    return new


def _competition_by_organisations(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 1 to 2: 'competitive' and 'hybrid' now mean the organisation-level competition;
    a version-1 file meant the reduced form, now named 'competitive_simple' / 'hybrid_simple'."""
    section = raw.get("recovery_fund")
    if isinstance(section, dict) and section.get("mechanism") in ("competitive", "hybrid"):
        raw["recovery_fund"] = {**section, "mechanism": f"{section['mechanism']}_simple"}
    return raw


#: What the organisation-level competition meant in a version-2 file, for keys whose default (or
#: meaning) changed in version 3: expected numbers of bids, 133,000 organisations on any data, the
#: earlier gradient and readiness, an area's luck shared by all rounds of a future.
VERSION_2_COMPETITION: dict[str, Any] = {
    "bid_model": "expected",
    "organisations": 133_000.0,
    "deprivation_gradient": [0.3, 0.5, 0.7, 1.0, 1.0],
    "readiness": 0.05,
    "readiness_basis": "round",  # version 4's key: readiness applied in every round
    "area_luck": "future",
}


def _competition_as_counts(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 2 to 3: the competition now draws bids as counts, scales organisations with the
    data's population and has new defaults. A version-2 file that uses the competition (or sets
    any of its keys) keeps the model it was saved with: the keys it left out get their version-2
    values, so it gives the same numbers as before."""
    section = raw.get("recovery_fund")
    mechanism = section.get("mechanism") if isinstance(section, dict) else None
    comp = raw.get("competition")
    if mechanism in ("competitive", "hybrid") or isinstance(comp, dict):
        comp = dict(comp) if isinstance(comp, dict) else {}
        if comp.get("organisations") == 0:  # no organisations: 0 now means "scale by population"
            comp["organisations_per_1000"] = 0.0
        for key, value in VERSION_2_COMPETITION.items():
            comp.setdefault(key, value)
        raw["competition"] = comp
    return raw


#: What the organisation-level competition meant in a version-3 file, for keys whose default (or
#: meaning) changed in version 4: readiness applied in every round, at 9% by default.
VERSION_3_COMPETITION: dict[str, Any] = {"readiness": 0.09, "readiness_basis": "round"}


def _readiness_over_competition(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 3 to 4: readiness is now the share of organisations ready over the whole
    competition, shared between its rounds (so one round is as oversubscribed as eight). A
    version-3 file that uses the competition (or sets any of its keys) keeps readiness per round
    and its version-3 default, so it gives the same numbers as before."""
    section = raw.get("recovery_fund")
    mechanism = section.get("mechanism") if isinstance(section, dict) else None
    comp = raw.get("competition")
    if mechanism in ("competitive", "hybrid") or isinstance(comp, dict):
        comp = dict(comp) if isinstance(comp, dict) else {}
        for key, value in VERSION_3_COMPETITION.items():
            comp.setdefault(key, value)
        raw["competition"] = comp
    return raw


#: Upgrades from each older schema version to the next: ``{1: upgrade_1_to_2, ...}``.
#: Each takes and returns the raw dict of a file.
MIGRATIONS: dict[int, Any] = {
    1: _competition_by_organisations,
    2: _competition_as_counts,
    3: _readiness_over_competition,
}


def migrate(raw: dict[str, Any], file: str | Path | None = None) -> dict[str, Any]:
    """Bring a raw scenario dict up to :data:`SCHEMA_VERSION`."""
    version = raw.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FundsimError(
            f"must be a whole number >= 1, got {version!r}", file=file, field="schema_version"
        )
    if version > SCHEMA_VERSION:
        raise FundsimError(
            f"is {version}, but this version of fundsim reads files up to version "
            f"{SCHEMA_VERSION}; the file was saved by a newer release",
            file=file,
            field="schema_version",
        )
    raw = dict(raw)
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
    return raw


def _num(value: Any) -> str:
    """Show numbers as a user wrote them: 0 not 0.0, 1.5 as 1.5."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _describe(error: dict[str, Any]) -> tuple[str, str]:
    """Turn one pydantic error into (dotted field, plain-English message)."""
    field = ".".join(str(p) for p in error["loc"])
    ctx = error.get("ctx", {})
    got = error.get("input")
    kind = error["type"]
    bounds = {
        "greater_than_equal": (">=", "ge"),
        "greater_than": (">", "gt"),
        "less_than_equal": ("<=", "le"),
        "less_than": ("<", "lt"),
    }
    if kind in bounds:
        op, key = bounds[kind]
        return field, f"must be {op} {_num(ctx[key])}, got {_num(got)}"
    if kind == "literal_error":
        return field, f"must be one of {ctx['expected']}, got {got!r}"
    if kind == "extra_forbidden":
        return field, "is not a known key (check its spelling and section)"
    if kind == "missing":
        return field, "is required"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return field, f"must be a whole number, got {got!r}"
    if kind in {"float_parsing", "float_type"}:
        return field, f"must be a number, got {got!r}"
    if kind in {"string_type"}:
        return field, f"must be text in quotes, got {got!r}"
    if kind == "finite_number":
        return field, f"must be a finite number, got {got!r}"
    if kind == "model_type":
        return field, "must be a [section] of keys"
    if kind == "dict_type":
        return (
            field,
            f"must be a table of names and numbers such as {{score = 0.5, extent = 0.5}}, got {got!r}",
        )
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return field, message


def scenario_from_dict(raw: dict[str, Any], file: str | Path | None = None) -> Scenario:
    """Validate a raw dict (as read from TOML) into a :class:`Scenario`.

    Raises :class:`FundsimError` naming every invalid field, e.g.
    ``recovery_fund.progressivity must be >= 0, got -1``.
    """
    raw = migrate(raw, file)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = [_describe(e) for e in exc.errors()]
        text = "; ".join(f"{f} {m}" if f else m for f, m in problems)
        raise FundsimError(text, file=file, problems=problems) from None


def section_models() -> dict[str, type[_Section]]:
    """The scenario's sections, in the order a user thinks about them."""
    return {
        "data": DataConfig,
        "recovery_fund": RecoveryFundConfig,
        "competition": CompetitionConfig,
        "endowment": EndowmentConfig,
        "simulation": SimulationConfig,
    }
