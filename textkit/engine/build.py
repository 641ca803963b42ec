"""Building the corpus store: read, clean, count repetition, remove it, segment; per shard, on any executor.

The passes over the corpus (each a task per shard, :mod:`textkit.engine.executor`):

1. **read + clean + count** (pass A).  The driver reads the input as a
   stream and cuts it into shards (:func:`textkit.engine.shards.iter_shards`);
   a worker cleans each shard (:func:`textkit.corpus.clean.clean_text`),
   counts its sentences (:func:`textkit.corpus.repeated.count_sentences`)
   and whatever :class:`CorpusPass` hooks ask (new-word discovery counts
   here), and writes the cleaned shard to ``staging/`` in the store.  The
   partial counts are merged in a tree on the workers
   (:meth:`~textkit.engine.executor.Executor.reduce`) and decided there
   (:func:`textkit.corpus.repeated.repeated_sentences`): only the repeated
   sentences (a few hundred hashes) and the hooks' results come back.
   Cost: cleaning about 0.06 s and counting about 0.3 s per million
   characters, plus writing the cleaned text once.
2. **remove + segment** (pass B).  A worker reads its cleaned shard, removes
   the repeated sentences, segments the rest with the run's segmenter (its
   dictionary loaded once per worker: :meth:`Executor.share`) and writes
   the shard's part of the store.  Cost: segmentation, about 2 s per
   million characters per worker (jieba), the bulk of a build.

1'. **new words** (with ``discover_words`` on, between A and B): each
   cleaned shard's documents and characters once repetition is removed
   (``"auto"`` and the sample's share depend on them), then the shard's
   documents in the discovery sample (a hash of their position among the
   kept documents): the sample, bounded (about 2 million characters,
   whatever the corpus), comes to the driver, where
   :func:`textkit.segment.discovery.discover_words` scores it, so the
   words are those of ``prepare_documents``.  Cost: reading the cleaned
   text and removing repetition twice more, and discovery on the sample
   (measured: 14 s of a 67 s build of 13 M characters of news with two
   local processes, on a busy machine).

Without repetition removal, discovery and hooks the two are one pass (read, clean,
segment).  The manifest is written last, by the driver, once every part is
there.  :func:`build_store` reuses a finished store with the same key.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as out:
...     store = build_store("seeds", out=out)
...     docs = store.documents(["doc_id", "tokens"])
>>> docs.tokens[0][:3]
['北京', '創新', '發展']
"""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from textkit.corpus.clean import RepeatedSentences, clean_text
from textkit.corpus.repeated import RepeatedHashes, count_sentences, repeated_sentences
from textkit.engine.executor import Executor, get_executor
from textkit.engine.shards import SHARD_CHARS, Shard, iter_shards
from textkit.engine.store import (
    STORE_VERSION,
    CorpusStore,
    _fs,
    _is_local,
    _join,
    check_root,
    documents_table,
    read_table,
    store_key,
    tokens_table,
    write_json,
    write_table,
)
from textkit.errors import EmptyDocumentsWarning, ParameterError
from textkit.segment import Segmenter, Settings
from textkit.segment.parallel import batches, segment_batch

__all__ = ["build_store", "CorpusPass", "BuildPlan", "engine_for"]


@dataclass(frozen=True)
class CorpusPass:
    """A corpus-level count over the cleaned text of every shard, whose result changes the segmenter: the hook for new-word discovery.

    Attributes
    ----------
    name : str
    key : str
        Everything that decides the result (settings, version): part of the store's key.
    count : callable
        ``count(texts, rows) -> partial``: a picklable, pure function of one
        shard's cleaned texts (and their input rows, for a sample that does
        not depend on the cut: :func:`textkit.engine.shards.sample_mask`).
        The partial has ``merge`` (or ``+``): associative and commutative.
    finalize : callable
        ``finalize(total) -> result``, on the reduced partial (runs on a worker).
    apply : callable
        ``apply(segmenter, result) -> segmenter``, on the driver, before
        segmenting (e.g. the discovered words added as a user dictionary).
    """

    name: str
    key: str
    count: Callable[[list[str], np.ndarray], Any]
    finalize: Callable[[Any], Any]
    apply: Callable[[Segmenter, Any], Segmenter] | None = None


@dataclass(frozen=True)
class BuildPlan:
    """What every task of a build needs (small and picklable)."""

    root: str
    boilerplate: bool = True
    repeated: RepeatedSentences | None = field(default_factory=RepeatedSentences)
    passes: tuple[CorpusPass, ...] = ()
    discover: bool | str = False
    batch_size: int = 1024
    batch_chars: int = 16_000

    def staging(self, index: int) -> str:
        return _join(self.root, "staging", f"clean-{index:05d}.parquet")

    @staticmethod
    def part(index: int) -> str:
        return f"parts/part-{index:05d}.parquet"


# ---------------------------------------------------------------------------
# Worker side
# ---------------------------------------------------------------------------

_ENGINES: dict[str, Any] = {}


def engine_for(settings: Settings):
    """This process's segmentation engine for ``settings`` (built once: the jieba dictionary loads once per worker)."""
    from textkit.segment.segmenter import Engine

    fingerprint = settings.fingerprint
    engine = _ENGINES.get(fingerprint)
    if engine is None:
        while len(_ENGINES) >= 2:  # an engine holds a dictionary of about 60 MB
            _ENGINES.pop(next(iter(_ENGINES)))
        engine = _ENGINES[fingerprint] = Engine(settings)
    return engine


def warm_engine(settings: Settings) -> None:
    """Build the engine and load its dictionary now (a worker plugin's setup), not in the first task."""
    engine = engine_for(settings)
    if engine.settings.backend == "jieba" or engine.settings.filter.pos is not None:
        engine.tokenizer.jieba  # noqa: B018 (the property loads the dictionary)
    if engine.settings.backend == "rjieba":
        engine.tokenizer.rjieba  # noqa: B018 (the same for rjieba's)


def _clean_shard(shard: Shard, plan: BuildPlan) -> tuple[dict, tuple]:
    """Pass A: clean a shard, count its sentences and the hooks' counts, write it to staging."""
    frame = shard.frame
    cleaned = [clean_text(t, boilerplate=plan.boilerplate) for t in frame["text"].tolist()]
    sentences = count_sentences(cleaned, min_chars=plan.repeated.min_chars) if plan.repeated is not None else None
    rows = frame.row.to_numpy()
    hooks = tuple(p.count(cleaned, rows) for p in plan.passes)
    table = documents_table(frame.assign(text=cleaned))
    write_table(table, plan.staging(shard.index))
    return _shard_info(shard, cleaned), (sentences, hooks)


def _shard_info(shard: Shard, cleaned: list[str]) -> dict:
    frame = shard.frame
    dates = frame["date"].dropna() if "date" in frame else frame.iloc[:0]
    return {
        "index": shard.index,
        "start": shard.start,
        "documents_in": len(frame),
        "characters_in": int(frame.text.str.len().sum()),
        "groups": list(dict.fromkeys(frame["group"].astype(str))) if "group" in frame else [],
        "date_min": str(dates.min()) if len(dates) else None,
        "date_max": str(dates.max()) if len(dates) else None,
    }


def _merge_a(a: tuple, b: tuple) -> tuple:
    sa, ha = a
    sb, hb = b
    merged = sa.merge(sb) if sa is not None else None
    return merged, tuple(_merge(x, y) for x, y in zip(ha, hb))


def _merge(x, y):
    return x.merge(y) if hasattr(x, "merge") else x + y


def _finalize_a(total: tuple | None, plan: BuildPlan) -> tuple[RepeatedHashes | None, tuple]:
    if total is None:
        return (repeated_sentences(None, plan.repeated) if plan.repeated is not None else None), tuple(p.finalize(None) for p in plan.passes)
    sentences, hooks = total
    found = repeated_sentences(sentences, plan.repeated) if plan.repeated is not None else None
    return found, tuple(p.finalize(h) for p, h in zip(plan.passes, hooks))


def _kept_texts(index: int, plan: BuildPlan, found: RepeatedHashes | None) -> list[str]:
    """A cleaned shard's texts as pass B segments them: repeated sentences removed, emptied documents left out."""
    texts = read_table(plan.staging(index), ["text"]).column("text").to_pylist()
    if found is not None:
        texts, _ = found.remove(texts)
        texts = [t for t in texts if t.strip()]
    return texts


def _size_shard(index: int, plan: BuildPlan, found: RepeatedHashes | None) -> tuple[dict, None]:
    """New-word discovery, pass 1: the documents and characters a shard keeps."""
    texts = _kept_texts(index, plan, found)
    return {"index": index, "documents": len(texts), "characters": sum(map(len, texts))}, None


def _sample_shard(item: tuple[int, int], plan: BuildPlan, found: RepeatedHashes | None, fraction: float) -> tuple[list[str], None]:
    """New-word discovery, pass 2: a shard's documents in the sample (a hash of their position among the kept documents)."""
    from textkit.segment.discovery import word_sample

    index, offset = item
    texts = _kept_texts(index, plan, found)
    keep = word_sample(0, fraction, positions=np.arange(offset, offset + len(texts)))
    return [t for t, k in zip(texts, keep) if k], None


def _segment_shard(item: int | Shard, plan: BuildPlan, found: RepeatedHashes | None, settings) -> tuple[dict, None]:
    """Pass B: remove repeated sentences from a cleaned shard, segment it, write its part.

    ``item`` is a shard index (its cleaned text is in staging) or, when
    there is no pass A, the shard itself (cleaned here).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(item, Shard):
        index = item.index
        cleaned = [clean_text(t, boilerplate=plan.boilerplate) for t in item.frame["text"].tolist()]
        table = documents_table(item.frame.assign(text=cleaned))
        info = _shard_info(item, cleaned)
    else:
        index = item
        table = read_table(plan.staging(index))
        info = {"index": index}
    texts = table.column("text").to_pylist()
    removed: dict[int, str] = {}
    emptied: list[dict] = []
    if found is not None:
        kept_texts, removed = found.remove(texts)
        keep = np.array([bool(t.strip()) for t in kept_texts], dtype=bool)
        if not keep.all():
            gone = np.flatnonzero(~keep)
            ids = table.column("doc_id").to_pylist()
            groups = table.column("group").to_pylist() if "group" in table.column_names else [None] * len(ids)
            emptied = [{"doc_id": ids[i], "group": groups[i], "text": texts[i]} for i in gone]
            table = table.filter(pa.array(keep))
            kept_texts = [t for t, k in zip(kept_texts, keep) if k]
        texts = kept_texts
        table = table.set_column(table.column_names.index("text"), "text", pa.array(texts, type=pa.string()))
    engine = engine_for(settings.get())
    sentences: list = []
    for batch in batches(texts, plan.batch_size, plan.batch_chars):
        sentences.extend(segment_batch(engine, batch))
    tokens = tokens_table(sentences)
    for name in tokens.column_names:
        table = table.append_column(name, tokens.column(name))
    size = write_table(table, _join(plan.root, plan.part(index)))
    info.update({
        "part": plan.part(index),
        "documents": table.num_rows,
        "characters": int(pc.sum(pc.utf8_length(table.column("text"))).as_py() or 0) if table.num_rows else 0,
        "tokens": int(sum(len(t) for doc in sentences for t in doc)),
        "bytes": size,
        "removed": removed,
        "emptied": emptied,
    })
    return info, None


# ---------------------------------------------------------------------------
# Driver side
# ---------------------------------------------------------------------------


def _settings_key(segmenter: Segmenter, plan: BuildPlan, shard_chars: int) -> dict:
    r = plan.repeated
    return {
        "boilerplate": plan.boilerplate,
        "repeated": None if r is None else [r.min_documents, r.min_share, r.min_chars],
        "segmenter": segmenter.fingerprint(),
        "passes": [p.key for p in plan.passes],
        "shard_chars": shard_chars,
        **({"discover": [plan.discover, _discovery_version()]} if plan.discover is not False else {}),
    }


def _discovery_version() -> int:
    from textkit.segment.discovery import DISCOVERY_VERSION

    return DISCOVERY_VERSION


def build_store(
    corpus: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] = "output",
    store: str | os.PathLike[str] | None = None,
    segmenter: Segmenter | None = None,
    repeated: bool | RepeatedSentences = True,
    boilerplate: bool = True,
    passes: Sequence[CorpusPass] = (),
    discover_words: bool | str = "auto",
    executor: Executor | None = None,
    scheduler: str | None = None,
    n_jobs: int = 1,
    shard_chars: int = SHARD_CHARS,
    rebuild: bool = False,
    **load_options,
) -> CorpusStore:
    """Prepare a corpus once into a store under ``OUT/store/KEY``, or reuse the finished one with the same key.

    Parameters
    ----------
    corpus : path
        Anything :func:`textkit.corpus.load.load_corpus` reads.
    out : path or URL, default "output"
        The run's output folder (local, shared, or an fsspec URL every worker reaches).
    store : path or URL, optional
        The folder of the stores (default ``OUT/store``): the store goes to ``STORE/KEY``.
    segmenter : Segmenter, optional
        Defaults to ``Segmenter()``; its frozen settings reach every worker once.
    repeated : bool or RepeatedSentences, default True
        Remove the sentences that recur across the corpus (as
        :func:`textkit.engine.pipeline.prepare_documents`).
    boilerplate : bool, default True
        Passed to :func:`textkit.corpus.clean.clean_text`.
    passes : sequence of CorpusPass
        Corpus-level counts on the cleaned text that change the segmenter.
    discover_words : {"auto", True, False}, default "auto"
        New-word discovery, as :func:`~textkit.engine.pipeline.prepare_documents`
        does it (the same words): on the cleaned text with repetition
        removed, ``"auto"`` from
        :data:`textkit.segment.discovery.AUTO_MIN_CHARACTERS` characters; the
        words found are kept in the store (:meth:`CorpusStore.report`) and
        segment it.  Off when ``segmenter`` already has ``discovered_words``.
    executor : Executor, optional
        Where tasks run; default from ``scheduler`` and ``n_jobs``
        (:func:`textkit.engine.executor.get_executor`).
    shard_chars : int
        Characters per shard (:mod:`textkit.engine.shards`); part of the key.
    rebuild : bool, default False
        Build again even if a finished store has the key.
    **load_options
        ``format``, ``text_column``, ``title_column``, ``id_column``,
        ``group_column``, ``date_column``.

    Returns
    -------
    CorpusStore

    Warns
    -----
    EmptyDocumentsWarning
        Documents that held nothing but repeated sentences were left out.

    Notes
    -----
    The tokens, texts and report are those of
    :func:`~textkit.engine.pipeline.prepare_documents` with the same settings,
    on any executor.  Memory: the driver holds the shards in flight (at
    most twice the workers, a shard each) and the shards' summaries; a
    worker one shard (its text, and its tokens while they are segmented).
    """
    if not isinstance(repeated, (bool, RepeatedSentences)):
        raise ParameterError(f"repeated must be True, False or a RepeatedSentences (got {repeated!r})")
    segmenter = segmenter or Segmenter()
    model = None if repeated is False else (RepeatedSentences() if repeated is True else repeated)
    if model is not None:
        model._check()
    if not isinstance(discover_words, bool) and not (isinstance(discover_words, str) and discover_words == "auto"):
        raise ParameterError(f"discover_words must be 'auto', True or False (got {discover_words!r})")
    discover = False if segmenter.discovered_words else discover_words
    root_base = check_root(out) if store is None else check_root(store, folder="store")
    plan = BuildPlan(root="", boilerplate=bool(boilerplate), repeated=model, passes=tuple(passes), discover=discover)
    key = store_key(corpus, load_options, _settings_key(segmenter, plan, shard_chars))
    root = _join(root_base, key)
    if not rebuild and CorpusStore.exists(root):
        return CorpusStore(root)
    fs, path = _fs(root)
    # On a disk, the store is built in a folder of its own and renamed when finished: two notebooks building
    # the same store at once never write into each other's parts, and an interrupted build leaves no half store.
    work = f"{root}.building-{uuid.uuid4().hex[:8]}" if _is_local(fs) else root
    plan = BuildPlan(root=work, boilerplate=plan.boilerplate, repeated=model, passes=plan.passes, discover=discover)
    own = executor is None
    executor = executor or get_executor(scheduler, n_jobs)
    try:
        _build(corpus, work, key, plan, segmenter, executor, shard_chars, load_options)
    except BaseException:
        if work != root and fs.exists(_fs(work)[1]):
            try:
                fs.rm(_fs(work)[1], recursive=True)
            except OSError:  # a task not yet cancelled still writing there: the error that stopped the build is what matters
                pass
        raise
    finally:
        if own:
            executor.close()
    if work != root:
        if fs.exists(path):
            if CorpusStore.exists(root) and not rebuild:  # another build of the same key finished first: the same content
                fs.rm(_fs(work)[1], recursive=True)
                return CorpusStore(root)
            fs.rm(path, recursive=True)
        os.rename(_fs(work)[1], path)
    return CorpusStore(root)


def _build(corpus, root: str, key: str, plan: BuildPlan, segmenter: Segmenter, executor: Executor,
           shard_chars: int, load_options: dict) -> None:
    fs, path = _fs(root)
    if fs.exists(path):
        fs.rm(path, recursive=True)  # an interrupted build (no manifest), or rebuild=True
    timings: dict[str, float] = {}
    shards = iter_shards(corpus, shard_chars=shard_chars, **load_options)
    two_passes = plan.repeated is not None or plan.passes or plan.discover is not False
    infos: dict[int, dict] = {}
    found = None
    discovered = None
    start = time.perf_counter()
    if two_passes:
        def partials():  # merged as they come: the tree holds about log2(shards) partials, never all of them
            for info, part in executor.map(_clean_shard, shards, stage="reading and cleaning", args=(plan,)):
                infos[info["index"]] = info
                yield part

        total = executor.reduce(partials(), _merge_a, stage="merging sentence counts")
        decided = executor.then(_finalize_a, total, plan, stage="finding repeated sentences")
        found_value, results = executor.fetch(decided, stage="finding repeated sentences")
        found = executor.then(_first, decided, stage="finding repeated sentences") if executor.kind == "dask" else found_value
        for p, result in zip(plan.passes, results):
            if p.apply is not None:
                segmenter = p.apply(segmenter, result)
        timings["read_clean_count"] = time.perf_counter() - start
        items: Any = sorted(infos)
        if plan.discover is not False:
            start = time.perf_counter()
            discovered = _discover(executor, plan, found, items, segmenter)
            if discovered is not None:
                segmenter = Segmenter(**{**segmenter.get_params(), "discovered_words": discovered})
            timings["discover_words"] = time.perf_counter() - start
    else:
        found_value = None
        items = shards
    settings = executor.share(segmenter.settings(), warm=warm_engine)
    start = time.perf_counter()
    removed: dict[int, str] = {}
    emptied: list[dict] = []
    for info, _ in executor.map(_segment_shard, items, stage="segmenting", args=(plan, found, settings),
                                total=len(infos) if two_passes else None):
        previous = infos.get(info["index"], {})
        previous.update(info)
        infos[info["index"]] = previous
        for h, s in previous.pop("removed").items():
            removed.setdefault(h, s)
        emptied.extend(previous.pop("emptied"))
    timings["remove_segment" if two_passes else "read_clean_segment"] = time.perf_counter() - start
    if fs.exists(_join(path, "staging")):
        fs.rm(_join(path, "staging"), recursive=True)
    _finish(corpus, root, key, plan, segmenter, infos, found_value, removed, emptied, timings, executor, discovered)


def _discover(executor: Executor, plan: BuildPlan, found, items: list[int], segmenter: Segmenter):
    """The words :func:`textkit.segment.discovery.discover_corpus_words` finds in the corpus that pass B segments (or None).

    Two passes over the cleaned shards: their size after repetition is
    removed (``"auto"`` and the sample's share depend on it), then each
    shard's documents in the sample (a hash of their position among the
    kept documents, as :func:`textkit.segment.discovery.word_sample` draws
    it in one process).  The sample (about
    ``sample_characters``, 2 million characters, whatever the corpus) comes
    here and :func:`~textkit.segment.discovery.discover_words` runs on it,
    so that the words are exactly those of ``prepare_documents``.
    """
    from textkit.segment.discovery import AUTO_MIN_CHARACTERS, discover_words

    sizes = [info for info, _ in executor.map(_size_shard, items, stage="new words: sizing", args=(plan, found), total=len(items))]
    characters = sum(s["characters"] for s in sizes)
    if plan.discover == "auto" and characters < AUTO_MIN_CHARACTERS:
        return None
    sample_characters = 2_000_000  # discover_words' default
    fraction = min(1.0, sample_characters / characters) if characters else 1.0
    offsets = np.cumsum([0] + [s["documents"] for s in sizes[:-1]]).tolist()
    sample: list[str] = []
    for texts, _ in executor.map(_sample_shard, list(zip(items, offsets)), stage="new words: sampling", args=(plan, found, fraction),
                                 total=len(items)):
        sample.extend(texts)
    base = Segmenter(**{**segmenter.get_params(), "discovered_words": None})
    # The sample is drawn: discover_words keeps all of it (the same shards of it, the same counts).
    return discover_words(sample, base, sample_characters=max(sum(map(len, sample)), 1))


def _first(pair: tuple):
    return pair[0]


def _finish(corpus, root, key, plan, segmenter, infos, found, removed, emptied, timings, executor, discovered=None) -> None:
    import pandas as pd
    import pyarrow as pa

    shards = [infos[i] for i in sorted(infos)]
    documents_in = sum(s["documents_in"] for s in shards)
    if found is not None:
        report = found.report(removed)
    else:
        report = pd.DataFrame({"sentence": pd.Series(dtype=object), "documents": pd.Series(dtype="int64"), "share": pd.Series(dtype=float)})
    write_table(pa.Table.from_pandas(report, preserve_index=False).replace_schema_metadata(None), _join(root, "repeated.parquet"))
    gone = pd.DataFrame(emptied, columns=["doc_id", "group", "text"])
    write_table(pa.Table.from_pandas(gone.astype(object), preserve_index=False,
                                     schema=pa.schema([("doc_id", pa.string()), ("group", pa.string()), ("text", pa.string())]))
                .replace_schema_metadata(None), _join(root, "emptied.parquet"))
    if discovered is not None:
        write_table(pa.Table.from_pandas(discovered, preserve_index=False).replace_schema_metadata(None), _join(root, "discovered.parquet"))
    if emptied:
        ids = [e["doc_id"] for e in emptied]
        shown = ", ".join(map(str, ids[:10])) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
        warnings.warn(f"{corpus}: {len(ids)} document(s) held nothing but sentences repeated across the corpus and were left out: {shown}",
                      EmptyDocumentsWarning, stacklevel=4)
    groups = list(dict.fromkeys(g for s in shards for g in s["groups"]))
    dates = [d for s in shards for d in (s["date_min"], s["date_max"]) if d is not None]
    from textkit import __version__

    manifest = {
        "format": "textkit corpus store",
        "version": STORE_VERSION,
        "key": key,
        "textkit": __version__,
        "corpus": str(corpus),
        "segmenter": segmenter.fingerprint(),
        "boilerplate": plan.boilerplate,
        "repeated": {
            "threshold": None if found is None else found.threshold,
            "sentences": len(report),
            "pruned": 0 if found is None else found.pruned,
            "undercount": 0 if found is None else found.undercount,
        },
        "passes": [p.key for p in plan.passes],
        "discover_words": plan.discover,
        "discovered": None if discovered is None else len(discovered),
        "documents_in": documents_in,
        "documents": sum(s["documents"] for s in shards),
        "emptied": len(emptied),
        "characters_in": sum(s["characters_in"] for s in shards),
        "characters": sum(s["characters"] for s in shards),
        "tokens": sum(s["tokens"] for s in shards),
        "groups": groups,
        "dates": {"min": min(dates), "max": max(dates)} if dates else None,
        "shards": [{k: s[k] for k in ("index", "start", "part", "documents_in", "documents", "characters", "tokens")} for s in shards],
    }
    write_json(_join(root, "build.json"), {"executor": executor.describe(), "seconds": {k: round(v, 2) for k, v in timings.items()},
                                           "bytes": sum(s["bytes"] for s in shards)})
    write_json(_join(root, CorpusStore.MANIFEST), manifest)  # last: the store is complete
