"""Notebook 02's analyses on a corpus store: per shard, merged, the same tables as on the whole document table."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from textkit.errors import EmptyDocumentsWarning

GROUPS = ["財經", "體育", "科技"]
OPTIONS = {"id_column": "id", "group_column": "section"}


@pytest.fixture(scope="module")
def news(tmp_path_factory, generated_documents) -> Path:
    """150 news-length documents of real sentences in three sections (the last twice as often as the others)."""
    path = tmp_path_factory.mktemp("news") / "news.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "section", "text"])
        writer.writeheader()
        for i, text in enumerate(generated_documents[:150]):
            writer.writerow({"id": f"n{i:03d}", "section": GROUPS[min(i % 4, 2)], "text": text})
    return path


def _open(news, folder, shard_chars, **options):
    from textkit.engine.prepared import open_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        return open_corpus(news, store=folder, shard_chars=shard_chars, discover_words=False, **options)


@pytest.fixture(scope="module")
def sharded(news, tmp_path_factory):
    corpus = _open(news, tmp_path_factory.mktemp("store"), 15_000, **OPTIONS)
    assert corpus.store.n_shards >= 3
    return corpus


@pytest.fixture(scope="module")
def docs(sharded):
    return sharded.documents(sentences=True)


def test_pairs_per_group_of_three_shards_merged_equal_those_of_one(sharded):
    from textkit.analysis.cooccur import count_pairs  # what textrank_by_group counts per shard

    whole = pa.concat_tables(list(sharded.store.iter_tables(["tokens", "sentence_lengths", "group"], token_ids=True)))
    one = count_pairs(whole, GROUPS)
    n = whole.num_rows
    parts = [count_pairs(whole.slice(a, b - a), GROUPS) for a, b in ((0, n // 3), (n // 3, n // 2), (n // 2, n))]
    three = parts[2].merge(parts[0]).merge(parts[1])  # in any order
    assert sorted(one.selections) == sorted(three.selections) == sorted(GROUPS)
    for g in GROUPS:
        a, b = one.selections[g], three.selections[g]
        assert a.terms.equals(b.terms) and (a.frequency == b.frequency).all()
        assert a.pairs.nnz > 1000 and (a.pairs != b.pairs).nnz == 0


def test_textrank_per_group_is_textrank_of_the_groups_sentences(sharded, docs):
    from textkit.analysis.keywords import textrank, textrank_by_group

    ranked = textrank_by_group(sharded, GROUPS, n=15)
    for g in GROUPS:
        expected = textrank([s for doc in docs.sentences[docs.group == g] for s in doc], n=15)
        pd.testing.assert_series_equal(ranked[g], expected)
    assert ranked["財經"].index.tolist() != ranked["體育"].index.tolist()


def test_ngram_document_frequencies_of_three_shards_merged_equal_those_of_one(sharded, docs):
    from sklearn.feature_extraction.text import CountVectorizer

    from textkit.analysis.keywords import (
        Analyzer,
        count_ngram_documents,
        ngram_documents,
    )

    whole = pa.concat_tables(list(sharded.store.iter_tables(["tokens"])))
    one = count_ngram_documents(whole, ngram_max=2)
    merged = ngram_documents(sharded, ngram_max=2)
    assert (one.terms == merged.terms).all() and (one.documents == merged.documents).all()
    assert one.n_documents == merged.n_documents == len(docs)
    vec = CountVectorizer(analyzer=Analyzer(ngram_range=(1, 2)), binary=True, lowercase=False)
    X = vec.fit_transform(docs.tokens)
    assert one.terms.tolist() == vec.get_feature_names_out().tolist()
    assert one.documents.tolist() == np.asarray(X.sum(axis=0)).ravel().tolist()
    assert any(" " in t for t in one.terms[one.documents >= 3])  # bigrams seen in several documents


@pytest.mark.parametrize("ngram_max, min_df, max_df", [(1, 1, 1.0), (1, 2, 0.5), (2, 2, 1.0)])
def test_tfidf_per_shard_writes_the_tables_of_the_whole_matrix(sharded, docs, tmp_path, ngram_max, min_df, max_df):
    from textkit.analysis.keywords import (
        TfidfWeights,
        document_keywords,
        mean_tfidf,
        tfidf_matrix,
        tfidf_per_document,
        top_documents,
        top_terms_per_document,
        top_terms_per_group,
    )
    from textkit.output.export import save_table, save_table_parts

    vec, X = tfidf_matrix(docs.tokens.tolist(), min_df=min_df, max_df=max_df, ngram_range=(1, ngram_max))
    terms = vec.get_feature_names_out()
    weights = TfidfWeights.from_counts(sharded.counts(), corpus=sharded, min_df=min_df, max_df=max_df, ngram_max=ngram_max)
    assert weights.vocabulary.tolist() == terms.tolist()
    np.testing.assert_array_equal(weights.idf, vec.idf_)
    if ngram_max == 1:
        assert weights.vocabulary.tolist() == sharded.counts().vocabulary(min_df=min_df, max_df=max_df)

    order = list(dict.fromkeys(docs.group))
    sizes = docs.group.value_counts()[order].to_numpy()
    scores = tfidf_per_document(sharded, weights, order, sizes, n=5)
    save_table_parts(scores, "parts", folder=tmp_path)
    save_table(top_terms_per_document(X, terms, docs.label.tolist(), n=5), "whole", folder=tmp_path)
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()

    means = mean_tfidf(scores.total, weights, order, n=15)
    expected = top_terms_per_group(X, terms, docs.group.tolist(), n=15)
    assert list(means) == list(expected) == [*order, "all"]
    for g in expected:
        pd.testing.assert_series_equal(means[g], expected[g])

    top_all = means["all"].index[:15]
    keywords = document_keywords(sharded, weights, top_all, n=12)
    save_table_parts(keywords, "keywords_parts", folder=tmp_path)
    matrix = pd.DataFrame(X[:, [vec.vocabulary_[t] for t in top_all]].toarray(), index=docs.label, columns=top_all)
    save_table(matrix.reset_index(), "keywords_whole", folder=tmp_path)
    assert (tmp_path / "keywords_parts.csv").read_bytes() == (tmp_path / "keywords_whole.csv").read_bytes()
    pd.testing.assert_frame_equal(keywords.total[0], top_documents(matrix, n=12))


def test_a_pass_is_read_once_and_its_total_waits_for_it(sharded):
    from textkit.analysis.keywords import TfidfWeights, tfidf_per_document
    from textkit.errors import ParameterError

    weights = TfidfWeights.from_counts(sharded.counts())
    scores = tfidf_per_document(sharded, weights, GROUPS, [1, 1, 1])
    with pytest.raises(ParameterError, match="read the pass's rows first"):
        _ = scores.total
    assert sum(len(f) for f in scores) > 0
    with pytest.raises(ParameterError, match="read already"):
        list(scores)
    with pytest.raises(ParameterError, match="TF-IDF found no terms"):
        TfidfWeights.from_counts(sharded.counts(), min_df=10_000)


def test_group_tables_from_the_counts_equal_those_from_token_lists(sharded, docs):
    from textkit.analysis.groups import (
        GroupTerms,
        correspondence_analysis,
        group_order,
        group_summary,
        keyness_by_group,
    )

    order = group_order(sharded)
    assert order == list(dict.fromkeys(docs.group))
    counts = GroupTerms.from_counts(sharded.counts(), order)
    pd.testing.assert_frame_equal(group_summary(counts, min_docs=5), group_summary(docs.group, docs.tokens, min_docs=5))
    key = keyness_by_group(counts, min_freq=3)
    pd.testing.assert_frame_equal(key, keyness_by_group(docs.tokens, docs.group, min_freq=3))
    assert len(key) > 1000
    ca = correspondence_analysis(counts, n_terms=30, min_freq=3)
    pd.testing.assert_frame_equal(ca.coordinates, correspondence_analysis(docs.tokens, docs.group, n_terms=30, min_freq=3).coordinates)


def test_section_documents_are_read_only_from_a_corpus_with_sections(sharded, tmp_path):
    from textkit.analysis.groups import section_documents, section_similarity

    assert section_similarity(section_documents(sharded)) is None  # a CSV has no sections
    seed = _open(None, tmp_path, 1_000_000)
    found = section_documents(seed)
    assert len(found) == 40 and found.section.notna().sum() == 20
    link = section_similarity(found)
    assert link.shape == (20, found.section.nunique())
    with pytest.warns(UserWarning, match="the first 30 of 40 documents"):
        capped = section_documents(seed, limit=30)
    assert len(capped) == 30
