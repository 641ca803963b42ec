"""Topic models on a corpus store: what is counted, sampled and inferred per shard, on the workers.

The notebooks never hold every document's tokens.  From a
:class:`~textkit.engine.prepared.PreparedCorpus`:

* :func:`topic_corpus`: the vocabulary (:func:`vocabulary_from_counts`, on the
  reduced counts) and, in one pass over the shards, what the model choice
  and the sweep need to know of the whole corpus: vocabulary tokens per
  document (as a histogram: the median), the documents left with no word,
  the corpus fingerprint of the saved model;
* :func:`sample_documents`: the sweep's sample (a document is in it when the
  hash of its row and the seed falls under :func:`sweep_share`'s share: the
  same documents whatever the shards), with its tokens (vocabulary words only),
  group, date: the model is trained on it (on every document when the corpus
  is no larger than the sample);
* :func:`document_topic_parts`: each document's topic proportions, one
  shard at a time: the fitted ones of a model trained on every document,
  else inferred on the workers (tomotopy ``infer(workers=1)`` from the model's
  ``saves()`` bytes; DMM: each text's posterior given the fitted counts);
* :class:`DominantCounts`: documents per group and dominant topic, merged per shard.

Examples
--------
>>> import tempfile
>>> from textkit.engine.prepared import open_corpus
>>> with tempfile.TemporaryDirectory() as folder, open_corpus("seeds", store=folder) as corpus:
...     tc = topic_corpus(corpus)
...     sample = sample_documents(corpus, tc.dictionary, share=0.5)
>>> tc.documents, tc.median_tokens, len(sample) < 40
(40, 24, True)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from textkit.analysis._ranking import round_sig
from textkit.analysis.topics.criteria import unit_hash
from textkit.analysis.topics.vocabulary import vocabulary_from_counts

__all__ = [
    "DocumentTopics",
    "DominantCounts",
    "TopicCorpus",
    "document_topic_parts",
    "fit_sample",
    "infer_doc_topic",
    "sample_documents",
    "topic_corpus",
    "typical_candidates",
]

#: Labels of documents left with no word that come back to the driver (a message names them).
EMPTY_NAMED = 20


@dataclass
class TopicCorpus:
    """What the topic notebooks know of a whole corpus: its vocabulary and a few totals (no per-document table).

    Attributes
    ----------
    dictionary : gensim Dictionary
    rows : int
        Documents in the store.
    documents : int
        Documents with at least one word of the vocabulary.
    tokens : int
        Vocabulary tokens in the corpus.
    median_tokens : float
        Median vocabulary tokens of the documents with a word.
    empty : int
        Documents with no word of the vocabulary; ``empty_labels`` names the first ones.
    fingerprint : str
        :func:`~textkit.analysis.topics.saved.corpus_fingerprint` of every document's tokens (rows as keys).
    """

    dictionary: object
    rows: int
    documents: int
    tokens: int
    median_tokens: float
    empty: int
    empty_labels: list = field(default_factory=list)
    fingerprint: str = ""


def _words(dictionary) -> list[str]:
    return sorted(dictionary.token2id, key=dictionary.token2id.get)


def _first_rows_shard(table, terms: list[str]) -> dict:
    """One shard's first row of each of ``terms`` it holds."""
    import pyarrow as pa
    import pyarrow.compute as pc

    tokens = table.column("tokens").combine_chunks()
    values = tokens.flatten()
    if not len(values):
        return {}
    where = pc.index_in(values, value_set=pa.array(terms, type=pa.string())).to_numpy(zero_copy_only=False)
    hit = ~np.isnan(where) if where.dtype.kind == "f" else where >= 0
    rows = table.column("row").to_numpy()[pc.list_parent_indices(tokens).to_numpy()]
    found = pd.Series(rows[hit]).groupby(np.asarray(where)[hit].astype(np.int64)).min()
    return {terms[i]: int(r) for i, r in found.items()}


def first_rows(corpus, terms: list[str]) -> dict:
    """The first row each of ``terms`` occurs in (per shard, merged by the minimum: exact, in any order)."""
    first: dict = {}
    for part in corpus.map_shards(_first_rows_shard, list(terms), columns=["row", "tokens"], stage="topic vocabulary (ties)"):
        for term, row in part.items():
            first[term] = min(row, first.get(term, row))
    return first


def _statistics_shard(table, words: list[str]) -> dict:
    """One shard: its histogram of vocabulary tokens per document, its empty documents, its fingerprint partial."""
    from textkit.analysis.topics.saved import fingerprint_documents
    from textkit.engine.counts import document_term

    lengths = np.asarray(document_term(table, words).sum(axis=1)).ravel().astype(np.int64)
    empty = np.flatnonzero(lengths == 0)
    labels = table.column("label").to_pylist()
    rows = table.column("row").to_numpy()
    return {
        "histogram": np.bincount(lengths) if len(lengths) else np.zeros(1, np.int64),
        "empty": len(empty),
        "empty_labels": [labels[i] for i in empty[:EMPTY_NAMED]],
        "fingerprint": fingerprint_documents(table.column("tokens").to_pylist(), keys=rows.tolist()),
    }


def topic_corpus(corpus, *, no_below: int = 2, no_above: float = 0.5, keep_n: int | None = 5000) -> TopicCorpus:
    """The vocabulary of a prepared corpus (from its reduced counts) and its totals (one pass over the shards).

    Parameters
    ----------
    corpus : textkit.engine.prepared.PreparedCorpus
    no_below, no_above, keep_n
        As :func:`~textkit.analysis.topics.vocabulary.build_corpus`.

    Notes
    -----
    Per shard: a document x vocabulary count (``document_term``) and the
    fingerprint of its tokens; what comes back is a histogram of lengths,
    a count and at most 20 labels.  The fingerprint is keyed by the
    documents' rows (their input positions), so it is the same whatever
    the shards.
    """
    dictionary = vocabulary_from_counts(corpus.counts(), no_below=no_below, no_above=no_above, keep_n=keep_n,
                                        first_seen=lambda terms: first_rows(corpus, terms))
    parts = corpus.map_shards(_statistics_shard, _words(dictionary), columns=["row", "label", "tokens"], stage="topic vocabulary")
    size = max([len(p["histogram"]) for p in parts], default=1)
    histogram = np.zeros(size, np.int64)
    fingerprint = None
    for p in parts:
        histogram[: len(p["histogram"])] += p["histogram"]
        fingerprint = p["fingerprint"] if fingerprint is None else fingerprint + p["fingerprint"]
    lengths = np.arange(size)
    with_words = histogram[1:].sum()
    if with_words:
        cum = np.cumsum(histogram[1:])
        lo = int(np.searchsorted(cum, (with_words - 1) // 2 + 1)) + 1  # the middle one(s) of the sorted lengths
        hi = int(np.searchsorted(cum, with_words // 2 + 1)) + 1
        median = (lo + hi) / 2
        median = int(median) if median == int(median) else median
    else:
        median = 0
    empty_labels = [label for p in parts for label in p["empty_labels"]][:EMPTY_NAMED]
    if fingerprint is None:
        from textkit.analysis.topics.saved import fingerprint_documents

        fingerprint = fingerprint_documents([], keys=[])
    return TopicCorpus(dictionary, rows=int(histogram.sum()), documents=int(with_words), tokens=int((histogram * lengths).sum()),
                       median_tokens=median, empty=int(sum(p["empty"] for p in parts)), empty_labels=empty_labels,
                       fingerprint=fingerprint.hex)


def _sample_shard(table, words: list[str], share: float, seed: int, chosen) -> pd.DataFrame:
    """One shard's documents in the sample, their tokens reduced to the vocabulary's words."""
    from textkit.engine.store import _to_pandas

    rows = table.column("row").to_numpy()
    if chosen is not None:
        chosen = chosen.get() if hasattr(chosen, "get") else chosen
        table = table.filter(np.isin(rows, chosen))
    elif share < 1:
        table = table.filter(unit_hash(rows, seed) < share)
    frame = _to_pandas(table.drop_columns(["tokens"]))
    known = set(words)
    frame["tokens"] = [[t for t in toks if t in known] for toks in table.column("tokens").to_pylist()]
    return frame


def sample_documents(corpus, dictionary, *, share: float = 1.0, random_state: int = 0, rows: np.ndarray | None = None,
                     columns: Sequence[str] = ("row", "label", "doc_id", "group", "date")) -> pd.DataFrame:
    """The documents whose row hashes under ``share`` with the seed (every document for ``share >= 1``), in corpus order.

    ``tokens`` holds each document's words of ``dictionary`` only: what a
    model of that vocabulary sees.  The rule is the sweep's
    (:func:`~textkit.analysis.topics.select.sweep_share`): the sample does
    not depend on the shards, and a document keeps its place in it for
    any smaller share.  ``rows``: these documents instead (those a saved
    model was trained on, :attr:`TopicModel.rows`).
    """
    cols = list(dict.fromkeys(["row", *columns, "tokens"]))
    chosen = None if rows is None else corpus.executor.share(np.sort(np.asarray(rows, dtype=np.int64)))
    parts = corpus.map_shards(_sample_shard, _words(dictionary), float(share), int(random_state), chosen, columns=cols,
                              stage="topic sample")
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    return frame[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Each document's topic proportions, per shard
# ---------------------------------------------------------------------------


def infer_doc_topic(model, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Topic proportions of documents the model was not trained on (documents x topics, six significant digits).

    * ``lda``, ``pt``: tomotopy's ``infer`` (one worker, ``iterations`` of
      the model's settings), from the model's ``saves()`` bytes loaded anew,
      so the same documents in the same order give the same numbers anywhere;
    * ``dmm``: each text's posterior over topics given the fitted counts
      (the collapsed Gibbs conditional, Yin & Wang 2014, eq. 4), exact and
      without sampling;
    * ``btm``: ``P(z|d) = sum over the text's biterms of P(z|b) P(b|d)``
      (Yan et al. 2013) from the topic-word matrix and the topic shares.

    A document with no word of the vocabulary gets uniform proportions,
    as in a fitted model.

    Examples
    --------
    >>> from textkit.analysis.topics.short import fit_dmm
    >>> docs = [["股市", "上涨", "基金"], ["球队", "比赛", "进球"]] * 10
    >>> m = fit_dmm(docs, k=2, iterations=10)
    >>> theta = infer_doc_topic(m, [["股市", "基金"], ["球队"], ["不在"]])
    >>> bool(theta[0].argmax() != theta[1].argmax()), theta[2].tolist()
    (True, [0.5, 0.5])
    """
    k = model.num_topics
    out = np.full((len(token_lists), k), 1.0 / k)
    index = {w: j for j, w in enumerate(model.vocabulary)}
    ids = [[index[t] for t in toks if t in index] for toks in token_lists]
    kept = [i for i, d in enumerate(ids) if d]
    if not kept:
        return out
    if model.kind in ("lda", "pt") and model.native is not None:
        tm = model.native_model()
        docs = [tm.make_doc([model.vocabulary[j] for j in ids[i]]) for i in kept]
        iterations = int(model.settings.get("iterations") or 100)
        inferred, _ = tm.infer(docs, iterations=iterations, workers=1, together=False)
        for i, dist in zip(kept, inferred):  # a list of documents in: their topic distributions out
            out[i] = np.asarray(dist, dtype=np.float64)
    elif model.kind == "dmm":
        out[kept] = _dmm_posterior(model, [ids[i] for i in kept])
    elif model.kind == "btm":
        out[kept] = _btm_posterior(model, [ids[i] for i in kept], window=int(model.settings.get("window", 15)))
    else:
        from textkit.errors import ParameterError

        raise ParameterError(f"a {model.kind} model without its native model cannot infer new documents")
    return round_sig(out)


def _dmm_posterior(model, ids: list[list[int]]) -> np.ndarray:
    """P(topic | text) of a DMM from its fitted counts: ``(m_z + alpha) prod (n_wz + beta + j) / prod (n_z + V beta + i)``."""
    from scipy.special import gammaln

    counts = model.topic_word_counts  # topics x vocabulary: the sampler's last state
    if counts is None:
        from textkit.errors import ParameterError

        raise ParameterError("this DMM model was saved without its counts (fitted before round 3): fit it again")
    k, V = counts.shape
    alpha, beta = float(model.settings.get("alpha", 0.1)), float(model.settings.get("beta", 0.1))
    m = np.asarray(model.settings["topic_documents"], dtype=np.float64)
    nz = counts.sum(axis=1)
    lengths = np.array([len(d) for d in ids], dtype=np.float64)
    rows = np.repeat(np.arange(len(ids)), [len(d) for d in ids])
    cols = np.concatenate([np.asarray(d, dtype=np.int64) for d in ids])
    pairs, c = np.unique(np.stack([rows, cols]), axis=1, return_counts=True)
    num = np.zeros((len(ids), k))
    np.add.at(num, pairs[0], gammaln(counts[:, pairs[1]].T + beta + c[:, None]) - gammaln(counts[:, pairs[1]].T + beta))
    den = gammaln(nz[None, :] + V * beta + lengths[:, None]) - gammaln(nz[None, :] + V * beta)
    logp = np.log(m + alpha)[None, :] + num - den
    logp -= logp.max(axis=1, keepdims=True)
    p = np.exp(logp)
    p[p < 1e-12 * p.sum(axis=1, keepdims=True)] = 0.0
    return p / p.sum(axis=1, keepdims=True)


def _btm_posterior(model, ids: list[list[int]], window: int) -> np.ndarray:
    phi = np.asarray(model.topic_word, dtype=np.float64)  # topics x vocabulary
    theta = np.asarray(model.doc_topic, dtype=np.float64).mean(axis=0)
    out = np.zeros((len(ids), phi.shape[0]))
    for r, d in enumerate(ids):
        if len(d) < 2:
            p = theta * phi[:, d[0]]
        else:
            a, b = zip(*[(d[i], d[j]) for i in range(len(d)) for j in range(i + 1, min(len(d), i + window))])
            pb = theta[None, :] * phi[:, list(a)].T * phi[:, list(b)].T
            p = (pb / pb.sum(axis=1, keepdims=True)).mean(axis=0)
        out[r] = p / p.sum()
    return out


def _topics_shard(table, model_bytes, fitted: tuple | None) -> pd.DataFrame:
    """One shard's document-topic rows: ``label``, ``topic 0…``, ``doc_id``, ``group``, ``dominant``."""
    from textkit.analysis.topics.models import TopicModel

    model = model_bytes.get() if hasattr(model_bytes, "get") else model_bytes
    model = TopicModel.from_bytes(model) if isinstance(model, bytes) else model
    rows = table.column("row").to_numpy()
    if fitted is not None:  # trained on every document: its own proportions
        fitted = fitted.get() if hasattr(fitted, "get") else fitted
        trained_rows, doc_topic = fitted
        theta = doc_topic[np.searchsorted(trained_rows, rows)]
    else:
        theta = infer_doc_topic(model, table.column("tokens").to_pylist())
    frame = pd.DataFrame(theta, columns=[f"topic {t}" for t in range(model.num_topics)])
    frame.insert(0, "label", table.column("label").to_pylist())
    frame["doc_id"] = table.column("doc_id").to_pylist()
    frame["group"] = table.column("group").to_pylist()
    frame["dominant"] = theta.argmax(axis=1) if len(theta) else np.zeros(0, np.int64)
    return frame


def document_topic_parts(corpus, model, *, trained_rows: np.ndarray | None = None) -> Iterator[pd.DataFrame]:
    """Each shard's document-topic table, in shard order, one in memory at a time.

    Parameters
    ----------
    corpus : PreparedCorpus
    model : TopicModel
    trained_rows : array, optional
        The store rows of ``model.doc_topic`` when the model was trained on
        every document: its own proportions are written.  ``None``: every
        document's proportions are inferred (:func:`infer_doc_topic`) on the workers.
    """
    ex = corpus.executor
    shared = ex.share(model.to_bytes())
    fitted = None if trained_rows is None else ex.share((np.asarray(trained_rows), np.asarray(model.doc_topic)))
    columns = ["row", "label", "doc_id", "group"] + ([] if trained_rows is not None else ["tokens"])
    run = getattr(corpus, "iter_shards", None) or corpus.map_shards
    yield from run(_topics_shard, shared, fitted, columns=columns, stage="document topics")


@dataclass
class DominantCounts:
    """Documents per group and dominant topic (a partial of one shard, or merged: integer sums)."""

    table: pd.DataFrame  # groups x topics

    @classmethod
    def of(cls, frame: pd.DataFrame, k: int) -> DominantCounts:
        counts = pd.crosstab(frame.group.astype(str), frame.dominant).reindex(columns=range(k), fill_value=0)
        counts.columns = [f"topic {t}" for t in range(k)]
        counts.index.name = "group"
        return cls(counts.astype(np.int64))

    def merge(self, other: DominantCounts) -> DominantCounts:
        groups = list(dict.fromkeys([*self.table.index, *other.table.index]))
        total = self.table.reindex(groups, fill_value=0) + other.table.reindex(groups, fill_value=0)
        return DominantCounts(total.astype(np.int64))

    __add__ = merge


def typical_candidates(doc_topic: pd.DataFrame, *, n: int = 40) -> pd.DataFrame:
    """The rows of one shard that :func:`~textkit.analysis.topics.views.typical_documents` could pick over the whole corpus.

    Each topic's ``n`` most typical documents and the ``n`` most dominated
    ones: ``typical_documents`` of the shards' candidates, concatenated in
    shard order, is ``typical_documents`` of every document.
    """
    values = round_sig(doc_topic.to_numpy(dtype=np.float64))
    if not len(values):
        return doc_topic
    dominant = values.argmax(axis=1)
    keep: set[int] = set()
    for t in range(values.shape[1]):
        mine = np.flatnonzero(dominant == t)
        keep.update(mine[np.lexsort((mine, -values[mine, t]))[:n]].tolist())
    keep.update(np.lexsort((np.arange(len(values)), -values.max(axis=1)))[:n].tolist())
    return doc_topic.iloc[sorted(keep)]


def fit_sample(sample: pd.DataFrame, *, kind: str, k: int, dictionary, random_state: int = 0, iterations: int | None = None):
    """The model of :func:`~textkit.analysis.topics.models.fit_model` trained on ``sample``'s documents, with their ``rows``.

    ``sample`` is :func:`sample_documents`' table: every document of the
    corpus when it is no larger than the sweep's sample, else that sample.
    """
    from dataclasses import replace

    from textkit.analysis.topics.models import fit_model

    model = fit_model(sample.tokens.tolist(), kind=kind, k=k, dictionary=dictionary, random_state=random_state, iterations=iterations)
    return replace(model, rows=sample.row.to_numpy(dtype=np.int64))


class DocumentTopics:
    """Every document's topic proportions, shard by shard: iterate to write them (``save_table_parts``), then read what was reduced.

    Iterating yields each shard's rows (``label``, ``topic 0…``,
    ``doc_id``, ``group``, ``dominant``: :func:`document_topic_parts`) and
    keeps, merged shard by shard, :attr:`dominant` (documents per group and
    dominant topic) and :attr:`typical` (the ``typical`` most typical
    documents of :func:`~textkit.analysis.topics.views.typical_documents`,
    for a heatmap).

    Parameters
    ----------
    corpus : PreparedCorpus
    model : TopicModel
    trained_on_all : bool
        The model was trained on every document (its ``rows``): its own
        proportions are written; else they are inferred on the workers.
    typical : int, default 40
    """

    def __init__(self, corpus, model, *, trained_on_all: bool, typical: int = 40):
        self.corpus, self.model, self.trained_on_all, self.n_typical = corpus, model, trained_on_all, typical
        self.dominant: pd.DataFrame | None = None
        self.typical: pd.DataFrame | None = None
        self.documents = 0

    def __iter__(self) -> Iterator[pd.DataFrame]:
        from textkit.analysis.topics.views import typical_documents

        k = self.model.num_topics
        topics = [f"topic {t}" for t in range(k)]
        rows = self.model.rows if self.model.rows is not None else np.arange(len(self.model.doc_topic))
        dominant, candidates, self.documents = None, [], 0
        for frame in document_topic_parts(self.corpus, self.model, trained_rows=rows if self.trained_on_all else None):
            part = DominantCounts.of(frame, k)
            dominant = part if dominant is None else dominant + part
            candidates.append(typical_candidates(frame.set_index("label")[topics], n=self.n_typical))
            self.documents += len(frame)
            yield frame
        self.dominant = (dominant.table if dominant is not None else pd.DataFrame(columns=topics)).reset_index()
        theta = pd.concat(candidates) if candidates else pd.DataFrame(columns=topics)
        self.typical = typical_documents(theta, n=self.n_typical)
