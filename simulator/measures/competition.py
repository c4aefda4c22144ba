"""The organisation-level competition's overall measures (see :mod:`simulator.measures.registry`).

Each is a band over draws (mean ± its Monte Carlo standard error, percentiles with their
distribution-free 95% intervals) under ``recovery_fund.competition`` in ``fundsim run``'s JSON;
:func:`simulator.recovery.bidding.measures.competition_measures` computes them draw by draw.
Money is the competition's only (a hybrid's formula money is left out).
"""

from __future__ import annotations

from simulator.measures.base import Measure

PREFIX = "recovery_fund.competition."

COMPETITION: tuple[Measure, ...] = (
    Measure(
        PREFIX + "bids",
        "Bids made",
        "count",
        "Bids made by every organisation in every round of the competition.",
        "bids made on the draw",
        "band",
    ),
    Measure(
        PREFIX + "funded_bids",
        "Bids funded",
        "count",
        "Bids that won money, in every round.",
        "bids funded on the draw",
        "band",
    ),
    Measure(
        PREFIX + "bid_cost",
        "Spent preparing bids",
        "pounds",
        "What organisations spend preparing their bids, whether they win or lose.",
        "the cost of every bid made on the draw",
        "band",
    ),
    Measure(
        PREFIX + "deadweight",
        "Spent on bids that lost",
        "pounds",
        "The part of the bid costs spent on bids that won nothing (never below 0).",
        "the cost of the bids that lost on the draw",
        "band",
    ),
    Measure(
        PREFIX + "awarded_net_of_bid_cost",
        "Money awarded net of bid costs",
        "pounds",
        "The competition's money awarded less what bidders spent preparing bids.",
        "money awarded by the competition less bid costs on the draw",
        "band",
    ),
    Measure(
        PREFIX + "capacity_funding",
        "Capacity funding paid outside the fund",
        "pounds",
        "Money paid to bidders to prepare bids (capacity funding), outside the fund.",
        "capacity funding paid on the draw",
        "band",
    ),
    Measure(
        PREFIX + "resource_cost",
        "Resource cost of bidding",
        "pounds",
        "What the competition costs: bidders' own costs plus the capacity funding paid to them.",
        "bid costs plus capacity funding on the draw",
        "band",
    ),
    Measure(
        PREFIX + "money_asked",
        "Money asked for by all bids",
        "pounds",
        "Pounds asked for by every bid made, in every round.",
        "the asks of the bids made on the draw",
        "band",
    ),
    Measure(
        PREFIX + "oversubscription",
        "Money asked for over the competition's money",
        "ratio",
        "Money asked for over the money the competition has (times; the Levelling Up Fund's "
        "round 2 was about 3.8).",
        "money asked on the draw over the competition's money (0 when it has none)",
        "band",
    ),
    Measure(
        PREFIX + "share_to_small",
        "Share of the competition's money won by small and micro organisations",
        "share",
        "Share of the competition's money won by organisations with an income under £100k.",
        "their money over the competition's money on the draw (0 when nothing is awarded)",
        "band",
    ),
    Measure(
        PREFIX + "share_to_micro",
        "Share of the competition's money won by micro organisations",
        "share",
        "Share of the competition's money won by organisations with an income under £10k.",
        "their money over the competition's money on the draw (0 when nothing is awarded)",
        "band",
    ),
)

#: The measures by their key under ``recovery_fund.competition``.
BY_NAME: dict[str, Measure] = {m.path.removeprefix(PREFIX): m for m in COMPETITION}
