"""Regenerate docs/example-report.pdf: the preset on the 317 districts of England (IoD2019).

    .venv/bin/python scripts/example_report.py [--iod FOLDER]

FOLDER holds the published IoD2019 Files 1 and 6 (default ../shared/data/iod2019).
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
    "£500m Community Recovery Fund shared by need between the 317 districts of England (IoD2019 "
    "ranks, exponentially transformed), and a £2bn endowment paying grants at 4% a year."
)

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iod", type=Path, default=ROOT.parent / "shared" / "data" / "iod2019")
    parser.add_argument("--date", default="2026-12-03")
    iod = parser.parse_args().iod
    date = parser.parse_args().date
    os.chdir(ROOT)  # the title page names the scenario file as scenarios/...
    sys.exit(
        main(
            [
                "report",
                "scenarios/kruger-as-proposed.toml",
                "--data",
                str(iod / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"),
                "--population",
                str(iod / "File_6_-_IoD2019_Population_Denominators.csv"),
                "--level",
                "lad",
                "--set",
                "recovery_fund.need_indicator=rank_exponential",
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
