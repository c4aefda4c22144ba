"""Special files as inputs (issue 26, class 1): devices, named pipes and links to them are refused
with one line before they are opened for reading, so nothing reads forever or blocks."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.core.errors import FundsimError
from simulator.core.inputs import MAX_PATH_CHARS, read_input

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


@contextlib.contextmanager
def deadline(seconds: int = 20):
    """Fail (instead of hanging the suite) if the block blocks on a pipe."""

    def expired(signum, frame):
        raise AssertionError(f"blocked for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def special(tmp_path: Path, kind: str, name: str) -> Path:
    path = tmp_path / name
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "device-link":
        path.symlink_to("/dev/zero")
    elif kind == "pipe-link":
        os.mkfifo(tmp_path / f"fifo-{name}")
        path.symlink_to(tmp_path / f"fifo-{name}")
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "nowhere")
    elif kind == "loop-link":
        path.symlink_to(path)
    return path


KINDS = ["pipe", "device-link", "pipe-link"]


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error: ") and "\n" not in err and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ["data", "population", "scenario"])
def test_special_files_as_inputs_are_refused_in_one_line(tmp_path, preset_path, capsys, kind, role):
    path = special(tmp_path, kind, "zero.csv" if role != "scenario" else "zero.toml")
    scenario = str(path) if role == "scenario" else str(preset_path)
    extra = [] if role == "scenario" else [f"--{role}", str(path)]
    if role == "population":
        data = tmp_path / "areas.csv"
        data.write_text("code,name,score\nA1,One,5\nA2,Two,9\n", encoding="utf-8")
        extra += ["--data", str(data)]
    with deadline():
        code = main(["run", scenario, *extra, "--paths", "10", "--out", str(tmp_path / "o.json")])
    err = one_line(capsys)
    assert code == 2
    assert "zero" in err and "not a regular file" in err
    assert ("named pipe" if "pipe" in kind else "a device") in err


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_bootstrap_file_is_refused(tmp_path, preset_path, capsys, kind):
    path = special(tmp_path, kind, "returns.csv")
    with deadline():
        code = main(
            [
                "run",
                str(preset_path),
                "--paths",
                "10",
                "--set",
                f"endowment.bootstrap_file={str(path)!r}",
                "--set",
                "endowment.return_model=bootstrap",
                "--out",
                str(tmp_path / "o.json"),
            ]
        )
    err = one_line(capsys)
    assert code == 2 and ("returns.csv" in err or "zero" in err) and "not a regular file" in err


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_analysis_file_is_refused(tmp_path, preset_path, capsys, kind):
    path = special(tmp_path, kind, "t.json")
    with deadline():
        code = main(
            ["report", str(preset_path), "--analysis", str(path), "--out", str(tmp_path / "r.pdf")]
        )
    err = one_line(capsys)
    assert code == 2 and "t.json" in err and "not a regular file" in err


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_hexjson_is_refused(tmp_path, kind):
    from simulator.data.hexmap import read_hexjson

    path = special(tmp_path, kind, "map.hexjson")
    with deadline(), pytest.raises(FundsimError, match="map.hexjson: is .* not a regular file"):
        read_hexjson(path)


def test_reading_stops_at_the_bound_whatever_the_size_claims(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 5000)
    assert read_input(path, 5000) == b"x" * 5000
    with pytest.raises(FundsimError, match="big.csv: is 5 kB, more than the 4 kB"):
        read_input(path, 4000)


@pytest.mark.parametrize(
    "kind,message",
    [("dangling-link", "not found"), ("loop-link", "loop of links")],
)
def test_broken_links_are_one_line(tmp_path, kind, message):
    path = special(tmp_path, kind, "bad.csv")
    with pytest.raises(FundsimError, match=message):
        read_input(path, 100)


def test_nul_bytes_and_very_long_paths_are_one_line(tmp_path, preset_path, capsys):
    code = main(
        ["run", str(preset_path), "--data", "a\x00b.csv", "--out", str(tmp_path / "o.json")]
    )
    assert code == 2 and "NUL character" in one_line(capsys)
    long = str(tmp_path / ("x" * 5000 + ".csv"))
    code = main(["run", str(preset_path), "--data", long, "--out", str(tmp_path / "o.json")])
    err = one_line(capsys)
    assert code == 2 and f"more than the {MAX_PATH_CHARS:,}" in err and len(err) < 300
