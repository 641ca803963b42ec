"""Traditional/Simplified conversion keeps length; detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.corpus.script import convert_same_length, detect_script, to_simplified, to_traditional


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
