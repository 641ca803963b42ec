"""Hong Kong and Taiwan text: regional variants, written Cantonese, regional names, as a reader there sees them.

The sentences are written for these tests (no corpus of the region is in
the evaluation data): each holds variants or Cantonese words, and the words
that must come out whole.
"""

from __future__ import annotations

import pytest

from textkit.corpus.resources import normalize_word
from textkit.segment import Segmenter

# (sentence, words that must be whole tokens)
HONG_KONG = [
    ("衞生署今日公布，衞生防護中心正調查兩宗新個案。", ["衞生署", "衞生防護中心", "調查", "個案"]),
    ("食物及衞生局局長表示，政府會全力保衞市民健康。", ["食物及衞生局", "局長", "保衞", "市民"]),
    ("記者向法官敍述事發經過，證物放在寫字枱上。", ["敍述", "寫字枱", "證物"]),
    ("端午節前夕，街市的糭子銷情理想，化粧品店卻冷清。", ["端午節", "糭子", "化粧品"]),
    ("衹有少數商戶願意減租，醫院管理局亦已增聘人手。", ["衹有", "醫院管理局", "減租"]),
    ("這份報告敍述了衞星發射的經過。", ["敍述", "衞星", "發射"]),
    # districts, MTR lines, bodies and housing terms of Hong Kong news (regional.txt), beside Cantonese too
    ("市民擔心觀塘嘅情況，我喺觀塘見到佢哋。", ["觀塘"]),
    ("乘搭東鐵綫往屯門和元朗，再去旺角同銅鑼灣。", ["東鐵綫", "屯門", "元朗", "旺角", "銅鑼灣"]),
    ("中聯辦回應建制派議員，反修例風波之後劏房戶增加。", ["中聯辦", "建制派", "反修例", "劏房"]),
    ("政府推出安心出行程式和強制檢測，港鐵公司宣布公屋輪候時間。", ["安心出行", "強制檢測", "港鐵", "公屋"]),
]
TAIWAN = [
    ("隨著疫情趨緩，中央流行疫情指揮中心宣布放寬防疫措施。", ["隨著", "中央流行疫情指揮中心", "防疫"]),
    ("他接著說，衛生福利部將持續推動口罩實名制。", ["接著", "衛生福利部", "口罩實名制"]),
    ("屋簷下的鯰魚池裡面很安靜。", ["鯰魚", "裡面", "安靜"]),
    ("長期久坐容易導致雙腿麻痺。", ["麻痺", "雙腿"]),
    ("看著孩子們在公園裡跑來跑去，他笑了。", ["看著", "孩子", "公園"]),
]
CANTONESE = [
    ("佢哋喺度食咗飯先返屋企。", ["佢哋", "喺度"]),
    ("嗰間茶餐廳今日冇開門，我哋去咗第二間。", ["冇", "我哋", "咗", "茶餐廳"]),
    ("你哋睇吓呢啲相，真係好靚。", ["你哋", "睇吓", "呢啲"]),
    ("我哋唔知點解佢冇嚟，睇嚟佢唔得閒。", ["我哋", "唔知", "點解", "冇", "睇"]),
]


@pytest.mark.parametrize(("sentence", "words"), HONG_KONG + TAIWAN + CANTONESE)
def test_regional_sentences_segment_into_whole_words(segmenter, sentence, words):
    cut = segmenter.cut(sentence)
    assert "".join(cut) == sentence  # tokens as written
    assert len(normalize_word(sentence)) == len(sentence)
    missing = [w for w in words if w not in cut]
    assert not missing, cut


@pytest.mark.parametrize(("sentence", "words"), HONG_KONG + TAIWAN)
def test_variants_segment_as_their_standard_forms(segmenter, sentence, words):
    """A variant word segments as the same word in the standard script would."""
    from textkit.corpus.script import to_traditional

    standard = to_traditional(normalize_word(sentence))  # OpenCC's standard Traditional: 衛, 敘, 檯…
    assert [len(t) for t in segmenter.cut(sentence)] == [len(t) for t in segmenter.cut(standard)]


def test_variants_were_cut_into_pieces_without_normalisation():
    """What t2s alone made of the same words (the issue's 衞 / 生 / 署)."""
    from textkit.corpus.script import convert_same_length

    plain = Segmenter(domain_dict=False, convert=False)
    prepared = convert_same_length("衞生署和衞生防護中心")
    assert plain.cut(prepared)[:3] == ["衞", "生", "署"]
    assert Segmenter(domain_dict=False).cut("衞生署和衞生防護中心")[:1] == ["衞生署"]


CANTONESE_FUNCTION_WORDS = {"哋", "嘅", "咗", "喺", "嚟", "冇", "嗰", "啲", "佢哋", "我哋", "你哋", "喺度", "呢啲", "嗰啲", "唔知", "點解", "睇吓", "係", "唔", "佢"}


@pytest.mark.parametrize(("sentence", "words"), CANTONESE)
def test_cantonese_particles_and_function_words_are_filtered(segmenter, sentence, words):
    tokens = segmenter.tokenize(sentence)
    assert not CANTONESE_FUNCTION_WORDS & set(tokens), tokens
    assert tokens  # the content stays: 食咗… 飯, 茶餐廳, 相


def test_cantonese_content_stays():
    tokens = Segmenter().tokenize("嗰間茶餐廳今日冇開門，我哋去咗第二間。")
    assert "茶餐廳" in tokens and "開門" in tokens


@pytest.mark.parametrize("word", sorted(CANTONESE_FUNCTION_WORDS))
def test_cantonese_stopwords_in_either_script(segmenter, word):
    assert segmenter.is_stopword(word)


def test_cantonese_words_are_in_the_dictionary(segmenter):
    words = {w for w, _, _ in segmenter.dictionary_words()}
    assert {"佢哋", "我哋", "冇", "睇", "喺度", "嘢"} <= words
    assert not {"佢哋", "我哋"} & {w for w, _, _ in Segmenter(domain_dict=False).dictionary_words()}


def test_mandarin_text_segments_as_before_the_cantonese_dictionary():
    """Words with a frequency hold a character Mandarin does not write; the others only stand whole where nothing beats them."""
    from textkit.corpus.resources import CANTONESE_DICT, USER_DICT, load_user_dict

    weighted = [w for w, freq, _ in load_user_dict(CANTONESE_DICT) if freq is not None]
    assert all(any(c in w for c in "哋嘅咗喺嚟冇嗰啲嘢睇唔佢咩乜嬲攰諗搵啱揸噉咁瞓") for w in weighted)
    mandarin = ["他们说这是一个好消息，我们还没有看到。", "我們點了菜，係統顯示已經下單。", "邊境管控升級，點解決問題？",
                "那么你呢个人觉得怎样", "点样本数据", "这一点解释了原因", "然而家里人都在"]
    without = Segmenter(domain_dict=False, user_dict=[" ".join(str(x) for x in e if x is not None) for e in load_user_dict(USER_DICT)])
    for sentence in mandarin:
        assert Segmenter().cut(sentence) == without.cut(sentence)
