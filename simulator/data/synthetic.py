"""Made-up areas for benchmarks and tests: no files needed, the same table for the same seed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.data.areas import Areas, Provenance


def synthetic_areas(n: int, seed: int = 0) -> Areas:
    """``n`` made-up areas with realistic populations and IMD-like scores (no files needed)."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(
        {
            "code": [f"S{i:06d}" for i in range(n)],
            "name": [f"Area {i}" for i in range(n)],
            "population": rng.integers(1_000, 300_000, n).astype(float),
            "score": rng.gamma(4.0, 5.0, n),
        }
    )
    return Areas(table, Provenance(label="synthetic benchmark areas", level="synthetic"))
