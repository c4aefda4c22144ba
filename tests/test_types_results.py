"""mypy is clean on the measures registry and the results types (typed defs required)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

CHECKED = ["simulator/measures", "simulator/results.py", "simulator/recovery/per_draw.py"]
FLAGS = [
    "--follow-imports=silent",
    "--ignore-missing-imports",
    "--disallow-untyped-defs",
    "--disallow-incomplete-defs",
    "--warn-unused-ignores",
    "--no-incremental",
]


def test_mypy_is_clean_on_the_measures_and_results(tmp_path):
    # a file with a type error is checked alongside, so the test shows mypy did look
    wrong = tmp_path / "wrong_on_purpose.py"
    wrong.write_text("def half(x: int) -> int:\n    return x / 2\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", *FLAGS, *CHECKED, str(wrong)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert errors and all(line.startswith(str(wrong)) for line in errors), done.stdout
    assert "Found 1 error in 1 file" in done.stdout
