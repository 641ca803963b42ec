"""Web and social-media units: URLs, e-mail addresses, @mentions, #topics#, [emoticons] and emoji before jieba."""

from __future__ import annotations

import re

import pytest

from conftest import EVAL_DIR
from textkit.corpus.clean import cap_repeats, clean_text
from textkit.segment import Segmenter
from textkit.segment.units import find_units, unit_kind

WEIBO = EVAL_DIR / "weibo_cctv" / "cctv_weibo_2020.csv"


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("詳見 https://www.example.com/news?id=12&lang=zh。", [("url", "https://www.example.com/news?id=12&lang=zh")]),
        ("點擊http://t.cn/A6vXyZ網頁鏈接", [("url", "http://t.cn/A6vXyZ")]),
        ("官網(www.example.org.cn)可預約", [("url", "www.example.org.cn")]),
        ("短鏈 t.cn/A6vXyZ 已失效", [("url", "t.cn/A6vXyZ")]),
        ("來信請寄 reader.service@example.com，謝謝", [("email", "reader.service@example.com")]),
        ("轉發@央視新聞 和@SNH48-小明 //@路人甲:好", [("mention", "@央視新聞"), ("mention", "@SNH48-小明"), ("mention", "@路人甲")]),
        ("#抗疫日記#【今日要聞】#2020新年快樂#", [("topic", "#抗疫日記#"), ("topic", "#2020新年快樂#")]),
        ("太好了[哈哈][doge][笑cry]", [("emoticon", "[哈哈]"), ("emoticon", "[doge]"), ("emoticon", "[笑cry]")]),
        ("加油😭🇨🇳👍🏻👨‍👩‍👧1️⃣", [("emoji", "😭"), ("emoji", "🇨🇳"), ("emoji", "👍🏻"), ("emoji", "👨‍👩‍👧"), ("emoji", "1️⃣")]),
        ("#加油🇨🇳#", [("topic", "#加油🇨🇳#")]),  # an emoji inside a topic is the topic's
    ],
)
def test_units_are_found_whole(text, units):
    assert [(kind, text[a:b]) for a, b, kind in find_units(text)] == units


@pytest.mark.parametrize(
    "text",
    ["學習C#和F#語言", "# 標題\n正文", "參考文獻[1]", "增長3.5%，共1,000人", "版本v2.0發布", "下降↓↓↓ 第①條 ★★★", "【今日要聞】"],
)
def test_what_is_not_a_unit(text):
    assert find_units(text) == []


def test_tokens_by_default_drop_units_and_keep_the_topic_text(segmenter):
    text = "#新冠疫情防控#轉發@央視新聞 詳見https://www.example.com/a?b=1 郵箱 news@example.com [心][贊]👍🏻"
    cut = segmenter.cut(text)
    assert "".join(cut) == text  # still a partition of the text
    assert {"@央視新聞", "https://www.example.com/a?b=1", "news@example.com", "[心]", "[贊]", "👍🏻"} <= set(cut)
    tokens = segmenter.tokenize(text)
    assert tokens == ["新冠", "疫情", "防控", "轉發", "詳見", "郵箱"]  # no https, www, com, 央視, 新聞
    for junk in ("https", "www", "com", "example", "心", "贊"):
        assert junk not in tokens


def test_keep_units_keeps_each_as_one_token():
    text = "#新冠疫情防控#轉發@央視新聞 詳見https://www.example.com/a?b=1 [心]👍🏻"
    seg = Segmenter(keep_units=True)
    assert seg.tokenize(text) == ["#新冠疫情防控#", "轉發", "@央視新聞", "詳見", "https://www.example.com/a?b=1", "[心]", "👍🏻"]
    assert seg.fingerprint() != Segmenter().fingerprint()  # a setting of its own in the cache key
    assert seg.tag(text)[0] == ("#新冠疫情防控#", "x")


def test_a_full_width_topic_and_mention_are_units(segmenter):
    assert segmenter.cut("＃抗疫日記＃＠央視新聞［贊］") == ["＃", "抗疫", "日記", "＃", "＠央視新聞", "［贊］"]


def test_units_when_filtering_by_part_of_speech():
    tokens = Segmenter(pos=["n", "v"]).tokenize("轉發@央視新聞 #抗疫日記# https://t.cn/A6vXyZ")
    assert tokens == ["轉發", "抗疫", "日記"]


def test_unit_kind_of_a_token():
    assert [unit_kind(t) for t in ["@央视新闻", "#抗疫日记#", "[哈哈]", "🇨🇳", "www.gov.cn", "a@b.cn", "#", "2021", "iPhone", "科技"]] == [
        "mention", "topic", "emoticon", "emoji", "url", "email", None, None, None, None]


@pytest.mark.parametrize(
    ("raw", "capped"),
    [
        ("哈哈哈哈哈哈哈哈哈哈", "哈哈哈"),
        ("加油油油油油！！！！！", "加油油油！！！"),
        ("hhhhhhh好好笑~~~~~~", "hhh好好笑~~~"),
        ("捐款1000000元，編號00001", "捐款1000000元，編號00001"),  # digits are never cut
        ("買買買", "買買買"),
        ("見 https://example.com/aaaaaa/", "見 https://example.com/aaaaaa/"),  # nor a link
    ],
)
def test_runs_of_a_repeated_character_are_capped(raw, capped):
    assert cap_repeats(raw) == capped
    assert clean_text(raw) == clean_text(capped)


def test_capped_laughter_is_one_word(segmenter):
    assert segmenter.tokenize(clean_text("哈哈哈哈哈哈哈哈")) == segmenter.tokenize(clean_text("哈哈哈哈")) == ["哈哈哈"]


@pytest.fixture(scope="module")
def weibo_posts():
    if not WEIBO.exists():
        pytest.skip(f"{WEIBO} not found (set TEXTKIT_EVAL_DIR)")
    import pandas as pd

    return [clean_text(t) for t in pd.read_csv(WEIBO).text.astype(str)]


def test_weibo_mentions_and_topics_are_units(weibo_posts, segmenter):
    keep = Segmenter(keep_units=True)
    mentions = topics = 0
    for text in weibo_posts:
        units = find_units(text)
        cut = segmenter.cut(text)
        for a, b, kind in units:
            if kind == "mention":
                mentions += 1
                assert text[a:b] in cut
            elif kind == "topic":
                topics += 1
        tokens = segmenter.tokenize(text)
        assert not any("@" in t or "#" in t for t in tokens)
        kept = keep.tokenize(text)
        assert [t for t in kept if t.startswith(("@", "#"))] == [text[a:b] for a, b, kind in units if kind in ("mention", "topic")]
    # The account's posts: 1,597 @ and 23,205 # in the file (grep -o), some of them in boilerplate cleaning removes.
    assert mentions > 1_400 and topics > 11_000


def test_weibo_topic_text_is_segmented_and_mention_names_are_not_words(weibo_posts, segmenter):
    from collections import Counter

    counts = Counter(t for text in weibo_posts for t in segmenter.tokenize(text))
    # The words inside #topics# are counted as words: the topics are most of what the account writes about.
    assert counts["新冠"] > 1_500 and counts["疫情"] > 2_000
    # An account's name is a word only where it is written outside a mention (@iPanda熊猫频道, @李佳琦Austin, @SNH48-…).
    for name in ("iPanda", "Austin", "SNH48"):
        inside = outside = 0
        for text in weibo_posts:
            spans = [(a, b) for a, b, kind in find_units(text) if kind == "mention"]
            for m in re.finditer(re.escape(name), text):
                if any(a <= m.start() < b for a, b in spans):
                    inside += 1
                else:
                    outside += 1
        assert inside > outside and counts[name] <= outside, (name, inside, outside, counts[name])
    assert not [t for t in counts if re.fullmatch(r"https?|www|com", t, re.IGNORECASE)]
