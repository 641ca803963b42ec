"""Parallel and cached segmentation: same tokens, same order; the cache is invalidated and never trusted blindly."""

from __future__ import annotations

import logging

import pytest

from textkit.errors import ParameterError
from textkit.segment import SegmentCache, Segmenter, iter_segment_documents, segment_documents


@pytest.fixture(scope="module")
def texts(seed_article):
    from textkit.clean import clean_text

    paragraphs = [clean_text(p) for _, p in seed_article.paragraphs]
    headlines = [clean_text(f"{r.headline}\n{r.snippet}") for r in seed_article.related]
    return paragraphs + headlines + paragraphs[:3]  # a repeated text too


@pytest.fixture
def counting(monkeypatch):
    calls = []
    original = Segmenter.tokenize_sentences

    def spy(self, text):
        calls.append(text)
        return original(self, text)

    monkeypatch.setattr(Segmenter, "tokenize_sentences", spy)
    return calls


def test_sentence_tokens_equal_tokenizing_each_sentence(segmenter, texts):
    from textkit.clean import split_sentences

    for t in texts:
        assert segmenter.tokenize_sentences(t) == [segmenter.tokenize(s) for s in split_sentences(t)]


def test_parallel_gives_identical_tokens_in_order(segmenter, texts):
    single = segment_documents(texts, segmenter)
    parallel = list(iter_segment_documents(texts, segmenter, n_jobs=2, batch_size=3))
    assert parallel == single
    assert single[0][0][:3] == ["北京", "創新", "發展"]


def test_iteration_is_lazy(segmenter):
    consumed = []

    def stream():
        for i in range(1000):
            consumed.append(i)
            yield "生命科學園的新機遇。"

    first = next(iter_segment_documents(stream(), segmenter, batch_size=10))
    assert first == [["生命科學園", "新機遇"]]
    assert len(consumed) <= 10  # one batch read, not the whole stream


def test_cache_returns_identical_tokens_without_segmenting(tmp_path, segmenter, texts, counting):
    path = tmp_path / "seg.sqlite"
    first = segment_documents(texts, segmenter, cache=path)
    assert len(counting) == len(set(texts))  # each distinct text segmented once
    counting.clear()
    again = segment_documents(texts, segmenter, cache=path)
    assert again == first and counting == []


def test_cache_is_invalidated_by_settings_and_user_dictionary(tmp_path, texts, counting):
    path = tmp_path / "seg.sqlite"
    words = tmp_path / "words.txt"
    words.write_text("多措並舉\n", encoding="utf-8")
    segment_documents(texts[:5], Segmenter(user_dict=words), cache=path)
    counting.clear()
    segment_documents(texts[:5], Segmenter(user_dict=words), cache=path)
    assert counting == []
    words.write_text("多措並舉\n雙輪驅動\n", encoding="utf-8")  # same file name, new content
    segment_documents(texts[:5], Segmenter(user_dict=words), cache=path)
    assert len(counting) == 5
    counting.clear()
    segment_documents(texts[:5], Segmenter(user_dict=words, min_length=2), cache=path)
    assert len(counting) == 5


def test_corrupt_cache_file_is_rebuilt(tmp_path, segmenter, texts, caplog):
    path = tmp_path / "seg.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="textkit.segment"):
        result = segment_documents(texts[:4], segmenter, cache=path)
    assert "unreadable" in caplog.text
    assert result == segment_documents(texts[:4], segmenter)


def test_corrupt_entry_is_not_trusted(tmp_path, segmenter, texts, counting):
    import sqlite3

    path = tmp_path / "seg.sqlite"
    expected = segment_documents(texts[:2], segmenter, cache=path)
    db = sqlite3.connect(path)
    db.execute("UPDATE segments SET value = CAST(? AS BLOB)", ('[[["假"]]]',))  # valid JSON, wrong checksum
    db.commit()
    db.close()
    counting.clear()
    assert segment_documents(texts[:2], segmenter, cache=path) == expected
    assert len(counting) == 2
    store = SegmentCache(path, segmenter.fingerprint())
    assert store.get_many(texts[:2]) == dict(zip(texts[:2], expected))  # rewritten


@pytest.mark.parametrize(("options", "message"), [({"n_jobs": 0}, "n_jobs"), ({"batch_size": 0}, "batch_size")])
def test_bad_parameters(segmenter, options, message):
    with pytest.raises(ParameterError, match=message):
        list(iter_segment_documents(["科技"], segmenter, **options))
