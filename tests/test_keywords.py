"""Keywords: TF-IDF against the formula, G² against scipy, keyness direction, seed domain terms."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from textkit.errors import ParameterError
from textkit.analysis.keywords import (
    Analyzer,
    group_tokens,
    keyness,
    method_overlap,
    similarity,
    textrank,
    tfidf_matrix,
    top_terms_per_document,
    top_terms_per_group,
)

TOY = [["中關村", "科學城", "中關村", "創新"], ["生命科學園", "創新"], ["海", "中關村"]]


def test_tfidf_matches_the_formula_by_hand():
    vec, X = tfidf_matrix(TOY, sublinear_tf=False, norm=None)
    vocab = vec.vocabulary_
    n = 3
    idf = lambda df: math.log((1 + n) / (1 + df)) + 1  # noqa: E731  scikit-learn's smoothed idf
    assert X[0, vocab["中關村"]] == pytest.approx(2 * idf(2))
    assert X[0, vocab["科學城"]] == pytest.approx(1 * idf(1))
    assert X[1, vocab["創新"]] == pytest.approx(idf(2))
    assert X[2, vocab["海"]] == pytest.approx(idf(1))  # one-character words survive
    _, Xs = tfidf_matrix(TOY, sublinear_tf=True, norm=None)
    assert Xs[0, vocab["中關村"]] == pytest.approx((1 + math.log(2)) * idf(2))
    _, Xn = tfidf_matrix(TOY)
    assert np.allclose(np.sqrt(Xn.multiply(Xn).sum(axis=1)).A.ravel(), 1.0)


def test_ngrams_and_document_frequency_limits():
    assert Analyzer(ngram_range=(2, 2))(["數字", "經濟", "試驗區"]) == ["數字 經濟", "經濟 試驗區"]
    vec, _ = tfidf_matrix(TOY, min_df=2)
    assert set(vec.get_feature_names_out()) == {"中關村", "創新"}
    with pytest.raises(ParameterError, match="no terms"):
        tfidf_matrix(TOY, min_df=5)
    with pytest.raises(ParameterError, match="ngram_range"):
        Analyzer(ngram_range=(2, 1))(["a"])


def test_top_terms_tables():
    vec, X = tfidf_matrix(TOY)
    table = top_terms_per_document(X, vec.get_feature_names_out(), ["a", "b", "c"], n=2)
    assert table[table.document == "c"].term.tolist() == ["海", "中關村"]
    groups = top_terms_per_group(X, vec.get_feature_names_out(), ["x", "x", "y"], n=3)
    assert list(groups) == ["x", "y", "all"]
    assert groups["y"].index[0] == "海"


@pytest.mark.parametrize(("a", "b", "n1", "n2"), [(10, 0, 500, 800), (18, 6, 900, 1500), (3, 40, 200, 1000), (7, 7, 300, 300)])
def test_g2_and_chi2_match_scipy(a, b, n1, n2):
    target = {"詞": a, "其他": n1 - a}
    reference = {"詞": b, "其他": n2 - b}
    row = keyness(target, reference, min_freq=1).set_index("term").loc["詞"]
    table = np.array([[a, b], [n1 - a, n2 - b]], dtype=float)
    expected = stats.contingency.expected_freq(table)
    g2, p = stats.power_divergence(table.ravel(), expected.ravel(), ddof=2, lambda_="log-likelihood")
    chi2 = stats.chi2_contingency(table, correction=False)[0]
    # Tables hold six significant digits (textkit.analysis._ranking.round_sig): half a unit in the sixth digit at most.
    assert abs(row.g2) == pytest.approx(g2, rel=5e-6)
    assert row.p == pytest.approx(p, rel=5e-6)
    assert row.chi2 == pytest.approx(chi2, rel=5e-6)
    assert np.sign(row.g2) == (0 if a / n1 == b / n2 else 1 if a / n1 > b / n2 else -1)


def test_keyness_puts_article_only_terms_on_the_article_side(two_corpora):
    article, headlines = two_corpora
    key = keyness(article, headlines, min_freq=3)
    only_article = {t for t in {t for d in article for t in d} if all(t not in d for d in headlines)}
    frequent = key[key.term.isin(only_article)]
    assert len(frequent) >= 5
    assert (frequent.g2 > 0).all() and (frequent.log_ratio > 0).all()
    assert key.g2.is_monotonic_decreasing
    with pytest.raises(ParameterError):
        keyness([], headlines)


@pytest.fixture(scope="module")
def two_corpora():
    from textkit.engine.pipeline import prepare_documents

    from conftest import SEED_DIR

    docs = prepare_documents(SEED_DIR)
    return docs.tokens[docs.group == "article"].tolist(), docs.tokens[docs.group == "headlines"].tolist()


def test_seed_article_keywords_are_domain_terms(two_corpora):
    article, headlines = two_corpora
    vec, X = tfidf_matrix(article + headlines)
    top = top_terms_per_group(X, vec.get_feature_names_out(), ["article"] * len(article) + ["headlines"] * len(headlines), n=25)
    domain = {"中關村", "科學城", "中關村科學城", "生命科學園", "自貿區", "海澱", "昌平", "科技創新片區", "醫藥健康"}
    assert len(domain & set(top["article"].index)) >= 4
    ranked = textrank(article, n=25)
    assert len(domain & set(ranked.index)) >= 3
    overlap = method_overlap(top["article"], ranked)
    assert 0.2 < overlap["jaccard"] <= 1


def test_headline_one_speaks_to_the_lead(two_corpora):

    from textkit.corpus.load import read_seed

    from conftest import SEED_DIR

    article, headlines = two_corpora
    art = read_seed(SEED_DIR)[0]
    sections = ["導語"] + [s.heading for s in art.sections for _ in s.paragraphs]
    names, merged = group_tokens(article, sections)
    sim = similarity(headlines, merged, row_labels=[f"H{i}" for i in range(1, 21)], column_labels=names)
    assert sim.shape == (20, 4)
    # The first related headline is a republication of this article's lead.
    assert sim.loc["H1"].idxmax() == "導語" and sim.loc["H1"].max() > 2 * sim.drop(index="H1").導語.median()
    assert ((sim.to_numpy() >= 0) & (sim.to_numpy() <= 1 + 1e-9)).all()


def test_textrank_window_and_ties():
    assert textrank([["甲", "乙"], ["丙"]], n=5).index.tolist() == ["乙", "甲"]
    with pytest.raises(ParameterError):
        textrank([["甲"]], window=1)
    assert textrank([["甲"]]).empty


def test_textrank_from_sparse_counts_is_networkx_pagerank(seed_sentences, segmenter):
    """The scipy power iteration gives networkx's PageRank on the same weighted co-occurrence graph."""
    import networkx as nx

    from textkit.analysis.cooccur import count_cooccurrence

    sentences = [segmenter.tokenize(s) for s in seed_sentences]
    graph = nx.Graph()
    for toks in sentences:
        for i, a in enumerate(toks):
            for b in toks[i + 1 : i + 5]:
                if a != b:
                    w = graph.get_edge_data(a, b, {"weight": 0})["weight"]
                    graph.add_edge(a, b, weight=w + 1)
    reference = pd.Series(nx.pagerank(graph, weight="weight", tol=1e-12))
    reference = reference / reference.max()
    ranked = textrank(sentences, n=len(reference))
    assert set(ranked.index) == set(reference.index)
    assert np.allclose(ranked.to_numpy(), reference[ranked.index].to_numpy(), rtol=1e-5)
    # The same counts, given once, give the same ranking: one counting pass for TextRank and the networks.
    counts = count_cooccurrence([[s] for s in sentences], window=5, min_freq=1)
    pd.testing.assert_series_equal(textrank(counts, n=20), textrank(sentences, n=20))
    with pytest.raises(ParameterError, match="window counts"):
        textrank(count_cooccurrence([[s] for s in sentences], context="sentence", min_freq=1))
