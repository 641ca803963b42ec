"""Cleaning: real lines of the seed, idempotence, sentence splitting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.clean import (
    clean_text,
    normalize_whitespace,
    normalize_width,
    remove_boilerplate,
    split_sentences,
    unify_punctuation,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Image caption: source credit and trailing no-break spaces removed, comma made full width.
        ("生命科學園,是該領域創新資源最為集中的園區之一。來源:中關村生命科學園官方公眾平臺\u00a0\u00a0", "生命科學園，是該領域創新資源最為集中的園區之一。"),
        # Byline line of the seed.
        ("出處:北京商報 作者:姚倩 濮振宇 網編:陶鳳 2021-01-16", ""),
        ("北京商報記者 姚倩 濮振宇", ""),
        ("相關焦點", ""),
        # Scraped snippet with a report button and a source credit.
        ("舉報   來源:央視網  央視網消息:當今世界,新一輪科技革命和產業變革加速演進", "央視網消息：當今世界，新一輪科技革命和產業變革加速演進"),
        # Numbers and Latin keep ASCII punctuation; Chinese gets full width.
        ("總面積31.85平方公裡的科技創新片區,包括中關村科學城21.59平方公裡。", "總面積31.85平方公裡的科技創新片區，包括中關村科學城21.59平方公裡。"),
        ("運營後每年可完成400-600個臨床試驗", "運營後每年可完成400-600個臨床試驗"),
        ("【創新創業】探秘廣州「超級大腦」 2020-07-09 16:34", "【創新創業】探秘廣州「超級大腦」 2020-07-09 16:34"),
        # Full-width letters and digits fold; Chinese punctuation stays.
        ("聚焦人工智慧、５Ｇ、大數據、區塊鏈！", "聚焦人工智慧、5G、大數據、區塊鏈！"),
        ("「我們歡迎更多數字(經濟)企業」", "「我們歡迎更多數字（經濟）企業」"),
    ],
)
def test_clean_real_lines(raw, expected):
    assert clean_text(raw) == expected


def test_each_step_on_seed_fragments():
    assert normalize_width("ＡＩ，５Ｇ。") == "AI，5G。"
    assert normalize_whitespace("a\u3000\u00a0b\r\n\r\n\r\n\r\nc ") == "a b\n\nc"
    assert unify_punctuation("海澱區;昌平區?12:30") == "海澱區；昌平區？12:30"
    assert remove_boilerplate("網編:陶鳳 北京創新發展") == "北京創新發展"


def test_the_script_is_never_changed(seed_article):
    from textkit.script import detect_script

    for _, para in seed_article.paragraphs:
        assert detect_script(clean_text(para)) in ("traditional", "neutral")


_ALPHABET = st.sampled_from(list("中關村科學城生命园区的了。，,:：;!?！？()（）「」 \u00a0\u3000\nＡＢ１２ab12舉報來源網編記者-.%…"))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_clean_is_idempotent_on_arbitrary_text(text):
    once = clean_text(text)
    assert clean_text(once) == once


def test_clean_is_idempotent_on_the_seed(seed_text):
    once = clean_text(seed_text)
    assert clean_text(once) == once
    assert "舉報" not in clean_text("舉報   來源:央視網  央視網消息")


def test_split_sentences_on_a_seed_paragraph(seed_article):
    para = clean_text(seed_article.lead[0])
    sentences = split_sentences(para)
    assert len(sentences) == 6
    assert sentences[0] == "北京創新發展將邁上新臺階。"
    assert sentences[4] == "又有哪些制度體系將在這裡落地生根？"
    assert "".join(sentences) == para


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("「產學研用是關鍵環節。」 海澱區委書記於軍表示。", ["「產學研用是關鍵環節。」", "海澱區委書記於軍表示。"]),
        ("What is it? 這是什麼!真的", ["What is it?", "這是什麼!", "真的"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


# -- the fast paths give what the plain definitions give -------------------------------

_CJK_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3000-\u303f\uff00-\uffef\u2014\u2026"
_mixed_text = st.text(alphabet=st.sampled_from(list("科技創新数字,:;!?()。，（ ab12ＡＢ５\r\n　\u00a0")), max_size=40)


@given(_mixed_text)
@settings(max_examples=300, deadline=None)
def test_unify_punctuation_is_the_lookaround_definition(text):
    import re

    table = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})
    lookaround = re.compile(rf"(?<=[{_CJK_CLASS}])[,:;!?()]+|[,:;!?()]+(?=[{_CJK_CLASS}])")
    assert unify_punctuation(text) == lookaround.sub(lambda m: m.group(0).translate(table), text)


@given(_mixed_text)
@settings(max_examples=300, deadline=None)
def test_normalize_width_skips_only_text_nfkc_leaves_alone(text):
    import unicodedata

    folded = "".join(ch if ch in "，。！？：；（）「」『』、《》〈〉【】…—～·％＋" else unicodedata.normalize("NFKC", ch) for ch in text)
    assert normalize_width(text) == folded


@pytest.mark.parametrize(
    "line",
    [
        "出處:北京商報 作者:姚倩 網編:陶鳳", "出处:北京商报 作者:姚倩 网编:陶凤", "来源：新华网 编辑：王五",
        "北京商報記者 姚倩 濮振宇", "北京商报记者 姚倩 濮振宇",
        "相關焦點", "相关焦点", "相關閱讀：", "相关阅读", "相關新聞", "相关新闻", "延伸閱讀", "延伸阅读", "猜你喜歡", "猜你喜欢",
        "熱門推薦", "热门推荐", "分享到", "分享", "返回搜狐", "查看更多", "點擊查看", "点击查看",
    ],
)
def test_boilerplate_lines_in_both_scripts(line):
    assert clean_text(f"數字經濟\n{line}\n科技創新") == "數字經濟\n\n科技創新"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("舉報 數字經濟", "數字經濟"),
        ("數字經濟\n举报\n科技創新", "數字經濟\n\n科技創新"),
        ("檢舉報告", "檢舉報告"),  # inside a word: kept
        ("图片来源：新华社 科技创新", "科技创新"),
        ("責任編輯：王五 科技創新", "科技創新"),
        ("科技創新 责编:李四", "科技創新"),
        ("网编：陶凤 数字经济", "数字经济"),
    ],
)
def test_boilerplate_inline_in_both_scripts(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("bad", [None, 3.5, b"\xe7\xa7\x91"])
def test_clean_text_names_what_is_not_text(bad):
    from textkit.errors import ParameterError

    with pytest.raises(ParameterError, match="expected a str to clean"):
        clean_text(bad)
