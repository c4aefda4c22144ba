"""Cases that once ended in a traceback now end in one line (issue 26, class 5)."""

from __future__ import annotations

import contextlib
import json
import re
import time

import pytest
from docx import Document as read_docx

from simulator.analysis.sensitivity.executor import _cluster_lost, check_scheduler
from simulator.cli import main
from simulator.core.errors import FundsimError
from tests.conftest import PRESET


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error: ") and "\n" not in err and "Traceback" not in err, err
    return err


def long_names(tmp_path, scenario_name: str, area_name: str):
    data = tmp_path / "areas.csv"
    data.write_text(
        f"code,name,population,score\nA,{area_name},100,1\nB,b,200,2\nC,c,300,3\n",
        encoding="utf-8",
    )
    # the scenario's own name is the first top-level `name = ...` line, whatever the preset calls it
    named = re.sub(
        r'^name = ".*"$',
        lambda _m: f"name = {json.dumps(scenario_name)}",
        PRESET.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    text = named.replace(
        'source = "builtin:workshop"', f"source = {json.dumps(str(data))}"
    ).replace("paths = 2000", "paths = 20")
    assert json.dumps(scenario_name) in text and json.dumps(str(data)) in text, "preset changed"
    path = tmp_path / "long.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_very_long_names_are_written_in_reports(tmp_path, capsys, suffix):
    scenario = long_names(tmp_path, "S" * 300, "N" * 5000)
    out = tmp_path / f"r{suffix}"
    code = main(
        ["report", str(scenario), "--set", "recovery_fund.cap_share=1"]
        + ["--set", "recovery_fund.eligible_share=1", "--out", str(out), "--date", "2026-01-01"]
    )
    assert code == 0, capsys.readouterr().err
    if suffix == ".docx":
        doc = read_docx(str(out))
        assert doc.core_properties.title.startswith("S" * 200)
        assert len(doc.core_properties.title) <= 255


WRONG = [
    {"kind": "tornado", "metric": "m", "base": 0.5, "bars": "many"},
    {"kind": "tornado", "metric": 7, "base": 0.5, "bars": []},
    {"kind": "tornado", "metric": "m", "base": "half", "bars": []},
    {"kind": "tornado", "metric": "m", "base": 0.5, "bars": [1, 2]},
    {"kind": "tornado", "metric": "m", "base": 0.5, "bars": [{"key": "k"}]},
    {
        "kind": "tornado",
        "metric": "m",
        "base": 0.5,
        "bars": [
            {"key": None, "low": 1, "high": 2, "metric_at_low": 1, "metric_at_high": 2, "swing": 1}
        ],
    },
    {"kind": "tornado", "metric": "m", "base": 0.5, "paths": "many", "bars": []},
    {"kind": "solve", "metric": "m", "key": "k", "target": "x", "found": True, "message": ""},
    {"kind": "solve", "metric": "m", "key": "k", "target": 1, "found": "yes", "message": ""},
    {
        "kind": "solve",
        "metric": "m",
        "key": "k",
        "target": 1,
        "found": True,
        "message": "",
        "evaluations": [["a"]],
    },
    {"kind": "solve", "metric": "m", "key": ["k"], "target": 1, "found": False, "message": 3},
]


@pytest.mark.parametrize("doc", WRONG, ids=range(len(WRONG)))
def test_analysis_files_of_the_wrong_types_are_one_line(tmp_path, capsys, doc):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code = main(["report", str(PRESET), "--analysis", str(path), "--out", str(tmp_path / "r.pdf")])
    err = one_line(capsys)
    assert code == 2 and "a.json: is not a valid" in err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize(
    "address",
    [
        "garbage",
        "http://127.0.0.1:8787",
        "tls://10.0.0.5:8786",
        "inproc://x",
        "",
        "tcp://host:99999",
    ],
)
def test_scheduler_addresses_are_checked_before_connecting(tmp_path, capsys, address):
    start = time.monotonic()
    code = main(
        [
            "sweep",
            str(PRESET),
            "--vary",
            "endowment.fees=0:0.01:2",
            "--metric",
            "endowment.prob_depleted",
            "--scheduler",
            address,
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 2 and "--scheduler must be a Dask scheduler's address" in one_line(capsys)
    assert time.monotonic() - start < 5


def test_good_scheduler_addresses_pass_the_check():
    assert check_scheduler("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert check_scheduler("tcp://scheduler.example.org:8786") == "tcp://scheduler.example.org:8786"
    assert check_scheduler(None) is None
    with pytest.raises(FundsimError):
        check_scheduler("tcp://a b:1")


def test_a_lost_cluster_is_told_apart_from_an_error_in_a_run():
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    assert _cluster_lost(FutureCancelledError("key", "reason"))
    assert _cluster_lost(CommClosedError("gone"))
    assert not _cluster_lost(FundsimError("a bad key"))
    assert not _cluster_lost(ZeroDivisionError())


def test_a_cluster_lost_mid_sweep_is_one_line(tmp_path, capsys):
    """A real in-process cluster closed while the sweep waits: one line, nothing written."""
    distributed = pytest.importorskip("distributed")
    import threading

    from simulator.analysis.sensitivity.executor import Runner
    from simulator.data import load_data_source
    from simulator.scenario import load_scenario

    scenario = load_scenario(PRESET).updated("simulation.paths", 200_000)
    areas = load_data_source("builtin:workshop")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    )
    runner = Runner(
        scenario, areas, ["endowment.prob_depleted"], scheduler=cluster.scheduler_address
    )
    runner._connect()
    timer = threading.Timer(1.0, cluster.close)
    timer.start()
    try:
        with pytest.raises(FundsimError, match="Dask cluster .* stopped answering or cancelled"):
            runner.run([{"endowment.fees": f / 1000} for f in range(6)])
    finally:
        runner.close()
        timer.join()
        with contextlib.suppress(Exception):  # closed already by the timer (distributed may
            cluster.close()  # fail a second close from another thread)
