"""Filtering: which tokens analysis keeps, a pure step over tokens already cut (and tagged).

As textacy separates ``extract.words(doc, filter_stops=…, include_pos=…)``
from tokenizing, textkit cuts first (:mod:`textkit.segment.tokenizer`) and
decides here, token by token: whitespace and punctuation always go;
stopwords, short tokens, numbers, Latin tokens, parts of speech and web
units (URLs, mentions, emoji…: :mod:`textkit.segment.units`) go as the
:class:`TokenFilter` says.  Decisions are taken on the normalized form of
a token (:func:`textkit.corpus.resources.normalize_word`: Simplified, half-width),
so a word is kept or dropped alike in either script.

Examples
--------
>>> from textkit.corpus.resources import load_stopwords
>>> f = TokenFilter(stopwords=load_stopwords(["的"]), min_length=1)
>>> [t for t in ["生命科學園", "的", "新機遇", "。"] if f.keep(normalize_word(t))]
['生命科學園', '新機遇']
>>> [token_kind(t) for t in ["科技", "。", "2021", "三", "AI", "5G網絡", " ", "@央視新聞"]]
['word', 'punct', 'number', 'number', 'latin', 'word', 'space', 'unit']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from textkit.errors import ParameterError
from textkit.corpus.patterns import HAN, HAN_NUMERALS
from textkit.corpus.resources import normalize_word
from textkit.segment.units import unit_kind

__all__ = ["TokenFilter", "token_kind", "is_stopword", "TokenKind", "MEASURE_WORDS"]

TokenKind = Literal["space", "punct", "number", "latin", "word", "unit"]

_NUMBER = re.compile(rf"^[0-9０-９.．,，%％+\-−/:]+$|^[{HAN_NUMERALS}]+$|^第[0-9{HAN_NUMERALS}]+$")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
# A token of Han characters only that is not a number: most tokens, decided by one regex.
_HAN_WORD = re.compile(rf"(?![{HAN_NUMERALS}]+$|第[0-9{HAN_NUMERALS}]+$)[{HAN}]+")
_HAN = re.compile(f"[{HAN}]")


def token_kind(token: str) -> TokenKind:
    """Classify a token: whitespace, punctuation/symbol, number, Latin, word, or a web unit.

    A unit is a whole URL, e-mail address, @mention, #topic#, [emoticon] or
    emoji (:func:`textkit.segment.units.unit_kind`).

    Examples
    --------
    >>> [token_kind(t) for t in ["數據", "，", "３１.８５", "第三", "ChatGPT", "https://www.gov.cn", "😭"]]
    ['word', 'punct', 'number', 'number', 'latin', 'unit', 'unit']
    """
    if not token or token.isspace():
        return "space"
    if unit_kind(token) is not None:
        return "unit"
    if _HAN.search(token):  # the common case: never punctuation, never Latin-only
        return "number" if _NUMBER.match(token) else "word"
    if all(unicodedata.category(ch)[0] in "PSZ" for ch in token):
        return "punct"
    if _NUMBER.match(token):
        return "number"
    if _LATIN.search(token):
        return "latin"
    return "word"


MEASURE_WORDS = frozenset(
    "例 岁 起 名 个 位 次 家 件 项 条 元 角 块 万元 亿元 美元 港元 欧元 日元 人次 架 辆 艘 座 所 批 份 场 届 轮 期 号 "
    "点 分 秒 天 周 年 月 日 小时 分钟 倍 只 头 台 部 篇 张 本 首 种 类 处 栋 套 间 米 千米 公里 平 平米 平方米 "
    "吨 公斤 克 斤 度 折 成 户 枚 支 根 股 手 层 楼 宗 幅 片 颗 粒".split()
)
"""Measure words (classifiers and units, Simplified) that, right after a number, are part of a quantity.

``12例`` (cases), ``65岁``, ``500万元``, ``8折``: when numbers are dropped
(``keep_numbers=False``), the measure word that follows one is dropped with
it; elsewhere (``起`` after a verb, ``成`` as a verb) the word is judged on
its own.
"""


def _stopword_key(token: str) -> str:
    """English stopwords match in any case, except acronyms in capitals (WHO, IT, US)."""
    return token if token.isupper() and len(token) > 1 else token.lower()


@dataclass(frozen=True)
class TokenFilter:
    """What :meth:`textkit.segment.Segmenter.tokenize` keeps: a pure decision per token.

    Parameters
    ----------
    stopwords : frozenset of str
        In normalized form (:func:`textkit.corpus.resources.load_stopwords` gives it).
    pos : tuple of str, optional
        Keep only words whose part-of-speech tag starts with one of these.
    min_length : int, default 1
        Shortest token kept, in characters.
    keep_numbers : bool, default False
    keep_latin : bool, default True
    keep_units : bool, default False
        Keep URLs, e-mail addresses, @mentions, #topics#, [emoticons] and
        emoji (each one token); by default they never become word tokens.

    Examples
    --------
    >>> f = TokenFilter(stopwords=frozenset({"the"}), min_length=2)
    >>> [f.keep(t) for t in ["数据", "的", "The", "WHO", "2021", "@央视新闻"]]
    [True, False, False, True, False, False]
    >>> TokenFilter(keep_units=True).keep("@央视新闻")
    True
    """

    stopwords: frozenset[str] = frozenset()
    pos: tuple[str, ...] | None = None
    min_length: int = 1
    keep_numbers: bool = False
    keep_latin: bool = True
    keep_units: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.min_length, int) or isinstance(self.min_length, bool) or self.min_length < 1:
            raise ParameterError(f"min_length must be a whole number of at least 1 (got {self.min_length!r})")
        if self.pos is not None and (isinstance(self.pos, str) or not all(isinstance(p, str) and p.strip() for p in self.pos)):
            raise ParameterError(f"pos must be a list of tag prefixes such as ['n', 'v'], none empty (got {list(self.pos)!r})")

    def drop_quantities(self, tokens: list[str], kept: list[bool]) -> list[bool]:
        """``kept`` with the measure word of each quantity dropped (``12``/``例``), unless numbers are kept.

        ``tokens`` are in normalized form, every token of a text (spaces
        included); a measure word counts as part of a quantity when the
        token before it, spaces skipped, is a number.

        Examples
        --------
        >>> f = TokenFilter()
        >>> tokens = ["新增", "12", "例", "，", "病例", "共", "三", "例"]
        >>> [t for t, k in zip(tokens, f.drop_quantities(tokens, [f.keep(t) for t in tokens])) if k]
        ['新增', '病例', '共']
        """
        if self.keep_numbers:
            return kept
        measures = MEASURE_WORDS
        for i, tok in enumerate(tokens):
            if i and kept[i] and tok in measures:
                j = i - 1
                while j > 0 and tokens[j].isspace():
                    j -= 1
                if token_kind(tokens[j]) == "number":
                    kept[i] = False
        return kept

    def keep(self, token: str, tag: str | None = None) -> bool:
        """Whether to keep ``token`` (in normalized form) with part-of-speech ``tag``."""
        if len(token) < self.min_length:
            return False
        if self.pos is None and _HAN_WORD.fullmatch(token):  # most tokens: one regex
            return token not in self.stopwords
        kind = token_kind(token)  # normalization changes neither length nor kind
        if kind == "unit":
            return self.keep_units
        if kind in ("space", "punct"):
            return False
        if kind == "number" and not self.keep_numbers:
            return False
        if kind == "latin" and not self.keep_latin:
            return False
        if _stopword_key(token) in self.stopwords:
            return False
        if self.pos is not None and kind == "word" and not (tag and tag.startswith(self.pos)):
            return False
        return True


def is_stopword(token: str, stopwords: frozenset[str]) -> bool:
    """Whether ``token`` (either script, any width; English in any case but capitals) is in ``stopwords``.

    Examples
    --------
    >>> from textkit.corpus.resources import load_stopwords
    >>> words = load_stopwords(["這些", "the"])
    >>> [is_stopword(t, words) for t in ["这些", "這些", "The", "THE", "科技"]]
    [True, True, True, False, False]
    """
    return _stopword_key(normalize_word(token)) in stopwords
