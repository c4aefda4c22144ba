"""Where bundled resources and preset scenarios live: in a source checkout, an installed
package, or a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent  # the simulator package


# An installed package's own copy comes first: beside an installed package, site-packages may
# hold an unrelated "resources" folder.
def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def resources_dir() -> Path:
    """The ``resources/`` folder (datasets, icons, styles)."""
    frozen = Path(getattr(sys, "_MEIPASS", _HERE)) / "resources"
    return _first_existing(_HERE / "_resources", _HERE.parent / "resources", frozen)


def scenarios_dir() -> Path:
    """The ``scenarios/`` folder of preset scenario files."""
    frozen = Path(getattr(sys, "_MEIPASS", _HERE)) / "scenarios"
    return _first_existing(_HERE / "_scenarios", _HERE.parent / "scenarios", frozen)


def default_scenario_path() -> Path:
    """The preset opened when the app starts with no scenario."""
    return scenarios_dir() / "kruger-as-proposed.toml"
