"""Sweeps, tornado charts, global sensitivity and goal seek, run locally or on a Dask cluster."""
