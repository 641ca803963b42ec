"""Parallel and cached segmentation: same tokens, same order; the cache is invalidated and never trusted blindly."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.errors import ParameterError
from textkit.segment import SegmentCache, Segmenter, iter_segment_documents, segment_documents
from textkit.segment.segmenter import Engine


@pytest.fixture(scope="module")
def texts(seed_article):
    from textkit.corpus.clean import clean_text

    paragraphs = [clean_text(p) for _, p in seed_article.paragraphs]
    headlines = [clean_text(f"{r.headline}\n{r.snippet}") for r in seed_article.related]
    return paragraphs + headlines + paragraphs[:3]  # a repeated text too


@pytest.fixture
def counting(monkeypatch):
    """The texts actually segmented (not served from a cache)."""
    calls = []
    original = Engine.tokenize_documents

    def spy(self, texts):
        calls.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(Engine, "tokenize_documents", spy)
    return calls


def test_sentence_tokens_equal_tokenizing_each_sentence(segmenter, texts):
    from textkit.corpus.clean import split_sentences

    for t in texts:
        assert segmenter.tokenize_sentences(t) == [segmenter.tokenize(s) for s in split_sentences(t)]


def test_parallel_gives_identical_tokens_in_order(segmenter, texts):
    single = segment_documents(texts, segmenter)
    parallel = list(iter_segment_documents(texts, segmenter, n_jobs=2, batch_size=3))
    assert parallel == single
    assert single[0][0][:3] == ["北京", "創新", "發展"]


def test_documents_together_equal_documents_alone(segmenter, texts):
    from textkit.corpus.script import to_simplified

    both = texts + [to_simplified(t) for t in texts] + ["", "  ", "。", "\r", "AI!\r"]
    assert segmenter.tokenize_documents(both) == [segmenter.tokenize_sentences(t) for t in both]
    assert segmenter.tokenize_documents(texts[:1]) == [segmenter.tokenize_sentences(texts[0])]
    assert segmenter.tokenize_documents([]) == []


@given(st.lists(st.text(alphabet=st.sampled_from(list("科技創新数字的了。！?」 \r\n\tAI5G")), max_size=25), max_size=8))
@settings(max_examples=200, deadline=None)
def test_documents_together_equal_documents_alone_on_arbitrary_text(segmenter, texts):
    assert segmenter.tokenize_documents(texts) == [segmenter.tokenize_sentences(t) for t in texts]


def test_documents_together_when_tagging(texts):
    nouns = Segmenter(pos=["n"])
    assert nouns.tokenize_documents(texts) == [nouns.tokenize_sentences(t) for t in texts]


def test_documents_together_with_rjieba(texts):
    pytest.importorskip("rjieba")
    fast = Segmenter(backend="rjieba")
    assert fast.tokenize_documents(texts) == [fast.tokenize_sentences(t) for t in texts]


def test_tasks_split_by_characters_keep_order(segmenter, texts):
    single = segment_documents(texts, segmenter)
    assert list(iter_segment_documents(texts, segmenter, n_jobs=2, batch_chars=300)) == single
    assert list(iter_segment_documents(texts, segmenter, n_jobs=1, batch_chars=300, cache=False)) == single


def test_clean_and_segment_streams_cleaning_into_workers(seed_article, segmenter):
    from textkit.corpus.clean import clean_text
    from textkit.engine.pipeline import clean_and_segment

    raw = [p for _, p in seed_article.paragraphs] + [f"{r.headline}\n{r.snippet}" for r in seed_article.related]
    cleaned, sentences = clean_and_segment(raw, segmenter)
    assert cleaned == [clean_text(t) for t in raw]
    assert sentences == segment_documents(cleaned, segmenter)
    assert clean_and_segment(raw, segmenter, n_jobs=2) == (cleaned, sentences)
    assert "網編" not in " ".join(cleaned) and sentences[0][0][:3] == ["北京", "創新", "發展"]


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
    path = tmp_path / "seg"
    first = segment_documents(texts, segmenter, cache=path)
    assert len(counting) == len(set(texts))  # each distinct text segmented once
    counting.clear()
    again = segment_documents(texts, segmenter, cache=path)
    assert again == first and counting == []


def test_cache_is_invalidated_by_settings_and_user_dictionary(tmp_path, texts, counting):
    path = tmp_path / "seg"
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


def test_cache_is_invalidated_by_the_code_that_makes_tokens(tmp_path, texts, counting, monkeypatch):
    import opencc

    import textkit.segment.segmenter as segmenter_module

    path = tmp_path / "seg"
    first = segment_documents(texts[:5], Segmenter(), cache=path)
    counting.clear()
    assert segment_documents(texts[:5], Segmenter(), cache=path) == first and counting == []  # warm
    monkeypatch.setattr(segmenter_module, "TOKENS_VERSION", segmenter_module.TOKENS_VERSION + 1)  # the tokenizer changed
    assert segment_documents(texts[:5], Segmenter(), cache=path) == first
    assert len(counting) == 5  # segmented again, not read from the cache
    counting.clear()
    monkeypatch.setattr(opencc, "__version__", "0.0.1", raising=False)  # another OpenCC
    segment_documents(texts[:5], Segmenter(), cache=path)
    assert len(counting) == 5


def test_corrupt_cache_file_is_rebuilt(tmp_path, segmenter, texts, caplog):
    path = tmp_path / "seg"
    path.mkdir()
    (path / "cache.db").write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="textkit.segment.cache"):
        result = segment_documents(texts[:4], segmenter, cache=path)
    assert "unreadable" in caplog.text
    assert result == segment_documents(texts[:4], segmenter)


def test_corrupt_entry_is_not_trusted(tmp_path, segmenter, texts, counting):
    import sqlite3

    path = tmp_path / "seg"
    expected = segment_documents(texts[:2], segmenter, cache=path)
    db = sqlite3.connect(path / "cache.db")
    fake = b"\0\0\0\0" + '[[["假"]]]'.encode()  # valid JSON, wrong checksum
    assert db.execute("UPDATE Cache SET value = ?", (fake,)).rowcount == 2
    db.commit()
    db.close()
    counting.clear()
    assert segment_documents(texts[:2], segmenter, cache=path) == expected
    assert len(counting) == 2
    store = SegmentCache(path, segmenter.fingerprint())
    assert store.get_many(texts[:2]) == dict(zip(texts[:2], expected))  # rewritten


@pytest.mark.parametrize(
    ("options", "message"),
    [({"n_jobs": 0}, "n_jobs"), ({"batch_size": 0}, "batch_size"), ({"batch_chars": 0}, "batch_chars"), ({"batch_chars": "10k"}, "batch_chars")],
)
def test_bad_parameters(segmenter, options, message):
    with pytest.raises(ParameterError, match=message):
        list(iter_segment_documents(["科技"], segmenter, **options))
