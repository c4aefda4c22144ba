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

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from simulator.errors import FundsimError

SCHEMA_VERSION = 1

# Units understood by the app's forms and the format docs.
#   "£"       an amount of money in pounds
#   "share"   a fraction between 0 and 1, shown as a percentage
#   "rate"    a fraction per year, shown as a percentage a year
#   "years", "paths", "exponent", "sigma": as named
#   "choice"    one of a fixed list of words; "indicator": a need indicator the data offer
Unit = Literal["£", "£/head", "share", "rate", "years", "paths", "count", "exponent", "sigma", "seed", "text", "choice", "indicator"]


def _field(default: Any, description: str, unit: Unit, **constraints: Any) -> Any:
    """A scenario key: default, one-line description and unit, plus pydantic constraints."""
    return Field(default, description=description, json_schema_extra={"unit": unit}, **constraints)


class _Section(BaseModel):
    """Common configuration: unknown keys are errors (they are almost always typos)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class DataConfig(_Section):
    """Where the area data come from."""

    source: str = _field(
        "builtin:workshop",
        "Area data: 'builtin:workshop' (the fictional teaching dataset), a published IoD2019 file "
        "(neighbourhood Files 1, 2, 5, 6, 7 or the File 10 district summaries), or a CSV/XLSX table "
        "with columns code,name,population,score. Relative paths are read from the scenario's folder.",
        "text",
        min_length=1,
    )
    population: str | None = _field(
        None,
        "Optional file supplying population by area code: IoD2019 File 6 or File 7, or a "
        "code,population table. Neighbourhood populations are added up to districts when needed.",
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
        "Column names to use when a table's headers differ: e.g. code = \"LA code\", population = "
        "\"Residents\". Keys: code, name, population, score, and any indicator name.",
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
    def _bands_valid(self) -> "SimulationConfig":
        for band in self.bands:
            if not 0 <= band <= 100:
                raise ValueError(f"bands must be percentiles between 0 and 100, got {band:g}")
        return self


class RecoveryFundConfig(_Section):
    """The one-off Community Recovery Fund, shared between areas by formula or competition."""

    total: float = _field(
        500_000_000.0,
        "Size of the fund in pounds. The report proposed £500m.",
        "£",
        ge=0,
    )
    admin_share: float = _field(
        0.05,
        "Share of the fund top-sliced for administration before any money reaches areas.",
        "share",
        ge=0,
        lt=1,
    )
    mechanism: Literal["formula", "competitive", "hybrid"] = _field(
        "formula",
        "How money reaches areas. 'formula': each eligible area gets a share in proportion to its "
        "population times its need raised to the progressivity. 'competitive': areas bid in each "
        "round and the chance of bidding and winning rises with local capacity. 'hybrid': "
        "formula_share by formula, the rest competitive.",
        "choice",
    )
    need_indicator: str = _field(
        "score",
        "Which deprivation measure counts as need: 'score' (IMD average score), "
        "'prop_most_deprived_10' (share of neighbourhoods in the most deprived 10% nationally), "
        "'extent', 'rank_exponential' (IMD ranks transformed as the IoD technical report does), or "
        "any other numeric column of the data. Higher always means more deprived.",
        "indicator",
        min_length=1,
    )
    need_weights: dict[str, float] = _field(
        {},
        "A need index combining several indicators with these weights, e.g. {score = 0.5, extent = "
        "0.5}. Each indicator is first divided by its population-weighted mean. Empty: need_indicator "
        "alone.",
        "text",
    )
    progressivity: float = _field(
        1.0,
        "How strongly money follows need: 0 shares it by population alone, 1 in proportion to "
        "need, above 1 concentrates it on the most deprived areas.",
        "exponent",
        ge=0,
        le=10,
    )
    eligible_share: float = _field(
        1.0,
        "Share of areas (or of population, see eligibility_basis), most deprived first, that are "
        "eligible for funding (1 = all areas).",
        "share",
        gt=0,
        le=1,
    )
    eligibility_basis: Literal["areas", "population"] = _field(
        "areas",
        "Whether eligible_share counts areas or people: 'population' takes the most deprived areas "
        "until they hold that share of the population.",
        "choice",
    )
    second_indicator: str | None = _field(
        None,
        "Optional second indicator an area must also be among the most deprived on (a dual "
        "threshold, as 'left-behind' definitions use). Not set: no second test.",
        "indicator",
    )
    second_eligible_share: float = _field(
        1.0,
        "Share of areas, most deprived first on the second indicator, that pass the second test.",
        "share",
        gt=0,
        le=1,
    )
    floor: float = _field(
        0.0,
        "Minimum amount, in pounds, for every eligible area (0 = no floor).",
        "£",
        ge=0,
    )
    floor_per_head: float = _field(
        0.0,
        "Minimum per resident for every eligible area, in pounds per head (0 = none). With "
        "floor too, the larger of the two applies.",
        "£/head",
        ge=0,
    )
    cap_share: float = _field(
        1.0,
        "Largest share of the distributed money any one area may receive (1 = no cap).",
        "share",
        gt=0,
        le=1,
    )
    cap: float = _field(
        0.0,
        "Largest amount, in pounds, any one area may receive (0 = no cap). With cap_share too, "
        "the smaller applies.",
        "£",
        ge=0,
    )
    rounds: int = _field(
        1,
        "Number of rounds the money is paid out in (e.g. 8 for quarterly over two years). "
        "Competitive money not awarded in a round rolls into the next.",
        "count",
        ge=1,
        le=120,
    )
    formula_share: float = _field(
        0.5,
        "For the hybrid mechanism: share of the money given by formula; the rest is competitive.",
        "share",
        ge=0,
        le=1,
    )
    capacity_gradient: float = _field(
        0.0,
        "How much local capacity to bid falls as deprivation rises: capacity is (need / average "
        "need) to the power minus this (0 = no bias against deprived areas).",
        "exponent",
        ge=0,
        le=5,
    )
    bid_probability: float = _field(
        0.7,
        "Chance that an eligible area of average capacity bids in a round.",
        "share",
        ge=0,
        le=1,
    )
    success_rate: float = _field(
        0.5,
        "Chance that a bid from an area of average capacity is judged fundable.",
        "share",
        ge=0,
        le=1,
    )
    bid_scale: float = _field(
        3.0,
        "Size of an area's bid as a multiple of its formula entitlement for the round (above 1: "
        "bids ask for more than there is, and oversubscribed rounds are scaled down pro rata).",
        "exponent",
        gt=0,
        le=20,
    )
    bid_size_cv: float = _field(
        0.5,
        "Spread of bid sizes: coefficient of variation of the lognormal bid size (0 = every bid "
        "asks exactly bid_scale times the entitlement).",
        "sigma",
        ge=0,
        le=5,
    )
    indicator_uncertainty: float = _field(
        0.1,
        "Measurement uncertainty of the need indicator: the standard deviation of its "
        "logarithm (0.1 is roughly ±10%). 0 runs the formula exactly.",
        "sigma",
        ge=0,
        le=2,
    )

    @model_validator(mode="after")
    def _weights_positive(self) -> "RecoveryFundConfig":
        for name, weight in self.need_weights.items():
            if weight < 0:
                raise ValueError(f"need_weights.{name} must be >= 0, got {weight:g}")
        if self.need_weights and sum(self.need_weights.values()) <= 0:
            raise ValueError("need_weights must have at least one positive weight")
        return self


class AssetClass(_Section):
    """One asset class of the endowment's portfolio."""

    name: str = _field("equities", "Name of the asset class.", "text")
    weight: float = _field(1.0, "Share of the portfolio held in it, rebalanced every step.", "share", ge=0, le=1)
    real_return_mean: float = _field(0.04, "Expected real return a year.", "rate", ge=-0.5, le=0.5)
    real_return_vol: float = _field(0.10, "Volatility of the yearly real return.", "rate", ge=0, le=1)


class EndowmentConfig(_Section):
    """The Levelling Up Communities Fund: an invested endowment paying grants each year."""

    initial: float = _field(
        2_000_000_000.0,
        "Starting capital in pounds. The report proposed £2bn from dormant insurance accounts.",
        "£",
        ge=0,
    )
    spending_rule: Literal["fixed_rate", "smoothed", "tobin", "real_fixed", "spend_down", "guardrails"] = _field(
        "fixed_rate",
        "How the yearly grant budget is set. 'fixed_rate': the spending rate times the value at the "
        "start of the year. 'smoothed': the rate times the average of the last smoothing_years "
        "year-end values. 'tobin': tobin_weight times last year's grants grown by inflation, plus "
        "the rest times rate x value (the Yale/Stanford rule). 'real_fixed': a fixed amount kept "
        "constant in real terms. 'spend_down': everything, spread over spend_down_years. "
        "'guardrails': the rate, but real grants may rise or fall only so much in a year.",
        "choice",
    )
    spending_rate: float = _field(
        0.04,
        "Share of the fund's value paid out as grants each year (4-5% is common practice).",
        "rate",
        ge=0,
        le=1,
    )
    smoothing_years: int = _field(3, "For 'smoothed': how many year-end values are averaged.", "years", ge=1, le=20)
    tobin_weight: float = _field(
        0.8,
        "For 'tobin': weight on last year's grants grown by inflation (0.8 at Yale); the rest "
        "follows the rate times the value. 0 is the fixed-rate rule.",
        "share",
        ge=0,
        le=1,
    )
    real_fixed_amount: float = _field(
        0.0,
        "For 'real_fixed': grants a year in pounds of year 0 (0 = spending_rate x initial).",
        "£",
        ge=0,
    )
    spend_down_years: int = _field(
        20, "For 'spend_down': years over which the whole fund is paid out.", "years", ge=1, le=500
    )
    guardrail_up: float = _field(
        0.10, "For 'guardrails': largest rise in real grants from one year to the next.", "share", ge=0, le=10
    )
    guardrail_down: float = _field(
        0.10, "For 'guardrails': largest fall in real grants from one year to the next.", "share", ge=0, le=1
    )
    spending_floor: float = _field(
        0.0,
        "Least grants a year, in pounds of year 0, under any rule, while the fund has the money "
        "(0 = no floor).",
        "£",
        ge=0,
    )
    spending_ceiling: float = _field(
        0.0, "Most grants a year, in pounds of year 0, under any rule (0 = no ceiling).", "£", ge=0
    )
    fees: float = _field(
        0.005,
        "Investment and management costs, as a share of the fund's value each year.",
        "rate",
        ge=0,
        le=0.2,
    )
    return_model: Literal["normal", "lognormal", "student_t", "bootstrap"] = _field(
        "normal",
        "How investment returns are drawn. 'normal': normal real returns. 'lognormal': returns "
        "whose logarithm is normal (no loss beyond everything). 'student_t': fat-tailed returns "
        "with degrees_of_freedom. 'bootstrap': blocks of years resampled from bootstrap_file.",
        "choice",
    )
    real_return_mean: float = _field(
        0.04,
        "Expected investment return each year after inflation (real).",
        "rate",
        ge=-0.5,
        le=0.5,
    )
    real_return_vol: float = _field(
        0.10,
        "Volatility (standard deviation) of the yearly real return.",
        "rate",
        ge=0,
        le=1,
    )
    degrees_of_freedom: float = _field(
        5.0, "For 'student_t': degrees of freedom (lower = fatter tails; above 2).", "exponent", gt=2, le=1000
    )
    bootstrap_file: str | None = _field(
        None,
        "For 'bootstrap': a CSV of yearly real returns (a column named real_return, or a single "
        "numeric column; 0.05 = 5%). Relative paths are read from the scenario's folder.",
        "text",
    )
    block_years: int = _field(5, "For 'bootstrap': length of the resampled blocks of years.", "years", ge=1, le=50)
    assets: list[AssetClass] = _field(
        [],
        "An asset mix: [[endowment.assets]] tables with name, weight, real_return_mean and "
        "real_return_vol; weights sum to 1. Empty: one asset with the returns above.",
        "text",
    )
    correlations: list[list[float]] = _field(
        [],
        "Correlation matrix of the asset classes' returns, one row per asset (empty: uncorrelated).",
        "text",
    )
    inflation_mean: float = _field(
        0.02,
        "Expected inflation each year.",
        "rate",
        ge=-0.2,
        le=0.5,
    )
    inflation_vol: float = _field(
        0.01,
        "Volatility (standard deviation) of yearly inflation.",
        "rate",
        ge=0,
        le=0.5,
    )
    inflation_persistence: float = _field(
        0.0,
        "How much of this year's inflation surprise carries into next year (AR(1) coefficient; "
        "0 = independent years). Inflation's long-run volatility stays inflation_vol.",
        "share",
        ge=0,
        lt=1,
    )
    inflow_amount: float = _field(
        0.0,
        "Further capital paid in at the start of each year, in pounds of the day (e.g. later "
        "dormant-asset releases; 0 = none).",
        "£",
        ge=0,
    )
    inflow_years: int = _field(0, "For how many years the inflows are paid (from year 1).", "years", ge=0, le=500)
    inflow_uncertainty: float = _field(
        0.0, "Uncertainty of each inflow: coefficient of variation of a lognormal amount (0 = certain).", "sigma", ge=0, le=5
    )
    area_eligible_share: float = _field(
        0.1,
        "Share of areas, most deprived first, whose communities receive the endowment's grants "
        "(the 'left-behind' areas), shared by the recovery fund's formula.",
        "share",
        gt=0,
        le=1,
    )

    @model_validator(mode="after")
    def _consistent(self) -> "EndowmentConfig":
        if self.spending_rate + self.fees > 1:
            raise ValueError(
                f"spending_rate + fees must be at most 1 (all of the fund), got "
                f"{self.spending_rate + self.fees:g}"
            )
        if self.spending_ceiling and self.spending_floor > self.spending_ceiling:
            raise ValueError("spending_floor must not be above spending_ceiling")
        if self.return_model == "bootstrap" and not self.bootstrap_file:
            raise ValueError("return_model 'bootstrap' needs bootstrap_file")
        if self.assets:
            total = sum(a.weight for a in self.assets)
            if abs(total - 1) > 1e-9:
                raise ValueError(f"assets weights must add up to 1, got {total:g}")
            if self.correlations:
                import numpy as np

                c = np.asarray(self.correlations, dtype=float)
                n = len(self.assets)
                if c.shape != (n, n):
                    raise ValueError(f"correlations must be a {n} x {n} matrix (one row per asset), got {c.shape[0]} rows")
                if not np.allclose(c, c.T, atol=1e-12):
                    raise ValueError("correlations must be symmetric")
                if not np.allclose(np.diag(c), 1.0):
                    raise ValueError("correlations must have 1 on the diagonal")
                if np.linalg.eigvalsh(c).min() < -1e-10:
                    raise ValueError("correlations must be positive semi-definite (a possible correlation matrix)")
        elif self.correlations:
            raise ValueError("correlations need an assets list")
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
    endowment: EndowmentConfig = Field(default_factory=EndowmentConfig)

    # The file this scenario was read from (relative data paths resolve against its folder)
    # and that file's text (so saving back keeps the user's comments).
    _path: Path | None = PrivateAttr(default=None)
    _source_text: str | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The file this scenario was loaded from or last saved to, if any."""
        return self._path

    def base_dir(self) -> Path:
        """Folder that relative data paths are resolved against."""
        return self._path.parent if self._path is not None else Path.cwd()

    def resolve(self, source: str) -> Path:
        """Turn a data path from the scenario into an absolute path."""
        p = Path(source).expanduser()
        return p if p.is_absolute() else (self.base_dir() / p).resolve()

    def updated(self, dotted: str, value: Any) -> "Scenario":
        """A copy with one field changed, e.g. ``updated("endowment.fees", 0.01)``.

        Raises :class:`FundsimError` naming the field when the value is invalid.
        """
        data = self.model_dump()
        section, _, key = dotted.rpartition(".")
        if section and section not in data or not section and key not in data:
            raise FundsimError("is not a known key", field=dotted)
        target = data[section] if section else data
        if key not in target:
            raise FundsimError("is not a known key (check its spelling and section)", field=dotted)
        target[key] = value
        new = scenario_from_dict(data, file=None)
        new._path, new._source_text = self._path, self._source_text
        return new


#: Upgrades from each older schema version to the next: ``{1: upgrade_1_to_2, ...}``.
#: Each takes and returns the raw dict of a file. None are needed yet.
MIGRATIONS: dict[int, Any] = {}


def migrate(raw: dict[str, Any], file: str | Path | None = None) -> dict[str, Any]:
    """Bring a raw scenario dict up to :data:`SCHEMA_VERSION`."""
    version = raw.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FundsimError(f"must be a whole number >= 1, got {version!r}", file=file, field="schema_version")
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
    if kind == "model_type":
        return field, "must be a [section] of keys"
    if kind == "dict_type":
        return field, f"must be a table of names and numbers such as {{score = 0.5, extent = 0.5}}, got {got!r}"
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


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Raises :class:`FundsimError` for a missing file, a TOML syntax error or an invalid field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FundsimError("scenario file not found", file=str(path)) from None
    except UnicodeDecodeError:
        raise FundsimError("is not a UTF-8 text file", file=str(path)) from None
    except OSError as exc:
        raise FundsimError(f"cannot be read: {exc.strerror}", file=str(path)) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FundsimError(f"is not valid TOML: {exc}", file=str(path)) from None
    scenario = scenario_from_dict(raw, file=str(path))
    scenario._path = path.resolve()
    scenario._source_text = text
    return scenario


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write a scenario as commented TOML, safely (the old file survives any failure).

    A relative data path is rewritten so it still points at the same file from the new folder.
    Comments in the file the scenario was loaded from are kept.
    """
    from simulator.scenario_toml import to_toml
    from simulator.fileio import atomic_write_text

    path = Path(path).resolve()
    scenario = _rebase_data_paths(scenario, path.parent)
    text = to_toml(scenario)
    atomic_write_text(path, text)
    scenario._path = path
    scenario._source_text = text
    return path


def _rebase_data_paths(scenario: Scenario, new_dir: Path) -> Scenario:
    source = scenario.data.source
    if source.startswith("builtin:") or Path(source).is_absolute() or scenario._path is None:
        return scenario
    target = scenario.resolve(source)
    try:
        rel = Path(_relpath(target, new_dir))
    except ValueError:  # another drive on Windows
        rel = target
    copy = scenario.model_copy(deep=True)
    copy.data.source = rel.as_posix()
    copy._path, copy._source_text = scenario._path, scenario._source_text
    return copy


def _relpath(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(target, start)


def section_models() -> dict[str, type[_Section]]:
    """The scenario's sections, in the order a user thinks about them."""
    return {
        "data": DataConfig,
        "recovery_fund": RecoveryFundConfig,
        "endowment": EndowmentConfig,
        "simulation": SimulationConfig,
    }


def field_unit(model: type[BaseModel], name: str) -> str:
    """The unit recorded for a scenario key (see :data:`Unit`)."""
    extra = model.model_fields[name].json_schema_extra or {}
    return extra.get("unit", "text")  # type: ignore[union-attr,return-value]


def field_bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None, bool, bool]:
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
