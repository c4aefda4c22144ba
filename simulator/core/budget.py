"""Resource budgets: a request's memory and work are estimated before it starts, and refused
beyond a budget tied to this machine's memory.

A run keeps every path of the endowment (paths x years x a few arrays of 8 bytes) and each area's
draws of the recovery fund, so ``--paths 1000000`` with a 500-year horizon would need tens of
gigabytes; a sweep of a billion points or a Sobol design of 2**30 samples would allocate its
grid before the first run. Each is refused up front with the estimate, the limit and how to raise
it, instead of exhausting the machine.

The limits can be raised (or lowered) for one session with environment variables:

- ``FUNDSIM_MEMORY_LIMIT``: the memory one request may use, e.g. ``16GB`` or ``500MB``
  (default: a quarter of this machine's physical memory, at least 1 GB);
- ``FUNDSIM_WORK_LIMIT``: the simulated values one request may compute, e.g. ``1e11``
  (default :data:`DEFAULT_WORK`).
"""

from __future__ import annotations

import math
import os
import re

from simulator.core.errors import FundsimError

MEMORY_ENV = "FUNDSIM_MEMORY_LIMIT"
WORK_ENV = "FUNDSIM_WORK_LIMIT"
#: Share of physical memory one request may use by default.
MEMORY_FRACTION = 0.25
#: The default memory limit is never below this (a machine whose size is unknown gets 2 GB).
MIN_MEMORY = 1_000_000_000
UNKNOWN_MEMORY = 8_000_000_000
#: Simulated values (draws x areas, paths x steps) one request may compute by default: about
#: ten minutes on one core.
DEFAULT_WORK = 2e10
#: Points of a sweep grid, runs of a Sobol or Morris design, and threads of ``--workers``.
MAX_POINTS = 100_000
MAX_WORKERS = 256

_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([kKmMgGtT]?)[bB]?\s*$")
_UNITS = {"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}


def physical_memory() -> int | None:
    """Bytes of physical memory, or None where the system does not say."""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None
    return pages * size if pages > 0 and size > 0 else None


def _parse(text: str, env: str) -> float:
    match = _SIZE.match(text)
    if not match:
        raise FundsimError(f"{env} must be a size such as 16GB or 500MB, got {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def memory_limit() -> int:
    """Bytes one request may use: ``FUNDSIM_MEMORY_LIMIT``, else a quarter of physical memory."""
    text = os.environ.get(MEMORY_ENV, "").strip()
    if text:
        return int(_parse(text, MEMORY_ENV))
    total = physical_memory() or UNKNOWN_MEMORY
    return max(MIN_MEMORY, int(total * MEMORY_FRACTION))


def work_limit() -> float:
    """Simulated values one request may compute: ``FUNDSIM_WORK_LIMIT``, else :data:`DEFAULT_WORK`."""
    text = os.environ.get(WORK_ENV, "").strip()
    return _parse(text, WORK_ENV) if text else DEFAULT_WORK


def size_text(n: float) -> str:
    """Bytes for a person: ``4.1 GB``, ``350 MB``."""
    if n >= 1e12:
        return f"{n / 1e12:,.1f} TB"
    if n >= 1e9:
        return f"{n / 1e9:,.1f} GB"
    return f"{n / 1e6:,.0f} MB"


def count_text(n: float) -> str:
    """A large count readably: ``1,000,000`` or ``3.0e+20``."""
    return f"{n:,.0f}" if n < 1e15 else f"{n:.1e}"


def check_memory(estimate: float, what: str) -> None:
    """Refuse ``what`` if its estimated memory is beyond :func:`memory_limit`."""
    limit = memory_limit()
    if not math.isfinite(estimate) or estimate > limit:
        raise FundsimError(
            f"{what} would need about {size_text(estimate)} of memory, more than the "
            f"{size_text(limit)} allowed on this machine (a quarter of its memory); use fewer "
            f"paths, years or points, or raise the limit with {MEMORY_ENV} (e.g. "
            f"{MEMORY_ENV}=32GB) if the machine has the memory"
        )


def check_work(estimate: float, what: str) -> None:
    """Refuse ``what`` if its estimated work (simulated values) is beyond :func:`work_limit`."""
    limit = work_limit()
    if not math.isfinite(estimate) or estimate > limit:
        raise FundsimError(
            f"{what} would compute about {count_text(estimate)} simulated values, more than the "
            f"{count_text(limit)} allowed (hours of computing); use fewer paths, years or points, "
            f"or raise the limit with {WORK_ENV} (e.g. {WORK_ENV}=1e12)"
        )


def check_points(count: float, what: str, limit: int = MAX_POINTS) -> None:
    """Refuse a grid or design of more than ``limit`` points before anything is allocated."""
    if not math.isfinite(count) or count > limit:
        raise FundsimError(
            f"{what} has {count_text(count)} points, more than the {limit:,} fundsim runs in one "
            "request; use fewer points"
        )


def check_workers(workers: int | None) -> None:
    """Refuse ``--workers`` outside 1..:data:`MAX_WORKERS` (each is a thread with its own run)."""
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise FundsimError(
            f"--workers must be from 1 to {MAX_WORKERS} (runs at once on this machine, which has "
            f"{os.cpu_count() or 1} cores), got {workers:,}"
        )
