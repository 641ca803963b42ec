"""Segmenter parameters: the scikit-learn contract, iterables read once, user files, stopwords, filters."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.errors import CorpusFileError, ParameterError
from textkit.corpus.resources import STOPWORDS, USER_DICT, load_stopwords, load_user_dict
from textkit.segment import Segmenter, TokenFilter, segment_documents

POLICY = "兩大組團正多措並舉推進一系列政策創新和實踐探索"


# -- set_params: tokens and cache key change together ---------------------------------


def test_set_params_changes_tokens_and_fingerprint_together():
    seg = Segmenter()
    before_key, before = seg.fingerprint(), seg.tokenize(POLICY)
    assert any(len(t) < 3 for t in before)
    assert seg.set_params(min_length=3) is seg
    assert seg.fingerprint() != before_key
    assert all(len(t) >= 3 for t in seg.tokenize(POLICY))
    seg.set_params(min_length=1)
    assert seg.fingerprint() == before_key and seg.tokenize(POLICY) == before


def test_assigning_a_parameter_after_use_cannot_poison_the_cache(tmp_path, seed_sentences):
    folder = tmp_path / "cache"
    texts = seed_sentences[:12]
    seg = Segmenter()
    segment_documents(texts, seg, cache=folder)  # first use: settings frozen
    seg.min_length = 3  # assigned, not set_params: must not leave stale tokens under the new key
    stored = segment_documents(texts, seg, cache=folder)
    read_back = segment_documents(texts, Segmenter(min_length=3), cache=folder)
    expected = segment_documents(texts, Segmenter(min_length=3))
    assert stored == read_back == expected
    assert all(len(t) >= 3 for doc in stored for sentence in doc for t in sentence)


def test_set_params_rejects_unknown_names():
    with pytest.raises(ParameterError, match="no parameter 'min_len'"):
        Segmenter().set_params(min_len=2)


def test_scikit_learn_clone_and_repr():
    from sklearn.base import clone

    seg = Segmenter(pos=iter(["n"]), min_length=2)
    copy = clone(seg)
    assert copy.get_params() == seg.get_params() == {**Segmenter().get_params(), "pos": ("n",), "min_length": 2}
    assert repr(copy) == "Segmenter(pos=('n',), min_length=2)"
    assert copy.tokenize("生命科學園是全市醫藥健康產業的核心區域") == ["生命科學園", "全市", "醫藥健康", "產業", "核心", "區域"]


# -- iterables are read once -------------------------------------------------------------

_WORDS = ["多措並舉 5 i", "雙輪驅動", "科創大腦 nz", "数字经济 n", "生命谷"]
_STOPS = ["政策", "創新", "推进", "The", "一系列"]
_TAGS = ["n", "v", "a", "nr", "ns", "vn"]


@settings(max_examples=20, deadline=None)
@given(
    user=st.lists(st.sampled_from(_WORDS), max_size=4),
    stops=st.lists(st.sampled_from(_STOPS), max_size=4),
    pos=st.none() | st.lists(st.sampled_from(_TAGS), max_size=3),
)
def test_generator_parameters_equal_lists(user, stops, pos):
    as_lists = Segmenter(user_dict=list(user), extra_stopwords=list(stops), pos=None if pos is None else list(pos))
    as_generators = Segmenter(
        user_dict=(w for w in user), extra_stopwords=(w for w in stops), pos=None if pos is None else (p for p in pos)
    )
    assert as_generators.dictionary_words() == as_lists.dictionary_words()
    assert as_generators.dictionary_words() == as_lists.dictionary_words()  # a second read finds them all again
    assert as_generators.fingerprint() == as_lists.fingerprint()
    clone = pickle.loads(pickle.dumps(as_generators))  # worker processes get a pickled copy
    assert clone.settings() == as_lists.settings()


def test_generator_parameters_in_worker_processes(seed_sentences):
    texts = seed_sentences[:30]
    as_lists = Segmenter(user_dict=["多措並舉 5 i"], extra_stopwords=["政策"], pos=["n", "i"])
    as_generators = Segmenter(user_dict=iter(["多措並舉 5 i"]), extra_stopwords=(w for w in ["政策"]), pos=(p for p in ["n", "i"]))
    expected = segment_documents(texts, as_lists)
    assert segment_documents(texts, as_generators, n_jobs=2) == expected
    tokens = {t for doc in expected for s in doc for t in s}
    assert "多措並舉" in tokens and "政策" not in tokens and "推進" not in tokens  # user word, stopword, verb


# -- packaged resources never shadow the user's files ----------------------------------


def test_user_files_with_packaged_names_are_the_users(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "userdict.txt").write_text("多措並舉 5 i\n", encoding="utf-8")
    (tmp_path / "stopwords.txt").write_text("政策\n", encoding="utf-8")
    seg = Segmenter(user_dict="userdict.txt", stopwords="stopwords.txt")
    assert "多措並舉" in seg.cut(POLICY)
    assert ("多措並舉", 5, "i") in seg.dictionary_words()
    tokens = seg.tokenize(POLICY)
    assert "政策" not in tokens and "和" in tokens  # the user's list alone, not textkit's
    assert "多措並舉" not in Segmenter().cut(POLICY)


def test_a_user_file_named_default_is_the_users(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "default").write_text("政策\n", encoding="utf-8")
    tokens = Segmenter(stopwords="default").tokenize(POLICY)
    assert "政策" not in tokens and "和" in tokens  # the user's list alone, not textkit's
    (tmp_path / "default").unlink()
    with pytest.raises(CorpusFileError, match="^default: no such file"):
        Segmenter(stopwords="default").tokenize(POLICY)  # any string is a path


def test_the_packaged_stopwords_are_the_default_value():
    assert Segmenter().stopwords is STOPWORDS and Segmenter().get_params()["stopwords"] is STOPWORDS
    assert Segmenter().fingerprint() == Segmenter(stopwords=STOPWORDS).fingerprint()
    assert "和" not in Segmenter().tokenize(POLICY) and repr(Segmenter(min_length=2)) == "Segmenter(min_length=2)"


def test_packaged_resources_are_named_explicitly():
    assert ("中關村科學城", None, "nz") in load_user_dict(USER_DICT)
    assert {"这些", "的"} <= load_stopwords(STOPWORDS)
    assert ("中關村科學城", None, "nz") in Segmenter(domain_dict=False, user_dict=USER_DICT).dictionary_words()
    assert ("中關村科學城", None, "nz") not in Segmenter(domain_dict=False).dictionary_words()


# -- stopwords: Taiwan, Hong Kong (written Cantonese), English ------------------------


@pytest.mark.parametrize(
    "word",
    ["唔", "嘅", "係", "亦", "咗", "喺", "啲", "佢", "嗰", "佢哋", "時", "时", "一個", "一个", "指", "做", "並且", "这些", "這些",
     "the", "The", "and", "of", "to", "is"],
)
def test_default_stopwords_cover_taiwan_hong_kong_and_english(segmenter, word):
    assert segmenter.is_stopword(word)
    assert not segmenter.keep(word)


@pytest.mark.parametrize("word", ["科技", "經濟", "经济", "政府", "數據", "香港", "WHO", "IT", "AI", "Apple"])
def test_content_words_and_acronyms_are_not_stopwords(segmenter, word):
    assert not segmenter.is_stopword(word)
    assert segmenter.keep(word)


def test_cantonese_and_english_function_words_leave_the_content(segmenter):
    assert segmenter.tokenize("佢話呢個政策唔係咁簡單嘅") == ["政策", "簡單"]
    assert segmenter.tokenize("The Hong Kong government and the WHO") == ["Hong", "Kong", "government", "WHO"]


# -- tokenizing: width, names ---------------------------------------------------------------


def test_full_width_letters_and_digits_are_one_token(segmenter):
    assert segmenter.cut("增長３１．８５％")[-1] == "３１．８５％"
    assert segmenter.cut("２０２１年ＡＩ發展") == ["２０２１", "年", "ＡＩ", "發展"]
    assert segmenter.tokenize("２０２１年ＡＩ發展") == ["ＡＩ", "發展"]
    assert Segmenter(keep_numbers=True).tokenize("２０２１年ＡＩ發展") == ["２０２１", "ＡＩ", "發展"]


def test_part_of_speech_hmm_keeps_person_names_whole(segmenter):
    text = "北京市人大代表董貴蛟表示"
    assert segmenter.cut(text)[-3:] == ["董貴", "蛟", "表示"]  # jieba's segmentation HMM
    names = Segmenter(hmm_model="pos")
    assert names.cut(text)[-2:] == ["董貴蛟", "表示"]
    assert "".join(names.cut(text)) == text
    assert names.fingerprint() != segmenter.fingerprint()


@pytest.mark.parametrize(
    ("params", "message"),
    [({"hmm_model": "crf"}, "hmm_model"), ({"hmm_model": "pos", "backend": "rjieba"}, "needs backend='jieba'"),
     ({"extra_stopwords": "的"}, "extra_stopwords must be a list")],
)
def test_bad_parameters(params, message):
    with pytest.raises(ParameterError, match=message):
        Segmenter(**params).cut("科技")


# -- filtering is a pure step ------------------------------------------------------------


def test_token_filter_is_pure_and_checks_its_values():
    f = TokenFilter(stopwords=load_stopwords(["的", "the"]), pos=("n",), min_length=2)
    assert [f.keep(t, tag) for t, tag in [("数据", "n"), ("数据", "v"), ("的", "uj"), ("the", "eng"), ("5G", "eng"), ("科", "n")]] == [
        True, False, False, False, True, False]
    assert f == TokenFilter(stopwords=load_stopwords(["the", "的"]), pos=("n",), min_length=2)
    with pytest.raises(ParameterError, match="min_length"):
        TokenFilter(min_length=0)
    with pytest.raises(ParameterError, match="pos must be a list"):
        TokenFilter(pos="n")
