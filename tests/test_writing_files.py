"""Writing files: a failed write says so on one line, exit 2, and the old file is intact."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.core.errors import FundsimError
from simulator.core.fileio import atomic_write, atomic_write_text
from simulator.scenario import load_scenario, save_scenario
from tests.conftest import REPO, write

OLD = "old results\n"


def run(preset: Path, out: Path, *extra: str) -> int:
    return main(["run", str(preset), "--paths", "20", "--out", str(out), *extra])


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error: ") and "\n" not in err, err
    return err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_out_naming_a_folder_is_refused(tmp_path, preset_path, capsys):
    folder = tmp_path / "r.json"
    folder.mkdir()
    assert run(preset_path, folder) == 2
    assert "r.json: is a folder; give a file name to write" in one_line(capsys)
    assert run(preset_path, tmp_path / "missing" / "r.json") == 2
    assert "missing: output folder does not exist" in one_line(capsys)


@pytest.mark.parametrize("role", ["scenario", "data", "population"])
def test_out_naming_an_input_file_is_refused(tmp_path, preset_path, capsys, role):
    data = write(tmp_path / "areas.csv", "code,name,population,score\nA,Aa,100,5\nB,Bb,200,9\n")
    population = write(tmp_path / "pop.csv", "code,population\nA,100\nB,200\n")
    scenario = write(tmp_path / "s.toml", preset_path.read_text(encoding="utf-8"))
    before = {p: p.read_bytes() for p in (data, population, scenario)}
    target = {"scenario": scenario, "data": data, "population": population}[role]
    # as a user might type it: relative to the current folder, spelled another way
    out = Path(os.path.relpath(tmp_path, Path.cwd())) / "." / target.name
    scenario_arg = scenario
    if (
        role == "scenario"
    ):  # a .toml is no output format: the same file under a .csv name (a hard link)
        out = tmp_path / "s-link.csv"
        os.link(scenario, out)
        scenario_arg = out
    code = main(
        [
            "run",
            str(scenario_arg),
            "--data",
            str(data),
            "--population",
            str(population),
            "--paths",
            "20",
            "--out",
            str(out),
        ]
    )
    assert code == 2
    assert f"is the {role} file this command reads" in one_line(capsys)
    assert {p: p.read_bytes() for p in before} == before


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = write(tmp_path / "r.json", OLD)

    def fail(exc):
        def write_then_fail(tmp: Path) -> None:
            tmp.write_text("half a fi", encoding="utf-8")
            raise exc

        return write_then_fail

    messages = {
        errno.ENOSPC: "could not be written (the disk is full); the old file is unchanged",
        errno.EACCES: "could not be written (permission denied, a read-only location",
        errno.EIO: "could not be written (Input/output error); the old file is unchanged",
    }
    for code, message in messages.items():
        exc = (PermissionError if code == errno.EACCES else OSError)(code, os.strerror(code))
        with pytest.raises(FundsimError) as caught:
            atomic_write(target, fail(exc))
        assert message in str(caught.value) and str(caught.value).startswith(str(target))
        assert target.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []
    for interruption in (KeyboardInterrupt(), SystemExit(143)):
        with pytest.raises(type(interruption)):
            atomic_write(target, fail(interruption))
        assert target.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []


def test_a_file_too_large_for_the_disk_fails_cleanly_in_a_real_process(tmp_path, preset_path):
    """The operating system refuses the write (RLIMIT_FSIZE, as a full disk would)."""
    resource = pytest.importorskip("resource")
    out = write(tmp_path / "r.json", OLD)
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "from simulator.cli import main\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
        f"sys.exit(main(['run', {str(preset_path)!r}, '--paths', '20', '--out', {str(out)!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(f"fundsim: error: {out}: could not be written (") and err.endswith(
        "the old file is unchanged"
    )
    assert out.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []
    assert resource.RLIMIT_FSIZE  # the limit applied only inside that process


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write to read-only folders"
)
def test_a_read_only_folder_is_refused_before_running(tmp_path, preset_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    write(folder / "r.json", OLD)
    folder.chmod(0o500)
    try:
        assert run(preset_path, folder / "r.json") == 2
        assert "cannot be written to (permission denied or read-only)" in one_line(capsys)
        assert (folder / "r.json").read_text(encoding="utf-8") == OLD
    finally:
        folder.chmod(0o700)


def test_a_read_only_file_system_is_one_line(preset_path, capsys):
    """/proc cannot hold new files, even for root."""
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc on this system")
    assert run(preset_path, Path("/proc/fundsim-results.json")) == 2
    err = one_line(capsys)
    assert "/proc" in err and ("cannot be written" in err or "could not be written" in err)


def test_saving_a_scenario_elsewhere_keeps_data_and_population_paths(tmp_path, preset_path):
    (tmp_path / "data").mkdir()
    write(tmp_path / "data" / "areas.csv", "code,name,population,score\nA,Aa,100,5\nB,Bb,200,9\n")
    write(tmp_path / "data" / "pop.csv", "code,population\nA,100\nB,200\n")
    text = preset_path.read_text(encoding="utf-8")
    text = text.replace(
        'source = "builtin:workshop"', 'source = "data/areas.csv"\npopulation = "data/pop.csv"'
    )
    original = write(tmp_path / "s.toml", text)
    scenario = load_scenario(original)
    assert scenario.resolve(scenario.data.population) == (tmp_path / "data" / "pop.csv").resolve()
    (tmp_path / "deeper" / "still").mkdir(parents=True)
    moved = load_scenario(save_scenario(scenario, tmp_path / "deeper" / "still" / "m.toml"))
    assert (
        moved.data.source == "../../data/areas.csv"
        and moved.data.population == "../../data/pop.csv"
    )
    for key in ("source", "population"):
        assert moved.resolve(getattr(moved.data, key)) == scenario.resolve(
            getattr(scenario.data, key)
        )
    assert scenario.path == original.resolve()  # saving a copy does not move the original
    json.dumps(moved.model_dump())  # still a plain scenario
    assert atomic_write_text(tmp_path / "t.txt", "x").read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(
    not hasattr(os, "kill") or sys.platform == "win32", reason="needs POSIX signals"
)
def test_a_terminated_command_leaves_no_temporary_file(tmp_path, preset_path):
    """SIGTERM arrives while the output is being written (just after the temporary file is
    complete): the process ends, the old file is intact and nothing is left behind."""
    out = write(tmp_path / "r.xlsx", OLD)
    code = (
        "import os, signal, sys\n"
        "from simulator.core import fileio\n"
        "from simulator.cli import main\n"
        "def mode_then_terminated(path):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return 0o644\n"
        "fileio._mode_for = mode_then_terminated\n"
        f"sys.exit(main(['run', {str(preset_path)!r}, '--paths', '20', '--out', {str(out)!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 128 + 15, proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []


def test_every_command_with_inputs_refuses_to_write_over_them(tmp_path, preset_path, capsys):
    data = write(tmp_path / "areas.csv", "code,name,population,score\nA,Aa,100,5\nB,Bb,200,9\n")
    before = data.read_bytes()
    commands = [
        [
            "compare",
            str(preset_path),
            str(preset_path),
            "--data",
            str(data),
            "--paths",
            "20",
            "--out",
            str(data),
        ],
        [
            "sweep",
            str(preset_path),
            "--vary",
            "recovery_fund.progressivity=1:2:2",
            "--metric",
            "recovery_fund.share_to_most_deprived_decile",
            "--data",
            str(data),
            "--paths",
            "20",
            "--out",
            str(data),
        ],
    ]
    for argv in commands:
        assert main(argv) == 2, argv[0]
        assert "areas.csv: is the data file this command reads" in one_line(capsys)
        assert data.read_bytes() == before
