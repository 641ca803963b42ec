"""The time axis: periods from the span, documents per period, trends with intervals, tested."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import news_frame

from textkit.analysis.timeline import (
    _poisson_slopes,
    choose_period,
    count_terms_by_period,
    documents_per_period,
    frequent_terms,
    keyword_trends,
    prevalence_over_time,
    time_axis,
    topic_trends,
    trend_tests,
    trend_titles,
    trending_terms,
    trends_from_counts,
    trends_message,
)
from textkit.corpus.load import parse_dates
from textkit.errors import ParameterError


@pytest.fixture(scope="module")
def news(segmenter):
    frame = news_frame()
    with pytest.warns(UserWarning):
        dates = parse_dates(frame.日期, column="日期")
    return frame.assign(tokens=[segmenter.tokenize(t) for t in frame.正文], date=dates)


@pytest.mark.parametrize(
    ("first", "last", "period"),
    [
        ("2020-01-01", "2020-01-01", "day"),
        ("2020-01-01", "2020-02-15", "day"),
        ("2020-01-01", "2020-05-31", "week"),
        ("2019-06-01", "2020-05-31", "week"),
        ("2018-01-01", "2020-05-31", "month"),
        ("2010-01-01", "2020-05-31", "quarter"),
        ("1990-01-01", "2020-05-31", "year"),
    ],
)
def test_the_period_is_chosen_from_the_span(first, last, period):
    assert choose_period(pd.Series(pd.to_datetime([first, last]))) == period


def test_time_axis_keeps_empty_periods_and_undated_documents():
    dates = pd.to_datetime(pd.Series(["2020-01-06 08:00", "2020-01-07 00:00", None, "2020-01-27 00:00", "2020-01-28 00:00"]))
    axis = time_axis(dates, period="week", min_docs=1)
    assert axis.periods.period.tolist() == ["2020-01-06", "2020-01-13", "2020-01-20", "2020-01-27"]
    assert axis.periods.documents.tolist() == [2, 0, 0, 2]
    assert axis.labels.tolist() == ["2020-01-06", "2020-01-06", None, "2020-01-27", "2020-01-27"]
    assert axis.index.tolist()[:2] == [0.0, 0.0] and np.isnan(axis.index[2])
    assert (axis.documents, axis.dated, axis.chosen) == (5, 4, False)
    assert not axis.usable  # two periods with documents: not enough for a trend
    assert "only 2 of 4 weeks" in axis.message
    per = documents_per_period(axis, ["甲", "乙", "甲", "甲", "甲"])
    assert per[per.group == "甲"].documents.tolist() == [1, 0, 0, 2]
    assert per[per.group == "乙"].documents.tolist() == [1, 0, 0, 0]


def test_one_date_is_no_trend():
    from textkit.corpus.load import load_corpus

    docs = load_corpus("seeds")
    axis = time_axis(docs.date)
    assert not axis.usable and (axis.dated, axis.documents) == (20, 40)
    assert "one day (2021-01-20): one date is no trend" in axis.message
    assert "20 without a date" in axis.message
    summary = axis.summary().set_index("what").value
    assert summary["time sections"].startswith("skipped") and summary["without a date"] == "20"


def test_no_dates_at_all():
    axis = time_axis(pd.Series([pd.NaT] * 3))
    assert not axis.usable and axis.message.startswith("None of the 3 documents has a date")


def test_unknown_period_is_a_clear_error():
    with pytest.raises(ParameterError, match="period must be auto, day, week, month, quarter, year"):
        time_axis(pd.to_datetime(["2020-01-01"]), period="fortnight")


def test_keyword_trends_are_relative_frequencies_with_intervals_over_documents(news):
    axis = time_axis(news.date, period="week")
    trends = keyword_trends(news.tokens, axis, ["疫情", "醫院"], n_boot=400)
    assert trends.term.unique().tolist() == ["疫情", "醫院"] and len(trends) == 2 * 8
    dated = news[news.date.notna()]
    week = axis.labels[news.date.notna().to_numpy()].to_numpy()
    first = dated[week == "2020-01-06"]
    expected = 1000 * sum(toks.count("疫情") for toks in first.tokens) / sum(len(t) for t in first.tokens)
    row = trends[(trends.term == "疫情") & (trends.period == "2020-01-06")].iloc[0]
    assert row.per_1000 == pytest.approx(expected, rel=1e-5)
    assert row.ci_low <= row.per_1000 <= row.ci_high
    rising = trends[trends.term == "疫情"].per_1000.to_numpy()
    assert rising[-1] > 3 * rising[0]


def test_an_interval_over_documents_is_wider_when_one_document_holds_the_word():
    dates = pd.Series(pd.to_datetime(["2020-01-01"] * 40 + ["2020-01-02"] * 40 + ["2020-01-03"] * 40))
    spread = [["疫情"] + ["新聞"] * 9 for _ in range(120)]  # one in ten tokens, in every document
    clustered = [["新聞"] * 10 for _ in range(120)]
    for day in range(3):
        clustered[40 * day] = ["疫情"] * 40  # as many occurrences in one document a day
    axis = time_axis(dates, period="day")
    width = {}
    for name, tokens in (("spread", spread), ("clustered", clustered)):
        t = keyword_trends(tokens, axis, ["疫情"], n_boot=400)
        width[name] = (t.ci_high - t.ci_low).mean()
    assert width["spread"] < 1 and width["clustered"] > 50


def test_planted_trends_are_found_and_tested(news):
    axis = time_axis(news.date, period="week")
    tests = trend_tests(news.tokens, axis, frequent_terms(news.tokens, 40))
    by_term = tests.set_index("term")
    assert by_term.at["疫情", "trend"] == "rising" and by_term.at["疫情", "rate_ratio"] > 1.2
    assert by_term.at["春節", "trend"] == "falling" and by_term.at["春節", "rate_ratio"] < 0.85
    assert by_term.at["疫情", "ci_low"] > 1 > by_term.at["春節", "ci_high"]
    others = by_term.drop(["疫情", "春節"])
    assert (others.trend == "no clear trend").mean() >= 0.9  # words without a planted trend
    assert (tests.p_adjusted >= tests.p).all()
    assert trending_terms(tests, 2) == ["疫情", "春節"]
    assert trend_titles(tests, axis)["疫情"].startswith("疫情 ↑ ×")


def test_a_word_that_spiked_once_is_not_a_trend():
    # Eight weeks, 50 documents each; 口罩 steady at one in a hundred tokens, except a burst in the last week.
    rng = np.random.default_rng(3)
    dates, tokens = [], []
    for week in range(8):
        for _ in range(50):
            dates.append(pd.Timestamp("2020-01-06") + pd.Timedelta(days=7 * week))
            doc = ["新聞"] * 99 + ["口罩"] * int(rng.poisson(1.0 if week < 7 else 6.0))
            tokens.append(doc)
    axis = time_axis(pd.Series(dates), period="week")
    out = trend_tests(tokens, axis, ["口罩"]).iloc[0]
    assert out.rate_ratio > 1.1  # the fitted line goes up...
    assert out.trend == "no clear trend"  # ...but one burst is not a trend: the dispersion says so


def test_trend_tests_need_three_periods():
    dates = pd.Series(pd.to_datetime(["2020-01-06"] * 10 + ["2020-01-13"] * 10))
    axis = time_axis(dates, period="week")
    with pytest.raises(ParameterError, match="at least three periods with 5 or more documents; this axis has 2"):
        trend_tests([["疫情"]] * 20, axis, ["疫情"])


def test_topic_prevalence_over_time_and_its_trend():
    rng = np.random.default_rng(0)
    weeks = np.repeat(np.arange(6), 80)
    dates = pd.Series(pd.Timestamp("2020-01-06") + pd.to_timedelta(7 * weeks, unit="D"))
    share = 0.2 + 0.1 * weeks  # topic 0 gains ten points a week
    first = rng.beta(share * 20, (1 - share) * 20)
    theta = pd.DataFrame({"topic 0": first, "topic 1": 1 - first})
    axis = time_axis(dates, period="week")
    prevalence = prevalence_over_time(theta, axis, n_boot=400)
    zero = prevalence[prevalence.topic == "topic 0"]
    assert ((zero.ci_low <= share[::80] + 0.03) & (share[::80] - 0.03 <= zero.ci_high)).all()
    trends = topic_trends(theta, axis).set_index("topic")
    assert trends.at["topic 0", "trend"] == "rising" and trends.at["topic 1", "trend"] == "falling"
    assert trends.at["topic 0", "ci_low"] < 0.1 < trends.at["topic 0", "ci_high"]


def test_lengths_must_match():
    axis = time_axis(pd.to_datetime(["2020-01-01", "2020-01-02"]))
    with pytest.raises(ParameterError, match="3 token lists for a time axis of 2 documents"):
        keyword_trends([["疫情"]] * 3, axis, ["疫情"])


def planted_trend_corpus(seed: int = 0):
    """Ten weeks of news whose volume triples; 口罩 (the planted rising word) goes from 1 to 6 in 2,000 tokens.

    Beside it: 表示, a frequent function word (one token in ten) that drifts up 3 % a week, so often that its p value is
    the smallest of all; 記者, once in every document (its count follows the number of documents, its share of the
    tokens does not move); 名單, a burst in a handful of documents of the last week (too little support for a trend);
    and words without a trend.
    """
    rng = np.random.default_rng(seed)
    background = ["醫院", "患者", "社區", "學校", "經濟", "市場", "企業", "銀行", "比賽", "球隊", "城市", "政府"]
    tokens, dates = [], []
    for week in range(10):
        for _ in range(40 + 8 * week):
            n = 60
            words = list(rng.choice(background, size=n))
            words += ["表示"] * int(rng.poisson(6.0 * 1.03**week))
            words += ["口罩"] * int(rng.poisson(0.03 * 1.25**week * rng.gamma(2.0, 0.5)))
            words.append("記者")
            tokens.append(words)
            dates.append(pd.Timestamp("2020-01-06") + pd.Timedelta(days=7 * week + int(rng.integers(0, 7))))
    for i in range(1, 7):
        tokens[-i] = tokens[-i] + ["名單"] * 3
    return tokens, pd.Series(dates)


def test_a_planted_rising_word_comes_first_not_a_frequent_function_word():
    tokens, dates = planted_trend_corpus()
    axis = time_axis(dates, period="week")
    tests = trend_tests(tokens, axis)
    by_term = tests.set_index("term")
    assert tests.term.iloc[0] == "口罩" and by_term.at["口罩", "trend"] == "rising"
    assert by_term.at["表示", "trend"] == "rising" and by_term.at["表示", "p"] < by_term.at["口罩", "p"]  # ranked by p, 表示 would lead
    assert tests.term.tolist().index("表示") > tests.term.tolist().index("口罩")
    assert by_term.at["記者", "trend"] == "no clear trend"  # follows the corpus' volume only
    assert "名單" not in by_term.index  # six documents: below the minimum support
    assert trending_terms(tests, 1) == ["口罩"]
    assert trends_message(tests).splitlines()[1].startswith("Rising most (change per period): 口罩 ×")


def test_counting_per_period_in_three_shards_gives_the_same_trends():
    tokens, dates = planted_trend_corpus(1)
    axis = time_axis(dates, period="week")
    periods = axis.index.to_numpy()
    whole = count_terms_by_period(tokens, periods)
    parts = [count_terms_by_period(tokens[a:b], periods[a:b]) for a, b in ((0, 100), (100, 333), (333, len(tokens)))]
    merged = parts[1] + parts[2] + parts[0]
    assert merged.counts == whole.counts and merged.doc_counts == whole.doc_counts and merged.tokens == whole.tokens
    pd.testing.assert_frame_equal(trends_from_counts(merged, axis), trend_tests(tokens, axis))


def test_the_trend_fit_is_statsmodels_poisson_glm_with_pearson_dispersion():
    import statsmodels.api as sm

    rng = np.random.default_rng(4)
    x = np.arange(12.0) - 5.5
    exposure = rng.integers(5_000, 20_000, 12).astype(float)
    y = np.column_stack([rng.poisson(exposure * 1e-3 * np.exp(b * x) * rng.lognormal(0, 0.3, 12)) for b in (0.0, 0.05, -0.1, 0.2)])
    y = np.column_stack([y, np.r_[np.zeros(11), 5.0]]).astype(float)  # a word seen in one period: not estimable
    slope, se = _poisson_slopes(y, exposure, x)
    for j in range(4):
        fit = sm.GLM(y[:, j], sm.add_constant(x), family=sm.families.Poisson(), offset=np.log(exposure)).fit()
        assert slope[j] == pytest.approx(fit.params[1], rel=1e-6, abs=1e-10)
        assert se[j] == pytest.approx(fit.bse[1] * np.sqrt(max(1.0, np.sum(fit.resid_pearson**2) / 10)), rel=1e-5)
    assert np.isnan(slope[4]) and np.isnan(se[4])


def test_dates_before_1970_are_dates():
    import pyarrow as pa

    from textkit.analysis.timeline import count_dates

    dates = pd.Series(pd.to_datetime(["1966-05-16", "1969-12-31", "1970-01-02", "1976-10-06", None]))
    axis = time_axis(dates, period="year", min_docs=1)
    assert axis.dated == 4 and axis.periods.documents.sum() == 4
    assert axis.periods.start.dt.year.tolist()[:2] == [1966, 1967]
    counted = count_dates(pa.table({"date": pa.array(dates, type=pa.timestamp("us"))}))  # the store's per-shard count
    assert counted.undated == 1 and counted.cells.documents.sum() == 4
