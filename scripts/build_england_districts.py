"""Write resources/data/england-districts-2025.csv from the published IoD2025 district summaries
and the ONS mid-2022 district populations (both Open Government Licence v3.0), with each
district's region from the bundled 2025 hex layout (resources/maps, MIT).

    .venv/bin/python scripts/build_england_districts.py [--from ../shared/data/iod2025]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.data.england import ENGLAND_2025_FILE, HEXMAP_2025_FILE, england_csv_text

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", default=str(ROOT.parent / "shared/data/iod2025"))
    folder = Path(parser.parse_args().source)
    text = england_csv_text(
        folder / "lad24_iod2025_district_summaries.csv",
        folder / "lad24_population_mid2022.csv",
        ROOT / "resources" / HEXMAP_2025_FILE,
    )
    target = ROOT / "resources" / ENGLAND_2025_FILE
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {target} ({text.count(chr(10)) - 1} districts)")


if __name__ == "__main__":
    main()
