"""The engine without a cluster: shards, reductions, per-shard counts, the corpus store, and the same bytes on any executor.

A real Dask cluster is tested in test_cluster.py.
"""

from __future__ import annotations

import csv
import hashlib
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from textkit.errors import ClusterError, EmptyDocumentsWarning, WorkerError

FOOTER = "訂戶可享月費優惠，詳情請瀏覽本網站。"
GROUPS = ["財經", "體育", "科技"]


@pytest.fixture(scope="module")
def news(tmp_path_factory, generated_documents) -> Path:
    """300 news-length documents of real sentences, in three sections over ten weeks, each with the site's footer; one footer only."""
    path = tmp_path_factory.mktemp("news") / "news.csv"
    start = pd.Timestamp("2020-01-06")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "section", "date", "text"])
        writer.writeheader()
        for i, text in enumerate(generated_documents):
            date = start + pd.Timedelta(days=(i * 7) % 70, hours=i % 13)
            writer.writerow({"id": f"n{i:03d}", "section": GROUPS[i % 3], "date": f"{date:%Y-%m-%d %H:%M}", "text": f"{text}\n{FOOTER}"})
        writer.writerow({"id": "footer-only", "section": "科技", "date": "2020-02-01", "text": FOOTER})
    return path


OPTIONS = {"id_column": "id", "group_column": "section", "date_column": "date"}


def build(news, out, **kw):
    from textkit.engine.build import build_store

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        return build_store(news, out=out, shard_chars=kw.pop("shard_chars", 20_000), **OPTIONS, **kw)


@pytest.fixture(scope="module")
def store(news, tmp_path_factory):
    return build(news, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def reference(news):
    from textkit.engine.pipeline import prepare_documents

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        return prepare_documents(news, return_report=True, cache=False, **OPTIONS)


def digests(root: Path) -> dict[str, str]:
    """Every Parquet file under a store, by its path inside the store, with a hash of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*.parquet"))}


# -- reduction and shards ------------------------------------------------------------


def test_the_reduction_tree_depends_on_the_number_of_partials_only():
    from textkit.engine.reduce import TreeReducer, tree_reduce

    shapes = [tree_reduce([str(i) for i in range(n)], lambda a, b: f"({a}{b})") for n in range(1, 9)]
    assert shapes == ["0", "(01)", "((01)2)", "((01)(23))", "(((01)(23))4)", "(((01)(23))(45))", "(((01)(23))((45)6))",
                      "(((01)(23))((45)(67)))"]
    reducer = TreeReducer(lambda a, b: a + b)
    for x in [0.1] * 7 + [1e16, -1e16, 0.3]:
        reducer.push(x)
    assert reducer.result() == tree_reduce([0.1] * 7 + [1e16, -1e16, 0.3], lambda a, b: a + b)


def test_shards_are_cut_by_the_input_alone(news, monkeypatch):
    from textkit.engine import shards

    def cut(chunk_size):
        original = shards.iter_corpus

        def chunked(corpus, **options):
            options["chunk_size"] = chunk_size
            return original(corpus, **options)

        monkeypatch.setattr(shards, "iter_corpus", chunked)
        return [(s.index, s.start, len(s.frame), s.frame.doc_id.iloc[0]) for s in shards.iter_shards(news, shard_chars=20_000, **OPTIONS)]

    assert cut(7) == cut(10_000)
    found = cut(10_000)
    assert len(found) > 5 and sum(n for _, _, n, _ in found) == 301
    assert [start for _, start, _, _ in found] == list(np.cumsum([0] + [n for _, _, n, _ in found[:-1]]))


def test_a_sample_depends_on_rows_and_seed_only():
    from textkit.engine.shards import sample_mask

    rows = np.arange(10_000)
    whole = sample_mask(rows, 0.1, random_state=3)
    pieces = np.concatenate([sample_mask(rows[a:a + 700], 0.1, random_state=3) for a in range(0, 10_000, 700)])
    assert (whole == pieces).all() and 900 < whole.sum() < 1100
    assert (whole != sample_mask(rows, 0.1, random_state=4)).any()


# -- per-shard counts ----------------------------------------------------------------


def test_repeated_sentences_per_shard_are_those_of_the_whole_corpus(generated_documents):
    from textkit.corpus.clean import RepeatedSentences
    from textkit.corpus.repeated import count_sentences, repeated_sentences

    texts = [f"{t}\n{FOOTER}" for t in generated_documents]
    whole = count_sentences(texts)
    three = count_sentences(texts[:100]).merge(count_sentences(texts[100:250])).merge(count_sentences(texts[250:]))
    assert (whole.hashes == three.hashes).all() and (whole.documents == three.documents).all() and three.n_documents == 300
    model = RepeatedSentences(min_documents=10, min_share=0.05)
    expected = model.fit(texts)
    found = repeated_sentences(three, model)
    assert found.threshold == expected.threshold_ == 15
    removed = {}
    out = []
    for a in range(0, 300, 80):
        kept, seen = found.remove(texts[a:a + 80])
        out.extend(kept)
        removed.update(seen)
    assert out == expected.transform(texts)
    assert found.report(removed).equals(expected.repeated_)
    assert FOOTER in set(expected.repeated_.sentence) and len(expected.repeated_) > 1  # the seed's sentences recur too


def test_pruned_sentence_counts_say_what_they_dropped(generated_documents):
    from textkit.corpus.repeated import count_sentences

    small = [count_sentences(generated_documents[a:a + 50], max_entries=60) for a in range(0, 300, 50)]
    total = small[0]
    for part in small[1:]:
        total = total.merge(part)
    exact = count_sentences(generated_documents)
    assert len(total) <= 60 < len(exact)
    assert total.pruned > 0 and total.undercount >= 1
    kept = dict(zip(exact.hashes.tolist(), exact.documents.tolist()))
    for h, c in zip(total.hashes.tolist(), total.documents.tolist()):
        assert kept[h] - total.undercount <= c <= kept[h]  # the bound holds


def test_counts_of_three_shards_merged_equal_the_counts_of_one(store):
    from textkit.engine.counts import count_terms

    whole = pa.concat_tables(list(store.iter_tables(["tokens", "sentence_lengths", "group", "date"])))
    one = count_terms(whole)
    n = whole.num_rows
    parts = [count_terms(whole.slice(a, b - a)) for a, b in ((0, n // 3), (n // 3, n // 2), (n // 2, n))]
    three = parts[0].merge(parts[1]).merge(parts[2])
    assert one.terms.equals(three.terms) and one.groups == three.groups and (one.units == three.units).all()
    for name in ("frequency", "documents", "group_documents", "group_tokens", "unit_documents", "unit_tokens"):
        assert (getattr(one, name) == getattr(three, name)).all(), name
    for name in ("group_terms", "unit_terms", "pairs"):
        assert (getattr(one, name) != getattr(three, name)).nnz == 0, name
    assert (one.n_documents, one.n_tokens, one.undated) == (three.n_documents, three.n_tokens, three.undated) == (n, one.n_tokens, 0)


def test_the_counts_are_those_the_analyses_count(store, reference):
    from sklearn.feature_extraction.text import CountVectorizer

    from textkit.analysis.cooccur import count_cooccurrence
    from textkit.engine.counts import Counts, count_terms, document_term
    from textkit.engine.prepared import PreparedCorpus
    from textkit.engine.executor import get_executor

    docs, _ = reference
    counts = PreparedCorpus(store, get_executor()).counts()
    assert isinstance(counts, Counts) and counts.summary["pairs_pruned"] == 0
    freq = Counter(t for toks in docs.tokens for t in toks)
    df = Counter(t for toks in docs.tokens for t in set(toks))
    terms = counts.terms.set_index("term")
    assert terms.frequency.to_dict() == dict(freq) and terms.documents.to_dict() == dict(df)
    # window co-occurrence: count_cooccurrence's counts, restricted to the frequent terms
    co = count_cooccurrence(docs.sentences.tolist(), min_freq=3)
    vocab, frequency, matrix = counts.pairs(min_freq=3)
    assert vocab == co.vocabulary and (frequency == co.frequency).all() and (matrix != co.counts).nnz == 0
    # group x term
    by_group = counts.group_terms()
    for g, row in zip(counts.groups.group, by_group):
        expected = Counter(t for toks in docs.tokens[docs.group == g] for t in toks)
        assert dict(zip(counts.terms.term.iloc[row.indices], row.data)) == dict(expected)
    assert counts.groups.documents.tolist() == [int((docs.group == g).sum()) for g in counts.groups.group]
    # week x term, rolled up from days
    periods, weekly = counts.by_period("week")
    week = docs.date.dt.to_period("W-SUN")
    assert periods.period.tolist() == sorted(set(week)) and periods.documents.tolist() == week.value_counts().sort_index().tolist()
    first = periods.period.iloc[0]
    expected = Counter(t for toks in docs.tokens[week == first] for t in toks)
    assert dict(zip(counts.terms.term.iloc[weekly[0].indices], weekly[0].data)) == dict(expected)
    # min_df / max_df on the totals: scikit-learn's vocabulary
    vec = CountVectorizer(analyzer=lambda toks: toks, min_df=3, max_df=0.5).fit(docs.tokens)
    assert counts.vocabulary(min_df=3, max_df=0.5) == sorted(vec.vocabulary_)
    # the document x term rows of a shard
    part = store.read_part(0, ["tokens"])
    X = document_term(part, vec.get_feature_names_out().tolist())
    assert (X != vec.transform(docs.tokens[: part.num_rows])).nnz == 0
    assert count_terms(store.read_part(0, ["tokens"], token_ids=True)).n_tokens == sum(map(len, docs.tokens[: part.num_rows]))


def test_pruned_pairs_are_reported(store):
    from textkit.engine.counts import count_terms

    parts = [count_terms(t, max_pairs=2_000) for t in store.iter_tables(["tokens", "sentence_lengths"], token_ids=True)]
    exact = [count_terms(t) for t in store.iter_tables(["tokens", "sentence_lengths"], token_ids=True)]
    total, full = parts[0], exact[0]
    for p, e in zip(parts[1:], exact[1:]):
        total, full = total.merge(p), full.merge(e)
    assert total.pairs.nnz <= 2_000 < full.pairs.nnz
    assert total.pairs_pruned > 0 and total.pair_occurrences_pruned > 0 and total.pair_undercount >= 1
    assert total.pairs.nnz + total.pairs_pruned >= full.pairs.nnz
    biggest = full.pairs.data.max()
    assert total.pairs.data.max() >= biggest - total.pair_undercount  # the strongest pairs survive


# -- the store --------------------------------------------------------------------------


def test_the_store_holds_what_prepare_documents_makes(store, reference):
    docs, report = reference
    got = store.documents(sentences=True)
    for column in ("doc_id", "group", "text", "tokens", "sentences", "date", "title"):
        assert got[column].tolist() == docs[column].tolist(), column
    ids = [f"n{i:03d}" for i in range(300)] + ["footer-only"]
    emptied = set(report.emptied.doc_id)
    assert "footer-only" in emptied and len(emptied) > 1  # the documents made of the seed's recurring sentences too
    assert got.row.tolist() == [i for i, d in enumerate(ids) if d not in emptied]  # input positions, emptied ones left out
    mine = store.report()
    assert mine.repeated.equals(report.repeated) and mine.summary() == report.summary()
    assert mine.emptied.equals(report.emptied.reset_index(drop=True))
    m = store.manifest
    assert (m["documents"], m["documents_in"], m["emptied"], m["groups"]) == (len(docs), 301, len(emptied), GROUPS)
    assert m["tokens"] == sum(map(len, docs.tokens)) and m["dates"]["min"].startswith("2020-01-06")
    part = store.read_part(0, ["tokens"], token_ids=True)
    assert pa.types.is_dictionary(part.schema.field("tokens").type.value_type)  # integer ids + a vocabulary, no Python strings


def test_the_store_warns_of_emptied_documents_and_is_reused(news, tmp_path):
    from textkit.engine.build import build_store
    from textkit.engine.store import CorpusStore

    with pytest.warns(EmptyDocumentsWarning, match=r"28 document\(s\) held nothing but sentences repeated across the corpus"):
        first = build_store(news, out=tmp_path, shard_chars=50_000, **OPTIONS)
    manifest = Path(first.root) / "manifest.json"
    stamp = manifest.stat().st_mtime_ns
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = build_store(news, out=tmp_path, shard_chars=50_000, **OPTIONS)  # reused: nothing read, nothing warned
    assert again.root == first.root and manifest.stat().st_mtime_ns == stamp
    manifest.unlink()  # an interrupted build: no completion marker
    assert not CorpusStore.exists(first.root)
    with pytest.warns(EmptyDocumentsWarning):
        rebuilt = build_store(news, out=tmp_path, shard_chars=50_000, **OPTIONS)
    assert rebuilt.root == first.root and digests(Path(rebuilt.root)) == digests(Path(first.root))
    from textkit.segment import Segmenter

    with pytest.warns(EmptyDocumentsWarning):
        other = build_store(news, out=tmp_path, shard_chars=50_000, segmenter=Segmenter(min_length=2), **OPTIONS)
    assert other.root != first.root
    assert sorted(p.name for p in Path(first.root).parent.iterdir()) == sorted([Path(first.root).name, Path(other.root).name])
    with pytest.raises(KeyboardInterrupt):  # an interrupted build leaves nothing behind
        build_store(news, out=tmp_path, shard_chars=50_000, segmenter=Segmenter(min_length=3), executor=_Interrupting(), **OPTIONS)
    assert len(list(Path(first.root).parent.iterdir())) == 2


class _Interrupting:
    """An executor whose first task is interrupted (Ctrl-C)."""

    kind = "serial"
    workers = 1

    def map(self, *args, **kwargs):
        raise KeyboardInterrupt

    def reduce(self, refs, merge, **kwargs):
        return list(refs)

    def close(self):
        pass


def test_local_processes_write_the_same_bytes(news, store, tmp_path):
    from textkit.engine.executor import get_executor
    from textkit.engine.prepared import PreparedCorpus

    with get_executor(n_jobs=2) as executor:
        processes = build(news, tmp_path, executor=executor)
        PreparedCorpus(processes, executor).counts()
    PreparedCorpus(store, get_executor()).counts()
    found = digests(Path(processes.root))
    assert found == digests(Path(store.root)) and "counts/window5-day-pairs20000000/pairs.parquet" in found


def test_textkit_segment_out_round_trips(news, reference, tmp_path, capsys):
    import pyarrow.parquet as pq

    from textkit.cli import main

    out = tmp_path / "tokens.parquet"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        code = main(["segment", str(news), "--out", str(out), "--id-column", "id", "--group-column", "section",
                     "--date-column", "date"])
    assert code == 0, capsys.readouterr().err
    table = pq.read_table(out)
    docs, _ = reference
    assert table.column("doc_id").to_pylist() == docs.doc_id.tolist()
    assert table.column("tokens").to_pylist() == docs.tokens.tolist()
    lengths = table.column("sentence_lengths").to_pylist()
    assert [[len(s) for s in doc] for doc in docs.sentences] == lengths
    assert not list(tmp_path.glob("*.textkit-build"))  # the store it was built in is gone
    assert main(["segment", str(news), "--text-column", "text"]) == 2
    assert "give --out" in capsys.readouterr().err


def test_a_sample_is_the_same_whatever_the_shards(news, store, tmp_path):
    from textkit.engine.executor import get_executor
    from textkit.engine.prepared import PreparedCorpus

    small = PreparedCorpus(store, get_executor()).sample(25, random_state=1, columns=["doc_id"])
    large = PreparedCorpus(build(news, tmp_path, shard_chars=200_000), get_executor()).sample(25, random_state=1, columns=["doc_id"])
    assert len(small) == 25 and small.doc_id.tolist() == large.doc_id.tolist()


def _doc_terms(part, term):
    """Per-document rows of one part: its documents that hold ``term``, with their count (a task of iter_shards)."""
    tokens = part.column("tokens").to_pylist()
    ids = part.column("doc_id").to_pylist()
    rows = [(i, t.count(term)) for i, t in zip(ids, tokens) if term in t]
    return pd.DataFrame(rows, columns=["doc_id", "count"])


def test_a_per_document_table_is_written_shard_by_shard_as_one_table(store, reference, tmp_path):
    from textkit.engine.executor import get_executor
    from textkit.engine.prepared import PreparedCorpus
    from textkit.output.export import save_table, save_table_parts

    corpus = PreparedCorpus(store, get_executor())
    assert store.n_shards >= 3
    shown = save_table_parts(corpus.iter_shards(_doc_terms, "北京", columns=["doc_id", "tokens"]), "parts", folder=tmp_path, preview=3)
    docs = reference[0]
    expected = pd.DataFrame([(i, t.count("北京")) for i, t in zip(docs.doc_id, docs.tokens) if "北京" in t],
                            columns=["doc_id", "count"])
    save_table(expected, "whole", folder=tmp_path)
    assert len(expected) > 3 and shown.attrs["rows"] == len(expected)
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert shown.doc_id.tolist() == expected.doc_id.tolist()[:3]

    def failing():  # a pass that fails half way leaves no table that looks whole
        yield expected.iloc[:2]
        raise RuntimeError("a worker died")

    with pytest.raises(RuntimeError):
        save_table_parts(failing(), "broken", folder=tmp_path)
    assert not list(tmp_path.glob("*broken*"))
    assert [len(f) for f in corpus.map_shards(_doc_terms, "北京", columns=["doc_id", "tokens"])] == \
        [len(f) for f in corpus.iter_shards(_doc_terms, "北京", columns=["doc_id", "tokens"])]


# -- errors ----------------------------------------------------------------------------


def test_a_task_out_of_memory_names_the_stage_and_the_shard():
    from textkit.engine.executor import _explain, run_task

    def exhausted():
        raise MemoryError

    with pytest.raises(WorkerError, match=r"^segmenting, shard 7: the worker ran out of memory"):
        run_task("segmenting", 7, exhausted)
    from distributed.scheduler import KilledWorker

    message = str(_explain("segmenting", 3, KilledWorker("textkit-segmenting-00003-ab", None, 1)))
    assert message.startswith("segmenting, shard 3: every worker that ran it died (2 tries; out of memory?")
    assert "\n" not in message


def test_an_unreachable_scheduler_is_one_line_within_seconds(capsys):
    from textkit.cli import main
    from textkit.engine.cluster import connect, parse_address

    start = time.monotonic()
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9: connection refused"):
        connect("tcp://127.0.0.1:9")
    assert time.monotonic() - start < 5
    assert main(["segment", "seeds", "--out", "x.parquet", "--scheduler", "127.0.0.1:9"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("textkit: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and "\n" not in err
    with pytest.raises(ClusterError, match="DASK_SCHEDULER_ADDRESS"):
        parse_address("auto")
    with pytest.raises(ClusterError, match="scheduler file nowhere.json does not exist"):
        parse_address("nowhere.json")
    assert main(["run", "--scheduler", "tcp://127.0.0.1:9", "--workers", "2"]) == 2
    assert "--workers sets the size of a local cluster" in capsys.readouterr().err
    start = time.monotonic()  # -p scheduler is --scheduler: reached once, before any notebook
    assert main(["run", "-p", "scheduler", "tcp://127.0.0.1:9", "--only", "01"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("textkit: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and "\n" not in err
    assert time.monotonic() - start < 10


def test_a_corpus_pass_adds_the_words_it_finds_before_segmenting(generated_documents, tmp_path):
    """The hook of new-word discovery: counted per shard, reduced, then the segmenter has the word."""
    from dask_helpers import candidate_pass

    from textkit.engine.build import build_store

    path = tmp_path / "names.txt"
    lines = [t[:200] + ("葛莉絲蒂說。" if i % 10 == 0 else "") + ("司徒雷登堡" if i == 3 else "") for i, t in enumerate(generated_documents)]
    path.write_text("\n".join(lines), encoding="utf-8")
    plain = build_store(path, out=tmp_path / "plain", repeated=False, shard_chars=5_000)
    found = build_store(path, out=tmp_path / "found", repeated=False, shard_chars=5_000, passes=[candidate_pass()])
    assert found.root.rsplit("/", 1)[1] != plain.root.rsplit("/", 1)[1]  # the pass is part of the key
    tokens = found.documents(["tokens"]).tokens
    assert "葛莉絲蒂" in tokens[0] and "葛莉絲蒂" not in plain.documents(["tokens"]).tokens[0]
    assert "司徒雷登堡" not in tokens[3]  # seen once: not learned


def test_the_store_discovers_the_words_prepare_documents_discovers(news, tmp_path):
    """New-word discovery on the cleaned text with repetition removed, its sample drawn per shard: the words and tokens of one process."""
    from textkit.engine.pipeline import prepare_documents
    from textkit.segment import Segmenter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        docs, report = prepare_documents(news, discover_words=True, return_report=True, cache=False, **OPTIONS)
        store = build(news, tmp_path, discover_words=True)  # 20,000 characters a shard: a dozen shards
    assert store.n_shards > 5 and len(report.discovered) > 0
    mine = store.report()
    assert mine.discovered.equals(report.discovered) and mine.discovery_summary() == report.discovery_summary()
    assert store.documents(["tokens"]).tokens.tolist() == docs.tokens.tolist()
    assert store.manifest["discovered"] == len(report.discovered)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        plain = build(news, tmp_path, discover_words=False)
        given = build(news, tmp_path, discover_words=True, segmenter=Segmenter(discovered_words=["財經新聞"]))
    assert len({store.root, plain.root, given.root}) == 3  # the setting is in the key
    assert plain.report().discovered is None and given.report().discovered is None  # a segmenter's own words are kept


def test_corpus_documents_is_the_table_of_prepare_documents_from_the_store(news, reference, tmp_path):
    from textkit.engine.prepared import corpus_documents
    from textkit.segment import Segmenter

    docs, report = reference
    seg = Segmenter()
    with pytest.warns(EmptyDocumentsWarning, match=r"28 document\(s\) held nothing but sentences repeated"):
        got, mine = corpus_documents(news, store=tmp_path / "store", segmenter=seg, return_report=True, **OPTIONS)
    assert got.equals(docs) and list(got.columns) == list(docs.columns)
    assert mine.summary() == report.summary() and mine.emptied.equals(report.emptied.reset_index(drop=True))
    (root,) = (tmp_path / "store").iterdir()
    stamp = (root / "manifest.json").stat().st_mtime_ns
    with pytest.warns(EmptyDocumentsWarning):  # found, not built again, and the documents left out are said again
        again = corpus_documents(news, store=tmp_path / "store", **OPTIONS)
    assert again.equals(docs) and (root / "manifest.json").stat().st_mtime_ns == stamp
    # the words discovered reach the caller's segmenter (KWIC and the projection comparison cut as the store did)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDocumentsWarning)
        seg = Segmenter()
        _, found = corpus_documents(news, store=tmp_path / "store", segmenter=seg, discover_words=True, return_report=True, **OPTIONS)
    assert len(found.discovered) and [w for w, _, _ in seg.discovered_words] == found.discovered.word.tolist()


def test_without_a_scheduler_nothing_of_dask_is_imported(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from textkit.engine.prepared import corpus_documents; "
            f"docs = corpus_documents(None, store={str(tmp_path)!r}, n_jobs=1); "
            "print(len(docs), sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parent.parent,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["40", "[]"]  # the seed, its 40 documents
