"""A prepared corpus: what the analyses ask the engine for.

:func:`open_corpus` builds the corpus store once (or finds it:
:func:`textkit.engine.build.build_store`) and returns a
:class:`PreparedCorpus`, the small interface the notebooks and analyses
use instead of a table of every token:

* :meth:`PreparedCorpus.counts`: the reduced counts (vocabulary, document
  frequency, group x term, period x term, window co-occurrence), counted in
  one pass over the store and kept in it, so every notebook of a run reads
  them instead of counting again;
* :meth:`PreparedCorpus.documents`: the document table, some columns, at
  most ``limit`` rows (KWIC, tables shown capped);
* :meth:`PreparedCorpus.sample`: ``n`` documents chosen by a hash of their
  row and a seed (the same whatever the shards or workers);
* :meth:`PreparedCorpus.map_shards`: a function over every part, on the
  workers, results in shard order (topic inference per shard).

:func:`corpus_documents` is what every notebook starts with: the document
table of :func:`textkit.engine.pipeline.prepare_documents` (the same
columns, texts and tokens), read from the run's store, which the first
notebook of a run builds and the others find.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder, open_corpus("seeds", store=folder) as corpus:
...     counts = corpus.counts()
...     top = counts.vocabulary(top_n=3)
...     sample = corpus.sample(5, columns=["doc_id"])
>>> top
['自貿區', '建設', '北京']
>>> len(sample)
5
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from textkit.engine.build import build_store
from textkit.engine.counts import MAX_PAIRS, Counts, TermCounts, count_terms, counts_key, save_counts, time_unit_for
from textkit.engine.executor import Executor, get_executor
from textkit.engine.shards import SHARD_CHARS, row_hashes
from textkit.engine.store import CorpusStore, _join, read_table
from textkit.errors import ParameterError
from textkit.segment import Segmenter

__all__ = ["open_corpus", "PreparedCorpus", "corpus_documents"]

_COUNT_COLUMNS = ["tokens", "sentence_lengths", "group", "date"]


def _count_item(item: tuple[int, str], window: int, unit: str, max_pairs: int) -> tuple[dict, TermCounts]:
    """One shard's counts (a task): its part read with tokens as integer ids."""
    index, url = item
    counts = count_terms(read_table(url, _COUNT_COLUMNS, token_ids=True), window=window, unit=unit, max_pairs=max_pairs)
    return {"index": index, "tokens": counts.n_tokens}, counts


def _merge_counts(a: TermCounts, b: TermCounts) -> TermCounts:
    return a.merge(b)


def _save(total: TermCounts | None, url: str, window: int, unit: str, max_pairs: int) -> dict:
    if total is None:
        import pyarrow as pa

        total = count_terms(pa.table({"tokens": pa.array([], type=pa.list_(pa.string()))}), window=window, unit=unit, max_pairs=max_pairs)
    return save_counts(total, url)


def _smallest(table, n: int, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    rows = table.column("row").to_numpy()
    h = row_hashes(rows, random_state=random_state)
    order = np.argsort(h, kind="stable")[:n]
    return h[order], rows[order]


class PreparedCorpus:
    """A corpus in its store, with the executor that works on it.

    Attributes
    ----------
    store : CorpusStore
    executor : Executor
    """

    def __init__(self, store: CorpusStore, executor: Executor):
        self.store = store
        self.executor = executor

    def __repr__(self) -> str:
        return f"PreparedCorpus({self.store!r}, on {self.executor.describe()})"

    def __len__(self) -> int:
        return self.store.n_documents

    @property
    def manifest(self) -> dict:
        return self.store.manifest

    def report(self):
        """What repetition removed (:class:`textkit.engine.pipeline.PreparationReport`)."""
        return self.store.report()

    def documents(self, columns: Sequence[str] | None = None, *, limit: int | None = None, sentences: bool = False) -> pd.DataFrame:
        """The document table (see :meth:`CorpusStore.documents`)."""
        return self.store.documents(columns, limit=limit, sentences=sentences)

    def time_unit(self) -> str:
        dates = self.manifest.get("dates")
        return time_unit_for(dates["min"], dates["max"]) if dates else "day"

    def counts(self, *, window: int = 5, max_pairs: int = MAX_PAIRS) -> Counts:
        """The reduced counts, counted once per ``window`` and kept in the store (``counts/…``)."""
        unit = self.time_unit()
        url = _join(self.store.root, "counts", counts_key(window, unit, max_pairs))
        try:
            return Counts(url)
        except ParameterError:  # not counted yet
            pass
        self._count(window, unit, max_pairs, url)
        return Counts(url)

    def _count(self, window: int, unit: str, max_pairs: int, url: str) -> None:
        ex = self.executor
        items = [(i, self.store.part_url(i)) for i in range(self.store.n_shards)]
        partials = (part for _, part in ex.map(_count_item, items, stage="counting", total=len(items), args=(window, unit, max_pairs)))
        total = ex.reduce(partials, _merge_counts, stage="merging counts")  # merged as they come
        ex.fetch(ex.then(_save, total, url, window, unit, max_pairs, stage="saving counts"), stage="saving counts")

    def iter_shards(self, fn: Callable, *args: Any, columns: Sequence[str] | None = None, token_ids: bool = False,
                    stage: str = "analysing") -> Iterator:
        """``fn(part, *args)`` for every part of the store (an Arrow table), on the workers; the results one by one, in shard order.

        ``fn`` must be picklable (a module-level function).  Only the
        results the workers are ahead by are held here (about twice the
        workers), so a shard's rows (a per-document table) may come back:
        write them as they come (:func:`textkit.output.export.save_table_parts`).
        With ``token_ids=True`` the part's ``tokens`` are a list of a
        dictionary array (integer ids into the part's own vocabulary): see
        :func:`textkit.engine.store.read_table`.
        """
        items = [self.store.part_url(i) for i in range(self.store.n_shards)]
        cols = list(columns) if columns is not None else None
        for info, _ in self.executor.map(_apply_item, items, stage=stage, total=len(items), args=(fn, cols, token_ids, args)):
            yield info

    def map_shards(self, fn: Callable, *args: Any, columns: Sequence[str] | None = None, token_ids: bool = False,
                   stage: str = "analysing") -> list:
        """``fn(part, *args)`` for every part of the store (an Arrow table), on the workers; the results in shard order.

        ``fn`` must be picklable (a module-level function) and its results
        small: they all come back here (:meth:`iter_shards` takes them one
        at a time).
        """
        return list(self.iter_shards(fn, *args, columns=columns, token_ids=token_ids, stage=stage))

    def close(self) -> None:
        """Close the executor (a Dask client, local processes)."""
        self.executor.close()

    def __enter__(self) -> PreparedCorpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def sample(self, n: int, *, random_state: int = 0, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """``n`` documents (all of them if fewer), those whose row has the smallest hash under ``random_state``; in input order.

        The choice depends on the rows and the seed only: the same
        documents whatever the shards, the workers or the executor.
        """
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
            raise ParameterError(f"n must be a whole number of documents (got {n!r})")
        found = self.map_shards(_smallest, int(n), int(random_state), columns=["row"], stage="sampling")
        hashes = np.concatenate([h for h, _ in found]) if found else np.zeros(0, np.uint64)
        rows = np.concatenate([r for _, r in found]) if found else np.zeros(0, np.int64)
        chosen = set(rows[np.argsort(hashes, kind="stable")[:n]].tolist())
        frames = []
        for i in range(self.store.n_shards):
            table = self.store.read_part(i, None if columns is None else list(dict.fromkeys(["row", *columns])))
            mask = np.isin(table.column("row").to_numpy(), list(chosen))
            if mask.any():
                from textkit.engine.store import _to_pandas

                frames.append(_to_pandas(table.filter(mask)))
        frame = pd.concat(frames, ignore_index=True) if frames else self.store.documents(columns, limit=0)
        return frame[list(columns)] if columns is not None else frame


def _apply_item(url: str, fn: Callable, columns, token_ids: bool, args: tuple) -> tuple[Any, None]:
    """``fn`` over one part (a task of :meth:`PreparedCorpus.map_shards`)."""
    return fn(read_table(url, columns, token_ids=token_ids), *args), None


def open_corpus(
    corpus: str | os.PathLike[str] | None,
    *,
    store: str | os.PathLike[str] = "output/store",
    scheduler: str | None = None,
    n_jobs: int = 1,
    segmenter: Segmenter | None = None,
    repeated: bool = True,
    discover_words: bool | str = "auto",
    shard_chars: int = SHARD_CHARS,
    executor: Executor | None = None,
    **load_options,
) -> PreparedCorpus:
    """The corpus prepared in its store (built now, or found), with an executor that stays open to work on it.

    What every notebook starts with: the first notebook of a run builds the
    store in ``store`` (on ``scheduler``'s workers, or ``n_jobs`` local
    processes); the others, with the same corpus and settings, find it.
    Nothing of the corpus is held here: the analyses ask the
    :class:`PreparedCorpus` for counts, samples and per-shard results.

    Parameters
    ----------
    corpus : path, optional
        Anything :func:`textkit.corpus.load.load_corpus` reads (``None``: the seed).
    store : path or URL, default "output/store"
        The folder of the run's stores (``textkit run`` passes ``OUT/store``);
        this corpus's store goes to ``STORE/KEY``.
    scheduler : str, optional
        A Dask scheduler (``tcp://HOST:PORT``, a scheduler file, ``auto``,
        ``local``): the heavy work runs there.  ``None``: this process, or
        ``n_jobs`` local processes, and nothing of Dask is imported.
    n_jobs : int, default 1
    segmenter : Segmenter, optional
        Defaults to ``Segmenter()``.  The words discovered in the corpus are
        set on it (``discovered_words``), so that what it cuts later (KWIC,
        the projection comparison) cuts as the store was cut.
    repeated : bool, default True
        Remove sentences repeated across the corpus.
    discover_words : bool or "auto", default "auto"
    shard_chars : int
        Characters per shard (:mod:`textkit.engine.shards`).
    executor : Executor, optional
        One already open (``scheduler`` and ``n_jobs`` are then ignored).
    **load_options
        ``format``, ``text_column``, ``group_column``, ``date_column``…

    Warns
    -----
    EmptyDocumentsWarning
        Documents that held nothing but repeated sentences were left out.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     corpus = open_corpus("seeds", store=folder)
    ...     n = len(corpus)
    >>> n
    40
    """
    import warnings

    from textkit.errors import EmptyDocumentsWarning

    if not isinstance(repeated, bool):
        raise ParameterError(f"repeated must be True or False (got {repeated!r})")
    segmenter = segmenter if segmenter is not None else Segmenter()
    if corpus is None:
        from textkit.corpus.resources import demo_corpus

        source = demo_corpus()
    else:
        source = corpus
    executor = executor or get_executor(scheduler, n_jobs)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EmptyDocumentsWarning)  # warned below, whether built now or found
            built = build_store(source, store=store, segmenter=segmenter, repeated=repeated, discover_words=discover_words,
                                executor=executor, shard_chars=shard_chars, **load_options)
    except BaseException:
        executor.close()
        raise
    report = built.report()
    if report.discovered is not None and not segmenter.discovered_words:
        segmenter.set_params(discovered_words=report.discovered)
    if len(report.emptied):
        ids = report.emptied.doc_id.tolist()
        shown = ", ".join(map(str, ids[:10])) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
        warnings.warn(f"{corpus}: {len(ids)} document(s) held nothing but sentences repeated across the corpus and were left out: {shown}",
                      EmptyDocumentsWarning, stacklevel=2)
    return PreparedCorpus(built, executor)


def corpus_documents(
    corpus: str | os.PathLike[str] | None,
    *,
    store: str | os.PathLike[str] = "output/store",
    scheduler: str | None = None,
    n_jobs: int = 1,
    segmenter: Segmenter | None = None,
    repeated: bool = True,
    discover_words: bool | str = "auto",
    return_report: bool = False,
    **load_options,
) -> pd.DataFrame | tuple[pd.DataFrame, Any]:
    """The document table of :func:`~textkit.engine.pipeline.prepare_documents`, from the corpus store (built now, or found).

    The first notebook of a run builds the store in ``store`` (on
    ``scheduler``'s workers, or ``n_jobs`` local processes); the others,
    with the same corpus and settings, read it.

    Parameters
    ----------
    corpus : path, optional
        Anything :func:`textkit.corpus.load.load_corpus` reads (``None``: the seed).
    store : path or URL, default "output/store"
        The folder of the run's stores (``textkit run`` passes ``OUT/store``).
    scheduler : str, optional
        A Dask scheduler (``tcp://HOST:PORT``, a scheduler file, ``auto``,
        ``local``); ``None``: no cluster, and nothing of Dask is imported.
    n_jobs : int, default 1
        Local worker processes when there is no scheduler.
    segmenter : Segmenter, optional
        Defaults to ``Segmenter()``.  As with ``prepare_documents``, the
        words discovered in the corpus are set on it
        (``discovered_words``), so that what it cuts later (KWIC, the
        projection comparison) cuts as the store was cut.
    repeated, discover_words, return_report, **load_options
        As :func:`~textkit.engine.pipeline.prepare_documents`.

    Returns
    -------
    DataFrame, or (DataFrame, PreparationReport)

    Warns
    -----
    EmptyDocumentsWarning
        Documents that held nothing but repeated sentences were left out
        (every time the table is read, as ``prepare_documents`` warns).

    Notes
    -----
    The whole table comes into this process (as ``prepare_documents``
    makes it); the store's counts and :class:`PreparedCorpus` are the way to
    work on a corpus that does not fit.  Reading a store back costs about
    a second per million tokens; building it is a segmentation of the
    corpus (:func:`~textkit.engine.build.build_store`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     docs = corpus_documents("seeds", store=folder)
    >>> docs.loc[0, "tokens"][:3]
    ['北京', '創新', '發展']
    """
    with open_corpus(corpus, store=store, scheduler=scheduler, n_jobs=n_jobs, segmenter=segmenter, repeated=repeated,
                     discover_words=discover_words, **load_options) as prepared:
        docs = prepared.store.documents(sentences=True).drop(columns=["row", "sentence_lengths"])
        report = prepared.report()
    docs = docs[[c for c in docs.columns if c not in ("sentences", "tokens")] + ["sentences", "tokens"]]
    return (docs, report) if return_report else docs
