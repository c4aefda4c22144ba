"""Hex map layouts: one hex per area, read from HexJSON files.

A hex cartogram gives every district the same size, so small, dense urban districts are as
visible as large rural ones. Three layouts are bundled in ``resources/maps/``: the UK local
authority districts of 2019 (Open Innovations, MIT licence; its 317 English districts are those
of IoD2019), those in use since April 2023 (the 2025 layout, same source and licence; its 296
English districts are those of IoD2025, with Barnsley and Sheffield on their 2024 codes) and a
hand-made one for the twelve fictional workshop areas. :func:`layout_for` picks the layout the
data's codes belong to, so IoD2019 data are drawn on 2019 districts and IoD2025 data on today's.

Coordinates: hexes are pointy-topped with a centre-to-corner radius of 1; row ``r`` counts
upwards (north), as in the Open Innovations files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from simulator.core.errors import FundsimError
from simulator.core.inputs import read_input_text
from simulator.core.paths import resources_dir
from simulator.data.districts import RECODED, RECODED_BACK, same_district

UK_DISTRICTS_FILE = "maps/uk-local-authority-districts-2019.hexjson"
UK_DISTRICTS_2025_FILE = "maps/uk-local-authority-districts-2025.hexjson"
WORKSHOP_FILE = "maps/workshop-areas.hexjson"
#: Largest HexJSON read (a map of every district of the UK is about 60 kB).
MAX_HEXJSON_BYTES = 20_000_000
OPEN_INNOVATIONS_CREDIT = "Hex map layout © Open Innovations, MIT licence"
WORKSHOP_CREDIT = "Hex layout of the fictional workshop areas: fundsim"
#: Prefixes of English district codes (unitary, non-metropolitan, metropolitan, London).
ENGLISH_PREFIXES = ("E06", "E07", "E08", "E09")
SQRT3 = float(np.sqrt(3.0))
#: Corner angles of a pointy-topped hex, anticlockwise from the upper right.
_ANGLES = np.deg2rad(np.arange(30, 390, 60))


@dataclass(frozen=True)
class HexLayout:
    """Hexes in a fixed order: ``codes``, ``names``, columns ``q`` and rows ``r``."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    q: np.ndarray
    r: np.ndarray
    layout: str = "odd-r"
    title: str = ""
    credit: str = ""

    def __len__(self) -> int:
        return len(self.codes)

    def index(self) -> dict[str, int]:
        """Position of each code."""
        return {code: i for i, code in enumerate(self.codes)}

    def centres(self) -> np.ndarray:
        """Hex centres, shape (n, 2), in units of the hex radius."""
        odd = (self.r & 1).astype(float)
        shift = odd if self.layout == "odd-r" else 1.0 - odd
        x = SQRT3 * (self.q + 0.5 * shift)
        y = 1.5 * self.r.astype(float)
        return np.column_stack([x, y])

    def corners(self, scale: float = 1.0) -> np.ndarray:
        """The six corners of every hex, shape (n, 6, 2); ``scale`` < 1 leaves a gap between hexes."""
        offsets = scale * np.column_stack([np.cos(_ANGLES), np.sin(_ANGLES)])
        return self.centres()[:, None, :] + offsets[None, :, :]

    def subset(self, keep: np.ndarray) -> HexLayout:
        """The hexes where ``keep`` (a boolean array) is true, in the same order."""
        keep = np.asarray(keep, dtype=bool)
        return HexLayout(
            tuple(c for c, k in zip(self.codes, keep) if k),
            tuple(n for n, k in zip(self.names, keep) if k),
            self.q[keep],
            self.r[keep],
            self.layout,
            self.title,
            self.credit,
        )

    def nearest(self, x: float, y: float) -> int | None:
        """The hex containing the point (x, y), or None outside every hex."""
        if not len(self):
            return None
        d2 = ((self.centres() - (x, y)) ** 2).sum(axis=1)
        i = int(np.argmin(d2))
        # inside the inscribed circle for sure; between it and the corners, nearest centre decides
        return i if d2[i] <= 1.0 else None


def read_hexjson(path: str | Path, *, title: str = "", credit: str = "") -> HexLayout:
    """Read a HexJSON file (``layout`` odd-r or even-r; each hex with ``q``, ``r`` and a name ``n``).

    Raises :class:`FundsimError` naming the file and the hex when the file cannot be used.
    """
    path = Path(path)
    try:
        doc = json.loads(read_input_text(path, MAX_HEXJSON_BYTES, "HexJSON file"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FundsimError(f"cannot be read as HexJSON: {exc}", file=str(path)) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("hexes"), dict):
        raise FundsimError("is not HexJSON: it has no 'hexes' object", file=str(path))
    layout = doc.get("layout", "odd-r")
    if layout not in ("odd-r", "even-r"):
        raise FundsimError(
            f"has layout '{layout}'; fundsim draws 'odd-r' and 'even-r' (pointy-topped) layouts",
            file=str(path),
            field="layout",
        )
    codes, names, qs, rs = [], [], [], []
    seen: set[tuple[int, int]] = set()
    for key, hexagon in doc["hexes"].items():
        try:
            q, r = int(hexagon["q"]), int(hexagon["r"])
        except (KeyError, TypeError, ValueError) as exc:
            raise FundsimError(
                f"hex '{key}' needs whole-number 'q' and 'r'", file=str(path), field=f"hexes.{key}"
            ) from exc
        if (q, r) in seen:
            raise FundsimError(
                f"hex '{key}' is on the same cell (q={q}, r={r}) as another hex",
                file=str(path),
                field=f"hexes.{key}",
            )
        seen.add((q, r))
        codes.append(str(hexagon.get("id", key)))
        names.append(str(hexagon.get("n", key)))
        qs.append(q)
        rs.append(r)
    return HexLayout(
        tuple(codes),
        tuple(names),
        np.array(qs, dtype=int),
        np.array(rs, dtype=int),
        layout,
        title,
        credit,
    )


@cache
def uk_districts(vintage: str = "2019") -> HexLayout:
    """Every UK local authority district, as bundled: of 2019 (``vintage="2019"``, IoD2019's)
    or in use since April 2023 (``"2025"``, IoD2025's)."""
    if vintage == "2025":
        return read_hexjson(
            resources_dir() / UK_DISTRICTS_2025_FILE,
            title="Local authority districts (2024)",
            credit=OPEN_INNOVATIONS_CREDIT,
        )
    return read_hexjson(
        resources_dir() / UK_DISTRICTS_FILE,
        title="Local authority districts (2019)",
        credit=OPEN_INNOVATIONS_CREDIT,
    )


def england_districts(vintage: str = "2019") -> HexLayout:
    """England's districts: the 317 of 2019 (IoD2019's) or the 296 of 2024 (IoD2025's)."""
    layout = uk_districts(vintage)
    return layout.subset(np.array([c.startswith(ENGLISH_PREFIXES) for c in layout.codes]))


def _recoded_as(layout: HexLayout, wanted: set[str]) -> HexLayout:
    """``layout`` with a recoded district's hex carrying the code the data use (the IoD2025
    summaries keep Barnsley's and Sheffield's pre-2024 codes; the 2025 layout has the new ones)."""
    swap = {}
    for code in layout.codes:
        other = RECODED.get(code) or RECODED_BACK.get(code)
        if other and other in wanted and code not in wanted:
            swap[code] = other
    if not swap:
        return layout
    codes = tuple(swap.get(c, c) for c in layout.codes)
    return HexLayout(
        codes, layout.names, layout.q, layout.r, layout.layout, layout.title, layout.credit
    )


@cache
def workshop_areas() -> HexLayout:
    """The twelve fictional workshop areas."""
    return read_hexjson(
        resources_dir() / WORKSHOP_FILE, title="Fictional workshop areas", credit=WORKSHOP_CREDIT
    )


def layout_for(codes) -> HexLayout:
    """The bundled layout that fits a set of area codes best.

    The workshop layout when most codes are workshop codes; otherwise England's districts of
    2019 or of 2024, whichever more of the codes belong to (the 2019 layout on a tie), plus any
    other UK district of the layout that the codes name (a Welsh district, say). A district
    recoded in 2024 (Barnsley, Sheffield) is drawn under whichever of its codes the data use.
    """
    wanted = set(map(str, codes))
    workshop = workshop_areas()
    old, new = uk_districts("2019"), uk_districts("2025")
    same = {same_district(c) for c in wanted}
    old_hits = len(same & {same_district(c) for c in old.codes})
    new_hits = len(same & {same_district(c) for c in new.codes})
    if len(wanted & set(workshop.codes)) > max(old_hits, new_hits):
        return workshop
    uk = _recoded_as(new if new_hits > old_hits else old, wanted)
    keep = np.array([c.startswith(ENGLISH_PREFIXES) or c in wanted for c in uk.codes])
    return uk.subset(keep)
