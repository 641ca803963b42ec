"""Segmentation: Traditional tokens as written, round trip, dictionaries, filters."""

from __future__ import annotations

import logging
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.errors import CorpusFileError, ParameterError
from textkit.segment import Segmenter, cache_dir, load_user_dict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中關村科學城已聚集了華為等科技創新企業", ["中關村科學城", "已", "聚集", "了", "華為", "等", "科技創新", "企業"]),
        (
            "面對中關村科學城及北京生命科學園的新機遇和新優勢",
            ["面對", "中關村科學城", "及", "北京", "生命科學園", "的", "新機遇", "和", "新", "優勢"],
        ),
        (
            "昌平區委書記於長輝表示,生命科學園以及周邊地區納入自貿試驗區科技創新片區",
            ["昌平", "區委書記", "於", "長輝", "表示", ",", "生命科學園", "以及", "周邊地區", "納入", "自貿試驗區", "科技創新片區"],
        ),
        # Simplified text goes through unchanged.
        ("中关村科学城已聚集了华为等科技创新企业", ["中关村科学城", "已", "聚集", "了", "华为", "等", "科技创新", "企业"]),
    ],
)
def test_known_sentences(segmenter, text, expected):
    assert segmenter.cut(text) == expected


def test_projection_beats_segmenting_as_written():
    text = "面對中關村科學城及北京生命科學園的新機遇"
    projected = Segmenter(domain_dict=False).cut(text)
    as_written = Segmenter(domain_dict=False, convert=False).cut(text)
    assert projected[:3] == ["面對", "中關村", "科學城"]
    assert as_written[:3] == ["面對", "中關", "村科學"]  # jieba's Simplified dictionary misreads Traditional


def test_tokens_keep_the_script_as_written(segmenter, seed_sentences):
    for s in seed_sentences[:40]:
        for tok in segmenter.cut(s):
            assert tok in s


def test_round_trip_on_every_seed_sentence(segmenter, seed_sentences):
    assert len(seed_sentences) > 100
    for s in seed_sentences:
        assert "".join(segmenter.cut(s)) == s
        assert "".join(t for t, _ in segmenter.tag(s)) == s


_SEED_CHARS = "中關村科學城生命園區的了。，,:：「」 \n２０２１ABC5G-二噁英鮟鱇𩽾𩾌海澱昌平數字經濟區塊鏈這是兩人@#[]./哈衞著嗰\x00🇨🇳👍🏻"


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from(list(_SEED_CHARS)), max_size=50))
def test_round_trip_on_arbitrary_text(segmenter, text):
    assert "".join(segmenter.cut(text)) == text


def test_tokenize_removes_stopwords_punctuation_and_numbers(segmenter):
    tokens = segmenter.tokenize("總面積31.85平方公裡的科技創新片區,包括中關村科學城21.59平方公裡。")
    assert "31.85" not in tokens and "的" not in tokens and "," not in tokens and "。" not in tokens
    assert {"科技創新片區", "中關村科學城"} <= set(tokens)
    with_numbers = Segmenter(keep_numbers=True).tokenize("總面積31.85平方公裡")
    assert "31.85" in with_numbers


@pytest.mark.parametrize("word", ["這些", "这些", "對於", "对于", "的"])
def test_stopwords_match_in_both_scripts(segmenter, word):
    assert segmenter.is_stopword(word)


def test_stopwords_can_be_extended_or_replaced():
    text = "海澱區大數據平臺"
    assert "平臺" in Segmenter().tokenize(text)
    assert "平臺" not in Segmenter(extra_stopwords=["平台"]).tokenize(text)  # listed in Simplified, matches Traditional
    assert "的" in Segmenter(stopwords=None).tokenize("海澱的平臺")
    assert Segmenter(stopwords=["海澱"]).tokenize("海澱的平臺") == ["的", "平臺"]


def test_user_dictionary_extends_the_domain_dictionary(tmp_path):
    text = "兩大組團正多措並舉推進一系列政策創新"
    assert "多措並舉" not in Segmenter().cut(text)
    path = tmp_path / "mine.txt"
    path.write_text("# my words\n多措並舉 5 i\n", encoding="utf-8")
    assert "多措並舉" in Segmenter(user_dict=path).cut(text)
    assert "多措並舉" in Segmenter(user_dict=["多措并举"]).cut(text)  # written in Simplified


def test_bad_user_dictionary_names_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("中關村 n\n生命谷 many nz\n", encoding="utf-8")
    with pytest.raises(CorpusFileError, match=r"bad\.txt, line 2: frequency 'many'"):
        load_user_dict(path)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("生命谷 many nz", "frequency 'many' of '生命谷' is not a whole number"),
        ("生命谷 5.5 nz", "frequency '5.5' of '生命谷' is not a whole number"),
        ("生命谷 5.5", "'5.5' after '生命谷' is not a frequency"),
        ("生命谷 -3", "'-3' after '生命谷' is not a frequency"),
        ("生命谷 5 n5", "'n5' after '生命谷' is not a part-of-speech tag"),
        ("生命谷 5 nz 園區", "expected 'word \\[frequency\\] \\[tag\\]' but found 4 fields"),
        ("生命谷\t5\tnz\tns", "expected .* but found 4 fields"),
    ],
)
def test_every_bad_user_dictionary_line_is_named(tmp_path, line, problem):
    path = tmp_path / "my words.txt"
    path.write_text(f"# my words\n中關村 n\n\n{line}\n生命園 nz\n", encoding="utf-8")
    with pytest.raises(CorpusFileError, match=rf"my words\.txt, line 4: {problem}"):
        load_user_dict(path)
    with pytest.raises(CorpusFileError, match=r"my words\.txt, line 4"):  # also when a segmenter reads it
        Segmenter(user_dict=path).cut("生命谷")


def test_good_user_dictionary_lines(tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text("\ufeff生命谷\n生命園 5\n中關村 ns\n昌平 12 ns  # a comment\n5G eng\n", encoding="utf-8")
    assert load_user_dict(path) == [("生命谷", None, None), ("生命園", 5, None), ("中關村", None, "ns"), ("昌平", 12, "ns"), ("5G", None, "eng")]


def test_bad_user_dictionary_is_one_line_from_the_command_line(tmp_path, capsys):
    from textkit.cli import main

    (tmp_path / "words.txt").write_text("生命谷 5 nz 園區\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("生命谷\n", encoding="utf-8")
    assert main(["segment", "--user-dict", str(tmp_path / "words.txt"), str(tmp_path / "a.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "words.txt, line 1: expected 'word [frequency] [tag]'" in err


def test_pos_filter_keeps_nouns(segmenter):
    tokens = Segmenter(pos=["n"]).tokenize("生命科學園是全市醫藥健康產業的核心區域")
    assert tokens == ["生命科學園", "全市", "醫藥健康", "產業", "核心", "區域"]
    tags = dict(segmenter.tag("海澱將持續發揮中關村科學城創新策源地優勢"))
    assert tags["持續"].startswith("v") and tags["中關村科學城"] == "nz"


def test_min_length_and_latin(segmenter):
    text = "聚焦人工智慧、5G、大數據、區塊鏈這些新一代的技術"
    assert "5G" in segmenter.tokenize(text)
    assert "5G" not in Segmenter(keep_latin=False).tokenize(text)
    assert all(len(t) >= 3 for t in Segmenter(min_length=3).tokenize(text))
    assert "人工智慧" in Segmenter(min_length=3).tokenize(text)


@pytest.mark.parametrize(
    ("params", "message"),
    [({"min_length": 0}, "min_length"), ({"pos": "n"}, "pos must be a list"), ({"backend": "thulac"}, "backend"), ({"block_cache": -1}, "block_cache")],
)
def test_bad_parameters(params, message):
    with pytest.raises(ParameterError, match=message):
        Segmenter(**params).cut("科技")


def test_not_a_string(segmenter):
    with pytest.raises(ParameterError, match="expected a str"):
        segmenter.cut(None)


def test_private_cache_and_no_noise(capfd, tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(tmp_path / "cache"))
    import jieba

    before = jieba.dt.initialized
    assert Segmenter(backend="jieba").cut("生命科學園") == ["生命科學園"]
    assert (tmp_path / "cache" / "jieba-default.cache").exists()
    assert cache_dir() == tmp_path / "cache"
    assert jieba.dt.initialized == before  # jieba's global instance untouched
    assert logging.getLogger("jieba").level == logging.DEBUG  # level restored after loading
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_pickle_round_trip(segmenter):
    clone = pickle.loads(pickle.dumps(segmenter))
    assert clone.cut("中關村科學城") == ["中關村科學城"]
    assert "_engine" not in clone.__getstate__()


def test_rjieba_backend_matches_jieba(seed_sentences):
    fast = Segmenter(backend="rjieba", hmm=False)
    slow = Segmenter(backend="jieba", hmm=False)
    assert all(fast.cut(s) == slow.cut(s) for s in seed_sentences)  # the same dictionary: the same tokens
    fast, slow = Segmenter(backend="rjieba"), Segmenter(backend="jieba")
    same = sum(fast.cut(s) == slow.cut(s) for s in seed_sentences)
    assert same / len(seed_sentences) > 0.95  # its own HMM: 99.8% of word boundaries alike on news (benchmarks/backends.py)
    for s in seed_sentences:
        assert "".join(fast.cut(s)) == s


def test_the_default_backend_is_rjieba_and_jieba_with_the_taggers_hmm():
    assert Segmenter().settings().backend == "rjieba"
    assert Segmenter(hmm_model="pos").settings().backend == "jieba"
    assert Segmenter(backend="jieba").settings().backend == "jieba"


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_extra_words_with_frequencies_reach_worker_processes(backend, generated_documents):
    """Words added at run time (a user's, or discovered ones), with frequencies, cut alike in workers."""
    from textkit.segment import segment_documents

    words = ["區委書記於軍 50 nr", "生命科學園的 3", "多措並舉 5 i"]
    seg = Segmenter(backend=backend, user_dict=words)
    texts = generated_documents[:60] + ["昌平區委書記於軍表示，兩大組團正多措並舉。"]
    assert "多措並舉" in seg.cut(texts[-1]) and "區委書記於軍" in seg.cut(texts[-1])
    one = segment_documents(texts, seg, n_jobs=1, cache=False)
    two = segment_documents(texts, seg, n_jobs=2, cache=False)
    assert one == two


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
@pytest.mark.parametrize(
    ("text", "apart", "whole"),
    [
        ("他說這是一個好消息，兩人將會見面", ["這", "是", "兩", "人"], ["好消息"]),
        ("新冠肺炎疫情下，湖人隊仍居榜首", [], ["新冠", "湖人隊"]),  # 新, 人 of a name or term: not function characters here
        ("武漢市委書記應勇表示", [], ["應勇"]),  # a surname that is also a function word (應) is left out
    ],
)
def test_hmm_words_glued_to_a_function_character_are_cut_apart(backend, text, apart, whole):
    cut = Segmenter(backend=backend).cut(text)
    assert all(w in cut for w in apart + whole), cut


def test_ungluing_with_nul_in_the_text():
    assert Segmenter().cut("這是\x00兩人") == ["這", "是", "\x00", "兩", "人"]


def test_a_dictionary_word_with_a_function_character_stays_whole():
    assert "這是" in Segmenter(user_dict=["這是"]).cut("這是一個好消息")
    assert "這是" not in Segmenter().cut("這是一個好消息")


def test_analyzer_for_scikit_learn(segmenter):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=segmenter).fit(["生命科學園的新機遇", "中關村科學城的新優勢"])
    assert {"生命科學園", "中關村科學城", "新機遇"} <= set(vec.get_feature_names_out())


# -- textkit's jieba path gives jieba's tokens -----------------------------------------


@pytest.fixture(scope="module")
def reference_jieba():
    """A stock ``jieba.Tokenizer`` (its cache in textkit's folder, not /tmp)."""
    import jieba

    from textkit.segment import cache_dir

    tk = jieba.Tokenizer()
    tk.tmp_dir, tk.cache_file = str(cache_dir()), "jieba-default.cache"
    tk.initialize()
    return tk


@pytest.fixture(scope="module")
def bare():
    """The private jieba tokenizer with no textkit dictionary and no ungluing, so that it must equal stock jieba."""
    from textkit.segment.tokenizer import Tokenizer

    return Tokenizer((), backend="jieba")


def _both_scripts(sentences):
    from textkit.corpus.script import to_simplified

    return sentences + [to_simplified(s) for s in sentences]


@pytest.mark.parametrize("hmm", [True, False])
def test_private_tokenizer_cuts_like_jieba(bare, reference_jieba, seed_sentences, hmm):
    bare.hmm = hmm
    bare.cut_block.cache_clear()
    try:
        for _ in range(2):  # second round: every block served from memory
            for sentence in _both_scripts(seed_sentences):
                assert bare.cut(sentence) == reference_jieba.lcut(sentence, HMM=hmm)
    finally:
        bare.hmm = True
        bare.cut_block.cache_clear()


def test_block_memory_changes_nothing_but_speed(segmenter, seed_sentences):
    none = Segmenter(block_cache=0)
    small = Segmenter(block_cache=3)  # constantly evicting
    for sentence in seed_sentences * 2:
        assert none.cut(sentence) == small.cut(sentence) == segmenter.cut(sentence)
    assert none.fingerprint() == small.fingerprint() == segmenter.fingerprint()  # same tokens, same cache entries


def test_word_graph_is_jiebas(bare, reference_jieba, seed_sentences):
    for sentence in _both_scripts(seed_sentences)[:40]:
        assert dict(bare.jieba.get_DAG(sentence)) == reference_jieba.get_DAG(sentence)


def test_tags_are_jiebas(bare, reference_jieba, seed_sentences):
    import jieba.posseg

    stock = jieba.posseg.POSTokenizer(reference_jieba)
    for sentence in _both_scripts(seed_sentences)[:40]:
        assert bare.tag(sentence) == [(p.word, p.flag) for p in stock.cut(sentence)]


@given(st.text(alphabet=st.sampled_from(list("中关村科学城科技创新的了是北京人工智能区块链张三丰王小明數據 ab1.-_%#+,。！\r\n\t　")), max_size=60))
@settings(max_examples=300, deadline=None)
def test_private_tokenizer_cuts_like_jieba_on_arbitrary_text(bare, reference_jieba, text):
    assert bare.cut(text) == reference_jieba.lcut(text)


@pytest.mark.parametrize(
    ("token", "kept"),
    [("數據", True), ("数据", True), ("科技創新", True), ("的", False), ("這些", False), ("这些", False),
     ("三", False), ("兩千", False), ("第三", False), ("2021", False), ("，", False), (" ", False), ("AI", True), ("5G", True)],
)
def test_keep_decides_by_the_simplified_form(segmenter, token, kept):
    assert segmenter.keep(token) is kept
    fresh = Segmenter()
    assert fresh.tokenize_sentences(f"{token}。") == ([[token]] if kept else [[]])


@pytest.mark.parametrize(
    ("text", "dropped", "kept"),
    [
        ("新增確診病例12例，累計出院65歲患者", {"例", "歲"}, {"病例", "確診", "累計", "出院", "患者"}),
        ("均價8000元/平，全場8折", {"元", "折"}, {"均價", "全場"}),
        ("例如三起事故", set(), {"事故"}),  # 例如 is not a quantity; 起 after 三 is
    ],
)
def test_measure_words_go_with_their_numbers(segmenter, text, dropped, kept):
    tokens = segmenter.tokenize(text)
    assert not dropped & set(tokens) and kept <= set(tokens), tokens
    assert "起" not in tokens
    with_numbers = Segmenter(keep_numbers=True).tokenize(text)
    assert dropped <= set(with_numbers)  # the quantity stays whole when numbers are kept
