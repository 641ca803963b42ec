"""Do textkit's intervals cover the truth?  A planted corpus where the truth is known.

Usage::

    python benchmarks/uncertainty_coverage.py [--reps 200] [--topic-reps 60] [--own-mass 0.8 1.0] [--length 80] [--only topics] [--quick]

Two simulations, each repeated with new random draws; every interval is
textkit's, computed through its public functions, at the nominal 95 %:

**Keywords** (``textkit.analysis.timeline``).  Three groups x six weekly periods, ``n``
documents per group and week (lengths negative binomial, mean 150 tokens).
A keyword's rate per 1,000 tokens is planted per group (2, 4, 1) and rises
10 % a week; each document draws its own rate around it (gamma, shape 0.5:
most documents never use the word, a few use it often; that is the
clustering a token count ignores); in the "shocks" scenario each week also
has its own news (the week's rate times a lognormal with sd 0.25).

* relative frequency per week (:func:`keyword_trends`): how often the
  bootstrap interval over documents covers the week's planted rate, beside
  a token-level Wilson interval (what a binomial test on counts assumes);
* trend per week (:func:`trend_tests`): how often the rate-ratio interval
  covers the planted 1.10, and how often a word with no trend is called
  rising or falling (p < 0.05, one word: the nominal 5 %).

**Topics** (``textkit.analysis.effects``; round 2's ``textkit.analysis.groups``
and ``textkit.analysis.timeline`` beside it).  Four topics over a
vocabulary of 200 words, three groups x six weeks, 30 documents of
``--length`` (80) tokens each per group and week; each document's topic
shares are drawn from a Dirichlet around planted means (topic 0: 0.40 /
0.25 / 0.10 by group, +0.02 a week; the rest shared equally).  Each planted
topic puts ``--own-mass`` of its words on a block of 50 words of its own
and the rest evenly on the other blocks: 0.8 is round 2's corpus, 1.0
topics with words of their own.  Intervals of

* round 2: :func:`prevalence_by_group`, :func:`prevalence_over_time` and
  the slope of :func:`topic_trends` (bootstrap over documents), on the true
  document shares and on a fitted model's;
* this round: :func:`textkit.analysis.effects.topic_effects` (regression on
  draws of the document-topic shares, the method of composition), on the
  true topic counts of every document and on the fitted model (notebook
  03's ``fit_topics``, k = 4, topics matched to the planted ones by their
  top words), with the default flat prior of the draws and with the
  model's own ``alpha``;

each against the planted shares and, for the fitted model, against the
shares that can be identified from the words (:func:`word_share`: with
``--own-mass`` 0.8 the same documents come from topics with a block each
and shares ``0.8 theta + 0.2 / 3 (1 - theta)``, and that is what a model
finds).  The change of topic 0 over the span is the linear trend (+0.10
planted over five weeks).  Last, topic 0's mean share per group: planted,
identifiable, in the sample, and as the fitted model gives it (with and
without its prior): where the fitted shares shrink, and why.  Then the
same on short texts with the model notebook 03 takes for them (DMM, one
topic per text, 12 tokens; the truth is the share of texts in each topic,
:func:`short_text_simulation`).

Prints one table per simulation and, last, a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textkit.analysis.groups import prevalence_by_group  # noqa: E402
from textkit.analysis.timeline import keyword_trends, prevalence_over_time, time_axis, topic_trends, trend_tests  # noqa: E402

START = pd.Timestamp("2020-01-06")
WEEKS = 6
GROUP_RATE = np.array([2.0, 4.0, 1.0]) / 1000  # per token
GROWTH = 1.10


def wilson(count: float, n: float, z: float = 1.959964) -> tuple[float, float]:
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def keyword_corpus(rng, n: int, growth: float, shocks: bool):
    """Token lists, dates, and the planted rate per week (averaged over the groups, weighted by expected tokens)."""
    tokens, dates = [], []
    week_shock = np.exp(rng.normal(0, 0.25, WEEKS)) if shocks else np.ones(WEEKS)
    truth = GROUP_RATE.mean() * growth ** np.arange(WEEKS) * week_shock
    for week in range(WEEKS):
        for g, base in enumerate(GROUP_RATE):
            rate = base * growth**week * week_shock[week]
            lengths = 1 + rng.negative_binomial(5, 5 / (5 + 149), size=n)
            doc_rate = rate * rng.gamma(0.5, 2.0, size=n)
            counts = rng.poisson(lengths * doc_rate)
            for length, c in zip(lengths, counts):
                tokens.append(["新聞"] * int(length) + ["疫情"] * int(c))
                dates.append(START + pd.Timedelta(days=7 * week + int(rng.integers(0, 7))))
    return tokens, pd.Series(dates), truth * 1000


def keyword_simulation(reps: int, sizes: list[int], seed: int = 0) -> pd.DataFrame:
    rows = []
    for n in sizes:
        for scenario, shocks in (("no shocks", False), ("weekly shocks", True)):
            cover_boot = cover_wilson = cover_ratio = false_trend = 0
            weeks = 0
            for r in range(reps):
                rng = np.random.default_rng([seed, n, shocks, r])
                tokens, dates, truth = keyword_corpus(rng, n, GROWTH, shocks)
                axis = time_axis(dates, period="week")
                trends = keyword_trends(tokens, axis, ["疫情"], random_state=r)
                cover_boot += int(((trends.ci_low <= truth) & (truth <= trends.ci_high)).sum())
                for (_, row), t in zip(trends.iterrows(), truth):
                    lo, hi = wilson(row["count"], row.tokens)
                    cover_wilson += int(lo * 1000 <= t <= hi * 1000)
                weeks += len(trends)
                test = trend_tests(tokens, axis, ["疫情"]).iloc[0]
                cover_ratio += int(test.ci_low <= GROWTH <= test.ci_high)
                flat_tokens, flat_dates, _ = keyword_corpus(np.random.default_rng([seed, n, shocks, r, 1]), n, 1.0, shocks)
                flat = trend_tests(flat_tokens, time_axis(flat_dates, period="week"), ["疫情"]).iloc[0]
                false_trend += int(flat.p < 0.05)
            rows.append({
                "documents per group and week": n,
                "scenario": scenario,
                "rate per week: bootstrap over documents": cover_boot / weeks,
                "rate per week: token-level Wilson": cover_wilson / weeks,
                "trend: rate-ratio interval": cover_ratio / reps,
                "no trend called a trend (nominal 0.05)": false_trend / reps,
                "replicates": reps,
            })
    return pd.DataFrame(rows)


def topic_corpus(rng, n: int, vocab: int = 200, k: int = 4, length: int = 80, own_mass: float = 0.8):
    """Documents from planted topics; the true document shares and topic counts; the planted means by group and by week.

    Each planted topic puts ``own_mass`` of its probability on a block of
    ``vocab / k`` words of its own and the rest evenly on the other words.
    """
    words = np.array([f"詞{i:03d}" for i in range(vocab)])
    own = vocab // k
    phi = np.full((k, vocab), (1 - own_mass) / (vocab - own))
    for t in range(k):
        phi[t, t * own:(t + 1) * own] = own_mass / own
    tokens, dates, groups, shares, assigned = [], [], [], [], []
    mean_by = {}
    for week in range(WEEKS):
        for g, first in enumerate((0.40, 0.25, 0.10)):
            m0 = first + 0.02 * week
            mean = np.array([m0] + [(1 - m0) / (k - 1)] * (k - 1))
            mean_by[(g, week)] = mean
            theta = rng.dirichlet(mean * 5, size=n)
            for th in theta:
                z = rng.choice(k, size=length, p=th)
                w = [rng.choice(vocab, p=phi[t]) for t in z]
                tokens.append(words[w].tolist())
                shares.append(th)
                assigned.append(np.bincount(z, minlength=k))
                groups.append(f"組{g}")
                dates.append(START + pd.Timedelta(days=7 * week + int(rng.integers(0, 7))))
    truth_group = {f"組{g}": np.mean([mean_by[(g, w)] for w in range(WEEKS)], axis=0) for g in range(3)}
    truth_week = [np.mean([mean_by[(g, w)] for g in range(3)], axis=0) for w in range(WEEKS)]
    return tokens, pd.Series(dates), groups, np.array(shares), np.array(assigned), truth_group, truth_week, words, own


def word_share(theta: np.ndarray, own_mass: float, k: int = 4) -> np.ndarray:
    """The share of a document's words that come from each topic's own block, for planted shares ``theta``.

    Planted topics that put ``1 - own_mass`` of their words on the other
    topics' blocks are not identifiable from the words: the same documents
    come from topics with a block each and shares ``own_mass * theta +
    (1 - own_mass) / (k - 1) * (1 - theta)``.  A fitted model finds these
    (the topics with the sparsest words), so this is what its shares can
    estimate: 0.45 -> 0.397 and 0.15 -> 0.177 for ``own_mass`` 0.8.
    """
    return own_mass * theta + (1 - own_mass) / (k - 1) * (1 - theta)


def match_topics(terms: pd.DataFrame, words: np.ndarray, own: int, k: int) -> dict[int, int]:
    """Fitted topic -> planted topic, by which planted block holds most of its top words (Hungarian)."""
    from scipy.optimize import linear_sum_assignment

    index = {w: i for i, w in enumerate(words)}
    votes = np.zeros((k, k))
    for row in terms.itertuples():
        votes[int(row.topic), index[row.term] // own] += 1
    fitted, planted = linear_sum_assignment(-votes)
    return dict(zip(fitted.tolist(), planted.tolist()))


TOPIC_SOURCES = {
    "bootstrap over documents (round 2), true shares": "true shares",
    "bootstrap over documents (round 2), fitted model": "fitted bootstrap",
    "effects, draws from the true topic counts": "true counts",
    "effects, draws from the fitted model (notebook 03's), flat prior (the default)": "fitted effects",
    "effects, draws from the fitted model, the model's alpha as prior": "fitted effects, model prior",
}


def topic_simulation(reps: int, n: int = 30, seed: int = 0, own_mass: float = 0.8, n_draws: int = 50, length: int = 80) -> tuple[pd.DataFrame, dict]:
    """Coverage of the topic intervals; and the fitted model's mean shares per group against the planted ones (shrinkage)."""
    from types import SimpleNamespace

    from textkit.analysis.effects import topic_effects
    from textkit.analysis.topics import fit_topics, topic_terms

    k = 4
    sources = list(TOPIC_SOURCES.values())
    truths = ("planted", "identifiable")
    counts = {(source, truth, what): [0, 0] for source in sources for truth in truths for what in ("group", "week", "trend")}
    widths = {source: [] for source in sources}
    fitted_means = {g: [] for g in ("組0", "組1", "組2")}
    sample_means = {g: [] for g in fitted_means}
    count_means = {g: [] for g in fitted_means}
    for r in range(reps):
        rng = np.random.default_rng([seed, 7, r])
        tokens, dates, groups, shares, assigned, truth_group, truth_week, words, own = topic_corpus(rng, n, own_mass=own_mass, length=length)
        axis = time_axis(dates, period="week")
        model = fit_topics(tokens, k=k, random_state=r, min_cf=2, progress_bar=False)
        mapping = match_topics(topic_terms(model), words, own, k)
        order = [f for p in range(k) for f, pp in mapping.items() if pp == p]  # fitted column of each planted topic
        fitted_counts = getattr(model, "doc_topic_counts", None)
        if fitted_counts is None:
            fitted_counts = model.doc_topic * model.doc_lengths[:, None]
        prior = getattr(model, "alpha", None)
        prior = np.full(k, 0.1) if prior is None else np.asarray(prior)
        fitted = SimpleNamespace(doc_topic=model.doc_topic[:, order], doc_lengths=model.doc_lengths, num_topics=k,
                                 doc_topic_counts=np.asarray(fitted_counts)[:, order], alpha=prior[order], kind=getattr(model, "kind", "lda"))
        true = SimpleNamespace(doc_topic=shares, doc_lengths=np.full(len(shares), length), num_topics=k, doc_topic_counts=assigned,
                               alpha=np.full(k, 0.1), kind="lda")
        columns = [f"topic {t}" for t in range(k)]
        garr = np.array(groups)
        own_counts = fitted.doc_topic_counts[:, 0] / np.maximum(fitted.doc_topic_counts.sum(axis=1), 1)
        for g, values in fitted_means.items():
            values.append(fitted.doc_topic[garr == g, 0].mean())
            count_means[g].append(own_counts[garr == g].mean())
            sample_means[g].append(shares[garr == g, 0].mean())
        week_of = dict(zip(axis.periods.period, axis.periods["index"]))
        results = {}
        for source, theta in (("true shares", pd.DataFrame(shares, columns=columns)),
                              ("fitted bootstrap", pd.DataFrame(fitted.doc_topic, columns=columns))):
            by_week = prevalence_over_time(theta, axis, random_state=r)
            by_week["week"] = by_week.period.map(week_of)
            slope = topic_trends(theta, axis).set_index("topic").loc["topic 0"]
            results[source] = (prevalence_by_group(theta, groups, random_state=r), by_week,
                               (slope.ci_low * (WEEKS - 1), slope.ci_high * (WEEKS - 1)))
        for source, m, prior in (("true counts", true, "flat"), ("fitted effects", fitted, "flat"), ("fitted effects, model prior", fitted, "model")):
            eff = topic_effects(m, groups=groups, axis=axis, n_draws=n_draws, prior=prior, random_state=r)
            change = eff.trends.set_index("topic").loc["topic 0"]
            results[source] = (eff.by_group, eff.over_time.assign(week=eff.over_time.period.map(week_of)), (change.ci_low, change.ci_high))
        for source, (by_group, by_week, (lo, hi)) in results.items():
            for truth in truths:
                mass = own_mass if truth == "identifiable" and source.startswith("fitted") else 1.0
                for row in by_group.itertuples():
                    t = word_share(truth_group[row.group], mass)[int(row.topic.split()[1])]
                    counts[(source, truth, "group")][0] += int(row.ci_low <= t <= row.ci_high)
                    counts[(source, truth, "group")][1] += 1
                for row in by_week.itertuples():
                    t = word_share(truth_week[int(row.week)], mass)[int(row.topic.split()[1])]
                    counts[(source, truth, "week")][0] += int(row.ci_low <= t <= row.ci_high)
                    counts[(source, truth, "week")][1] += 1
                change = 0.02 * (WEEKS - 1) * (mass - (1 - mass) / (k - 1))
                counts[(source, truth, "trend")][0] += int(lo <= change <= hi)
                counts[(source, truth, "trend")][1] += 1
            widths[source].append(float((by_group.ci_high - by_group.ci_low).mean()))
    rows = []
    for label, source in TOPIC_SOURCES.items():
        for truth in truths:
            if truth == "identifiable" and not source.startswith("fitted"):
                continue
            c = {what: counts[(source, truth, what)] for what in ("group", "week", "trend")}
            rows.append({
                "intervals": label,
                "truth": "planted shares" if truth == "planted" else "identifiable shares (own-block words)",
                "prevalence per group": c["group"][0] / c["group"][1],
                "prevalence per week": c["week"][0] / c["week"][1],
                "change of topic 0 over the span": c["trend"][0] / c["trend"][1],
                "mean width, group": float(np.mean(widths[source])),
                "replicates": reps,
            })
    shrinkage = {
        "planted topic 0 share by group": {g: round(float(truth_group[g][0]), 4) for g in fitted_means},
        "identifiable share": {g: round(float(word_share(truth_group[g], own_mass)[0]), 4) for g in fitted_means},
        "sample mean of the true shares": {g: round(float(np.mean(v)), 4) for g, v in sample_means.items()},
        "fitted model mean share (doc_topic: with the model's prior)": {g: round(float(np.mean(v)), 4) for g, v in fitted_means.items()},
        "fitted model mean share of tokens (doc_topic_counts: no prior)": {g: round(float(np.mean(v)), 4) for g, v in count_means.items()},
        "model's alpha (last replicate)": [round(float(a), 3) for a in fitted.alpha],
    }
    return pd.DataFrame(rows), shrinkage


def short_text_simulation(reps: int, n: int = 30, seed: int = 0, length: int = 12, own_mass: float = 0.9, n_draws: int = 50) -> dict:
    """Coverage of the effects on the short-text model notebook 03 takes for posts and headlines (DMM, one topic per text).

    Each document is ``length`` tokens from one planted topic, drawn with the
    group's and week's topic probabilities (topic 0: 0.40 / 0.25 / 0.10 by
    group, +0.02 a week); each topic puts ``own_mass`` of its words on a block
    of its own.  The truth is the share of documents in each topic.
    """
    from types import SimpleNamespace

    from scipy.optimize import linear_sum_assignment

    from textkit.analysis.effects import topic_effects
    from textkit.analysis.topics import fit_model

    k, vocab = 4, 200
    own = vocab // k
    words = np.array([f"詞{i:03d}" for i in range(vocab)])
    phi = np.full((k, vocab), (1 - own_mass) / (vocab - own))
    for t in range(k):
        phi[t, t * own:(t + 1) * own] = own_mass / own
    hits = np.zeros(4, dtype=int)
    estimates = []
    for r in range(reps):
        rng = np.random.default_rng([seed, 12, r])
        tokens, groups, dates, by = [], [], [], {}
        for week in range(WEEKS):
            for g, first in enumerate((0.40, 0.25, 0.10)):
                m0 = first + 0.02 * week
                by[g, week] = np.array([m0] + [(1 - m0) / (k - 1)] * (k - 1))
                for _ in range(n):
                    z = rng.choice(k, p=by[g, week])
                    tokens.append(words[rng.choice(vocab, size=length, p=phi[z])].tolist())
                    groups.append(f"組{g}")
                    dates.append(START + pd.Timedelta(days=7 * week + int(rng.integers(0, 7))))
        truth_group = {f"組{g}": np.mean([by[g, w] for w in range(WEEKS)], axis=0) for g in range(3)}
        truth_week = [np.mean([by[g, w] for g in range(3)], axis=0) for w in range(WEEKS)]
        model = fit_model(tokens, kind="dmm", k=k, random_state=r, progress_bar=False)
        block = np.array([int(w[1:]) // own for w in model.vocabulary])
        mass = np.array([[model.topic_word[t, block == b].sum() for b in range(k)] for t in range(k)])
        fitted, planted = linear_sum_assignment(-mass)
        order = [int(fitted[list(planted).index(b)]) for b in range(k)]
        view = SimpleNamespace(doc_topic=model.doc_topic[:, order], doc_lengths=model.doc_lengths, num_topics=k,
                               doc_topic_counts=model.doc_topic_counts[:, order], alpha=model.alpha[order], kind=model.kind)
        axis = time_axis(pd.Series(dates), period="week")
        effects = topic_effects(view, groups=groups, axis=axis, n_draws=n_draws, random_state=r)
        week_of = dict(zip(axis.periods.period, axis.periods["index"]))
        for row in effects.by_group.itertuples():
            hits[0] += int(row.ci_low <= truth_group[row.group][int(row.topic.split()[1])] <= row.ci_high)
            hits[1] += 1
        for row in effects.over_time.itertuples():
            hits[2] += int(row.ci_low <= truth_week[week_of[row.period]][int(row.topic.split()[1])] <= row.ci_high)
            hits[3] += 1
        estimates.append(effects.by_group[effects.by_group.topic == "topic 0"].prevalence.to_numpy())
    return {"model": "dmm", "tokens per document": length, "replicates": reps, "prevalence per group": round(hits[0] / hits[1], 4),
            "prevalence per week": round(hits[2] / hits[3], 4),
            "topic 0 by group: estimated": [round(float(v), 4) for v in np.mean(estimates, axis=0)],
            "planted": [0.45, 0.3, 0.15]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=200, help="replicates of the keyword simulation per setting")
    parser.add_argument("--topic-reps", type=int, default=60, help="replicates of the topic simulation")
    parser.add_argument("--own-mass", type=float, nargs="+", default=[0.8, 1.0],
                        help="share of each planted topic's words in a block of its own (0.8: round 2's corpus)")
    parser.add_argument("--length", type=int, default=80, help="tokens per document in the topic simulation")
    parser.add_argument("--only", choices=["keywords", "topics"], help="run one simulation")
    parser.add_argument("--quick", action="store_true", help="20 and 10 replicates: a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.topic_reps = 20, 10
    warnings.simplefilter("ignore", DeprecationWarning)
    pd.set_option("display.width", 200)
    start = time.perf_counter()
    summary = {}
    if args.only != "topics":
        keywords = keyword_simulation(args.reps, [20, 50, 200])
        print("Keywords: share of 95 % intervals that cover the planted value")
        print(_table(keywords))
        summary["keywords"] = keywords.round(4).to_dict("records")
    if args.only != "keywords":
        summary["topics"] = {}
        for mass in args.own_mass:
            topics, shrinkage = topic_simulation(args.topic_reps, own_mass=mass, length=args.length)
            print(f"\nTopics ({args.length} tokens a document), planted topics with {mass:.0%} of their words in a block of their own: "
                  "share of 95 % intervals that cover the truth")
            print(_table(topics))
            print("Topic 0's mean share per group:", json.dumps(shrinkage, ensure_ascii=False))
            summary["topics"][f"{mass} own mass, {args.length} tokens"] = {"coverage": topics.round(4).to_dict("records"), "shrinkage": shrinkage}
        short = short_text_simulation(5 * args.topic_reps)  # 300 by default: a DMM fit on 540 texts takes a tenth of a second
        print("\nShort texts, notebook 03's DMM (one topic per text, 12 tokens):", json.dumps(short, ensure_ascii=False))
        summary["topics"]["short texts (DMM)"] = short
    summary["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(summary, ensure_ascii=False))


def _table(frame: pd.DataFrame) -> str:
    return frame.to_markdown(index=False, floatfmt=".3f") if _has_tabulate() else frame.round(3).to_string(index=False)


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
