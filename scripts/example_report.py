"""Regenerate docs/example-report.pdf: the preset on England's 296 districts (IoD2025, built in).

.venv/bin/python scripts/example_report.py [--date YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.cli import main  # noqa: E402

DESCRIPTION = (
    "£500m Community Recovery Fund shared by need between the 296 districts of England (IoD2025 "
    "IMD average score, ONS mid-2022 population; built in), and a £2bn endowment paying grants at "
    "4% a year."
)

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", default="2026-12-03")
    date = parser.parse_args().date
    os.chdir(ROOT)  # the title page names the scenario file as scenarios/...
    sys.exit(
        main(
            [
                "report",
                "scenarios/kruger-as-proposed.toml",
                "--set",
                f"description={DESCRIPTION}",
                "--paths",
                "2000",
                "--date",
                date,
                "--out",
                "docs/example-report.pdf",
            ]
        )
    )
