"""Running chunks of Monte Carlo work on every core, with results in chunk order.

numpy releases the GIL inside random number generation and array arithmetic, so threads give
real parallelism without copying data between processes. Results are handed back strictly in
chunk order and at most a few chunks are in flight, so memory stays bounded and the output never
depends on which thread finished first.

While chunks run on several threads, the BLAS library's own threads are held to one
(threadpoolctl): each chunk's matrix products are small, and BLAS threads waiting for work
would otherwise take the cores the chunks need. The products give the same numbers either way.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def worker_count() -> int:
    """Threads to use: every core, unless ``FUNDSIM_THREADS`` says otherwise."""
    value = os.environ.get("FUNDSIM_THREADS")
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


_blas_lock = threading.Lock()
_blas_users = 0
_blas_state: dict = {}


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Hold BLAS to one thread while the block runs (counted, so overlapping runs on different
    threads restore the setting only when the last one ends)."""
    global _blas_users
    with _blas_lock:
        if _blas_users == 0:
            try:
                from threadpoolctl import ThreadpoolController

                controller = _blas_state.get("controller") or ThreadpoolController()
                _blas_state["controller"] = controller
                _blas_state["limiter"] = controller.limit(limits=1, user_api="blas")
            except Exception:  # no threadpoolctl, or a BLAS it cannot steer: run as it is
                _blas_state["limiter"] = None
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            limiter = _blas_state.get("limiter")
            if _blas_users == 0 and limiter is not None:
                limiter.restore_original_limits()
                _blas_state["limiter"] = None


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], workers: int | None = None
) -> Iterator[R]:
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
    with (
        single_threaded_blas(),
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fundsim") as pool,
    ):
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
