"""Writing scenarios as commented, human-editable TOML.

Each key is written with a comment taken from its description and unit in
:mod:`simulator.scenario`. When a scenario came from a file, that file's own comments and layout
are kept and only the values change.
"""

from __future__ import annotations

import textwrap

import tomlkit
from pydantic import BaseModel

from simulator.scenario.model import Scenario, field_unit, section_models

_UNIT_NOTE = {
    "£": "pounds",
    "£/head": "pounds per head",
    "share": "fraction, 0.05 = 5%",
    "rate": "fraction a year, 0.04 = 4% a year",
    "years": "years",
    "paths": "number of draws",
    "exponent": "exponent",
    "sigma": "standard deviation of the log",
}


def _comment_lines(model: type[BaseModel], name: str) -> list[str]:
    info = model.model_fields[name]
    unit = _UNIT_NOTE.get(field_unit(model, name))
    text = info.description or ""
    if unit:
        text = f"{text} [{unit}]"
    return textwrap.wrap(text, width=92)


def _text(value: str):
    """A string, written as a multi-line TOML string when it has line breaks."""
    return tomlkit.string(value, multiline="\n" in value) if "\n" in value else value


def _fresh_document(scenario: Scenario) -> tomlkit.TOMLDocument:
    doc = tomlkit.document()
    doc.add(
        tomlkit.comment("fundsim scenario. Edit values below; lines starting with # are notes.")
    )
    doc.add(tomlkit.comment("Format: docs/scenario-format.md in the fundsim source."))
    doc.add(tomlkit.nl())
    doc.add("schema_version", scenario.schema_version)
    doc.add("name", scenario.name)
    doc.add("description", _text(scenario.description))
    for section, model in section_models().items():
        doc.add(tomlkit.nl())
        table = tomlkit.table()
        for line in textwrap.wrap((model.__doc__ or "").strip(), width=92):
            table.add(tomlkit.comment(line))
        values = getattr(scenario, section).model_dump()
        for key in model.model_fields:
            if values[key] is None or values[key] == {}:
                continue  # not set: TOML has no null, and leaving it out means the default
            for line in _comment_lines(model, key):
                table.add(tomlkit.comment(line))
            table.add(key, values[key])
        doc.add(section, table)
    return doc


def to_toml(scenario: Scenario) -> str:
    """Serialise a scenario to TOML text, keeping the comments of the file it came from."""
    source = scenario._source_text
    if source is None:
        return tomlkit.dumps(_fresh_document(scenario))
    doc = tomlkit.parse(source)
    doc["schema_version"] = scenario.schema_version
    for key in ("name", "description"):
        if doc.get(key) != getattr(scenario, key):
            doc[key] = _text(getattr(scenario, key))
    for section, model in section_models().items():
        values = getattr(scenario, section).model_dump()
        if section not in doc:
            doc.add(tomlkit.nl())
            doc.add(section, tomlkit.table())
        table = doc[section]
        for key in model.model_fields:
            if values[key] is None or values[key] == {}:
                if key in table:
                    del table[key]
            elif key in table:
                if table[key] != values[key]:
                    table[key] = values[key]
            else:
                for line in _comment_lines(model, key):
                    table.add(tomlkit.comment(line))
                table.add(key, values[key])
    return tomlkit.dumps(doc)
