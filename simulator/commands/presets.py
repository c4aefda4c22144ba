"""``fundsim presets``: the preset scenarios, one line each; any command takes a preset's name
(``fundsim run kruger-as-proposed``) from any folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.core.errors import FundsimError
from simulator.core.paths import scenarios_dir


def preset_paths() -> list[Path]:
    return sorted(scenarios_dir().glob("*.toml"))


def resolve_scenario(text: str) -> Path:
    """A scenario file, or a preset by name (``kruger-as-proposed`` or ``kruger-as-proposed.toml``)."""
    path = Path(text).expanduser()
    if path.exists() or len(path.parts) != 1:
        return path
    if path.suffix:  # a file name: its own "not found" if it is no preset either
        candidate = scenarios_dir() / path.name
        return candidate if candidate.exists() else path
    candidate = scenarios_dir() / f"{path.name}.toml"
    if candidate.exists():
        return candidate
    names = ", ".join(p.stem for p in preset_paths())
    raise FundsimError(
        f"is neither a scenario file nor a preset (presets: {names}; see fundsim presets)",
        file=text,
    )


def register(sub) -> None:
    parser = sub.add_parser("presets", help="list the preset scenarios, one line each")
    parser.set_defaults(handler=main)


def main(_args: argparse.Namespace) -> int:
    from simulator.scenario import load_scenario

    rows = []
    for path in preset_paths():
        scenario = load_scenario(path)
        summary = " ".join(scenario.description.split()).split(". ")[0].rstrip(".") or scenario.name
        rows.append((path.stem, summary))
    width = max((len(name) for name, _ in rows), default=0)
    for name, summary in rows:
        text = summary if len(summary) <= 100 else summary[:99].rstrip() + "…"
        print(f"{name:<{width}}  {text}")
    print(
        f"\nRun one by name from any folder: fundsim run {rows[0][0] if rows else 'NAME'} --out results.xlsx"
    )
    return 0
