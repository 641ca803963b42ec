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
from dataclasses import dataclass, field, replace
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
    "DateCounts",
    "count_dates",
    "axis_from_counts",
    "DocumentPatterns",
    "count_patterns",
    "TermSupport",
    "count_support",
    "PeriodTerms",
    "count_period_terms",
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
    labels : Series or None
        The period label of each document (``None`` without a date); ``None``
        for an axis made from a corpus store's counts (no per-document table).
    index : Series or None
        The period index of each document (NaN without a date); ``None`` as ``labels``.
    documents, dated : int
        Documents in all, and with a date.
    chosen : bool
        Whether the period was chosen from the span (``period="auto"``).
    min_docs : int
        Fewest documents a period needs for an interval and to count in a trend test.
    groups : DataFrame
        Dated documents per period and group (:func:`documents_per_period`).
    """

    period: str
    periods: pd.DataFrame
    labels: pd.Series | None
    index: pd.Series | None
    documents: int
    dated: int
    chosen: bool
    min_docs: int = MIN_DOCS
    groups: pd.DataFrame | None = None

    def place(self, days: np.ndarray) -> np.ndarray:
        """The period index of each day code (days since 1970-01-01; :data:`NO_DAY`, a document without a date, becomes -1)."""
        return _place(_start_days(self), days)

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
        with_docs = self.periods[self.periods.documents > 0]
        if len(with_docs) < 2:
            only = with_docs.period.iloc[0]
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


_DAY_US = 86_400_000_000


NO_DAY = np.iinfo(np.int64).min
"""The day code of a document without a date (any other value, negative ones included, is a day: 1966 is -1,326)."""


def _day_codes(dates) -> tuple[np.ndarray, np.ndarray]:
    """Day codes (days since 1970-01-01, :data:`NO_DAY` without a date) and microseconds of an Arrow timestamp column (naive: wall time)."""
    import pyarrow as pa

    if isinstance(dates, pa.ChunkedArray):
        dates = dates.combine_chunks()
    missing = np.iinfo(np.int64).min
    micros = dates.cast(pa.timestamp("us")).cast(pa.int64()).fill_null(missing).to_numpy(zero_copy_only=False).astype(np.int64)
    days = np.floor_divide(micros, _DAY_US)
    days[micros == missing] = NO_DAY
    return days, micros


@dataclass(frozen=True, eq=False)
class DateCounts:
    """Dated documents per day and group, of one shard or (merged) of the whole corpus: what a :class:`TimeAxis` is made of.

    Attributes
    ----------
    cells : DataFrame
        ``day`` (days since 1970-01-01), ``group``, ``documents``; sorted by day and group.
    group_first : Series
        Per group, the smallest row (input position) of a dated document of it: groups are listed in order of first appearance.
    first, last : int or None
        The earliest and latest date, in microseconds since 1970 (``None``: no date).
    documents, undated : int

    Notes
    -----
    Integer counts, a minimum and a maximum: :meth:`merge` is exact,
    associative and commutative.  A partial holds (days x groups) cells at
    most: a few thousand for a decade of one outlet, whatever the number of
    documents.
    """

    cells: pd.DataFrame
    group_first: pd.Series
    first: int | None
    last: int | None
    documents: int
    undated: int

    def merge(self, other: DateCounts) -> DateCounts:
        """The counts of both."""
        cells = (pd.concat([self.cells, other.cells], ignore_index=True).groupby(["day", "group"], sort=True, as_index=False)
                 ["documents"].sum())
        firsts = pd.concat([self.group_first, other.group_first]).groupby(level=0).min().astype(np.int64)
        bounds = [v for v in (self.first, other.first) if v is not None], [v for v in (self.last, other.last) if v is not None]
        return DateCounts(cells.astype({"day": np.int64, "documents": np.int64}), firsts, min(bounds[0]) if bounds[0] else None,
                          max(bounds[1]) if bounds[1] else None, self.documents + other.documents, self.undated + other.undated)

    __add__ = merge


def count_dates(table) -> DateCounts:
    """Count one shard's dated documents per day and group (a task: any number of documents).

    Parameters
    ----------
    table : pyarrow.Table
        With ``date`` (timestamp, naive wall time), and optionally ``group``
        (default ``all``) and ``row`` (the input position; default 0, 1, …).

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"date": pa.array(pd.to_datetime(["2020-01-01 08:00", None, "2020-01-01 22:00"]))})
    >>> c = count_dates(t)
    >>> c.cells.values.tolist(), c.undated
    ([[18262, 'all', 2]], 1)
    """
    n = table.num_rows
    days, micros = _day_codes(table.column("date"))
    dated = days != NO_DAY
    groups = (np.array(["" if g is None else str(g) for g in table.column("group").to_pylist()], dtype=object)
              if "group" in table.column_names else np.full(n, "all", dtype=object))
    rows = table.column("row").to_numpy().astype(np.int64) if "row" in table.column_names else np.arange(n, dtype=np.int64)
    frame = pd.DataFrame({"day": days[dated], "group": groups[dated], "row": rows[dated]})
    cells = frame.groupby(["day", "group"], sort=True, as_index=False).size().rename(columns={"size": "documents"})
    firsts = frame.groupby("group")["row"].min().astype(np.int64)
    return DateCounts(cells.astype({"day": np.int64, "documents": np.int64}), firsts,
                      int(micros[dated].min()) if dated.any() else None, int(micros[dated].max()) if dated.any() else None,
                      n, int((~dated).sum()))



def _reduce(parts):
    total = None
    for part in parts:
        total = part if total is None else total.merge(part)
    return total


def _is_corpus(source) -> bool:
    """A prepared corpus (its store and executor), rather than a sequence of dates or token lists."""
    return hasattr(source, "map_shards") and hasattr(source, "counts")


def time_axis(dates, *, period: Period = "auto", min_docs: int = MIN_DOCS) -> TimeAxis:
    """Place documents on a time axis: each dated document in its period.

    Parameters
    ----------
    dates : sequence of datetime, or PreparedCorpus
        One per document (``NaT`` for none), e.g. the document table's
        ``date``; or a corpus in its store
        (:func:`textkit.engine.prepared.open_corpus`), whose dates are counted
        per day and group shard by shard (:func:`count_dates`): the axis then
        has no per-document ``labels``/``index``.
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
    if _is_corpus(dates):
        counts = _reduce(dates.iter_shards(count_dates, columns=["row", "group", "date"], stage="counting dates"))
        if counts is None:
            counts = count_dates(_empty_dates())
        return axis_from_counts(counts, period=period, min_docs=min_docs)
    import pyarrow as pa

    dates = pd.Series(pd.to_datetime(pd.Series(list(dates), dtype=object)), dtype="datetime64[us]").reset_index(drop=True)
    counts = count_dates(pa.table({"date": pa.Array.from_pandas(dates, type=pa.timestamp("us"))}))
    axis = axis_from_counts(counts, period=period, min_docs=min_docs)
    days = _day_codes(pa.Array.from_pandas(dates, type=pa.timestamp("us")))[0]
    index = axis.place(days) if len(axis.periods) else np.full(len(days), -1)
    labels = axis.periods.period.to_numpy()
    doc_index = pd.Series(np.where(index >= 0, index, np.nan), dtype=float)
    doc_labels = pd.Series([labels[i] if i >= 0 else None for i in index], dtype=object)
    return replace(axis, labels=doc_labels, index=doc_index)


def _empty_dates():
    import pyarrow as pa

    return pa.table({"date": pa.array([], type=pa.timestamp("us"))})


def axis_from_counts(counts: DateCounts, *, period: Period = "auto", min_docs: int = MIN_DOCS) -> TimeAxis:
    """The time axis of merged :class:`DateCounts` (see :func:`time_axis`): periods, documents per period and group."""
    chosen = period == "auto"
    cells = counts.cells
    if counts.first is not None:
        first, last = pd.Timestamp(counts.first, unit="us"), pd.Timestamp(counts.last, unit="us")
        period = choose_period(pd.Series([first, last])) if chosen else period
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            full = pd.period_range(first.to_period(_FREQ[period]), last.to_period(_FREQ[period]), freq=_FREQ[period])
        starts = full.start_time.astype("datetime64[us]")
        start_days = starts.to_numpy().astype("datetime64[D]").astype(np.int64)
        cell_period = np.searchsorted(start_days, cells.day.to_numpy(), side="right") - 1
        per_period = np.bincount(cell_period, weights=cells.documents.to_numpy(), minlength=len(full)).astype(np.int64)
        periods = pd.DataFrame({"period": [_label(p, period) for p in full], "start": starts, "index": range(len(full)),
                                "documents": per_period})
        periods.attrs.update(first_date=first, last_date=last)
        names = sorted(counts.group_first.index, key=lambda g: (int(counts.group_first[g]), str(g)))
        gpos = {g: j for j, g in enumerate(names)}
        grid = np.zeros((len(full), len(names)), dtype=np.int64)
        np.add.at(grid, (cell_period, cells.group.map(gpos).to_numpy(dtype=np.int64)), cells.documents.to_numpy())
        groups = pd.DataFrame({"period": np.repeat(periods.period.to_numpy(), len(names)),
                               "start": np.repeat(periods.start.to_numpy(), len(names)),
                               "group": np.tile(np.array(names, dtype=object), len(full)), "documents": grid.ravel()})
    else:
        period = "day" if chosen else period
        periods = pd.DataFrame({"period": pd.Series(dtype=str), "start": pd.Series(dtype="datetime64[us]"),
                                "index": pd.Series(dtype=int), "documents": pd.Series(dtype=int)})
        groups = pd.DataFrame(columns=["period", "start", "group", "documents"])
    return TimeAxis(period=period, periods=periods, labels=None, index=None, documents=int(counts.documents),
                    dated=int(counts.documents - counts.undated), chosen=chosen, min_docs=int(min_docs), groups=groups)


def documents_per_period(axis: TimeAxis, groups: Sequence | None = None) -> pd.DataFrame:
    """Dated documents per period (and per group), empty periods included.

    Parameters
    ----------
    axis : TimeAxis
    groups : sequence, optional
        The group of each document (an axis of per-document dates); by
        default the groups the axis counted (a corpus store's), or ``all``.

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
    if groups is None:
        return axis.groups.reset_index(drop=True)
    groups = [str(g) for g in groups]
    if axis.labels is None:
        raise ParameterError("this time axis was counted from a corpus store: its groups are in it (documents_per_period(axis))")
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
    if axis.labels is None:
        raise ParameterError("this time axis was counted from a corpus store: give the corpus, not token lists")
    if len(tokens) != axis.documents:
        raise ParameterError(f"{len(tokens)} token lists for a time axis of {axis.documents} documents")
    return tokens


def _start_days(axis: TimeAxis) -> np.ndarray:
    return axis.periods.start.to_numpy().astype("datetime64[D]").astype(np.int64)


def _place(start_days: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The period index of each day code (-1 for :data:`NO_DAY`, a document without a date), periods given by their first days."""
    days = np.asarray(days, dtype=np.int64)
    out = np.searchsorted(start_days, days, side="right").astype(np.int64) - 1
    out[days == NO_DAY] = -1
    return out


@dataclass(frozen=True, eq=False)
class DocumentPatterns:
    """The dated documents of a shard (or, merged, of the corpus) as distinct rows ``(period, tokens, count of each term)`` and how many documents each row stands for.

    What the bootstrap of :func:`keyword_trends` resamples: drawing ``n``
    documents of a period with replacement is drawing its distinct rows
    with probabilities proportional to their documents (a multinomial over
    the rows instead of over the documents), the same distribution.

    Attributes
    ----------
    rows : ndarray of int64, (U, 2 + k)
        Sorted, distinct.
    documents : ndarray of int64, (U,)

    Notes
    -----
    Integer counts of distinct rows: :meth:`merge` is exact, associative and
    commutative.  Most documents hold none of the few terms drawn, so the
    rows are about (periods x distinct lengths) plus the documents that hold
    a term: far fewer than the documents.
    """

    rows: np.ndarray
    documents: np.ndarray

    def merge(self, other: DocumentPatterns) -> DocumentPatterns:
        return _patterns(np.vstack([self.rows, other.rows]), np.concatenate([self.documents, other.documents]))

    __add__ = merge


def _patterns(rows: np.ndarray, weights: np.ndarray) -> DocumentPatterns:
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return DocumentPatterns(rows.reshape(0, rows.shape[1]), np.zeros(0, dtype=np.int64))
    unique, inverse = np.unique(rows, axis=0, return_inverse=True)
    total = np.zeros(len(unique), dtype=np.int64)
    np.add.at(total, inverse.ravel(), np.asarray(weights, dtype=np.int64))
    return DocumentPatterns(unique, total)


def count_patterns(periods: np.ndarray, lengths: np.ndarray, counts: np.ndarray) -> DocumentPatterns:
    """:class:`DocumentPatterns` of some documents: their period index (-1: none, left out), tokens and term counts (n x k).

    Examples
    --------
    >>> p = count_patterns(np.array([0, 0, 1, -1]), np.array([3, 3, 2, 5]), np.array([[1], [1], [0], [2]]))
    >>> p.rows.tolist(), p.documents.tolist()
    ([[0, 3, 1], [1, 2, 0]], [2, 1])
    """
    periods = np.asarray(periods, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64).reshape(len(periods), -1)
    dated = periods >= 0
    rows = np.column_stack([periods, np.asarray(lengths, dtype=np.int64), counts])[dated]
    return _patterns(rows, np.ones(len(rows), dtype=np.int64))


def _pattern_item(table, terms: list[str], start_days: np.ndarray) -> DocumentPatterns:
    """One shard's :class:`DocumentPatterns` (a task of :func:`keyword_trends` on a corpus store)."""
    import pyarrow.compute as pc

    from textkit.engine.counts import document_term

    periods = _place(start_days, _day_codes(table.column("date"))[0])
    lengths = pc.list_value_length(table.column("tokens")).fill_null(0).to_numpy(zero_copy_only=False)
    return count_patterns(periods, lengths, document_term(table, terms).toarray())


def keyword_trends(
    tokens,
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
    tokens : sequence of token lists, or PreparedCorpus
        One per document, in the order of the axis; or a corpus in its
        store (with the axis :func:`time_axis` counted from it): each shard
        counts its documents' distinct (period, tokens, term counts) rows
        (:class:`DocumentPatterns`), merged exactly.
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
    token-level (binomial) interval would be far too narrow.  The
    resampling draws the period's distinct document rows with their
    multiplicities (:class:`DocumentPatterns`): exactly the bootstrap
    distribution of resampling the documents themselves, at a cost that
    grows with the distinct rows, not the documents.  The random draws (not
    their distribution) differ from a draw per document, so the interval
    ends differ from such a resampling's by Monte Carlo error only; they do
    not depend on how the corpus is cut (the merged rows are the same).
    """
    terms = list(terms)
    if _is_corpus(tokens):
        patterns = _reduce(tokens.iter_shards(_pattern_item, terms, _start_days(axis), columns=["date", "tokens"],
                                          stage="counting keyword trends"))
        if patterns is None:
            patterns = DocumentPatterns(np.zeros((0, 2 + len(terms)), dtype=np.int64), np.zeros(0, dtype=np.int64))
    else:
        tokens = _check_tokens(tokens, axis)
        periods = axis.index.fillna(-1).to_numpy().astype(np.int64)
        patterns = count_patterns(periods, np.array([len(t) for t in tokens], dtype=np.int64), _count_matrix(tokens, terms).toarray())
    rows, weights = patterns.rows, patterns.documents
    labels = axis.periods.period.to_numpy()[rows[:, 0]].tolist() if len(rows) else []
    lengths = rows[:, 1].astype(np.float64)
    counts = rows[:, 2:].astype(np.float64)
    out = ratio_intervals(counts, lengths, labels, weights=weights, n_boot=n_boot, level=level, min_docs=min_docs or axis.min_docs,
                          random_state=random_state, columns=terms, order=axis.periods.period.tolist())
    per_period_tokens = pd.Series(lengths * weights).groupby(labels).sum() if len(labels) else pd.Series(dtype=float)
    per_period_counts = pd.DataFrame(counts * weights[:, None], columns=terms).groupby(labels).sum() if len(labels) else None
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
    tokens,
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
    tokens : sequence of token lists, or PreparedCorpus
        One per document, in the order of the axis; or a corpus in its
        store, with the axis :func:`time_axis` counted from it: the counts
        per period and term come from its
        :meth:`~textkit.engine.counts.Counts.by_period`, the support (the
        documents of the periods tested that hold a term) is counted per
        shard (:func:`count_support`) and merged: the same numbers.
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
    if _is_corpus(tokens):
        return _corpus_trend_tests(tokens, axis, terms, min_support=min_support, alpha=alpha, level=level, min_docs=min_docs)
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
    used = _check_trend_arguments(axis, min_support, alpha, level, min_docs)
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
    return _trend_table(tested, [int(support[t]) for t in tested], y, exposure, index, alpha=alpha, level=level)


def _check_trend_arguments(axis: TimeAxis, min_support: int, alpha: float, level: float, min_docs: int | None) -> pd.DataFrame:
    """The periods a trend test regresses on, after checking its arguments."""
    if not 0 < alpha < 1:
        raise ParameterError(f"alpha must be between 0 and 1 (got {alpha!r})")
    check_level(level, 1000)
    if not isinstance(min_support, (int, np.integer)) or isinstance(min_support, bool) or min_support < 1:
        raise ParameterError(f"min_support must be a whole number of at least 1 (got {min_support!r})")
    return _period_rows(axis, min_docs)


def _trend_table(tested: list[str], support: Sequence[int], y: np.ndarray, exposure: np.ndarray, index: np.ndarray, *,
                 alpha: float, level: float) -> pd.DataFrame:
    """The tests of :func:`trends_from_counts`: ``y`` (periods used x terms tested) counts, ``exposure`` tokens per period used."""
    from scipy import stats

    ok = exposure > 0
    x = index.astype(np.float64)
    x = x - x[ok].mean() if ok.any() else x
    df = int(ok.sum()) - 2
    slope, se = _poisson_slopes(y[ok], exposure[ok], x[ok]) if df > 0 and len(tested) else (np.full(len(tested), np.nan),) * 2
    with np.errstate(invalid="ignore", divide="ignore"):
        t_stat = slope / se
    p_value = np.where(np.isfinite(t_stat), 2 * stats.t.sf(np.abs(t_stat), max(df, 1)), np.nan)
    quantile = stats.t.ppf(0.5 + level / 2, max(df, 1))
    out = pd.DataFrame({"term": tested, "documents": np.asarray(support, dtype=np.int64), "count": y.sum(axis=0).astype(np.int64),
                        "slope": slope, "t": t_stat, "p": p_value})
    out["rate_ratio"] = np.exp(slope)
    out["ci_low"] = np.exp(slope - quantile * se)
    out["ci_high"] = np.exp(slope + quantile * se)
    out["p_adjusted"] = _bh(out.p.to_numpy())
    out = round_sig(out)
    out["trend"] = _direction(out.slope.to_numpy(), out.p_adjusted.to_numpy(), alpha)
    columns = ["term", "documents", "count", "rate_ratio", "ci_low", "ci_high", "t", "p", "p_adjusted", "trend"]
    return rank_trends(out[columns], "rate_ratio", label="term", ratio=True)


@dataclass(frozen=True, eq=False)
class TermSupport:
    """Documents that hold each term, among those of some periods, in one shard or (merged) the corpus.

    Attributes
    ----------
    table : DataFrame
        ``term``, ``documents``: sorted by term.

    Notes
    -----
    Integer counts: :meth:`merge` is exact, associative and commutative; a
    partial holds the shard's vocabulary (the corpus' once merged).
    """

    table: pd.DataFrame

    def merge(self, other: TermSupport) -> TermSupport:
        both = pd.concat([self.table, other.table], ignore_index=True)
        return TermSupport(both.groupby("term", sort=True, as_index=False)["documents"].sum().astype({"documents": np.int64}))

    __add__ = merge


def count_support(table, start_days: np.ndarray, periods: np.ndarray) -> TermSupport:
    """Documents holding each term, among one shard's documents dated in ``periods`` (indices of periods starting on ``start_days``).

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"date": pa.array(pd.to_datetime(["2020-01-01", "2020-01-09", None])),
    ...               "tokens": pa.array([["疫情", "疫情"], ["疫情", "口罩"], ["疫情"]], type=pa.list_(pa.string()))})
    >>> starts = np.array([18262, 18269])  # two weeks' first days
    >>> count_support(t, starts, np.array([0, 1])).table.values.tolist()
    [['口罩', 1], ['疫情', 2]]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    keep = np.isin(_place(start_days, _day_codes(table.column("date"))[0]), np.asarray(periods, dtype=np.int64))
    tokens = table.column("tokens").filter(pa.array(keep))
    tokens = tokens.combine_chunks() if isinstance(tokens, pa.ChunkedArray) else tokens
    values = pc.list_flatten(tokens)
    if len(values) == 0:
        return TermSupport(pd.DataFrame({"term": pd.Series(dtype=object), "documents": pd.Series(dtype=np.int64)}))
    if pa.types.is_dictionary(values.type):
        values = values.cast(pa.string())
    encoded = pc.dictionary_encode(values)
    V = len(encoded.dictionary)
    doc = pc.list_parent_indices(tokens).to_numpy().astype(np.int64)
    cells = np.unique(doc * V + encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64))
    frame = pd.DataFrame({"term": encoded.dictionary.to_pylist(), "documents": np.bincount(cells % V, minlength=V).astype(np.int64)})
    return TermSupport(frame.sort_values("term", kind="stable").reset_index(drop=True))


@dataclass(frozen=True, eq=False)
class PeriodTerms:
    """Occurrences of some terms per period (periods x terms) and tokens per period, of one shard or (merged) the corpus.

    Integer sums: :meth:`merge` is exact, associative and commutative.
    """

    counts: sparse.csr_matrix
    tokens: np.ndarray

    def merge(self, other: PeriodTerms) -> PeriodTerms:
        return PeriodTerms((self.counts + other.counts).tocsr(), self.tokens + other.tokens)

    __add__ = merge


def count_period_terms(table, terms: list[str], start_days: np.ndarray) -> PeriodTerms:
    """:class:`PeriodTerms` of one shard, for the periods starting on ``start_days`` (a task).

    What :meth:`~textkit.engine.counts.Counts.by_period` holds, for the
    terms given, when the store's counts are by month and a test asks for
    days or weeks.

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"date": pa.array(pd.to_datetime(["2020-01-01", "2020-01-09", None])),
    ...               "tokens": pa.array([["疫情", "疫情"], ["疫情", "口罩"], ["疫情"]], type=pa.list_(pa.string()))})
    >>> c = count_period_terms(t, ["疫情"], np.array([18262, 18269]))
    >>> c.counts.toarray().tolist(), c.tokens.tolist()
    ([[2], [1]], [2, 2])
    """
    import pyarrow.compute as pc

    from textkit.engine.counts import document_term

    periods = _place(start_days, _day_codes(table.column("date"))[0])
    dated = np.flatnonzero(periods >= 0)
    lengths = pc.list_value_length(table.column("tokens")).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    roll = sparse.csr_matrix((np.ones(len(dated), dtype=np.int64), (periods[dated], dated)), shape=(len(start_days), table.num_rows))
    return PeriodTerms((roll @ document_term(table, terms)).tocsr(), roll @ lengths)


def _corpus_trend_tests(corpus, axis: TimeAxis, terms: Sequence[str] | None, *, min_support: int, alpha: float, level: float,
                        min_docs: int | None) -> pd.DataFrame:
    """:func:`trend_tests` of a corpus store: period x term counts from its :class:`~textkit.engine.counts.Counts`, support per shard."""
    used = _check_trend_arguments(axis, min_support, alpha, level, min_docs)
    index = used["index"].to_numpy(dtype=np.int64)
    counts = corpus.counts()
    try:
        table, matrix = counts.by_period(axis.period)
    except ParameterError:  # counted by month (a span over a year), tested by day or week: the tested terms are counted below
        table = matrix = None
    support = _reduce(corpus.iter_shards(count_support, _start_days(axis), index, columns=["date", "tokens"],
                                     stage="counting trend support"))
    support = support.table if support is not None else pd.DataFrame({"term": [], "documents": []})
    documents = dict(zip(support.term, support.documents.astype(np.int64)))
    if terms is None:
        tested = support.term[support.documents >= min_support].tolist()  # sorted by term
    else:
        tested = list(dict.fromkeys(terms))
    if matrix is None:
        per_period = _reduce(corpus.iter_shards(count_period_terms, tested, _start_days(axis), columns=["date", "tokens"],
                                            stage="counting trends"))
        y = per_period.counts[index].toarray().astype(np.float64)
        exposure = per_period.tokens[index].astype(np.float64)
        return _trend_table(tested, [documents.get(t, 0) for t in tested], y, exposure, index, alpha=alpha, level=level)
    row_of = {_label(p, axis.period): i for i, p in enumerate(table.period)}
    rows = np.array([row_of.get(label, -1) for label in used.period], dtype=np.int64)
    column = pd.Index(counts.terms.term).get_indexer(tested)
    found = column >= 0
    y = np.zeros((len(index), len(tested)))
    have = rows >= 0
    if found.any() and have.any():
        y[np.ix_(have, found)] = matrix[rows[have]][:, column[found]].toarray()
    exposure = np.zeros(len(index))
    exposure[have] = table.tokens.to_numpy(dtype=np.float64)[rows[have]]
    return _trend_table(tested, [documents.get(t, 0) for t in tested], y, exposure, index, alpha=alpha, level=level)


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
