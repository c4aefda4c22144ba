"""The recovery fund's measures (see :mod:`simulator.measures.registry`)."""

from __future__ import annotations

from simulator.measures.base import RUN_AND_COMPARE, Measure

RECOVERY: tuple[Measure, ...] = (
    Measure(
        "recovery_fund.total",
        "Recovery fund total",
        "pounds",
        "The fund's money, as set in the scenario.",
        "fixed input",
        "fixed",
        "number",
    ),
    Measure(
        "recovery_fund.admin",
        "Kept for administration",
        "pounds",
        "The fund's total less the money distributed to areas.",
        "fixed input",
        "fixed",
        "number",
    ),
    Measure(
        "recovery_fund.distributed",
        "Distributed to areas",
        "pounds",
        "The money available to areas after administration.",
        "fixed input",
        "fixed",
        "number",
    ),
    Measure(
        "recovery_fund.awarded",
        "Money awarded",
        "pounds",
        "Money actually allocated to areas (less than the money distributed when a competition "
        "leaves some unspent).",
        "the sum of every area's allocation on the draw",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.unspent",
        "Money unspent",
        "pounds",
        "Money distributed to areas but not awarded.",
        "money distributed less money awarded on the draw",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.areas_funded",
        "Areas funded",
        "areas",
        "Number of areas receiving any money.",
        "areas with an allocation above zero on the draw",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.share_to_most_deprived_decile",
        "Share to the most deprived 10% of areas",
        "share",
        "The mean of recovery_fund.share_to_most_deprived.areas_10 (kept for older readers; its "
        "standard error is share_to_most_deprived_decile_se).",
        "as recovery_fund.share_to_most_deprived.areas_10",
        "band",
        "number",
    ),
    Measure(
        "recovery_fund.share_to_most_deprived.areas_10",
        "Share to the most deprived 10% of areas",
        "share",
        "Share of the money awarded that reaches the tenth of areas with the highest need.",
        "money to those areas over money awarded on the draw (0 when nothing is awarded)",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.share_to_most_deprived.areas_20",
        "Share to the most deprived 20% of areas",
        "share",
        "Share of the money awarded that reaches the fifth of areas with the highest need.",
        "money to those areas over money awarded on the draw",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.share_to_most_deprived.population_10",
        "Share to the most deprived 10% of people",
        "share",
        "Share of the money awarded that reaches the areas with the highest need holding 10% of "
        "the population (the area crossing the line counted pro rata).",
        "money to those people over money awarded on the draw",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.share_to_most_deprived.population_20",
        "Share to the most deprived 20% of people",
        "share",
        "As the 10% of people, for 20% of the population.",
        "money to those people over money awarded on the draw",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.concentration_index",
        "Concentration index (negative = towards deprived areas)",
        "index",
        "Concentration index of the money on need rank, population-weighted: -1 all to the most "
        "deprived, 0 in proportion to population, +1 all to the least deprived.",
        "twice the covariance of money share and need rank on the draw",
        "band",
        outputs=RUN_AND_COMPARE,
    ),
    Measure(
        "recovery_fund.gini_per_capita",
        "Gini of the mean allocation per head",
        "index",
        "Population-weighted Gini coefficient of each area's mean allocation per head: how "
        "unequal the expected money per head is.",
        "not per draw: computed once from the areas' mean allocations",
        "none",
        "number",
    ),
    Measure(
        "recovery_fund.gini_per_capita_by_draw",
        "Mean Gini of allocation per head over draws",
        "index",
        "Population-weighted Gini coefficient of allocation per head on each draw, averaged over "
        "draws. It is at least the Gini of the mean allocation, as noise in each draw adds "
        "inequality that averaging removes.",
        "the Gini of the draw's allocations per head",
        "band",
        outputs=("compare",),
    ),
    Measure(
        "recovery_fund.against_equal_per_head.winners",
        "Areas gaining against equal money per head",
        "count",
        "Areas whose mean allocation is above an equal share per head of the money awarded.",
        "not per draw: from the mean allocations",
        "none",
        "number",
    ),
    Measure(
        "recovery_fund.against_equal_per_head.losers",
        "Areas losing against equal money per head",
        "count",
        "Areas whose mean allocation is below an equal share per head of the money awarded.",
        "not per draw: from the mean allocations",
        "none",
        "number",
    ),
    Measure(
        "recovery_fund.against_equal_per_head.money_moved",
        "Money moved against equal money per head",
        "pounds",
        "The sum of the gains of the areas gaining against equal money per head (the money the "
        "formula moves between areas; its direction is in the concentration index).",
        "not per draw: from the mean allocations",
        "none",
        "number",
    ),
)
