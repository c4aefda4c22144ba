"""Reproducible random numbers, independent of chunking and thread count.

Draws are grouped in fixed blocks of :data:`BLOCK_SIZE` paths. Block ``b`` of stream ``s`` always
comes from ``SeedSequence(seed, spawn_key=(s, b))``, so a path's random numbers depend only on
the seed, the stream and the path's index: never on how the paths are split into chunks or
which thread runs them. Each source of randomness has its own stream, so two scenarios run with
the same seed share their draws wherever their structure allows (common random numbers), and a
change to one fund never reshuffles the other's draws.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

BLOCK_SIZE = 64


class Stream(IntEnum):
    """Independent random streams, one per source of uncertainty."""

    RECOVERY_INDICATOR = 1
    ENDOWMENT_MARKETS = 2
    RECOVERY_BID_DRAW = 3
    RECOVERY_BID_SIZE = 4
    ENDOWMENT_INFLATION = 5
    ENDOWMENT_TAILS = 6
    ENDOWMENT_BOOTSTRAP = 7
    ENDOWMENT_INFLOWS = 8
    ENDOWMENT_RETURN_MEAN = 21  # each path's expected return (estimation risk)
    COMPETITION_AREA = 9
    COMPETITION_BIDS = 10  # bids a round, when drawn as counts


def block_generator(
    seed: int, stream: Stream, block: int, sub: tuple[int, ...] = ()
) -> np.random.Generator:
    """The generator for one block of paths of one stream (and sub-stream, e.g. a round)."""
    key = (int(stream), *sub, block)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def chunk_bounds(paths: int, chunk_paths: int) -> list[tuple[int, int]]:
    """Split ``paths`` into chunks whose boundaries fall on block boundaries."""
    step = max(BLOCK_SIZE, (chunk_paths // BLOCK_SIZE) * BLOCK_SIZE)
    return [(start, min(start + step, paths)) for start in range(0, paths, step)]


def block_sums(values: np.ndarray) -> np.ndarray:
    """Sums over each block of :data:`BLOCK_SIZE` paths (blocks, ...) of a chunk's values (paths,
    ...), so that totals added block by block do not depend on the chunking. The same numbers as
    ``values[i : i + BLOCK_SIZE].sum(axis=0)`` block by block, in one operation."""
    full = len(values) // BLOCK_SIZE * BLOCK_SIZE
    sums = values[:full].reshape(-1, BLOCK_SIZE, *values.shape[1:]).sum(axis=1)
    if full == len(values):
        return sums
    return np.concatenate([sums, values[full:].sum(axis=0)[None]])


def block_sums_of_squares(values: np.ndarray) -> np.ndarray:
    """As :func:`block_sums`, of the squares of a (paths, areas) chunk (``einsum`` block by block)."""
    full = len(values) // BLOCK_SIZE * BLOCK_SIZE
    blocks = values[:full].reshape(-1, BLOCK_SIZE, values.shape[1])
    squares = np.einsum("bij,bij->bj", blocks, blocks)
    if full == len(values):
        return squares
    rest = values[full:]
    return np.concatenate([squares, np.einsum("ij,ij->j", rest, rest)[None]])


def chunk_size_for(bytes_per_path: float, budget_bytes: float = 256e6) -> int:
    """How many paths fit in a chunk within a memory budget, rounded to whole blocks."""
    blocks = int(budget_bytes // max(bytes_per_path * BLOCK_SIZE, 1.0))
    return max(1, blocks) * BLOCK_SIZE


def _fill(
    kind: str,
    seed: int,
    stream: Stream,
    start: int,
    stop: int,
    tail: tuple[int, ...],
    sub: tuple[int, ...],
    out: np.ndarray | None = None,
    shape: float = 1.0,
) -> np.ndarray:
    if start % BLOCK_SIZE:
        raise ValueError("chunks must start on a block boundary")
    if out is None:
        out = np.empty((stop - start, *tail))
    for block in range(start // BLOCK_SIZE, -(-stop // BLOCK_SIZE)):
        lo = block * BLOCK_SIZE
        hi = min(lo + BLOCK_SIZE, stop)
        generator = block_generator(seed, stream, block, sub)
        if kind == "normal":
            generator.standard_normal(out=out[lo - start : hi - start])
        elif kind == "gamma":
            generator.standard_gamma(shape, out=out[lo - start : hi - start])
        else:
            generator.random(out=out[lo - start : hi - start])
    return out


def standard_normal(
    seed: int,
    stream: Stream,
    start: int,
    stop: int,
    tail: tuple[int, ...],
    sub: tuple[int, ...] = (),
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Standard normal draws for paths ``start..stop-1``: shape ``(stop - start, *tail)``.

    ``start`` must be a multiple of :data:`BLOCK_SIZE`; ``stop`` must be one too unless it is the
    last path. The values for a path are the same whatever chunk it is generated in. ``sub``
    selects an independent sub-stream (e.g. the round of a competition); ``out`` reuses an array.
    """
    return _fill("normal", seed, stream, start, stop, tail, sub, out)


def uniform(
    seed: int,
    stream: Stream,
    start: int,
    stop: int,
    tail: tuple[int, ...],
    sub: tuple[int, ...] = (),
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Uniform [0, 1) draws, laid out and reproducible as :func:`standard_normal`."""
    return _fill("uniform", seed, stream, start, stop, tail, sub, out)


def standard_gamma(
    seed: int, stream: Stream, start: int, stop: int, tail: tuple[int, ...], shape: float
) -> np.ndarray:
    """Standard gamma draws of the given shape, laid out and reproducible as :func:`standard_normal`."""
    return _fill("gamma", seed, stream, start, stop, tail, (), None, shape)
