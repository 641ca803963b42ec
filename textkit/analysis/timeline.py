"""The time axis: dates into periods, documents per period, keyword and topic trends with intervals and tests.

The document table's ``date`` column (:func:`textkit.corpus.load.load_corpus`
with ``date_column``) is cut into periods by :func:`time_axis`, which
chooses the period from the span (day, week, month, quarter or year) or
takes the one given.  Then:

* :func:`documents_per_period`: how many documents each period (and group) has;
* :func:`keyword_trends`: relative frequency of keywords per period with
  bootstrap intervals over documents;
* :func:`trend_tests`: which keywords rise or fall, tested (quasi-Poisson
  regression on the period index, Benjamini–Hochberg over the keywords);
* :func:`prevalence_over_time` and :func:`topic_trends`: the same for the
  topics of any documents x topics matrix.

Documents without a date are left out of all of these (and counted).

Examples
--------
>>> dates = pd.Series(pd.to_datetime(["2020-01-03", "2020-01-20", "2020-02-11", None]))
>>> axis = time_axis(dates, period="month")
>>> axis.labels.tolist(), axis.usable  # a trend needs three periods of min_docs documents
(['2020-01', '2020-01', '2020-02', None], False)
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from textkit.analysis._bootstrap import check_level, ratio_intervals
from textkit.analysis._ranking import round_sig, top_n
from textkit.errors import ParameterError

__all__ = [
    "PERIODS",
    "Period",
    "choose_period",
    "TimeAxis",
    "time_axis",
    "documents_per_period",
    "frequent_terms",
    "keyword_trends",
    "trend_tests",
    "trending_terms",
    "trend_titles",
    "prevalence_over_time",
    "topic_trends",
]

Period = Literal["auto", "day", "week", "month", "quarter", "year"]
PERIODS = ("day", "week", "month", "quarter", "year")
_FREQ = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
_NAMES = {"day": "days", "week": "weeks", "month": "months", "quarter": "quarters", "year": "years"}
MIN_DOCS = 5
"""Fewest documents a period needs for an interval (fewer: the estimate only, named as such)."""


def choose_period(dates: pd.Series) -> str:
    """The period that cuts the span of ``dates`` into roughly 10 to 60 parts.

    Under 60 days: day; under a year: week; under 5 years: month; under 15
    years: quarter; longer: year.

    Examples
    --------
    >>> choose_period(pd.Series(pd.to_datetime(["2020-01-01", "2020-05-31"])))
    'week'
    """
    dates = pd.Series(dates).dropna()
    if dates.empty:
        return "day"
    span = (dates.max() - dates.min()).days
    for limit, period in ((60, "day"), (366, "week"), (5 * 366, "month"), (15 * 366, "quarter")):
        if span < limit:
            return period
    return "year"


def _label(p: pd.Period, period: str) -> str:
    if period in ("day", "week"):
        return f"{p.start_time:%Y-%m-%d}"
    return str(p)


@dataclass(frozen=True, eq=False)
class TimeAxis:
    """Documents placed on a time axis (:func:`time_axis`).

    Attributes
    ----------
    period : str
        ``day``, ``week`` (Monday to Sunday, labelled by its Monday), ``month``, ``quarter`` or ``year``.
    periods : DataFrame
        Every period from the first date to the last, empty ones included:
        ``period`` (label), ``start`` (its first day), ``index`` (0, 1, …).
    labels : Series
        The period label of each document (``None`` without a date).
    index : Series
        The period index of each document (NaN without a date).
    documents, dated : int
        Documents in all, and with a date.
    chosen : bool
        Whether the period was chosen from the span (``period="auto"``).
    min_docs : int
        Fewest documents a period needs for an interval and to count in a trend test.
    """

    period: str
    periods: pd.DataFrame
    labels: pd.Series
    index: pd.Series
    documents: int
    dated: int
    chosen: bool
    min_docs: int = MIN_DOCS

    @property
    def full_periods(self) -> int:
        """Periods with at least ``min_docs`` documents."""
        return int((self.periods.documents >= self.min_docs).sum())

    @property
    def usable(self) -> bool:
        """At least three periods with ``min_docs`` documents each: enough for a trend."""
        return self.full_periods >= 3

    @property
    def message(self) -> str:
        """What the axis holds, and whether the time sections can run, in a sentence or two."""
        undated = self.documents - self.dated
        if self.dated == 0:
            return (f"None of the {self.documents:,} documents has a date: the time sections are skipped. "
                    "Give a date column (textkit run --date-column COLUMN).")
        first = self.periods.attrs["first_date"]
        dated = "all dated" if undated == 0 else f"{self.dated:,} dated, {undated:,} without a date (left out of the time sections)"
        if self.labels.dropna().nunique() < 2:
            only = self.labels.dropna().iloc[0]
            return (f"{self.documents:,} documents, {dated}; every date falls in one {self.period} ({only}): "
                    "one date is no trend, so the time sections are skipped.")
        if not self.usable:
            return (f"{self.documents:,} documents, {dated}; by {self.period}, only {self.full_periods} of {len(self.periods)} "
                    f"{_NAMES[self.period]} have {self.min_docs} or more documents, and a trend needs three: the time sections "
                    "are skipped (a shorter period, e.g. period='day', or a lower min_docs may give one).")
        how = "chosen from the span" if self.chosen else "as set"
        busy = int((self.periods.documents > 0).sum())
        return (f"{self.documents:,} documents, {dated}, from {first:%Y-%m-%d} to {self.last_date:%Y-%m-%d}: "
                f"by {self.period} ({how}), {len(self.periods):,} {_NAMES[self.period]}, {busy:,} with documents.")

    @property
    def last_date(self) -> pd.Timestamp:
        return self.periods.attrs["last_date"]

    def summary(self) -> pd.DataFrame:
        """The axis as a two-column table (``what``, ``value``), for saving."""
        rows = [
            ("documents", f"{self.documents}"),
            ("with a date", f"{self.dated}"),
            ("without a date", f"{self.documents - self.dated}"),
            ("period", self.period),
            ("period chosen from the span", "yes" if self.chosen else "no (set)"),
        ]
        if self.dated:
            rows += [
                ("first date", f"{self.periods.attrs['first_date']:%Y-%m-%d %H:%M}"),
                ("last date", f"{self.last_date:%Y-%m-%d %H:%M}"),
                ("periods", f"{len(self.periods)}"),
                ("periods with documents", f"{int((self.periods.documents > 0).sum())}"),
                (f"periods with {self.min_docs} or more documents", f"{self.full_periods}"),
                ("time sections", "run" if self.usable else "skipped: fewer than three such periods"),
            ]
        return pd.DataFrame(rows, columns=["what", "value"])


def time_axis(dates: Sequence, *, period: Period = "auto", min_docs: int = MIN_DOCS) -> TimeAxis:
    """Place documents on a time axis: each dated document in its period.

    Parameters
    ----------
    dates : sequence of datetime
        One per document (``NaT`` for none), e.g. the document table's ``date``.
    period : {"auto", "day", "week", "month", "quarter", "year"}
        ``auto`` chooses from the span (:func:`choose_period`).
    min_docs : int, default MIN_DOCS
        Fewest documents a period needs for an interval and a place in a
        trend test; the axis is ``usable`` with three such periods.

    Returns
    -------
    TimeAxis

    Raises
    ------
    ParameterError
        An unknown period.
    """
    if period != "auto" and period not in PERIODS:
        raise ParameterError(f"period must be auto, {', '.join(PERIODS)} (got {period!r})")
    if not isinstance(min_docs, (int, np.integer)) or min_docs < 1:
        raise ParameterError(f"min_docs must be a whole number of at least 1 (got {min_docs!r})")
    dates = pd.Series(pd.to_datetime(pd.Series(list(dates), dtype=object)), dtype="datetime64[us]").reset_index(drop=True)
    chosen = period == "auto"
    period = choose_period(dates) if chosen else period
    dated = dates.notna()
    if dated.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "converting to PeriodArray drops time zone information"
            per = dates.dt.to_period(_FREQ[period])
        full = pd.period_range(per.min(), per.max(), freq=_FREQ[period])
        labels = [_label(p, period) for p in full]
        position = {p: i for i, p in enumerate(full)}
        index = pd.Series([position[p] if p is not pd.NaT else np.nan for p in per], dtype=float)
        doc_labels = pd.Series([labels[int(i)] if i == i else None for i in index], dtype=object)
        counts = Counter(index.dropna().astype(int))
        periods = pd.DataFrame({"period": labels, "start": full.start_time.astype("datetime64[us]"), "index": range(len(full)),
                                "documents": [counts.get(i, 0) for i in range(len(full))]})
        periods.attrs.update(first_date=dates.min(), last_date=dates.max())
    else:
        index = pd.Series(np.nan, index=dates.index, dtype=float)
        doc_labels = pd.Series([None] * len(dates), dtype=object)
        periods = pd.DataFrame({"period": pd.Series(dtype=str), "start": pd.Series(dtype="datetime64[us]"),
                                "index": pd.Series(dtype=int), "documents": pd.Series(dtype=int)})
    return TimeAxis(period=period, periods=periods, labels=doc_labels, index=index, documents=len(dates),
                    dated=int(dated.sum()), chosen=chosen, min_docs=int(min_docs))


def documents_per_period(axis: TimeAxis, groups: Sequence | None = None) -> pd.DataFrame:
    """Dated documents per period (and per group), empty periods included.

    Returns
    -------
    DataFrame
        ``period, start, group, documents``; ``group`` is ``all`` without groups.

    Examples
    --------
    >>> axis = time_axis(pd.to_datetime(["2020-01-03", "2020-03-20"]), period="month")
    >>> documents_per_period(axis).documents.tolist()
    [1, 0, 1]
    """
    groups = ["all"] * axis.documents if groups is None else [str(g) for g in groups]
    if len(groups) != axis.documents:
        raise ParameterError(f"{len(groups)} groups for {axis.documents} documents")
    names = list(dict.fromkeys(g for g, label in zip(groups, axis.labels) if label is not None))
    counts = Counter((label, g) for g, label in zip(groups, axis.labels) if label is not None)
    rows = [{"period": p, "start": s, "group": g, "documents": counts.get((p, g), 0)}
            for p, s in zip(axis.periods.period, axis.periods.start) for g in names]
    return pd.DataFrame(rows, columns=["period", "start", "group", "documents"])


def _count_matrix(tokens: Sequence[Sequence[str]], terms: Sequence[str]) -> sparse.csr_matrix:
    """Documents x terms counts of the given terms."""
    column = {t: j for j, t in enumerate(terms)}
    rows, cols, vals = [], [], []
    for i, toks in enumerate(tokens):
        for t, c in Counter(t for t in toks if t in column).items():
            rows.append(i)
            cols.append(column[t])
            vals.append(c)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(tokens), len(terms)), dtype=np.float64)


def frequent_terms(tokens: Sequence[Sequence[str]], n: int = 100, *, min_docs: int = 5) -> list[str]:
    """The ``n`` terms found in the most documents (at least ``min_docs``), ties by the term.

    Document frequency, not token count: a word one document repeats does
    not make the list.  These are the candidates :func:`trend_tests`
    tests; choosing them does not look at time, so the test stays fair.

    Examples
    --------
    >>> frequent_terms([["疫情", "疫情"], ["疫情", "口罩"], ["口罩"], ["疫苗"]], 2, min_docs=1)
    ['口罩', '疫情']
    """
    df = Counter(t for toks in tokens for t in set(toks))
    terms = sorted(t for t, c in df.items() if c >= min_docs)
    order = top_n([df[t] for t in terms], terms, n=n)
    return [terms[i] for i in order]


def _check_tokens(tokens, axis: TimeAxis) -> list:
    tokens = list(tokens)
    if len(tokens) != axis.documents:
        raise ParameterError(f"{len(tokens)} token lists for a time axis of {axis.documents} documents")
    return tokens


def keyword_trends(
    tokens: Sequence[Sequence[str]],
    axis: TimeAxis,
    terms: Sequence[str],
    *,
    n_boot: int = 1000,
    level: float = 0.95,
    min_docs: int | None = None,
    random_state: int = 0,
) -> pd.DataFrame:
    """Relative frequency of each term per period, with bootstrap intervals over documents.

    Parameters
    ----------
    tokens : sequence of token lists
        One per document, in the order of the axis.
    axis : TimeAxis
    terms : sequence of str
    n_boot, level, random_state
        Bootstrap replicates, interval level, seed.
    min_docs : int, optional
        Periods with fewer documents get the estimate without an interval
        (default: the axis' ``min_docs``).

    Returns
    -------
    DataFrame
        ``term, period, start, documents, tokens, count, per_1000, ci_low,
        ci_high``: occurrences per 1,000 tokens of the period, and the
        interval; every period of the axis (empty ones with NaN).

    Notes
    -----
    The interval resamples whole documents within each period, so a word
    that a few documents repeat gets the wide interval it deserves; a
    token-level (binomial) interval would be far too narrow.
    """
    tokens = _check_tokens(tokens, axis)
    terms = list(terms)
    dated = axis.labels.notna().to_numpy()
    counts = _count_matrix([t for t, d in zip(tokens, dated) if d], terms)
    lengths = np.array([len(t) for t, d in zip(tokens, dated) if d], dtype=np.float64)
    labels = axis.labels[dated].tolist()
    out = ratio_intervals(counts, lengths, labels, n_boot=n_boot, level=level, min_docs=min_docs or axis.min_docs, random_state=random_state,
                          columns=terms, order=axis.periods.period.tolist())
    per_period_tokens = pd.Series(lengths).groupby(labels).sum()
    per_period_counts = pd.DataFrame(counts.toarray(), columns=terms).groupby(labels).sum() if len(labels) else None
    out = out.rename(columns={"label": "period", "column": "term"})
    out["tokens"] = out.period.map(per_period_tokens).fillna(0).astype(int)
    out["count"] = [int(per_period_counts.at[p, t]) if per_period_counts is not None and p in per_period_counts.index else 0
                    for p, t in zip(out.period, out.term)]
    for col in ("estimate", "ci_low", "ci_high"):
        out[col] = out[col] * 1000
    out = out.rename(columns={"estimate": "per_1000"})
    out["start"] = out.period.map(dict(zip(axis.periods.period, axis.periods.start)))
    out = out.sort_values(["term", "start"], key=lambda s: s.map({t: i for i, t in enumerate(terms)}) if s.name == "term" else s,
                          kind="stable")
    return round_sig(out[["term", "period", "start", "documents", "tokens", "count", "per_1000", "ci_low", "ci_high"]].reset_index(drop=True))


def _bh(p: np.ndarray) -> np.ndarray:
    from scipy import stats

    q = np.full(len(p), np.nan)
    ok = np.isfinite(p)
    if ok.any():
        q[ok] = stats.false_discovery_control(p[ok])
    return q


def _direction(estimate: np.ndarray, q: np.ndarray, alpha: float, up: str = "rising", down: str = "falling") -> list[str]:
    return ["not estimable" if not np.isfinite(qq) else (up if e > 0 else down) if qq < alpha else "no clear trend"
            for e, qq in zip(estimate, q)]


def _period_rows(axis: TimeAxis, min_docs: int | None) -> pd.DataFrame:
    min_docs = min_docs or axis.min_docs
    used = axis.periods[axis.periods.documents >= min_docs]
    if len(used) < 3:
        raise ParameterError(
            f"a trend test needs at least three periods with {min_docs} or more documents; this axis has {len(used)} "
            f"(by {axis.period}: choose a shorter period, or lower min_docs)"
        )
    return used


def _regression(axis: TimeAxis, min_docs: int | None, level: float):
    """What both trend tests regress on: the periods used, which documents are in them, the design, df and t quantile."""
    import statsmodels.api as sm
    from scipy import stats

    used = _period_rows(axis, min_docs)
    keep = axis.labels.isin(set(used.period)).to_numpy()
    x = used["index"].to_numpy(dtype=np.float64)
    df = len(used) - 2
    return used, keep, axis.labels[keep].to_numpy(), sm.add_constant(x - x.mean()), df, stats.t.ppf(0.5 + level / 2, df)


def trend_tests(
    tokens: Sequence[Sequence[str]],
    axis: TimeAxis,
    terms: Sequence[str],
    *,
    alpha: float = 0.05,
    level: float = 0.95,
    min_docs: int | None = None,
) -> pd.DataFrame:
    """Which terms rise or fall over time: a quasi-Poisson trend test per term, Benjamini–Hochberg over the terms.

    For each term, the counts per period are regressed on the period index
    (0, 1, 2, …) with a log link and the period's tokens as exposure
    (statsmodels GLM, Poisson family), the dispersion estimated from the
    Pearson residuals (at least 1), and the slope tested with a t test on
    ``periods - 2`` degrees of freedom.

    Parameters
    ----------
    tokens : sequence of token lists
    axis : TimeAxis
    terms : sequence of str
        The terms to test, chosen without looking at time (e.g. :func:`frequent_terms`).
    alpha : float, default 0.05
        The false discovery rate for calling a term rising or falling.
    level : float, default 0.95
        Level of the interval of the rate ratio.
    min_docs : int, optional
        Periods with fewer documents are left out of the regression
        (default: the axis' ``min_docs``).

    Returns
    -------
    DataFrame
        ``term, count, rate_ratio, ci_low, ci_high, t, p, p_adjusted,
        trend``: ``rate_ratio`` is the factor by which the term's relative
        frequency changes from one period to the next on the fitted trend;
        ``trend`` is ``rising``/``falling`` where ``p_adjusted < alpha``,
        else ``no clear trend`` (``not estimable`` when the fit fails, e.g.
        a term seen in one period only).  Sorted by p, then the term.

    Raises
    ------
    ParameterError
        Fewer than three periods with ``min_docs`` documents.

    Notes
    -----
    Why per period and quasi-Poisson: documents cluster tokens (one post
    repeats a word) and periods have their own news (a word spikes in one
    week); both make counts vary more than Poisson.  The dispersion taken
    from the periods' residuals absorbs both, so a word that spiked once is
    not called a trend.  The price: with few periods (five months) only
    strong trends pass.  The trend is log-linear: a word that rises and
    falls again within the span shows as ``no clear trend``; read the
    lines of :func:`keyword_trends` beside it.
    """
    import statsmodels.api as sm
    from scipy import stats

    tokens = _check_tokens(tokens, axis)
    if not 0 < alpha < 1:
        raise ParameterError(f"alpha must be between 0 and 1 (got {alpha!r})")
    check_level(level, 1000)
    terms = list(terms)
    used, keep, labels, design, df, quantile = _regression(axis, min_docs, level)
    counts = _count_matrix([t for t, k in zip(tokens, keep) if k], terms)
    lengths = np.array([len(t) for t, k in zip(tokens, keep) if k], dtype=np.float64)
    by_period = pd.DataFrame(counts.toarray(), columns=terms).groupby(labels).sum().reindex(used.period)
    exposure = pd.Series(lengths).groupby(labels).sum().reindex(used.period).to_numpy()
    ok = exposure > 0
    if not ok.all():  # periods whose documents kept no token
        df = int(ok.sum()) - 2
        quantile = stats.t.ppf(0.5 + level / 2, df)
    rows = []
    for term in terms:
        y = by_period[term].to_numpy(dtype=np.float64)
        slope = se = np.nan
        if (y[ok] > 0).sum() >= 2:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    fit = sm.GLM(y[ok], design[ok], family=sm.families.Poisson(), offset=np.log(exposure[ok])).fit()
                    pearson = float(np.sum(fit.resid_pearson**2)) / df
                    slope, se = float(fit.params[1]), float(fit.bse[1]) * np.sqrt(max(pearson, 1.0))
                except (ValueError, np.linalg.LinAlgError):
                    pass
            if any("converge" in str(w.message).lower() or "separation" in str(w.message).lower() for w in caught):
                slope = se = np.nan
        t = slope / se if se and np.isfinite(se) else np.nan
        p = float(2 * stats.t.sf(abs(t), df)) if np.isfinite(t) else np.nan
        rows.append({"term": term, "count": int(y.sum()), "slope": slope, "se": se, "t": t, "p": p})
    out = pd.DataFrame(rows)
    out["rate_ratio"] = np.exp(out.slope)
    out["ci_low"] = np.exp(out.slope - quantile * out.se)
    out["ci_high"] = np.exp(out.slope + quantile * out.se)
    out["p_adjusted"] = _bh(out.p.to_numpy())
    out = round_sig(out)
    out["trend"] = _direction(out.slope.to_numpy(), out.p_adjusted.to_numpy(), alpha)
    order = top_n(out.p.fillna(np.inf).to_numpy(), out.term.to_numpy(), ascending=True)
    return out.iloc[order][["term", "count", "rate_ratio", "ci_low", "ci_high", "t", "p", "p_adjusted", "trend"]].reset_index(drop=True)


def trending_terms(tests: pd.DataFrame, n: int = 12) -> list[str]:
    """Terms to draw: the strongest significant rises, then falls (by rate ratio), filled up with the most significant others.

    Examples
    --------
    >>> tests = pd.DataFrame({"term": ["疫情", "春節", "口罩"], "rate_ratio": [1.5, 0.6, 1.01],
    ...                       "p": [1e-5, 1e-4, 0.8], "trend": ["rising", "falling", "no clear trend"]})
    >>> trending_terms(tests, 2)
    ['疫情', '春節']
    """
    up = tests[tests.trend == "rising"]
    down = tests[tests.trend == "falling"]
    up = up.term.to_numpy()[top_n(up.rate_ratio.to_numpy(), up.term.to_numpy())].tolist()
    down = down.term.to_numpy()[top_n(down.rate_ratio.to_numpy(), down.term.to_numpy(), ascending=True)].tolist()
    half = max(1, n // 2)
    picked = up[: max(half, n - len(down))] + down[: max(half, n - len(up))]
    picked = picked[:n]
    rest = tests[~tests.term.isin(picked)]
    rest = rest.term.to_numpy()[top_n(rest.p.fillna(np.inf).to_numpy(), rest.term.to_numpy(), ascending=True)].tolist()
    return picked + rest[: n - len(picked)]


def trend_titles(tests: pd.DataFrame, axis: TimeAxis, *, key: str = "term", top_terms: dict[str, str] | None = None) -> dict[str, str]:
    """Panel titles for :func:`textkit.output.plot.trend_grid` from :func:`trend_tests` or :func:`topic_trends`.

    ``疫情 ↑ ×1.12 per week (q = 0.003)`` for a keyword; ``topic 3 ↓ -0.4 pt per week`` for a topic,
    with its top words from ``top_terms`` on a second line.

    Examples
    --------
    >>> axis = time_axis(pd.to_datetime(["2020-01-03", "2020-03-20"]), period="month")
    >>> tests = pd.DataFrame({"term": ["疫情"], "rate_ratio": [1.5], "p_adjusted": [0.001], "trend": ["rising"]})
    >>> trend_titles(tests, axis)
    {'疫情': '疫情 ↑ ×1.5 per month (q = 0.001)'}
    """
    out = {}
    for row in tests.to_dict("records"):
        name = row[key]
        arrow = {"rising": "↑", "falling": "↓"}.get(row["trend"], "→")
        if "rate_ratio" in row:
            change = f"×{row['rate_ratio']:.3g}" if np.isfinite(row["rate_ratio"]) else "n/a"
        else:
            change = f"{row['slope'] * 100:+.2g} pt" if np.isfinite(row["slope"]) else "n/a"
        q = f"q = {row['p_adjusted']:.2g}" if np.isfinite(row["p_adjusted"]) else "not estimable"
        title = f"{name} {arrow} {change} per {axis.period} ({q})"
        if top_terms and name in top_terms:
            title += f"\n{top_terms[name].removeprefix(f'{name}: ')}"
        out[name] = title
    return out


def _check_theta(theta: pd.DataFrame, axis: TimeAxis) -> np.ndarray:
    if len(theta) != axis.documents:
        raise ParameterError(f"theta has {len(theta)} documents, the time axis {axis.documents}")
    return round_sig(theta.to_numpy(dtype=np.float64))


def prevalence_over_time(
    theta: pd.DataFrame,
    axis: TimeAxis,
    *,
    n_boot: int = 1000,
    level: float = 0.95,
    min_docs: int | None = None,
    random_state: int = 0,
) -> pd.DataFrame:
    """Mean topic share per period, with bootstrap intervals over documents.

    Parameters
    ----------
    theta : DataFrame
        Documents x topics, any model, in the order of the axis.
    axis : TimeAxis
    n_boot, level, min_docs, random_state
        As in :func:`keyword_trends`.

    Returns
    -------
    DataFrame
        ``topic, period, start, documents, prevalence, ci_low, ci_high``.

    Notes
    -----
    BERTopic's ``topics_over_time`` counts documents per topic and period,
    STM's ``estimateEffect`` regresses shares on time; neither gives an
    interval per period.  These intervals cover the sampling of documents,
    not a refit of the model (another seed may draw other topics).
    """
    values = _check_theta(theta, axis)
    dated = axis.labels.notna().to_numpy()
    out = ratio_intervals(values[dated], np.ones(int(dated.sum())), axis.labels[dated].tolist(), n_boot=n_boot, level=level,
                          min_docs=min_docs or axis.min_docs, random_state=random_state, columns=[str(c) for c in theta.columns],
                          order=axis.periods.period.tolist())
    out = out.rename(columns={"label": "period", "column": "topic", "estimate": "prevalence"})
    out["start"] = out.period.map(dict(zip(axis.periods.period, axis.periods.start)))
    topics = {str(c): i for i, c in enumerate(theta.columns)}
    out = out.sort_values(["topic", "start"], key=lambda s: s.map(topics) if s.name == "topic" else s, kind="stable")
    return round_sig(out[["topic", "period", "start", "documents", "prevalence", "ci_low", "ci_high"]].reset_index(drop=True))


def topic_trends(
    theta: pd.DataFrame,
    axis: TimeAxis,
    *,
    alpha: float = 0.05,
    level: float = 0.95,
    min_docs: int | None = None,
) -> pd.DataFrame:
    """Which topics gain or lose share over time: a weighted regression per topic, Benjamini–Hochberg over the topics.

    Each period's mean share is regressed on the period index, weighted by
    the period's documents (statsmodels WLS), the residual variance
    estimated from the periods; the slope is tested with a t test on
    ``periods - 2`` degrees of freedom.

    Returns
    -------
    DataFrame
        ``topic, slope, ci_low, ci_high, t, p, p_adjusted, trend``:
        ``slope`` is the change of the mean share per period (0.01 = one
        percentage point); ``trend`` is ``rising``/``falling`` where
        ``p_adjusted < alpha``.

    Raises
    ------
    ParameterError
        Fewer than three periods with ``min_docs`` documents.
    """
    import statsmodels.api as sm
    from scipy import stats

    values = _check_theta(theta, axis)
    used, keep, labels, design, df, quantile = _regression(axis, min_docs, level)
    means = pd.DataFrame(values[keep], columns=[str(c) for c in theta.columns]).groupby(labels).mean().reindex(used.period)
    weights = used.documents.to_numpy(dtype=np.float64)
    rows = []
    for topic in means.columns:
        fit = sm.WLS(means[topic].to_numpy(), design, weights=weights).fit()
        slope, se = float(fit.params[1]), float(fit.bse[1])
        t = slope / se if se > 0 else np.nan
        rows.append({"topic": topic, "slope": slope, "ci_low": slope - quantile * se, "ci_high": slope + quantile * se, "t": t,
                     "p": float(2 * stats.t.sf(abs(t), df)) if np.isfinite(t) else np.nan})
    out = pd.DataFrame(rows)
    out["p_adjusted"] = _bh(out.p.to_numpy())
    out = round_sig(out)
    out["trend"] = _direction(out.slope.to_numpy(), out.p_adjusted.to_numpy(), alpha)
    return out
