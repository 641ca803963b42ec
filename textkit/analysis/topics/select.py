"""Choosing k: a grid scaled to the corpus, a k x seeds sweep scored on four criteria, and the rule that picks k.

The criteria (:mod:`~textkit.analysis.topics.criteria`), as R's ``stm``
(``searchK``) reports them:

* held-out likelihood by document completion: 10% of the documents lose
  half of their tokens before training; the model's proportions for those
  documents (from the other half) score the held-out half;
* coherence: mean NPMI of each topic's top-10 word pairs over documents;
* exclusivity: FREX of each topic's top-10 words (stm's ``exclusivity``);
* residual dispersion (stm's ``checkResiduals``, Taddy 2012): about 1
  when k is large enough, above 1 when it is too small.

The rule (:func:`choose_k`): **a k is stable when at least 70% of its
topics come back under the other seeds (matched top-10 Jaccard of 0.5 or
more); of the stable k, the smallest whose held-out likelihood is within
one standard error of the best stable k** (stm's one-standard-error rule,
restricted to topics that reproduce).  Held-out likelihood and
exclusivity kept rising up to the largest k tried on real corpora and
residual dispersion kept falling, so a rule fed only those drifts to the
largest k; stability alone favours two or three topics of common words
(k = 2 always comes back).  Held-out likelihood pushes k up, stability
holds it where the topics still reproduce.  Coherence, exclusivity and
dispersion are reported beside them.  :func:`search_k` trains the grid from
small k up and stops once two k above the winner are not stable.

Examples
--------
>>> k_grid(40)
[2, 4, 6, 8]
>>> k_grid(1000)
[2, 4, 6, 10, 15, 25, 30]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from textkit.analysis._ranking import round_sig
from textkit.analysis.topics.criteria import (
    count_codocuments,
    frex,
    heldout_split,
    score_heldout,
    score_residuals,
    topic_npmi,
    unit_hash,
)
from textkit.analysis.topics.models import _check_k
from textkit.analysis.topics.views import topic_terms
from textkit.errors import ParameterError

__all__ = ["LADDER", "MIN_STABLE_SHARE", "SHORT_THRESHOLD", "Sweep", "check_k", "choose_k", "choose_model", "k_grid", "k_limit", "search_k", "stability", "sweep_share",
           "summarize", "sweep", "topic_stability"]

#: The values of k a grid is made of (about 1.25-1.5x apart).
LADDER = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300)


#: Median vocabulary tokens per document under which the corpus is "short" (measured: ``benchmarks/short_texts.py``).
SHORT_THRESHOLD = 50


def choose_model(token_lists: Sequence[Sequence[str]] | None = None, dictionary=None, *, model: str = "auto",
                 short_threshold: int = SHORT_THRESHOLD, median_tokens: float | None = None) -> dict:
    """The model for this corpus: the short-text model when the median document is short, else Gibbs LDA.

    Parameters
    ----------
    model : {"auto", "lda", "dmm", "pt", "btm"}
        ``"auto"`` decides from the lengths; any other value is kept.
    short_threshold : int
        Median vocabulary tokens per document below which ``"auto"`` takes
        :data:`~textkit.analysis.topics.short.SHORT_TEXT_MODEL`.
    median_tokens : float, optional
        The median itself (``TopicCorpus.median_tokens``, counted per
        shard), instead of ``token_lists`` and ``dictionary``.

    Returns
    -------
    dict
        ``model``, ``median_tokens`` (of the documents with a word left), ``reason`` (a sentence).

    Examples
    --------
    >>> from textkit.analysis.topics import build_corpus
    >>> docs = [["股市", "基金"], ["球队", "进球"]] * 5
    >>> choose_model(docs, build_corpus(docs, no_below=1, no_above=1.0)[0])["model"]
    'dmm'
    """
    from textkit.analysis.topics.models import MODELS
    from textkit.analysis.topics.short import SHORT_TEXT_MODEL

    if model != "auto" and model not in MODELS:
        raise ParameterError(f"model must be 'auto' or one of {', '.join(MODELS)} (got {model!r})")
    if median_tokens is None:
        known = dictionary.token2id
        lengths = [n for n in (sum(t in known for t in toks) for toks in token_lists) if n]
        median = float(np.median(lengths)) if lengths else 0.0
    else:
        median = float(median_tokens)
    median = int(median) if median == int(median) else median
    names = {"lda": "Gibbs LDA", "dmm": "DMM (one topic per text)", "pt": "PTM (pseudo-documents)", "btm": "BTM (biterms)"}
    if model != "auto":
        reason = f"{names[model]}: set by the user (documents have a median of {median} words of the vocabulary)."
    elif median < short_threshold:
        model = SHORT_TEXT_MODEL
        reason = (f"{names[model]}: the documents are short (a median of {median} words of the vocabulary, under "
                  f"short_threshold = {short_threshold}); a text this short says too little about a mixture of topics, "
                  f"and on short texts DMM matched real categories best of DMM, PTM, BTM and LDA (benchmarks/short_texts.py).")
    else:
        model = "lda"
        reason = (f"{names[model]}: the documents are long enough for a mixture of topics each (a median of {median} words "
                  f"of the vocabulary, at least short_threshold = {short_threshold}).")
    return {"model": model, "median_tokens": median, "reason": reason}


def k_limit(n_documents: int) -> int:
    """The largest k a corpus allows: one topic per document at most."""
    return max(2, int(n_documents))


def check_k(k, n_documents: int) -> int:
    """``k`` if it is a whole number from 2 to the documents there are, else a :class:`ParameterError` in one line.

    Examples
    --------
    >>> check_k(12, 40)
    12
    >>> check_k(50, 40)
    Traceback (most recent call last):
    ...
    textkit.errors.ParameterError: k = 50 asks for more topics than the corpus has documents with words (40): give a k from 2 to 40
    """
    _check_k(k)
    if k > k_limit(n_documents):
        raise ParameterError(f"k = {k} asks for more topics than the corpus has documents with words ({n_documents}): "
                             f"give a k from 2 to {k_limit(n_documents)}")
    return int(k)


def _top_of_grid(n_documents: int) -> int:
    """The grid's largest k: about the square root of the documents, from 8 to 100 (stm: 5-50 for a few thousand, 60-100 for 10k+)."""
    target = float(np.clip(np.sqrt(max(n_documents, 1)), 8, 100))
    return min((v for v in LADDER if v <= 100), key=lambda v: (abs(v - target), v))


def k_grid(n_documents: int, *, k_min: int = 2, k_max: int | None = None) -> list[int]:
    """The first, coarse grid of k: every other value of :data:`LADDER` from ``k_min`` to the top, and the top.

    The top is ``k_max`` or, by default, the ladder value nearest
    ``sqrt(n_documents)`` within 8..100: 8 for 40 documents, 30 for 1,000,
    100 from 10,000.  :func:`search_k` then tries the neighbours of the
    winner and extends the grid when the winner is its largest k.
    """
    top = min(k_max if k_max is not None else _top_of_grid(n_documents), k_limit(n_documents))
    values = [v for v in LADDER if k_min <= v <= top]
    if not values:
        return [max(2, min(k_min, top))]
    grid = values[::2]
    if grid[-1] != values[-1]:
        grid.append(values[-1])
    return grid


def stability(a: pd.DataFrame, b: pd.DataFrame, *, n: int = 10) -> float:
    """Mean Jaccard overlap of top-``n`` term sets after optimally matching topics of two runs.

    Topics are matched one-to-one with the Hungarian algorithm
    (``scipy.optimize.linear_sum_assignment``); 1 means the same topics.
    """
    return float(np.mean(_matched_jaccard(a, b, n=n)))


def _matched_jaccard(a: pd.DataFrame, b: pd.DataFrame, *, n: int = 10) -> np.ndarray:
    """For each topic of ``a``, the Jaccard overlap of its top-``n`` terms with its match in ``b`` (Hungarian)."""
    from scipy.optimize import linear_sum_assignment

    sa = [set(g.nsmallest(n, "rank").term) for _, g in a.groupby("topic")]
    sb = [set(g.nsmallest(n, "rank").term) for _, g in b.groupby("topic")]
    sim = np.array([[len(x & y) / len(x | y) for y in sb] for x in sa])
    rows, cols = linear_sum_assignment(-sim)
    out = np.zeros(len(sa))
    out[rows] = sim[rows, cols]
    return out


def topic_stability(terms: pd.DataFrame, others: Sequence[pd.DataFrame], *, n: int = 10, threshold: float = 0.5) -> pd.DataFrame:
    """How well each topic comes back in other runs: ``topic``, ``stability`` (mean matched Jaccard), ``stable``.

    A topic is ``stable`` when the mean Jaccard overlap of its top-``n``
    terms with its match in each other run (Hungarian matching) is at
    least ``threshold``.

    Examples
    --------
    >>> a = pd.DataFrame({"topic": [0, 0, 1, 1], "rank": [1, 2, 1, 2], "term": ["股市", "基金", "球队", "进球"]})
    >>> b = pd.DataFrame({"topic": [0, 0, 1, 1], "rank": [1, 2, 1, 2], "term": ["球队", "进球", "股市", "房价"]})
    >>> topic_stability(a, [b], n=2).stable.tolist()
    [False, True]
    """
    if not others:
        topics = sorted(terms.topic.unique())
        return pd.DataFrame({"topic": topics, "stability": np.nan, "stable": False})
    values = np.mean([_matched_jaccard(terms, o, n=n) for o in others], axis=0)
    values = round_sig(values)
    return pd.DataFrame({"topic": sorted(terms.topic.unique()), "stability": values, "stable": values >= threshold})


@dataclass
class Sweep:
    """The result of :func:`sweep`: one row per (k, seed), what the rule needs, and each run's top terms.

    Attributes
    ----------
    table : DataFrame
        ``k``, ``seed``, ``heldout`` (mean log-likelihood per held-out token,
        over the held-out documents), ``npmi``, ``exclusivity`` (mean FREX
        of the topics), ``dispersion``, ``stability`` (mean matched Jaccard
        against the other seeds), ``stable_share`` (share of the run's
        topics whose mean matched Jaccard reaches ``min_stability``),
        ``documents``, ``tokens`` and ``heldout_documents`` of the sample;
        rounded to six significant digits.
    sample : ndarray
        Positions of the documents in the sample.
    heldout : dict
        k -> per held-out document log-likelihood per token, mean over seeds
        (position order): the standard errors of the rule come from it.
    terms : dict
        (k, seed) -> the run's top terms (:func:`topic_terms`).
    min_stability : float
        The matched Jaccard from which a topic counts as stable.
    """

    table: pd.DataFrame
    heldout: dict = field(default_factory=dict)
    terms: dict = field(default_factory=dict)
    sample: np.ndarray | None = None
    min_stability: float = 0.5

    def __add__(self, other: Sweep) -> Sweep:
        table = pd.concat([self.table, other.table]).sort_values(["k", "seed"], kind="stable").reset_index(drop=True)
        return Sweep(table, {**self.heldout, **other.heldout}, {**self.terms, **other.terms}, self.sample, self.min_stability)


def _sample(texts: list[list[str]], *, max_tokens: int | None, min_documents: int, random_state: int) -> np.ndarray:
    """Positions of the documents in the sweep's sample: ``unit_hash(position) < share`` (the same whatever the shards)."""
    n = len(texts)
    total = sum(map(len, texts))
    if max_tokens is None or total <= max_tokens:
        return np.arange(n)
    share = max(max_tokens / total, min_documents / max(n, 1))
    if share >= 1:
        return np.arange(n)
    return np.flatnonzero(unit_hash(np.arange(n), random_state) < share)


def sweep_share(rows: int, documents: int, tokens: int, *, k: int | None = None, k_min: int = 2, k_max: int | None = None,
                max_tokens: int | None = 300_000, docs_per_topic: int = 10) -> float:
    """The share of documents in the sweep's sample (1.0: every document), from the corpus' totals.

    The sample :func:`search_k` draws: about ``max_tokens`` vocabulary
    tokens, and at least ``docs_per_topic`` documents per topic of the
    grid's largest k (of ``k`` when given).  A document is in it when
    ``unit_hash(row, random_state) < share``
    (:func:`~textkit.analysis.topics.shards.sample_documents`).

    Parameters
    ----------
    rows : int
        Documents in the corpus.
    documents : int
        Documents with a word of the vocabulary (the grid is scaled to them).
    tokens : int
        Vocabulary tokens in the corpus.

    Examples
    --------
    >>> sweep_share(40, 40, 1700), sweep_share(10_000, 9_990, 600_000)
    (1.0, 0.5)
    """
    if max_tokens is None or tokens <= max_tokens:
        return 1.0
    top = int(k) if k is not None else max(k_grid(documents, k_min=k_min, k_max=k_max))
    share = max(max_tokens / tokens, docs_per_topic * top / max(rows, 1))
    return 1.0 if share >= 1 else float(share)


def sweep(
    token_lists: Sequence[Sequence[str]],
    dictionary,
    *,
    ks: Sequence[int],
    seeds: Sequence[int] = (0, 1, 2),
    model: str = "lda",
    iterations: int | None = None,
    topn: int = 10,
    max_tokens: int | None = 300_000,
    docs_per_topic: int = 10,
    heldout_share: float = 0.1,
    n_jobs: int = 1,
    random_state: int = 0,
    sample: np.ndarray | None = None,
    min_stability: float = 0.5,
    positions: np.ndarray | None = None,
    executor=None,
) -> Sweep:
    """Train ``model`` over k x seeds on a sample and score every run (held-out likelihood, NPMI, FREX, dispersion, stability).

    Parameters
    ----------
    token_lists : sequence of token lists
    dictionary : gensim Dictionary
        The vocabulary modelled (:func:`build_corpus`).
    ks, seeds : sequences of int
    model : {"lda", "dmm", "pt", "btm"}
        The model of :func:`~textkit.analysis.topics.models.fit_model`.
    iterations : int, optional
        Gibbs sweeps per run (the model's default when ``None``).
    max_tokens : int, optional, default 300,000
        Train on a sample of documents holding about this many tokens of
        the vocabulary, and at least ``docs_per_topic`` documents per topic
        of the largest k; a document is in the sample when a hash of its
        position and ``random_state`` falls under a threshold, so the
        sample does not depend on how the corpus is cut.  ``None`` uses
        every document.  The sweep then costs the same on any corpus.
    heldout_share : float, default 0.1
        Share of the sample's documents that lose half their tokens (document completion).
    n_jobs : int, default 1
        Worker processes (joblib) for runs side by side; every run is
        single-threaded with its own seed, so the result is the same for any ``n_jobs``.
    sample : ndarray, optional
        Positions of the sample (as chosen by an earlier sweep); by default drawn here.
    min_stability : float, default 0.5
        A topic is stable when its mean matched top-``topn`` Jaccard with the other seeds reaches this.
    positions : ndarray, optional
        ``token_lists`` are the sample already (drawn per shard:
        :func:`~textkit.analysis.topics.shards.sample_documents`), these
        their rows in the corpus; ``sample`` and ``max_tokens`` are not used.
    executor : textkit.engine.executor.Executor, optional
        Runs the models on it (a cluster's workers, or its local processes)
        instead of ``n_jobs`` processes of joblib: the sample goes to the
        workers once (``executor.share``), each run is one task.  The
        results are the same either way (every run has its own seed).

    Returns
    -------
    Sweep

    Notes
    -----
    Cost: runs x (sample tokens x iterations), growing a little faster than
    linearly in k for LDA (tomotopy's sampler) and linearly for DMM; plus
    documents x vocabulary per run for the residuals.  NPMI is counted over
    the whole sample (held-out halves included) in one
    :func:`~textkit.analysis.topics.criteria.count_codocuments` pass for the
    top words of every run.
    """
    from textkit.engine.progress import progress

    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ParameterError(f"n_jobs must be a positive whole number or -1 (got {n_jobs!r})")
    if max_tokens is not None and (not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1):
        raise ParameterError(f"max_tokens must be a whole number of at least 1, or None (got {max_tokens!r})")
    from textkit.analysis.topics.models import MODELS

    if model not in MODELS:
        raise ParameterError(f"model must be one of {', '.join(MODELS)} (got {model!r})")
    known = dictionary.token2id
    texts = [[t for t in toks if t in known] for toks in token_lists]
    if positions is not None:
        sample = np.asarray(positions)
    else:
        if sample is None:
            sample = _sample(texts, max_tokens=max_tokens, min_documents=docs_per_topic * max(ks), random_state=random_state)
        texts = [texts[i] for i in sample]
    observed, heldout = heldout_split(texts, sample, share=heldout_share, seed=random_state)
    runs = [(int(k), int(seed)) for k in ks for seed in seeds]
    settings = {"model": model, "iterations": iterations, "topn": topn}
    results = {}
    if executor is not None:
        shared = executor.share((observed, heldout, sample, dictionary, settings))
        done = executor.map(_sweep_task, runs, stage=f"topic sweep ({len(texts):,} documents)", args=(shared,), total=len(runs),
                            unit="model")
        results = {run: info for run, (info, _) in zip(runs, done)}
    else:
        with progress(total=len(runs), desc=f"topic sweep ({len(texts):,} documents)", unit="model") as bar:
            if n_jobs == 1:
                for k, seed in runs:
                    results[k, seed] = _sweep_run(observed, heldout, sample, dictionary, k, seed, settings)
                    bar.update()
            else:
                from joblib import delayed

                from textkit._workers import parallel

                done = parallel(n_jobs, return_as="generator", batch_size=1)(
                    delayed(_sweep_run)(observed, heldout, sample, dictionary, k, seed, settings) for k, seed in runs
                )
                for run, result in zip(runs, done):
                    results[run] = result
                    bar.update()
    terms = {run: results[run]["terms"] for run in runs}
    top_words = {run: [g.sort_values("rank").term.tolist() for _, g in terms[run].groupby("topic")] for run in runs}
    counts = count_codocuments(texts, words=sorted({w for run in runs for t in top_words[run] for w in t}))
    rows = []
    for k, seed in runs:
        r = results[k, seed]
        mean, _, n_held = r["heldout"].summary()
        others = [terms[k, o] for o in seeds if o != seed]
        per_topic = np.mean([_matched_jaccard(terms[k, seed], o, n=topn) for o in others], axis=0) if others else None
        rows.append({
            "k": k,
            "seed": seed,
            "heldout": mean,
            "npmi": float(np.nanmean(topic_npmi(counts, top_words[k, seed]))),
            "exclusivity": r["exclusivity"],
            "dispersion": r["dispersion"],
            "stability": float(np.mean(per_topic)) if others else np.nan,
            "stable_share": float(np.mean(per_topic >= min_stability)) if others else np.nan,
            "heldout_documents": n_held,
        })
    table = round_sig(pd.DataFrame(rows))
    table["documents"] = len(texts)
    table["tokens"] = sum(map(len, texts))
    per_doc = {k: np.mean([results[k, s]["heldout"].per_document() for s in seeds], axis=0) for k in dict.fromkeys(k for k, _ in runs)}
    return Sweep(table, per_doc, terms, sample, min_stability)


def _sweep_task(run: tuple[int, int], shared) -> tuple[dict, None]:
    """One run of the sweep as an executor's task: the sample comes shared (sent to each worker once)."""
    observed, heldout, positions, dictionary, settings = shared.get() if hasattr(shared, "get") else shared
    return _sweep_run(observed, heldout, positions, dictionary, run[0], run[1], settings), None


def _sweep_run(observed, heldout, positions, dictionary, k: int, seed: int, settings: dict) -> dict:
    """One run of the sweep (in a worker process when ``n_jobs > 1``): its top terms and its scores."""
    from scipy import sparse

    from textkit.analysis.topics.models import fit_model

    fitted = fit_model(observed, kind=settings["model"], k=k, dictionary=dictionary, random_state=seed,
                       iterations=settings["iterations"], progress_bar=False)
    held = [i for i, h in enumerate(heldout) if h]
    scores = score_heldout(fitted.doc_topic[held], [heldout[i] for i in held], np.asarray(positions)[held],
                           fitted.topic_word, fitted.vocabulary)
    index = {w: j for j, w in enumerate(fitted.vocabulary)}
    rows, cols = [], []
    for d, toks in enumerate(observed):
        for t in toks:
            if t in index:
                rows.append(d)
                cols.append(index[t])
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(observed), len(index)))
    residuals = score_residuals(X, fitted.doc_topic, fitted.topic_word, positions)
    return {
        "terms": topic_terms(fitted, n=settings["topn"]),
        "heldout": scores,
        "exclusivity": float(np.mean(frex(fitted.topic_word, n=settings["topn"]))),
        "dispersion": residuals.dispersion(k, len(index)),
    }


#: Share of a k's topics that must come back under the other seeds for that k to count as stable (:func:`choose_k`).
MIN_STABLE_SHARE = 0.7


def summarize(result: Sweep) -> pd.DataFrame:
    """One row per k of the sweep: the criteria (mean over seeds), ``heldout_se``, ``stability`` and ``stable_share``."""
    table = result.table
    columns = [c for c in ("heldout", "npmi", "exclusivity", "dispersion", "stability", "stable_share") if c in table]
    summary = table.groupby("k")[columns].mean()
    ks = summary.index.to_numpy()
    summary["heldout"] = [float(np.mean(result.heldout[k])) for k in ks]
    summary["heldout_se"] = [
        float(np.std(result.heldout[k], ddof=1) / np.sqrt(len(result.heldout[k]))) if len(result.heldout[k]) > 1 else np.nan for k in ks
    ]
    return round_sig(summary)


def _check_stability_settings(min_stability: float, min_stable_share: float) -> None:
    """Refuse a threshold outside its range in one line, before anything is trained."""
    if isinstance(min_stability, bool) or not isinstance(min_stability, (int, float)) or not 0 <= min_stability <= 1:
        raise ParameterError(f"min_stability must be a Jaccard overlap in [0, 1] (got {min_stability!r})")
    if isinstance(min_stable_share, bool) or not isinstance(min_stable_share, (int, float)) or not 0 < min_stable_share <= 1:
        raise ParameterError(f"min_stable_share must be in (0, 1] (got {min_stable_share!r})")


def choose_k(result: Sweep, *, min_stable_share: float = MIN_STABLE_SHARE) -> dict:
    """The rule: the smallest stable k within one standard error of the best held-out likelihood of the stable k.

    A k is *stable* when, averaged over the seeds, at least
    ``min_stable_share`` of its topics have a matched top-10 overlap of at
    least ``min_stability`` (the sweep's setting, 0.5) with the other
    seeds' topics (``stable_share`` of :func:`sweep`).  Of the stable k,
    the smallest whose held-out likelihood (document completion) is within
    one standard error (over the held-out documents) of the best stable k
    is chosen.  The smallest k tried always comes back (two topics of
    common words): when no larger k reaches ``min_stable_share``, the bar
    is lowered to the best share a larger k reaches, and the sentence
    says so.

    Returns
    -------
    dict
        ``k``; ``best_heldout_k`` (the k with the best held-out score of
        all); ``summary`` (one row per k: mean criteria over seeds,
        ``heldout_se`` (standard error over the held-out documents),
        ``stable``); ``edge`` ("top", "bottom" or None: the winner at an
        end of the k tried); ``rule`` (one sentence saying why).

    Notes
    -----
    Why this rule (``benchmarks/topics_notebook.py``, README "Choosing the
    model and k"): on the 7,951 Weibo posts, held-out likelihood and
    exclusivity rise with every k tried (up to 300) and residual
    dispersion falls with it, so any rule fed only those drifts to the
    largest k; coherence (NPMI) is flat within its noise.  Stability
    across seeds is the criterion that turns: topics of too few k merge
    real themes but come back identical (k = 2 always does), topics of too
    many k split them differently under every seed.  Held-out likelihood
    pushes k up, stability holds it where the topics still reproduce, so
    the rule neither collapses to the smallest k nor drifts to the largest.
    NPMI, FREX and dispersion are reported and drawn beside them.  Scores
    are compared at six significant digits.
    """
    _check_stability_settings(result.min_stability, min_stable_share)
    summary = summarize(result)
    ks = summary.index.to_numpy()
    share = summary["stable_share"] if "stable_share" in summary else pd.Series(np.nan, index=summary.index)
    measured = bool(share.notna().any())  # one seed: nothing to compare with, every k counts as stable
    share = share.fillna(1.0)
    # The smallest k always comes back (two topics of common words): when no larger k reaches min_stable_share,
    # the bar is the best share a larger k reaches, so the rule cannot collapse to the smallest k for want of a stable one.
    above = share[share.index > ks.min()]
    bar_share = min(min_stable_share, float(above.max() if len(above) else share.max()))
    summary["stable"] = share >= bar_share
    best = int(min(ks, key=lambda v: (-summary.heldout[v], v)))
    tried = ", ".join(map(str, ks))
    pool = summary[summary.stable]
    top = int(min(pool.index, key=lambda v: (-pool.heldout[v], v)))
    bar = pool.heldout[top] - np.nan_to_num(pool.heldout_se[top])
    k = int(min(v for v in pool.index if pool.heldout[v] >= bar))
    lowered = "" if bar_share >= min_stable_share else f", lowered from {min_stable_share:.0%}: no larger k reached it"
    if measured:
        rule = (f"k = {k}: of the k tried ({tried}), the smallest whose topics come back under other seeds (at least "
                f"{bar_share:.0%} of topics with a matched top-10 overlap of {result.min_stability:g} or more{lowered}) and whose "
                f"held-out likelihood is within one standard error of the best such k (k = {top}; held-out likelihood alone is "
                f"best at k = {best}).")
    else:
        rule = (f"k = {k}: of the k tried ({tried}), the smallest whose held-out likelihood is within one standard error of "
                f"the best (k = {top}); stability across seeds was not measured (one seed: two or more, n_seeds, measure it).")
    edge = "top" if k == ks.max() and len(ks) > 1 else "bottom" if k == ks.min() and len(ks) > 1 else None
    return {"k": k, "best_heldout_k": best, "summary": summary.reset_index(), "edge": edge, "rule": rule}


def search_k(
    token_lists: Sequence[Sequence[str]],
    dictionary,
    *,
    k: int | None = None,
    k_min: int = 2,
    k_max: int | None = None,
    seeds: Sequence[int] = (0, 1, 2),
    model: str = "lda",
    iterations: int | None = None,
    max_tokens: int | None = 300_000,
    n_jobs: int = 1,
    random_state: int = 0,
    min_stability: float = 0.5,
    min_stable_share: float = MIN_STABLE_SHARE,
    batch: int = 2,
    patience: int = 2,
    max_extensions: int = 3,
    positions: np.ndarray | None = None,
    n_documents: int | None = None,
    executor=None,
) -> tuple[Sweep, dict]:
    """The whole search: the coarse grid from small k up, stopped early, then the winner's neighbours.

    The grid (:func:`k_grid`) is trained ``batch`` values of k at a time,
    from the smallest; it stops once the ``patience`` largest k tried are
    above the winner and none of them is stable (:func:`choose_k`): the
    larger k left are not tried.  Then the neighbours of the winner on
    :data:`LADDER` are tried, and larger k while the winner is the largest
    tried.  With ``k`` given, only that k is trained (over the seeds, for
    the criteria and the stability of its topics) and chosen.

    ``positions`` and ``n_documents``: ``token_lists`` are the sweep's
    sample already (:func:`sweep_share`, drawn per shard), at these rows,
    of a corpus of ``n_documents`` documents with words.
    ``executor``: the runs go to it (:func:`sweep`), not to ``n_jobs`` processes.

    Returns
    -------
    (Sweep, dict)
        Every run, and :func:`choose_k`'s choice (with ``grid``: the k of
        the first grid, ``added``: the k tried beyond it, ``skipped``: the
        k of the grid not tried because of the early stop).

    Notes
    -----
    Cost: the runs of the k tried; stopping early skips the largest k of
    the grid, which cost the most (LDA's and DMM's sampling grow with k).
    """
    _check_stability_settings(min_stability, min_stable_share)  # here, not after the first k are trained
    if positions is not None:
        if n_documents is None:
            raise ParameterError("search_k on a sample (positions) needs n_documents: the documents with words of the corpus")
        n_docs = int(n_documents)
    else:
        n_docs = sum(1 for toks in token_lists if any(t in dictionary.token2id for t in toks))
    options = dict(seeds=seeds, model=model, iterations=iterations, max_tokens=max_tokens, n_jobs=n_jobs, random_state=random_state,
                   min_stability=min_stability, positions=positions, executor=executor)
    if k is not None:
        check_k(k, n_docs)
        result = sweep(token_lists, dictionary, ks=[k], **options)
        choice = choose_k(result, min_stable_share=min_stable_share)
        choice.update(k=int(k), grid=[int(k)], added=[], skipped=[], edge=None, rule=f"k = {k}: set by the user (-p k {k}).")
        return result, choice
    limit = min(k_limit(n_docs), LADDER[-1])
    grid = k_grid(n_docs, k_min=k_min, k_max=k_max)
    # One sample for every batch: drawn for the grid's largest k, so that it suits every k tried.
    if positions is None:
        known = dictionary.token2id
        texts = [[t for t in toks if t in known] for toks in token_lists]
        sample = _sample(texts, max_tokens=max_tokens, min_documents=10 * max(grid), random_state=random_state)
    else:
        sample = None
    result, tried, choice = None, [], None
    for start in range(0, len(grid), max(1, batch)):
        ks = grid[start : start + max(1, batch)]
        part = sweep(token_lists, dictionary, ks=ks, sample=sample, **options)
        result = part if result is None else result + part
        tried += ks
        choice = choose_k(result, min_stable_share=min_stable_share)
        above = [v for v in tried if v > choice["k"]][-patience:]
        summary = choice["summary"].set_index("k")
        if choice["k"] > grid[0] and len(above) >= patience and not summary.loc[above, "stable"].any():
            break
    skipped = [v for v in grid if v not in tried]
    ladder = [v for v in LADDER if k_min <= v <= limit]
    for _ in range(max_extensions + 1):
        i = ladder.index(choice["k"]) if choice["k"] in ladder else None
        extra = []
        if i is not None:
            extra += [v for v in ladder[max(0, i - 1) : i + 2] if v not in tried]  # the winner's neighbours
            if choice["k"] == max(tried):
                extra += [v for v in ladder[i + 1 : i + 3] if v not in tried and v not in extra]  # beyond the edge
        if not extra:
            break
        result = result + sweep(token_lists, dictionary, ks=sorted(extra), sample=sample, **options)
        tried += extra
        choice = choose_k(result, min_stable_share=min_stable_share)
    choice.update(grid=grid, added=sorted(set(tried) - set(grid)), skipped=skipped)
    return result, choice
