"""Messages in the app's own words: buttons and menus, never command-line flags or file keys.

The engine's errors are written for every user (the command line names ``--population`` and
``[data] population``); in the window the same advice points at the button that does it, and a
key such as ``recovery_fund.bid_scale`` is shown by its label, "Bid size (× entitlement)".
"""

from __future__ import annotations

import re

from ui.panels.fields import LABELS, label_for

SECTIONS = {
    "recovery_fund": "recovery fund",
    "endowment": "endowment",
    "simulation": "simulation",
    "data": "data",
}

#: Phrases written for the command line and the scenario file, and what the app says instead.
REPLACEMENTS: tuple[tuple[str, str], ...] = (
    (
        r"give a population file in the scenario's \[data\] population or with --population",
        "choose the population file with the Population “Choose file…” button (or open the data "
        "and population files together with “Open data file…”)",
    ),
    (
        r"Map your columns in the scenario's \[data\.columns\] or with Data > Map columns",
        "Press “Map columns…” beside the data file to say which column is which",
    ),
    (r"\(use level = \"lad\"\)", "(set Level to districts)"),
    (r"\(use 'total'\)", "(set Population counted to total)"),
    (r"--seed", "the Seed field"),
    (r"--paths", "the Monte Carlo paths field"),
    (r"--level", "the Level field"),
    (r"--data", "“Open data file…”"),
    (r"--population", "the Population “Choose file…” button"),
    (r"--set [\w.=]+", "the parameter panel"),
)

_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
_DOTTED = re.compile(r"\b(" + "|".join(SECTIONS) + r")\.([a-z_]+)\b")


def field_text(dotted: str) -> str:
    """``recovery_fund.bid_scale`` -> ``Bid size (× entitlement)``."""
    _section, _, key = dotted.rpartition(".")
    return label_for(key)


def app_message(text: str) -> str:
    """An engine message with command-line and file-key advice replaced by the app's own."""
    for pattern, replacement in REPLACEMENTS:
        text = re.sub(pattern, replacement, text)
    text = _DOTTED.sub(lambda m: f"“{label_for(m.group(2))}”", text)
    return _KEY.sub(
        lambda m: f"“{label_for(m.group(0))}”" if m.group(0) in LABELS else m.group(0), text
    )
