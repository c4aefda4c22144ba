"""The code's habits, checked with the suite: ruff's lint and format, and readable line lengths."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is not installed: it is in the dev extra (pip install -e '.[dev]')")
    return [found]


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=str)
def test_ruff_is_clean(args: list[str]) -> None:
    done = subprocess.run(_ruff() + args, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_few_lines_run_past_100_characters() -> None:
    files = [p for d in ("simulator", "ui", "tests") for p in (ROOT / d).rglob("*.py")]
    lines = [line for p in files for line in p.read_text(encoding="utf-8").splitlines()]
    long = [line for line in lines if len(line) > 100]
    # What the formatter leaves long is a string or a comment; keep those rare.
    assert len(long) / len(lines) < 0.02, f"{len(long)} of {len(lines)} lines are over 100"
