"""Every key of every JSON output, with its type and meaning: what ``docs/results-format.md``
and ``docs/results.schema.json`` are generated from (:mod:`simulator.measures.docs`).

A key is written as a path: ``.`` between keys, ``[]`` after a key holding a list (``areas[]``
is each record of ``areas``, ``years[]`` each number), ``*`` for a key that is a name chosen by
the input (a metric, a setting), ``pQ`` for a percentile key (``p5``, ``p50``, ``p95`` and any
percentile set in ``simulation.bands``). The measures' own keys (a band's ``mean``, ``mean_se``,
``pQ``, ``pQ_low``, ``pQ_high``) come from the registry (:mod:`simulator.measures.registry`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.measures.registry import MEASURES

#: ``num``: a number, or null when not defined (e.g. a median of no depletions);
#: ``str?``: text or null; ``any``: described in the text.
Kind = Literal["num", "int", "str", "str?", "bool", "object", "any"]


@dataclass(frozen=True)
class Key:
    """One key of a JSON output."""

    path: str
    kind: Kind
    meaning: str


BAND_PARTS = (
    ("mean", "the mean over draws"),
    ("mean_se", "the Monte Carlo standard error of the mean (sd / sqrt(draws)): the mean ± it"),
    ("pQ", "the Q-th percentile over draws"),
    ("pQ_low", "the low end of the Q-th percentile's distribution-free 95% interval"),
    ("pQ_high", "the high end of the Q-th percentile's distribution-free 95% interval"),
)


def band(path: str, what: str, by_year: bool = False) -> list[Key]:
    """The keys of a band: mean, its standard error, percentiles and their intervals."""
    end = "[]" if by_year else ""
    when = ", by year" if by_year else ""
    return [Key(f"{path}.{part}{end}", "num", f"{what}: {text}{when}") for part, text in BAND_PARTS]


def _measure_keys() -> list[Key]:
    keys: list[Key] = []
    for m in MEASURES:
        if "run" not in m.outputs or "[" in m.path:
            continue
        if m.shape in ("band", "band_by_year"):
            keys += band(m.path, m.label, m.shape == "band_by_year")
        elif m.shape == "by_year":
            keys.append(Key(f"{m.path}[]", "num", f"{m.label}, by year"))
        else:
            keys.append(Key(m.path, "num", m.label))
        if m.uncertainty == "binomial":
            end = "[]" if m.shape == "by_year" else ""
            keys.append(
                Key(f"{m.path}_se{end}", "num", f"Monte Carlo standard error of {m.label.lower()}")
            )
    return keys


DATA = [
    Key("data.label", "str", "the data's name (says FICTIONAL for the workshop dataset)"),
    Key("data.level", "str", "'lad' (districts) or 'lsoa' (neighbourhoods)"),
    Key("data.fictional", "bool", "true for the invented workshop areas"),
    Key("data.attribution", "str?", "the licence line the data require"),
    Key(
        "data.vintage",
        "str?",
        "the release of the English Indices of Deprivation: '2019' or '2025' (null otherwise)",
    ),
    Key("data.files[]", "object", "each file read"),
    Key("data.files[].name", "str", "its file name (builtin:NAME for a bundled dataset)"),
    Key("data.files[].path", "str?", "the absolute path it was read from (null when bundled)"),
    Key("data.files[].sha256", "str", "SHA-256 of its bytes"),
    Key("data.files[].rows", "int", "data rows read"),
    Key("data.files[].role", "str", "'areas' or 'population'"),
    Key("data.areas", "int", "number of areas allocated over"),
]

BY_AREA = [
    Key("recovery_fund.areas[]", "object", "one record per area (also the CSV output's rows)"),
    Key("recovery_fund.areas[].code", "str", "area code"),
    Key("recovery_fund.areas[].name", "str", "area name"),
    Key("recovery_fund.areas[].population", "num", "people"),
    Key("recovery_fund.areas[].score", "num", "IMD average score (null when the data have none)"),
    Key("recovery_fund.areas[].need", "num", "the need index the formula used"),
    Key("recovery_fund.areas[].mean", "num", "mean allocation (pounds)"),
    Key("recovery_fund.areas[].mean_se", "num", "its Monte Carlo standard error"),
    Key("recovery_fund.areas[].pQ", "num", "percentiles of the allocation over draws (pounds)"),
    Key("recovery_fund.areas[].per_capita", "num", "mean allocation per head (pounds)"),
    Key("recovery_fund.areas[].prob_funded", "num", "share of draws in which it receives money"),
    Key("recovery_fund.areas[].prob_funded_se", "num", "its binomial standard error"),
    Key(
        "recovery_fund.areas[].equal_per_head",
        "num",
        "its share of the mean money awarded at equal money per head",
    ),
    Key("recovery_fund.areas[].gain", "num", "mean allocation less equal_per_head"),
    Key("recovery_fund.areas[].bids", "num", "competition: bids made from the area a draw"),
    Key("recovery_fund.areas[].success_rate", "num", "competition: share of its bids funded"),
    Key("recovery_fund.areas[].bid_cost", "num", "competition: spent preparing bids a draw"),
    Key(
        "recovery_fund.areas[].no_bid_chance",
        "num",
        "competition with bids drawn as counts: the chance the area makes no bid in any round",
    ),
    Key("recovery_fund.areas[].authority_type", "str", "type of local authority (when known)"),
    Key("recovery_fund.areas[].region", "str", "region (when known)"),
    Key("recovery_fund.areas[].lad_code", "str", "district code of a neighbourhood"),
    Key("recovery_fund.areas[].lad_name", "str", "district name of a neighbourhood"),
    Key("recovery_fund.by_authority_type[]", "object", "money by type of local authority"),
    Key("recovery_fund.by_authority_type[].authority_type", "str", "the type"),
    Key("recovery_fund.by_authority_type[].areas", "int", "areas of that type"),
    Key("recovery_fund.by_authority_type[].population", "num", "their people"),
    Key("recovery_fund.by_authority_type[].mean", "num", "their mean allocation (pounds)"),
    Key("recovery_fund.by_authority_type[].per_capita", "num", "per head (pounds)"),
    Key("recovery_fund.by_authority_type[].share", "num", "share of the money awarded"),
]

RECOVERY = [
    Key(
        "recovery_fund.need_indicator",
        "str",
        "the need indicator (or 'need index' for a weighted combination)",
    ),
    Key("recovery_fund.mechanism", "str", "how the money is shared (scenario key)"),
    Key("recovery_fund.rounds", "int", "rounds of the competition"),
    Key("recovery_fund.per_round[]", "num", "mean money awarded in each round (pounds)"),
    Key("recovery_fund.percentile_method", "str", "how per-area percentiles were found"),
    Key(
        "recovery_fund.share_to_most_deprived_decile_se",
        "num",
        "Monte Carlo standard error of share_to_most_deprived_decile",
    ),
    Key("recovery_fund.by_decile[]", "object", "money by decile of need (1 = most deprived)"),
    Key("recovery_fund.by_decile[].decile", "int", "the decile"),
    Key("recovery_fund.by_decile[].areas", "int", "areas in it"),
    Key("recovery_fund.by_decile[].population", "num", "their people"),
    *band("recovery_fund.by_decile[]", "Money to the decile (pounds)"),
    Key("recovery_fund.by_decile[].per_capita", "num", "mean money per head (pounds)"),
    Key("recovery_fund.by_decile[].share", "num", "mean share of the money awarded"),
    Key("recovery_fund.by_decile[].share_se", "num", "its Monte Carlo standard error"),
    Key(
        "recovery_fund.concentration_curve.population_share[]",
        "num",
        "cumulative share of people, most deprived areas first (101 points)",
    ),
    Key(
        "recovery_fund.concentration_curve.money_share[]",
        "num",
        "cumulative share of the mean money at those points",
    ),
    Key(
        "recovery_fund.competition",
        "object",
        "competition by organisations only (docs/competition.md)",
    ),
    Key("recovery_fund.competition.organisations", "num", "organisations able to bid"),
    Key(
        "recovery_fund.competition.success_rate",
        "num",
        "funded bids over bids, all draws (null when nobody bids)",
    ),
    Key(
        "recovery_fund.competition.every_bid_funded",
        "bool",
        "true when every bid was funded on every draw",
    ),
]
for _group, _key, _about in (
    ("by_band", "band", "size band of organisation"),
    ("by_decile", "decile", "decile of need (1 = most deprived)"),
):
    _p = f"recovery_fund.competition.{_group}[]"
    RECOVERY += [
        Key(_p, "object", f"the competition by {_about}"),
        Key(f"{_p}.{_key}", "any", f"the {_about}"),
        Key(f"{_p}.bids", "num", "mean bids a draw"),
        Key(f"{_p}.funded", "num", "mean bids funded a draw"),
        Key(f"{_p}.success_rate", "num", "funded over bids (null when none)"),
        Key(f"{_p}.bid_cost", "num", "mean spent preparing bids (pounds)"),
        Key(f"{_p}.deadweight", "num", "mean spent on bids that lost (pounds)"),
        *band(f"{_p}.money", "Money won (pounds)"),
        *band(f"{_p}.net_of_bid_cost", "Money won less bid costs (pounds)"),
    ]
RECOVERY += [
    Key("recovery_fund.competition.by_band[].organisations", "num", "organisations in the band"),
    Key("recovery_fund.competition.by_band[].ask", "num", "a bid's typical ask (pounds)"),
    Key(
        "recovery_fund.competition.by_band[].share_of_money",
        "num",
        "share of the competition's money",
    ),
    Key("recovery_fund.competition.by_band[].bid_rate", "num", "chance an organisation bids"),
]

ENDOWMENT = [
    Key("endowment.years[]", "int", "years 0 .. horizon: the index of every by-year list"),
    Key(
        "endowment.depletion_year.counts[]", "int", "draws first depleted in each year 1 .. horizon"
    ),
    Key("endowment.green_book.discount_rates[]", "num", "the discount rates applied"),
    Key("endowment.green_book.discount_years[]", "int", "the years the rates change"),
    Key("endowment.areas[]", "object", "each eligible area's share of the grants"),
    Key("endowment.areas[].code", "str", "area code"),
    Key("endowment.areas[].name", "str", "area name"),
    Key("endowment.areas[].population", "num", "people"),
    Key("endowment.areas[].share", "num", "its share of every year's grants"),
    Key("endowment.areas[].cumulative_real_mean", "num", "its real grants over the horizon: mean"),
    Key("endowment.areas[].cumulative_real_mean_se", "num", "their Monte Carlo standard error"),
    Key("endowment.areas[].cumulative_real_pQ", "num", "their Q-th percentile"),
    Key("endowment.areas[].cumulative_real_pQ_low", "num", "that percentile's 95% interval, low"),
    Key("endowment.areas[].cumulative_real_pQ_high", "num", "that percentile's 95% interval, high"),
    Key("endowment.areas[].per_capita_real_mean", "num", "mean real grants per head"),
]

RUN: list[Key] = [
    Key("fundsim_version", "str", "the release that wrote the file"),
    Key(
        "scenario",
        "object",
        "the scenario as run: every key of docs/scenario-format.md, with "
        "every override (--set, --paths, --seed, --data, --population, --level, unsaved edits) "
        "applied and every file as an absolute path; load it with scenario_from_dict to run it "
        "again",
    ),
    Key("scenario_file", "str?", "the scenario file the run started from (null when unsaved)"),
    Key("seed", "int", "random seed"),
    Key("paths", "int", "Monte Carlo paths (draws)"),
    *DATA,
    Key("data.indicators[]", "str", "the need indicators the data offer"),
    Key("warnings[]", "str", "problems met that did not stop the run"),
    *_measure_keys(),
    *RECOVERY,
    *BY_AREA,
    *ENDOWMENT,
]

_PER_OPTION = "one value per option, A first"
_PER_DIFFERENCE = "one value per option: its paired difference from A (0 for A)"

COMPARE: list[Key] = [
    Key("fundsim_version", "str", "the release that wrote the file"),
    Key("seed", "int", "the baseline's seed, used by every option"),
    Key("paths", "int", "the baseline's paths, used by every option"),
    Key("threshold_per_head", "num", "change per head (pounds) counted as gaining or losing"),
    Key("level", "str", "the level the options are compared at"),
    Key("percentile_method", "str", "how per-area percentiles were found"),
    Key("option_count", "int", "options compared (2 to 4)"),
    Key("notes[]", "str", "how the options were made comparable"),
    Key(
        "comparability_caveat",
        "str?",
        "MHCLG's caveat when options run on IoD2019 and IoD2025 (null otherwise)",
    ),
    *[Key(k.path, k.kind, k.meaning) for k in DATA],
    Key("options[]", "object", "each option as run"),
    Key("options[].label", "str", "its letter"),
    Key("options[].name", "str", "its name"),
    Key("options[].file", "str?", "its own scenario file (null for an unsaved option)"),
    Key("options[].mechanism", "str", "its recovery fund mechanism"),
    Key("options[].level", "str", "the level of its own data"),
    Key("options[].scenario", "object", "its scenario as run, as a run's 'scenario'"),
    *[Key("options[]." + k.path, k.kind, k.meaning) for k in DATA if k.path != "data.areas"],
    Key("pairing[]", "object", "which draws each option shares with the baseline"),
    Key("pairing[].label", "str", "the option's letter"),
    Key("pairing[].recovery_fund.shared", "str", "'all', 'some' or 'none'"),
    Key("pairing[].recovery_fund.notes[]", "str", "why not all"),
    Key("pairing[].endowment.shared", "str", "'all', 'some' or 'none'"),
    Key("pairing[].endowment.notes[]", "str", "why not all"),
    Key("metrics[]", "object", "each headline measure (the list below)"),
    Key("metrics[].name", "str", "the measure's path (as in the registry)"),
    Key("metrics[].label", "str", "its label"),
    Key("metrics[].unit", "str", "its unit"),
    Key("metrics[].values[]", "num", f"its mean, {_PER_OPTION}"),
    Key("metrics[].se[]", "num", f"the mean's Monte Carlo standard error, {_PER_OPTION}"),
    Key("metrics[].pQ[]", "num", f"its percentiles over draws, {_PER_OPTION}"),
    Key("metrics[].difference_mean[]", "num", f"mean, {_PER_DIFFERENCE}"),
    Key("metrics[].difference_se[]", "num", f"its standard error, {_PER_DIFFERENCE}"),
    Key("metrics[].difference_pQ[]", "num", f"its percentiles, {_PER_DIFFERENCE}"),
    Key("winners_losers[]", "object", "areas and people gaining or losing more than the threshold"),
    Key(
        "winners_losers[].name", "str", "areas_gaining, areas_losing, people_gaining, people_losing"
    ),
    Key("winners_losers[].label", "str", "its label"),
    Key("winners_losers[].on_mean_change[]", "num", f"on the mean change, {_PER_DIFFERENCE}"),
    Key("winners_losers[].mean[]", "num", f"mean over draws, {_PER_DIFFERENCE}"),
    Key("winners_losers[].pQ[]", "num", f"percentiles over draws, {_PER_DIFFERENCE}"),
    Key("endowment_fans[]", "object", "each option's endowment by year"),
    Key("endowment_fans[].label", "str", "the option's letter"),
    Key("endowment_fans[].years[]", "int", "years"),
    *band("endowment_fans[].value_real", "Real value (pounds of year 0)", by_year=True),
    *band("endowment_fans[].grants_real", "Real grants", by_year=True),
    Key("areas[]", "object", "the exemplification table: one record per common area"),
    Key("areas[].code", "str", "area code"),
    Key("areas[].name", "str", "area name"),
    Key("areas[].population", "num", "people"),
    Key("areas[].mean[]", "num", f"mean allocation (pounds), {_PER_OPTION}"),
    Key("areas[].pQ[]", "num", f"percentiles of the allocation, {_PER_OPTION}"),
    Key("areas[].per_head[]", "num", f"mean allocation per head, {_PER_OPTION}"),
    Key("areas[].rank[]", "int", f"rank by mean allocation (1 = most), {_PER_OPTION}"),
    Key("areas[].change_mean[]", "num", f"mean change (pounds), {_PER_DIFFERENCE}"),
    Key("areas[].change_pQ[]", "num", f"percentiles of the paired change, {_PER_DIFFERENCE}"),
    Key("areas[].change_pct[]", "num", f"change as a share of A's mean, {_PER_DIFFERENCE}"),
    Key("areas[].change_per_head[]", "num", f"change per head, {_PER_DIFFERENCE}"),
    Key("areas[].prob_gain[]", "num", f"share of draws gaining a penny, {_PER_DIFFERENCE}"),
    Key("areas[].rank_change[]", "int", f"places moved up the table, {_PER_DIFFERENCE}"),
]


def _each_end(path: str, kind: Kind, meaning: str) -> list[Key]:
    """A tornado bar's key at each end of its range: ``{end}`` in ``path`` and ``meaning`` is
    "low", then "high"."""
    return [Key(path.format(end=end), kind, meaning.format(end=end)) for end in ("low", "high")]


_COMMON_ANALYSIS = [
    Key("fundsim_version", "str", "the release that wrote the file"),
    Key("kind", "str", "'sweep', 'tornado', 'sobol', 'morris' or 'solve'"),
    Key("scenario", "str", "the scenario's name"),
    Key("seed", "int", "random seed of every run"),
    Key("paths", "int", "Monte Carlo paths of every run"),
]

SENSITIVITY: list[Key] = [
    *_COMMON_ANALYSIS,
    Key(
        "scenario_as_run",
        "object",
        "the scenario every run started from, as a run's "
        "'scenario' (every override applied, files as absolute paths)",
    ),
    *DATA,
    Key("metric", "str", "tornado, sobol, morris, solve: the metric (a results path)"),
    # sweep
    Key("axes[]", "object", "sweep: each key varied"),
    Key("axes[].key", "str", "the scenario key"),
    Key("axes[].values[]", "num", "its values"),
    Key("metrics[]", "str", "sweep: the metrics recorded"),
    Key("bands", "object", "sweep: extra band metrics by name"),
    Key("bands.*[]", "str", "the band's metric names"),
    Key("points[]", "object", "sweep: one record per run"),
    Key("points[].settings.*", "num", "the value of each key varied"),
    Key("points[].values.*", "num", "each metric's value"),
    Key(
        "points[].errors.*",
        "num",
        "each metric's Monte Carlo standard error (null for a percentile: its interval is not "
        "symmetric)",
    ),
    Key(
        "points[].intervals.*[]",
        "num",
        "each metric's 95% Monte Carlo interval [low, high]: value +- 1.96 se for a mean or a "
        "probability, the order-statistic interval for a percentile (nulls where not stated)",
    ),
    Key("points[].failure", "str?", "why this point could not run (null when it ran)"),
    Key("failures[]", "str", "sweep, tornado: each run that could not run, with its reason"),
    # tornado
    Key("base", "num", "tornado: the metric at the scenario's settings"),
    Key("base_se", "num", "its Monte Carlo standard error (null for a percentile)"),
    Key("base_interval[]", "num", "its 95% Monte Carlo interval [low, high]"),
    Key("bars[]", "object", "tornado: one record per key"),
    Key("bars[].key", "str", "the scenario key"),
    Key("bars[].base", "num", "its value in the scenario"),
    *_each_end("bars[].{end}", "num", "its {end} setting"),
    *_each_end("bars[].metric_at_{end}", "num", "the metric at the {end} setting"),
    *_each_end("bars[].se_at_{end}", "num", "its standard error there"),
    Key("bars[].swing", "num", "|metric_at_high - metric_at_low| (0 when an end could not run)"),
    *_each_end(
        "bars[].interval_at_{end}[]",
        "num",
        "the metric's 95% Monte Carlo interval at the {end} end",
    ),
    *_each_end(
        "bars[].failure_at_{end}", "str?", "why the {end} end could not run (null when it ran)"
    ),
    # sobol and morris
    Key("samples", "int", "sobol: base samples; morris: trajectories"),
    Key("runs", "int", "runs made"),
    Key("ranges.*[]", "num", "each key's range [low, high]"),
    Key("keys[]", "object", "one record per key"),
    Key("keys[].key", "str", "the scenario key"),
    Key("keys[].S1", "num", "sobol: first-order index"),
    Key("keys[].S1_conf", "num", "its 95% confidence half-width"),
    Key("keys[].ST", "num", "sobol: total index"),
    Key("keys[].ST_conf", "num", "its 95% confidence half-width"),
    Key("keys[].mu", "num", "morris: mean elementary effect"),
    Key("keys[].mu_star", "num", "morris: mean absolute elementary effect"),
    Key("keys[].mu_star_conf", "num", "its 95% confidence half-width"),
    Key("keys[].sigma", "num", "morris: standard deviation of the effects"),
    # solve (goal seek)
    Key("key", "str", "solve: the key searched"),
    Key("value", "num", "solve: the answer (null when not found)"),
    Key(
        "value_se",
        "num",
        "the answer's Monte Carlo standard error: the metric's standard error at the answer "
        "over |slope| (delta method)",
    ),
    Key("interval[]", "num", "the answer's 95% interval [low, high] (at least the bracket)"),
    Key("slope", "num", "the metric's change per unit of the key at the answer"),
    Key("target", "num", "solve: the target"),
    Key("goal", "str", "'at_least' or 'at_most'"),
    Key("found", "bool", "whether a value meets the goal"),
    Key("achieved", "num", "the metric at the answer"),
    Key("achieved_se", "num", "its Monte Carlo standard error"),
    Key("bracket[]", "num", "the final bracket [low, high]"),
    Key("tolerance", "num", "width the bracket was narrowed to"),
    Key("message", "str", "the answer in words"),
    Key("evaluations[]", "object", "each run of the search"),
    Key("evaluations[].value", "num", "the key's value"),
    Key("evaluations[].metric", "num", "the metric"),
    Key("evaluations[].se", "num", "its standard error"),
]

OUTPUTS: dict[str, tuple[str, list[Key]]] = {
    "run": ("fundsim run --out FILE.json (and File > Export results as JSON)", RUN),
    "compare": ("fundsim compare --out FILE.json (and the Compare view's export)", COMPARE),
    "sensitivity": (
        "fundsim sweep / sensitivity / solve --out FILE.json (and the Sensitivity view)",
        SENSITIVITY,
    ),
}
