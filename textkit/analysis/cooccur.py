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
from dataclasses import dataclass
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
        n_units = int(units.max()) + 1 if len(units) else 0
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
