"""Topic models on the corpus store: vocabulary from the reduced counts, the sample and document topics per shard."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textkit.analysis.topics import (
    build_corpus,
    choose_model,
    sweep_share,
    typical_documents,
)
from textkit.analysis.topics.saved import corpus_fingerprint
from textkit.analysis.topics.shards import (
    DocumentTopics,
    DominantCounts,
    fit_sample,
    infer_doc_topic,
    sample_documents,
    topic_corpus,
)
from textkit.engine.prepared import corpus_documents, open_corpus


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed in one shard and in several (a few thousand characters each), and its document table."""
    folder = tmp_path_factory.mktemp("topic-stores")
    one = open_corpus(None, store=folder / "one")
    many = open_corpus(None, store=folder / "many", shard_chars=3000)
    docs = corpus_documents(None, store=folder / "one")
    yield one, many, docs
    one.close()
    many.close()


def test_the_vocabulary_and_totals_are_those_of_the_token_lists(seed):
    one, many, docs = seed
    assert one.store.n_shards == 1 and many.store.n_shards > 1
    tokens = docs.tokens.tolist()
    dictionary, _, empty = build_corpus(tokens, no_below=2, no_above=0.5, keep_n=5000)
    for corpus in (one, many):
        tc = topic_corpus(corpus, no_below=2, no_above=0.5, keep_n=5000)
        assert set(tc.dictionary.token2id) == set(dictionary.token2id)  # filter_extremes' words, from document frequencies
        assert tc.fingerprint == corpus_fingerprint(tokens)  # notebook 05 finds the model 03 saved
        assert (tc.rows, tc.empty) == (len(docs), len(empty))
        assert tc.median_tokens == choose_model(tokens, dictionary)["median_tokens"]
        assert tc.tokens == sum(t in dictionary.token2id for toks in tokens for t in toks)
    for keep_n in (20, 60):  # ties of document frequency at the cut: broken as gensim does (first appearance), in any shards
        words = set(build_corpus(tokens, no_below=2, no_above=0.5, keep_n=keep_n)[0].token2id)
        for corpus in (one, many):
            assert set(topic_corpus(corpus, no_below=2, no_above=0.5, keep_n=keep_n).dictionary.token2id) == words


def test_the_sample_and_every_documents_topics_do_not_depend_on_the_shards(seed):
    one, many, docs = seed
    tables = []
    for corpus in (one, many):
        tc = topic_corpus(corpus)
        sample = sample_documents(corpus, tc.dictionary, share=0.5, random_state=3)
        assert 10 < len(sample) < 30 and sample.row.is_monotonic_increasing
        model = fit_sample(sample, kind="dmm", k=3, dictionary=tc.dictionary, iterations=20)
        assert model.rows.tolist() == sample.row.tolist()
        topics = DocumentTopics(corpus, model, trained_on_all=False, typical=6)
        frames = list(topics)  # inferred per shard on the documents outside the sample too
        table = pd.concat(frames, ignore_index=True)
        assert len(table) == len(docs) and table.label.tolist() == docs.label.tolist()
        assert table.dominant.tolist() == table[[f"topic {t}" for t in range(3)]].to_numpy().argmax(axis=1).tolist()
        assert topics.dominant.set_index("group").sum(axis=1).to_dict() == docs.group.value_counts().to_dict()
        whole = typical_documents(table.set_index("label")[[f"topic {t}" for t in range(3)]], n=6)
        pd.testing.assert_frame_equal(topics.typical, whole)
        tables.append((sample.row.tolist(), table))
    assert tables[0][0] == tables[1][0]
    pd.testing.assert_frame_equal(tables[0][1], tables[1][1])


def test_dominant_counts_of_three_shards_merged_equal_one():
    frame = pd.DataFrame({"group": list("aabbcab"), "dominant": [0, 1, 1, 1, 2, 0, 1]})
    whole = DominantCounts.of(frame, 3).table
    merged = DominantCounts.of(frame[:2], 3) + DominantCounts.of(frame[2:5], 3) + DominantCounts.of(frame[5:], 3)
    pd.testing.assert_frame_equal(merged.table.loc[whole.index], whole)


@pytest.mark.parametrize("kind", ["dmm", "lda"])
def test_inferred_topics_follow_the_fitted_ones(kind):
    finance, sport = ["股市", "上涨", "基金", "银行"], ["球队", "比赛", "进球", "冠军"]
    rng = np.random.default_rng(0)
    docs = [list(rng.choice(finance if i % 2 else sport, size=4)) for i in range(60)]
    dictionary, _, _ = build_corpus(docs, no_below=1, no_above=1.0)
    sample = pd.DataFrame({"row": np.arange(60), "tokens": docs})
    model = fit_sample(sample, kind=kind, k=2, dictionary=dictionary, iterations=50)
    theta = infer_doc_topic(model, docs + [["不在", "詞表"]])
    assert np.allclose(theta.sum(axis=1), 1, atol=1e-5) and theta[-1].tolist() == [0.5, 0.5]
    assert (theta[:-1].argmax(axis=1) == model.doc_topic.argmax(axis=1)).mean() >= 0.95
    assert np.array_equal(theta, infer_doc_topic(model, docs + [["不在", "詞表"]]))  # the same numbers again


def test_the_sweep_share_follows_the_sample_rule():
    assert sweep_share(40, 40, 1_700) == 1.0
    assert sweep_share(10_000, 9_990, 600_000, max_tokens=300_000) == 0.5
    assert sweep_share(10_000, 9_990, 600_000, max_tokens=300_000, k=600) == 0.6  # ten documents per topic
    assert sweep_share(10_000, 9_990, 600_000, max_tokens=None) == 1.0
