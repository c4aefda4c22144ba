"""Everything fundsim writes from a :class:`~simulator.results.Results`: JSON and CSV
(:mod:`.export`), Excel workbooks with native charts (:mod:`.excel`) and matplotlib figures
(:mod:`.figures`, no Qt). Outputs depend on results only, never on the engines."""
