"""Notebook 01's descriptions and notebook 05's time axis and keyword trends from the corpus store: one shard = three merged = the document table."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from textkit.errors import DateWarning, EmptyDocumentsWarning

GROUPS = ["財經", "體育", "科技"]


@pytest.fixture(scope="module")
def news(tmp_path_factory, generated_documents) -> Path:
    """300 news-length documents in three sections over ten weeks; 口罩 planted in ever more documents, a few undated."""
    path = tmp_path_factory.mktemp("news") / "news.csv"
    start = pd.Timestamp("2020-01-06")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "section", "date", "text"])
        writer.writeheader()
        for i, text in enumerate(generated_documents):
            week = (i * 7) % 70 // 7
            date = "" if i % 50 == 7 else f"{start + pd.Timedelta(days=(i * 7) % 70 + i % 5, hours=i % 13):%Y-%m-%d %H:%M}"
            planted = f"第{i}批口罩到貨，口罩供應緊張。" * (1 + week // 3) if (i // 10) % 10 < week else ""
            writer.writerow({"id": f"n{i:03d}", "section": GROUPS[i % 3], "date": date, "text": planted + text})
    return path


def _open(news: Path, store: Path, shard_chars: int):
    from textkit.engine.prepared import open_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        warnings.simplefilter("ignore", DateWarning)  # six documents without a date, on purpose
        return open_corpus(news, store=store, shard_chars=shard_chars, id_column="id", group_column="section", date_column="date",
                           discover_words=False, repeated=False)


@pytest.fixture(scope="module")
def corpora(news, tmp_path_factory):
    """The same corpus as one shard and as several."""
    one = _open(news, tmp_path_factory.mktemp("one"), 10**9)
    many = _open(news, tmp_path_factory.mktemp("many"), 60_000)
    assert one.store.n_shards == 1 and many.store.n_shards >= 3
    return one, many


@pytest.fixture(scope="module")
def docs(corpora):
    return corpora[0].documents(["doc_id", "group", "date", "text", "tokens"])


def test_the_time_axis_counted_per_shard_is_that_of_the_dates(corpora, docs):
    from textkit.analysis.timeline import documents_per_period, time_axis

    expected = time_axis(docs.date, period="week")
    assert expected.dated == 294 and expected.usable
    for corpus in corpora:
        axis = time_axis(corpus, period="week")
        pd.testing.assert_frame_equal(axis.periods, expected.periods)
        assert axis.periods.attrs == expected.periods.attrs and axis.summary().equals(expected.summary())
        assert axis.message == expected.message and axis.labels is None
        pd.testing.assert_frame_equal(documents_per_period(axis), documents_per_period(expected, docs.group))
        assert documents_per_period(axis).group.unique().tolist() == ["財經", "體育", "科技"]  # as they first appear
    assert time_axis(corpora[1]).period == expected.period == time_axis(docs.date).period == "week"


def test_trend_tests_from_the_store_are_those_of_the_token_lists(corpora, docs):
    from textkit.analysis.timeline import time_axis, trend_tests

    expected = trend_tests(docs.tokens, time_axis(docs.date, period="week"), min_support=20)
    assert expected.set_index("term").at["口罩", "trend"] == "rising" and len(expected) > 100
    for corpus in corpora:
        got = trend_tests(corpus, time_axis(corpus, period="week"), min_support=20)
        pd.testing.assert_frame_equal(got, expected)
    chosen = trend_tests(corpora[1], time_axis(corpora[1], period="week"), ["緊張", "口罩", "沒有這個詞"])
    assert chosen.term.tolist()[:2] == ["口罩", "緊張"] and chosen.set_index("term").at["沒有這個詞", "count"] == 0


def test_keyword_trends_resample_the_same_document_rows_however_cut(corpora, docs):
    from textkit.analysis.timeline import keyword_trends, time_axis

    doc_axis = time_axis(docs.date, period="week")
    expected = keyword_trends(docs.tokens, doc_axis, ["口罩", "發展"], n_boot=200)
    for corpus in corpora:
        got = keyword_trends(corpus, time_axis(corpus, period="week"), ["口罩", "發展"], n_boot=200)
        pd.testing.assert_frame_equal(got, expected)
    first = expected[(expected.term == "口罩") & (expected.period == "2020-02-10")].iloc[0]
    week = doc_axis.labels == "2020-02-10"
    assert first.documents == int(week.sum())
    assert first["count"] == sum(t.count("口罩") for t in docs.tokens[week]) > 0
    assert first.tokens == sum(len(t) for t in docs.tokens[week])
    assert first.per_1000 == pytest.approx(1000 * first["count"] / first.tokens, rel=1e-5) and first.ci_low < first.per_1000 < first.ci_high


def test_a_bootstrap_over_distinct_rows_is_the_bootstrap_over_documents():
    """Rows with multiplicities draw as many documents as the rows written out: the same distribution of the ratio."""
    from textkit.analysis._bootstrap import ratio_intervals

    rng = np.random.default_rng(3)
    counts = rng.poisson(0.5, size=(400, 1)).astype(float)
    lengths = rng.integers(5, 9, size=400).astype(float)
    rows, weights = np.unique(np.column_stack([lengths, counts]), axis=0, return_counts=True)
    plain = ratio_intervals(counts, lengths, ["甲"] * 400, n_boot=4000, random_state=1)
    grouped = ratio_intervals(rows[:, 1:], rows[:, 0], ["甲"] * len(rows), weights=weights, n_boot=4000, random_state=1)
    assert grouped.documents[0] == 400 and len(rows) < 40
    assert grouped.estimate[0] == pytest.approx(plain.estimate[0], rel=1e-12)
    assert grouped.ci_low[0] == pytest.approx(plain.ci_low[0], rel=0.02) and grouped.ci_high[0] == pytest.approx(plain.ci_high[0], rel=0.02)


def test_the_descriptions_of_notebook_01_are_those_of_the_document_table(corpora, docs):
    from textkit.analysis.describe import (
        corpus_overview,
        corpus_profile,
        group_top_terms,
        length_distribution,
        length_parts,
        lengths,
        overview,
        top_terms,
    )

    expected = overview(docs)
    per_document = lengths(docs)
    for corpus in corpora:
        profile = corpus_profile(corpus)
        pd.testing.assert_frame_equal(corpus_overview(profile, corpus.counts()), expected)
        pd.testing.assert_frame_equal(pd.concat(list(length_parts(corpus)), ignore_index=True), per_document)
        values, weights = length_distribution(profile)
        assert list(values) == ["財經", "體育", "科技"]
        for g, part in per_document.groupby("group"):
            sizes = part.characters.value_counts().sort_index()
            assert values[g].tolist() == sizes.index.tolist() and weights[g].tolist() == sizes.tolist()
        top = group_top_terms(corpus.counts(), expected.index.tolist(), n=15)
        for g, part in docs.groupby("group"):
            pd.testing.assert_series_equal(top[g], top_terms(part.tokens, n=15))


def test_trend_tests_by_week_on_counts_by_month_count_the_tested_terms_per_shard(corpora, docs, monkeypatch):
    """A corpus spanning over a year is counted by month: a test by week counts its terms per shard instead, to the same table."""
    from textkit.analysis.timeline import time_axis, trend_tests
    from textkit.engine.counts import Counts
    from textkit.errors import ParameterError

    expected = trend_tests(corpora[0], time_axis(corpora[0], period="week"), min_support=20)

    def by_month_only(self, period):
        raise ParameterError("these counts are by month")

    monkeypatch.setattr(Counts, "by_period", by_month_only)
    for corpus in corpora:
        pd.testing.assert_frame_equal(trend_tests(corpus, time_axis(corpus, period="week"), min_support=20), expected)


def test_the_partials_merge_in_any_order(corpora):
    """Each per-shard count merged forwards, backwards and as one shard: the same totals."""
    from textkit.analysis.describe import profile_documents
    from textkit.analysis.timeline import (
        count_dates,
        count_patterns,
        count_support,
        time_axis,
    )

    one, many = corpora
    axis = time_axis(one, period="week")
    starts = axis.periods.start.to_numpy().astype("datetime64[D]").astype(np.int64)
    cases = [(count_dates, ["row", "group", "date"], ()), (profile_documents, ["row", "group", "text", "tokens"], ()),
             (count_support, ["date", "tokens"], (starts, np.arange(len(starts))))]
    for fn, columns, args in cases:
        parts = many.map_shards(fn, *args, columns=columns)
        whole = one.map_shards(fn, *args, columns=columns)[0]
        forward, backward = parts[0], parts[-1]
        for p in parts[1:]:
            forward = forward + p
        for p in parts[-2::-1]:
            backward = p + backward
        for merged in (forward, backward):
            for name in ("cells", "group_first", "groups", "lengths", "table"):
                if hasattr(whole, name):
                    a, b = getattr(merged, name), getattr(whole, name)
                    (pd.testing.assert_series_equal if isinstance(b, pd.Series) else pd.testing.assert_frame_equal)(
                        a.reset_index(drop=True) if isinstance(a, pd.DataFrame) else a,
                        b.reset_index(drop=True) if isinstance(b, pd.DataFrame) else b)
    a = count_patterns(np.array([0, 1, 0]), np.array([3, 2, 3]), np.array([[1], [0], [1]]))
    b = count_patterns(np.array([1, -1]), np.array([2, 4]), np.array([[0], [2]]))
    assert (a + b).rows.tolist() == (b + a).rows.tolist() == [[0, 3, 1], [1, 2, 0]] and (a + b).documents.tolist() == [2, 2]
