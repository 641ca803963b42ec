"""Cleaning: pure ``str -> str`` functions, composable and idempotent.

Each function takes a string and keyword-only options and returns a new
string; none mutates its input or depends on state.  :func:`clean_text`
composes them in the order that keeps the composition idempotent:
width -> whitespace -> boilerplate -> punctuation.

Examples
--------
>>> clean_text("生命科學園,是該領域創新資源最為集中的園區之一。來源:中關村生命科學園官方公眾平臺\\u00a0\\u00a0")
'生命科學園，是該領域創新資源最為集中的園區之一。'
>>> split_sentences("北京創新發展將邁上新臺階。重點發展新一代信息技術!")
['北京創新發展將邁上新臺階。', '重點發展新一代信息技術!']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from textkit.errors import ParameterError
from textkit.patterns import CJK, CREDIT_LABELS, EDITOR_LABELS, HAN, RELATED_HEADERS, REPORTER_LABELS, SOURCE_LABELS, CAPTION_LABELS

__all__ = [
    "normalize_width",
    "normalize_whitespace",
    "unify_punctuation",
    "remove_boilerplate",
    "split_sentences",
    "sentence_spans",
    "clean_text",
    "compose",
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

# Scraping boilerplate, in both scripts.  Line-level patterns drop the line.
_BOILERPLATE_LINES = re.compile(
    r"^(?:"
    rf"(?:{SOURCE_LABELS})[:：].*(?:{CREDIT_LABELS})[:：].*"  # 出處:北京商報 作者:… 網編:…
    rf"|\S{{0,12}}(?:{REPORTER_LABELS})(?:[^\S\n]+[{HAN}]{{2,4}}){{1,6}}"  # 北京商報記者 姚倩 濮振宇 (names on the same line)
    rf"|(?:{RELATED_HEADERS}|延伸閱讀|延伸阅读|猜你喜歡|猜你喜欢"
    r"|熱門推薦|热门推荐|分享到|分享|返回搜狐|查看更多|點擊查看|点击查看)[:：]?"
    r")$",
    re.MULTILINE,
)
_BOILERPLATE_INLINE = re.compile(
    r"(?:舉報|举报)(?<!\S..)(?=\s|$)"  # a lone 舉報 (report button): space or line start before it
    rf"|(?:{CAPTION_LABELS})\s*[:：]\s*[^\s。，,；;！？]{{1,40}}"  # 來源:央視網
    rf"|(?:{EDITOR_LABELS})\s*[:：]\s*[^\s。，,；;]{{1,10}}",
    re.MULTILINE,
)
# Words every match of the pattern above contains.  Searching for them is
# fast (the alternatives start with literals); texts without them skip the
# patterns, which would otherwise be tried at every position.
_BOILERPLATE_LINES_HINT = re.compile("來源|来源|出處|出处|記者|记者|相關|相关|延伸|猜你|熱門|热门|分享|返回|查看|點擊|点击")
_BOILERPLATE_INLINE_HINT = re.compile("來源|来源|舉報|举报|網編|网编|責編|责编|責任編輯|责任编辑")
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[」』”’\"'）)]*)?")


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
    """Remove scraping boilerplate: 舉報 buttons, 來源:/網編:/責編: credits,
    reporter bylines, source/author lines and related-list or share headers.

    Examples
    --------
    >>> remove_boilerplate("舉報   來源:央視網  央視網消息:當今世界")
    '央視網消息:當今世界'
    >>> remove_boilerplate("北京商報記者 姚倩 濮振宇")
    ''
    """
    return normalize_whitespace(_remove_boilerplate(text))


def _remove_boilerplate(text: str) -> str:
    """The removals of :func:`remove_boilerplate`, on text whose whitespace is normalized.

    Returns the text unchanged when there is nothing to remove; a quick
    search for the patterns' words skips them for most texts.
    """
    removed = 0
    if _BOILERPLATE_LINES_HINT.search(text):
        text, n = _BOILERPLATE_LINES.subn("", text)
        removed += n
    if _BOILERPLATE_INLINE_HINT.search(text):
        text, n = _BOILERPLATE_INLINE.subn("", text)
        removed += n
    return normalize_whitespace(text) if removed else text


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


_DEFAULT_PIPELINE = compose(normalize_width, normalize_whitespace, _remove_boilerplate, unify_punctuation)


def clean_text(text: str, *, boilerplate: bool = True) -> str:
    """The default cleaning: width, whitespace, boilerplate, punctuation.

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
    if not isinstance(text, str):
        raise ParameterError(f"expected a str to clean, got {type(text).__name__}: {text!r:.40}")
    if boilerplate:
        return _DEFAULT_PIPELINE(text)
    return unify_punctuation(normalize_whitespace(normalize_width(text)))


def clean_texts(texts: Iterable[str], **options: bool) -> list[str]:
    """Apply :func:`clean_text` to every text (a convenience for columns)."""
    return [clean_text(t, **options) for t in texts]
