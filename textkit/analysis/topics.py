"""Topics: LDA with honest model selection, on any corpus size.

* :func:`build_corpus` makes a gensim ``Dictionary`` and a re-iterable
  bag-of-words corpus (:class:`BowCorpus`), reporting documents left empty;
* :func:`fit_topics` trains LDA by collapsed Gibbs sampling (tomotopy, one
  worker: reproducible) on the dictionary's words and returns a
  :class:`TopicModel`; it is the notebooks' model, for long articles and
  short posts alike (``benchmarks/topics_eval.py``: NMI of the dominant topic
  against THUCNews categories 0.75 on articles and 0.39 on headlines, where
  gensim's variational LDA gets 0.73 and collapses to 0.09);
* :func:`fit_lda` trains gensim's ``LdaModel`` (single process, a fixed
  ``random_state`` gives identical topics), kept for comparison;
* :func:`sweep` trains over k x seeds, in parallel worker processes, on a
  sample of at most ``max_documents`` documents, and measures coherence
  (gensim ``CoherenceModel``: c_v, c_npmi, u_mass, every topic of every run
  in one pass) and stability across seeds (Jaccard overlap of matched
  top-10 term sets); :func:`choose_k` applies a documented rule;
* :func:`fit_nmf` is NMF on sublinear TF-IDF, for comparison.

Every table is the same on every machine: LDA trains in float64 (in
float32, two BLAS kernels give topics that differ by 1e-7), weights are
rounded to six significant digits before they are ranked, and ties are
broken by the term (:mod:`textkit.analysis._ranking`).

Examples
--------
>>> docs = [["海澱", "科技", "創新"], ["昌平", "醫藥", "健康"]] * 5
>>> dictionary, corpus, empty = build_corpus(docs, no_below=1, no_above=1.0)
>>> len(corpus), empty
(10, [])
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from textkit.analysis._ranking import round_sig, round_to_scale, top_n
from textkit.errors import ParameterError

__all__ = [
    "BowCorpus",
    "TopicModel",
    "build_corpus",
    "fit_topics",
    "typical_documents",
    "fit_lda",
    "topic_terms",
    "terms_by_topic",
    "document_topics",
    "stability",
    "sweep",
    "choose_k",
    "fit_nmf",
    "fit_gibbs_lda",
    "ldavis",
]

logger = logging.getLogger(__name__)


class BowCorpus:
    """A re-iterable bag-of-words corpus (gensim's corpus interface).

    Each iteration yields ``[(term_id, count), …]`` per document, again and
    again: LDA and coherence make several passes, which a generator would not
    survive.
    """

    def __init__(self, token_lists: Sequence[Sequence[str]], dictionary):
        self.token_lists = token_lists
        self.dictionary = dictionary

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        for toks in self.token_lists:
            yield self.dictionary.doc2bow(toks)

    def __len__(self) -> int:
        return len(self.token_lists)


def build_corpus(
    token_lists: Sequence[Sequence[str]],
    *,
    no_below: int = 2,
    no_above: float = 0.5,
    keep_n: int | None = 5000,
):
    """Dictionary and bag-of-words corpus, with ``filter_extremes`` thresholds.

    Parameters
    ----------
    no_below : int, default 2
        Drop words in fewer documents (for ~40 documents, 2 keeps the
        vocabulary meaningful; raise it for large corpora).
    no_above : float, default 0.5
        Drop words in more than this share of documents.
    keep_n : int, optional
        Keep at most this many words.

    Returns
    -------
    (dictionary, corpus, empty)
        ``empty`` lists the positions of documents with no word left.
    """
    from gensim.corpora import Dictionary

    token_lists = [list(t) for t in token_lists]
    dictionary = Dictionary(token_lists)
    dictionary.filter_extremes(no_below=no_below, no_above=no_above, keep_n=keep_n)
    if len(dictionary) == 0:
        raise ParameterError(f"no word is left after filter_extremes(no_below={no_below}, no_above={no_above}); relax them")
    corpus = BowCorpus(token_lists, dictionary)
    empty = [i for i, bow in enumerate(corpus) if not bow]
    if empty:
        logger.info("%d documents have no word left after filtering", len(empty))
    return dictionary, corpus, empty


@dataclass(frozen=True)
class TopicModel:
    """A trained topic model as matrices: what tables, figures and pyLDAvis need.

    Attributes
    ----------
    topic_word : ndarray, topics x vocabulary
        Each topic's word distribution (rows sum to 1), six significant digits.
    vocabulary : list of str
    doc_topic : ndarray, documents x topics
        Each document's topic distribution (uniform for a document with no
        word in the vocabulary), six significant digits.
    doc_lengths : ndarray
        Vocabulary tokens per document.
    term_frequency : ndarray
        Corpus frequency of each vocabulary word.
    """

    topic_word: np.ndarray
    vocabulary: list[str]
    doc_topic: np.ndarray
    doc_lengths: np.ndarray
    term_frequency: np.ndarray

    @property
    def num_topics(self) -> int:
        return self.topic_word.shape[0]


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
    if not isinstance(k, int) or isinstance(k, bool) or k < 2:
        raise ParameterError(f"k must be a whole number of at least 2 (got {k!r})")
    if not isinstance(iterations, int) or isinstance(iterations, bool) or iterations < 1:
        raise ParameterError(f"iterations must be a whole number of at least 1 (got {iterations!r})")
    known = dictionary.token2id if dictionary is not None else None
    model = tp.LDAModel(k=k, seed=random_state, min_cf=min_cf)
    kept = []
    for i, toks in enumerate(token_lists):
        words = [t for t in toks if t in known] if known is not None else list(toks)
        if words:  # tomotopy skips empty documents
            model.add_doc(words)
            kept.append(i)
    if not kept:
        raise ParameterError("no document has a word left for the topic model")
    step = 10
    with progress(total=iterations, desc=f"topic model (k={k})", unit="it", disable=not progress_bar) as bar:
        done = 0
        while done < iterations:  # in steps, for the bar: the same topics as one call (tested)
            n = min(step, iterations - done)
            model.train(n, workers=1)
            done += n
            bar.update(n)
    vocabulary = list(model.used_vocabs)
    topic_word = round_sig(np.array([model.get_topic_word_dist(t) for t in range(k)], dtype=np.float64))
    doc_topic = np.full((len(token_lists), k), 1.0 / k)
    lengths = np.zeros(len(token_lists), dtype=np.int64)
    for i, doc in zip(kept, model.docs):
        doc_topic[i] = doc.get_topic_dist()
        lengths[i] = len(doc.words)
    return TopicModel(topic_word, vocabulary, round_sig(doc_topic), lengths, np.asarray(model.used_vocab_freq, dtype=np.int64))


def typical_documents(doc_topic: pd.DataFrame, *, n: int = 40) -> pd.DataFrame:
    """At most ``n`` rows of a document-topic table: for each topic in turn, the documents it dominates most.

    For a heatmap that stays legible on any corpus: rows grouped by their
    dominant topic, the most typical first (ties by position), about
    ``n / k`` per topic.

    Examples
    --------
    >>> theta = pd.DataFrame({"topic 0": [0.9, 0.2, 0.6, 0.1], "topic 1": [0.1, 0.8, 0.4, 0.9]}, index=list("abcd"))
    >>> typical_documents(theta, n=2).index.tolist()
    ['a', 'd']
    """
    values = round_sig(doc_topic.to_numpy(dtype=np.float64))
    k = values.shape[1]
    dominant = values.argmax(axis=1)
    per_topic = max(1, n // k)
    rows: list[int] = []
    for t in range(k):
        mine = np.flatnonzero(dominant == t)
        order = np.lexsort((mine, -values[mine, t]))
        rows.extend(mine[order[:per_topic]].tolist())
    if len(rows) < n:  # topics that dominate few documents leave room: fill with the next most typical
        taken = set(rows)
        rest = [i for i in np.lexsort((np.arange(len(values)), -values.max(axis=1))) if i not in taken]
        rows.extend(rest[: n - len(rows)])
        rows.sort(key=lambda i: (dominant[i], -values[i, dominant[i]], i))
    return doc_topic.iloc[rows[:n]]


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

    if not isinstance(k, int) or k < 2:
        raise ParameterError(f"k must be a whole number of at least 2 (got {k!r})")
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


def topic_terms(model, *, n: int = 10) -> pd.DataFrame:
    """Long table of each topic's top terms: ``topic, rank, term, weight``.

    Weights (the topic's word distribution) are rounded to six significant
    digits and ties broken by the term: gensim's own ``get_topic_terms``
    orders tied words by an unstable sort, so two machines list them in
    different orders.
    """
    if isinstance(model, TopicModel):
        return _top_terms_table(model.topic_word, model.vocabulary, n)
    terms = [model.id2word[i] for i in range(model.num_terms)]
    return _top_terms_table(model.get_topics(), terms, n)


def terms_by_topic(table: pd.DataFrame) -> dict[str, pd.Series]:
    """A topic-terms table (:func:`topic_terms`, :func:`fit_nmf`…) as ``{"topic k": weights by term}``, for bar charts.

    Examples
    --------
    >>> table = pd.DataFrame({"topic": [0, 0, 1], "rank": [1, 2, 1], "term": ["海澱", "創新", "醫藥"], "weight": [0.5, 0.3, 0.6]})
    >>> {k: v.to_dict() for k, v in terms_by_topic(table).items()}
    {'topic 0': {'海澱': 0.5, '創新': 0.3}, 'topic 1': {'醫藥': 0.6}}
    """
    return {f"topic {t}": g.set_index("term").weight for t, g in table.groupby("topic")}


def document_topics(model, corpus: BowCorpus | None = None, *, index: Sequence[str] | None = None) -> pd.DataFrame:
    """Documents x topics probability matrix (rows sum to 1, to six significant digits).

    Notes
    -----
    For a :class:`TopicModel`, its ``doc_topic`` (``corpus`` is not needed).
    For gensim's ``LdaModel``: the
    model's variational inference (``LdaModel.inference``), as
    ``get_document_topics`` runs it, without its cut-off at 1e-8.  It draws
    its starting point from the model's random state, so call it in the same
    order to get the same numbers.
    """
    if isinstance(model, TopicModel):
        return pd.DataFrame(model.doc_topic, index=index, columns=[f"topic {t}" for t in range(model.num_topics)])
    gamma, _ = model.inference(list(corpus))
    matrix = round_sig(gamma / gamma.sum(axis=1, keepdims=True))
    return pd.DataFrame(matrix, index=index, columns=[f"topic {t}" for t in range(model.num_topics)])


def stability(a: pd.DataFrame, b: pd.DataFrame, *, n: int = 10) -> float:
    """Mean Jaccard overlap of top-``n`` term sets after optimally matching topics of two runs.

    Topics are matched one-to-one with the Hungarian algorithm
    (``scipy.optimize.linear_sum_assignment``); 1 means the same topics.
    """
    from scipy.optimize import linear_sum_assignment

    sa = [set(g.nsmallest(n, "rank").term) for _, g in a.groupby("topic")]
    sb = [set(g.nsmallest(n, "rank").term) for _, g in b.groupby("topic")]
    sim = np.array([[len(x & y) / len(x | y) for y in sb] for x in sa])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].mean())


def sweep(
    token_lists: Sequence[Sequence[str]],
    dictionary,
    corpus: BowCorpus | None = None,
    *,
    ks: Sequence[int] = range(2, 11),
    seeds: Sequence[int] = (0, 1, 2),
    measures: Sequence[str] = ("c_v", "c_npmi", "u_mass"),
    model: Literal["gibbs", "gensim"] = "gibbs",
    iterations: int = 200,
    passes: int = 20,
    topn: int = 10,
    max_tokens: int | None = 300_000,
    n_jobs: int = 1,
    random_state: int = 0,
) -> pd.DataFrame:
    """Coherence and stability over k x seeds: one row per (k, seed).

    Parameters
    ----------
    token_lists : sequence of token lists
    dictionary : gensim Dictionary
        The vocabulary modelled (:func:`build_corpus`).
    corpus : BowCorpus, optional
        Not needed (kept for older calls): the bags of words are made from
        ``token_lists``.
    ks, seeds : sequences of int
    measures : coherence measures of gensim's ``CoherenceModel``
    model : {"gibbs", "gensim"}, default "gibbs"
        :func:`fit_topics` (``iterations`` Gibbs sweeps) or :func:`fit_lda`
        (``passes``).
    max_tokens : int, optional, default 300,000
        Train and measure on a random sample of documents holding about
        this many tokens of the vocabulary (documents drawn in a random
        order until the budget is reached; the same sample for every run,
        ``random_state`` draws it) when the corpus is larger: choosing k
        needs the corpus's topics, not all its documents, and the sweep
        then costs the same on any corpus (about 1,000 news articles, or
        40,000 headlines).  ``None`` uses every document.
    n_jobs : int, default 1
        Worker processes (joblib) training runs side by side; every run is
        single-threaded with its own seed, so the table is the same for any
        ``n_jobs``.

    Returns
    -------
    DataFrame
        ``k``, ``seed``, one column per measure, ``stability`` (a run's mean
        :func:`stability` against the runs of the same k with the other
        seeds), ``documents`` and ``tokens`` (the sample the sweep used).
        Coherence is measured on the top-``topn`` terms of
        :func:`topic_terms` (ties broken by the term); scores are rounded
        to six significant digits.

    Notes
    -----
    Coherence is computed for every topic of every run in one
    ``CoherenceModel`` per measure (its word counts are the costly part
    and do not depend on the other topics); a run's coherence is the mean
    of its topics', as ``get_coherence`` gives it.
    """
    from gensim.models import CoherenceModel

    from textkit.engine.progress import progress

    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ParameterError(f"n_jobs must be a positive whole number or -1 (got {n_jobs!r})")
    if model not in ("gibbs", "gensim"):
        raise ParameterError(f"model must be 'gibbs' or 'gensim' (got {model!r})")
    if max_tokens is not None and (not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1):
        raise ParameterError(f"max_tokens must be a whole number of at least 1, or None (got {max_tokens!r})")
    known = dictionary.token2id
    texts = [[t for t in toks if t in known] for toks in token_lists]
    if max_tokens is not None and sum(map(len, texts)) > max_tokens:
        order = np.random.default_rng(random_state).permutation(len(texts))
        reached = np.searchsorted(np.cumsum([len(texts[i]) for i in order]), max_tokens) + 1
        texts = [texts[i] for i in np.sort(order[:reached])]
    bow = [dictionary.doc2bow(t) for t in texts]
    runs = [(k, seed) for k in ks for seed in seeds]
    settings = {"model": model, "iterations": iterations, "passes": passes, "topn": topn}
    tables = {}
    with progress(total=len(runs), desc=f"topic sweep ({len(texts):,} documents)", unit="model") as bar:
        if n_jobs == 1:
            for k, seed in runs:
                tables[k, seed] = _sweep_run(texts, dictionary, k, seed, settings)
                bar.update()
        else:
            from joblib import delayed

            from textkit._workers import parallel

            done = parallel(n_jobs, return_as="generator", batch_size=1)(
                delayed(_sweep_run)(texts, dictionary, k, seed, settings) for k, seed in runs
            )
            for run, table in zip(runs, done):
                tables[run] = table
                bar.update()
    top_words = {run: [g.sort_values("rank").term.tolist() for _, g in tables[run].groupby("topic")] for run in runs}
    every_topic = [words for run in runs for words in top_words[run]]
    rows = [{"k": k, "seed": seed} for k, seed in runs]
    for m in measures:
        cm = CoherenceModel(topics=every_topic, texts=texts, corpus=bow, dictionary=dictionary, coherence=m, topn=topn, processes=1)
        per_topic = np.asarray(cm.get_coherence_per_topic(), dtype=np.float64)
        start = 0
        for row, run in zip(rows, runs):
            n = len(top_words[run])
            row[m] = round_sig(float(np.mean(per_topic[start : start + n])))
            start += n
    table = pd.DataFrame(rows, columns=["k", "seed", *measures])
    table["stability"] = [
        round_sig(float(np.mean([stability(tables[k, s], tables[k, o], n=topn) for o in seeds if o != s]))) if len(seeds) > 1 else np.nan
        for k, s in zip(table.k, table.seed)
    ]
    table["documents"] = len(texts)
    table["tokens"] = sum(map(len, texts))
    return table


def _sweep_run(texts: list[list[str]], dictionary, k: int, seed: int, settings: dict) -> pd.DataFrame:
    """One run of the sweep (in a worker process when ``n_jobs > 1``): its top-``topn`` terms per topic."""
    if settings["model"] == "gibbs":
        fitted = fit_topics(texts, k=k, dictionary=dictionary, random_state=seed, iterations=settings["iterations"], progress_bar=False)
    else:
        bow = BowCorpus(texts, dictionary)
        fitted = fit_lda(bow, dictionary, k=k, random_state=seed, passes=settings["passes"])
    return topic_terms(fitted, n=settings["topn"])


def choose_k(table: pd.DataFrame, *, measure: str = "c_v", min_stability: float = 0.5) -> dict:
    """The rule: highest mean ``measure`` among k whose mean stability is at least ``min_stability``.

    When no k is that stable, the most coherent k is returned with
    ``stable=False``: the topics then depend on the seed and should not be
    over-read.  Means are compared at six significant digits; of equally
    coherent k, the smallest wins.
    """
    summary = round_sig(table.groupby("k")[[measure, "stability"]].mean())
    stable = summary[summary.stability >= min_stability]
    pool = stable if len(stable) else summary
    k = int(pool.index[top_n(pool[measure], pool.index, n=1)[0]])
    values = table[table.k == k][measure]
    return {
        "k": k,
        "stable": bool(len(stable)),
        measure: float(summary.loc[k, measure]),
        "stability": float(summary.loc[k, "stability"]),
        "spread": round_sig(float(values.max() - values.min())),
    }


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


def _top_terms_table(weights: np.ndarray, terms: Sequence[str], n: int = 10) -> pd.DataFrame:
    """Each row of ``weights`` (topics x terms) as its ``n`` top terms, rounded, ties broken by the term."""
    terms = np.asarray(terms, dtype=str)
    rows = []
    for t, comp in enumerate(round_sig(np.asarray(weights, dtype=np.float64))):
        for rank, j in enumerate(top_n(comp, terms, n=n), start=1):
            rows.append({"topic": t, "rank": rank, "term": str(terms[j]), "weight": float(comp[j])})
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])


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


def ldavis(model, corpus: BowCorpus | None = None, dictionary=None):
    """pyLDAvis data for a :class:`TopicModel` or a gensim model (topic order kept, PCoA on Jensen–Shannon distances).

    ``corpus`` and ``dictionary`` are needed for a gensim model only.

    Its ``topic_coordinates`` table (``x``, ``y``, ``Freq``) also feeds
    :func:`textkit.output.plot.intertopic_map`, the static figure for papers.

    Notes
    -----
    The same on every machine, as far as pyLDAvis allows: its inputs (the
    topics' word distributions and :func:`document_topics`) and its outputs
    are rounded to six significant digits, and each PCoA axis, whose sign an
    eigensolver picks at random, is turned so that its largest coordinate
    (the first of equals) is positive.  Coordinates are rounded at the scale
    of the largest one, so an axis that is zero up to noise (k = 2) is zero.
    """
    import pyLDAvis

    if isinstance(model, TopicModel):
        topic_term, doc_topic = model.topic_word, model.doc_topic
        doc_lengths, vocab = model.doc_lengths, model.vocabulary
        term_frequency = model.term_frequency.astype(np.float64)
    else:
        from gensim.matutils import corpus2csc

        counts = corpus2csc(corpus, num_terms=len(dictionary))  # terms x documents
        term_frequency = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        topic_term = round_sig(model.get_topics().astype(np.float64))
        doc_topic = document_topics(model, corpus).to_numpy()
        doc_lengths = np.asarray(counts.sum(axis=0)).ravel()
        vocab = [dictionary[i] for i in range(len(dictionary))]
    term_frequency[term_frequency == 0] = 0.01  # as pyLDAvis.gensim_models: no zero frequencies
    prepared = pyLDAvis.prepare(
        topic_term_dists=topic_term,
        doc_topic_dists=doc_topic,
        doc_lengths=doc_lengths,
        vocab=vocab,
        term_frequency=term_frequency,
        mds="pcoa",
        sort_topics=False,
        n_jobs=1,
    )
    coordinates = prepared.topic_coordinates.copy()
    xy = round_to_scale(coordinates[["x", "y"]].to_numpy())
    for axis in range(xy.shape[1]):
        if xy[np.argmax(np.abs(xy[:, axis])), axis] < 0:
            xy[:, axis] = -xy[:, axis] + 0.0
    coordinates["x"], coordinates["y"] = xy[:, 0], xy[:, 1]
    return prepared._replace(
        topic_coordinates=round_sig(coordinates),
        topic_info=round_sig(prepared.topic_info),
        token_table=round_sig(prepared.token_table),
    )
