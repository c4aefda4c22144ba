"""What every part of the engine uses: errors, random streams, the parallel map, percentiles,
money formatting, atomic file writes, where bundled files live, and the version."""
