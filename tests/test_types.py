"""mypy is clean on simulator/core, with the settings of ``[tool.mypy]`` in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.conftest import REPO


def test_pyproject_configures_mypy_for_the_core():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert "simulator/core" in config["files"]
    assert config["disallow_untyped_defs"] is True


def test_mypy_is_clean_on_simulator_core(tmp_path):
    # a file with a type error goes alongside, so the test shows mypy really looked
    wrong = tmp_path / "wrong_on_purpose.py"
    wrong.write_text("def half(x: int) -> int:\n    return x / 2\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "simulator/core", str(wrong)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert errors and all(line.startswith(str(wrong)) for line in errors), done.stdout
    assert "Found 1 error in 1 file" in done.stdout
