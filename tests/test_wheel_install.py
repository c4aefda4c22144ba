"""Installed the way users install it: build the wheel, install it into a fresh virtual
environment outside the checkout, start the app, open every preset, run ``fundsim run``.

Fails if any module or resource is missing from the wheel. To stay fast, the third-party
dependencies the wheel declares are installed once into a cache folder (keyed by the Python
version and the wheel's requirements, from pip's own cache) and put on the fresh environment's
path; the project itself is a real ``pip install`` of the wheel. It skips only when the wheel
or its dependencies cannot be obtained at all (no build tools and no package index).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the environment layout below is POSIX"
)

UNREACHABLE = (
    "Could not find a version",
    "No matching distribution",
    "Failed to establish a new connection",
    "Network is unreachable",
)
PACKAGED = ("simulator", "ui")


def _pip(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def _skip_or_fail(what: str, proc: subprocess.CompletedProcess) -> None:
    output = proc.stdout + proc.stderr
    if any(marker in output for marker in UNREACHABLE):
        pytest.skip(
            f"cannot {what} here (no package index reachable): {output.strip().splitlines()[-1]}"
        )
    pytest.fail(f"could not {what}:\n{output[-4000:]}")


def _source_copy(dest: Path) -> Path:
    """The files a release is built from: what git tracks (or the tree without local clutter)."""
    listed = subprocess.run(["git", "ls-files", "-z"], capture_output=True, cwd=REPO)
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (REPO / name).is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, dest / name)
    else:
        shutil.copytree(
            REPO,
            dest,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__"),
        )
    return dest


def _dependencies(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        lines = z.read(meta).decode().splitlines()
    return sorted(
        line.split(":", 1)[1].strip()
        for line in lines
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    )


def _dependency_folder(requirements: list[str]) -> Path:
    """The wheel's dependencies, installed once per Python version and requirement list."""
    key = hashlib.sha256(json.dumps([sys.version, requirements]).encode()).hexdigest()[:16]
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "fundsim-tests"
        / f"wheel-deps-{key}"
    )
    if (cache / ".complete").exists():
        (cache / ".complete").touch()  # in use: keep it
        return cache
    building = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    shutil.rmtree(building, ignore_errors=True)
    proc = _pip("install", "-q", "--target", str(building), *requirements)
    if proc.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        _skip_or_fail("install the wheel's dependencies", proc)
    (building / ".complete").write_text("\n".join(requirements) + "\n", encoding="utf-8")
    try:
        building.rename(cache)
    except OSError:  # another run finished first: use theirs
        shutil.rmtree(building, ignore_errors=True)
    for old in cache.parent.glob("wheel-deps-*"):  # earlier requirement lists, unused for a week
        marker = old / ".complete"
        if old != cache and marker.exists() and time.time() - marker.stat().st_mtime > 7 * 86400:
            shutil.rmtree(old, ignore_errors=True)
    return cache


def _expected_files() -> set[str]:
    """Every module and bundled file the wheel must hold, as paths inside the wheel."""
    expected = set()
    for package in PACKAGED:
        for path in (REPO / package).rglob("*.py"):
            expected.add(path.relative_to(REPO).as_posix())
    for folder, target in (
        ("resources", "simulator/_resources"),
        ("scenarios", "simulator/_scenarios"),
    ):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                expected.add(f"{target}/{path.relative_to(REPO / folder).as_posix()}")
    return expected


def test_the_wheel_installs_and_works_outside_the_checkout(tmp_path):
    src = _source_copy(tmp_path / "src")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(src)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        _skip_or_fail("build the wheel", built)
    wheel = next((tmp_path / "dist").glob("fundsim-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        inside = set(z.namelist())
    tracked = {
        f
        for f in _expected_files()
        if (
            src
            / f.replace("simulator/_resources", "resources").replace(
                "simulator/_scenarios", "scenarios"
            )
        ).exists()
    }
    assert not tracked - inside, f"missing from the wheel: {sorted(tracked - inside)}"

    deps = _dependency_folder(_dependencies(wheel))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = _pip(
        "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)
    )
    assert installed.returncode == 0, installed.stderr
    purelib = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (purelib / "zz-fundsim-test-dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    assert sysconfig.get_paths()["purelib"] != str(purelib)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        FUNDSIM_SETTINGS_DIR=str(tmp_path / "settings"),
        PYTHONDONTWRITEBYTECODE="1",
    )

    where = subprocess.run(
        [
            python,
            "-c",
            "import simulator, ui; from simulator.core.paths import scenarios_dir, resources_dir;"
            "print(simulator.__file__); print(ui.__file__); print(scenarios_dir()); print(resources_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert Path(line).is_relative_to(purelib), f"{line} is not the installed copy"
    presets = Path(where.stdout.split()[2])

    smoke = shutil.copy(REPO / "tests" / "app_smoke.py", elsewhere / "smoke.py")
    app = subprocess.run(
        [python, str(smoke)], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=900
    )
    assert app.returncode == 0 and "Traceback" not in app.stderr, app.stdout + app.stderr
    assert (
        app.stdout.strip().splitlines()[-1].startswith(f"ok {len(list(presets.glob('*.toml')))} ")
    )

    out = elsewhere / "r.json"
    cli = subprocess.run(
        [
            venv / "bin" / "fundsim",
            "run",
            str(presets / "kruger-as-proposed.toml"),
            "--paths",
            "50",
            "--out",
            "r.json",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=600,
    )
    assert cli.returncode == 0, cli.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (
        result["paths"] == 50
        # the analysts' presets run on the built-in England table of 2024 districts
        and len(result["recovery_fund"]["areas"]) == 296
        and result["data"]["fictional"] is False
    )
    bad = subprocess.run(
        [venv / "bin" / "fundsim", "run", "missing.toml", "--out", "r.json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert bad.returncode == 2 and bad.stderr.startswith(
        "fundsim: error: missing.toml: scenario file not found"
    )
