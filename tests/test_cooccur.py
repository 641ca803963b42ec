"""Co-occurrence: window semantics, symmetry, measures against NLTK and scipy, significance, networks."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
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


# -- On the corpus store: counted per shard, merged --------------------------------------------------------


def _shard_table(docs, groups):
    import pyarrow as pa

    from textkit.engine.store import tokens_table

    table = tokens_table(docs)
    return table.append_column("group", pa.array(groups, type=pa.string()))


def _same(a, b):
    assert a.vocabulary == b.vocabulary
    assert (a.counts != b.counts).nnz == 0 and a.counts.dtype == b.counts.dtype
    assert np.array_equal(a.frequency, b.frequency) and np.array_equal(a.marginals, b.marginals) and a.total == b.total


@pytest.fixture(scope="module")
def grouped_seed(seed_sentences):
    """Documents of five seed sentences in three groups; one holds a sentence of stopwords only (an empty sentence), one no token at all."""
    from textkit.segment import Segmenter

    seg = Segmenter()
    docs = [[seg.tokenize(s) for s in seed_sentences[i : i + 5]] for i in range(0, len(seed_sentences), 5)]
    docs[3].insert(2, seg.tokenize("的了。"))
    docs.append([seg.tokenize("的。")])
    assert docs[3][2] == [] and docs[-1] == [[]]
    groups = [("新聞", "微博", "論壇")[i % 3] for i in range(len(docs))]
    return docs, groups


@pytest.mark.parametrize("context", ["window", "sentence", "document"])
def test_pairs_of_one_shard_equal_three_shards_merged_and_count_cooccurrence(grouped_seed, context):
    from textkit.analysis.cooccur import count_pairs

    docs, groups = grouped_seed
    table = _shard_table(docs, groups)
    one = count_pairs(table, ["新聞", "微博"], whole=True, context=context, window=4)
    cut = [table.slice(0, 1), table.slice(1, 6), table.slice(7)]  # the first shard holds no document of 微博
    parts = [count_pairs(t, ["新聞", "微博"], whole=True, context=context, window=4) for t in cut]
    left, right = (parts[0] + parts[1]) + parts[2], parts[0] + (parts[1] + parts[2])
    assert list(one.selections) == ["新聞", "微博", None]
    for key in one.selections:
        sentences = [d for d, g in zip(docs, groups) if key is None or g == key]
        assert one.selections[key].documents == len(sentences)
        for min_freq in (1, 3):
            expected = count_cooccurrence(sentences, context=context, window=4, min_freq=min_freq)
            for merged in (one, left, right):
                _same(merged.selections[key].cooccurrence(context, min_freq=min_freq), expected)
    assert one.report()[None]["pairs_pruned"] == 0


def test_pair_pruning_follows_the_engines_rule_and_is_reported(grouped_seed):
    from textkit.analysis.cooccur import count_pairs
    from textkit.engine.counts import count_terms

    docs, groups = grouped_seed
    table = _shard_table(docs, groups)
    cut = [table.slice(0, 4), table.slice(4, 3), table.slice(7)]
    limit = 150
    ours = [count_pairs(t, whole=True, max_pairs=limit) for t in cut]
    engine = [count_terms(t.drop_columns(["group"]), max_pairs=limit) for t in cut]
    ours, engine = (ours[0] + ours[1]) + ours[2], (engine[0] + engine[1]) + engine[2]
    kept = ours.selections[None]
    assert kept.pairs_pruned == engine.pairs_pruned > 0 and ours.pair_undercount == engine.pair_undercount > 0
    assert kept.pair_occurrences_pruned == engine.pair_occurrences_pruned
    assert (kept.pairs != engine.pairs).nnz == 0 and kept.pairs.nnz <= limit
    # two groups share one limit: together they keep at most max_pairs, each says what it lost
    both = [count_pairs(t, ["新聞", "微博"], max_pairs=limit) for t in cut]
    both = (both[0] + both[1]) + both[2]
    assert sum(c.pairs.nnz for c in both.selections.values()) <= limit
    assert all(row["pairs_pruned"] > 0 for row in both.report().values())


def test_networks_and_kwic_from_the_store_equal_the_in_memory_ones(tmp_path, segmenter):
    """Groups per shard, the combined network from the run's counts, KWIC per shard: what the document table gives."""
    from textkit.analysis.cooccur import (
        concordance,
        store_concordance,
        store_cooccurrence,
    )
    from textkit.engine.prepared import open_corpus

    corpus = open_corpus("seeds", store=tmp_path, shard_chars=1_500)
    assert corpus.store.n_shards >= 3
    docs = corpus.documents(["group", "label", "text"], sentences=True)
    for context in ("window", "document"):
        networks, report = store_cooccurrence(corpus, ["headlines", "article"], context=context, min_freq=3)
        assert list(networks) == ["headlines", "article", "combined"]
        assert report.documents.tolist() == [20, 20, 40] and (report.pairs_pruned == 0).all()
        for name, co in networks.items():
            chosen = docs if name == "combined" else docs[docs.group == name]
            _same(co, count_cooccurrence(chosen.sentences.tolist(), context=context, min_freq=3))
    terms = ["北京", "自貿區", "區塊鏈"]
    expected = concordance(docs.text.tolist(), terms, segmenter, doc_ids=docs.label.tolist(), max_lines=7)
    found = store_concordance(corpus, terms, segmenter, max_lines=7)
    assert len(found) > 14 and found.keyword.iloc[0] == "北京"
    pd.testing.assert_frame_equal(found, expected)
