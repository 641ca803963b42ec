"""Keywords: TF-IDF (scikit-learn), TextRank, keyness, and document similarity.

All functions work on segmented documents (lists of tokens, from
:class:`textkit.segment.Segmenter`), so one-character words and Traditional
tokens survive: scikit-learn's default ``token_pattern`` would drop every
one-character word and knows nothing of Chinese word boundaries.

Examples
--------
>>> docs = [["中關村", "科學城", "創新"], ["生命科學園", "創新"], ["中關村", "海澱"]]
>>> vec, X = tfidf_matrix(docs)
>>> top_terms_per_document(X, vec.get_feature_names_out(), ["a", "b", "c"], n=1).term.tolist()
['科學城', '生命科學園', '海澱']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from textkit.analysis._contingency import two_by_two
from textkit.analysis._ranking import round_sig, top_n, top_series
from textkit.errors import ParameterError
from textkit.segment import Segmenter

__all__ = [
    "Analyzer",
    "tfidf_matrix",
    "top_terms_per_document",
    "top_terms_per_group",
    "top_documents",
    "textrank",
    "method_overlap",
    "keyness",
    "similarity",
    "group_tokens",
]


class Analyzer:
    """A scikit-learn ``analyzer``: tokens (segmenting strings on the way) plus word n-grams.

    Parameters
    ----------
    segmenter : Segmenter, optional
        Used for documents given as strings; lists of tokens pass through.
    ngram_range : (int, int), default (1, 1)
        Word n-grams to add; n-grams are joined with a space (``數字 經濟``).

    Notes
    -----
    scikit-learn ignores ``ngram_range`` when ``analyzer`` is a callable,
    so the n-grams are made here.

    Examples
    --------
    >>> Analyzer(ngram_range=(1, 2))(["數字", "經濟", "試驗區"])
    ['數字', '經濟', '試驗區', '數字 經濟', '經濟 試驗區']
    """

    def __init__(self, segmenter: Segmenter | None = None, ngram_range: tuple[int, int] = (1, 1)):
        self.segmenter = segmenter
        self.ngram_range = ngram_range

    def __call__(self, doc: str | Sequence[str]) -> list[str]:
        lo, hi = self.ngram_range
        if not (1 <= lo <= hi):
            raise ParameterError(f"ngram_range must be (min, max) with 1 <= min <= max (got {self.ngram_range})")
        if isinstance(doc, str):
            if self.segmenter is None:
                self.segmenter = Segmenter()  # once, not per document: it loads a dictionary
            tokens = self.segmenter.tokenize(doc)
        else:
            tokens = list(doc)
        out = tokens[:] if lo == 1 else []
        for n in range(max(lo, 2), hi + 1):
            out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return out


def tfidf_matrix(
    documents: Sequence[str | Sequence[str]],
    *,
    segmenter: Segmenter | None = None,
    sublinear_tf: bool = True,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    ngram_range: tuple[int, int] = (1, 1),
    norm: str | None = "l2",
):
    """Fit scikit-learn's ``TfidfVectorizer`` on segmented documents.

    Parameters
    ----------
    documents : sequence of token lists (or strings, segmented with ``segmenter``)
        The document unit is the caller's choice: paragraphs, sections
        (see :func:`group_tokens`), headline + snippet.
    sublinear_tf : bool, default True
        ``1 + log(tf)`` instead of raw counts, so that one word repeated in
        a paragraph does not dominate it.
    min_df, max_df : int or float
        Document-frequency limits (counts or proportions), as in scikit-learn.
    ngram_range : (int, int)
        Word n-grams, see :class:`Analyzer`.
    norm : {"l2", "l1", None}

    Returns
    -------
    (vectorizer, X)
        The fitted vectorizer and the documents x terms sparse matrix.

    Notes
    -----
    idf is scikit-learn's smoothed ``ln((1 + n) / (1 + df)) + 1``.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer=Analyzer(segmenter, ngram_range),
        sublinear_tf=sublinear_tf,
        min_df=min_df,
        max_df=max_df,
        norm=norm,
        lowercase=False,
    )
    try:
        X = vec.fit_transform(documents)
    except ValueError as exc:  # empty vocabulary, or min_df/max_df that leave nothing
        raise ParameterError(f"TF-IDF found no terms: {exc}") from None
    return vec, X


def top_terms_per_document(X, terms: Sequence[str], labels: Sequence[str], *, n: int = 10) -> pd.DataFrame:
    """Long table: for each document (row of ``X``) its ``n`` highest-weighted terms.

    Weights are rounded to six significant digits and ties are broken by
    the term (:func:`textkit.analysis._ranking.top_n`), so the table is the same on
    every machine.
    """
    X = sparse.csr_matrix(X)
    terms = np.asarray(terms)
    rows = []
    for i, label in enumerate(labels):
        start, end = X.indptr[i], X.indptr[i + 1]
        weights, words = round_sig(X.data[start:end]), terms[X.indices[start:end]]
        for rank, j in enumerate(top_n(weights, words, n=n), start=1):
            rows.append({"document": label, "rank": rank, "term": words[j], "tfidf": float(weights[j])})
    return pd.DataFrame(rows, columns=["document", "rank", "term", "tfidf"])


def top_terms_per_group(X, terms: Sequence[str], groups: Sequence[str], *, n: int = 15) -> dict[str, pd.Series]:
    """Mean TF-IDF weight of each term over the documents of each group, top ``n`` per group.

    Groups are returned in order of first appearance; ``"all"`` covers every
    document.  Means are rounded to six significant digits and ties broken by
    the term.
    """
    X = sparse.csr_matrix(X)
    groups = np.asarray(groups)
    terms = np.asarray(terms)
    out = {}
    names = list(dict.fromkeys(groups.tolist())) + ["all"]
    for name in names:
        mask = np.ones(len(groups), bool) if name == "all" else groups == name
        mean = pd.Series(np.asarray(X[mask].mean(axis=0)).ravel(), index=terms, name="mean_tfidf")
        out[name] = top_series(mean, n)
    return out


def top_documents(matrix: pd.DataFrame, n: int = 40) -> pd.DataFrame:
    """The ``n`` rows of a documents x terms table with the largest total weight (ties: first row first).

    For a heatmap that stays legible on any corpus: the documents that the
    columns (the top keywords) describe best.

    Examples
    --------
    >>> m = pd.DataFrame({"海澱": [0.1, 0.9, 0.0], "昌平": [0.2, 0.0, 0.5]}, index=["甲", "乙", "丙"])
    >>> top_documents(m, n=2).index.tolist()
    ['乙', '丙']
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n must be a whole number of at least 1 (got {n!r})")
    totals = matrix.to_numpy(dtype=np.float64).sum(axis=1)
    return matrix.iloc[top_n(totals, np.arange(len(matrix)), n=n)]


def textrank(
    sentences,
    *,
    window: int = 5,
    n: int = 20,
    damping: float = 0.85,
) -> pd.Series:
    """TextRank keywords: PageRank on the graph of words co-occurring within ``window`` tokens.

    Parameters
    ----------
    sentences : iterable of token lists, or Cooccurrence
        One list per sentence or document (windows do not cross lists), or
        window counts already made by
        :func:`textkit.analysis.cooccur.count_cooccurrence` (``context="window"``,
        ``min_freq=1`` for every word): then nothing is counted again, and
        the same counts can feed the co-occurrence network
        (:meth:`~textkit.analysis.cooccur.Cooccurrence.restrict`).
    window : int, default 5
        As in jieba's implementation: words at most ``window - 1`` positions
        apart are linked (ignored when counts are given).
    n : int, default 20
    damping : float, default 0.85

    Returns
    -------
    Series
        The ``n`` highest-ranked words, scores normalised to a maximum of 1
        (six significant digits; ties broken by the word).

    Notes
    -----
    The graph is the sparse matrix of window counts (edge weight: how often
    two words fall in one window) and PageRank runs on it by power
    iteration in scipy, so a corpus of ten million characters takes about a
    second; words that co-occur with no other word are not in the graph.

    Examples
    --------
    >>> textrank([["中關村", "科學城", "創新"], ["中關村", "創新"]], n=1).index.tolist()
    ['中關村']
    """
    from textkit.analysis.cooccur import Cooccurrence, count_cooccurrence

    if isinstance(sentences, Cooccurrence):
        if sentences.context != "window":
            raise ParameterError(f"TextRank needs window counts (got context={sentences.context!r})")
        co = sentences
    else:
        if not isinstance(window, int) or isinstance(window, bool) or window < 2:
            raise ParameterError(f"window must be at least 2 (got {window})")
        units = [[list(toks)] for toks in sentences]
        if len({t for unit in units for t in unit[0]}) < 2:
            return pd.Series(dtype=float, name="textrank")
        co = count_cooccurrence(units, context="window", window=window, min_freq=1)
    W = sparse.csr_matrix(co.counts, dtype=np.float64)
    linked = np.flatnonzero(np.asarray(W.sum(axis=1)).ravel() > 0)
    if len(linked) == 0:
        return pd.Series(dtype=float, name="textrank")
    scores = _pagerank(W[linked][:, linked], damping)
    words = np.asarray(co.vocabulary, dtype=object)[linked]
    rank = top_series(pd.Series(scores, index=words), n)
    return round_sig(rank / rank.iloc[0]).rename("textrank")


def _pagerank(W: sparse.csr_matrix, damping: float, *, tol: float = 1e-12, max_iter: int = 1000) -> np.ndarray:
    """PageRank of a symmetric weighted graph without isolated nodes, by power iteration (networkx's definition)."""
    N = W.shape[0]
    P = sparse.diags(1.0 / np.asarray(W.sum(axis=1)).ravel()) @ W  # rows: transition probabilities
    PT = P.T.tocsr()
    x = np.full(N, 1.0 / N)
    for _ in range(max_iter):
        new = damping * (PT @ x) + (1.0 - damping) / N
        if np.abs(new - x).sum() < N * tol:
            return new
        x = new
    return x


def method_overlap(a: pd.Series, b: pd.Series) -> dict[str, object]:
    """How far two keyword lists agree: shared terms and their Jaccard index.

    Examples
    --------
    >>> method_overlap(pd.Series(index=["海澱", "昌平"], dtype=float), pd.Series(index=["海澱"], dtype=float))["jaccard"]
    0.5
    """
    sa, sb = set(a.index), set(b.index)
    shared = [t for t in a.index if t in sb]
    return {"shared": shared, "jaccard": len(sa & sb) / len(sa | sb) if sa | sb else 0.0}


def keyness(
    target: Iterable[Sequence[str]] | Mapping[str, int],
    reference: Iterable[Sequence[str]] | Mapping[str, int],
    *,
    min_freq: int = 3,
) -> pd.DataFrame:
    """Which terms are characteristic of ``target`` against ``reference``.

    For every term, the 2x2 table (term / other terms) x (target /
    reference) gives:

    * ``g2``: log-likelihood G² (Dunning 1993; Rayson & Garside 2000),
      signed positive when the term is relatively more frequent in the
      target, with its ``p`` value (chi-squared, 1 degree of freedom) and
      ``p_adjusted`` (Benjamini–Hochberg);
    * ``chi2``: Pearson's chi-squared (no continuity correction);
    * ``log_ratio``: Hardie's effect size, ``log2`` of the ratio of relative
      frequencies, with 0.5 added to zero counts.

    Parameters
    ----------
    target, reference : token lists or {term: count} mappings
    min_freq : int, default 3
        Keep terms seen at least this often in both corpora together.

    Returns
    -------
    DataFrame
        Sorted by ``g2`` (most characteristic of the target first), ties by
        the term; floats rounded to six significant digits.

    Notes
    -----
    The same measures as quanteda's ``textstat_keyness`` and Wordless.
    With small corpora, p-values are optimistic: read G² with the
    frequencies beside it.
    """
    def counts(x) -> Counter:
        return Counter(x) if isinstance(x, Mapping) else Counter(t for toks in x for t in toks)

    ct, cr = counts(target), counts(reference)
    n1, n2 = sum(ct.values()), sum(cr.values())
    if n1 == 0 or n2 == 0:
        raise ParameterError("keyness needs tokens in both the target and the reference corpus")
    terms = sorted(t for t in set(ct) | set(cr) if ct[t] + cr[t] >= min_freq)
    a = np.array([ct[t] for t in terms], dtype=float)
    b = np.array([cr[t] for t in terms], dtype=float)
    # rows: this term / other terms; columns: target / reference
    t2 = two_by_two(a, b, n1 - a, n2 - b)
    sign = np.where(a / n1 >= b / n2, 1.0, -1.0)
    log_ratio = np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))
    table = round_sig(pd.DataFrame(
        {
            "term": terms,
            "freq_target": a.astype(int),
            "freq_reference": b.astype(int),
            "g2": sign * t2["g2"],
            "p": t2["p"],
            "p_adjusted": t2["q"],
            "chi2": t2["chi2"],
            "log_ratio": log_ratio,
        }
    ))
    return table.iloc[top_n(table.g2, table.term)].reset_index(drop=True)


def group_tokens(token_lists: Sequence[Sequence[str]], groups: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Concatenate documents by group (paragraphs into sections), keeping first-appearance order."""
    names = list(dict.fromkeys(groups))
    merged: dict[str, list[str]] = {g: [] for g in names}
    for toks, g in zip(token_lists, groups):
        merged[g].extend(toks)
    return names, [merged[g] for g in names]


def similarity(
    rows: Sequence[Sequence[str]],
    columns: Sequence[Sequence[str]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    sublinear_tf: bool = True,
) -> pd.DataFrame:
    """Cosine similarity of TF-IDF vectors between two sets of documents (headlines x sections).

    The vectorizer is fitted on both sets together, so both share one vocabulary
    and idf.  Similarities are rounded to six significant digits.

    Examples
    --------
    >>> similarity([["海澱", "創新"]], [["海澱"], ["昌平"]], row_labels=["h"], column_labels=["s1", "s2"]).round(2).values.tolist()
    [[0.61, 0.0]]
    """
    from sklearn.metrics.pairwise import cosine_similarity

    _, X = tfidf_matrix([*rows, *columns], sublinear_tf=sublinear_tf)
    sim = cosine_similarity(X[: len(rows)], X[len(rows) :])
    return pd.DataFrame(round_sig(sim), index=list(row_labels), columns=list(column_labels))
