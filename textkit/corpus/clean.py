"""Cleaning: pure ``str -> str`` functions, composable and idempotent.

Each function takes a string and keyword-only options and returns a new
string; none mutates its input or depends on state.  :func:`clean_text`
composes them in the order that keeps the composition idempotent:
width -> whitespace -> boilerplate -> punctuation -> repeated characters.

Boilerplate that one document shows (a credit, a byline, a Weibo card
label) is removed by anchored patterns (:func:`remove_boilerplate`);
boilerplate that only repetition across a corpus shows (a site's footer, a
share prompt) is found and removed by :class:`RepeatedSentences`.

Examples
--------
>>> clean_text("生命科學園,是該領域創新資源最為集中的園區之一。來源:中關村生命科學園官方公眾平臺\\u00a0\\u00a0")
'生命科學園，是該領域創新資源最為集中的園區之一。'
>>> split_sentences("北京創新發展將邁上新臺階。重點發展新一代信息技術!")
['北京創新發展將邁上新臺階。', '重點發展新一代信息技術!']
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textkit.errors import ParameterError
from textkit.corpus.patterns import (
    CJK,
    CREDIT_LABELS,
    EDITOR_LABELS,
    EMAIL,
    HAN,
    NEWS_AGENCIES,
    READ_MORE_HEADERS,
    RELATED_HEADERS,
    REPORTER_LABELS,
    SENTENCE_ENDS,
    SHARE_PROMPTS,
    SOURCE_CREDIT_LABELS,
    SOURCE_LABELS,
    URL,
    WEIBO_EXPAND_LABELS,
    WEIBO_LINK_LABELS,
    WEIBO_MEDIA,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "normalize_width",
    "normalize_whitespace",
    "unify_punctuation",
    "cap_repeats",
    "remove_boilerplate",
    "split_sentences",
    "sentence_spans",
    "clean_text",
    "clean_texts",
    "compose",
    "audit_boilerplate",
    "RepeatedSentences",
    "remove_repeated_sentences",
]

# Chinese punctuation that NFKC would fold to ASCII; in Chinese text it is the
# correct form, so width normalisation leaves it alone.
_KEEP_FULLWIDTH = "，。！？：；（）「」『』、《》〈〉【】…—～·％＋"
_KEEP_RE = re.compile(f"([{re.escape(_KEEP_FULLWIDTH)}]+)")

_ASCII_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})
# A run of ASCII punctuation becomes full width when a CJK character is right
# before or right after it (checked in the replacement: a lookbehind here
# would be tried at every position of the text).
_ASCII_PUNCT_RUN = re.compile(r"[,:;!?()]+")
_CJK_CHAR = re.compile(f"[{CJK}]")

_SPACE_CHARS = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060]")
_MULTI_SPACE = re.compile(r" {2,}")
_MULTI_NEWLINE = re.compile(r"\n{3,}")

# Scraping boilerplate, in both scripts.  Every rule is anchored to the
# context the boilerplate really has (a line of its own, a line's start or
# end, a bracket, a byline's shape), so that the same words inside a
# sentence stay: 資金來源：財政撥款 is content, 來源：央視網 at a line's start
# is a credit.  Each rule names the words every match contains (``hint``):
# one regular expression finds them all in a text, and texts without a
# rule's words skip the rule.  Rules that could start anywhere begin with a
# first-character test, which Python's re checks fast at every position.
# benchmarks/cleaning_audit.py lists what each rule removes.
_HS = r"[^\S\n]"  # a space that is not a line break
_OPEN = r"[（(【\[]"
_CLOSE = r"[）)】\]]"
_AFTER_SENTENCE = "。！？!?」』”\""
_NAME = r"[^\s。，,；;！？!?()（）【】\[\]]{1,40}"  # a credited name: up to the next space or punctuation
# A byline's 記者 stands alone or follows a publisher, whose name ends in one of
# these (北京商報, 新華社, 央視, 中國之聲, 總台); 向記者, 一名記者, 致敬一線記者 do not.
_PUBLISHER = r"(?:[^\s，。！？、,：:()（）]{0,10}[報报社網网台臺站刊視视聞闻聲声播電电團团習习廣广])?"
_NAMES = rf"[{HAN}]{{2,3}}(?:(?:{_HS}|[、，,])+[{HAN}]{{2,3}}){{0,5}}"  # two- and three-character names
_CHANNEL = r"[^\s。！？!?，,、；;：:（）()【】《》「」“”\"'#@↓…~～]{1,12}"  # a Weibo account name
_AFTER_CHANNEL = r"\s。！？!?，,、；;：:（）()【】《》「」“”\"'#↓…~～"
_EXPAND = rf"(?:查看圖片|查看图片)?(?:{WEIBO_EXPAND_LABELS})"


def _trie(words: list[str]) -> str:
    """An alternation grouped by first character (Python's re then tests one character class per position)."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(
        re.escape(first) + ("(?:" + "|".join(map(re.escape, sorted(set(rests), key=len, reverse=True))) + ")" if rests != [""] else "")
        for first, rests in sorted(groups.items())
    )


@dataclass(frozen=True)
class _Rule:
    name: str
    removes: str
    pattern: re.Pattern[str]
    hint: frozenset[str]


def _rule(name: str, removes: str, pattern: str, hint: str) -> _Rule:
    """A rule; ``hint`` is an alternation of plain words (``a|b``), one of which every match contains."""
    return _Rule(name, removes, re.compile(pattern, re.MULTILINE), frozenset(hint.split("|")))


_CREDIT_WORDS = "來源|来源|圖源|图源|稿源|出處|出处"  # one of them is in every SOURCE_CREDIT_LABELS match
# A dateline: dated (新華社北京1月20日電) or Sina's (新浪體育訊), not the start of a word (電視, 訊問…);
# or undated (本報訊, 新華社電), before a space, a bracket, punctuation or the line's end (人民網訊問了 is a sentence).
_AGENCY = _trie(NEWS_AGENCIES.split("|"))
_DATELINE = (
    rf"(?:(?:{_AGENCY})[{HAN}]{{0,8}}?\d{{1,2}}月\d{{1,2}}日(?:電|电)|新浪[{HAN}]{{2}}(?:[{HAN}]{{2,3}})?(?:訊|讯))"
    r"(?![視视影話话力腦脑子網网臺台商池線线器廠厂站源動动量費费梯息號号錄录問问報报文])"
    rf"|(?:{_AGENCY})(?:電|电|訊|讯)(?=\s|$|[，,：:（(【\[])"
)


_RULES: tuple[_Rule, ...] = (
    _rule(
        "weibo_expand",
        "the …展開全文 button that ends a truncated Weibo preview, or a lone 查看圖片 at a line's end",
        rf"(?=[^\S\n]|[.…查展收])"  # a first-character test: rejects most positions at once
        rf"{_HS}*(?:(?:\.{{2,}}|…+){_HS}*)?(?:{_EXPAND}|(?<=\s)(?:查看圖片|查看图片)){_HS}*$",
        rf"{WEIBO_EXPAND_LABELS}|查看圖片|查看图片",
    ),
    _rule(
        "weibo_media",
        "a Weibo card label after a space or punctuation: 央視新聞的微博視頻 (with the account's @mention and a trailing .);"
        " an account name is at most 12 characters",
        rf"(?<=[{_AFTER_CHANNEL}])@?{_CHANNEL}的(?:{WEIBO_MEDIA})(?:{_HS}*@[^\s@]+)*(?:{_HS}+\.)?(?=\s|$)",
        WEIBO_MEDIA,
    ),
    _rule(
        "weibo_media_label",
        "a card label glued to a sentence (the account name cannot be told from it, so it stays): …的微博視頻 at a line's end",
        rf"的(?<=\S的)(?:{WEIBO_MEDIA})(?:{_HS}*@[^\s@]+)*(?:{_HS}+\.)?{_HS}*$",
        WEIBO_MEDIA,
    ),
    _rule(
        "weibo_link",
        "the 網頁鏈接 link label (O網頁鏈接, →網頁鏈接), not 網頁鏈接 inside a word run (複製網頁鏈接)",
        rf"(?=[^\S\n]|[→>O網网]){_HS}*[→>]*{_HS}*(?:(?<!\w)O|(?<!\w))(?:{WEIBO_LINK_LABELS})",
        WEIBO_LINK_LABELS,
    ),
    _rule(
        "comment_button",
        "a 我要評論 button at a line's end",
        rf"(?=[^\S\n]|我){_HS}*(?:我要評論|我要评论){_HS}*$",
        "我要評論|我要评论",
    ),
    _rule(
        "source_line",
        "a line of source and credits: 出處:北京商報 作者:姚倩 網編:陶鳳 (no sentence punctuation)",
        rf"^(?:{SOURCE_LABELS}){_HS}*[:：][^\n。！？!?]{{0,80}}?(?:{CREDIT_LABELS}){_HS}*[:：][^\n。！？!?]{{0,60}}$",
        SOURCE_LABELS,
    ),
    _rule(
        "byline",
        "a line that is only a byline: 北京商報記者 姚倩 濮振宇",
        rf"^{_PUBLISHER}(?:{REPORTER_LABELS}){_HS}+{_NAMES}{_HS}*$",
        REPORTER_LABELS,
    ),
    _rule(
        "list_header",
        "a line that is only a list header or a share button: 相關焦點, 延伸閱讀, 分享到:, 查看更多",
        rf"^(?:{RELATED_HEADERS}|{READ_MORE_HEADERS}|{SHARE_PROMPTS}){_HS}*[:：]?{_HS}*$",
        rf"{RELATED_HEADERS}|{READ_MORE_HEADERS}|{SHARE_PROMPTS}",
    ),
    _rule(
        "news_dateline",
        "an agency's dateline: at a line's start (with a leading 據 and a comma: 據新華社電，), or where its shape is"
        " unmistakable (新浪體育訊, 新華社北京1月20日電, 【本報訊】; 本報訊 before a space or a bracket), also after a title glued to the text",
        rf"^(?:據|据)?(?:{_DATELINE}){_HS}*[，,：:]?|(?:據|据)?(?:{_DATELINE})(?![，,：:、])"
        rf"|【(?:{_AGENCY})(?:[{HAN}]{{0,8}}?\d{{1,2}}月\d{{1,2}}日)?(?:電|电|訊|讯)】",
        rf"新浪|{NEWS_AGENCIES}",
    ),  # before the bracketed byline that can follow it: 本報訊（記者 王五）
    _rule(
        "bracketed_byline",
        "a byline in brackets: （總台記者 柳成）, (新華社記者李明 攝)",
        rf"[（(]{_PUBLISHER}(?:{REPORTER_LABELS})(?![會会站證证節节])[:：]?"
        rf"{_HS}*{_NAMES}(?:{_HS}*(?:攝|摄|報道|报道))?{_HS}*[）)]",
        REPORTER_LABELS,
    ),
    _rule(
        "bracketed_credit",
        "a credit in brackets: （來源：新華社）, (視頻來源:央視網), （責任編輯：王五）",
        rf"{_OPEN}{_HS}*(?:{SOURCE_CREDIT_LABELS}|{CREDIT_LABELS}){_HS}*[:：][^()（）【】\[\]\n]{{1,60}}{_CLOSE}",
        rf"{_CREDIT_WORDS}|{CREDIT_LABELS}",
    ),
    _rule(
        "credit_line_start",
        "a source credit that opens a line and is followed by a space: 來源:央視網  央視網消息…",
        rf"^(?:{SOURCE_CREDIT_LABELS}){_HS}*[:：]{_HS}*{_NAME}(?={_HS}|$)",
        _CREDIT_WORDS,
    ),
    _rule(
        "credit_line_end",
        "a source credit that ends a line after a sentence or a space: …園區之一。來源:中關村生命科學園",
        rf"(?:(?<=[{_AFTER_SENTENCE}])|(?<=\s))(?:{SOURCE_CREDIT_LABELS}){_HS}*[:：]{_HS}*{_NAME}{_HS}*$",
        _CREDIT_WORDS,
    ),
    _rule(
        "editor_credit",
        "an editor credit (a name of 2-4 Han characters, then a space, a closing bracket or the line's end)"
        " at a line's start or after a space or a sentence: 網編:陶鳳, 責任編輯：王五",
        rf"(?:^|(?<=\s)|(?<=[{_AFTER_SENTENCE}]))(?:{EDITOR_LABELS}){_HS}*[:：]{_HS}*[{HAN}]{{2,4}}(?=\s|$|{_CLOSE})",
        EDITOR_LABELS,
    ),
    _rule(
        "report_button",
        "a 舉報 (report button) on a line of its own, ending a line after a space or a sentence, or before a source credit",
        rf"(?:^(?:舉報|举报){_HS}*$|(?:(?<=\s)|(?<=[{_AFTER_SENTENCE}]))(?:舉報|举报){_HS}*$"
        rf"|^(?:舉報|举报){_HS}+(?=(?:{SOURCE_CREDIT_LABELS}){_HS}*[:：]))",
        "舉報|举报",
    ),
    _rule(
        "weibo_account_link",
        "the (微博) link a news site puts after a name: 姚明(微博)",
        r"[(（](?<=\w[(（])微博[)）]",
        "(微博)|（微博）|(微博）|（微博)",
    ),
    _rule(
        "photo_marker",
        "a photo marker in a headline: (圖), (組圖)",
        r"[(（](?:高清)?(?:組|组|多|附)?[圖图][)）]",
        "圖)|圖）|图)|图）",
    ),
)
_HINT_WORDS = sorted(set().union(*(rule.hint for rule in _RULES)))


_HINT = re.compile(_trie(_HINT_WORDS))
# A match of _HINT can hide a shorter hint word inside it (分享到 holds 分享).
_HINTS_IN = {w: frozenset(h for h in _HINT_WORDS if h in w) for w in _HINT_WORDS}


def _hints(text: str) -> frozenset[str]:
    """The hint words in ``text``: one pass of a regular expression, about 10 ms per million characters."""
    found = _HINT.findall(text)
    return frozenset().union(*(_HINTS_IN[w] for w in set(found))) if found else frozenset()
_SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}\n]*(?:[{SENTENCE_ENDS}]+[」』”’\"'）)]*)?")


def normalize_width(text: str) -> str:
    """Fold full-width letters and digits (and other compatibility forms) with NFKC.

    Chinese punctuation (``，。：；！？（）「」`` …) is kept full width: NFKC would
    turn it into ASCII, which is wrong inside Chinese text.

    Examples
    --------
    >>> normalize_width("ＡＩ與５Ｇ，是新基建。")
    'AI與5G，是新基建。'
    """
    if unicodedata.is_normalized("NFKC", text):  # most text without punctuation: nothing to fold
        return text
    parts = _KEEP_RE.split(text)
    # Odd indices are the protected runs; NFKC the rest.
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))


def normalize_whitespace(text: str) -> str:
    """Turn no-break, ideographic and other spaces into one ASCII space.

    Line breaks are kept (``\\r\\n`` and ``\\r`` become ``\\n``), every line is
    stripped, zero-width characters are removed and more than one blank line
    becomes one.

    Examples
    --------
    >>> normalize_whitespace("官方公眾平臺\\u00a0\\u00a0\\r\\n\\r\\n\\r\\n北京創新發展")
    '官方公眾平臺\\n\\n北京創新發展'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", _SPACE_CHARS.sub(" ", text))
    if "\n" not in text:  # one line (a headline, a post): no per-line work
        return _MULTI_SPACE.sub(" ", text).strip()
    text = "\n".join(_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _MULTI_NEWLINE.sub("\n\n", text).strip()


def unify_punctuation(text: str) -> str:
    """Make ASCII ``, : ; ! ? ( )`` next to Chinese characters full width.

    Punctuation between digits or Latin letters (``12:30``, ``1,000``, ``(AI)``)
    is left alone.

    Examples
    --------
    >>> unify_punctuation("生命科學園,是該領域(園區)之一;12:30開會")
    '生命科學園，是該領域（園區）之一；12:30開會'
    """
    def full_width(m: re.Match[str]) -> str:
        a, b = m.span()
        if (a and _CJK_CHAR.match(text, a - 1)) or _CJK_CHAR.match(text, b):
            return m.group(0).translate(_ASCII_TO_FULL)
        return m.group(0)

    return _ASCII_PUNCT_RUN.sub(full_width, text)


def remove_boilerplate(text: str) -> str:
    """Remove scraping boilerplate, each kind only in the context it has.

    Credits (``來源:``, ``網編:``, ``責任編輯:``) at a line's start or end, after a
    sentence or in brackets; bylines (``北京商報記者 姚倩 濮振宇``) as a line of
    their own or in brackets; source/author lines; list headers and share
    buttons that are a line of their own; lone ``舉報`` buttons; Weibo's
    ``…展開全文``, ``網頁鏈接`` and ``…的微博視頻`` labels; ``(微博)`` links,
    ``(組圖)`` markers and agency datelines (``新浪體育訊``).  The same words
    inside a sentence stay (``資金來源：財政撥款，``, ``來源於``, ``記者會``,
    ``分享經驗``).  :func:`audit_boilerplate` lists what each rule removed.

    Examples
    --------
    >>> remove_boilerplate("舉報   來源:央視網  央視網消息:當今世界")
    '央視網消息:當今世界'
    >>> remove_boilerplate("北京商報記者 姚倩 濮振宇")
    ''
    >>> remove_boilerplate("本項目資金來源：財政撥款，用於科技創新。")
    '本項目資金來源：財政撥款，用於科技創新。'
    """
    return normalize_whitespace(_remove_boilerplate(normalize_whitespace(text)))


def _remove_boilerplate(text: str, record: Callable[[str, str, int, int], None] | None = None) -> str:
    """The removals of :func:`remove_boilerplate`, on text whose whitespace is normalized.

    Rules run in order and again until none matches (a removal can bring
    a credit to a line's end), so the result is a fixed point.  ``record``,
    if given, is called with ``(rule name, text, start, end)`` for every
    match before it is removed.  Returns the text unchanged when there is
    nothing to remove; a quick search for the rules' words skips most texts.
    """
    present = _hints(text)
    changed = True
    while changed and present:
        changed = False
        for rule in _RULES:
            if present.isdisjoint(rule.hint):
                continue
            if record is not None:
                for m in rule.pattern.finditer(text):
                    record(rule.name, text, m.start(), m.end())
            text, n = rule.pattern.subn("", text)
            if n:
                changed = True
        if changed:
            text = normalize_whitespace(text)
            present = _hints(text)
    return text


def audit_boilerplate(texts: Iterable[str], *, examples: int = 3, context: int = 8) -> pd.DataFrame:
    """What each boilerplate rule removes from a corpus: counts and examples.

    Runs the cleaning of :func:`clean_text` and records every removal, so
    that false positives (content taken for boilerplate) can be read.

    Parameters
    ----------
    texts : iterable of str
    examples : int, default 3
        Distinct examples shown per rule, in corpus order.
    context : int, default 8
        Characters shown on each side of a match; the match is in ``⟦⟧``.

    Returns
    -------
    DataFrame
        One row per rule, in the order they run: ``rule``, ``removes``
        (what it is for), ``matches``, ``documents``, ``characters``
        (removed) and ``examples``.

    Examples
    --------
    >>> table = audit_boilerplate(["本項目資金來源：財政撥款。", "好消息。來源:新華社"])
    >>> row = table.set_index("rule").loc["credit_line_end"]
    >>> int(row.matches), row.examples
    (1, ['好消息。⟦來源:新華社⟧'])
    """
    import pandas as pd

    stats = {rule.name: {"matches": 0, "documents": set(), "characters": 0, "examples": []} for rule in _RULES}
    doc = 0

    def record(name: str, text: str, start: int, end: int) -> None:
        s = stats[name]
        s["matches"] += 1
        s["documents"].add(doc)
        s["characters"] += end - start
        shown = f"{text[max(0, start - context):start]}⟦{text[start:end]}⟧{text[end:end + context]}".replace("\n", "⏎")
        if len(s["examples"]) < examples and shown not in s["examples"]:
            s["examples"].append(shown)

    for doc, text in enumerate(texts):
        _check_str(text)
        _remove_boilerplate(normalize_whitespace(normalize_width(text)), record)
    return pd.DataFrame(
        [
            {"rule": r.name, "removes": r.removes, **{k: len(v) if k == "documents" else v for k, v in stats[r.name].items()}}
            for r in _RULES
        ],
        columns=["rule", "removes", "matches", "documents", "characters", "examples"],
    )


def split_sentences(text: str) -> list[str]:
    """Split on Chinese and ASCII sentence punctuation (。！？!?) and line breaks.

    The punctuation, and closing quotes right after it, stay with their
    sentence; empty pieces are dropped.

    Examples
    --------
    >>> split_sentences("「產學研用是關鍵環節。」 海澱區委書記於軍表示。")
    ['「產學研用是關鍵環節。」', '海澱區委書記於軍表示。']
    """
    return [text[a:b] for a, b in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences :func:`split_sentences` returns.

    Examples
    --------
    >>> sentence_spans("科技創新。 數字經濟!")
    [(0, 5), (6, 11)]
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        piece = m.group(0)
        stripped = piece.strip()
        if stripped:
            start = m.start() + (len(piece) - len(piece.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def compose(*steps: Callable[[str], str]) -> Callable[[str], str]:
    """Chain ``str -> str`` functions left to right.

    Examples
    --------
    >>> compose(normalize_width, unify_punctuation)("科技,５Ｇ")
    '科技，5G'
    """

    def composed(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return composed


# A character repeated four times or more, digits (10000) and spaces excepted;
# the first pattern finds any run six times faster (a text without one skips the rest).
_ANY_RUN = re.compile(r"(.)\1\1\1")
_RUN = re.compile(r"([^\d\s])\1{3,}")
_LINK = re.compile(f"(?=[A-Za-z0-9._%+\\-])(?:{EMAIL}|{URL})")  # a first-character test: most positions fail at once
MAX_REPEAT = 3
"""How many times in a row :func:`cap_repeats` lets a character stand."""


def cap_repeats(text: str) -> str:
    """Cut every run of one repeated character to :data:`MAX_REPEAT` (哈哈哈哈哈哈 → 哈哈哈).

    Posts stretch laughter, cheers and punctuation (哈哈哈哈哈哈哈哈, 加油油油油,
    ！！！！！): left alone, each length is a word of its own to jieba and to
    every count.  Digits (10000) and spaces are never cut, nor a run inside
    a web or e-mail address.

    Examples
    --------
    >>> cap_repeats("哈哈哈哈哈哈哈哈，太好了！！！！！ 1000000 www.example.com/aaaa")
    '哈哈哈，太好了！！！ 1000000 www.example.com/aaaa'
    """
    if not _ANY_RUN.search(text):
        return text
    links = None
    parts: list[str] = []
    last = 0
    for m in _RUN.finditer(text):
        if m.group(1).isascii():  # maybe part of a link: keep it whole
            if links is None:
                links = [(a.start(), a.end()) for a in _LINK.finditer(text)]
            if any(a < m.end() and m.start() < b for a, b in links):
                continue
        parts += [text[last : m.start() + MAX_REPEAT]]
        last = m.end()
    return "".join(parts) + text[last:]


_DEFAULT_PIPELINE = compose(normalize_width, normalize_whitespace, _remove_boilerplate, unify_punctuation, cap_repeats)


def clean_text(text: str, *, boilerplate: bool = True) -> str:
    """The default cleaning: width, whitespace, boilerplate, punctuation, repeated characters.

    Parameters
    ----------
    text : str
        Raw text, in either script; the script is never changed.
    boilerplate : bool, default True
        Remove scraping boilerplate (see :func:`remove_boilerplate`).

    Returns
    -------
    str
        The cleaned text.  ``clean_text(clean_text(t)) == clean_text(t)``.

    Examples
    --------
    >>> clean_text("舉報   來源:央視網  央視網消息:當今世界，新一輪科技革命")
    '央視網消息：當今世界，新一輪科技革命'
    """
    _check_str(text)
    if boilerplate:
        return _DEFAULT_PIPELINE(text)
    return cap_repeats(unify_punctuation(normalize_whitespace(normalize_width(text))))


def _check_str(text: object) -> None:
    if not isinstance(text, str):
        raise ParameterError(f"expected a str to clean, got {type(text).__name__}: {text!r:.40}")


def clean_texts(texts: Iterable[str], **options: bool) -> list[str]:
    """Apply :func:`clean_text` to every text (a convenience for columns)."""
    return [clean_text(t, **options) for t in texts]


# ---------------------------------------------------------------------------
# Boilerplate found by repetition across a corpus
# ---------------------------------------------------------------------------

_WORD_CHAR = re.compile(r"\w")


class RepeatedSentences:
    """Find the sentences that recur across a corpus and remove them.

    A site's footer, a subscription blurb or a share prompt is the same
    sentence in many documents; content seldom is.  :meth:`fit` counts, for
    every sentence (:func:`split_sentences`: a line without sentence
    punctuation is one sentence, so a footer line counts whole), the
    documents it occurs in; a sentence is *repeated* when that number is at
    least ``min_documents`` **and** at least ``min_share`` of the corpus.
    :meth:`transform` removes the repeated sentences; :attr:`repeated_` is
    the report.  This is the exact-match line filter of web-corpus
    pipelines (C4, trafilatura), applied to sentences.

    Parameters
    ----------
    min_documents : int, default 10
        Fewest documents a sentence must occur in.  It keeps a short corpus
        whole: there, a share is a handful of documents, and the same
        sentence in a few news reports is usually content (a quote, a
        product description).
    min_share : float, default 0.01
        Smallest share of the corpus's documents a sentence must occur in.
        On a large corpus it keeps sentences that a few reports share.
    min_chars : int, default 2
        Sentences with fewer word characters (Han, letters, digits) are
        never removed: a lone ``好！`` or a one-character line.

    Attributes
    ----------
    repeated_ : DataFrame
        The repeated sentences with ``sentence``, ``documents`` (how many
        documents hold it) and ``share`` (of the corpus), most frequent
        first (ties by the sentence).
    n_documents_ : int
        Documents seen by :meth:`fit`.
    threshold_ : int
        Documents a sentence had to occur in:
        ``max(min_documents, ceil(min_share * n_documents_))``.

    Notes
    -----
    One pass of :func:`sentence_spans` and a counter: about a second per
    10 M characters.  Memory holds each distinct sentence once.  Fit on
    cleaned text (:func:`clean_text`), so that width and punctuation
    variants count as the same sentence.  A document made only of
    repeated sentences (``轉發微博``) comes out empty.

    Examples
    --------
    >>> footer = "訂戶可享月費優惠，詳情請瀏覽網站。"
    >>> docs = [f"第{i}篇報道的內容。{footer}" for i in range(12)] + ["科技創新。科技創新。"]
    >>> model = RepeatedSentences().fit(docs)
    >>> model.repeated_.to_dict("records")
    [{'sentence': '訂戶可享月費優惠，詳情請瀏覽網站。', 'documents': 12, 'share': 0.923}]
    >>> model.transform(docs)[0]
    '第0篇報道的內容。'
    """

    def __init__(self, *, min_documents: int = 10, min_share: float = 0.01, min_chars: int = 2):
        self.min_documents = min_documents
        self.min_share = min_share
        self.min_chars = min_chars

    def _check(self) -> None:
        for name in ("min_documents", "min_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ParameterError(f"{name} must be a whole number of at least 1 (got {value!r})")
        share = self.min_share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            raise ParameterError(f"min_share must be a number in (0, 1] (got {share!r})")
        if self.min_documents < 2:
            raise ParameterError(f"min_documents must be at least 2, or every sentence is 'repeated' (got {self.min_documents!r})")

    def fit(self, texts: Iterable[str]) -> RepeatedSentences:
        """Count the documents each sentence occurs in and keep the repeated ones.

        Parameters
        ----------
        texts : iterable of str
            The corpus, one string per document (cleaned).

        Returns
        -------
        self
        """
        import pandas as pd

        self._check()
        counts: Counter[str] = Counter()
        n = 0
        for text in texts:
            _check_str(text)
            n += 1
            counts.update({text[a:b] for a, b in sentence_spans(text)})
        self.n_documents_ = n
        self.threshold_ = max(self.min_documents, math.ceil(self.min_share * n))
        rows = sorted(
            (
                (sentence, count)
                for sentence, count in counts.items()
                if count >= self.threshold_ and len(_WORD_CHAR.findall(sentence)) >= self.min_chars
            ),
            key=lambda sc: (-sc[1], sc[0]),
        )
        self.repeated_ = pd.DataFrame(
            {
                "sentence": [s for s, _ in rows],
                "documents": [c for _, c in rows],
                "share": [round(c / n, 3) for _, c in rows],
            }
        )
        self._remove = frozenset(s for s, _ in rows)
        return self

    def transform(self, texts: Iterable[str]) -> list[str]:
        """Remove the repeated sentences from each text.

        Parameters
        ----------
        texts : iterable of str

        Returns
        -------
        list of str
            The texts without their repeated sentences; the rest of each text
            is unchanged (whitespace is normalized where a sentence was cut).
        """
        if not hasattr(self, "_remove"):
            raise ParameterError("this RepeatedSentences is not fitted yet: call fit(texts) first")
        out = []
        for text in texts:
            _check_str(text)
            if not self._remove:
                out.append(text)
                continue
            pieces, last = [], 0
            for a, b in sentence_spans(text):
                if text[a:b] in self._remove:
                    pieces.append(text[last:a])
                    last = b
            out.append(normalize_whitespace("".join(pieces) + text[last:]) if pieces else text)
        return out

    def fit_transform(self, texts: Iterable[str]) -> list[str]:
        """:meth:`fit` then :meth:`transform` on the same texts (read twice: pass a list)."""
        texts = list(texts)
        return self.fit(texts).transform(texts)


def remove_repeated_sentences(
    texts: Iterable[str], *, min_documents: int = 10, min_share: float = 0.01, min_chars: int = 2
) -> tuple[list[str], pd.DataFrame]:
    """Remove the sentences that recur across a corpus, and report them.

    A function form of :class:`RepeatedSentences` for a pipeline step.

    Returns
    -------
    texts : list of str
        The texts without their repeated sentences.
    report : DataFrame
        ``sentence``, ``documents``, ``share``: what was removed and how often.

    Examples
    --------
    >>> texts, report = remove_repeated_sentences(["生命科學園的新機遇。", "科技創新片區。"])
    >>> texts, len(report)
    (['生命科學園的新機遇。', '科技創新片區。'], 0)
    """
    model = RepeatedSentences(min_documents=min_documents, min_share=min_share, min_chars=min_chars)
    cleaned = model.fit_transform(texts)
    return cleaned, model.repeated_
