"""Topics: planted topics recovered, reproducible seeds, sweep shape, stability, NMF."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textkit.errors import ParameterError
from textkit.analysis.topics import (
    BowCorpus,
    build_corpus,
    choose_k,
    document_topics,
    fit_gibbs_lda,
    fit_lda,
    fit_nmf,
    ldavis,
    stability,
    sweep,
    topic_terms,
)
from textkit.output.report import ldavis_html

SCIENCE = ["中關村", "科學城", "創新", "企業", "孵化器", "區塊鏈", "數字經濟", "人工智慧"]
HEALTH = ["生命科學園", "醫藥", "健康", "臨床", "醫院", "藥品", "基因", "治療"]


@pytest.fixture(scope="module")
def planted():
    rng = np.random.default_rng(0)
    docs = [list(rng.choice(SCIENCE if i % 2 else HEALTH, size=12)) for i in range(60)]
    dictionary, corpus, empty = build_corpus(docs, no_below=1, no_above=1.0)
    return docs, dictionary, corpus


def test_corpus_is_reiterable(planted):
    _, _, corpus = planted
    assert isinstance(corpus, BowCorpus)
    assert list(corpus) == list(corpus) and len(list(corpus)) == 60


def test_planted_topics_are_recovered(planted):
    docs, dictionary, corpus = planted
    model = fit_lda(corpus, dictionary, k=2, random_state=0)
    terms = topic_terms(model, n=8)
    sets = [set(g.term) for _, g in terms.groupby("topic")]
    assert sorted(sets, key=lambda s: min(s)) == sorted([set(SCIENCE), set(HEALTH)], key=lambda s: min(s))
    theta = document_topics(model, corpus)
    dominant = theta.to_numpy().argmax(axis=1)
    assert len(set(dominant[::2])) == 1 and len(set(dominant[1::2])) == 1 and dominant[0] != dominant[1]
    assert np.allclose(theta.sum(axis=1), 1, atol=1e-6)


def test_same_seed_same_topics(planted):
    docs, dictionary, corpus = planted
    a = topic_terms(fit_lda(corpus, dictionary, k=3, random_state=5))
    b = topic_terms(fit_lda(corpus, dictionary, k=3, random_state=5))
    pd.testing.assert_frame_equal(a, b)


def test_stability_of_identical_and_disjoint_runs():
    a = pd.DataFrame({"topic": [0, 0, 1, 1], "rank": [1, 2, 1, 2], "term": ["甲", "乙", "丙", "丁"]})
    swapped = a.assign(topic=1 - a.topic)  # same topics, other order
    other = pd.DataFrame({"topic": [0, 0, 1, 1], "rank": [1, 2, 1, 2], "term": ["戊", "己", "丙", "庚"]})
    assert stability(a, swapped, n=2) == 1.0
    assert stability(a, other, n=2) == pytest.approx((0 + 1 / 3) / 2)


def test_sweep_has_one_row_per_k_and_seed(planted):
    docs, dictionary, corpus = planted
    result = sweep(docs, dictionary, ks=[2, 3], seeds=[0, 1], iterations=50)
    table = result.table
    assert list(zip(table.k, table.seed)) == [(2, 0), (2, 1), (3, 0), (3, 1)]
    assert table[["heldout", "npmi", "exclusivity", "dispersion", "stability", "stable_share"]].notna().all().all()
    assert set(result.terms) == {(2, 0), (2, 1), (3, 0), (3, 1)}
    choice = choose_k(result)
    assert choice["k"] == 2 and choice["edge"] == "bottom"  # two planted topics: k=2 is coherent, exclusive and predicts best
    assert choice["summary"].set_index("k").loc[2, "npmi"] > choice["summary"].set_index("k").loc[3, "npmi"]


def test_filtering_reports_empty_documents_and_bad_parameters():
    docs = [["中關村", "科學城"], ["中關村", "科學城"], ["孤"]]
    _, corpus, empty = build_corpus(docs, no_below=2, no_above=1.0)
    assert empty == [2]
    with pytest.raises(ParameterError, match="no word is left"):
        build_corpus(docs, no_below=5)
    dictionary, corpus, _ = build_corpus(docs, no_below=1, no_above=1.0)
    with pytest.raises(ParameterError, match="k must be"):
        fit_lda(corpus, dictionary, k=1)


def test_nmf_recovers_planted_topics(planted):
    docs, _, _ = planted
    terms, theta = fit_nmf(docs, k=2, random_state=0)
    sets = [set(g.term.head(8)) for _, g in terms.groupby("topic")]
    assert set(SCIENCE) in sets and set(HEALTH) in sets
    assert theta.shape == (60, 2)


def test_gibbs_lda_recovers_planted_topics_reproducibly(planted):
    docs, _, _ = planted
    terms, theta = fit_gibbs_lda(docs + [[]], k=2, random_state=3)
    sets = [set(g.term.head(8)) for _, g in terms.groupby("topic")]
    assert set(SCIENCE) in sets and set(HEALTH) in sets
    assert theta.shape == (61, 2) and np.allclose(theta.iloc[-1], 0.5)  # the empty document: uniform
    again, _ = fit_gibbs_lda(docs + [[]], k=2, random_state=3)
    pd.testing.assert_frame_equal(terms, again)
    with pytest.raises(ParameterError):
        fit_gibbs_lda([[], []], k=2)


def test_ldavis_page_works_offline_and_is_reproducible(planted):
    docs, dictionary, corpus = planted
    model = fit_lda(corpus, dictionary, k=2, random_state=0, passes=5)
    vis = ldavis(model, corpus, dictionary)
    assert list(vis.topic_coordinates.columns[:2]) == ["x", "y"] and len(vis.topic_coordinates) == 2
    page = ldavis_html(vis)
    assert "https://" not in page and "http://" not in page  # no CDN
    assert page.count("data:text/javascript;base64,") == 2 and "data:text/css;base64," in page
    assert "@font-face" in page  # the CJK glyphs travel with the page
    # Same data and seed, same page (gensim's inference draws from the model's random state: use a fresh model).
    model_again = fit_lda(corpus, dictionary, k=2, random_state=0, passes=5)
    assert page == ldavis_html(ldavis(model_again, corpus, dictionary))


def test_sweep_in_workers_on_a_sample_is_the_same_table(planted):
    docs, dictionary, _ = planted
    one = sweep(docs, dictionary, ks=[2, 3], seeds=[0, 1], iterations=50, max_tokens=400, docs_per_topic=5)
    two = sweep(docs, dictionary, ks=[2, 3], seeds=[0, 1], iterations=50, max_tokens=400, docs_per_topic=5, n_jobs=2)
    pd.testing.assert_frame_equal(one.table, two.table)
    from textkit.engine.executor import get_executor

    with get_executor(n_jobs=2) as processes:  # the engine's executor (a cluster's workers, or a notebook's processes)
        three = sweep(docs, dictionary, ks=[2, 3], seeds=[0, 1], iterations=50, max_tokens=400, docs_per_topic=5, executor=processes)
    pd.testing.assert_frame_equal(one.table, three.table)
    assert (one.table.documents == len(one.sample)).all() and 25 <= len(one.sample) <= 45  # about 400 of 720 tokens
    assert (sweep(docs, dictionary, ks=[2], seeds=[0], iterations=20).table.documents == 60).all()
    with pytest.raises(ParameterError, match="n_jobs"):
        sweep(docs, dictionary, ks=[2], n_jobs=0)


def test_fit_topics_models_the_dictionarys_words_and_shows_typical_documents(planted):
    from textkit.analysis.topics import TopicModel, fit_topics, typical_documents

    docs, dictionary, _ = planted
    dictionary = dictionary.__class__(docs)
    dictionary.filter_tokens(bad_ids=[dictionary.token2id["醫藥"]])
    model = fit_topics(docs + [["醫藥"]], k=2, dictionary=dictionary, random_state=1, iterations=100)
    assert isinstance(model, TopicModel) and "醫藥" not in model.vocabulary and len(model.vocabulary) == 15
    assert model.doc_lengths[-1] == 0 and np.allclose(model.doc_topic[-1], 0.5)  # nothing left: uniform
    terms = topic_terms(model, n=7)
    sets = [set(g.term) for _, g in terms.groupby("topic")]
    assert any(s <= set(SCIENCE) for s in sets) and any(s == set(HEALTH) - {"醫藥"} for s in sets)
    theta = document_topics(model, index=[f"文件{i}" for i in range(61)])
    shown = typical_documents(theta, n=10)
    assert len(shown) == 10 and list(shown.to_numpy().argmax(axis=1)) == sorted(shown.to_numpy().argmax(axis=1))
    vis = ldavis(model)
    assert len(vis.topic_coordinates) == 2
