"""Fitting topic models: Gibbs-sampled LDA (tomotopy, the notebooks' model), gensim LDA and NMF for comparison."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from textkit.analysis._ranking import round_sig
from textkit.analysis.topics.views import _top_terms_table, document_topics, topic_terms
from textkit.analysis.topics.vocabulary import BowCorpus
from textkit.errors import ParameterError

__all__ = ["TopicModel", "MODELS", "fit_model", "fit_topics", "fit_lda", "fit_nmf", "fit_gibbs_lda"]

#: The models :func:`fit_model` fits, by ``kind``: Gibbs LDA and the short-text models.
MODELS = ("lda", "dmm", "pt", "btm")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TopicModel:
    """A fitted topic model as matrices: what tables, figures, effects and pyLDAvis need.

    Every model notebook 03 can choose (Gibbs LDA, and the short-text
    models DMM, PTM, BTM) is returned as one of these, so that later stages
    (effects, trends, the saved model of notebook 05) need not know which.
    The names below are an interface: they stay.

    Attributes
    ----------
    topic_word : ndarray, topics x vocabulary
        Each topic's word distribution (rows sum to 1), six significant digits.
    vocabulary : list of str
    doc_topic : ndarray, documents x topics
        Each document's topic distribution (posterior mean; uniform for a
        document with no word in the vocabulary), six significant digits.
    doc_lengths : ndarray
        Vocabulary tokens per document.
    term_frequency : ndarray
        Corpus frequency of each vocabulary word.
    kind : str
        ``"lda"`` (Gibbs LDA), ``"dmm"`` (Dirichlet multinomial mixture,
        one topic per document), ``"pt"`` (pseudo-document topic model),
        ``"btm"`` (biterm topic model).
    doc_topic_counts : ndarray, documents x topics
        What the sampler's last state gives per document: the number of its
        tokens assigned to each topic (``lda``, ``pt``); for a model with one
        topic per document (``dmm``) the posterior probability of each topic;
        for ``btm`` the expected number of tokens per topic
        (``doc_topic * doc_lengths``).  Rows of empty documents are zero.
    alpha : ndarray, topics
        The document-topic Dirichlet prior (tomotopy learns an asymmetric
        one for LDA).
    eta : float
        The topic-word Dirichlet prior.
    native : bytes or None
        The underlying model as bytes (tomotopy ``saves(full=True)``), or
        ``None`` for a model held only as the arrays above (the hand-written
        DMM, NMF).  :meth:`native_model` loads it.
    settings : dict
        What it was fitted with (``k``, ``iterations``, ``random_state``…),
        JSON-able.
    topic_word_counts : ndarray or None
        Topics x vocabulary: the sampler's last counts of each word in each
        topic, for a model inferred from them (``dmm``:
        :func:`~textkit.analysis.topics.shards.infer_doc_topic`); ``None`` otherwise.
    rows : ndarray or None
        The corpus store rows of ``doc_topic``'s documents (the documents it
        was trained on: every one, or the sweep's sample); ``None`` when
        fitted on token lists.

    Notes
    -----
    Draws of the document-topic proportions (for intervals that carry the
    model's uncertainty, by the method of composition) come from
    :meth:`draw_doc_topic`: ``Dirichlet(alpha + doc_topic_counts)`` per
    document for the token-level models, and one topic per document drawn
    from its posterior for ``dmm``.  :meth:`to_bytes` and
    :meth:`from_bytes` save and load the whole object (arrays as ``.npz``,
    no pickle).
    """

    topic_word: np.ndarray
    vocabulary: list[str]
    doc_topic: np.ndarray
    doc_lengths: np.ndarray
    term_frequency: np.ndarray
    kind: str = "lda"
    doc_topic_counts: np.ndarray | None = None
    alpha: np.ndarray | None = None
    eta: float = 0.01
    native: bytes | None = None
    settings: dict = field(default_factory=dict)
    topic_word_counts: np.ndarray | None = None
    rows: np.ndarray | None = None

    @property
    def num_topics(self) -> int:
        return self.topic_word.shape[0]

    def draw_doc_topic(self, n_draws: int = 1, *, random_state: int = 0) -> np.ndarray:
        """Draws of every document's topic proportions: an array ``n_draws x documents x topics``.

        Token-level models (``lda``, ``pt``, ``btm``): each row drawn from
        ``Dirichlet(alpha + doc_topic_counts[d])``, the posterior of a
        document's proportions given its sampled topic assignments.  ``dmm``
        (one topic per document): a one-hot row, the topic drawn from the
        document's posterior.  Empty documents draw from the prior.

        Examples
        --------
        >>> m = TopicModel(np.full((2, 3), 1 / 3), ["海澱", "科技", "醫藥"], np.array([[0.9, 0.1]]), np.array([5]),
        ...                np.array([2, 2, 1]), doc_topic_counts=np.array([[4.0, 1.0]]), alpha=np.array([0.1, 0.1]))
        >>> m.draw_doc_topic(3, random_state=1).shape
        (3, 1, 2)
        """
        rng = np.random.default_rng(random_state)
        counts = self.doc_topic_counts if self.doc_topic_counts is not None else self.doc_topic * self.doc_lengths[:, None]
        alpha = self.alpha if self.alpha is not None else np.full(self.num_topics, 0.1)
        n_docs, k = counts.shape
        if self.kind == "dmm":
            post = np.asarray(counts, dtype=np.float64)
            sums = post.sum(axis=1, keepdims=True)
            post = np.where(sums > 0, post / np.where(sums > 0, sums, 1), alpha / alpha.sum())
            cum = np.cumsum(post, axis=1)
            u = rng.random((n_draws, n_docs, 1))
            z = np.minimum((u > cum[None]).sum(axis=2), k - 1)
            return np.eye(k)[z]
        shape = np.asarray(counts, dtype=np.float64)[None] + alpha[None, None, :]
        g = rng.standard_gamma(np.broadcast_to(shape, (n_draws, n_docs, k)))
        return g / g.sum(axis=2, keepdims=True)

    def native_model(self):
        """The underlying tomotopy model, loaded from :attr:`native` (``None`` when there is none)."""
        if self.native is None:
            return None
        tp = _tomotopy()
        cls = {"lda": tp.LDAModel, "pt": tp.PTModel}.get(self.kind)
        if cls is None:
            return None
        return cls.loads(self.native)

    def to_bytes(self) -> bytes:
        """The whole model as bytes (``.npz``: arrays, JSON settings, the native model): no pickle."""
        import io
        import json

        buf = io.BytesIO()
        arrays = {
            "topic_word": self.topic_word,
            "vocabulary": np.asarray(self.vocabulary, dtype=str),
            "doc_topic": self.doc_topic,
            "doc_lengths": self.doc_lengths,
            "term_frequency": self.term_frequency,
            "meta": np.frombuffer(json.dumps({"kind": self.kind, "eta": float(self.eta), "settings": self.settings},
                                             ensure_ascii=False, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        }
        if self.doc_topic_counts is not None:
            arrays["doc_topic_counts"] = self.doc_topic_counts
        if self.alpha is not None:
            arrays["alpha"] = np.asarray(self.alpha, dtype=np.float64)
        if self.native is not None:
            arrays["native"] = np.frombuffer(self.native, dtype=np.uint8)
        if self.topic_word_counts is not None:
            arrays["topic_word_counts"] = np.asarray(self.topic_word_counts, dtype=np.float64)
        if self.rows is not None:
            arrays["rows"] = np.asarray(self.rows, dtype=np.int64)
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "TopicModel":
        """The model :meth:`to_bytes` wrote.

        Examples
        --------
        >>> m = TopicModel(np.full((2, 2), 0.5), ["海澱", "科技"], np.full((1, 2), 0.5), np.array([2]), np.array([1, 1]))
        >>> TopicModel.from_bytes(m.to_bytes()).vocabulary
        ['海澱', '科技']
        """
        import io
        import json

        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode("utf-8"))
            return cls(
                topic_word=z["topic_word"], vocabulary=z["vocabulary"].tolist(), doc_topic=z["doc_topic"],
                doc_lengths=z["doc_lengths"], term_frequency=z["term_frequency"], kind=meta["kind"],
                doc_topic_counts=z["doc_topic_counts"] if "doc_topic_counts" in z else None,
                alpha=z["alpha"] if "alpha" in z else None, eta=meta["eta"],
                native=z["native"].tobytes() if "native" in z else None, settings=meta["settings"],
                topic_word_counts=z["topic_word_counts"] if "topic_word_counts" in z else None,
                rows=z["rows"] if "rows" in z else None,
            )


def _check_k(k) -> None:
    """A number of topics every model takes: a whole number of at least 2 (numpy integers too)."""
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 2:
        raise ParameterError(f"k must be a whole number of at least 2 (got {k!r})")


def _add_documents(model, token_lists: Sequence[Sequence[str]], dictionary=None) -> list[int]:
    """Add each document's words (those of ``dictionary``, if given) to a tomotopy model; the rows added.

    tomotopy skips empty documents, so a document without a known word is not added (its row is not returned).
    """
    known = dictionary.token2id if dictionary is not None else None
    kept = []
    for i, toks in enumerate(token_lists):
        words = [t for t in toks if t in known] if known is not None else list(toks)
        if words:
            model.add_doc(words)
            kept.append(i)
    if not kept:
        raise ParameterError("no document has a word left for the topic model")
    return kept


def _tomotopy_results(model, n_documents: int, kept: Sequence[int], k: int):
    """A trained tomotopy model's vocabulary, topic-word matrix (rounded), document-topic shares, topic counts and lengths.

    Documents that were not added (not in ``kept``) get uniform shares and no words.
    """
    vocabulary = list(model.used_vocabs)
    topic_word = round_sig(np.array([model.get_topic_word_dist(t) for t in range(k)], dtype=np.float64))
    doc_topic = np.full((n_documents, k), 1.0 / k)
    counts = np.zeros((n_documents, k), dtype=np.float64)
    lengths = np.zeros(n_documents, dtype=np.int64)
    for i, doc in zip(kept, model.docs):
        doc_topic[i] = doc.get_topic_dist()
        assigned = np.asarray(doc.topics, dtype=np.int64)
        assigned = assigned[assigned >= 0]  # words left out (min_cf) have no topic
        counts[i] = np.bincount(assigned, minlength=k)
        lengths[i] = len(assigned)
    return vocabulary, topic_word, doc_topic, counts, lengths


def fit_topics(
    token_lists: Sequence[Sequence[str]],
    *,
    k: int,
    dictionary=None,
    random_state: int = 0,
    iterations: int = 200,
    min_cf: int = 0,
    progress_bar: bool = True,
) -> TopicModel:
    """LDA by collapsed Gibbs sampling (tomotopy, one worker: the same topics on every run).

    Parameters
    ----------
    token_lists : sequence of token lists
    k : int
        Number of topics.
    dictionary : gensim Dictionary, optional
        Only its words are modelled (:func:`build_corpus` filters the
        vocabulary); by default every word seen at least ``min_cf`` times.
    random_state : int
    iterations : int, default 200
        Gibbs sweeps over the corpus.
    progress_bar : bool, default True
        A progress bar (:mod:`textkit.engine.progress`) while training takes long.

    Returns
    -------
    TopicModel

    Notes
    -----
    Cost is linear in tokens x iterations: about 3 s for 1,000 news
    articles (330,000 tokens) and 200 iterations, ten times that for ten
    million characters.  tomotopy runs in its SSE2 build, the same on every
    x86-64 CPU (:func:`_tomotopy`), unless ``TOMOTOPY_ISA`` says otherwise.

    Examples
    --------
    >>> model = fit_topics([["海澱", "科技", "創新"], ["昌平", "醫藥", "健康"]] * 5, k=2, iterations=20)
    >>> model.doc_topic.shape, len(model.vocabulary)
    ((10, 2), 6)
    """
    from textkit.engine.progress import progress

    tp = _tomotopy()
    _check_k(k)
    if not isinstance(iterations, int) or isinstance(iterations, bool) or iterations < 1:
        raise ParameterError(f"iterations must be a whole number of at least 1 (got {iterations!r})")
    model = tp.LDAModel(k=k, seed=random_state, min_cf=min_cf)
    kept = _add_documents(model, token_lists, dictionary)
    step = 10
    with progress(total=iterations, desc=f"topic model (k={k})", unit="it", disable=not progress_bar) as bar:
        done = 0
        while done < iterations:  # in steps, for the bar: the same topics as one call (tested)
            n = min(step, iterations - done)
            model.train(n, workers=1)
            done += n
            bar.update(n)
    vocabulary, topic_word, doc_topic, counts, lengths = _tomotopy_results(model, len(token_lists), kept, k)
    return TopicModel(
        topic_word, vocabulary, round_sig(doc_topic), lengths, np.asarray(model.used_vocab_freq, dtype=np.int64),
        kind="lda", doc_topic_counts=counts, alpha=round_sig(np.asarray(model.alpha, dtype=np.float64)),
        eta=float(round_sig(float(model.eta))), native=bytes(model.saves(full=False)),
        settings={"k": k, "iterations": iterations, "random_state": random_state, "min_cf": min_cf},
    )


def fit_model(
    token_lists: Sequence[Sequence[str]],
    *,
    kind: str = "lda",
    k: int,
    dictionary=None,
    random_state: int = 0,
    iterations: int | None = None,
    progress_bar: bool = True,
) -> TopicModel:
    """Fit a model of :data:`MODELS` by its ``kind``: :func:`fit_topics` (``"lda"``), or a short-text model (:mod:`.short`).

    ``iterations`` ``None`` takes the model's default (LDA 200, DMM 80, PTM 200, BTM 100).

    Examples
    --------
    >>> fit_model([["股市", "上涨", "基金"], ["球队", "比赛", "进球"]] * 10, kind="dmm", k=2, iterations=10).kind
    'dmm'
    """
    from textkit.analysis.topics import short

    if kind not in MODELS:
        raise ParameterError(f"model must be one of {', '.join(MODELS)} (got {kind!r})")
    options = {} if iterations is None else {"iterations": iterations}
    if kind == "lda":
        return fit_topics(token_lists, k=k, dictionary=dictionary, random_state=random_state, progress_bar=progress_bar, **options)
    fit = {"dmm": short.fit_dmm, "pt": short.fit_ptm, "btm": short.fit_btm}[kind]
    return fit(token_lists, k=k, dictionary=dictionary, random_state=random_state, **options)


def fit_lda(corpus: BowCorpus, dictionary, *, k: int, random_state: int = 0, passes: int = 20, iterations: int = 50):
    """Train gensim ``LdaModel`` (single process, reproducible).

    Notes
    -----
    gensim's own priors (symmetric) and its 50 inference iterations per
    document: on 1,000 THUCNews articles (k = 10, three seeds,
    ``benchmarks/gensim_lda_settings.py``) textkit's former settings,
    ``iterations=400`` with ``alpha="auto"`` and ``eta="auto"``, gave NMI
    0.700 and c_npmi 0.046, against 0.731 and 0.134 with 50 iterations;
    the learned priors changed nothing measurable.  A vocabulary cut to the
    5,000 most frequent words matters more (0.731, against 0.543 with every
    word that passes ``no_below``/``no_above`` and 0.324 with no filter).

    The model is trained in float64 (gensim's default is float32): in
    float32 the topics of two machines (two BLAS kernels) differ by about
    1e-7 relative, more than rounding to six digits can hide; in float64
    by about 1e-15.  It costs about 40% more time.
    """
    from gensim.models import LdaModel

    _check_k(k)
    return LdaModel(
        corpus=corpus,
        id2word=dictionary,
        num_topics=k,
        random_state=random_state,
        passes=passes,
        iterations=iterations,
        eval_every=None,
        dtype=np.float64,
    )


def fit_nmf(token_lists: Sequence[Sequence[str]], *, k: int, random_state: int = 0, min_df: int = 1, dictionary=None):
    """NMF on sublinear TF-IDF: a second, deterministic topic model to check LDA's topics against.

    Parameters
    ----------
    dictionary : gensim Dictionary, optional
        Only its words are used (the vocabulary of :func:`build_corpus`).

    Notes
    -----
    On 1,000 THUCNews articles its dominant topics match the categories
    best of all models here (NMI 0.89, ``benchmarks/topics_eval.py``), on
    10,000 headlines less well than Gibbs LDA (0.31 against 0.39).
    ``init="nndsvd"`` is deterministic: ``random_state`` does not change it,
    so it says nothing about stability across seeds.

    Returns
    -------
    (topic_terms, document_topics) : tuple of DataFrame
        Same shapes as :func:`topic_terms` and :func:`document_topics`
        (document weights normalised to sum to 1 where non-zero), rounded to
        six significant digits.
    """
    from sklearn.decomposition import NMF

    from textkit.analysis.keywords import tfidf_matrix

    if dictionary is not None:
        known = dictionary.token2id
        token_lists = [[t for t in toks if t in known] for toks in token_lists]
    vec, X = tfidf_matrix(token_lists, sublinear_tf=True, min_df=min_df)
    model = NMF(n_components=k, init="nndsvd", random_state=random_state, max_iter=500)
    W = model.fit_transform(X)
    sums = W.sum(axis=1, keepdims=True)
    W = round_sig(np.divide(W, sums, out=np.zeros_like(W), where=sums > 0))
    return _top_terms_table(model.components_, vec.get_feature_names_out()), pd.DataFrame(W, columns=[f"topic {t}" for t in range(k)])


def fit_gibbs_lda(
    token_lists: Sequence[Sequence[str]],
    *,
    k: int,
    random_state: int = 0,
    iterations: int = 200,
    min_cf: int = 2,
):
    """LDA by collapsed Gibbs sampling (tomotopy, one worker: reproducible).

    On short texts Gibbs sampling holds up far better than gensim's
    variational LDA: on 10,000 THUCNews headlines NMI 0.39 against 0.09
    (``benchmarks/topics_eval.py``).  :func:`fit_topics` returns the whole
    model.

    Returns
    -------
    (topic_terms, document_topics) : tuple of DataFrame
        As :func:`fit_nmf`.  Documents with no word left get a uniform row.

    Notes
    -----
    tomotopy runs in its SSE2 build, the same on every x86-64 CPU (see
    :func:`_tomotopy`), unless ``TOMOTOPY_ISA`` says otherwise.
    """
    model = fit_topics(token_lists, k=k, random_state=random_state, iterations=iterations, min_cf=min_cf)
    return topic_terms(model), document_topics(model)


def _tomotopy():
    """tomotopy, imported in its SSE2 build (the one every x86-64 CPU runs) unless ``TOMOTOPY_ISA`` is set.

    tomotopy picks a build per CPU (AVX-512, AVX2, SSE2).  Their float32
    arithmetic differs in the last bits and Gibbs sampling amplifies it: on
    3,000 THUCNews headlines the AVX-512 and the AVX2 build sample different
    topics, and even where they agree the learned ``alpha`` differs.  One
    build for everyone gives the same topics on every machine; on 10,000
    headlines it is about as fast.  If tomotopy was imported before with
    another build, that build is used and a warning logged.
    """
    if "tomotopy" not in sys.modules:
        chosen = os.environ.get("TOMOTOPY_ISA")
        os.environ["TOMOTOPY_ISA"] = chosen or "sse2"  # read once, when tomotopy is imported
        try:
            import tomotopy  # noqa: F401  (it reads TOMOTOPY_ISA now)
        finally:
            if chosen is None:
                del os.environ["TOMOTOPY_ISA"]
    tp = sys.modules["tomotopy"]
    if tp.isa != "sse2" and "TOMOTOPY_ISA" not in os.environ:
        logger.warning("tomotopy was imported before textkit, in its %s build: Gibbs-sampled topics can differ "
                       "from another machine's (import textkit first, or set TOMOTOPY_ISA=sse2)", tp.isa)
    return tp
