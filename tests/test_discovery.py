"""New-word discovery (textkit.segment.discovery): counts per shard, what is learned, and how the words reach every tokenizer."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from conftest import EVAL_DIR

from textkit.errors import ParameterError
from textkit.segment import Segmenter, segment_documents
from textkit.segment.discovery import (
    NgramCounts,
    NgramTable,
    count_ngrams,
    discover_corpus_words,
    score_ngrams,
    word_sample,
    write_user_dict,
)

NAME = "林鄭月娥"  # jieba: 林 / 鄭月 / 娥
ONCE = "陳肇始"  # jieba: 陳 / 肇始
CONTEXTS = ["{}表示，", "特首{}今日指出，", "記者問{}：", "據{}說，", "{}強調，", "{}在記者會上說，", "行政長官{}宣布，"]


@pytest.fixture(scope="module")
def name_corpus(generated_documents) -> list[str]:
    """The generated news documents (real sentences of the seed, Traditional), the name in 60 of them in varied contexts, the other name once."""
    rng = random.Random(3)
    docs = list(generated_documents)
    for i in rng.sample(range(len(docs)), 60):
        cut = rng.randrange(len(docs[i]))
        docs[i] = docs[i][:cut] + rng.choice(CONTEXTS).format(NAME) + docs[i][cut:]
    docs[7] = docs[7][:50] + f"衞生署長{ONCE}表示，" + docs[7][50:]
    return docs


@pytest.fixture(scope="module")
def found(name_corpus) -> pd.DataFrame:
    return Segmenter().discover(name_corpus)


def test_counting_one_shard_equals_three_shards_merged(name_corpus):
    whole = count_ngrams(name_corpus)
    a, b, c = (count_ngrams(name_corpus[i:j]) for i, j in ((0, 90), (90, 200), (200, None)))
    assert (a + b) + c == whole
    assert a + (b + c) == whole
    assert NgramCounts.sum([c, a, b]) == whole  # any order, any grouping
    assert whole.characters == sum(x.characters for x in (a, b, c)) and whole.documents == len(name_corpus)
    assert score_ngrams((a + b) + c).equals(score_ngrams(whole))
    assert NgramCounts.empty() + whole == whole


def test_counts_are_exact_on_real_text():
    counts = count_ngrams(["火神山醫院，火神山", "雷神山醫院"], max_length=3)
    table = NgramTable(counts)
    scores = score_ngrams(counts, min_count=1).set_index("word")
    assert scores.loc["神山", "count"] == 3  # counted in Simplified: 醫院 and 医院 are one
    assert scores.loc["医院", "count"] == 2
    assert "山医" not in scores.index or scores.loc["山医", "count"] == 2
    assert table.neighbours("神山", "left") == [("火", 2)]  # 雷 seen once: pruned, and it adds nothing to the entropy
    assert table.neighbours("神山", "right") == [("医", 2)]
    # Occurrences at a run's edge (before "，" or at the end of the text) are distinct neighbours.
    assert scores.loc["火神山", "right_entropy"] == pytest.approx(np.log(2) - (0 / 2))


def test_partials_are_picklable_and_merge_checks_max_length(name_corpus):
    import pickle

    part = count_ngrams(name_corpus[:20])
    assert pickle.loads(pickle.dumps(part)) == part
    with pytest.raises(ParameterError, match="max_length"):
        part + count_ngrams(name_corpus[:20], max_length=4)


def test_a_repeated_name_is_learned_and_a_name_seen_once_is_not(found, name_corpus):
    row = found.set_index("simplified").loc["林郑月娥"]
    assert row.word == NAME  # shown and written as it is written in the corpus
    assert row["count"] == 60 and row.pieces == "林 / 郑月 / 娥"
    assert "陈肇始" not in set(found.simplified)
    seg = Segmenter(discovered_words=found)
    assert NAME in seg.cut("昨天林鄭月娥表示")
    assert "林郑月娥" in Segmenter(discovered_words=found).cut("昨天林郑月娥表示")  # both scripts
    assert Segmenter().cut("昨天林鄭月娥表示") == ["昨天", "林", "鄭月", "娥", "表示"]


def test_discovered_words_change_the_fingerprint_and_none_keep_it(found):
    assert Segmenter(discovered_words=found).fingerprint() != Segmenter().fingerprint()
    assert Segmenter(discovered_words=[]).fingerprint() == Segmenter().fingerprint()
    seg = Segmenter()
    before = seg.fingerprint()
    assert seg.set_params(discovered_words=found).fingerprint() != before


def test_workers_get_the_discovered_words(found, name_corpus):
    seg = Segmenter(discovered_words=found)
    one = segment_documents(name_corpus, seg, n_jobs=1, cache=False)
    two = segment_documents(name_corpus, seg, n_jobs=2, cache=False)
    assert one == two
    assert sum(tok == NAME for doc in two for sentence in doc for tok in sentence) == 60


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_both_backends_use_the_discovered_words(found, backend):
    pytest.importorskip("rjieba") if backend == "rjieba" else None
    seg = Segmenter(backend=backend, discovered_words=found)
    assert seg.cut("昨天林鄭月娥表示") == ["昨天", NAME, "表示"]
    assert Segmenter(backend=backend).discover(["火神山"] * 3).empty  # a segmenter of either backend looks


def test_the_user_dictionary_wins(found):
    # The same word: the user's entry (frequency 0 removes it from jieba) and not the discovered one.
    seg = Segmenter(user_dict=["林鄭月娥 0"], discovered_words=found)
    assert "林郑月娥" not in {w for w, _, _ in seg.settings().discovered}
    assert "林鄭月娥" not in seg.cut("昨天林鄭月娥表示")
    # A user word inside a discovered word: the discovered word never swallows it.
    seg = Segmenter(user_dict=["鄭月娥 nr"], discovered_words=found)
    assert seg.cut("昨天林鄭月娥表示")[1:3] == ["林", "鄭月娥"]
    # The user's tag, not the discovered one.
    seg = Segmenter(user_dict=["林鄭月娥 5 nr"], discovered_words=found)
    assert ("林鄭月娥", "nr") in seg.tag("昨天林鄭月娥表示")


def test_the_user_dictionary_file_round_trips_through_the_command_line(found, tmp_path, capsys):
    from textkit.cli import main
    from textkit.corpus.resources import load_user_dict

    path = write_user_dict(found, tmp_path / "words.txt")
    assert load_user_dict(path) == [(w, int(f), t) for w, f, t in zip(found.word, found.freq, found.tag)]
    text = tmp_path / "text.txt"
    text.write_text("昨天林鄭月娥表示\n", encoding="utf-8")
    assert main(["segment", str(text)]) == 0
    assert capsys.readouterr().out == "昨天 林 鄭月 娥 表示\n"
    assert main(["segment", "--user-dict", str(path), str(text)]) == 0
    assert capsys.readouterr().out == "昨天 林鄭月娥 表示\n"


def test_words_are_found_once_and_kept_in_the_cache(name_corpus, tmp_path, monkeypatch):
    from textkit.segment import discovery

    first = discover_corpus_words(name_corpus, Segmenter(), discover=True, cache=tmp_path)
    assert len(list((tmp_path / "words").glob("*.csv"))) == 1
    monkeypatch.setattr(discovery, "discover_words", lambda *a, **k: pytest.fail("found again instead of read"))
    again = discover_corpus_words(name_corpus, Segmenter(), discover=True, cache=tmp_path)
    pd.testing.assert_frame_equal(again, first)
    # Another segmenter setting is another entry.
    monkeypatch.undo()
    discover_corpus_words(name_corpus, Segmenter(user_dict=["陳肇始"]), discover=True, cache=tmp_path)
    assert len(list((tmp_path / "words").glob("*.csv"))) == 2


def test_auto_and_off(name_corpus):
    small = name_corpus[:20]
    assert discover_corpus_words(small, Segmenter(), discover="auto", cache=False) is None
    assert discover_corpus_words(name_corpus, Segmenter(), discover=False, cache=False) is None
    for bad in ("yes", 1, None):
        with pytest.raises(ParameterError, match="discover_words must be"):
            discover_corpus_words(small, Segmenter(), discover=bad, cache=False)


def test_prepare_documents_segments_with_the_words(name_corpus, tmp_path):
    from textkit.engine.pipeline import prepare_documents

    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(name_corpus) + "\n", encoding="utf-8")
    seg = Segmenter()
    # repeated=False: the generated documents repeat the seed's sentences, which would otherwise be removed.
    docs, report = prepare_documents(corpus, segmenter=seg, discover_words=True, repeated=False, cache=tmp_path / "cache",
                                     return_report=True)
    assert NAME in set(report.discovered_words.word)
    assert sum(t == NAME for toks in docs.tokens for t in toks) == 60
    assert seg.discovered_words  # the segmenter keeps them for what the notebook does next
    assert "added to the segmenter" in report.discovery_summary()
    plain, report = prepare_documents(corpus, discover_words=False, repeated=False, cache=tmp_path / "cache", return_report=True)
    assert NAME not in {t for toks in plain.tokens for t in toks}
    assert report.discovered is None and report.discovered_words.empty and "off" in report.discovery_summary()


@pytest.mark.parametrize("bad", ["林鄭月娥", [("林鄭月娥", 5, "nz", "x")], [3], [""]])
def test_bad_discovered_words_are_refused(bad):
    with pytest.raises(ParameterError, match="discovered_words"):
        Segmenter(discovered_words=bad)


def test_the_sample_does_not_depend_on_how_the_corpus_is_cut():
    keep = word_sample(9_000, 0.3, random_state=5)
    shards = [word_sample(0, 0.3, random_state=5, positions=np.arange(i, min(i + 2_500, 9_000))) for i in range(0, 9_000, 2_500)]
    assert np.array_equal(np.concatenate(shards), keep)
    assert 0.27 < keep.mean() < 0.33
    assert not np.array_equal(word_sample(9_000, 0.3, random_state=6), keep)


WEIBO = EVAL_DIR / "weibo_cctv" / "cctv_weibo_2020.csv"


@pytest.mark.skipif(not WEIBO.exists(), reason=f"{WEIBO} not found (set TEXTKIT_EVAL_DIR)")
def test_weibo_names_are_learned_and_phrases_are_not():
    from textkit.corpus.clean import RepeatedSentences, clean_text
    from textkit.corpus.load import load_corpus

    texts = [clean_text(t) for t in load_corpus(WEIBO).text]
    texts = [t for t in RepeatedSentences().fit(texts).transform(texts) if t.strip()]
    seg = Segmenter()
    words = set(seg.discover(texts).word)
    assert {"谭德塞", "火神山", "雷神山", "金银潭", "钻石公主号", "欧阳夏丹", "小朱配琦", "撒贝宁"} <= words
    # 中联办 is in textkit's regional dictionary: whole without being discovered, so not among the new words.
    assert "中联办" not in words and "中联办" in seg.cut("香港中联办发表声明")
    # Phrases and fragments: a verb and its object, a number's measure word, the tail of the word before, a compound of
    # words that also occur apart, a name and its title, a word that would take its neighbour's character.
    assert not words & {"戴口罩", "级响应", "司副司长", "市公安局", "局副局长", "新型冠状病毒", "火神山医院", "钟南山院士",
                        "境外输入", "有机会", "抗议者冲", "市住建委"}


def test_textkit_words_prints_and_writes_the_words(name_corpus, tmp_path, capsys):
    from textkit.cli import main
    from textkit.corpus.resources import load_user_dict

    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({"正文": name_corpus}).to_csv(corpus, index=False)
    table, words = tmp_path / "out" / "words.csv", tmp_path / "out" / "words.txt"
    assert main(["words", str(corpus), "--text-column", "正文", "--table", str(table), "--dict", str(words), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert " new words in " in out and NAME in out
    assert NAME in set(pd.read_csv(table, encoding="utf-8-sig").word)
    assert any(w == NAME and f > 0 and t == "nz" for w, f, t in load_user_dict(words))
    assert main(["words", str(corpus), "--text-column", "標題"]) == 2  # a missing column: one line, as for textkit run
    assert "標題" in capsys.readouterr().err


def test_a_cantonese_particle_does_not_open_a_word(generated_documents):
    """嘅 is 的 of written Cantonese: 某處嘅情況 recurring in varied places is a phrase, as 的情况 would be."""
    rng = random.Random(5)
    docs = list(generated_documents)
    places = ["旺角", "沙田", "屯門", "觀塘", "荃灣", "元朗", "將軍澳", "大埔", "西環", "銅鑼灣", "深水埗", "紅磡"]
    for i in rng.sample(range(len(docs)), 80):
        cut = rng.randrange(len(docs[i]))
        docs[i] = docs[i][:cut] + f"市民都好擔心{rng.choice(places)}嘅情況，" + docs[i][cut:]
    words = Segmenter().discover(docs)
    assert len(words) > 5  # the other new words of the corpus are still found
    assert not [w for w in words.word if set(w) & set("嘅咗喺哋啲嗰嚟")], words.word.tolist()
