"""What a k is scored on: held-out likelihood, coherence (NPMI), exclusivity (FREX), residual dispersion.

Corpus-level counts follow the counting contract (one shard in, a
picklable partial out, partials merged exactly, a pure finalize):

* :func:`count_codocuments` -> :class:`CoDocumentCounts` (documents holding
  each word and each pair of words, integers) -> :func:`topic_npmi`;
* :func:`score_heldout` -> :class:`HeldoutScores` (per held-out document:
  its position, log-likelihood, tokens) -> :meth:`HeldoutScores.summary`;
* :func:`score_residuals` -> :class:`ResidualScores` (per document: its
  squared-residual sum and cells counted) -> :meth:`ResidualScores.dispersion`.

The per-document partials are merged by concatenation and reduced in the
order of document positions, so a float result does not depend on how the
corpus was cut.

Samples do not depend on how the corpus is cut either: :func:`unit_hash`
gives each document position a number in [0, 1) from the seed alone, and a
document is kept when it falls under a threshold.

Examples
--------
>>> docs = [["股市", "基金"], ["股市", "基金", "上涨"], ["球队", "进球"]]
>>> counts = count_codocuments(docs[:2], words=["基金", "球队", "股市"]) + count_codocuments(docs[2:], words=["基金", "球队", "股市"])
>>> counts.documents, counts.df.tolist()
(3, [2, 1, 2])
>>> [round(float(x), 3) for x in topic_npmi(counts, [["股市", "基金"], ["股市", "球队"]])]
[1.0, -1.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

__all__ = [
    "CoDocumentCounts",
    "HeldoutScores",
    "ResidualScores",
    "count_codocuments",
    "frex",
    "heldout_split",
    "score_heldout",
    "score_residuals",
    "topic_npmi",
    "unit_hash",
]

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def unit_hash(positions, seed: int, salt: int = 0) -> np.ndarray:
    """A number in [0, 1) for each position, from (position, seed, salt) alone (splitmix64).

    The same document gets the same number whichever shard holds it.

    Examples
    --------
    >>> a = unit_hash([0, 1, 2, 3], seed=7)
    >>> bool(((a >= 0) & (a < 1)).all()), bool((unit_hash([2, 3], seed=7) == a[2:]).all())
    (True, True)
    """
    with np.errstate(over="ignore"):
        x = np.asarray(positions, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        x = x ^ (np.uint64(seed & 0xFFFFFFFF) << np.uint64(32)) ^ np.uint64((salt * 0x632BE59BD9B4E019) & 0xFFFFFFFFFFFFFFFF)
        x = (x + np.uint64(0x9E3779B97F4A7C15)) & _MASK
        x = ((x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & _MASK
        x = ((x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & _MASK
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def heldout_split(token_lists: Sequence[Sequence[str]], positions: Sequence[int], *, share: float = 0.1, seed: int = 0):
    """Document completion (stm's ``make.heldout``): ``share`` of the documents lose half their tokens to a held-out set.

    A document with at least two tokens is held out when
    ``unit_hash(position, seed) < share``; its tokens with the lowest
    ``floor(n / 2)`` hashes of (position, token index) are held out.

    Returns
    -------
    (observed, heldout) : lists aligned with ``token_lists``
        ``observed`` is what a model is trained on; ``heldout[i]`` is the
        list of held-out tokens (empty for documents not held out).

    Examples
    --------
    >>> obs, held = heldout_split([["股市", "基金", "上涨", "评级"]] * 20, range(20), share=0.5, seed=1)
    >>> sorted({len(h) for h in held}), all(len(o) + len(h) == 4 for o, h in zip(obs, held))
    ([0, 2], True)
    """
    positions = np.asarray(positions, dtype=np.int64)
    chosen = unit_hash(positions, seed, salt=1) < share
    observed, heldout = [], []
    for toks, pos, keep in zip(token_lists, positions, chosen):
        toks = list(toks)
        if keep and len(toks) >= 2:
            h = unit_hash(pos * 100_003 + np.arange(len(toks)), seed, salt=2)
            out = set(np.argsort(h, kind="stable")[: len(toks) // 2].tolist())
            observed.append([t for i, t in enumerate(toks) if i not in out])
            heldout.append([t for i, t in enumerate(toks) if i in out])
        else:
            observed.append(toks)
            heldout.append([])
    return observed, heldout


@dataclass(frozen=True)
class CoDocumentCounts:
    """How many documents hold each of ``words`` and each pair of them (a partial: merge with ``+``).

    Attributes
    ----------
    words : tuple of str
        Sorted.
    documents : int
    df : ndarray of int64
        Documents holding each word.
    pairs : scipy.sparse.csr_matrix of int64
        Documents holding both words (upper triangle, i < j).
    """

    words: tuple[str, ...]
    documents: int
    df: np.ndarray
    pairs: object

    def merge(self, other: CoDocumentCounts) -> CoDocumentCounts:
        if self.words != other.words:
            raise ValueError("co-document counts over different word lists cannot be merged")
        return CoDocumentCounts(self.words, self.documents + other.documents, self.df + other.df, (self.pairs + other.pairs).tocsr())

    __add__ = merge


def count_codocuments(shard: Sequence[Sequence[str]], *, words: Sequence[str]) -> CoDocumentCounts:
    """Document frequencies of ``words`` and of their pairs in one shard of token lists.

    Cost: one pass over the shard's tokens and a sparse product (documents
    x words); the partial holds at most ``len(words)**2 / 2`` integers.
    """
    from scipy import sparse

    words = tuple(sorted(set(words)))
    index = {w: i for i, w in enumerate(words)}
    rows, cols = [], []
    for d, toks in enumerate(shard):
        present = {index[t] for t in toks if t in index}
        rows.extend([d] * len(present))
        cols.extend(present)
    B = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(shard), len(words)))
    C = (B.T @ B).tocsr()
    df = np.asarray(C.diagonal(), dtype=np.int64)
    pairs = sparse.triu(C, k=1, format="csr").astype(np.int64)
    return CoDocumentCounts(words, len(shard), df, pairs)


def topic_npmi(counts: CoDocumentCounts, topics: Sequence[Sequence[str]]) -> np.ndarray:
    """Mean NPMI of each topic's word pairs, over documents (Bouma 2009; -1 for a pair never together).

    Pairs with a word in no document are left out; a topic with no pair
    left is NaN.
    """
    index = {w: i for i, w in enumerate(counts.words)}
    n = float(counts.documents)
    pairs = counts.pairs.tocsr()
    out = np.full(len(topics), np.nan)
    for t, topic in enumerate(topics):
        ids = [index[w] for w in topic if w in index and counts.df[index[w]] > 0]
        values = []
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                i, j = min(ids[a], ids[b]), max(ids[a], ids[b])
                both = pairs[i, j]
                if both == 0:
                    values.append(-1.0)
                    continue
                p_ij, p_i, p_j = both / n, counts.df[i] / n, counts.df[j] / n
                values.append(1.0 if p_ij >= 1 else float(np.log(p_ij / (p_i * p_j)) / -np.log(p_ij)))
        if values:
            out[t] = float(np.mean(values))
    return out


def frex(topic_word: np.ndarray, *, n: int = 10, weight: float = 0.7) -> np.ndarray:
    """Exclusivity of each topic as stm's ``exclusivity()``: the sum of FREX over its ``n`` most probable words.

    FREX of a word in a topic is the weighted harmonic mean of its rank
    (ECDF over the vocabulary) by exclusivity, ``phi[k, w] / sum_j phi[j, w]``
    (weight ``weight``), and by probability in the topic.  Ranges from
    about 0 to ``n``; higher is more exclusive.

    Examples
    --------
    >>> phi = np.array([[0.5, 0.4, 0.1], [0.1, 0.1, 0.8]])
    >>> frex(phi, n=2).round(3).tolist()
    [1.667, 1.37]
    """
    from scipy.stats import rankdata

    phi = np.asarray(topic_word, dtype=np.float64)
    V = phi.shape[1]
    excl = phi / phi.sum(axis=0, keepdims=True)
    ex = rankdata(excl, axis=1) / V
    fr = rankdata(phi, axis=1) / V
    score = 1.0 / (weight / ex + (1 - weight) / fr)
    top = np.argsort(-phi, axis=1, kind="stable")[:, :n]
    return np.take_along_axis(score, top, axis=1).sum(axis=1)


def _merged_by_position(a, b):
    """Two per-document partials of one dataclass (arrays, one of them ``positions``) as one, in position order."""
    order = np.argsort(np.concatenate([a.positions, b.positions]), kind="stable")
    return type(a)(**{f.name: np.concatenate([getattr(a, f.name), getattr(b, f.name)])[order] for f in fields(a)})


@dataclass(frozen=True)
class HeldoutScores:
    """Per held-out document: its position, the log-likelihood of its held-out tokens, their number (merge with ``+``)."""

    positions: np.ndarray
    loglik: np.ndarray
    tokens: np.ndarray

    def merge(self, other: HeldoutScores) -> HeldoutScores:
        return _merged_by_position(self, other)

    __add__ = merge

    def per_document(self) -> np.ndarray:
        """Mean log-likelihood per held-out token of each document (position order)."""
        keep = self.tokens > 0
        order = np.argsort(self.positions[keep], kind="stable")
        return (self.loglik[keep] / self.tokens[keep])[order]

    def summary(self) -> tuple[float, float, int]:
        """(mean over documents of the per-token log-likelihood, its standard error, documents), as stm's ``searchK``."""
        values = self.per_document()
        if not len(values):
            return float("nan"), float("nan"), 0
        se = float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else float("nan")
        return float(values.mean()), se, len(values)


def score_heldout(doc_topic: np.ndarray, heldout: Sequence[Sequence[str]], positions: Sequence[int], topic_word: np.ndarray,
                  vocabulary: Sequence[str]) -> HeldoutScores:
    """Log-likelihood of each document's held-out tokens under its topic proportions: ``sum log(theta_d . phi[:, w])``.

    ``doc_topic`` rows are the documents' proportions estimated from their
    observed halves.  Held-out tokens outside the vocabulary are not counted.
    """
    index = {w: i for i, w in enumerate(vocabulary)}
    phi = np.asarray(topic_word, dtype=np.float64)
    pos, ll, n = [], [], []
    for theta, toks, p in zip(np.asarray(doc_topic, dtype=np.float64), heldout, positions):
        ids = [index[t] for t in toks if t in index]
        if not ids:
            continue
        probs = theta @ phi[:, ids]
        pos.append(p)
        ll.append(float(np.log(np.maximum(probs, 1e-300)).sum()))
        n.append(len(ids))
    return HeldoutScores(np.asarray(pos, dtype=np.int64), np.asarray(ll, dtype=np.float64), np.asarray(n, dtype=np.int64))


@dataclass(frozen=True)
class ResidualScores:
    """Per document: its position, the sum of squared Pearson residuals, and the cells counted (merge with ``+``)."""

    positions: np.ndarray
    residuals: np.ndarray
    cells: np.ndarray

    def merge(self, other: ResidualScores) -> ResidualScores:
        return _merged_by_position(self, other)

    __add__ = merge

    def dispersion(self, k: int, vocabulary_size: int) -> float:
        """stm's ``checkResiduals`` (Taddy 2012): residual sum over its degrees of freedom; about 1 when k suffices.

        NaN when the degrees of freedom are not positive (short texts with
        a large vocabulary: too few cells with an expected count).
        """
        order = np.argsort(self.positions, kind="stable")
        D = float(self.residuals[order].sum())
        n = len(self.positions)
        df = int(self.cells.sum()) - vocabulary_size - (n * (k - 1) + k * (vocabulary_size - 1))
        return D / df if df > 0 else float("nan")


def score_residuals(counts, doc_topic: np.ndarray, topic_word: np.ndarray, positions: Sequence[int], *, tol: float = 0.01,
                    chunk: int = 256) -> ResidualScores:
    """Squared multinomial residuals of each document (rows of the documents x words count matrix ``counts``).

    For document d with m tokens and expected word shares ``q = theta_d phi``:
    ``sum_w (x_w - m q_w)^2 / (m q_w (1 - q_w))`` over the whole vocabulary,
    and the number of words with ``m q_w > tol`` (stm's ``checkResiduals``).
    Cost: documents x vocabulary, in chunks of ``chunk`` documents.
    """
    from scipy import sparse

    X = sparse.csr_matrix(counts, dtype=np.float64)
    theta = np.asarray(doc_topic, dtype=np.float64)
    phi = np.asarray(topic_word, dtype=np.float64)
    m = np.asarray(X.sum(axis=1)).ravel()
    keep = np.flatnonzero(m > 0)
    res, cells = np.zeros(len(keep)), np.zeros(len(keep), dtype=np.int64)
    for s in range(0, len(keep), chunk):
        idx = keep[s : s + chunk]
        q = np.clip(theta[idx] @ phi, 1e-12, 1 - 1e-12)
        mm = m[idx][:, None]
        x = X[idx].toarray()
        res[s : s + len(idx)] = ((x * x - 2 * x * q * mm) / (mm * q * (1 - q))).sum(axis=1) + (mm[:, 0] * (q / (1 - q)).sum(axis=1))
        cells[s : s + len(idx)] = (q * mm > tol).sum(axis=1)
    return ResidualScores(np.asarray(positions, dtype=np.int64)[keep], res, cells)
