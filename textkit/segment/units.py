"""Web and social-media units: URLs, e-mail addresses, @mentions, #topics#, [emoticons] and emoji.

jieba knows none of them: it cuts ``https://www.example.com`` into
``https``, ``:``, ``/``… ``www``, ``.``, ``com``, an e-mail address or an
``@mention`` into name fragments, and a flag emoji into two letters.  The
segmenter therefore finds them first (:func:`find_units`, the patterns of
:mod:`textkit.corpus.patterns`) and gives jieba only the text between them:
each unit is one token, except a ``#topic#``, whose text is segmented as
text between its two markers unless units are kept
(``Segmenter(keep_units=True)``).  Which unit tokens analysis keeps is the
filter's decision (:func:`unit_kind`, :class:`textkit.segment.filters.TokenFilter`).

Examples
--------
>>> text = "轉發@央視新聞 #抗疫日記# 詳見 https://t.cn/A6x [贊]👍🏻"
>>> [(kind, text[a:b]) for a, b, kind in find_units(text)]
[('mention', '@央視新聞'), ('topic', '#抗疫日記#'), ('url', 'https://t.cn/A6x'), ('emoticon', '[贊]'), ('emoji', '👍🏻')]
>>> unit_kind("foo@example.com"), unit_kind("科技")
('email', None)
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import regex

from textkit.corpus.patterns import EMAIL, EMOJI, EMOTICON, MENTION, TOPIC, UNIT_START, URL

__all__ = ["UnitKind", "UNIT_KINDS", "find_units", "unit_kind"]

UnitKind = Literal["url", "email", "mention", "topic", "emoticon", "emoji"]

UNIT_KINDS: tuple[UnitKind, ...] = ("url", "email", "mention", "topic", "emoticon", "emoji")
"""The kinds of unit."""

# An e-mail address is tried before a mention (it holds an @).  A first-character
# test rejects most positions of Chinese text at once.
_ALTERNATIVES = {"email": EMAIL, "url": URL, "mention": MENTION, "topic": TOPIC, "emoticon": EMOTICON}
_TEXT_UNITS = re.compile(rf"(?=[{UNIT_START}])(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _ALTERNATIVES.items()) + ")")
# Emoji need Unicode properties (the regex package, three times slower than re):
# looked for only in text that holds a character an emoji starts with.
_EMOJI = regex.compile(EMOJI)


@functools.cache
def _emoji_start() -> re.Pattern[str]:
    """A class of the characters an emoji can start with, for Python's ``re``: pictographs of the BMP
    (☀ ✈ ©, not ↓ ① ★) as the regex package's Unicode data has them, keycap digits' ``\u20e3``, and the
    supplementary planes' symbols (U+1F000 on)."""
    start = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")
    bmp = "".join(chr(c) for c in range(0x80, 0x10000) if start.match(chr(c)))
    return re.compile("[" + re.escape(bmp) + "\u20e3\U0001f000-\U0001ffff]")


def find_units(text: str) -> list[tuple[int, int, UnitKind]]:
    """``(start, end, kind)`` of every unit in ``text``, left to right, none overlapping.

    Parameters
    ----------
    text : str
        Any text (the segmenter passes the prepared text, Simplified and
        half-width: ``＃話題＃`` is found as ``#话题#``).

    Notes
    -----
    About 0.03 s per million characters of news or posts (one scan with
    Python's ``re``), plus one scan with ``regex`` for emoji in text that
    holds a character an emoji starts with.  An emoji inside a topic is part
    of the topic.

    Examples
    --------
    >>> find_units("寫信到 info@example.org 或 @小明")
    [(4, 20, 'email'), (23, 26, 'mention')]
    """
    units = [(m.start(), m.end(), m.lastgroup) for m in _TEXT_UNITS.finditer(text)]
    if _emoji_start().search(text):
        emoji = [(m.start(), m.end(), "emoji") for m in _EMOJI.finditer(text)]
        if emoji:
            merged, end = [], 0
            for unit in sorted(units + emoji):
                if unit[0] >= end:
                    merged.append(unit)
                    end = unit[1]
            units = merged
    return units


def unit_kind(token: str) -> UnitKind | None:
    """The kind of unit ``token`` is as a whole, or ``None``.

    Examples
    --------
    >>> [unit_kind(t) for t in ["@央视新闻", "#抗疫日记#", "[哈哈]", "🇨🇳", "www.gov.cn", "#", "2021", "iPhone"]]
    ['mention', 'topic', 'emoticon', 'emoji', 'url', None, None, None]
    """
    m = _TEXT_UNITS.fullmatch(token) or _EMOJI.fullmatch(token)
    return (m.lastgroup or "emoji") if m else None
