"""Files in the published IoD2025 layouts, built in a test's folder from the genuine reference
rows in ../shared/data/iod2025 (never copied into the repository).

- :func:`file7` writes File 7 (CSV, 56 columns, the real header with its truncated column,
  CRLF line endings as published, optionally a byte-order mark and quoted thousands);
- :func:`full_file7` writes a full-size File 7: 33,755 rows over the 296 real districts (as
  many neighbourhoods each as their share of England's people), each row a genuine row with
  its codes, names, IMD score and rank replaced: every neighbourhood of a district carries the
  district's published IMD average score, so the district averages are the published ones;
- :func:`file10_v2` writes File 10 v2 (a notes sheet, then one sheet per index, 296 rows each)
  from the published district summaries;
- :func:`file1_xlsx` and :func:`file6_xlsx` write Files 1 and 6 as workbooks (sheets ``IMD25``
  and ``ID 2025 Population Denominators``) from the genuine rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

FIRST = "File_7_IoD2025_sample_first_rows.csv"
MORE = "File_7_IoD2025_sample_more_rows_no_header.csv"
SUMMARIES = "lad24_iod2025_district_summaries.csv"
POPULATION = "lad24_population_mid2022.csv"
LSOAS, DISTRICTS = 33_755, 296
TRUNCATED = "Children and Young People Sub-domain Decile (where 1 is most deprived 10% of LSO"

#: File 10 v2's sheets, as the tidy table names the indices.
SHEETS = {
    "IMD": "Index of Multiple Deprivation",
    "Income": "Income Deprivation",
    "Employment": "Employment Deprivation",
    "Education": "Education, Skills and Training Deprivation",
    "Health": "Health Deprivation and Disability",
    "Crime": "Crime",
    "Barriers": "Barriers to Housing and Services",
    "Living": "Living Environment Deprivation",
    "IDACI": "Income Deprivation Affecting Children",
    "IDAOPI": "Income Deprivation Affecting Older People",
}


def header_line(folder: Path) -> str:
    """File 7's header, byte for byte as published (without its line ending)."""
    return (folder / FIRST).read_text(encoding="utf-8").split("\n", 1)[0]


def genuine_rows(folder: Path) -> list[list[str]]:
    """Every genuine File 7 row in the reference files (480), as lists of 56 strings."""
    text = (folder / FIRST).read_text(encoding="utf-8").split("\n", 1)[1]
    text += (folder / MORE).read_text(encoding="utf-8")
    return [row for row in csv.reader(io.StringIO(text)) if row]


def _csv_line(cells: list[str], thousands: bool) -> str:
    out = []
    for i, cell in enumerate(cells):
        if thousands and i >= 52 and cell.isdigit() and int(cell) >= 1000:
            cell = f"{int(cell):,}"  # "1,795", quoted, as IoD2019 wrote populations
        out.append(f'"{cell}"' if ("," in cell or '"' in cell) else cell)
    return ",".join(out)


def write_file7(
    path: Path, header: str, rows: list[list[str]], *, bom=False, thousands=False
) -> Path:
    lines = [header] + [_csv_line(r, thousands) for r in rows]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def file7(folder: Path, path: Path, *, bom=False, thousands=False) -> Path:
    """The 480 genuine rows under the genuine header, CRLF as published."""
    return write_file7(
        path, header_line(folder), genuine_rows(folder), bom=bom, thousands=thousands
    )


def district_table(folder: Path) -> pd.DataFrame:
    """The 296 districts: code, name, published IMD average score and rank, ONS population."""
    tidy = pd.read_csv(folder / SUMMARIES, dtype={"area_code": str})
    imd = tidy[tidy["index_domain"] == SHEETS["IMD"]]
    pop = pd.read_csv(folder / POPULATION, dtype={"code": str})
    table = imd.merge(pop[["code", "population"]], left_on="area_code", right_on="code")
    return table.rename(columns={"area_name": "name"})[
        ["code", "name", "average_score", "rank_average_score", "population"]
    ].reset_index(drop=True)


def full_file7(folder: Path, path: Path, *, thousands=True) -> tuple[Path, pd.DataFrame]:
    """A 33,755-row File 7 over the 296 districts, and the district table it was built from."""
    districts = district_table(folder)
    share = districts["population"].to_numpy() / districts["population"].sum()
    counts = np.maximum(1, np.floor(share * LSOAS).astype(int))
    extra = LSOAS - counts.sum()  # largest remainders get one more
    order = np.argsort(-(share * LSOAS - np.floor(share * LSOAS)), kind="stable")
    counts[order[:extra]] += 1
    assert counts.sum() == LSOAS
    district_of = np.repeat(np.arange(len(districts)), counts)
    scores = districts["average_score"].to_numpy()[district_of]
    rank = np.empty(LSOAS, dtype=int)
    rank[np.argsort(-scores, kind="stable")] = np.arange(1, LSOAS + 1)
    decile = np.ceil(rank / (LSOAS / 10)).astype(int)
    templates = genuine_rows(folder)
    rows = []
    seen: dict[int, int] = {}
    for i in range(LSOAS):
        d = district_of[i]
        seen[d] = seen.get(d, 0) + 1
        row = list(templates[i % len(templates)])
        row[0] = f"E01{i + 1:06d}"
        row[1] = f"{districts['name'].iat[d]} {seen[d]:03d}A"
        row[2], row[3] = districts["code"].iat[d], districts["name"].iat[d]
        row[4], row[5], row[6] = f"{scores[i]:.3f}", str(rank[i]), str(decile[i])
        rows.append(row)
    write_file7(path, header_line(folder), rows, thousands=thousands)
    return path, districts


def extent_figures(proportion: float, rank: int) -> tuple[float, int, float, int]:
    """Stand-in extent and local concentration (with ranks) for a district: the reference
    table does not carry them, so a File 10 with those columns gets these made-up values."""
    return round(min(1.0, 1.4 * proportion + 0.01), 4), rank, round(1000.0 + 50.0 * rank, 2), rank


def file10_v2(folder: Path, path: Path, *, extent: bool = False) -> Path:
    """File 10 v2: a notes sheet, then one sheet per index with the published figures.

    Headers as published, some with a trailing space (readers disagree on them); extent and
    local concentration are not in the reference table, so those columns are left out, or with
    ``extent`` filled with :func:`extent_figures` (made up) to show that they are read."""
    tidy = pd.read_csv(folder / SUMMARIES, dtype={"area_code": str})
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["English Indices of Deprivation 2025: Local Authority District Summaries"])
    notes.append(["Version 2, 17 November 2025"])
    for sheet, index in SHEETS.items():
        ws = wb.create_sheet(sheet)
        p = sheet
        ws.append(
            [
                "Local Authority District code (2024)",
                "Local Authority District name (2024)",
                f"{p} - Average rank ",
                f"{p} - Rank of average rank ",
                f"{p} - Average score ",
                f"{p} - Rank of average score",
                f"{p} - Proportion of LSOAs in most deprived 10% nationally ",
                f"{p} - Rank of proportion of LSOAs in most deprived 10% nationally",
                *(
                    [
                        f"{p} - Extent ",
                        f"{p} - Rank of extent",
                        f"{p} - Local concentration",
                        f"{p} - Rank of local concentration ",
                    ]
                    if extent
                    else []
                ),
            ]
        )
        for r in tidy[tidy["index_domain"] == index].itertuples(index=False):
            ws.append(
                [
                    r.area_code,
                    r.area_name,
                    r.average_rank,
                    r.rank_average_rank,
                    r.average_score,
                    r.rank_average_score,
                    r.proportion_bottom_decile,
                    r.rank_proportion_bottom_decile,
                    *(
                        extent_figures(r.proportion_bottom_decile, r.rank_proportion_bottom_decile)
                        if extent
                        else ()
                    ),
                ]
            )
    wb.save(path)
    return path


def _workbook(path: Path, sheet: str, header: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["English Indices of Deprivation 2025"])
    notes.append(["Published 30 October 2025 by MHCLG. Open Government Licence v3.0."])
    ws = wb.create_sheet(sheet)
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def file1_xlsx(folder: Path, path: Path) -> Path:
    """File 1 (IMD ranks and deciles), data on sheet ``IMD25``."""
    head = next(csv.reader([header_line(folder)]))
    rows = [r[:4] + [int(r[5]), int(r[6])] for r in genuine_rows(folder)]
    return _workbook(path, "IMD25", head[:4] + head[5:7], rows)


def file6_xlsx(folder: Path, path: Path) -> Path:
    """File 6 (five population measures), data on sheet ``ID 2025 Population Denominators``."""
    head = next(csv.reader([header_line(folder)]))
    header = head[:4] + [head[52], head[53], "Population aged 16-59: mid 2022", head[54], head[55]]
    rows = []
    for r in genuine_rows(folder):
        total, children, older, working = (int(v) for v in r[52:56])
        rows.append(r[:4] + [total, children, total - children - older, older, working])
    return _workbook(path, "ID 2025 Population Denominators", header, rows)
