"""Co-occurrence: window semantics, symmetry, measures against NLTK and scipy, significance, networks."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from scipy import stats

from textkit.analysis.cooccur import associations, build_network, centrality, count_cooccurrence, export_network, kwic
from textkit.errors import ParameterError

# One document, two sentences.
DOC = [[["甲", "乙", "丙", "丁", "戊"], ["己", "甲"]]]


def test_window_pairs_stay_inside_w_and_inside_sentences():
    co = count_cooccurrence(DOC, context="window", window=3, min_freq=1)
    assert co.count("甲", "乙") == 1 and co.count("甲", "丙") == 1  # distance 1 and 2
    assert co.count("甲", "丁") == 0  # distance 3 >= window
    assert co.count("戊", "己") == 0  # adjacent across the sentence boundary
    assert co.count("己", "甲") == 1
    assert co.counts.diagonal().sum() == 0
    assert co.total == 2 * (4 + 3 + 1)  # ordered pairs, both directions


def test_sentence_and_document_contexts():
    sent = count_cooccurrence(DOC, context="sentence", min_freq=1)
    assert sent.count("甲", "丁") == 1 and sent.count("戊", "己") == 0 and sent.total == 2
    doc = count_cooccurrence(DOC, context="document", min_freq=1)
    assert doc.count("戊", "己") == 1 and doc.total == 1
    assert doc.marginals[doc.index("甲")] == 1  # contexts, not occurrences


def test_counts_are_symmetric_on_the_seed(seed_sentences):
    from textkit.segment import Segmenter

    seg = Segmenter()
    docs = [[seg.tokenize(s)] for s in seed_sentences]
    for context in ("window", "sentence", "document"):
        co = count_cooccurrence(docs, context=context, min_freq=2)
        assert (co.counts != co.counts.T).nnz == 0
        assert co.counts.diagonal().sum() == 0


def test_measures_match_nltk_and_scipy():
    nltk_metrics = pytest.importorskip("nltk.metrics")
    bam = nltk_metrics.BigramAssocMeasures
    rng = np.random.default_rng(0)
    vocab = list("甲乙丙丁戊己庚辛")
    docs = [[list(rng.choice(vocab, size=12))] for _ in range(40)]
    co = count_cooccurrence(docs, context="sentence", min_freq=1)
    table = associations(co, min_count=1)
    assert len(table) > 10
    for row in table.head(12).itertuples():
        n_ii = row.count
        n_ix, n_xi = co.marginals[co.index(row.term1)], co.marginals[co.index(row.term2)]
        n_xx = co.total
        args = (n_ii, (n_ix, n_xi), n_xx)
        six = {"rel": 5e-6}  # tables hold six significant digits: half a unit in the sixth at most
        assert row.pmi == pytest.approx(bam.pmi(*args), **six)
        assert row.dice == pytest.approx(bam.dice(*args), **six)
        assert row.jaccard == pytest.approx(bam.jaccard(*args), **six)
        assert row.g2 == pytest.approx(bam.likelihood_ratio(*args), **six)
        cells = np.array([[n_ii, n_ix - n_ii], [n_xi - n_ii, n_xx - n_ix - n_xi + n_ii]])
        g2_scipy, p_scipy, _, _ = stats.chi2_contingency(cells, correction=False, lambda_="log-likelihood")
        assert row.g2 == pytest.approx(g2_scipy, **six) and row.p == pytest.approx(p_scipy, **six)
        assert row.npmi == pytest.approx(row.pmi / -math.log2(n_ii / n_xx), rel=1e-5)


def test_significance_keeps_a_planted_pair_and_drops_chance():
    rng = np.random.default_rng(1)
    filler = [f"詞{i}" for i in range(30)]
    docs = []
    for k in range(200):
        words = list(rng.choice(filler, size=6, replace=False))
        if k % 4 == 0:
            words += ["中關村", "科學城"]  # planted: always together
        docs.append([words])
    co = count_cooccurrence(docs, context="document", min_freq=1)
    table = associations(co, min_count=2).set_index(["term1", "term2"])
    planted = table.loc[tuple(sorted(["中關村", "科學城"], key=co.vocabulary.index))]
    assert planted.significant and planted.q < 1e-10
    chance = table.drop(index=planted.name)
    assert chance.significant.mean() < 0.05  # BH keeps the false discoveries rare


def test_network_communities_are_reproducible_and_export_round_trips(tmp_path):
    rng = np.random.default_rng(2)
    a, b = [f"甲{i}" for i in range(6)], [f"乙{i}" for i in range(6)]
    docs = [[list(rng.choice(a if k % 2 else b, size=4, replace=False))] for k in range(120)]
    co = count_cooccurrence(docs, context="document", min_freq=1)
    edges = associations(co, min_count=2)
    g1 = build_network(co, edges, measure="npmi", max_edges=40, seed=7)
    g2 = build_network(co, edges, measure="npmi", max_edges=40, seed=7)
    comm = nx.get_node_attributes(g1, "community")
    assert comm == nx.get_node_attributes(g2, "community")
    assert len({comm[n] for n in a if n in comm} & {comm[n] for n in b if n in comm}) == 0  # the two vocabularies separate
    path = export_network(g1, tmp_path / "net.graphml")
    back = nx.read_graphml(path)
    assert set(map(frozenset, back.edges)) == set(map(frozenset, g1.edges))
    table = centrality(g1)
    assert set(table.columns) >= {"term", "degree", "betweenness", "community"}
    with pytest.raises(ParameterError):
        export_network(g1, tmp_path / "net.txt")
    with pytest.raises(ParameterError):
        build_network(co, edges, measure="cosine")


def test_bad_parameters():
    with pytest.raises(ParameterError, match="context"):
        count_cooccurrence(DOC, context="paragraph")
    with pytest.raises(ParameterError, match="window"):
        count_cooccurrence(DOC, window=1)
    with pytest.raises(ParameterError, match="fewer than two words"):
        count_cooccurrence(DOC, min_freq=50)


def test_kwic_on_the_seed(seed_article, segmenter):
    texts = [p for _, p in seed_article.paragraphs]
    lines = kwic([segmenter.cut(t) for t in texts], "生命科學園", width=6)
    assert len(lines) >= 8
    assert (lines.keyword == "生命科學園").all()
    first = lines.iloc[0]
    assert first.left.endswith("北京") and first.right.startswith("的新機遇")


def test_restrict_gives_what_counting_with_min_freq_gives(seed_sentences):
    from textkit.segment import Segmenter

    seg = Segmenter()
    docs = [[seg.tokenize(s) for s in seed_sentences[i : i + 5]] for i in range(0, len(seed_sentences), 5)]
    for context in ("window", "sentence", "document"):
        full = count_cooccurrence(docs, context=context, min_freq=1)
        direct = count_cooccurrence(docs, context=context, min_freq=3)
        derived = full.restrict(min_freq=3)
        assert derived.vocabulary == direct.vocabulary
        assert (derived.counts != direct.counts).nnz == 0
        assert np.array_equal(derived.marginals, direct.marginals) and derived.total == direct.total
        assert associations(derived).equals(associations(direct))


def test_association_matrix_and_bounded_concordance(seed_sentences):
    from textkit.analysis.cooccur import association_matrix, concordance
    from textkit.segment import Segmenter

    seg = Segmenter()
    co = count_cooccurrence([[seg.tokenize(s) for s in seed_sentences]], context="sentence", min_freq=2)
    edges = associations(co, min_count=1)
    top = co.vocabulary[:6]
    square = association_matrix(edges, top)
    assert square.shape == (6, 6) and square.equals(square.T) and square.isna().to_numpy().diagonal().all()
    lines = concordance(seed_sentences, ["北京", "創新"], seg, max_lines=2)
    assert lines.keyword.tolist() == ["北京", "北京", "創新", "創新"]
    assert all("北京" in seed_sentences[int(d)] or "創新" in seed_sentences[int(d)] for d in lines.document)
