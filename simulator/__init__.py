"""fundsim engine: scenarios, area data, allocation and endowment Monte Carlo, exports.

The engine is plain Python, numpy and pandas; it never imports Qt, so it can be used from a
script or a notebook::

    from simulator import load_scenario, load_areas, run
    scenario = load_scenario("scenarios/kruger-as-proposed.toml")
    results = run(scenario, load_areas(scenario))
    results.recovery.table().head()
"""

from simulator.core.errors import FundsimError
from simulator.core.version import __version__
from simulator.scenario import Scenario, load_scenario, save_scenario
from simulator.data import Areas, load_areas
from simulator.engine import run
from simulator.results import Results

__all__ = [
    "Areas",
    "FundsimError",
    "Results",
    "Scenario",
    "__version__",
    "load_areas",
    "load_scenario",
    "run",
    "save_scenario",
]
