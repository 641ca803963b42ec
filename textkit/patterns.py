"""Character classes and boilerplate vocabulary shared by loading, cleaning and segmentation.

Declared once here and imported everywhere else (as textacy keeps its
``preprocessing/resources.py``): a new Han range or a new credit label is
added in one place.  The values are regular-expression fragments, meant to
be placed inside a character class (``HAN``) or an alternation (the word
lists, already joined with ``|``).

Examples
--------
>>> import re
>>> re.fullmatch(f"[{HAN}]+", "中關村科學城") is not None
True
>>> re.match(f"(?:{SOURCE_LABELS})[:：]", "來源:央視網") is not None
True
"""

from __future__ import annotations

__all__ = [
    "HAN",
    "CJK",
    "HAN_NUMERALS",
    "SOURCE_LABELS",
    "EDITOR_LABELS",
    "CREDIT_LABELS",
    "REPORTER_LABELS",
    "RELATED_HEADERS",
    "CAPTION_LABELS",
]

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han ideographs: CJK Unified Ideographs, Extension A, Compatibility Ideographs and the supplementary planes (B–H)."""

CJK = HAN + r"\u3000-\u303f\uff00-\uffef\u2014\u2026"
"""Han ideographs plus CJK punctuation, full-width forms, the em dash and the ellipsis."""

HAN_NUMERALS = "零〇一二三四五六七八九十百千万萬亿億两兩"
"""Characters that spell numbers in Chinese, in both scripts."""


def _alternation(*words: str) -> str:
    return "|".join(words)


SOURCE_LABELS = _alternation("出處", "出处", "來源", "来源")
"""Labels of a source credit (``來源:央視網``)."""

EDITOR_LABELS = _alternation("網編", "网编", "責編", "责编", "責任編輯", "责任编辑")
"""Labels of an editor credit (``網編:王紹紹``)."""

CREDIT_LABELS = _alternation("作者", EDITOR_LABELS, "編輯", "编辑")
"""Labels that follow a source label on a source line (``出處:北京商報 作者:姚倩 網編:王紹紹``)."""

REPORTER_LABELS = _alternation("記者", "记者")
"""The word that introduces reporters' names in a byline (``北京商報記者 姚倩 濮振宇``)."""

RELATED_HEADERS = _alternation("相關焦點", "相关焦点", "相關閱讀", "相关阅读", "相關新聞", "相关新闻")
"""Headers of a related-articles list, the seed format's ``相關焦點`` among them."""

CAPTION_LABELS = _alternation("圖片來源", "图片来源", "圖源", "图源", "來源", "来源")
"""Labels of an image credit (``圖片來源:中關村科學城``)."""
