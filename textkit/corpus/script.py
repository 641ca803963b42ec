"""Traditional and Simplified Chinese: detection and length-preserving conversion.

Conversion is an internal step (segmentation runs on Simplified text because
jieba's dictionary is Simplified); what users see stays in the script it was
written in.  OpenCC does the conversion.  :func:`normalize_script` is the form
segmentation and word comparison use: Traditional text of any region
(Hong Kong and Taiwan variants included) in Simplified script, Simplified
text as written, the length kept.

Examples
--------
>>> to_simplified("中關村科學城")
'中关村科学城'
>>> detect_script("中關村科學城"), detect_script("中关村科学城")
('traditional', 'simplified')
>>> normalize_script("衞生署敍述"), normalize_script("显著")
('卫生署叙述', '显著')
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from textkit.corpus.patterns import JIEBA_HAN, SENTENCE_ENDS

__all__ = ["to_simplified", "to_traditional", "convert_same_length", "detect_script", "normalize_script", "Script", "script_changes", "script_of"]

Script = Literal["traditional", "simplified", "mixed", "neutral"]


@functools.cache
def _converter(config: str):
    import opencc  # imported on first use: no work at package import

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified (OpenCC ``t2s``).

    Examples
    --------
    >>> to_simplified("數字經濟")
    '数字经济'
    """
    return _converter("t2s").convert(text)


def to_traditional(text: str, *, variant: Literal["t", "tw", "hk"] = "t") -> str:
    """Convert Simplified characters to Traditional (OpenCC ``s2t``/``s2tw``/``s2hk``).

    Examples
    --------
    >>> to_traditional("区块链")
    '區塊鏈'
    """
    return _converter(f"s2{variant}").convert(text)


def convert_same_length(text: str, config: str = "t2s") -> str:
    """Convert with OpenCC and guarantee the result has the input's length.

    Offsets computed on the result can then be used on the input.  ``t2s``
    keeps the length of news text; where a conversion would change it, the
    line is converted character by character and a character whose
    conversion is not a single character is kept as it is.

    Parameters
    ----------
    text : str
        Text in any script.
    config : str, default "t2s"
        An OpenCC configuration name.

    Returns
    -------
    str
        Converted text with ``len(result) == len(text)``.

    Notes
    -----
    OpenCC converts about 70 MB/s; the per-character fall-back is only
    taken on lines whose length would change, which is rare.

    Examples
    --------
    >>> convert_same_length("二噁英與鮟鱇")
    '二𫫇英与𩽾𩾌'
    """
    conv = _converter(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        converted = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(c2 if len(c2 := conv.convert(ch)) == 1 else ch for ch in line)
        fixed.append(converted)
    return "\n".join(fixed)


def detect_script(text: str) -> Script:
    """Tell which script a text is written in.

    Returns ``"traditional"`` when characters change under ``t2s`` and none
    under ``s2t``, ``"simplified"`` for the reverse, ``"mixed"`` when both
    change (the larger share wins only when it is 90% or more), and
    ``"neutral"`` when neither does (characters shared by both scripts).

    Examples
    --------
    >>> detect_script("科技創新片區"), detect_script("北京")
    ('traditional', 'neutral')
    """
    return script_of(*script_changes(text))


def script_changes(text: str) -> tuple[int, int]:
    """Characters of ``text`` that ``t2s`` changes, and those that ``s2t`` changes (what :func:`detect_script` weighs).

    Counts: the changes of several texts add up, so a corpus's script is
    :func:`script_of` the sums of its shards'.

    Examples
    --------
    >>> script_changes("科技創新片區")
    (2, 0)
    """
    t2s = sum(a != b for a, b in zip(text, convert_same_length(text, "t2s")))
    s2t = sum(a != b for a, b in zip(text, convert_same_length(text, "s2t")))
    return t2s, s2t


def script_of(t2s: int, s2t: int) -> Script:
    """The script :func:`detect_script` names for these numbers of changed characters.

    Examples
    --------
    >>> script_of(1, 0), script_of(0, 0), script_of(5, 5)
    ('traditional', 'neutral', 'mixed')
    """
    if t2s == 0 and s2t == 0:
        return "neutral"
    if t2s >= 9 * s2t:
        return "traditional"
    if s2t >= 9 * t2s:
        return "simplified"
    return "mixed"


# Han characters jieba's patterns do not treat as word characters: HAN less JIEBA_HAN (Extension A,
# U+9FD6-U+9FFF, the compatibility block, the supplementary planes), as one class (tested).
_BEYOND_JIEBA = re.compile("[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U000323af]")
_IN_JIEBA = re.compile(f"[{JIEBA_HAN}]")


@functools.cache
def _simplified_standard(char: str) -> bool:
    """Whether a character is in GB 2312, the Simplified standard set (著 and 么 are; 衞, 敍, 枱 are not)."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _changes(text: str, converted: str) -> int:
    return sum(a != b for a, b in zip(text, converted))


_SENTENCE_STOP = re.compile(f"[{SENTENCE_ENDS}\n]")


@functools.cache
def _variant_chars() -> re.Pattern[str]:
    """The characters on which the regional variant dictionaries can change the Simplified result.

    Found by converting every Han character of the Basic Multilingual Plane
    alone, and keeping those whose ``tw2t`` + ``hk2s`` result differs from
    their ``t2s`` result (about fifty: 衞 敍 枱 粧 糭 衹 著 …).  A phrase of
    OpenCC's variant dictionaries changes only characters of their
    character tables, and those that are not found here come out of ``t2s``
    alike either way (台 臺, 才 纔, 梁 樑), so text without any of them
    converts alike either way (tested on real text).
    """
    chars = "".join(chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r))
    probe = "\n".join(chars)
    t2s = _converter("t2s").convert(probe).split("\n")
    chain = _converter("hk2s").convert(_converter("tw2t").convert(probe)).split("\n")
    found = [c for c, a, b in zip(chars, t2s, chain, strict=True) if a != b]
    return re.compile("[" + re.escape("".join(found)) + "]")


def normalize_script(text: str) -> str:
    """The text in Simplified script, for segmentation and word comparison; the length kept.

    * Traditional text of every region is converted with the Hong Kong and
      Taiwan variants first (OpenCC ``tw2t``, then ``hk2s``): 衞生署 becomes
      卫生署 and the particle 著 becomes 着, where ``t2s`` alone leaves
      衞 敍 枱 粧 糭 衹 and 著 as they are.
    * Simplified text is never rewritten: the variant dictionaries apply only
      to the sentences that hold at least as many Traditional characters as
      Simplified ones (counted against the closest Traditional standard,
      ``s2t``, ``s2hk`` or ``s2tw``: Hong Kong writes 公布, Taiwan 公佈);
      ``tw2t`` would turn Simplified 显著 into 显着.  In a sentence with
      neither (衞生署), only the characters Simplified never uses (outside
      GB 2312: 衞 敍 枱, not 著 么) are converted.  The others get ``t2s``
      only, as before.
    * A character that conversion would move outside the Han characters
      jieba reads (:data:`textkit.corpus.patterns.JIEBA_HAN`; Cantonese 嗰
      becomes U+20BB6 under ``t2s``) is kept as written.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ``len(result) == len(text)``: offsets found on the result hold on the text.

    Notes
    -----
    One OpenCC ``t2s`` pass over the text.  Only the sentences that hold one
    of the fifteen characters the regional variant dictionaries convert
    otherwise (衞 敍 枱 粧 糭 衹 著 …) are looked at again, together: their
    script (``s2t``, ``s2hk`` and ``s2tw`` passes), then, for the Traditional
    and neutral ones, ``tw2t`` and ``hk2s``.  On Simplified news, where 著 is common (显著,
    著名), this costs about half of the ``t2s`` pass.  The first call finds
    those characters (about 0.2 s).

    Examples
    --------
    >>> normalize_script("佢哋喺度食咗飯，嗰度好熱鬧。他們看著我。衞生署")
    '佢哋喺度食咗饭，嗰度好热闹。他们看着我。卫生署'
    >>> normalize_script("他们看著名胜。土著")
    '他们看著名胜。土著'
    """
    simplified = convert_same_length(text, "t2s")
    variant = _variant_chars()
    spans = []  # the sentences holding a character the variants convert otherwise
    hit = variant.search(text)
    while hit:
        at = hit.start()
        line_start = text.rfind("\n", 0, at) + 1
        start = max(line_start, *(text.rfind(end, line_start, at) + 1 for end in SENTENCE_ENDS))
        stop = _SENTENCE_STOP.search(text, at)
        end = len(text) if stop is None else stop.start() + (stop.group() != "\n")
        spans.append((start, end))
        hit = variant.search(text, end)
    if spans:
        # Each sentence's script, as detect_script() decides it but with Simplified
        # evidence counted in the Traditional standard closest to the sentence
        # (s2t, s2hk or s2tw: 公布 is Hong Kong's, 公佈 Taiwan's), the OpenCC passes
        # batched (one call each).
        sentences = [text[a:b] for a, b in spans]
        joined = "\n".join(sentences)
        standards = [convert_same_length(joined, config).split("\n") for config in ("s2t", "s2hk", "s2tw")]
        regional = []  # (start, end, neutral)
        for (a, b), sentence, *traditional in zip(spans, sentences, *standards, strict=True):
            traditional_chars = _changes(sentence, simplified[a:b])
            simplified_chars = min(_changes(sentence, trad) for trad in traditional)
            if traditional_chars >= simplified_chars:
                regional.append((a, b, traditional_chars == 0))
        if regional:
            converted = "\n".join(text[a:b] for a, b, _ in regional)
            converted = convert_same_length(convert_same_length(converted, "tw2t"), "hk2s").split("\n")
            parts: list[str] = []
            last = 0
            for (a, b, neutral), sentence in zip(regional, converted, strict=True):
                if neutral:  # no script evidence: only the characters Simplified never uses (衞, not 著)
                    sentence = "".join(s if _simplified_standard(c) else r for c, r, s in zip(text[a:b], sentence, simplified[a:b]))
                parts += [simplified[last:a], sentence]
                last = b
            simplified = "".join(parts) + simplified[last:]
    if _BEYOND_JIEBA.search(simplified):
        chars = list(simplified)
        for m in _BEYOND_JIEBA.finditer(simplified):
            i = m.start()
            if _IN_JIEBA.match(text[i]):
                chars[i] = text[i]
        simplified = "".join(chars)
    return simplified
