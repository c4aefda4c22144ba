"""Where the runs of an analysis happen: on this machine's cores, or on a Dask cluster.

Every point of a sweep, tornado, Sobol design or goal-seek step is an independent run, so they
spread over threads (numpy releases the GIL in the heavy work) or over a cluster's workers. Each
point is computed by the same function from the same inputs and handed back in the order it was
asked for, so the results are byte-identical wherever they ran.

``scheduler`` is the address of an existing ``dask.distributed`` scheduler, e.g.
``tcp://10.0.0.5:8786``; ``dask[distributed]`` is an optional extra (``pip install
"fundsim[cluster]"``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from simulator.analysis.evaluate import Point, evaluate
from simulator.core.budget import check_workers
from simulator.core.errors import FundsimError
from simulator.core.parallel import worker_count
from simulator.data import Areas
from simulator.engine import Cancelled
from simulator.scenario import Scenario

ProgressFn = Callable[[int, int], None]
StopFn = Callable[[], bool]


_ADDRESS = re.compile(
    r"^(?:tcp://)?(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\]):(?P<port>[0-9]{1,5})$"
)


_INPROC = re.compile(r"^inproc://[0-9A-Za-z.:\[\]-]+/[0-9]+/[0-9]+$")


def check_scheduler(address: str | None, in_process: bool = False) -> str | None:
    """The Dask scheduler address, checked for its form before any connection: ``HOST:PORT`` or
    ``tcp://HOST:PORT`` (the form ``dask scheduler`` prints). Other protocols (``tls://`` needs
    certificates fundsim does not configure; ``inproc://`` is another process's memory; ``http://``
    is the dashboard, not the scheduler) and anything else are refused in one line."""
    if address is None:
        return None
    text = address.strip()
    if in_process and _INPROC.match(text):  # a cluster this process started (the Python API)
        return text
    match = _ADDRESS.match(text)
    if not match or not 1 <= int(match.group("port")) <= 65535:
        shown = repr(address) if len(address) <= 60 else repr(address[:60]) + "..."
        raise FundsimError(
            f"--scheduler must be a Dask scheduler's address, HOST:PORT or tcp://HOST:PORT "
            f"(e.g. tcp://10.0.0.5:8786), got {shown}"
        )
    return text if text.startswith("tcp://") else f"tcp://{text}"


class Runner:
    """Runs batches of points for one scenario, data and list of metrics.

    ``progress(done, total)`` is called as points finish (from the calling thread);
    ``should_stop()`` is polled, and a true answer raises :class:`simulator.engine.Cancelled`.
    """

    #: How long to wait for a Dask scheduler to answer.
    _connect_timeout = "5s"

    def __init__(
        self,
        scenario: Scenario,
        areas: Areas,
        metrics: Sequence[str],
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        progress: ProgressFn | None = None,
        should_stop: StopFn | None = None,
    ) -> None:
        self.scenario, self.areas, self.metrics = scenario, areas, list(metrics)
        self.scheduler = check_scheduler(scheduler, in_process=True)
        check_workers(workers)
        self.workers = workers or worker_count()
        self.progress = progress
        self.should_stop = should_stop
        self.done = 0
        self.total = 0
        self._client = None
        self._areas_future = None

    # -- bookkeeping -----------------------------------------------------------------------
    def expect(self, count: int) -> None:
        """Announce ``count`` more points (for the progress fraction)."""
        self.total += count

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))

    def _stopped(self) -> bool:
        return self.should_stop is not None and self.should_stop()

    @property
    def parallel(self) -> int:
        """How many points run at once: threads here, or the cluster's worker threads."""
        if self.scheduler is None:
            return self.workers
        client = self._connect()
        return max(1, sum(client.nthreads().values()))

    # -- running -----------------------------------------------------------------------------
    def run(self, settings: Sequence[dict[str, float]]) -> list[Point]:
        """Evaluate every settings dict; the points come back in the same order."""
        if self.total < self.done + len(settings):
            self.total = self.done + len(settings)
        if not settings:
            return []
        if self._stopped():
            raise Cancelled()
        if self.scheduler is not None:
            return self._run_dask(settings)
        return self._run_local(settings)

    def _run_local(self, settings: Sequence[dict[str, float]]) -> list[Point]:
        from simulator.engine import check_budget

        # the runs at once must fit together, each as large as the scenario's own
        check_budget(self.scenario, len(self.areas), runs=min(self.workers, len(settings)))
        stop = threading.Event()
        # with at least a point per thread, each run keeps to one thread (no nested pools)
        inner = 1 if len(settings) >= self.workers else None

        def one(s: dict[str, float]) -> Point:
            return evaluate(
                self.scenario, self.areas, s, self.metrics, should_stop=stop.is_set, threads=inner
            )

        if self.workers <= 1 or len(settings) == 1:
            out = []
            for s in settings:
                if self._stopped():
                    raise Cancelled()
                out.append(
                    evaluate(self.scenario, self.areas, s, self.metrics, should_stop=self._stopped)
                )
                self._tick()
            return out
        results: list[Point | None] = [None] * len(settings)
        with ThreadPoolExecutor(
            max_workers=min(self.workers, len(settings)), thread_name_prefix="fundsim-analysis"
        ) as pool:
            futures = {pool.submit(one, s): i for i, s in enumerate(settings)}
            pending = set(futures)
            try:
                while pending:
                    finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                    for future in finished:
                        results[futures[future]] = future.result()
                        self._tick()
                    if self._stopped():
                        raise Cancelled()
            except BaseException:  # a cancellation, an error in a run, or Ctrl+C
                stop.set()
                for future in pending:
                    future.cancel()
                raise
        return results  # type: ignore[return-value]

    def _connect(self):
        if self._client is None:
            try:
                from distributed import Client
            except ImportError:
                raise FundsimError(
                    '--scheduler needs the optional Dask support: pip install "fundsim[cluster]" '
                    "(or dask[distributed])"
                ) from None
            try:
                self._client = Client(
                    self.scheduler, set_as_default=False, timeout=self._connect_timeout
                )
            except (OSError, TimeoutError, ValueError) as exc:
                detail = " ".join(str(exc).split())[:200]
                raise FundsimError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {detail}"
                ) from None
        return self._client

    def _run_dask(self, settings: Sequence[dict[str, float]]) -> list[Point]:
        client = self._connect()
        if self._areas_future is None:
            [self._areas_future] = client.scatter([self.areas], broadcast=True, hash=False)
        futures = [
            client.submit(
                evaluate, self.scenario, self._areas_future, dict(s), list(self.metrics), pure=False
            )
            for s in settings
        ]
        pause = threading.Event()
        try:
            reported = 0
            while reported < len(futures):
                finished = sum(f.done() for f in futures)
                for _ in range(finished - reported):
                    self._tick()
                reported = finished
                if self._stopped():
                    raise Cancelled()
                if any(f.status == "error" for f in futures):
                    break
                if reported < len(futures):
                    pause.wait(0.05)
            return client.gather(futures)
        except FundsimError:
            _quietly(client.cancel, futures)
            raise
        except BaseException as exc:
            _quietly(client.cancel, futures)
            if _cluster_lost(exc):
                raise FundsimError(
                    f"the Dask cluster at {self.scheduler} stopped answering or cancelled the runs "
                    f"({exc.__class__.__name__}); nothing was written. Start the workers again and "
                    "re-run"
                ) from None
            raise

    def close(self) -> None:
        """Disconnect from the cluster, if connected (the cluster itself keeps running)."""
        if self._client is not None:
            _quietly(self._client.close, timeout=5)
            self._client = None
            self._areas_future = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _cluster_lost(exc: BaseException) -> bool:
    """Whether an error from gathering is the cluster going away (a cancelled future, a lost
    connection or scheduler), rather than an error inside a run."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    lost = {"FutureCancelledError", "CancelledError", "CommClosedError", "KilledWorker"}
    return bool(names & lost) or isinstance(exc, (OSError, TimeoutError))


def _quietly(action, *args, **kwargs) -> None:
    """Tidy up a cluster connection that may already be gone, without hiding the first error."""
    try:
        action(*args, **kwargs)
    except Exception:  # noqa: BLE001 - the cluster is gone; the error that matters is raised
        pass
