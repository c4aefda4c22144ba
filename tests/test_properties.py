"""Property-based tests: generated scenarios, tables and mutated workbooks go to the loaders,
generated names go to the writers. The only exception accepted is FundsimError, with a
message naming the file; writers accept any text and write it inert."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import tomllib
import zipfile

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from simulator.commands.common import parse_assignment
from simulator.core.errors import FundsimError
from simulator.data import load_data_source
from simulator.outputs.export import write_results
from simulator.outputs.safe import FORMULA_STARTS
from simulator.scenario import load_scenario, save_scenario
from tests.conftest import PRESET

# Modest and repeatable: the same examples on every run, no time limit per example.
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PRESET_DICT = tomllib.loads(PRESET.read_text(encoding="utf-8"))
KEYS = [
    f"{section}.{key}"
    for section, body in PRESET_DICT.items()
    if isinstance(body, dict)
    for key in body
] + [
    "name",
    "schema_version",
    "description",
    "recovery_fund.nonsense",
    "data.columns",
    "endowment.asset_classes",
]

scalars = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            '=HYPERLINK("http://x","y")',
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(1)",
            "\t=1",
            "\r=1",
            "a\x00b\x07",
        ]
    ),
    st.builds(lambda c, t: c + t, st.sampled_from(FORMULA_STARTS), st.text(max_size=10)),
)


def _located(exc: FundsimError, name: str) -> None:
    assert str(exc).strip() and "\n" not in str(exc).strip() or exc.problems, str(exc)
    assert name in str(exc) or exc.field or exc.problems, str(exc)


@PROPERTY
@given(changes=st.lists(st.tuples(st.sampled_from(KEYS), values), min_size=1, max_size=4))
def test_generated_scenarios_load_or_give_a_fundsim_error(tmp_path_factory, changes):
    doc = copy.deepcopy(PRESET_DICT)
    for dotted, value in changes:
        section, _, key = dotted.rpartition(".")
        target = doc.setdefault(section, {}) if section else doc
        if not isinstance(target, dict):
            continue
        target[key] = value
    folder = tmp_path_factory.mktemp("scenario")
    path = folder / "generated.toml"
    try:
        path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    except (ValueError, TypeError, UnicodeEncodeError):
        return  # not representable as TOML: nothing a user could have in a file
    try:
        scenario = load_scenario(path)
    except FundsimError as exc:
        _located(exc, "generated.toml")
        return
    # what loads also saves and loads back to the same scenario
    again = load_scenario(save_scenario(scenario, folder / "saved.toml"))
    assert again.model_dump() == scenario.model_dump()


@PROPERTY
@given(text=st.text(max_size=300))
def test_arbitrary_scenario_text_loads_or_gives_a_fundsim_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("text") / "any.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_scenario(path)
    except FundsimError as exc:
        _located(exc, "any.toml")


@PROPERTY
@given(text=st.text(max_size=60))
def test_set_values_parse_or_give_a_fundsim_error(scenario, text):
    try:
        key, value = parse_assignment(text)
        scenario.updated(key, value)
    except FundsimError:
        pass


cells = st.one_of(
    hostile_text,
    st.integers(-(10**6), 10**9).map(str),
    st.floats(allow_nan=True).map(str),
    st.just(""),
)
headers = st.one_of(
    st.just(["code", "name", "population", "score"]),
    st.lists(
        st.one_of(
            st.sampled_from(["code", "name", "population", "score", "extent", "LSOA code (2011)"]),
            st.text(max_size=10),
        ),
        min_size=1,
        max_size=8,
    ),
)


@PROPERTY
@given(
    header=headers,
    rows=st.lists(st.lists(cells, min_size=0, max_size=9), max_size=12),
    raw=st.binary(max_size=40),
)
def test_generated_tables_load_or_give_a_fundsim_error(tmp_path_factory, header, rows, raw):
    folder = tmp_path_factory.mktemp("table")
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    csv_path = folder / "areas.csv"
    csv_path.write_bytes(text.getvalue().encode("utf-8", errors="surrogatepass") + raw)
    wb = Workbook()
    for row in [header, *rows]:
        wb.active.append([_cell(v) for v in row])
    xlsx_path = folder / "areas.xlsx"
    wb.save(xlsx_path)
    for path in (csv_path, xlsx_path):
        try:
            areas = load_data_source(path)
        except FundsimError as exc:
            _located(exc, path.name)
        else:
            assert len(areas.table) >= 1 and (areas.table["population"] >= 0).all()


def _cell(value: str):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value.encode("utf-8", "replace").decode("utf-8"))


def _workbook_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name", "population", "score"])
    for i in range(8):
        ws.append([f"A{i}", f"Area {i}", 1000 + i, 5.0 + i])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD_WORKBOOK = _workbook_bytes()
with zipfile.ZipFile(io.BytesIO(GOOD_WORKBOOK)) as _z:
    PARTS = {i.filename: _z.read(i.filename) for i in _z.infolist()}


@st.composite
def mutated_workbooks(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "truncate", "part"]))
    if kind == "truncate":
        return GOOD_WORKBOOK[: draw(st.integers(0, len(GOOD_WORKBOOK) - 1))]
    if kind == "bytes":
        data = bytearray(GOOD_WORKBOOK)
        for _ in range(draw(st.integers(1, 10))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    parts = dict(PARTS)
    name = draw(st.sampled_from(sorted(parts)))
    content = parts[name]
    cut = draw(st.integers(0, len(content)))
    parts[name] = (
        content[:cut] + draw(st.binary(max_size=30)) + content[cut + draw(st.integers(0, 40)) :]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for part, body in parts.items():
            z.writestr(part, body)
    return buffer.getvalue()


@PROPERTY
@given(data=mutated_workbooks())
def test_mutated_workbooks_load_or_give_a_fundsim_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("mutated") / "mutated.xlsx"
    path.write_bytes(data)
    try:
        areas = load_data_source(path)
    except FundsimError as exc:
        _located(exc, "mutated.xlsx")
    else:
        assert len(areas.table) >= 1


@pytest.fixture(scope="module")
def base_results():
    from simulator import load_areas, run
    from simulator import load_scenario as load

    s = load(PRESET).updated("simulation.paths", 40)
    return run(s, load_areas(s))


@PROPERTY
@given(names=st.lists(hostile_text, min_size=12, max_size=12), scenario_name=hostile_text)
def test_writers_accept_any_names_and_write_them_inert(
    tmp_path_factory, base_results, names, scenario_name
):
    table = base_results.recovery.table.copy()
    table["name"] = names
    results = dataclasses.replace(
        base_results,
        recovery=dataclasses.replace(base_results.recovery, table=table),
        scenario=dict(base_results.scenario, name=scenario_name),
    )
    folder = tmp_path_factory.mktemp("out")
    for suffix in (".json", ".csv", ".xlsx"):
        write_results(results, folder / f"r{suffix}")
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    with (folder / "r.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            assert not any(cell.startswith(FORMULA_STARTS) for cell in row if not _number(cell)), (
                row
            )
    with zipfile.ZipFile(folder / "r.xlsx") as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    book = load_workbook(folder / "r.xlsx")
    written = [c.value for c in book["Areas"]["B"][1:]]
    assert sorted(written, key=str) == sorted((_inert_xlsx(n) for n in names), key=str)
    assert (
        json.loads((folder / "r.json").read_text(encoding="utf-8"))["scenario"]["name"]
        == scenario_name
    )


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _inert_xlsx(name: str):
    from simulator.outputs.safe import clean_text

    text = clean_text(name).replace("\r\n", "\n").replace("\r", "\n")  # XML reads CR back as LF
    return text or None  # openpyxl reads an empty string cell back as empty


# --- file kinds (issue 26): every reader refuses what is not a regular file, without blocking ---

FILE_KINDS = ["regular", "empty", "folder", "pipe", "device-link", "pipe-link", "dangling", "loop"]


def _make_file_kind(folder, kind: str, name: str, body: bytes):
    import os

    path = folder / name
    if kind == "regular":
        path.write_bytes(body)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "device-link":
        path.symlink_to("/dev/zero")
    elif kind == "pipe-link":
        os.mkfifo(folder / "fifo")
        path.symlink_to(folder / "fifo")
    elif kind == "dangling":
        path.symlink_to(folder / "nowhere")
    else:
        path.symlink_to(path)
    return path


def _readers():
    from simulator.data.hexmap import read_hexjson
    from simulator.endowment.markets import read_return_series
    from simulator.report.sections.sensitivity import load_analysis

    return {
        "data": ("d.csv", b"code,name,population,score\nA,a,10,1\nB,b,20,2\n", load_data_source),
        "scenario": ("s.toml", PRESET.read_bytes(), load_scenario),
        "analysis": (
            "t.json",
            json.dumps({"kind": "tornado", "metric": "m", "base": 1.0, "bars": []}).encode(),
            load_analysis,
        ),
        "hexjson": (
            "h.hexjson",
            b'{"layout":"odd-r","hexes":{"A":{"q":0,"r":0,"n":"a"}}}',
            read_hexjson,
        ),
        "bootstrap": ("r.csv", b"real_return\n0.01\n0.03\n", read_return_series),
    }


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs POSIX file kinds")
@PROPERTY
@given(
    kind=st.sampled_from(FILE_KINDS),
    role=st.sampled_from(["data", "scenario", "analysis", "hexjson", "bootstrap"]),
)
def test_every_reader_takes_only_regular_files(tmp_path_factory, kind, role):
    import signal
    from pathlib import Path

    name, body, reader = _readers()[role]
    path = _make_file_kind(tmp_path_factory.mktemp("kinds"), kind, name, body)

    def blocked(signum, frame):
        raise AssertionError(f"{role} reader blocked on a {kind}")

    previous = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(20)
    try:
        reader(Path(path))
    except FundsimError as exc:
        assert kind != "regular", str(exc)
        _located(exc, name if kind not in ("device-link",) else "")
        if kind in ("pipe", "pipe-link", "device-link"):
            assert "not a regular file" in str(exc)
    else:
        assert kind in ("regular", "empty")  # an empty scenario is all defaults
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the analysis commands' options and files (issue 26): a value or one line, never a traceback ---

option_text = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda a, b, c: f"{a}:{b}:{c}",
        st.sampled_from(["0", "-1", "1e308", "nan", "inf", "0.5", "1.2", "3"]),
        st.sampled_from(["0", "1", "1e20", "-inf", "0.1", "1.8", "2"]),
        st.sampled_from(["1", "2", "0", "-5", "1e20", "1e9", "2.5", "x", "100001"]),
    ),
)


@PROPERTY
@given(
    key=st.sampled_from(
        ["endowment.fees", "recovery_fund.rounds", "simulation.paths", "name", "nonsense.key", ""]
    ),
    spec=option_text,
)
def test_vary_options_parse_or_give_one_line(key, spec):
    from simulator.analysis.sensitivity.goalseek import parse_range
    from simulator.analysis.sensitivity.sweep import parse_axis
    from simulator.analysis.sensitivity.tornado import parse_ends

    text = f"{key}={spec}"
    for parse in (parse_axis, parse_range, parse_ends):
        try:
            parsed = parse(text)
        except FundsimError as exc:
            assert "\n" not in str(exc).strip() and len(str(exc)) < 400, str(exc)
            continue
        if parse is parse_axis:
            assert 1 <= len(parsed.values) <= 100_000
            if key == "recovery_fund.rounds":
                assert all(isinstance(v, int) for v in parsed.values)
        elif parse is parse_range:
            assert parsed[1] < parsed[2]


@PROPERTY
@given(
    scheduler=st.one_of(
        st.text(max_size=30),
        st.builds(
            lambda p, h, n: f"{p}{h}:{n}",
            st.sampled_from(["", "tcp://", "tls://", "http://", "inproc://", "ucx://"]),
            st.sampled_from(["localhost", "10.0.0.5", "", "a b", "[::1]"]),
            st.integers(-5, 70_000),
        ),
    ),
    workers=st.one_of(st.none(), st.integers(-10, 10_000)),
    threshold=st.floats(allow_nan=True, allow_infinity=True),
    target=st.floats(allow_nan=True, allow_infinity=True),
)
def test_analysis_settings_are_checked_in_one_line(scheduler, workers, threshold, target):
    from simulator.analysis.compare import check_threshold
    from simulator.analysis.sensitivity.executor import check_scheduler
    from simulator.analysis.sensitivity.goalseek import check_target
    from simulator.core.budget import check_workers

    for check, value in (
        (check_scheduler, scheduler),
        (check_workers, workers),
        (check_threshold, threshold),
        (lambda t: check_target(t, None), target),
    ):
        try:
            check(value)
        except FundsimError as exc:
            assert "\n" not in str(exc).strip(), str(exc)
        else:
            if check is check_scheduler:
                assert check_scheduler(value).startswith("tcp://")
            if check is check_threshold:
                assert threshold >= 0 and threshold < float("inf")


analysis_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@PROPERTY
@given(
    kind=st.sampled_from(["tornado", "solve"]),
    changes=st.dictionaries(
        st.sampled_from(
            [
                "metric",
                "base",
                "bars",
                "key",
                "target",
                "found",
                "message",
                "evaluations",
                "paths",
                "goal",
            ]
        ),
        analysis_values,
        max_size=4,
    ),
)
def test_analysis_files_load_or_give_one_line(tmp_path_factory, kind, changes):
    from simulator.report.sections.sensitivity import load_analysis

    doc = (
        {"kind": "tornado", "metric": "m", "base": 0.5, "bars": []}
        if kind == "tornado"
        else {
            "kind": "solve",
            "metric": "m",
            "key": "endowment.fees",
            "target": 0.5,
            "found": False,
            "message": "none",
        }
    )
    doc.update(changes)
    path = tmp_path_factory.mktemp("analysis") / "a.json"
    try:
        path.write_text(json.dumps(doc), encoding="utf-8")
    except (ValueError, TypeError):
        return
    try:
        loaded = load_analysis(path)
    except FundsimError as exc:
        _located(exc, "a.json")
    else:
        assert loaded["kind"] == kind and isinstance(loaded["metric"], str)
