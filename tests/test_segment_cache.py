"""Workers x cache: identical tokens in every cell; the cache is thread- and process-safe, bounded, and never trusted blindly."""

from __future__ import annotations

import logging
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from textkit.segment import SegmentCache, segment_documents

EVAL_DIR = Path(os.environ.get("TEXTKIT_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval"))
ARTICLES = EVAL_DIR / "thucnews" / "cnews_sample1000.txt"


@pytest.fixture(scope="module", params=["seed", "generated-300", "thucnews-200"])
def corpus(request, seed_article, generated_documents):
    """The seed's paragraphs and headlines, 300 documents of its sentences, or 200 real THUCNews articles (read at run time)."""
    from textkit.corpus.clean import clean_text

    if request.param == "seed":
        texts = [clean_text(p) for _, p in seed_article.paragraphs]
        texts += [clean_text(f"{r.headline}\n{r.snippet}") for r in seed_article.related]
        return texts + texts[:3]  # repeated texts too
    if request.param == "generated-300":
        return generated_documents
    return _articles(200)


@pytest.fixture(scope="module")
def reference(corpus, segmenter):
    return segment_documents(corpus, segmenter)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_identical_tokens_with_workers_and_cache_off_cold_warm(corpus, reference, segmenter, n_jobs, tmp_path):
    folder = tmp_path / "cache"
    assert segment_documents(corpus, segmenter, n_jobs=n_jobs) == reference  # cache off
    assert segment_documents(corpus, segmenter, n_jobs=n_jobs, cache=folder) == reference  # cold
    with SegmentCache(folder, segmenter.fingerprint()) as store:
        assert store.get_many(corpus) == dict(zip(corpus, reference))  # every text stored, by whichever process
        # A marked entry shows that the warm run reads the cache (in the workers too) instead of segmenting.
        store.put_many([(corpus[0], [["標記"]])])
    marked = [[["標記"]] if text == corpus[0] else tokens for text, tokens in zip(corpus, reference)]
    assert segment_documents(corpus, segmenter, n_jobs=n_jobs, cache=folder) == marked  # warm
    assert reference[0] != [["標記"]]


def test_cache_works_from_any_thread(tmp_path):
    store = SegmentCache(tmp_path / "cache", "0" * 16)
    store.put_many([("科技創新", [["科技創新"]])])
    with ThreadPoolExecutor(1) as pool:  # joblib dispatches from a thread of its own
        assert pool.submit(store.get_many, ["科技創新"]).result() == {"科技創新": [["科技創新"]]}
        pool.submit(store.put_many, [("數字經濟", [["數字經濟"]])]).result()
        pool.submit(store.close).result()  # that thread's connection
    assert store.get_many(["數字經濟"]) == {"數字經濟": [["數字經濟"]]}
    store.close()


def test_cache_keys_depend_on_fingerprint_and_text(tmp_path):
    with SegmentCache(tmp_path / "cache", "a" * 16) as a, SegmentCache(tmp_path / "cache", "b" * 16) as b:
        a.put_many([("科技", [["科技"]])])
        assert a.get_many(["科技", "經濟"]) == {"科技": [["科技"]]}
        assert b.get_many(["科技"]) == {}
        assert a.key("科技") != b.key("科技") and a.key("科技") != a.key("經濟")


def test_cache_is_bounded_in_size(tmp_path):
    store = SegmentCache(tmp_path / "cache", "0" * 16, size_limit=256 * 1024)
    value = [["生命科學園"] * 200]  # about 3 kB each
    for i in range(100):
        store.put_many([(f"文檔{i}-{j}", value) for j in range(5)])
    kept = len(store.get_many([f"文檔{i}-{j}" for i in range(100) for j in range(5)]))
    db = (tmp_path / "cache" / "cache.db").stat().st_size
    store.close()
    assert kept < 500 and db < 1024 * 1024
    assert kept > 0  # the newest stay


def test_opening_the_cache_scans_nothing(tmp_path, monkeypatch):
    with SegmentCache(tmp_path / "cache", "0" * 16) as store:
        store.put_many([(f"文檔{i}", [["科技"]]) for i in range(50)])
    statements = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        con = connect(*args, **kwargs)
        con.set_trace_callback(statements.append)
        return con

    monkeypatch.setattr(sqlite3, "connect", traced)
    with SegmentCache(tmp_path / "cache", "0" * 16) as store:
        assert len(store.get_many(["文檔1", "文檔2"])) == 2
    assert statements
    assert not [s for s in statements if "check" in s.lower()]  # no quick_check / integrity_check
    reads = [s for s in statements if "FROM Cache" in s]
    assert reads and all("WHERE key = " in s for s in reads)  # look-ups by key only


def test_corrupt_database_is_rebuilt(tmp_path, segmenter, corpus, reference, caplog):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "cache.db").write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="textkit.segment.cache"):
        assert segment_documents(corpus[:5], segmenter, cache=folder) == reference[:5]
    assert "unreadable" in caplog.text and "rebuilding" in caplog.text
    with SegmentCache(folder, segmenter.fingerprint()) as store:
        assert store.get_many(corpus[:5]) == dict(zip(corpus[:5], reference[:5]))


def test_database_damaged_while_open_is_rebuilt(tmp_path, caplog):
    folder = tmp_path / "cache"
    with SegmentCache(folder, "0" * 16) as store:
        store.put_many([(f"文檔{i}", [["科技"] * 50]) for i in range(200)])
    with open(folder / "cache.db", "r+b") as f:  # overwrite pages past the header
        f.seek(8192)
        f.write(b"\xff" * 64 * 1024)
    store = SegmentCache(folder, "0" * 16)
    with caplog.at_level(logging.WARNING, logger="textkit.segment.cache"):
        found = store.get_many([f"文檔{i}" for i in range(200)])
        store.put_many([("經濟", [["經濟"]])])
    assert all(v == [["科技"] * 50] for v in found.values())  # what was read passed its checksum
    assert "rebuilding" in caplog.text
    assert store.get_many(["經濟"]) == {"經濟": [["經濟"]]}
    store.close()


def test_a_file_where_the_folder_should_be(tmp_path):
    from textkit.errors import ParameterError

    path = tmp_path / "segments.sqlite"
    path.write_bytes(b"old cache")
    with pytest.raises(ParameterError, match="expected a folder"):
        segment_documents(["科技"], cache=path)


def _articles(count: int) -> list[str]:
    if not ARTICLES.exists():
        pytest.skip(f"{ARTICLES} not found (set TEXTKIT_EVAL_DIR)")
    with ARTICLES.open(encoding="utf-8") as f:
        return [line.split("\t", 1)[1] for line, _ in zip(f, range(count))]


@pytest.mark.parametrize("source", ["generated-300", "thucnews-200"])
def test_prepare_documents_on_a_folder_with_two_workers_and_the_default_cache(tmp_path, monkeypatch, request, source):
    """The reported crash: ``prepare_documents(folder, n_jobs=2)`` with the disk cache (sqlite3.ProgrammingError).

    It needs a corpus of many tasks: 300 documents of the seed's sentences always, 200 THUCNews articles where the evaluation data is.
    """
    from textkit.engine.pipeline import prepare_documents

    texts = request.getfixturevalue("generated_documents") if source == "generated-300" else _articles(200)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(tmp_path / "cache"))  # cache=True: the default folder
    # The generated documents recombine the seed's sentences, so every sentence repeats across them:
    # the corpus-level removal of repeated sentences is off, segmentation is what is tested.
    single = prepare_documents(folder, cache=False, repeated=False)
    cold = prepare_documents(folder, n_jobs=2, repeated=False)
    warm = prepare_documents(folder, n_jobs=2, repeated=False)
    assert len(single) == len(texts)
    assert cold.tokens.tolist() == warm.tokens.tolist() == single.tokens.tolist()
    assert (tmp_path / "cache" / "segments" / "cache.db").exists()
