"""The Sensitivity view: tornado, sweeps and heatmaps, and goal seek on the current scenario."""
