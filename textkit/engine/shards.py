"""Shards: the corpus cut into pieces by its documents alone, never by the number of workers.

A shard is a run of consecutive documents closed once it holds
``shard_chars`` characters (or ``shard_docs`` documents).  The cut depends
on the input only, so shard ``i`` holds the same documents in this process,
in two local processes and on a cluster of any size: per-shard results,
per-shard seeds and the reduction tree (:mod:`textkit.engine.reduce`) are
the same everywhere.

Documents are read as a stream (:func:`iter_corpus`), so the corpus is never
held whole; each document keeps ``row``, its position in the input (from 0),
which samples hash (:func:`sample_mask`) so that a sample does not depend on
how the corpus is cut either.

Examples
--------
>>> [(s.index, s.start, len(s.frame)) for s in iter_shards("seeds", shard_chars=2_000)]
[(0, 0, 16), (1, 16, 13), (2, 29, 11)]
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from textkit.errors import ParameterError

__all__ = ["Shard", "iter_corpus", "iter_shards", "sample_mask", "row_hashes", "SHARD_CHARS", "SHARD_DOCS"]

SHARD_CHARS = 250_000
"""Characters per shard by default: about half a second of segmentation and 20-30 MB of a worker's memory, so
that a corpus of a million characters already keeps four workers busy, and 10^9 characters make 4,000 tasks
(Dask schedules a few thousand a second)."""

SHARD_DOCS = 20_000
"""Most documents per shard (a corpus of very short posts)."""


def iter_corpus(corpus: str | os.PathLike[str], *, chunk_size: int = 10_000, **load_options) -> Iterator[pd.DataFrame]:
    """The documents of a corpus in chunks of ``chunk_size``, with :func:`textkit.corpus.load.load_corpus`'s columns and checks.

    Uses ``textkit.corpus.load.iter_corpus`` (a streaming reader) where
    textkit has one; otherwise reads the corpus whole with ``load_corpus``
    and cuts it, which holds the document table in memory while the
    chunks are made.
    """
    from textkit.corpus import load

    streaming = getattr(load, "iter_corpus", None)
    if streaming is not None:
        yield from streaming(corpus, chunk_size=chunk_size, **load_options)
        return
    docs = load.load_corpus(corpus, **load_options)
    for start in range(0, len(docs), chunk_size):
        yield docs.iloc[start:start + chunk_size].reset_index(drop=True)


@dataclass
class Shard:
    """Consecutive documents of the input: shard ``index`` holds rows ``start`` to ``start + len(frame) - 1``.

    ``frame`` has the document table's columns plus ``row`` (the position in the input).
    """

    index: int
    start: int
    frame: pd.DataFrame

    @property
    def characters(self) -> int:
        return int(self.frame.text.str.len().sum())


def iter_shards(
    corpus: str | os.PathLike[str],
    *,
    shard_chars: int = SHARD_CHARS,
    shard_docs: int = SHARD_DOCS,
    **load_options,
) -> Iterator[Shard]:
    """Cut a corpus into shards of about ``shard_chars`` characters, as it is read.

    Parameters
    ----------
    corpus : path
        Anything :func:`textkit.corpus.load.load_corpus` reads.
    shard_chars : int, default SHARD_CHARS
        A shard is closed as soon as its texts hold this many characters.
    shard_docs : int, default SHARD_DOCS
        … or this many documents.
    **load_options
        Passed to the reader (``format``, ``text_column``…).

    Yields
    ------
    Shard
    """
    for name, value in (("shard_chars", shard_chars), ("shard_docs", shard_docs)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ParameterError(f"{name} must be a whole number of at least 1 (got {value!r})")
    index = row = 0
    held: list[pd.DataFrame] = []
    held_docs = 0
    held_chars = 0
    for chunk in iter_corpus(corpus, **load_options):
        lengths = chunk.text.str.len().to_numpy()
        at = 0
        while at < len(chunk):
            # The documents of this chunk that still fit, the last one closing the shard included.
            room_docs = shard_docs - held_docs
            ends = np.cumsum(lengths[at:at + room_docs]) + held_chars
            close = np.flatnonzero(ends >= shard_chars)
            take = int(close[0]) + 1 if len(close) else min(room_docs, len(chunk) - at)
            held.append(chunk.iloc[at:at + take])
            held_docs += take
            held_chars = int(ends[take - 1])
            at += take
            if held_docs >= shard_docs or held_chars >= shard_chars:
                yield _shard(index, row, held)
                index, row = index + 1, row + held_docs
                held, held_docs, held_chars = [], 0, 0
    if held:
        yield _shard(index, row, held)


def _shard(index: int, start: int, pieces: list[pd.DataFrame]) -> Shard:
    frame = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0].reset_index(drop=True)
    frame.insert(0, "row", np.arange(start, start + len(frame), dtype=np.int64))
    return Shard(index, start, frame)


def sample_mask(rows: Sequence[int] | np.ndarray, rate: float, *, random_state: int = 0) -> np.ndarray:
    """Which documents a sample of about ``rate`` keeps: a hash of (row, seed) under a threshold.

    The decision for a document depends on its row and the seed only, not
    on its shard, the number of shards or the order they finish in.

    Examples
    --------
    >>> sample_mask([0, 1, 2, 3, 4, 5, 6, 7], 0.5, random_state=0).tolist()
    [True, True, False, False, False, True, True, False]
    """
    if not 0 <= rate <= 1:
        raise ParameterError(f"rate must be between 0 and 1 (got {rate!r})")
    return row_hashes(rows, random_state=random_state) < np.uint64(min(int(rate * 2**64), 2**64 - 1))


def row_hashes(rows: Sequence[int] | np.ndarray, *, random_state: int = 0) -> np.ndarray:
    """A 64-bit hash of each row under a seed (keyed BLAKE2b): the ranks a sample is drawn by.

    Examples
    --------
    >>> bool(row_hashes([3], random_state=1)[0] == row_hashes([3], random_state=1)[0] != row_hashes([3], random_state=2)[0])
    True
    """
    seed = hashlib.blake2b(f"textkit-sample-{random_state}".encode(), digest_size=8).digest()
    data = b"".join(hashlib.blake2b(int(r).to_bytes(8, "little", signed=True), digest_size=8, key=seed).digest()
                    for r in np.asarray(rows, dtype=np.int64))
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)
