"""Analysis on the engine: metrics by name, sweeps, sensitivity and goal seek (no Qt)."""
