"""Analysis on the engine: metrics by name, comparison of options, sweeps, sensitivity and goal seek (no Qt)."""
