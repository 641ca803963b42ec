"""Topic models for short texts (headlines, posts): DMM (one topic per text), PTM (pseudo-documents), BTM (biterms).

LDA gives each document a mixture of topics, estimated from its own
words: a headline of eight words says too little for that.  The models
here pool evidence across texts instead:

* :func:`fit_dmm`: the Dirichlet multinomial mixture (GSDMM, Yin & Wang
  2014): each text has exactly one topic;
* :func:`fit_ptm`: tomotopy's ``PTModel`` (Zuo et al. 2016): texts are
  grouped into pseudo-documents, which have mixtures;
* :func:`fit_btm`: the biterm topic model (Yan et al. 2013), by
  ``bitermplus``: topics generate pairs of words that occur together.

Each returns a :class:`~textkit.analysis.topics.models.TopicModel`.
Which one notebook 03 uses was decided by measurement
(``benchmarks/short_texts.py``; see :data:`SHORT_TEXT_MODEL`).

Examples
--------
>>> docs = [["海澱", "科技", "創新"], ["昌平", "醫藥", "健康"]] * 10
>>> model = fit_dmm(docs, k=2, iterations=20)
>>> model.kind, len(set(model.doc_topic.argmax(axis=1)[::2])), model.doc_topic.argmax(axis=1)[0] != model.doc_topic.argmax(axis=1)[1]
('dmm', 1, np.True_)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import gammaln

from textkit.analysis._ranking import round_sig
from textkit.analysis.topics.models import _check_k
from textkit.errors import ParameterError

__all__ = ["SHORT_TEXT_MODEL", "fit_btm", "fit_dmm", "fit_ptm"]

#: The short-text model notebook 03 uses (measured in ``benchmarks/short_texts.py``).
SHORT_TEXT_MODEL = "dmm"


def _doc_term(token_lists: Sequence[Sequence[str]], dictionary=None, min_cf: int = 0):
    """Documents x words count matrix (CSR) over the dictionary's words (or every word), and the vocabulary."""
    from scipy import sparse

    if dictionary is not None:
        known = dictionary.token2id
        vocab_ids: dict[str, int] = {}
        rows = [[t for t in toks if t in known] for toks in token_lists]
    else:
        rows = [list(toks) for toks in token_lists]
        vocab_ids = {}
    if min_cf > 1:
        from collections import Counter

        cf = Counter(t for r in rows for t in r)
        rows = [[t for t in r if cf[t] >= min_cf] for r in rows]
    indptr, indices = [0], []
    for r in rows:
        for t in r:
            indices.append(vocab_ids.setdefault(t, len(vocab_ids)))
        indptr.append(len(indices))
    n = len(vocab_ids)
    X = sparse.csr_matrix((np.ones(len(indices), dtype=np.float64), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                          shape=(len(rows), n))
    X.sum_duplicates()
    vocabulary = sorted(vocab_ids, key=vocab_ids.get)
    # a stable order of words: sorted by term, so that the same corpus gives the same matrix whatever its order
    order = np.argsort(np.asarray(vocabulary, dtype=str), kind="stable")
    X = X[:, order].tocsr()
    X.sort_indices()
    return X, [vocabulary[i] for i in order]


class _Block:
    """A block of texts as flat arrays (word ids, counts, text of each token, lengths): what a Gibbs step needs, made once."""

    def __init__(self, X, idx: np.ndarray):
        Xb = X[idx]
        self.idx = idx
        self.words = Xb.indices.astype(np.int64)
        self.counts = Xb.data
        self.row = np.repeat(np.arange(len(idx)), np.diff(Xb.indptr))
        self.starts = Xb.indptr[:-1]
        self.lengths = np.asarray(Xb.sum(axis=1)).ravel()
        self.many = np.flatnonzero(Xb.data != 1)
        self.single = not len(self.many)

    def log_posterior(self, nwz: np.ndarray, nz: np.ndarray, m: np.ndarray, alpha: float, beta: float) -> np.ndarray:
        """log p(z | text) up to a constant, for each text of the block (``nwz``, ``nz``, ``m`` exclude the block)."""
        V = nwz.shape[0]
        n = nwz[self.words]  # tokens x topics: rows of the words x topics counts
        term = np.log(n + beta)  # a word once in the text: log(n + beta)
        if not self.single:  # a word c times: log Gamma(n + beta + c) - log Gamma(n + beta)
            many = self.many
            nm = n[many]
            term[many] = gammaln(nm + beta + self.counts[many][:, None]) - gammaln(nm + beta)
        num = np.add.reduceat(term, self.starts, axis=0)
        den = gammaln(nz[None, :] + V * beta + self.lengths[:, None]) - gammaln(nz[None, :] + V * beta)
        return np.log(m + alpha)[None, :] + num - den

    def move(self, nwz: np.ndarray, nz: np.ndarray, m: np.ndarray, z: np.ndarray, sign: float) -> None:
        """Add (``sign=1``) or remove (``-1``) the block's texts, with topics ``z``, from the counts."""
        np.add.at(nwz, (self.words, z[self.row]), sign * self.counts)
        np.add.at(nz, z, sign * self.lengths)
        np.add.at(m, z, sign)


def fit_dmm(
    token_lists: Sequence[Sequence[str]],
    *,
    k: int,
    dictionary=None,
    random_state: int = 0,
    iterations: int = 80,
    alpha: float = 0.1,
    beta: float = 0.1,
    block: float = 0.02,
    min_cf: int = 0,
) -> TopicModel:  # noqa: F821
    """The Dirichlet multinomial mixture (one topic per text) by collapsed Gibbs sampling (GSDMM).

    Parameters
    ----------
    token_lists : sequence of token lists
    k : int
        Number of topics (clusters; some may end empty, as in GSDMM).
    dictionary : gensim Dictionary, optional
        Only its words are modelled.
    random_state : int
    iterations : int, default 80
        Gibbs sweeps over the texts.  GSDMM's clusters settle within 10-20
        (Yin & Wang 2014), but their words keep moving: on the Weibo posts
        the share of topics that come back under the other seeds (matched
        top-10 Jaccard >= 0.5, mean of three seeds) went from 30 to 80
        sweeps from 0.61 to 0.78 at k = 6, 0.62 to 0.67 at k = 8 and 0.53
        to 0.57 at k = 10; one seed's share at k = 6 varies from 0.5 to
        0.83.
    alpha, beta : float, default 0.1
        Dirichlet priors on the topics' shares and on their words (Yin & Wang's defaults).
    block : float, default 0.02
        Share of texts resampled together (see Notes).

    Returns
    -------
    TopicModel
        ``kind="dmm"``; ``doc_topic`` and ``doc_topic_counts`` hold each
        text's posterior over topics given every other text.

    Notes
    -----
    Written here in numpy (no maintained package works with numpy 2:
    ``tweetopic`` pins numpy 1.26).  Texts are resampled in blocks of
    ``block`` of the corpus (fixed blocks, visited in a new random order
    each sweep), each against the counts of every other text (approximate
    distributed Gibbs sampling, Newman et al. 2009, with 50 "processors"):
    one text does not see the moves of the other 2% in its block within a sweep, which changes nothing measurable
    (``benchmarks/short_texts.py``) and makes a sweep over 10,000 headlines
    take about 0.05 s at k = 10.  Cost: tokens x k x iterations.

    Examples
    --------
    >>> docs = [["股市", "上涨", "基金"], ["球队", "比赛", "进球"]] * 10
    >>> fit_dmm(docs, k=3, iterations=10).doc_topic.shape
    (20, 3)
    """
    from textkit.analysis.topics.models import TopicModel

    _check_k(k)
    if not isinstance(iterations, int) or iterations < 1:
        raise ParameterError(f"iterations must be a whole number of at least 1 (got {iterations!r})")
    X, vocabulary = _doc_term(token_lists, dictionary, min_cf)
    lengths = np.asarray(X.sum(axis=1)).ravel().astype(np.int64)
    kept = np.flatnonzero(lengths > 0)
    if not len(kept):
        raise ParameterError("no document has a word left for the topic model")
    Xk = X[kept]
    D, V = Xk.shape
    rng = np.random.default_rng(random_state)
    z = rng.integers(k, size=D)
    nwz = np.zeros((V, k))  # words x topics: a text's words are rows, read together
    np.add.at(nwz, (Xk.indices, np.repeat(z, np.diff(Xk.indptr))), Xk.data)
    m = np.bincount(z, minlength=k).astype(np.float64)
    nz = nwz.sum(axis=0)
    size = max(1, int(round(block * D)))
    blocks = [_Block(Xk, np.sort(part)) for part in np.array_split(rng.permutation(D), max(1, -(-D // size)))]
    for _ in range(iterations):
        for b in rng.permutation(len(blocks)):
            blk = blocks[b]
            old = z[blk.idx]
            blk.move(nwz, nz, m, old, -1.0)
            logp = blk.log_posterior(nwz, nz, m, alpha, beta)
            new = np.argmax(logp - np.log(-np.log(rng.random(logp.shape))), axis=1)  # Gumbel-max: one draw per text
            z[blk.idx] = new
            blk.move(nwz, nz, m, new, 1.0)
    post = np.zeros((D, k))
    for blk in blocks:  # each text's posterior given all others
        blk.move(nwz, nz, m, z[blk.idx], -1.0)
        logp = blk.log_posterior(nwz, nz, m, alpha, beta)
        blk.move(nwz, nz, m, z[blk.idx], 1.0)
        logp -= logp.max(axis=1, keepdims=True)
        p = np.exp(logp)
        p[p < 1e-12 * p.sum(axis=1, keepdims=True)] = 0.0  # below a millionth of a millionth: nothing (and fast rounding)
        post[blk.idx] = p / p.sum(axis=1, keepdims=True)
    topic_word = (nwz.T + beta) / (nz[:, None] + V * beta)
    doc_topic = np.full((X.shape[0], k), 1.0 / k)
    doc_topic[kept] = post
    counts = np.zeros((X.shape[0], k))
    counts[kept] = post
    doc_topic = round_sig(doc_topic)
    return TopicModel(
        round_sig(topic_word), vocabulary, doc_topic, lengths, np.asarray(X.sum(axis=0)).ravel().astype(np.int64),
        kind="dmm", doc_topic_counts=round_sig(counts), alpha=np.full(k, float(alpha)), eta=float(beta), native=None,
        settings={"k": int(k), "iterations": iterations, "random_state": random_state, "alpha": alpha, "beta": beta, "block": block,
                  "topic_documents": m.astype(np.int64).tolist()},
        topic_word_counts=nwz.T.copy(),
    )


def fit_ptm(
    token_lists: Sequence[Sequence[str]],
    *,
    k: int,
    dictionary=None,
    random_state: int = 0,
    iterations: int = 200,
    p: int | None = None,
    min_cf: int = 0,
) -> TopicModel:  # noqa: F821
    """tomotopy's pseudo-document topic model (``PTModel``; one worker: reproducible).

    ``p`` pseudo-documents, by default ``10 * k`` (tomotopy's).

    Examples
    --------
    >>> docs = [["股市", "上涨", "基金"], ["球队", "比赛", "进球"]] * 10
    >>> fit_ptm(docs, k=2, iterations=20).kind
    'pt'
    """
    from textkit.analysis.topics.models import TopicModel, _add_documents, _tomotopy, _tomotopy_results

    _check_k(k)
    model = _tomotopy().PTModel(k=int(k), p=int(p or 10 * k), seed=random_state, min_cf=min_cf)
    kept = _add_documents(model, token_lists, dictionary)
    model.train(iterations, workers=1)
    vocabulary, topic_word, doc_topic, counts, lengths = _tomotopy_results(model, len(token_lists), kept, k)
    return TopicModel(
        topic_word, vocabulary, round_sig(doc_topic), lengths, np.asarray(model.used_vocab_freq, dtype=np.int64),
        kind="pt", doc_topic_counts=counts, alpha=round_sig(np.broadcast_to(np.asarray(model.alpha, dtype=np.float64), (k,)).copy()),
        eta=float(round_sig(float(model.eta))), native=bytes(model.saves(full=False)),
        settings={"k": int(k), "iterations": iterations, "random_state": random_state, "p": int(p or 10 * k)},
    )


def fit_btm(
    token_lists: Sequence[Sequence[str]],
    *,
    k: int,
    dictionary=None,
    random_state: int = 0,
    iterations: int = 100,
    window: int = 15,
    min_cf: int = 0,
) -> TopicModel:  # noqa: F821
    """The biterm topic model (``bitermplus``, an optional package), priors as Yan et al.: alpha 50/k, beta 0.01.

    Examples
    --------
    >>> docs = [["股市", "上涨", "基金"], ["球队", "比赛", "进球"]] * 10
    >>> fit_btm(docs, k=2, iterations=10).kind  # doctest: +SKIP
    'btm'
    """
    from textkit.analysis.topics.models import TopicModel

    _check_k(k)
    try:
        import bitermplus
    except ImportError as exc:  # pragma: no cover
        raise ParameterError("the biterm topic model needs bitermplus: pip install bitermplus") from exc
    X, vocabulary = _doc_term(token_lists, dictionary, min_cf)
    lengths = np.asarray(X.sum(axis=1)).ravel().astype(np.int64)
    index = {t: i for i, t in enumerate(vocabulary)}
    known = set(index)
    docs_vec = [np.asarray([index[t] for t in toks if t in known], dtype=np.int32) for toks in token_lists]
    biterms = bitermplus.get_biterms(docs_vec, win=window, as_array=True)
    alpha = 50.0 / k
    model = bitermplus.BTM(X, np.asarray(vocabulary), T=int(k), M=min(20, len(vocabulary)), alpha=alpha, beta=0.01,
                           seed=random_state, win=window)
    model.fit(biterms, iterations=iterations, verbose=False)
    doc_topic = np.asarray(model.transform(docs_vec, verbose=False), dtype=np.float64)
    doc_topic = np.nan_to_num(doc_topic, nan=1.0 / k)
    sums = doc_topic.sum(axis=1, keepdims=True)
    doc_topic = np.where(sums > 0, doc_topic / np.where(sums > 0, sums, 1), 1.0 / k)
    topic_word = np.asarray(model.matrix_topics_words_, dtype=np.float64)
    return TopicModel(
        round_sig(topic_word), vocabulary, round_sig(doc_topic), lengths, np.asarray(X.sum(axis=0)).ravel().astype(np.int64),
        kind="btm", doc_topic_counts=round_sig(doc_topic * lengths[:, None]), alpha=np.full(k, alpha), eta=0.01, native=None,
        settings={"k": int(k), "iterations": iterations, "random_state": random_state, "window": window},
    )
