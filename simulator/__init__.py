"""fundsim engine: scenarios, area data, allocation and endowment Monte Carlo, exports.

The engine is plain Python, numpy and pandas; it never imports Qt, so it can be used from a
script or a notebook::

    from simulator import load_scenario, load_areas, run
    scenario = load_scenario("scenarios/kruger-as-proposed.toml")
    results = run(scenario, load_areas(scenario))
    results.recovery.table().head()
"""

import os

# python-docx (for Word reports) installs lxml, and openpyxl switches to lxml whenever it is
# present: its reader then bypasses defusedxml and its writer stops escaping carriage returns.
# Keep openpyxl on the standard library's parser (guarded by defusedxml) and writer, as without
# lxml; a user who sets OPENPYXL_LXML themselves keeps their choice. (Workbooks that declare XML
# entities are refused by simulator.data.guards whichever parser is used.)
os.environ.setdefault("OPENPYXL_LXML", "False")

from simulator.core.errors import FundsimError  # noqa: E402
from simulator.core.version import __version__  # noqa: E402
from simulator.data import Areas, load_areas  # noqa: E402
from simulator.engine import run  # noqa: E402
from simulator.results import Results  # noqa: E402
from simulator.scenario import Scenario, load_scenario, save_scenario  # noqa: E402

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
