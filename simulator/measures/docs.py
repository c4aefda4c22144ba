"""``docs/results-format.md`` and ``docs/results.schema.json``, generated from the measures
registry and the key layout.

``python -m simulator.measures.docs`` rewrites both; a test fails when the committed files and
the registry disagree, and another validates every JSON output against the schema and checks
that each of its keys is documented (:func:`undocumented`).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from simulator.measures.band import CONFIDENCE
from simulator.measures.layout import OUTPUTS, Key
from simulator.measures.registry import MEASURES

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA_ID = "https://fundsim.invalid/results.schema.json"
_PERCENTILE = re.compile(r"p\d+(?:\.\d+)?")
_PERCENTILE_KEY = r"p\d+(\.\d+)?"
#: Keys holding a scenario as run: their keys are those of docs/scenario-format.md.
SCENARIOS = ("scenario", "scenario_as_run")

_TYPES: dict[str, Any] = {
    "num": {"type": ["number", "null"]},
    "int": {"type": "integer"},
    "str": {"type": "string"},
    "str?": {"type": ["string", "null"]},
    "bool": {"type": "boolean"},
    "object": {"type": "object"},
    "any": {},
}


def _is_scenario(key: Key) -> bool:
    return key.kind == "object" and key.path.endswith(SCENARIOS)


# -- the key tree ------------------------------------------------------------------------------


def _tokens(path: str) -> list[tuple[str, int]]:
    """``"a.b[].c[]"`` -> ``[("a", 0), ("b", 1), ("c", 1)]`` (name, list depth)."""
    out = []
    for part in path.split("."):
        name = part.rstrip("[]")
        out.append((name, (len(part) - len(name)) // 2))
    return out


def _tree(keys: list[Key]) -> dict[str, Any]:
    """Nested nodes: ``{"children": {name: node}, "lists": depth, "key": Key | None}``."""
    root: dict[str, Any] = {"children": {}, "lists": 0, "key": None}
    for key in keys:
        node = root
        for name, depth in _tokens(key.path):
            child = node["children"].setdefault(name, {"children": {}, "lists": 0, "key": None})
            child["lists"] = max(child["lists"], depth)
            node = child
        node["key"] = key
    return root


def _child(node: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The documented key a JSON key is: itself, a percentile (pQ ...), or a named one (*)."""
    children = node["children"]
    if name in children:
        return children[name]
    general = _PERCENTILE.sub("pQ", name)
    if general in children:
        return children[general]
    return children.get("*")


def undocumented(output: str, document: Any) -> list[str]:
    """Keys of a JSON ``document`` (an output of kind ``output``) that the layout does not
    document, as paths; ``scenario`` objects are checked against the scenario model instead."""
    missing: list[str] = []
    _check(document, _tree(OUTPUTS[output][1]), "", missing)
    return missing


def _check(value: Any, node: dict[str, Any], path: str, missing: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _check(item, node, path + "[]", missing)
        return
    key = node["key"]
    if not isinstance(value, dict) or key is not None and _is_scenario(key):
        return  # not an object, or a scenario (checked against the scenario model)
    for name, item in value.items():
        child = _child(node, name)
        where = f"{path}.{name}" if path else name
        if child is None:
            missing.append(where)
        else:
            _check(item, child, where, missing)


# -- the JSON Schema ---------------------------------------------------------------------------


def _node_schema(node: dict[str, Any], scenario: bool) -> dict[str, Any]:
    key = node["key"]
    if node["children"]:
        properties, patterns = {}, {}
        extra: Any = False
        for name, child in node["children"].items():
            schema = _node_schema(child, scenario)
            if name == "*":
                extra = schema
            elif "pQ" in name:
                patterns["^" + re.escape(name).replace("pQ", _PERCENTILE_KEY) + "$"] = schema
            else:
                properties[name] = schema
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if patterns:
            out["patternProperties"] = patterns
        out["additionalProperties"] = extra
        if key is not None:
            out["description"] = key.meaning
    elif scenario and key is not None and _is_scenario(key):
        out = {"$ref": "#/$defs/Scenario", "description": key.meaning}
    else:
        out = dict(_TYPES[key.kind]) if key is not None else {}
        if key is not None:
            out["description"] = key.meaning
    for _ in range(node["lists"]):
        out = {"type": "array", "items": out}
    return out


def schema() -> dict[str, Any]:
    """One JSON Schema for the three outputs (``oneOf``), the scenario from its pydantic model."""
    from simulator.scenario.model import Scenario

    scenario = Scenario.model_json_schema(mode="serialization")
    defs = scenario.pop("$defs", {})
    defs["Scenario"] = scenario
    outputs = {}
    for name, (_how, keys) in OUTPUTS.items():
        outputs[name] = {"title": f"fundsim {name} output", **_node_schema(_tree(keys), True)}
    defs.update(outputs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "fundsim JSON outputs (generated by python -m simulator.measures.docs)",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in OUTPUTS],
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# -- the document ------------------------------------------------------------------------------

_UNCERTAINTY = {
    "band": "mean ± standard error; percentiles with 95% intervals",
    "binomial": "± sqrt(p(1-p)/n)",
    "fixed": "none (an input)",
    "none": "not estimated",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def document() -> str:
    lines = [
        "# Results format",
        "",
        "<!-- generated by python -m simulator.measures.docs from simulator/measures: do not edit -->",
        "",
        "Every JSON file fundsim writes, key by key, generated from the measures registry",
        "(`simulator/measures/`). `docs/results.schema.json` is the same description as a JSON",
        "Schema (draft 2020-12); the test suite validates every kind of output against it and",
        "checks that every key of every output is listed here.",
        "",
        "## Reading the tables",
        "",
        "- `a.b` is key `b` inside `a`; `a[]` is each item of the list `a`; `*` stands for a name",
        "  chosen by the input (a metric's path, a setting's key).",
        "- `pQ` stands for every percentile the output carries: `p5`, `p50` and `p95`, and for the",
        "  endowment's yearly bands also each percentile of `simulation.bands`.",
        "- Money is in pounds; the endowment's real amounts are in pounds of year 0. Shares and",
        "  probabilities are fractions (0.25 = 25%). `null` marks a value that is not defined",
        "  (a median of no depletions, a success rate with no bids).",
        "",
        "## Uncertainty",
        "",
        "One rule for every output:",
        "",
        "- a **mean** over draws carries `mean_se`, its Monte Carlo standard error (the draws'",
        '  standard deviation over the square root of their number). "±" is only ever written',
        "  for a mean or a probability.",
        "- a **probability** (a share of draws) carries `_se`, the binomial error sqrt(p(1-p)/n).",
        f"- a **percentile** `pQ` carries `pQ_low` and `pQ_high`: a {CONFIDENCE:.0%} confidence",
        "  interval from the order statistics of the draws (the ranks j < k with",
        "  P(j <= B < k) >= 95% for B ~ Binomial(n, Q/100)). It assumes nothing about the",
        "  distribution and is asymmetric where the distribution is: the 95th percentile of the",
        "  endowment's real value is known far less tightly than its 5th. `fundsim sweep`,",
        "  `sensitivity` and `solve` state a percentile's error as the half-width of this",
        "  interval over 1.96.",
        "",
        "## Measures",
        "",
        "Each measure is defined once; `fundsim run`, `fundsim compare`, the report, the",
        "workbooks, the app's cards and the sensitivity tools use its name and label.",
        "",
        "| Path | Label | Unit | Meaning | Per draw | Uncertainty | In |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in MEASURES:
        lines.append(
            f"| `{m.path}` | {_cell(m.label)} | {m.unit} | {_cell(m.description)} | "
            f"{_cell(m.per_draw)} | {_UNCERTAINTY[m.uncertainty]} | {', '.join(m.outputs)} |"
        )
    lines += [
        "",
        "Compare's `metrics[].name` is one of the measures marked `compare`.",
        "",
        "## What changed",
        "",
        "- Every band (`mean`, `mean_se`, `pQ`) gained `pQ_low` and `pQ_high`, the percentile's",
        "  interval; the recovery fund's bands gained `p50`.",
        "- `recovery_fund.gini_per_capita` in `fundsim compare` was the mean of each draw's Gini,",
        "  a different quantity from `fundsim run`'s Gini of the mean allocation under the same",
        "  name; compare now calls it `recovery_fund.gini_per_capita_by_draw`.",
        "- `scenario` is the scenario as run: `--data`, `--population` and `--level` are written",
        "  into its `data` section (they were missing), and every file is an absolute path.",
        "  `scenario_file` and `data.files[].path` are new.",
        "",
    ]
    for name, (how, keys) in OUTPUTS.items():
        lines += [f"## `{name}` output", "", f"Written by {how}.", "", "| Key | Type | Meaning |"]
        lines.append("|---|---|---|")
        for key in keys:
            lines.append(f"| `{key.path}` | {key.kind} | {_cell(key.meaning)} |")
        lines.append("")
    return "\n".join(lines)


def write(folder: Path = DOCS) -> None:
    (folder / "results-format.md").write_text(document(), encoding="utf-8")
    (folder / "results.schema.json").write_text(schema_text(), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
