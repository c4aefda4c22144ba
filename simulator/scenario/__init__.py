"""The scenario: every parameter of both funds, with units, ranges and descriptions.

- :mod:`.base` declares how a key is described (unit, range, one-line description);
- :mod:`.recovery` and :mod:`.endowment` hold the two funds' sections, :mod:`.model` the whole
  scenario, its validation messages and the migrations between schema versions;
- :mod:`.files` reads and writes scenario files (with :mod:`.toml`, which keeps a user's comments);
- :mod:`.docs` generates the key table in ``docs/scenario-format.md``.
"""

from simulator.scenario.base import Unit, field_bounds, field_choices, field_unit
from simulator.scenario.competition import BANDS, SMALL_BANDS, CompetitionConfig
from simulator.scenario.endowment import AssetClass, EndowmentConfig
from simulator.scenario.files import load_scenario, save_scenario
from simulator.scenario.model import (
    MIGRATIONS,
    SCHEMA_VERSION,
    DataConfig,
    Scenario,
    SimulationConfig,
    migrate,
    scenario_from_dict,
    section_models,
    with_changes,
)
from simulator.scenario.recovery import RecoveryFundConfig

__all__ = [
    "BANDS",
    "SMALL_BANDS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AssetClass",
    "CompetitionConfig",
    "DataConfig",
    "EndowmentConfig",
    "RecoveryFundConfig",
    "Scenario",
    "SimulationConfig",
    "Unit",
    "field_bounds",
    "field_choices",
    "field_unit",
    "load_scenario",
    "migrate",
    "save_scenario",
    "scenario_from_dict",
    "section_models",
    "with_changes",
]
