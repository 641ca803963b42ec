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
    "READ_MORE_HEADERS",
    "SOURCE_CREDIT_LABELS",
    "SHARE_PROMPTS",
    "NEWS_AGENCIES",
    "WEIBO_MEDIA",
    "WEIBO_LINK_LABELS",
    "WEIBO_EXPAND_LABELS",
    "JIEBA_HAN",
    "SENTENCE_ENDS",
    "URL",
    "EMAIL",
    "MENTION",
    "TOPIC",
    "EMOTICON",
    "EMOJI",
    "UNIT_START",
]

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
"""Han ideographs: CJK Unified Ideographs, Extension A, Compatibility Ideographs and the supplementary planes (Extensions B–I, U+20000–U+323AF)."""

CJK = HAN + r"\u3000-\u303f\uff00-\uffef\u2014\u2026"
"""Han ideographs plus CJK punctuation, full-width forms, the em dash and the ellipsis."""

JIEBA_HAN = r"\u4e00-\u9fd5"
"""The Han characters jieba's patterns treat as words (``jieba.re_han_default``): a character that script
conversion would move outside them is kept as written (:func:`textkit.corpus.script.normalize_script`)."""

SENTENCE_ENDS = "。！？!?"
"""Punctuation that ends a sentence (a line break ends one too)."""

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

READ_MORE_HEADERS = _alternation("延伸閱讀", "延伸阅读", "猜你喜歡", "猜你喜欢", "熱門推薦", "热门推荐")
"""Headers of a list of further reading that a news page appends (not the seed format's related list)."""

SHARE_PROMPTS = _alternation("分享到", "分享", "返回搜狐", "查看更多", "點擊查看", "点击查看", "我要評論", "我要评论")
"""Buttons and prompts of a news page that scraping keeps as a line of their own (``分享到:``)."""

CAPTION_LABELS = _alternation("圖片來源", "图片来源", "圖源", "图源", "來源", "来源")
"""Labels of an image credit (``圖片來源:中關村科學城``)."""

SOURCE_CREDIT_LABELS = (
    "(?:圖片|图片|視頻|视频|影片|數據|数据|資料|资料|本文|文章|稿件|新聞|新闻)?(?:來源|来源)"
    "|" + _alternation("圖源", "图源", "稿源", "出處", "出处")
)
"""Labels of a source credit anywhere in a text (``（視頻來源：央視網）``, ``數據來源:國家統計局``)."""

NEWS_AGENCIES = _alternation(
    "新華社", "新华社", "新華網", "新华网", "中新社", "中新網", "中新网", "人民網", "人民网", "央視網", "央视网",
    "中央社", "本報", "本报", "新浪網", "新浪网", "環球網", "环球网", "國際在線", "国际在线", "中國日報網", "中国日报网",
    "澎湃新聞", "澎湃新闻", "法新社", "路透社", "美聯社", "美联社",
)
"""News agencies whose dateline opens an article (``新華社北京1月20日電``)."""

WEIBO_MEDIA = _alternation(
    "微博視頻", "微博视频", "秒拍視頻", "秒拍视频", "微博直播", "微博投票", "微博故事",
)
"""What a Weibo card links to, in the label ``…的微博視頻`` that scraping keeps."""

WEIBO_LINK_LABELS = _alternation("網頁鏈接", "网页链接")
"""The label Weibo shows for a link (``O網頁鏈接``, the ``O`` being its icon)."""

WEIBO_EXPAND_LABELS = _alternation("展開全文", "展开全文", "收起全文")
"""The button that ends a truncated Weibo preview (``…展開全文``)."""


# ---------------------------------------------------------------------------
# Web and social-media units: recognised before jieba runs (textkit.segment.units)
# ---------------------------------------------------------------------------
# URLs and e-mail addresses are ASCII: Chinese text often follows a link
# without a space (http://t.cn/A6x网页链接), so a link ends at the first
# character outside the URL alphabet, brackets and quotes excluded, and never
# on punctuation that ends a sentence around it (a final . , ; : ! ?).
_URL_CHAR = r"[A-Za-z0-9\-._~:/?#@!$&*+,;=%]"
_URL_END = r"[A-Za-z0-9\-_~/#=&+%]"
_TLD = "com|net|org|edu|gov|info|biz|io|co|tv|cc|cn|hk|tw|mo|sg|jp|kr|uk|me|ly|app|top|xyz"

URL = (
    rf"(?<![A-Za-z0-9])(?:(?:https?|ftp)://|www\d{{0,3}}\.){_URL_CHAR}*{_URL_END}"
    rf"|(?<![A-Za-z0-9.@_\-])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?\.)+(?:{_TLD})(?![A-Za-z0-9\-])"
    rf"(?:/{_URL_CHAR}*{_URL_END})?"
)
"""A web address: with a scheme (``https://…``), from ``www.``, or a bare domain of a common top-level domain (``t.cn/A6x``)."""

EMAIL = r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
"""An e-mail address (tried before :data:`MENTION`, whose ``@`` it shares)."""

MENTION = r"@[\w\-]{1,30}"
"""A Weibo or Twitter mention: ``@`` and the account name (letters of any script, digits, ``_``, ``-``; at most 30), up to a space or punctuation."""

TOPIC = r"(?<![A-Za-z0-9&])#(?![\s#])[^#\n]{1,64}(?<!\s)#"
"""A Weibo topic, ``#话题#`` (not ``C#``, not a ``#`` that starts a line of Markdown)."""

EMOTICON = r"\[[^\W\d_]{1,6}\]"
"""A Weibo emoticon code, ``[哈哈]``, ``[doge]``, ``[笑cry]``: up to six letters (either script) in square brackets.

Short bracketed labels of scraped pages (``[客服电话]``) match too."""

EMOJI = (
    r"\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3"
    r"|\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?(?:\u200D\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?)*"
)
"""An emoji with its modifiers: a flag (two regional indicators), a keycap, or a pictograph with skin tone,
variation selector and zero-width joins (👍🏻, 👨‍👩‍👧).  Uses Unicode properties: compile with the
``regex`` package, not ``re``."""

UNIT_START = r"A-Za-z0-9_@#\["
"""Every character a URL, e-mail address, mention, topic or emoticon starts with (inside a character class):
a first-character test that rejects most positions of Chinese text at once."""
