"""Nothing a run reads is overwritten by what it writes, and interrupted writes leave nothing
behind for long (issue 26, class 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from simulator.cli import main
from simulator.core.errors import FundsimError
from simulator.core.fileio import atomic_write_text, check_output, temporaries_of
from tests.conftest import PRESET


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error: ") and "\n" not in err and "Traceback" not in err, err
    return err


@pytest.fixture
def bootstrap_scenario(tmp_path):
    returns = tmp_path / "returns.csv"
    returns.write_text("real_return\n0.02\n0.05\n-0.01\n0.04\n", encoding="utf-8")
    text = PRESET.read_text(encoding="utf-8").replace(
        'return_model = "normal"', 'return_model = "bootstrap"\nbootstrap_file = "returns.csv"', 1
    )
    path = tmp_path / "boot.toml"
    path.write_text(text, encoding="utf-8")
    return path, returns


@pytest.mark.parametrize("command", ["run", "sweep", "map", "report"])
def test_out_over_the_bootstrap_file_is_refused(tmp_path, capsys, bootstrap_scenario, command):
    scenario, returns = bootstrap_scenario
    before = returns.read_bytes()
    out = returns
    extra = []
    if command == "sweep":
        extra = ["--vary", "endowment.fees=0:0.01:2", "--metric", "endowment.prob_depleted"]
    if command in ("map", "report"):  # their formats differ: the same file, by another name
        out = tmp_path / ("returns.png" if command == "map" else "returns.pdf")
        os.link(returns, out)
    code = main([command, str(scenario), "--paths", "10", *extra, "--out", str(out)])
    err = one_line(capsys)
    assert code == 2 and "is the bootstrap returns file this command reads" in err
    assert returns.read_bytes() == before


def test_report_never_writes_over_its_analysis_file(tmp_path, capsys):
    analysis = tmp_path / "t.pdf"
    analysis.write_bytes(b"%PDF-1.4 an analysis the user keeps")
    code = main(["report", str(PRESET), "--analysis", str(analysis), "--out", str(analysis)])
    assert code == 2 and "is the analysis file this command reads" in one_line(capsys)
    assert analysis.read_bytes() == b"%PDF-1.4 an analysis the user keeps"


def test_map_never_writes_over_its_baseline(tmp_path, capsys):
    baseline = tmp_path / "b.svg"
    baseline.write_text(PRESET.read_text(encoding="utf-8"), encoding="utf-8")
    code = main(
        ["map", str(PRESET), "--baseline", str(baseline), "--measure", "change"]
        + ["--out", str(baseline)]
    )
    assert code == 2 and "this command reads" in one_line(capsys)
    assert baseline.read_text(encoding="utf-8") == PRESET.read_text(encoding="utf-8")


def test_one_check_for_every_output(tmp_path):
    with pytest.raises(FundsimError, match="unknown report format '.txt'; use one of .docx, .pdf"):
        check_output(tmp_path / "r.txt", (".docx", ".pdf"), "report")
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(FundsimError, match="is a folder"):
        check_output(tmp_path / "dir.json", (".json",), "output")
    with pytest.raises(FundsimError, match="NUL character"):
        check_output(str(tmp_path / "a\x00.json"), (".json",), "output")


def test_a_directory_in_place_of_the_folder_fails_in_one_line(tmp_path, capsys):
    """The same failure as a read-only folder, whoever runs the tests (root included): the
    output's folder is a regular file, so nothing can be written there."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    code = main(["run", str(PRESET), "--paths", "10", "--out", str(blocker / "o.json")])
    assert code == 2 and "folder does not exist" in one_line(capsys)
    with pytest.raises(FundsimError, match="could not be written|folder does not exist"):
        atomic_write_text(blocker / "o.json", "{}")
    assert blocker.read_text(encoding="utf-8") == "x"


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from simulator.core.fileio import atomic_write

def write(tmp):
    tmp.write_text("half", encoding="utf-8")
    os.kill(os.getpid(), signal.SIGKILL)

atomic_write(Path(sys.argv[1]), write)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL needs a POSIX system")
def test_a_write_clears_the_temporaries_of_killed_writes(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    left = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], check=False)
        assert done.returncode == -9
        left.append(temporaries_of(target))
    # each killed write leaves its temporary; the next write (killed too) cleared the first
    assert len(left[0]) == 1 and len(left[1]) == 1 and left[0] != left[1]
    assert target.read_text(encoding="utf-8") == "old"
    atomic_write_text(target, "new")
    assert temporaries_of(target) == [] and target.read_text(encoding="utf-8") == "new"
    # another file's temporaries are not ours to clear
    other = tmp_path / ".other.csv.abcdefgh.tmp"
    other.write_text("x", encoding="utf-8")
    atomic_write_text(target, "newer")
    assert other.exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="flock needs a POSIX system")
def test_a_temporary_being_written_is_left_alone(tmp_path):
    import fcntl

    target = tmp_path / "t.json"
    busy = tmp_path / ".t.json.busy0001.tmp"
    busy.write_text("{", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"f = open({str(busy)!r})\nfcntl.flock(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\n"
            "sys.stdin.readline()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        atomic_write_text(target, json.dumps({"a": 1}))
        assert busy.exists()  # another write in progress
    finally:
        holder.communicate("\n", timeout=20)
    atomic_write_text(target, json.dumps({"a": 2}))
    assert not busy.exists()
    assert fcntl  # the module exists where this test runs
