"""Co-occurrence: sparse counting, association measures with significance, networks, KWIC.

Counting contexts (``context=``):

* ``"window"``: pairs of tokens at most ``window - 1`` positions apart inside
  one sentence (never across sentences); the 2x2 table of a pair is built
  from pair counts, as NLTK's ``BigramAssocMeasures`` does;
* ``"sentence"`` / ``"document"``: a pair co-occurs when both words are in
  the same sentence / document; the 2x2 table counts contexts.

The diagonal (a word with itself) is set to zero: it says nothing about
association and would dominate the marginals.

Examples
--------
>>> docs = [[["中關村", "科學城", "創新"]], [["中關村", "科學城"]]]
>>> co = count_cooccurrence(docs, context="document", min_freq=1)
>>> co.count("中關村", "科學城")
2
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from textkit.analysis._contingency import two_by_two
from textkit.analysis._ranking import round_sig, top_n
from textkit.errors import ParameterError

__all__ = [
    "Cooccurrence",
    "count_cooccurrence",
    "associations",
    "build_network",
    "centrality",
    "export_network",
    "association_matrix",
    "kwic",
    "concordance",
    "counts_cooccurrence",
    "PairCounts",
    "GroupPairs",
    "count_pairs",
    "store_cooccurrence",
]

Context = Literal["window", "sentence", "document"]
MEASURES = ("count", "pmi", "npmi", "jaccard", "dice", "g2")


@dataclass(frozen=True)
class Cooccurrence:
    """Symmetric co-occurrence counts with what the 2x2 tables need.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix
        Symmetric, zero diagonal.
    vocabulary : list of str
    frequency : ndarray
        Token frequency of each word in the corpus.
    marginals : ndarray
        Row totals of the 2x2 tables (pair counts for windows, context
        counts otherwise).
    total : float
        Grand total of the 2x2 tables.
    context : str
    """

    counts: sparse.csr_matrix
    vocabulary: list[str]
    frequency: np.ndarray
    marginals: np.ndarray
    total: float
    context: str

    def index(self, term: str) -> int:
        """Position of ``term`` in :attr:`vocabulary` (sorted: a binary search)."""
        import bisect

        i = bisect.bisect_left(self.vocabulary, term)
        if i == len(self.vocabulary) or self.vocabulary[i] != term:
            raise ParameterError(f"{term!r} is not in the co-occurrence vocabulary")
        return i

    def count(self, a: str, b: str) -> int:
        return int(self.counts[self.index(a), self.index(b)])

    def restrict(self, *, min_freq: int = 1, terms: Sequence[str] | None = None) -> Cooccurrence:
        """The same counts for a smaller vocabulary: words seen at least ``min_freq`` times (or ``terms``).

        Gives exactly what :func:`count_cooccurrence` would with that
        ``min_freq`` (or ``vocabulary``), without counting again: count once
        with ``min_freq=1`` and derive TextRank (every word) and the
        association network (frequent words) from the same counts.

        Examples
        --------
        >>> docs = [[["中關村", "科學城", "創新"]], [["中關村", "科學城"]]]
        >>> co = count_cooccurrence(docs, min_freq=1)
        >>> co.restrict(min_freq=2).vocabulary, co.restrict(min_freq=2).count("中關村", "科學城")
        (['中關村', '科學城'], 2)
        """
        if terms is not None:
            keep = np.array(sorted({self.index(t) for t in terms}), dtype=np.int64)
        else:
            keep = np.flatnonzero(self.frequency >= min_freq)
        if len(keep) < 2:
            raise ParameterError(f"fewer than two words pass min_freq={min_freq}; lower it or give more text")
        C = self.counts[keep][:, keep].tocsr()
        C.eliminate_zeros()
        if self.context == "window":
            marginals = np.asarray(C.sum(axis=1), dtype=float).ravel()
            total = float(C.sum())
        else:
            marginals, total = self.marginals[keep], self.total
        return Cooccurrence(C, [self.vocabulary[i] for i in keep], self.frequency[keep], marginals, total, self.context)

    def to_frame(self, terms: Sequence[str] | None = None) -> pd.DataFrame:
        """The counts as a labelled dense table (for a heatmap of a few terms)."""
        idx = [self.index(t) for t in terms] if terms is not None else list(range(len(self.vocabulary)))
        sub = self.counts[idx][:, idx].toarray()
        labels = [self.vocabulary[i] for i in idx]
        return pd.DataFrame(sub, index=labels, columns=labels)


def count_cooccurrence(
    documents: Iterable[Sequence[Sequence[str]]],
    *,
    context: Context = "window",
    window: int = 5,
    min_freq: int = 2,
    vocabulary: Sequence[str] | None = None,
) -> Cooccurrence:
    """Count co-occurrences in documents given as lists of tokenised sentences.

    Parameters
    ----------
    documents : iterable of documents, each a list of sentences, each a list of tokens
    context : {"window", "sentence", "document"}
    window : int, default 5
        With ``context="window"``: tokens at most ``window - 1`` apart co-occur.
    min_freq : int, default 2
        Words seen fewer times are left out (ignored when ``vocabulary`` is given).
    vocabulary : sequence of str, optional
        Restrict counting to these words (e.g. the top terms by TF-IDF).

    Returns
    -------
    Cooccurrence

    Notes
    -----
    Counting is vectorised with numpy and scipy.sparse: one pass per window
    offset over all token ids, so a million characters take about a second.
    """
    if context not in ("window", "sentence", "document"):
        raise ParameterError(f"context must be 'window', 'sentence' or 'document' (got {context!r})")
    if context == "window" and (not isinstance(window, int) or window < 2):
        raise ParameterError(f"window must be a whole number of at least 2 (got {window!r})")
    documents = documents if isinstance(documents, list) else list(documents)  # two passes below
    freq = Counter(t for doc in documents for s in doc for t in s)
    if vocabulary is None:
        vocab = sorted(t for t, c in freq.items() if c >= min_freq)
    else:
        vocab = sorted(dict.fromkeys(vocabulary))
    if len(vocab) < 2:
        raise ParameterError(f"fewer than two words pass min_freq={min_freq}; lower it or give more text")
    ids = {t: i for i, t in enumerate(vocab)}
    V = len(vocab)
    # Compact typed arrays (8 bytes a token), not lists of Python ints.
    token_ids, unit_ids = array("q"), array("q")
    unit = 0
    for doc in documents:
        for s in doc:
            token_ids.extend(ids.get(t, -1) for t in s)
            unit_ids.extend(repeat(unit, len(s)))
            if context != "document":
                unit += 1
        if context == "document":
            unit += 1
    tok = np.frombuffer(token_ids, dtype=np.int64) if len(token_ids) else np.zeros(0, np.int64)
    units = np.frombuffer(unit_ids, dtype=np.int64) if len(unit_ids) else np.zeros(0, np.int64)
    if context == "window":
        # One offset at a time, summed into a sparse matrix: memory stays at
        # one offset's pairs plus the distinct pairs, not all pairs at once.
        M = sparse.csr_matrix((V, V), dtype=np.int64)
        for d in range(1, min(window, len(tok))):
            a, b = tok[:-d], tok[d:]
            keep = (units[:-d] == units[d:]) & (a >= 0) & (b >= 0)
            M = M + sparse.coo_matrix((np.ones(int(keep.sum()), np.int64), (a[keep], b[keep])), shape=(V, V)).tocsr()
        C = (M + M.T).tocsr()
        C.setdiag(0)
        C.eliminate_zeros()
        marginals = np.asarray(C.sum(axis=1)).ravel()
        total = float(C.sum())
    else:
        keep = tok >= 0
        n_units = unit  # every context, empty ones included (as the per-shard count_pairs counts them)
        B = sparse.coo_matrix((np.ones(int(keep.sum())), (units[keep], tok[keep])), shape=(n_units, V)).tocsr()
        B.data[:] = 1.0  # presence in a context, not how often
        C = (B.T @ B).tocsr()
        marginals = C.diagonal().copy()
        C.setdiag(0)
        C.eliminate_zeros()
        total = float(n_units)
    C.data = C.data.astype(np.int64)
    frequency = np.array([freq[t] for t in vocab], dtype=np.int64)
    return Cooccurrence(C, vocab, frequency, marginals.astype(float), total, context)


def associations(co: Cooccurrence, *, min_count: int = 2, alpha: float = 0.05) -> pd.DataFrame:
    """Association measures for every pair that co-occurs at least ``min_count`` times.

    For each pair the 2x2 table is ``n_ii`` (together), ``n_ix``, ``n_xi``
    (marginals) and ``n_xx`` (total).  Columns:

    ``count``; ``pmi`` = log2(n_ii n_xx / (n_ix n_xi)); ``npmi`` = pmi /
    -log2(n_ii / n_xx); ``jaccard`` = n_ii / (n_ix + n_xi - n_ii); ``dice`` =
    2 n_ii / (n_ix + n_xi); ``g2`` (log-likelihood) with ``p`` and
    Benjamini–Hochberg ``q``; ``expected`` = n_ix n_xi / n_xx; and
    ``significant``: attracted (count above expected) with q < ``alpha``.

    Returns
    -------
    DataFrame
        One row per unordered pair (``term1 < term2`` in vocabulary order),
        sorted by g2, ties by the terms; floats rounded to six significant
        digits, and ``significant`` decided on the rounded values.
    """
    U = sparse.triu(co.counts, k=1).tocoo()
    keep = U.data >= min_count
    i, j, n_ii = U.row[keep], U.col[keep], U.data[keep].astype(float)
    n_ix, n_xi, n_xx = co.marginals[i], co.marginals[j], co.total
    # rows: first word / not; columns: second word / not
    t2 = two_by_two(n_ii, n_ix - n_ii, n_xi - n_ii, n_xx - n_ix - n_xi + n_ii)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(n_ii * n_xx / (n_ix * n_xi))
        npmi = pmi / -np.log2(n_ii / n_xx)
    table = round_sig(pd.DataFrame(
        {
            "term1": [co.vocabulary[k] for k in i],
            "term2": [co.vocabulary[k] for k in j],
            "count": n_ii.astype(int),
            "expected": t2["expected"],
            "pmi": pmi,
            "npmi": npmi,
            "jaccard": n_ii / (n_ix + n_xi - n_ii),
            "dice": 2 * n_ii / (n_ix + n_xi),
            "g2": t2["g2"],
            "p": t2["p"],
            "q": t2["q"],
        }
    ))
    table["significant"] = (table.q < alpha) & (table["count"] > table.expected)
    return table.iloc[top_n(table.g2, table.term1, table.term2)].reset_index(drop=True)


def build_network(
    co: Cooccurrence,
    edges: pd.DataFrame,
    *,
    measure: str = "g2",
    max_edges: int = 60,
    significant_only: bool = True,
    seed: int = 0,
):
    """A networkx graph of the strongest edges, with Louvain communities.

    Parameters
    ----------
    co : Cooccurrence
        For node frequencies.
    edges : DataFrame
        From :func:`associations`.
    measure : {"count", "pmi", "npmi", "jaccard", "dice", "g2"}
        Ranks edges (rounded to six significant digits, ties by the terms)
        and becomes the edge ``weight``.
    max_edges : int
        Keep this many strongest edges.
    significant_only : bool, default True
        Keep only edges marked ``significant``.
    seed : int
        Louvain's random seed: same seed, same communities.

    Returns
    -------
    networkx.Graph
        Nodes carry ``frequency`` and ``community``; edges ``weight``,
        ``count`` and ``g2``.
    """
    import networkx as nx

    if measure not in MEASURES:
        raise ParameterError(f"measure must be one of {', '.join(MEASURES)} (got {measure!r})")
    chosen = edges[edges.significant] if significant_only else edges
    chosen = chosen.iloc[top_n(chosen[measure], chosen.term1, chosen.term2, n=max_edges)]
    graph = nx.Graph()
    freq = dict(zip(co.vocabulary, co.frequency.tolist()))
    for row in chosen.itertuples(index=False):
        for t in (row.term1, row.term2):
            if t not in graph:
                graph.add_node(t, frequency=int(freq[t]))
        weight = round_sig(float(getattr(row, measure)))
        graph.add_edge(row.term1, row.term2, weight=weight, count=int(row.count), g2=round_sig(float(row.g2)))
    if graph.number_of_edges():
        communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
        ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
        for k, members in enumerate(ordered):
            for n in members:
                graph.nodes[n]["community"] = k
    return graph


def centrality(graph) -> pd.DataFrame:
    """Degree, weighted degree and betweenness centrality, with community, per node.

    Sorted by degree, then betweenness (rounded to six significant digits),
    then the term.
    """
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["term", "community", "frequency", "degree", "weighted_degree", "betweenness"])
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    rows = [
        {
            "term": n,
            "community": graph.nodes[n].get("community", 0),
            "frequency": graph.nodes[n].get("frequency", 0),
            "degree": graph.degree(n),
            "weighted_degree": float(graph.degree(n, weight="weight")),
            "betweenness": float(betweenness[n]),
        }
        for n in graph.nodes
    ]
    table = round_sig(pd.DataFrame(rows))
    # Betweenness first, then (stable) degree: degree, betweenness, term.
    table = table.iloc[top_n(table.betweenness, table.term)]
    return table.iloc[np.argsort(-table.degree.to_numpy(), kind="stable")].reset_index(drop=True)


def export_network(graph, path: str | Path) -> Path:
    """Write GraphML (``.graphml``) or GEXF (``.gexf``) for Gephi."""
    import networkx as nx

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".graphml":
        nx.write_graphml(graph, path)
    elif path.suffix == ".gexf":
        nx.write_gexf(graph, path)
    else:
        raise ParameterError(f"network files end in .graphml or .gexf (got {path.name})")
    return path


def association_matrix(edges: pd.DataFrame, terms: Sequence[str], *, measure: str = "npmi") -> pd.DataFrame:
    """A symmetric terms x terms table of one measure from :func:`associations` (NaN where a pair is not listed).

    Only the pairs among ``terms`` are looked at, so the table stays small
    whatever the number of edges (a corpus of ten million characters has
    millions).

    Examples
    --------
    >>> edges = pd.DataFrame({"term1": ["中關村"], "term2": ["科學城"], "npmi": [0.8]})
    >>> association_matrix(edges, ["科學城", "中關村"]).loc["中關村", "科學城"]
    np.float64(0.8)
    """
    if measure not in edges.columns:
        raise ParameterError(f"measure {measure!r} is not a column of the edge table ({', '.join(edges.columns)})")
    terms = list(dict.fromkeys(terms))
    wanted = set(terms)
    pairs = edges[edges.term1.isin(wanted) & edges.term2.isin(wanted)]
    square = pd.DataFrame(np.nan, index=terms, columns=terms)
    for a, b, value in zip(pairs.term1, pairs.term2, pairs[measure]):
        square.loc[a, b] = square.loc[b, a] = value
    return square


def kwic(
    documents: Sequence[Sequence[str]],
    term: str,
    *,
    doc_ids: Sequence[str] | None = None,
    width: int = 12,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``width`` characters either side.

    Parameters
    ----------
    documents : sequence of token lists
        Unfiltered tokens (``Segmenter.cut``), so the context reads as the text.
    term : str
        A token, matched exactly as written.

    Examples
    --------
    >>> kwic([["北京", "生命科學園", "的", "新", "機遇"]], "生命科學園", width=2).iloc[0].tolist()
    ['0', '北京', '生命科學園', '的新']
    """
    ids = list(doc_ids) if doc_ids is not None else [str(i) for i in range(len(documents))]
    rows = []
    for doc_id, toks in zip(ids, documents):
        for k, t in enumerate(toks):
            if t == term:
                left = "".join(toks[:k])[-width:]
                right = "".join(toks[k + 1 :])[:width]
                rows.append({"document": doc_id, "left": left.replace("\n", " "), "keyword": t, "right": right.replace("\n", " ")})
    return pd.DataFrame(rows, columns=["document", "left", "keyword", "right"])


def concordance(
    texts: Sequence[str],
    terms: Sequence[str],
    segmenter,
    *,
    doc_ids: Sequence[str] | None = None,
    max_lines: int = 20,
    width: int = 12,
) -> pd.DataFrame:
    """Keyword-in-context lines for several terms, at most ``max_lines`` each, cutting only the documents needed.

    Documents are read in order; one that contains a term still short of
    lines is cut (``segmenter.cut``: every token, so the context reads as
    the text) and its occurrences added.  Reading stops when every term has
    its lines, so the cost does not grow with the corpus.

    Returns
    -------
    DataFrame
        ``document``, ``left``, ``keyword``, ``right``; the terms in the
        order given, each in document order.

    Examples
    --------
    >>> from textkit.segment import Segmenter
    >>> concordance(["北京生命科學園的新機遇", "生命科學園"], ["生命科學園"], Segmenter(), max_lines=1, width=2).iloc[0].tolist()
    ['0', '北京', '生命科學園', '的新']
    """
    if not isinstance(max_lines, int) or isinstance(max_lines, bool) or max_lines < 1:
        raise ParameterError(f"max_lines must be a whole number of at least 1 (got {max_lines!r})")
    terms = list(dict.fromkeys(terms))
    ids = list(doc_ids) if doc_ids is not None else [str(i) for i in range(len(texts))]
    found: dict[str, list[pd.DataFrame]] = {t: [] for t in terms}
    count = dict.fromkeys(terms, 0)
    for doc_id, text in zip(ids, texts):
        short = [t for t in terms if count[t] < max_lines and t in text]
        if not short:
            if all(c >= max_lines for c in count.values()):
                break
            continue
        tokens = segmenter.cut(text)
        for t in short:
            lines = kwic([tokens], t, doc_ids=[doc_id], width=width).head(max_lines - count[t])
            found[t].append(lines)
            count[t] += len(lines)
    frames = [f for t in terms for f in found[t]]
    if not frames:
        return pd.DataFrame(columns=["document", "left", "keyword", "right"])
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------
# On the corpus store: networks counted per shard, KWIC read per shard
# ---------------------------------------------------------------------------


def _pairs_cooccurrence(vocabulary: list[str], frequency: np.ndarray, symmetric: sparse.spmatrix, context: str,
                        contexts: np.ndarray | None = None, n_contexts: int = 0) -> Cooccurrence:
    """A :class:`Cooccurrence` from symmetric pair counts (zero diagonal) among ``vocabulary`` (already restricted)."""
    C = symmetric.tocsr()
    C.eliminate_zeros()
    C.sort_indices()
    C.data = C.data.astype(np.int64)
    if context == "window":
        marginals, total = np.asarray(C.sum(axis=1)).ravel(), float(C.sum())
    else:
        marginals, total = np.asarray(contexts), float(n_contexts)
    return Cooccurrence(C, list(vocabulary), np.asarray(frequency, dtype=np.int64), marginals.astype(float), total, context)


def counts_cooccurrence(counts, *, min_freq: int = 2) -> Cooccurrence:
    """The window co-occurrence of a whole corpus from its reduced counts (:meth:`textkit.engine.counts.Counts.pairs`).

    The same counts as :func:`count_cooccurrence` with ``context="window"``,
    the counts' window and ``min_freq`` on the corpus's sentences (less
    what pruning dropped: ``counts.summary["pairs_pruned"]``), read from
    the store: only the pairs among words seen ``min_freq`` times come here.

    Examples
    --------
    >>> import tempfile
    >>> from textkit.engine.prepared import open_corpus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     co = counts_cooccurrence(open_corpus("seeds", store=folder).counts(window=5), min_freq=3)
    >>> co.count("自貿區", "建設") > 0
    True
    """
    vocabulary, frequency, symmetric = counts.pairs(min_freq=min_freq)
    if len(vocabulary) < 2:
        raise ParameterError(f"fewer than two words pass min_freq={min_freq}; lower it or give more text")
    return _pairs_cooccurrence(vocabulary, frequency, symmetric, "window")


@dataclass(frozen=True, eq=False)
class PairCounts:
    """The co-occurrence counts of one selection of documents (a group, or every document) over one or more shards.

    Attributes
    ----------
    terms : pyarrow.StringArray
        Sorted (code-point order), distinct.
    frequency : ndarray of int64
        Tokens of each term.
    contexts : ndarray of int64
        Sentences / documents that hold each term (zeros for ``"window"``).
    pairs : csr_matrix (terms x terms)
        Upper triangle (``a < b``): pairs at most ``window - 1`` tokens apart
        in a sentence (``"window"``, as :func:`textkit.engine.counts.count_terms`),
        or the contexts that hold both terms.
    documents, n_contexts : int
        Documents counted; sentences (empty ones included) or documents.
    pairs_pruned, pair_occurrences_pruned : int
        What pruning dropped from this selection (see :class:`GroupPairs`).
    """

    terms: object
    frequency: np.ndarray
    contexts: np.ndarray
    pairs: sparse.csr_matrix
    documents: int
    n_contexts: int
    pairs_pruned: int = 0
    pair_occurrences_pruned: int = 0

    def __add__(self, other: PairCounts) -> PairCounts:
        """The exact sum, over the union of the two vocabularies (no pruning)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        from textkit.engine.counts import _remap

        if len(self.terms) == 0 or len(other.terms) == 0:  # a group absent from a shard (a corpus in date order): nothing to remap
            kept = other if len(self.terms) == 0 else self
            return replace(kept, documents=self.documents + other.documents, n_contexts=self.n_contexts + other.n_contexts,
                           pairs_pruned=self.pairs_pruned + other.pairs_pruned,
                           pair_occurrences_pruned=self.pair_occurrences_pruned + other.pair_occurrences_pruned)
        both = pc.unique(pa.concat_arrays([self.terms, other.terms]))
        terms = both.take(pc.array_sort_indices(both))
        V = len(terms)
        ma = pc.index_in(self.terms, value_set=terms).to_numpy(zero_copy_only=False).astype(np.int64)
        mb = pc.index_in(other.terms, value_set=terms).to_numpy(zero_copy_only=False).astype(np.int64)

        def vector(a, b):
            out = np.zeros(V, dtype=np.int64)
            out[ma] += a
            out[mb] += b
            return out

        return PairCounts(
            terms=terms, frequency=vector(self.frequency, other.frequency), contexts=vector(self.contexts, other.contexts),
            pairs=_remap(self.pairs, ma, ma, (V, V)) + _remap(other.pairs, mb, mb, (V, V)),
            documents=self.documents + other.documents, n_contexts=self.n_contexts + other.n_contexts,
            pairs_pruned=self.pairs_pruned + other.pairs_pruned,
            pair_occurrences_pruned=self.pair_occurrences_pruned + other.pair_occurrences_pruned,
        )

    def cooccurrence(self, context: str, *, min_freq: int = 2) -> Cooccurrence:
        """The counts among the words seen at least ``min_freq`` times: what :func:`count_cooccurrence` gives on these documents."""
        import pyarrow as pa

        keep = np.flatnonzero(self.frequency >= min_freq)
        if len(keep) < 2:
            raise ParameterError(f"fewer than two words pass min_freq={min_freq}; lower it or give more text")
        upper = self.pairs[keep][:, keep]
        return _pairs_cooccurrence(self.terms.take(pa.array(keep)).to_pylist(), self.frequency[keep], upper + upper.T, context,
                                   self.contexts[keep], self.n_contexts)


def _count_selection(table, context: str, window: int) -> PairCounts:
    """One selection's counts in one part of the store (Arrow: ``tokens``, ``sentence_lengths``)."""
    import pyarrow.compute as pc

    from textkit.engine.counts import _csr, _token_ids, count_terms
    from textkit.engine.store import sentence_ids

    n = table.num_rows
    if context == "window":  # the engine's own window count: the pairs of Counts.pairs
        c = count_terms(table.select(["tokens", "sentence_lengths"]), window=window)
        return PairCounts(c.terms, c.frequency, np.zeros(len(c), dtype=np.int64), c.pairs, n, 0)
    ids, terms, doc = _token_ids(table.column("tokens"))
    V = max(len(terms), 1)
    if context == "sentence":
        unit = sentence_ids(table.column("sentence_lengths"))
        n_contexts = int(pc.list_value_length(table.column("sentence_lengths")).to_numpy(zero_copy_only=False).sum()) if n else 0
    else:
        unit, n_contexts = doc, n
    cell = np.unique(unit * V + ids)
    present = _csr(cell // V, cell % V, np.ones(len(cell), dtype=np.int64), (n_contexts, len(terms)))
    both = (present.T @ present).tocoo()  # contexts holding both terms; the diagonal: holding the term
    upper = both.row < both.col
    return PairCounts(
        terms=terms, frequency=np.bincount(ids, minlength=len(terms)).astype(np.int64),
        contexts=np.asarray(present.sum(axis=0)).ravel().astype(np.int64),
        pairs=_csr(both.row[upper], both.col[upper], both.data[upper], (len(terms), len(terms))),
        documents=n, n_contexts=n_contexts,
    )


@dataclass(frozen=True, eq=False)
class GroupPairs:
    """The co-occurrence counts of several selections of documents (groups, and the whole corpus): a partial that merges exactly.

    Attributes
    ----------
    selections : dict
        Group label (``None``: every document) -> :class:`PairCounts`, in
        the order asked.
    context : str
    window : int
    max_pairs : int
    pair_undercount : int
        The most any kept pair can lack (the sum of the pruning levels).

    Notes
    -----
    Merging is exact (integer sums), then pruned by the rule of
    :func:`textkit.engine.counts.count_terms`, applied to the partial as a
    whole: when its selections hold more than ``max_pairs`` distinct pairs
    together, every pair counted ``c`` times or fewer is dropped, for the
    smallest ``c`` that leaves at most half of ``max_pairs``; each selection
    records what it lost.  So a partial holds at most ``max_pairs`` pairs
    (about 400 MB at the default), however many groups are drawn.
    """

    selections: dict
    context: str
    window: int
    max_pairs: int
    pair_undercount: int = 0

    def merge(self, other: GroupPairs) -> GroupPairs:
        """The sum of two partials (exact, then pruned as the class says)."""
        from textkit.engine.counts import _prune_level

        if (self.context, self.window, list(self.selections)) != (other.context, other.window, list(other.selections)):
            raise ValueError("cannot merge pair counts of different contexts, windows or selections")
        merged = {key: counts + other.selections[key] for key, counts in self.selections.items()}
        limit = min(self.max_pairs, other.max_pairs)
        undercount = self.pair_undercount + other.pair_undercount
        if sum(c.pairs.nnz for c in merged.values()) > limit:
            level = _prune_level(np.concatenate([c.pairs.data for c in merged.values()]), limit // 2)
            undercount += level
            for key, c in merged.items():
                pairs = c.pairs.copy()  # a partial passed through a merge unchanged is not altered
                drop = pairs.data <= level
                pruned, occurrences = int(drop.sum()), int(pairs.data[drop].sum())
                pairs.data[drop] = 0
                pairs.eliminate_zeros()
                merged[key] = replace(c, pairs=pairs, pairs_pruned=c.pairs_pruned + pruned,
                                      pair_occurrences_pruned=c.pair_occurrences_pruned + occurrences)
        return GroupPairs(merged, self.context, self.window, limit, undercount)

    __add__ = merge

    def report(self) -> dict:
        """Per selection: documents, terms, distinct pairs kept, and what pruning dropped."""
        return {key: {"documents": c.documents, "terms": len(c.frequency), "pairs": int(c.pairs.nnz), "pairs_pruned": c.pairs_pruned,
                      "pair_occurrences_pruned": c.pair_occurrences_pruned, "pair_undercount": self.pair_undercount}
                for key, c in self.selections.items()}


def count_pairs(table, groups: Sequence[str] = (), *, whole: bool = False, context: Context = "window", window: int = 5,
                max_pairs: int | None = None) -> GroupPairs:
    """Co-occurrence counts of one part of the store, for the documents of each group in ``groups`` (and of all, ``whole``).

    Parameters
    ----------
    table : pyarrow.Table
        A part of the store (``tokens``, ``sentence_lengths``, ``group``);
        tokens as strings or integer ids.
    groups : sequence of str
        Group labels; the documents of other groups are not counted.
    whole : bool, default False
        Also count every document (the key ``None``).
    context, window
        As :func:`count_cooccurrence`.
    max_pairs : int, optional
        See :class:`GroupPairs` (default: the engine's ``MAX_PAIRS``).

    Returns
    -------
    GroupPairs
        Merge the partials of the shards in shard order; then
        ``partial.selections[group].cooccurrence(context, min_freq=…)`` gives
        exactly :func:`count_cooccurrence` on that group's documents.

    Examples
    --------
    >>> import pyarrow as pa
    >>> part = pa.table({"tokens": pa.array([["科技", "創新"], ["科技", "創新"], ["區塊鏈"]], type=pa.list_(pa.string())),
    ...                  "sentence_lengths": pa.array([[2], [2], [1]], type=pa.list_(pa.int32())),
    ...                  "group": ["新聞", "微博", "新聞"]})
    >>> counts = count_pairs(part, ["新聞"], whole=True)
    >>> counts.selections["新聞"].documents, counts.selections[None].pairs.sum()
    (2, np.int64(2))
    """
    from textkit.engine.counts import MAX_PAIRS

    if context not in ("window", "sentence", "document"):
        raise ParameterError(f"context must be 'window', 'sentence' or 'document' (got {context!r})")
    if context == "window" and (not isinstance(window, int) or isinstance(window, bool) or window < 2):
        raise ParameterError(f"window must be a whole number of at least 2 (got {window!r})")
    labels = np.array([("" if v is None else str(v)) for v in table.column("group").to_pylist()], dtype=object) \
        if groups else np.zeros(0, dtype=object)
    selections: dict = {}
    for group in groups:
        selections[group] = _count_selection(table.filter(labels == group), context, window)
    if whole:
        selections[None] = _count_selection(table, context, window)
    return GroupPairs(selections, context, window, MAX_PAIRS if max_pairs is None else max_pairs)


_PAIR_COLUMNS = ["tokens", "sentence_lengths", "group"]


def _count_pairs_item(url: str, groups: list, whole: bool, context: str, window: int, max_pairs: int) -> tuple[None, GroupPairs]:
    """One shard's pair counts (a task): its part read with tokens as integer ids."""
    from textkit.engine.store import read_table

    return None, count_pairs(read_table(url, _PAIR_COLUMNS, token_ids=True), groups, whole=whole, context=context,
                             window=window, max_pairs=max_pairs)


def _merge_pairs(a: GroupPairs, b: GroupPairs) -> GroupPairs:
    return a.merge(b)


def _finish_pairs(total: GroupPairs | None, groups: list, whole: bool, context: str, window: int, max_pairs: int,
                  min_freq: int) -> tuple[dict, dict]:
    """The merged counts restricted to ``min_freq`` (a task: only the restricted counts come back)."""
    import pyarrow as pa

    if total is None:  # a corpus of no shard
        empty = pa.table({"tokens": pa.array([], type=pa.list_(pa.string())), "sentence_lengths": pa.array([], type=pa.list_(pa.int32())),
                          "group": pa.array([], type=pa.string())})
        total = count_pairs(empty, groups, whole=whole, context=context, window=window, max_pairs=max_pairs)
    networks = {}
    for key, counts in total.selections.items():
        try:
            networks[key] = counts.cooccurrence(context, min_freq=min_freq)
        except ParameterError as exc:
            raise ParameterError(f"{'the whole corpus' if key is None else f'group {key!r}'} ({counts.documents} documents): {exc}") from None
    return networks, total.report()


def store_cooccurrence(corpus, groups: Sequence[str] = (), *, combined: str | None = "combined", context: Context = "window",
                       window: int = 5, min_freq: int = 2, max_pairs: int | None = None) -> tuple[dict, pd.DataFrame]:
    """The co-occurrence counts of each group and of the whole corpus, counted on the corpus store, shard by shard.

    Parameters
    ----------
    corpus : textkit.engine.prepared.PreparedCorpus
    groups : sequence of str
        The groups to count (e.g. the largest: :func:`textkit.analysis.describe.largest_groups`).
    combined : str or None, default "combined"
        The name of the whole corpus's counts; ``None``: not counted.
    context, window, min_freq
        As :func:`count_cooccurrence`.
    max_pairs : int, optional
        The pruning limit (default: the engine's ``MAX_PAIRS``).

    Returns
    -------
    networks : dict
        Name -> :class:`Cooccurrence`, the groups in the order given, then
        ``combined``: what :func:`count_cooccurrence` gives on each one's
        sentences (less what pruning dropped).
    report : DataFrame
        Per network: ``documents``, ``terms`` (all of them, before
        ``min_freq``), ``pairs`` kept, ``pairs_pruned``,
        ``pair_occurrences_pruned``, ``pair_undercount``.

    Notes
    -----
    With ``context="window"`` the whole corpus's counts, and a group that
    holds every document, come from :meth:`PreparedCorpus.counts` (counted
    once per run, shared with the other notebooks).  The other groups are
    counted in one pass over the store (:func:`count_pairs` per shard, the
    partials merged in shard order on the workers); only the counts among
    words seen ``min_freq`` times reach this process.  A partial holds at
    most ``max_pairs`` distinct pairs, all groups together
    (:class:`GroupPairs`).

    Examples
    --------
    >>> import tempfile
    >>> from textkit.engine.prepared import open_corpus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     networks, report = store_cooccurrence(open_corpus("seeds", store=folder), ["headlines"], min_freq=3)
    >>> list(networks), report.documents.tolist()
    (['headlines', 'combined'], [20, 40])
    """
    from textkit.engine.counts import MAX_PAIRS

    max_pairs = MAX_PAIRS if max_pairs is None else max_pairs
    groups = [str(g) for g in dict.fromkeys(groups)]
    if combined is not None and combined in groups:
        raise ParameterError(f"a group is named {combined!r}, the name of the whole corpus's network; pass another combined=")
    if not isinstance(min_freq, (int, np.integer)) or isinstance(min_freq, bool) or min_freq < 1:
        raise ParameterError(f"min_freq must be a whole number of at least 1 (got {min_freq!r})")
    networks: dict = {}
    rows: list[dict] = []
    from_counts: list[str] = []
    counts = None
    if context == "window":
        counts = corpus.counts(window=window, max_pairs=max_pairs)
        everyone = int(counts.summary["documents"])
        sizes = dict(zip(counts.groups.group.astype(str), counts.groups.documents.astype(int)))
        from_counts = [g for g in groups if everyone and sizes.get(g, 0) == everyone]  # the only group: the whole corpus
    per_shard = [g for g in groups if g not in from_counts]
    whole = combined is not None and counts is None
    counted: dict = {}
    report: dict = {}
    if per_shard or whole:
        ex, store = corpus.executor, corpus.store
        items = [store.part_url(i) for i in range(store.n_shards)]
        args = (per_shard, whole, context, window, max_pairs)
        partials = (part for _, part in ex.map(_count_pairs_item, items, stage="counting pairs", total=len(items), args=args))
        total = ex.reduce(partials, _merge_pairs, stage="merging pairs")
        counted, report = ex.fetch(ex.then(_finish_pairs, total, *args, min_freq, stage="restricting pairs"), stage="restricting pairs")
    if counts is not None and (from_counts or combined is not None):
        whole_counts = counts_cooccurrence(counts, min_freq=min_freq)
        s = counts.summary
        row = {"documents": int(s["documents"]), "terms": int(s["terms"]), "pairs": int(s["pairs"]), "pairs_pruned": int(s["pairs_pruned"]),
               "pair_occurrences_pruned": int(s["pair_occurrences_pruned"]), "pair_undercount": int(s["pair_undercount"])}
    for g in groups:
        if g in from_counts:
            networks[g] = whole_counts
            rows.append({"network": g, **row})
        else:
            networks[g] = counted[g]
            rows.append({"network": g, **report[g]})
    if combined is not None:
        networks[combined] = whole_counts if counts is not None else counted[None]
        rows.append({"network": combined, **(row if counts is not None else report[None])})
    table = pd.DataFrame(rows, columns=["network", "documents", "terms", "pairs", "pairs_pruned", "pair_occurrences_pruned", "pair_undercount"])
    return networks, table.astype({c: "int64" for c in table.columns[1:]})


def _concordance_part(table, terms: list[str], settings, max_lines: int, width: int) -> pd.DataFrame:
    """At most ``max_lines`` lines per term from one part of the store: only its documents that hold a term are read out and cut."""
    import pyarrow.compute as pc

    from textkit.engine.build import engine_for

    text = table.column("text")
    hit = None
    for t in terms:
        found = pc.fill_null(pc.match_substring(text, t), False)
        hit = found if hit is None else pc.or_(hit, found)
    rows = table.filter(hit) if hit is not None else table.slice(0, 0)
    if rows.num_rows == 0:
        return pd.DataFrame(columns=["document", "left", "keyword", "right"])
    return concordance(rows.column("text").to_pylist(), terms, engine_for(settings.get()), doc_ids=rows.column("label").to_pylist(),
                       max_lines=max_lines, width=width)


def store_concordance(corpus, terms: Sequence[str], segmenter, *, max_lines: int = 20, width: int = 12) -> pd.DataFrame:
    """:func:`concordance` over the corpus store: each shard gives at most ``max_lines`` lines per term, then the first are kept.

    Parameters
    ----------
    corpus : textkit.engine.prepared.PreparedCorpus
    terms : sequence of str
    segmenter : textkit.segment.Segmenter
        Cuts the documents that hold a term (every token, so the context
        reads as the text); its settings go to each worker once.
    max_lines, width
        As :func:`concordance`.

    Returns
    -------
    DataFrame
        The lines :func:`concordance` gives on every document in order
        (``document`` is the document's label).

    Notes
    -----
    Each shard's task reads its ``text`` and ``label`` columns, keeps the
    documents that contain a term (Arrow's substring search) and cuts
    those until every term has ``max_lines`` lines, so at most
    ``max_lines`` lines per term and shard reach this process, never the
    texts.  Once every term has its lines, the later shards are not read.

    Examples
    --------
    >>> import tempfile
    >>> from textkit.engine.prepared import open_corpus
    >>> from textkit.segment import Segmenter
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     lines = store_concordance(open_corpus("seeds", store=folder), ["生命科學園"], Segmenter(), max_lines=2, width=4)
    >>> lines.keyword.tolist()
    ['生命科學園', '生命科學園']
    """
    from textkit.engine.build import warm_engine

    if not isinstance(max_lines, int) or isinstance(max_lines, bool) or max_lines < 1:
        raise ParameterError(f"max_lines must be a whole number of at least 1 (got {max_lines!r})")
    terms = [str(t) for t in dict.fromkeys(terms)]
    settings = corpus.executor.share(segmenter.settings(), warm=warm_engine)
    found: list[pd.DataFrame] = []
    have = dict.fromkeys(terms, 0)
    shards = corpus.iter_shards(_concordance_part, terms, settings, max_lines, width, columns=["text", "label"], stage="concordance")
    try:
        for lines in shards:  # in shard order: the first lines of each term are those of the first shards
            found.append(lines)
            for t, n in lines.keyword.value_counts().items():
                have[t] += int(n)
            if all(n >= max_lines for n in have.values()):
                break  # every term has its lines: the later shards are not read (their tasks are cancelled)
    finally:
        shards.close()
    lines = pd.concat([f for f in found if len(f)] or [pd.DataFrame(columns=["document", "left", "keyword", "right"])], ignore_index=True)
    per_term = [lines[lines.keyword == t].head(max_lines) for t in terms]
    return pd.concat(per_term, ignore_index=True) if per_term else lines
