"""Running chunks of Monte Carlo work on every core, with results in chunk order.

numpy releases the GIL inside random number generation and array arithmetic, so threads give
real parallelism without copying data between processes. Results are handed back strictly in
chunk order and at most a few chunks are in flight, so memory stays bounded and the output never
depends on which thread finished first.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def worker_count() -> int:
    """Threads to use: every core, unless ``FUNDSIM_THREADS`` says otherwise."""
    value = os.environ.get("FUNDSIM_THREADS")
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None) -> Iterator[R]:
    """``map(fn, items)`` on a thread pool, yielding results in order, few in flight at once.

    If the consumer stops early (an exception such as a cancellation), work not yet started is
    dropped.
    """
    workers = workers or worker_count()
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield fn(item)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fundsim") as pool:
        pending: deque = deque()
        queue = iter(items)
        try:
            for item in queue:
                pending.append(pool.submit(fn, item))
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
