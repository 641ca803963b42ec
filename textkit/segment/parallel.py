"""The parallel driver: a stream of texts segmented in order, in worker processes, through the cache.

Texts are grouped into tasks (:func:`batches`); each task is segmented by
one function, :func:`segment_batch`, in this process (``n_jobs=1``) or in a
joblib/loky worker (``n_jobs>1``).  The task reads the cache, segments what
it did not find and writes it back, so every process reads and writes the
cache itself (diskcache is process-safe) and no cache connection crosses a
thread or a process.  Workers receive the segmenter's frozen settings
(:class:`~textkit.segment.Settings`), never its parameters: they cannot
read a dictionary file that changed since, and their results are stored
under the fingerprint that made them.

Examples
--------
>>> segment_documents(["生命科學園的新機遇。數字經濟！"])
[[['生命科學園', '新機遇'], ['數字經濟']]]
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path

from textkit.errors import ParameterError
from textkit.corpus.resources import cache_dir
from textkit.segment.cache import SegmentCache, Sentences
from textkit.segment.segmenter import Engine, Segmenter

__all__ = ["iter_segment_documents", "segment_documents", "segment_batch", "batches"]

_KEEP = 2  # engines (and caches) a worker keeps: each engine holds a dictionary of about 60 MB
_ENGINES: dict[str, Engine] = {}
_STORES: dict[tuple[str, str], SegmentCache] = {}


def _remember(memo: dict, key, value, keep: int = _KEEP):
    """Insert ``key`` last (most recent) and drop the oldest beyond ``keep``; returns ``value``."""
    memo.pop(key, None)
    memo[key] = value
    while len(memo) > keep:
        old = memo.pop(next(iter(memo)))
        if isinstance(old, SegmentCache):
            old.close()
    return value


def _worker_engine(fingerprint: str, settings: bytes) -> Engine:
    """This process's engine for ``fingerprint``, built from the pickled settings once."""
    engine = _ENGINES.get(fingerprint)
    if engine is None:
        engine = Engine(pickle.loads(settings))
    return _remember(_ENGINES, fingerprint, engine)


def _worker_store(directory: str, fingerprint: str) -> SegmentCache:
    """This process's open cache for ``directory`` and ``fingerprint`` (reopened if the file was replaced)."""
    store = _STORES.get((directory, fingerprint))
    if store is None or not store.is_current():
        if store is not None:
            store.close()
        store = SegmentCache(directory, fingerprint)
    return _remember(_STORES, (directory, fingerprint), store)


def segment_batch(engine: Engine, texts: list[str], store: SegmentCache | None = None) -> list[Sentences]:
    """One task: cached results read, the rest segmented together and stored; results in order.

    Each distinct text is segmented once.
    """
    hits = store.get_many(texts) if store is not None else {}
    misses = list(dict.fromkeys(t for t in texts if t not in hits))
    done = engine.tokenize_documents(misses) if misses else []
    if store is not None and misses:
        store.put_many(zip(misses, done))
    new = dict(zip(misses, done))
    return [hits[t] if t in hits else new[t] for t in texts]


def _worker_task(fingerprint: str, settings: bytes, texts: list[str], directory: str | None) -> list[Sentences]:
    """Runs in a worker process."""
    store = _worker_store(directory, fingerprint) if directory is not None else None
    return segment_batch(_worker_engine(fingerprint, settings), texts, store)


def batches(texts: Iterable[str], size: int, chars: int) -> Iterator[list[str]]:
    """Lists of at most ``size`` texts, closed early once they hold ``chars`` characters.

    Examples
    --------
    >>> list(batches(["生命科學園", "數字經濟", "區塊鏈"], 2, 100))
    [['生命科學園', '數字經濟'], ['區塊鏈']]
    >>> list(batches(["生命科學園", "數字經濟", "區塊鏈"], 10, 5))
    [['生命科學園'], ['數字經濟', '區塊鏈']]
    """
    batch: list[str] = []
    total = 0
    for t in texts:
        batch.append(t)
        total += len(t)
        if len(batch) == size or total >= chars:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def _cache_folder(cache: bool | str | os.PathLike[str] | None) -> Path | None:
    if cache is None or cache is False:
        return None
    if cache is True:
        return cache_dir() / "segments"
    if isinstance(cache, str | os.PathLike):
        return Path(cache)
    raise ParameterError(f"cache must be True, False, None or a folder (got {cache!r})")


def iter_segment_documents(
    texts: Iterable[str],
    segmenter: Segmenter | None = None,
    *,
    n_jobs: int = 1,
    cache: bool | str | os.PathLike[str] | None = None,
    batch_size: int = 1024,
    batch_chars: int = 16_000,
) -> Iterator[Sentences]:
    """Segment a stream of texts, in order, optionally in parallel and through a disk cache.

    Parameters
    ----------
    texts : iterable of str
        Read lazily: memory does not grow with the corpus.
    segmenter : Segmenter, optional
    n_jobs : int, default 1
        Worker processes (joblib/loky), each with its own tokenizer, never
        ``jieba.enable_parallel``.  ``-1`` uses every core.
    cache : bool or path, optional
        ``True`` keeps results in the folder ``segments`` of
        :func:`textkit.corpus.resources.cache_dir`; a path names the folder;
        ``None``/``False`` caches nothing.  See
        :class:`~textkit.segment.SegmentCache`.
    batch_size : int, default 1024
        Most documents per task (and per cache look-up).
    batch_chars : int, default 16000
        A task is closed early once its documents hold this many
        characters (about 30 ms of work): tasks stay small enough for the
        workers to finish together, whatever the document length.

    Yields
    ------
    list of list of str
        Per text, its sentences' analysis tokens (:meth:`Segmenter.tokenize_sentences`).

    Notes
    -----
    Worker processes start once (about a second each: interpreter, textkit,
    dictionary) and are reused by later calls.  Tokens come out interned:
    each distinct token is one string object, however many documents hold
    it, so a corpus costs a pointer per token rather than a string.  Results are identical to
    ``n_jobs=1``, cached or not.  The segmenter's settings are frozen when
    the call starts.
    """
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ParameterError(f"n_jobs must be a positive whole number or -1 (got {n_jobs!r})")
    for name, value in (("batch_size", batch_size), ("batch_chars", batch_chars)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ParameterError(f"{name} must be a whole number of at least 1 (got {value!r})")
    folder = _cache_folder(cache)
    words: dict[str, str] = {}  # one string object per distinct token, whatever its source (cache, worker, engine)

    def interned(done: list[Sentences]) -> Iterator[Sentences]:
        same = words.setdefault
        for doc in done:
            yield [list(map(same, s, s)) for s in doc]

    engine = (segmenter or Segmenter())._engine  # frozen now: later set_params() do not reach this call
    fingerprint = engine.settings.fingerprint
    # Opened here first, so that a cache SQLite cannot read is rebuilt (and reported) once, in this process.
    store = SegmentCache(folder, fingerprint) if folder is not None else None
    try:
        if n_jobs == 1:
            for batch in batches(texts, batch_size, batch_chars):
                yield from interned(segment_batch(engine, batch, store))
            return
        if store is not None:
            store.close()  # the workers open their own
            store = None
        from joblib import delayed

        from textkit._workers import parallel

        settings = pickle.dumps(engine.settings)
        directory = str(folder) if folder is not None else None
        # batch_size=1: the tasks are batches already; joblib's own batching
        # would merge them into a few long ones and leave a worker idle at the end.
        results = parallel(n_jobs, return_as="generator", pre_dispatch="2*n_jobs", batch_size=1)(
            delayed(_worker_task)(fingerprint, settings, batch, directory) for batch in batches(texts, batch_size, batch_chars)
        )
        for done in results:
            yield from interned(done)
    finally:
        if store is not None:
            store.close()


def segment_documents(
    texts: Iterable[str],
    segmenter: Segmenter | None = None,
    *,
    n_jobs: int = 1,
    cache: bool | str | os.PathLike[str] | None = None,
) -> list[Sentences]:
    """Each text as a list of sentences, each a list of analysis tokens.

    The one way textkit segments a corpus: keywords use the tokens of a
    document (its sentences concatenated), TextRank and co-occurrence use the
    sentences, so nothing is segmented twice.  See
    :func:`iter_segment_documents` for ``n_jobs`` and ``cache``.

    Examples
    --------
    >>> segment_documents(["生命科學園的新機遇。數字經濟！"])
    [[['生命科學園', '新機遇'], ['數字經濟']]]
    """
    return list(iter_segment_documents(texts, segmenter, n_jobs=n_jobs, cache=cache))
