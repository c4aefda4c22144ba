"""Competition as it works in practice: organisations of five sizes in every area decide whether a
bid is worth its cost, bids are scored (quality rising with size, assessor noise, optional need
weighting) and each round funds the best until its money runs out.

- :mod:`.organisations`: organisations per area and band, grant asks, bid costs;
- :mod:`.decisions`: who bids (expected award against cost, solved with the chances it implies);
- :mod:`.ranking`: each round's quality cut-off on every draw, over a histogram of cells;
- :mod:`.market`: the set-up for a run and one chunk of draws; :mod:`.tally` collects chunks;
- :mod:`.measures`: what the results report (by band, by need decile, by area).

The economics are explained in ``docs/competition.md``.
"""
