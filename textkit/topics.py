"""Topics: gensim LDA with honest model selection, and NMF for short texts.

* :func:`build_corpus` makes a gensim ``Dictionary`` and a re-iterable
  bag-of-words corpus (:class:`BowCorpus`), reporting documents left empty;
* :func:`fit_lda` trains a single-process ``LdaModel`` (a fixed
  ``random_state`` gives identical topics);
* :func:`sweep` trains over k x seeds and measures coherence
  (``CoherenceModel``: c_v, c_npmi, u_mass) and stability across seeds
  (Jaccard overlap of matched top-10 term sets); :func:`choose_k` applies a
  documented rule;
* :func:`fit_nmf` is the short-text alternative (NMF on sublinear TF-IDF).

Every table is the same on every machine: LDA trains in float64 (in
float32, two BLAS kernels give topics that differ by 1e-7), weights are
rounded to six significant digits before they are ranked, and ties are
broken by the term (:mod:`textkit._ranking`).

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

import numpy as np
import pandas as pd

from textkit._ranking import round_sig, round_to_scale, top_n
from textkit.errors import ParameterError

__all__ = [
    "BowCorpus",
    "build_corpus",
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
    "ldavis_html",
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


def fit_lda(corpus: BowCorpus, dictionary, *, k: int, random_state: int = 0, passes: int = 20, iterations: int = 400):
    """Train gensim ``LdaModel`` (single process, reproducible).

    Notes
    -----
    ``alpha="auto"`` learns an asymmetric document–topic prior (some topics
    are more common than others); ``eta="auto"`` learns the topic–word prior.
    Many passes are cheap on small corpora and stabilise the result.

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
        alpha="auto",
        eta="auto",
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


def document_topics(model, corpus: BowCorpus, *, index: Sequence[str] | None = None) -> pd.DataFrame:
    """Documents x topics probability matrix (rows sum to 1, to six significant digits).

    Notes
    -----
    The model's variational inference (``LdaModel.inference``), as
    ``get_document_topics`` runs it, without its cut-off at 1e-8.  It draws
    its starting point from the model's random state, so call it in the same
    order to get the same numbers.
    """
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
    corpus: BowCorpus,
    *,
    ks: Sequence[int] = range(2, 11),
    seeds: Sequence[int] = (0, 1, 2),
    measures: Sequence[str] = ("c_v", "c_npmi", "u_mass"),
    passes: int = 20,
    topn: int = 10,
) -> pd.DataFrame:
    """Coherence and stability over k x seeds: one row per (k, seed).

    ``stability`` of a run is its mean :func:`stability` against the runs of
    the same k with the other seeds.  Coherence is measured on the top-``topn``
    terms of :func:`topic_terms` (ties broken by the term, not by gensim's
    unstable sort); scores are rounded to six significant digits.
    """
    from gensim.models import CoherenceModel

    rows, tables = [], {}
    texts = [list(t) for t in token_lists]
    for k in ks:
        for seed in seeds:
            model = fit_lda(corpus, dictionary, k=k, random_state=seed, passes=passes)
            tables[k, seed] = topic_terms(model, n=topn)
            top_words = [g.sort_values("rank").term.tolist() for _, g in tables[k, seed].groupby("topic")]
            row = {"k": k, "seed": seed}
            for m in measures:
                cm = CoherenceModel(topics=top_words, texts=texts, corpus=corpus, dictionary=dictionary, coherence=m, topn=topn, processes=1)
                row[m] = round_sig(float(cm.get_coherence()))
            rows.append(row)
    table = pd.DataFrame(rows)
    table["stability"] = [
        round_sig(float(np.mean([stability(tables[k, s], tables[k, o], n=topn) for o in seeds if o != s]))) if len(seeds) > 1 else np.nan
        for k, s in zip(table.k, table.seed)
    ]
    return table


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


def fit_nmf(token_lists: Sequence[Sequence[str]], *, k: int, random_state: int = 0, min_df: int = 1):
    """NMF on sublinear TF-IDF: a topic model that holds up on short texts (headlines).

    Returns
    -------
    (topic_terms, document_topics) : tuple of DataFrame
        Same shapes as :func:`topic_terms` and :func:`document_topics`
        (document weights normalised to sum to 1 where non-zero), rounded to
        six significant digits.
    """
    from sklearn.decomposition import NMF

    from textkit.keywords import tfidf_matrix

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
    variational LDA: on 10,000 THUCNews headlines NMI 0.43 against 0.08
    (``benchmarks/topics_eval.py``).

    Returns
    -------
    (topic_terms, document_topics) : tuple of DataFrame
        As :func:`fit_nmf`.  Documents with no word left get a uniform row.

    Notes
    -----
    tomotopy runs in its SSE2 build, the same on every x86-64 CPU (see
    :func:`_tomotopy`), unless ``TOMOTOPY_ISA`` says otherwise.
    """
    tp = _tomotopy()
    if not isinstance(k, int) or k < 2:
        raise ParameterError(f"k must be a whole number of at least 2 (got {k!r})")
    model = tp.LDAModel(k=k, seed=random_state, min_cf=min_cf)
    kept = [i for i, toks in enumerate(token_lists) if len(toks)]  # tomotopy skips empty documents
    for i in kept:
        model.add_doc(list(token_lists[i]))
    if not kept:
        raise ParameterError("no document has a word left for the topic model")
    model.train(iterations, workers=1)
    terms = list(model.used_vocabs)
    weights = np.array([model.get_topic_word_dist(t) for t in range(k)], dtype=np.float64)
    theta = np.full((len(token_lists), k), 1.0 / k)
    for i, doc in zip(kept, model.docs):
        theta[i] = doc.get_topic_dist()
    return _top_terms_table(weights, terms), pd.DataFrame(round_sig(theta), columns=[f"topic {t}" for t in range(k)])


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


def ldavis(model, corpus: BowCorpus, dictionary):
    """pyLDAvis data for a gensim model (topic order kept, PCoA on Jensen–Shannon distances).

    Its ``topic_coordinates`` table (``x``, ``y``, ``Freq``) also feeds
    :func:`textkit.plot.intertopic_map`, the static figure for papers.

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
    from gensim.matutils import corpus2csc

    counts = corpus2csc(corpus, num_terms=len(dictionary))  # terms x documents
    term_frequency = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
    term_frequency[term_frequency == 0] = 0.01  # as pyLDAvis.gensim_models: no zero frequencies
    prepared = pyLDAvis.prepare(
        topic_term_dists=round_sig(model.get_topics().astype(np.float64)),
        doc_topic_dists=document_topics(model, corpus).to_numpy(),
        doc_lengths=np.asarray(counts.sum(axis=0)).ravel(),
        vocab=[dictionary[i] for i in range(len(dictionary))],
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


def ldavis_html(prepared, *, visid: str = "textkit_ldavis") -> str:
    """A standalone pyLDAvis page that works offline.

    pyLDAvis loads d3 and its own script from a CDN, so a saved page is
    blank without network.  Here they come from the installed package's
    ``js/`` folder, embedded as ``data:`` URLs, and the CJK font is embedded
    too (subset to the page's characters); ``visid`` is fixed (pyLDAvis
    would pick a random one), so the page is the same on every run.
    """
    import base64
    import string

    import pyLDAvis
    from pyLDAvis import urls

    from textkit.fonts import cjk_font_face_css

    def data_url(path: str, mime: str) -> str:
        with open(path, "rb") as fh:
            return f"data:{mime};base64," + base64.b64encode(fh.read()).decode("ascii")

    body = pyLDAvis.prepared_data_to_html(
        prepared,
        d3_url=data_url(urls.D3_LOCAL, "text/javascript"),
        ldavis_url=data_url(urls.LDAVIS_LOCAL, "text/javascript"),
        ldavis_css_url=data_url(urls.LDAVIS_CSS_LOCAL, "text/css"),
        template_type="simple",
        visid=visid,
    )
    # The page carries its own CJK glyphs (a subset of textkit's font), so terms
    # render in a browser that has no Chinese font.
    shown = "".join(prepared.topic_info["Term"]) + string.printable  # to_json() escapes non-ASCII
    style = cjk_font_face_css(shown) + f' #{visid}, #{visid} text {{ font-family: "textkit-cjk", sans-serif; }}'
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>LDAvis</title>'
        f"<style>{style}</style></head><body>{body}</body></html>\n"
    )
