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
from dataclasses import dataclass, field
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
    "PeriodTermCounts",
    "count_terms_by_period",
    "MIN_SUPPORT",
    "trend_tests",
    "trends_from_counts",
    "rank_trends",
    "trending_terms",
    "trends_message",
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


@dataclass(frozen=True, eq=False)
class PeriodTermCounts:
    """Term counts per period of one shard of documents, or of the whole corpus once merged.

    Attributes
    ----------
    tokens, documents : Counter
        Tokens and documents per period index.
    counts, doc_counts : Counter
        Occurrences of each term, and documents holding it, per ``(period, term)``.
    undated : int
        Documents without a period (not counted above).

    Notes
    -----
    Integer counts: :meth:`merge` is exact, associative and commutative.
    A partial holds at most (periods x distinct terms) entries, the corpus'
    vocabulary per period; nothing is pruned.
    """

    tokens: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)
    doc_counts: Counter = field(default_factory=Counter)
    undated: int = 0

    def merge(self, other: PeriodTermCounts) -> PeriodTermCounts:
        """The counts of both shards."""
        return PeriodTermCounts(self.tokens + other.tokens, self.documents + other.documents, self.counts + other.counts,
                                self.doc_counts + other.doc_counts, self.undated + other.undated)

    __add__ = merge


def count_terms_by_period(tokens: Sequence[Sequence[str]], periods: Sequence[float], *, terms: Sequence[str] | None = None) -> PeriodTermCounts:
    """Count every term (or the given ``terms``) per period in one shard of documents.

    Parameters
    ----------
    tokens : sequence of token lists
        The shard's documents.
    periods : sequence of float
        Each document's period index (:attr:`TimeAxis.index`; NaN: no date).
    terms : sequence of str, optional
        Count only these (the tokens per period still count every token).

    Returns
    -------
    PeriodTermCounts

    Examples
    --------
    >>> shard = count_terms_by_period([["疫情", "疫情", "口罩"], ["口罩"], ["春節"]], [0, 1, float("nan")])
    >>> shard.counts[0, "疫情"], shard.doc_counts[0, "疫情"], dict(shard.tokens), shard.undated
    (2, 1, {0: 3, 1: 1}, 1)
    """
    tokens = list(tokens)
    if len(tokens) != len(periods):
        raise ParameterError(f"{len(tokens)} token lists for {len(periods)} periods")
    keep = None if terms is None else set(terms)
    out = PeriodTermCounts()
    undated = 0
    for toks, p in zip(tokens, periods):
        if p is None or not np.isfinite(p):
            undated += 1
            continue
        p = int(p)
        out.tokens[p] += len(toks)
        out.documents[p] += 1
        seen = Counter(toks if keep is None else (t for t in toks if t in keep))
        out.counts.update({(p, t): c for t, c in seen.items()})
        out.doc_counts.update({(p, t): 1 for t in seen})
    return PeriodTermCounts(out.tokens, out.documents, out.counts, out.doc_counts, undated)


MIN_SUPPORT = 20
"""Fewest documents a word must appear in to be tested for a trend."""


def trend_tests(
    tokens: Sequence[Sequence[str]],
    axis: TimeAxis,
    terms: Sequence[str] | None = None,
    *,
    min_support: int = MIN_SUPPORT,
    alpha: float = 0.05,
    level: float = 0.95,
    min_docs: int | None = None,
) -> pd.DataFrame:
    """Which terms rise or fall over time, ranked by how much: :func:`count_terms_by_period` then :func:`trends_from_counts`.

    Parameters
    ----------
    tokens : sequence of token lists
        One per document, in the order of the axis.
    axis : TimeAxis
    terms : sequence of str, optional
        Test only these; by default every term found in at least
        ``min_support`` documents.
    min_support, alpha, level, min_docs
        As in :func:`trends_from_counts`.

    Returns
    -------
    DataFrame
        As :func:`trends_from_counts`.
    """
    tokens = _check_tokens(tokens, axis)
    counts = count_terms_by_period(tokens, axis.index.to_numpy(), terms=terms)
    return trends_from_counts(counts, axis, terms=terms, min_support=min_support, alpha=alpha, level=level, min_docs=min_docs)


def trends_from_counts(
    counts: PeriodTermCounts,
    axis: TimeAxis,
    *,
    terms: Sequence[str] | None = None,
    min_support: int = MIN_SUPPORT,
    alpha: float = 0.05,
    level: float = 0.95,
    min_docs: int | None = None,
) -> pd.DataFrame:
    """A quasi-Poisson trend test per term on corpus counts per period, ranked by effect size.

    For each term, the counts per period are regressed on the period index
    (0, 1, 2, …) with a log link and the period's tokens as exposure (a
    Poisson GLM by iteratively reweighted least squares, for every term at
    once), the dispersion estimated from the Pearson residuals (at least 1),
    and the slope tested with a t test on ``periods - 2`` degrees of
    freedom; Benjamini–Hochberg over the terms tested.

    Parameters
    ----------
    counts : PeriodTermCounts
        The merged counts of every shard.
    axis : TimeAxis
    terms : sequence of str, optional
        Test only these (the ones counted); by default every term with the support.
    min_support : int, default MIN_SUPPORT
        Fewest documents (in the periods tested) a term must appear in.  The
        support is chosen without looking at time, so the test stays fair.
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
        ``term, documents, count, rate_ratio, ci_low, ci_high, t, p,
        p_adjusted, trend``: ``rate_ratio`` is the factor by which the
        term's relative frequency changes from one period to the next on
        the fitted trend (the effect size); ``trend`` is ``rising`` /
        ``falling`` where ``p_adjusted < alpha``, else ``no clear trend``
        (``not estimable`` when the fit fails, e.g. a term seen in one
        period only).  Ranked by effect size: rising terms first (the
        largest rate ratio first), then falling ones (the smallest first),
        then the rest by the size of their change; ties by the term.

    Raises
    ------
    ParameterError
        Fewer than three periods with ``min_docs`` documents.

    Notes
    -----
    Ranked by effect size, not by p: on a large corpus nearly every
    frequent word changes significantly, by a few percent (news words,
    function words, words whose count follows the corpus' volume); the
    words that changed most are the story.  The relative frequency (per
    token of the period) takes the corpus' volume out: a word that only
    follows the number of documents does not rise.  Why quasi-Poisson:
    documents cluster tokens (one post repeats a word) and periods have
    their own news (a word spikes in one week); both make counts vary more
    than Poisson, and the dispersion taken from the periods' residuals
    absorbs both, so a word that spiked once is not called a trend.  The
    trend is log-linear: a word that rises and falls again within the span
    shows as ``no clear trend``; read the lines of :func:`keyword_trends`
    beside it.
    """
    from scipy import stats

    if not 0 < alpha < 1:
        raise ParameterError(f"alpha must be between 0 and 1 (got {alpha!r})")
    check_level(level, 1000)
    if not isinstance(min_support, (int, np.integer)) or isinstance(min_support, bool) or min_support < 1:
        raise ParameterError(f"min_support must be a whole number of at least 1 (got {min_support!r})")
    used = _period_rows(axis, min_docs)
    index = used["index"].to_numpy(dtype=np.int64)
    position = {int(p): i for i, p in enumerate(index)}
    support: Counter = Counter()
    for (p, t), n in counts.doc_counts.items():
        if p in position:
            support[t] += n
    candidates = sorted(support) if terms is None else [t for t in dict.fromkeys(terms)]
    tested = [t for t in candidates if support[t] >= min_support] if terms is None else candidates
    column = {t: j for j, t in enumerate(tested)}
    y = np.zeros((len(index), len(tested)))
    for (p, t), n in counts.counts.items():
        if p in position and t in column:
            y[position[p], column[t]] += n
    exposure = np.array([counts.tokens.get(int(p), 0) for p in index], dtype=np.float64)
    ok = exposure > 0
    x = index.astype(np.float64)
    x = x - x[ok].mean() if ok.any() else x
    df = int(ok.sum()) - 2
    slope, se = _poisson_slopes(y[ok], exposure[ok], x[ok]) if df > 0 and len(tested) else (np.full(len(tested), np.nan),) * 2
    with np.errstate(invalid="ignore", divide="ignore"):
        t_stat = slope / se
    p_value = np.where(np.isfinite(t_stat), 2 * stats.t.sf(np.abs(t_stat), max(df, 1)), np.nan)
    quantile = stats.t.ppf(0.5 + level / 2, max(df, 1))
    out = pd.DataFrame({"term": tested, "documents": [int(support[t]) for t in tested], "count": y.sum(axis=0).astype(np.int64),
                        "slope": slope, "t": t_stat, "p": p_value})
    out["rate_ratio"] = np.exp(slope)
    out["ci_low"] = np.exp(slope - quantile * se)
    out["ci_high"] = np.exp(slope + quantile * se)
    out["p_adjusted"] = _bh(out.p.to_numpy())
    out = round_sig(out)
    out["trend"] = _direction(out.slope.to_numpy(), out.p_adjusted.to_numpy(), alpha)
    columns = ["term", "documents", "count", "rate_ratio", "ci_low", "ci_high", "t", "p", "p_adjusted", "trend"]
    return rank_trends(out[columns], "rate_ratio", label="term", ratio=True)


def _poisson_slopes(y: np.ndarray, exposure: np.ndarray, x: np.ndarray, *, max_iter: int = 100, tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """Slope and quasi-Poisson standard error of ``log E[y] = log(exposure) + a + b x``, for every column of ``y`` at once.

    Iteratively reweighted least squares (the Poisson GLM's Fisher scoring,
    as statsmodels' ``GLM.fit``), two parameters per column, vectorised
    over the columns: thousands of words in milliseconds, where a GLM per
    word takes seconds.  The standard error is scaled by the Pearson
    dispersion, at least 1.  A column whose fit does not converge (a word
    seen in one period only: its slope runs off to infinity) gets NaN.

    Examples
    --------
    >>> b, se = _poisson_slopes(np.array([[10.0], [20.0], [40.0]]), np.array([1000.0, 1000.0, 1000.0]), np.array([-1.0, 0.0, 1.0]))
    >>> round(float(np.exp(b[0])), 3)
    2.0
    """
    periods, n = y.shape
    offset = np.log(exposure)[:, None]
    xs = x[:, None]
    a, b = np.zeros(n), np.zeros(n)
    converged = np.zeros(n, dtype=bool)
    with np.errstate(all="ignore"):  # columns that run off (one period only) turn to inf/NaN and are dropped below
        mu = (y + y.mean(axis=0, keepdims=True)) / 2 + 1e-8
        eta = np.log(mu)
        for _ in range(max_iter):
            z = eta - offset + (y - mu) / mu
            w = mu
            s0, s1, s2 = w.sum(axis=0), (w * xs).sum(axis=0), (w * xs * xs).sum(axis=0)
            t0, t1 = (w * z).sum(axis=0), (w * xs * z).sum(axis=0)
            det = s0 * s2 - s1 * s1
            a_new, b_new = (s2 * t0 - s1 * t1) / det, (s0 * t1 - s1 * t0) / det
            step = np.maximum(np.abs(a_new - a), np.abs(b_new - b))
            a, b = a_new, b_new
            eta = offset + a + b * xs
            mu = np.exp(eta)
            converged = np.isfinite(step) & (step < tol * (1 + np.abs(b)))
            if converged.all():
                break
        w = mu
        s0, s1, s2 = w.sum(axis=0), (w * xs).sum(axis=0), (w * xs * xs).sum(axis=0)
        det = s0 * s2 - s1 * s1
        pearson = ((y - mu) ** 2 / mu).sum(axis=0) / max(periods - 2, 1)
        se = np.sqrt(s0 / det * np.maximum(pearson, 1.0))
    bad = ~converged | ~np.isfinite(b) | ~np.isfinite(se) | (np.abs(b) > 15)
    return np.where(bad, np.nan, b), np.where(bad, np.nan, se)


def rank_trends(table: pd.DataFrame, effect: str, *, label: str, ratio: bool = False) -> pd.DataFrame:
    """Rank a trend table by effect size: rises first (the largest first), then falls (the largest first), then the rest by size.

    Parameters
    ----------
    table : DataFrame
        With a ``trend`` column (``rising``, ``falling``, anything else),
        the effect and the label.
    effect : str
        The column holding the effect (a change, or a ratio).
    label : str
        The column that breaks ties (the term, the topic).
    ratio : bool, default False
        The effect is a ratio (1 = no change): compared on the log scale.

    Examples
    --------
    >>> table = pd.DataFrame({"term": ["表示", "口罩", "春節", "新聞"], "rate_ratio": [1.02, 1.5, 0.5, 0.98],
    ...                       "trend": ["rising", "rising", "falling", "no clear trend"]})
    >>> rank_trends(table, "rate_ratio", label="term", ratio=True).term.tolist()
    ['口罩', '表示', '春節', '新聞']
    """
    values = table[effect].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.log(values) if ratio else values
    group = table.trend.map({"rising": 0, "falling": 1}).fillna(2).to_numpy()
    key = round_sig(np.where(np.isfinite(size), -np.abs(size), np.inf))
    order = np.lexsort((table[label].astype(str).to_numpy(), key, group))
    return table.iloc[order].reset_index(drop=True)


def trending_terms(tests: pd.DataFrame, n: int = 12) -> list[str]:
    """Terms to draw: the strongest rises and falls (half each, by effect size), filled up with the next in the ranking.

    Examples
    --------
    >>> tests = pd.DataFrame({"term": ["疫情", "春節", "口罩"], "rate_ratio": [1.5, 0.6, 1.01],
    ...                       "p": [1e-5, 1e-4, 0.8], "trend": ["rising", "falling", "no clear trend"]})
    >>> trending_terms(tests, 2)
    ['疫情', '春節']
    """
    ranked = rank_trends(tests, "rate_ratio", label="term", ratio=True)
    up = ranked.term[ranked.trend == "rising"].tolist()
    down = ranked.term[ranked.trend == "falling"].tolist()
    half = max(1, n // 2)
    picked = (up[: max(half, n - len(down))] + down[: max(half, n - len(up))])[:n]
    rest = [t for t in ranked.term if t not in set(picked)]
    return picked + rest[: n - len(picked)]


def trend_titles(tests: pd.DataFrame, axis: TimeAxis, *, key: str = "term", top_terms: dict[str, str] | None = None) -> dict[str, str]:
    """Panel titles for :func:`textkit.output.plot.trend_grid` from :func:`trend_tests`, :func:`topic_trends` or an effects' ``trends``.

    ``疫情 ↑ ×1.12 per week (q = 0.003)`` for a keyword; ``topic 3 ↓ -0.4 pt per week`` for a topic's
    slope, ``topic 3 ↑ +4.1 pt over the span`` for the linear trend of a smooth (:attr:`textkit.analysis.effects.Effects.trends`)
    with the topic's top words from ``top_terms`` on a second line.

    Examples
    --------
    >>> axis = time_axis(pd.to_datetime(["2020-01-03", "2020-03-20"]), period="month")
    >>> tests = pd.DataFrame({"term": ["疫情"], "rate_ratio": [1.5], "p_adjusted": [0.001], "trend": ["rising"]})
    >>> trend_titles(tests, axis)
    {'疫情': '疫情 ↑ ×1.5 per month (q = 0.001)'}
    >>> smooth = pd.DataFrame({"topic": ["topic 3"], "first": [0.12], "last": [0.161], "change": [0.041], "trend": ["rising"]})
    >>> trend_titles(smooth, axis, key="topic")
    {'topic 3': 'topic 3 ↑ +4.1 pt over the span'}
    """
    out = {}
    for row in tests.to_dict("records"):
        name = row[key]
        arrow = {"rising": "↑", "falling": "↓"}.get(row["trend"], "→")
        if "change" in row:
            title = f"{name} {arrow} {row['change'] * 100:+.2g} pt over the span" if np.isfinite(row["change"]) else f"{name} → n/a"
        else:
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


def trends_message(tests: pd.DataFrame, *, n: int = 10, min_support: int = MIN_SUPPORT, alpha: float = 0.05) -> str:
    """What a :func:`trend_tests` table says, in three sentences: how many words rise and fall, and the strongest of each.

    Examples
    --------
    >>> tests = pd.DataFrame({"term": ["口罩", "春節", "新聞"], "rate_ratio": [1.5, 0.6, 1.01],
    ...                       "trend": ["rising", "falling", "no clear trend"]})
    >>> print(trends_message(tests, n=5))
    Of 3 words in at least 20 documents: 1 rising, 1 falling (BH-adjusted p < 0.05), 1 without a clear trend.
    Rising most (change per period): 口罩 ×1.5.
    Falling most: 春節 ×0.6.
    """
    ranked = rank_trends(tests, "rate_ratio", label="term", ratio=True)
    up, down = ranked[ranked.trend == "rising"].head(n), ranked[ranked.trend == "falling"].head(n)
    lines = [f"Of {len(tests):,} words in at least {min_support:,} documents: {(tests.trend == 'rising').sum():,} rising, "
             f"{(tests.trend == 'falling').sum():,} falling (BH-adjusted p < {alpha}), "
             f"{(~tests.trend.isin(['rising', 'falling'])).sum():,} without a clear trend."]
    if len(up):
        lines.append("Rising most (change per period): " + ", ".join(f"{t} ×{r:.3g}" for t, r in zip(up.term, up.rate_ratio)) + ".")
    if len(down):
        lines.append("Falling most: " + ", ".join(f"{t} ×{r:.3g}" for t, r in zip(down.term, down.rate_ratio)) + ".")
    return "\n".join(lines)


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
