"""Traditional/Simplified conversion keeps length; detection; Hong Kong and Taiwan variants (normalize_script)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.corpus.patterns import HAN, JIEBA_HAN
from textkit.corpus.script import convert_same_length, detect_script, normalize_script, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("trad", "simp"),
    [
        ("中關村科學城", "中关村科学城"),
        ("海澱區大數據平臺", "海淀区大数据平台"),
        ("二噁英", "二𫫇英"),  # converts to a character outside the BMP
        ("鮟鱇", "𩽾𩾌"),
    ],
)
def test_t2s_keeps_length(trad, simp):
    assert convert_same_length(trad) == simp
    assert len(convert_same_length(trad)) == len(trad)


def test_round_trip_s2t():
    assert to_traditional(to_simplified("區塊鏈")) == "區塊鏈"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_same_length_for_any_text(text):
    assert len(convert_same_length(text)) == len(text)
    assert len(convert_same_length(text, "tw2sp")) == len(text)  # phrase conversion changes length: fall-back


def test_seed_sentences_keep_length(seed_sentences):
    for s in seed_sentences:
        assert len(convert_same_length(s)) == len(s)


@pytest.mark.parametrize(
    ("text", "script"),
    [("科技創新片區", "traditional"), ("科技创新片区", "simplified"), ("北京", "neutral"), ("科技創新片区", "mixed")],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


# -- regional variants: normalize_script -------------------------------------------------

# Hong Kong and Taiwan variants that t2s leaves as they are (or converts otherwise): written form, Simplified.
REGIONAL_VARIANTS = [
    # Hong Kong
    ("衞生署", "卫生署"), ("衞生防護中心", "卫生防护中心"), ("保衞", "保卫"), ("敍述", "叙述"), ("寫字枱", "写字台"),
    ("化粧品", "化妆品"), ("糭子", "粽子"), ("衹有", "只有"), ("衞星", "卫星"),
    # Taiwan
    ("隨著", "随着"), ("他接著說", "他接着说"), ("看著孩子們", "看着孩子们"), ("麻痺", "麻痹"), ("屋簷", "屋檐"),
    ("鯰魚", "鲇鱼"), ("睪丸", "睾丸"),
]
# 著 is Simplified too (显著, 著名): it becomes the particle 着 only in a sentence with Traditional characters.


@pytest.mark.parametrize(("written", "simplified"), REGIONAL_VARIANTS)
def test_regional_variants_normalise_with_the_length_kept(written, simplified):
    assert normalize_script(written) == simplified
    assert len(normalize_script(written)) == len(written)
    assert convert_same_length(written) != simplified  # what t2s alone missed


@pytest.mark.parametrize("text", ["显著", "著名作家", "土著居民", "他的论著获奖", "什么是显著的问题", "显著性检验显著"])
def test_simplified_text_is_never_rewritten(text):
    assert normalize_script(text) == text
    assert convert_same_length("显著", "tw2s") == "显着"  # what a Taiwan conversion does to it


def test_the_script_is_decided_per_sentence():
    text = "这是显著的进展。這是衞生署的顯著進展，他們看著。\n他们看著名胜。衞生署"
    assert normalize_script(text) == "这是显著的进展。这是卫生署的显著进展，他们看着。\n他们看著名胜。卫生署"


@pytest.mark.parametrize(
    ("written", "kept"),
    [("嗰度", "嗰度"), ("二噁英", "二噁英"), ("鮟鱇", "鮟鱇"), ("佢哋喺嗰度", "佢哋喺嗰度")],
)
def test_characters_outside_jiebas_range_are_kept_as_written(written, kept):
    assert normalize_script(written) == kept
    assert any(ord(c) > 0xFFFF for c in convert_same_length(written))  # t2s moves one out of the BMP


def test_beyond_jieba_is_han_less_jiebas_range():
    import re

    from textkit.corpus.script import _BEYOND_JIEBA

    han, jieba_han = re.compile(f"[{HAN}]"), re.compile(f"[{JIEBA_HAN}]")
    for code in [*range(0x3000, 0x10000), *range(0x20000, 0x20100), 0x2EBE0, 0x323AF, 0x323B0]:
        ch = chr(code)
        assert bool(_BEYOND_JIEBA.match(ch)) == (bool(han.match(ch)) and not jieba_han.match(ch)), hex(code)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("衞敍枱粧糭衹著么裡台才显顯著名衛生署嗰二噁英的是。！\n 公布佈这這")), max_size=40))
def test_normalize_script_keeps_length_and_converts_only_variant_sentences(text):
    out = normalize_script(text)
    assert len(out) == len(text)
    if not any(c in text for c in "衞敍枱粧糭衹著么"):  # no variant character: t2s, with 嗰 and 噁 kept
        assert out == "".join(o if o == t or "\u4e00" <= o <= "\u9fd5" else t for t, o in zip(text, convert_same_length(text)))
