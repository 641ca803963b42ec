"""Choosing k: a sweep over k x seeds, coherence, stability across seeds, and the rule that picks k."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from textkit.analysis._ranking import round_sig, top_n
from textkit.analysis.topics.models import fit_lda, fit_topics
from textkit.analysis.topics.views import topic_terms
from textkit.analysis.topics.vocabulary import BowCorpus
from textkit.errors import ParameterError

__all__ = ["stability", "sweep", "choose_k"]


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
