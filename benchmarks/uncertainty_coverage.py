"""Do textkit's intervals cover the truth?  A planted corpus where the truth is known.

Usage::

    python benchmarks/uncertainty_coverage.py [--reps 200] [--topic-reps 60] [--quick]

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

**Topics** (``textkit.analysis.groups``, ``textkit.analysis.timeline``).  Four topics over a
vocabulary of 200 words, three groups x six weeks, 30 documents of 80
tokens each per group and week; each document's topic shares are drawn
from a Dirichlet around planted means (topic 0: 0.40 / 0.25 / 0.10 by
group, +0.02 a week; the rest shared equally).  Intervals from
:func:`prevalence_by_group` and :func:`prevalence_over_time`, and the slope
interval of :func:`topic_trends`, on

* the *true* document shares (the bootstrap alone), and
* the shares of a fitted model (``fit_gibbs_lda``, k = 4, topics matched
  to the planted ones by their top words): the bootstrap plus the model's
  own error, which the bootstrap does not see.

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


def topic_corpus(rng, n: int, vocab: int = 200, k: int = 4, length: int = 80):
    """Documents from planted topics; the true document shares; the planted means by group and by week."""
    words = np.array([f"詞{i:03d}" for i in range(vocab)])
    own = vocab // k
    phi = np.full((k, vocab), 0.2 / (vocab - own))
    for t in range(k):
        phi[t, t * own:(t + 1) * own] = 0.8 / own
    tokens, dates, groups, shares = [], [], [], []
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
                groups.append(f"組{g}")
                dates.append(START + pd.Timedelta(days=7 * week + int(rng.integers(0, 7))))
    truth_group = {f"組{g}": np.mean([mean_by[(g, w)] for w in range(WEEKS)], axis=0) for g in range(3)}
    truth_week = [np.mean([mean_by[(g, w)] for g in range(3)], axis=0) for w in range(WEEKS)]
    return tokens, pd.Series(dates), groups, np.array(shares), truth_group, truth_week, words, own


def match_topics(terms: pd.DataFrame, words: np.ndarray, own: int, k: int) -> dict[int, int]:
    """Fitted topic -> planted topic, by which planted block holds most of its top words (Hungarian)."""
    from scipy.optimize import linear_sum_assignment

    index = {w: i for i, w in enumerate(words)}
    votes = np.zeros((k, k))
    for row in terms.itertuples():
        votes[int(row.topic), index[row.term] // own] += 1
    fitted, planted = linear_sum_assignment(-votes)
    return dict(zip(fitted.tolist(), planted.tolist()))


def topic_simulation(reps: int, n: int = 30, seed: int = 0) -> pd.DataFrame:
    from textkit.analysis.topics import fit_gibbs_lda

    k = 4
    counts = {(source, what): [0, 0] for source in ("true shares", "fitted model") for what in ("group", "week", "trend")}
    for r in range(reps):
        rng = np.random.default_rng([seed, 7, r])
        tokens, dates, groups, shares, truth_group, truth_week, words, own = topic_corpus(rng, n)
        axis = time_axis(dates, period="week")
        terms, fitted = fit_gibbs_lda(tokens, k=k, random_state=r)
        mapping = match_topics(terms, words, own, k)
        fitted = fitted.rename(columns={f"topic {f}": f"topic {p}" for f, p in mapping.items()})[[f"topic {t}" for t in range(k)]]
        true = pd.DataFrame(shares, columns=[f"topic {t}" for t in range(k)])
        for source, theta in (("true shares", true), ("fitted model", fitted)):
            by_group = prevalence_by_group(theta, groups, random_state=r)
            for row in by_group.itertuples():
                t = truth_group[row.group][int(row.topic.split()[1])]
                counts[(source, "group")][0] += int(row.ci_low <= t <= row.ci_high)
                counts[(source, "group")][1] += 1
            by_week = prevalence_over_time(theta, axis, random_state=r)
            for row in by_week.itertuples():
                t = truth_week[int(axis.periods.set_index("period").at[row.period, "index"])][int(row.topic.split()[1])]
                counts[(source, "week")][0] += int(row.ci_low <= t <= row.ci_high)
                counts[(source, "week")][1] += 1
            slope = topic_trends(theta, axis).set_index("topic").loc["topic 0"]
            counts[(source, "trend")][0] += int(slope.ci_low <= 0.02 <= slope.ci_high)
            counts[(source, "trend")][1] += 1
    rows = []
    for source in ("true shares", "fitted model"):
        rows.append({
            "document shares": source,
            "prevalence per group": counts[(source, "group")][0] / counts[(source, "group")][1],
            "prevalence per week": counts[(source, "week")][0] / counts[(source, "week")][1],
            "trend of topic 0 (+0.02 a week)": counts[(source, "trend")][0] / counts[(source, "trend")][1],
            "intervals per replicate": (counts[(source, "group")][1] + counts[(source, "week")][1]) // reps,
            "replicates": reps,
        })
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=200, help="replicates of the keyword simulation per setting")
    parser.add_argument("--topic-reps", type=int, default=60, help="replicates of the topic simulation")
    parser.add_argument("--quick", action="store_true", help="20 and 10 replicates: a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.topic_reps = 20, 10
    warnings.simplefilter("ignore", DeprecationWarning)
    pd.set_option("display.width", 200)
    start = time.perf_counter()
    keywords = keyword_simulation(args.reps, [20, 50, 200])
    print("Keywords: share of 95 % intervals that cover the planted value")
    print(keywords.to_markdown(index=False, floatfmt=".3f") if _has_tabulate() else keywords.round(3).to_string(index=False))
    topics = topic_simulation(args.topic_reps)
    print("\nTopics: share of 95 % intervals that cover the planted mean share")
    print(topics.to_markdown(index=False, floatfmt=".3f") if _has_tabulate() else topics.round(3).to_string(index=False))
    seconds = time.perf_counter() - start
    print(json.dumps({"keywords": keywords.round(4).to_dict("records"), "topics": topics.round(4).to_dict("records"),
                      "seconds": round(seconds, 1)}, ensure_ascii=False))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
