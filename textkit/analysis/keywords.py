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
from dataclasses import dataclass

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
    "TfidfWeights",
    "NgramDocuments",
    "count_ngram_documents",
    "ngram_documents",
    "ShardPass",
    "tfidf_per_document",
    "mean_tfidf",
    "document_keywords",
    "textrank_by_group",
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
    return _keyness_frame(terms, [ct[t] for t in terms], [cr[t] for t in terms], n1, n2)


def _keyness_frame(terms: Sequence[str], target: Sequence[int], reference: Sequence[int], n1: int, n2: int) -> pd.DataFrame:
    """The table of :func:`keyness` for ``terms`` (sorted) seen ``target`` / ``reference`` times, of ``n1`` / ``n2`` tokens."""
    a = np.asarray(target, dtype=float)
    b = np.asarray(reference, dtype=float)
    # rows: this term / other terms; columns: target / reference
    t2 = two_by_two(a, b, n1 - a, n2 - b)
    sign = np.where(a / n1 >= b / n2, 1.0, -1.0)
    log_ratio = np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))
    table = round_sig(pd.DataFrame(
        {
            "term": list(terms),
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


# ---------------------------------------------------------------------------
# On a corpus store: the same tables, one shard at a time
# ---------------------------------------------------------------------------


def _df_limit(value, n: int, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or value < 0 \
            or (isinstance(value, (float, np.floating)) and value > 1):
        raise ParameterError(f"{name} must be a whole number of documents or a share in [0, 1] (got {value!r})")
    return value if isinstance(value, (int, np.integer)) else value * n


@dataclass(frozen=True, eq=False)
class TfidfWeights:
    """TF-IDF fitted on the reduced document frequencies of a corpus, applied to one shard at a time.

    What :func:`tfidf_matrix` (scikit-learn's ``TfidfVectorizer``) computes,
    without the whole document x term matrix: the vocabulary is filtered
    by ``min_df`` / ``max_df`` and the smoothed idf
    ``ln((1 + n) / (1 + df)) + 1`` taken on the corpus's document
    frequencies; each shard's rows are then weighted by scikit-learn's
    ``TfidfTransformer`` with that idf (sublinear tf, l2 norm).

    Attributes
    ----------
    vocabulary : ndarray of str
        Sorted, as ``get_feature_names_out()``.
    idf : ndarray of float64
    sublinear_tf : bool
    norm : {"l2", "l1", None}
    ngram_max : int
        Word n-grams up to this length (joined with a space, :class:`Analyzer`).

    Examples
    --------
    >>> w = TfidfWeights.fit(["中關村", "創新", "海"], [2, 2, 1], 3, min_df=2)
    >>> w.vocabulary.tolist(), w.idf.round(4).tolist()
    (['中關村', '創新'], [1.2877, 1.2877])
    """

    vocabulary: np.ndarray
    idf: np.ndarray
    sublinear_tf: bool = True
    norm: str | None = "l2"
    ngram_max: int = 1

    @classmethod
    def fit(cls, terms: Sequence[str], documents: Sequence[int], n_documents: int, *, min_df: int | float = 1,
            max_df: int | float = 1.0, sublinear_tf: bool = True, norm: str | None = "l2", ngram_max: int = 1) -> TfidfWeights:
        """From document frequencies: ``terms`` (sorted), the documents holding each, and the number of documents.

        ``min_df`` / ``max_df`` as in scikit-learn: a whole number is a count
        of documents, a float a share of them.
        """
        terms = np.asarray(terms, dtype=object)
        documents = np.asarray(documents, dtype=np.int64)
        n = int(n_documents)
        lo, hi = _df_limit(min_df, n, "min_df"), _df_limit(max_df, n, "max_df")
        if len(terms) == 0:
            raise ParameterError("TF-IDF found no terms: empty vocabulary; perhaps the documents only contain stop words")
        if hi < lo:
            raise ParameterError("TF-IDF found no terms: max_df corresponds to < documents than min_df")
        keep = (documents >= lo) & (documents <= hi)
        if not keep.any():
            raise ParameterError("TF-IDF found no terms: After pruning, no terms remain. Try a lower min_df or a higher max_df.")
        df = documents[keep].astype(np.float64) + 1.0  # scikit-learn's smoothing, in its order of operations
        idf = np.full_like(df, fill_value=n + 1, dtype=np.float64)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        return cls(terms[keep], idf, bool(sublinear_tf), norm, int(ngram_max))

    @classmethod
    def from_counts(cls, counts, *, corpus=None, min_df: int | float = 1, max_df: int | float = 1.0, sublinear_tf: bool = True,
                    norm: str | None = "l2", ngram_max: int = 1) -> TfidfWeights:
        """From a corpus store's reduced counts (:class:`textkit.engine.counts.Counts`).

        Words alone (``ngram_max=1``) take the document frequencies of the
        counts; n-grams are not in the counts, so ``ngram_max > 1`` counts
        their document frequencies in one more pass over ``corpus``'s
        shards (:func:`count_ngram_documents`).
        """
        if not isinstance(ngram_max, (int, np.integer)) or isinstance(ngram_max, bool) or ngram_max < 1:
            raise ParameterError(f"ngram_max must be a whole number of at least 1 (got {ngram_max!r})")
        if ngram_max == 1:
            terms, documents = counts.terms.term.to_numpy(dtype=object), counts.terms.documents.to_numpy()
            n = int(counts.summary["documents"])
        else:
            if corpus is None:
                raise ParameterError("ngram_max > 1 needs the corpus: its n-grams are counted in a pass of their own")
            found = ngram_documents(corpus, ngram_max=int(ngram_max))
            terms, documents, n = found.terms, found.documents, found.n_documents
        return cls.fit(terms, documents, n, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, norm=norm, ngram_max=ngram_max)

    def document_term(self, table) -> sparse.csr_matrix:
        """A shard's documents x :attr:`vocabulary` counts (an Arrow table with ``tokens``)."""
        if self.ngram_max == 1:
            from textkit.engine.counts import document_term

            return document_term(table, self._arrow_vocabulary())
        from sklearn.feature_extraction.text import CountVectorizer

        vec = CountVectorizer(analyzer=Analyzer(ngram_range=(1, self.ngram_max)), vocabulary=list(self.vocabulary), lowercase=False)
        return sparse.csr_matrix(vec.transform(_token_lists(table)), dtype=np.int64)

    def transform(self, table) -> sparse.csr_matrix:
        """A shard's TF-IDF rows (scikit-learn's ``TfidfTransformer`` with this idf)."""
        from sklearn.feature_extraction.text import TfidfTransformer

        t = TfidfTransformer(norm=self.norm, use_idf=True, smooth_idf=True, sublinear_tf=self.sublinear_tf)
        t.idf_ = self.idf
        t.n_features_in_ = len(self.idf)
        return sparse.csr_matrix(t.transform(self.document_term(table).astype(np.float64)))

    def _arrow_vocabulary(self):
        cached = self.__dict__.get("_arrow")
        if cached is None:
            import pyarrow as pa

            cached = pa.array(self.vocabulary.tolist(), type=pa.string())
            object.__setattr__(self, "_arrow", cached)
        return cached

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_arrow"}

    def __setstate__(self, state):
        self.__dict__.update(state)


def _token_lists(table) -> list[list[str]]:
    tokens = table.column("tokens")
    return [list(t) if t is not None else [] for t in tokens.to_pylist()]


def _weights(weights):
    """A :class:`TfidfWeights`, or the shared reference to one (:meth:`Executor.share`)."""
    return weights.get() if hasattr(weights, "get") and not isinstance(weights, TfidfWeights) else weights


@dataclass(frozen=True, eq=False)
class NgramDocuments:
    """Document frequencies of words and word n-grams (a partial, or the total): :func:`count_ngram_documents`.

    Attributes
    ----------
    terms : ndarray of str
        Sorted.
    documents : ndarray of int64
    n_documents : int
    """

    terms: np.ndarray
    documents: np.ndarray
    n_documents: int

    def merge(self, other: NgramDocuments) -> NgramDocuments:
        """The sum of two partials (exact: integer counts over the union of their terms)."""
        both = np.concatenate([self.terms, other.terms])
        terms, inverse = np.unique(both, return_inverse=True)
        documents = np.bincount(inverse, weights=np.concatenate([self.documents, other.documents]), minlength=len(terms))
        return NgramDocuments(terms.astype(object), documents.astype(np.int64), self.n_documents + other.n_documents)

    __add__ = merge


def count_ngram_documents(table, *, ngram_max: int = 2) -> NgramDocuments:
    """In how many documents of one shard each word and word n-gram (up to ``ngram_max``) occurs.

    Notes
    -----
    Not pruned: the partial holds every distinct n-gram of the shard, so
    the total grows with the corpus (about 5 distinct bigrams per 10
    tokens of news); it is counted only when ``ngram_max > 1``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"tokens": pa.array([["數字", "經濟"], ["數字"]], type=pa.list_(pa.string()))})
    >>> c = count_ngram_documents(t)
    >>> c.terms.tolist(), c.documents.tolist()
    (['數字', '數字 經濟', '經濟'], [2, 1, 1])
    """
    from sklearn.feature_extraction.text import CountVectorizer

    docs = _token_lists(table)
    if not any(docs):
        return NgramDocuments(np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64), len(docs))
    vec = CountVectorizer(analyzer=Analyzer(ngram_range=(1, ngram_max)), binary=True, lowercase=False)
    X = vec.fit_transform(docs)
    return NgramDocuments(vec.get_feature_names_out().astype(object), np.asarray(X.sum(axis=0), dtype=np.int64).ravel(), len(docs))


def _ngram_item(url: str, ngram_max: int):
    from textkit.engine.store import read_table

    return None, count_ngram_documents(read_table(url, ["tokens"]), ngram_max=ngram_max)


def _merge_partials(a, b):
    return a.merge(b)


def ngram_documents(corpus, *, ngram_max: int) -> NgramDocuments:
    """:func:`count_ngram_documents` over every shard of a prepared corpus, merged on the workers."""
    ex = corpus.executor
    items = [corpus.store.part_url(i) for i in range(corpus.store.n_shards)]
    partials = (part for _, part in ex.map(_ngram_item, items, stage="counting n-grams", total=len(items), args=(ngram_max,)))
    total = ex.reduce(partials, _merge_partials, stage="merging n-grams")
    if total is None:
        return NgramDocuments(np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64), 0)
    return ex.fetch(total, stage="merging n-grams")


class ShardPass:
    """One pass over the shards of a corpus store: each shard's table rows for :func:`textkit.output.export.save_table_parts`, the rest folded.

    Iterate it once (``save_table_parts`` does): it yields each shard's
    rows, in shard order, and folds what else each shard returned
    (sums, a top-N) in shard order; :attr:`total` is then ready.
    """

    def __init__(self, results: Iterable, fold, initial=None):
        self._results = results
        self._fold = fold
        self._total = initial
        self._state = "new"

    def __iter__(self):
        if self._state != "new":
            raise ParameterError("this pass over the shards was read already: make a new one")
        self._state = "reading"
        for rows, extra in self._results:
            self._total = self._fold(self._total, extra)
            yield rows
        self._state = "done"

    @property
    def total(self):
        if self._state != "done":
            raise ParameterError("read the pass's rows first (e.g. save_table_parts(pass_, …)): its totals come with them")
        return self._total


def _group_rows(groups: Sequence[str], names: Sequence[str], scale: np.ndarray) -> sparse.csr_matrix:
    """(names + "all") x documents: each document's weight in its group's mean and in the mean of all."""
    position = {g: i for i, g in enumerate(names)}
    rows = np.array([position[g] for g in groups], dtype=np.int64)
    D, G = len(groups), len(names)
    data = np.concatenate([scale[rows], np.full(D, scale[G])])
    r = np.concatenate([rows, np.full(D, G)])
    c = np.concatenate([np.arange(D), np.arange(D)])
    return sparse.csr_matrix((data, (r, c)), shape=(G + 1, D))


def _tfidf_shard(table, weights, n: int, names: list[str], scale: np.ndarray):
    """One shard: its documents' top terms, and its share of each group's mean TF-IDF (a task)."""
    weights = _weights(weights)
    X = weights.transform(table)
    labels = table.column("label").to_pylist()
    groups = ["" if g is None else str(g) for g in table.column("group").to_pylist()]
    per_document = top_terms_per_document(X, weights.vocabulary, labels, n=n)
    return per_document, (_group_rows(groups, names, scale) @ X).tocsr()


def _add(total, part):
    return part if total is None else total + part


def tfidf_per_document(corpus, weights: TfidfWeights, groups: Sequence[str], documents: Sequence[int], *, n: int = 5) -> ShardPass:
    """Each document's ``n`` top terms (per shard, for ``save_table_parts``) and each group's mean TF-IDF (:func:`mean_tfidf`).

    Parameters
    ----------
    corpus : textkit.engine.prepared.PreparedCorpus
    weights : TfidfWeights
    groups : sequence of str
        Every group, in the order wanted (:func:`textkit.analysis.groups.group_order`).
    documents : sequence of int
        The documents of each group (the means divide by them).
    n : int, default 5

    Returns
    -------
    ShardPass
        Yields the rows of :func:`top_terms_per_document`, shard by shard;
        its ``total`` is the groups (then all) x vocabulary mean TF-IDF,
        summed over the shards in shard order.

    Notes
    -----
    Each document's weight in a mean is ``1 / documents`` (as scipy's
    ``mean`` weighs them), so one shard gives the bytes of
    :func:`top_terms_per_group`; with more shards the float sums are
    associated otherwise, which the six significant digits absorb.
    """
    names = [str(g) for g in groups]
    docs = np.asarray(documents, dtype=np.float64)
    scale = np.concatenate([1.0 / docs, [1.0 / docs.sum()]]) if len(docs) else np.zeros(1)
    shared = corpus.executor.share(weights)
    results = corpus.iter_shards(_tfidf_shard, shared, int(n), names, scale, columns=["label", "group", "tokens"],
                                 stage="TF-IDF per document")
    return ShardPass(results, _add)


def mean_tfidf(means: sparse.csr_matrix, weights: TfidfWeights, groups: Sequence[str], *, n: int = 15) -> dict[str, pd.Series]:
    """The ``n`` terms of highest mean TF-IDF per group and over all documents (``"all"``), from :func:`tfidf_per_document`'s total.

    As :func:`top_terms_per_group`: groups in the order given, then ``"all"``;
    means rounded to six significant digits, ties broken by the term.
    """
    out = {}
    means = sparse.csr_matrix(means)
    for i, name in enumerate([*map(str, groups), "all"]):
        row = means[i].toarray().ravel()
        out[name] = top_series(pd.Series(row, index=weights.vocabulary, name="mean_tfidf"), n)
    return out


def _keywords_shard(table, weights, columns: np.ndarray, n: int):
    """One shard: its documents x keywords TF-IDF rows, and its ``n`` documents of largest total weight (a task)."""
    weights = _weights(weights)
    X = weights.transform(table)
    terms = weights.vocabulary[columns]
    labels = pd.Index(table.column("label").to_pylist(), dtype=object, name="label")
    matrix = pd.DataFrame(X[:, columns].toarray(), index=labels, columns=pd.Index(terms.tolist()))
    rows = table.column("row").to_numpy()
    totals = matrix.to_numpy(dtype=np.float64).sum(axis=1)
    top = top_n(totals, rows, n=n)
    return matrix.reset_index(), (matrix.iloc[top], totals[top], rows[top])


def _top_of(n: int):
    def fold(total, part):
        if total is None:
            return part
        matrix = pd.concat([total[0], part[0]])
        totals = np.concatenate([total[1], part[1]])
        rows = np.concatenate([total[2], part[2]])
        keep = top_n(totals, rows, n=n)
        return matrix.iloc[keep], totals[keep], rows[keep]

    return fold


def document_keywords(corpus, weights: TfidfWeights, keywords: Sequence[str], *, n: int = 40) -> ShardPass:
    """Every document's TF-IDF weight on ``keywords`` (per shard, for ``save_table_parts``) and the ``n`` documents they describe best.

    Returns
    -------
    ShardPass
        Yields ``label`` + one column per keyword, shard by shard; its
        ``total`` is ``(matrix, totals, rows)`` of the ``n`` documents of
        largest total weight (ties: the earlier document), what
        :func:`top_documents` picks from the whole table: a top-N per shard,
        merged.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n must be a whole number of at least 1 (got {n!r})")
    index = {t: i for i, t in enumerate(weights.vocabulary)}
    missing = [t for t in keywords if t not in index]
    if missing:
        raise ParameterError(f"keywords not in the TF-IDF vocabulary: {', '.join(map(str, missing[:5]))}")
    columns = np.array([index[t] for t in keywords], dtype=np.int64)
    shared = corpus.executor.share(weights)
    results = corpus.iter_shards(_keywords_shard, shared, columns, int(n), columns=["row", "label", "tokens"],
                                 stage="documents x keywords")
    return ShardPass(results, _top_of(int(n)))


# -- TextRank per group: window co-occurrence counted per shard ----------------------------------


def _textrank_groups(total, groups: list[str], n: int, damping: float) -> dict:
    """PageRank of each group's merged window counts (:class:`textkit.analysis.cooccur.GroupPairs`; a task)."""
    out = {}
    for g in groups:
        counts = None if total is None else total.selections.get(g)
        if counts is None or not counts.frequency.any():
            out[g] = pd.Series(dtype=float, name="textrank")
        else:
            out[g] = textrank(counts.cooccurrence("window", min_freq=1), n=n, damping=damping)
    return out


def textrank_by_group(corpus, groups: Sequence[str], *, window: int = 5, n: int = 20, damping: float = 0.85,
                      max_pairs: int | None = None) -> dict[str, pd.Series]:
    """TextRank keywords of each group of a prepared corpus, from window co-occurrence counted per shard.

    Each shard counts its groups' pairs (:func:`textkit.analysis.cooccur.count_pairs`,
    the counts of notebook 04's networks), the
    partials merge on the workers, and PageRank runs there too: only the
    ``n`` words of each group come back.  The same words as
    :func:`textrank` on the group's sentences.

    Parameters
    ----------
    corpus : textkit.engine.prepared.PreparedCorpus
    groups : sequence of str
    window, n, damping
        As :func:`textrank`.
    max_pairs : int, optional
        Distinct pairs a partial keeps, all groups together, before the
        rarest are pruned (default: the engine's ``MAX_PAIRS``; see
        :class:`textkit.analysis.cooccur.GroupPairs`).  What is pruned is
        not reported here.

    Notes
    -----
    No sentence is held: a group's co-occurrence is a sparse vocabulary x
    vocabulary matrix, reduced like the corpus's counts.
    """
    from textkit.analysis.cooccur import _count_pairs_item, _merge_pairs
    from textkit.engine.counts import MAX_PAIRS

    if not isinstance(window, int) or isinstance(window, bool) or window < 2:
        raise ParameterError(f"window must be at least 2 (got {window})")
    groups = [str(g) for g in groups]
    ex = corpus.executor
    items = [corpus.store.part_url(i) for i in range(corpus.store.n_shards)]
    partials = (part for _, part in ex.map(_count_pairs_item, items, stage="TextRank pairs", total=len(items),
                                           args=(groups, False, "window", window, max_pairs or MAX_PAIRS)))
    total = ex.reduce(partials, _merge_pairs, stage="merging TextRank pairs")
    return ex.fetch(ex.then(_textrank_groups, total, groups, int(n), float(damping), stage="TextRank"), stage="TextRank")
