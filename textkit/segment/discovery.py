"""New words found in the user's own corpus: n-gram counts per shard, cohesion and boundary entropy.

jieba cuts a name it does not know into pieces it does know, and its HMM
cannot join them again when a piece is a dictionary word (林鄭月娥 →
林 / 鄭月 / 娥: 郑月 is one).  The standard remedy counts the corpus
itself: a string that recurs, whose characters stick together far more
often than chance (cohesion, pointwise mutual information over its weakest
split) and that is preceded and followed by many different characters
(left and right boundary entropy) is a word, whatever the dictionary says.

The work is cut in three steps, so that the counting can run per shard
(on a cluster, :mod:`textkit.engine`):

* :func:`count_ngrams` (one shard of texts → :class:`NgramCounts`): every
  n-gram of 1 to ``max_length + 1`` characters inside a run of Han
  characters, with how often it opens or closes a run;
* :meth:`NgramCounts.merge` (``+``): exact, associative and commutative
  (integer sums keyed by the n-gram);
* :func:`score_ngrams` and :func:`select_words` (pure, on the reduced
  total): cohesion and entropies, then the words jieba would cut into
  fragments.

:func:`discover_words` runs the three over a (bounded, hash-based) sample
of a corpus; :func:`word_sample` draws that sample.

Counting is done on the form jieba segments: Simplified, half-width
(:func:`textkit.corpus.resources.normalize_word`, which keeps the length), so
林鄭月娥 and 林郑月娥 are one word counted together; the form shown and
written to a dictionary file is the one most often written in the corpus
(:func:`written_forms`).

Examples
--------
>>> texts = ["林鄭月娥今日表示", "記者問林鄭月娥", "林鄭月娥說"] * 4
>>> total = count_ngrams(texts[:6]) + count_ngrams(texts[6:])
>>> total == count_ngrams(texts)
True
>>> scores = score_ngrams(total, min_count=5)
>>> int(scores.set_index("word").loc["林郑月娥", "count"])
12
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from textkit.corpus.patterns import HAN_NUMERALS
from textkit.corpus.resources import normalize_word
from textkit.errors import ParameterError

if TYPE_CHECKING:
    from textkit.segment.segmenter import Segmenter

logger = logging.getLogger(__name__)

__all__ = [
    "ADMINISTRATIVE_TAILS",
    "AUTO_MIN_CHARACTERS",
    "DISCOVERED_TAG",
    "DISCOVERY_VERSION",
    "FUNCTION_CHARACTERS",
    "NAME_INITIALS",
    "ORGANISATION_ENDS",
    "SURNAMES",
    "NgramCounts",
    "NgramTable",
    "count_ngrams",
    "dictionary_frequency",
    "discover_corpus_words",
    "discover_words",
    "empty_words",
    "score_ngrams",
    "select_words",
    "word_sample",
    "write_user_dict",
    "written_forms",
]

DISCOVERY_VERSION = 2
"""The version of the discovery code, part of the key of cached discovered words: bump it with any change of the result."""

# jieba makes words only of characters in this range (jieba.re_han_default: U+4E00–U+9FD5).
_FIRST, _LAST = 0x4E00, 0x9FD5
_SEPARATORS = "丨丶"  # in jieba's range, written as separators ("夜读丨…"): they end a run
_BITS = 15  # 0x9FD5 - 0x4E00 + 1 = 20950 characters, coded 1…20950 (0 ends a run)
_SLOTS = 7  # characters in a key: 4 in ``hi`` (60 bits), 3 in ``lo`` (45 bits)
_MASK = (1 << _BITS) - 1

FUNCTION_CHARACTERS = frozenset("的了着过地得之是在和与及也都就而把被让给向从对将所以其这那个么吗呢吧啊你我他她它您"
                                "嘅咗喺哋啲嗰嚟囉喎噉")
"""Function characters and pronouns: a candidate that opens or closes with one, or that jieba cuts into one, is a phrase (的时候, 是中国, 硝烟的战).

Written Cantonese has its own (嘅 咗 喺 哋 啲 嗰 嚟 囉 喎 噉: 嘅情況 is 的情况, a phrase);
its words that hold one (佢哋, 喺度) are in textkit's Cantonese dictionary."""

_NUMBER_START = frozenset(HAN_NUMERALS + "第每几数多半")
_NUMERAL_CODES = np.array([ord(c) for c in "0123456789" + HAN_NUMERALS], dtype=np.uint32)

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤常温康施牛樊葛邢齐易乔伍庞颜倪"
    "庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈"
    "饶牟艾尤阳穆农卓古吉缪简项芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖"
    "巩佘池麻苑迟邝"
)
"""Common Chinese surnames (Simplified): a name may open with one that also occurs on its own (谭 / 德塞, 张 / 静静).

Characters that are far more often a word or a word's tail than a surname
(于, 和, 时, 司, 向, 关, 文, 安, 方, 万…) are left out."""


def _key_masks(length: int) -> tuple[int, int]:
    """Masks keeping the first ``length`` characters of a key (``hi``, ``lo``)."""
    hi_chars, lo_chars = min(length, 4), max(length - 4, 0)
    hi = ((1 << (_BITS * hi_chars)) - 1) << (_BITS * (4 - hi_chars))
    lo = ((1 << (_BITS * lo_chars)) - 1) << (_BITS * (3 - lo_chars))
    return hi, lo


def _slots(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """The characters of keys, one column per slot (0: none)."""
    out = np.empty((len(hi), _SLOTS), dtype=np.uint64)
    for j in range(4):
        out[:, j] = (hi >> np.uint64(_BITS * (3 - j))) & np.uint64(_MASK)
    for j in range(3):
        out[:, 4 + j] = (lo >> np.uint64(_BITS * (2 - j))) & np.uint64(_MASK)
    return out


def _pack(slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    hi = np.zeros(len(slots), dtype=np.uint64)
    lo = np.zeros(len(slots), dtype=np.uint64)
    for j in range(4):
        hi |= slots[:, j] << np.uint64(_BITS * (3 - j))
    for j in range(3):
        lo |= slots[:, 4 + j] << np.uint64(_BITS * (2 - j))
    return hi, lo


def _decode(hi: np.ndarray, lo: np.ndarray) -> list[str]:
    """The n-grams of keys as strings."""
    if len(hi) == 0:
        return []
    slots = _slots(hi, lo)
    chars = np.where(slots != 0, slots + (_FIRST - 1), 0).astype("<u4")
    return chars.view(f"<U{_SLOTS}").ravel().tolist()  # NUL padding is dropped by numpy


def _sort_keys(hi: np.ndarray, lo: np.ndarray, *, runs: bool = False) -> np.ndarray:
    """The order that sorts keys lexicographically by (``hi``, ``lo``).

    Two plain sorts of one 64-bit key each (``hi``, then the rank of ``hi``
    with ``lo`` in the free bits), about three times faster than
    ``np.lexsort`` on two keys; ``np.lexsort`` when the ranks do not fit.
    ``runs``: the keys are a few sorted runs end to end (partials being
    merged), which timsort merges in linear time.
    """
    if len(hi) < 2:
        return np.arange(len(hi))
    first = np.argsort(hi, kind="stable" if runs else None)
    sorted_hi = hi[first]
    rank = np.cumsum(np.concatenate(([0], sorted_hi[1:] != sorted_hi[:-1])), dtype=np.int64)
    if rank[-1] >= 1 << (64 - 3 * _BITS):
        return np.lexsort((lo, hi))
    key = (rank.astype(np.uint64) << np.uint64(3 * _BITS)) | lo[first]
    return first[np.argsort(key, kind="stable")]  # sorted but within runs of equal ``hi``: timsort's best case


def _common_prefix(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """For sorted keys, the characters each shares with the one before it (0 for the first)."""
    out = np.zeros(len(hi), dtype=np.int64)
    if len(hi) < 2:
        return out
    xh, xl = hi[1:] ^ hi[:-1], lo[1:] ^ lo[:-1]
    same = np.ones(len(xh), dtype=bool)
    shared = out[1:]
    for j in range(_SLOTS):
        x, shift = (xh, _BITS * (3 - j)) if j < 4 else (xl, _BITS * (6 - j))
        same &= ((x >> np.uint64(shift)) & np.uint64(_MASK)) == 0
        shared += same
    return out


@dataclass(frozen=True, eq=False)
class NgramCounts:
    """Counts of the character n-grams of some texts: the picklable partial of one shard, or their sum.

    Attributes
    ----------
    hi, lo : ndarray of uint64
        The n-grams, coded: up to 7 characters of jieba's Han range, 15 bits
        each, left-aligned (``hi`` holds the first four).  Unique, in
        lexicographic order (so a word's extensions follow it: a trie).
    count : ndarray of int64
        Occurrences of each n-gram.
    starts, ends : ndarray of int32
        Occurrences that open / close a run of Han characters (the character
        before / after is punctuation, a digit, a letter, a space or the
        text's edge): each is a distinct neighbour for the boundary entropy.
    after_number : ndarray of int32
        Occurrences right after a digit or a Han numeral (批 in 第一批,
        岁 in 65岁): a string that mostly follows a number opens with a
        measure word.
    max_length : int
        Longest candidate word; n-grams are counted to ``max_length + 1``
        characters (the neighbours of the longest).
    characters : int
        Han characters counted (the ``N`` of the cohesion).
    documents : int
        Texts counted.

    Notes
    -----
    Merging is exact (integer sums; ``starts``, ``ends`` and
    ``after_number`` are 32-bit: exact up to 2,147,483,647 occurrences of
    one n-gram).  A partial holds every distinct n-gram of its shard:
    about 1.4 entries (36 bytes each) per character of Weibo posts, 50 MB
    per million characters; the hash-based sample of :func:`word_sample`
    bounds what a corpus puts into them.  :meth:`pruned` drops the n-grams
    seen fewer than ``min_count`` times: on the reduced total, dropping
    those seen once changes no score (:func:`score_ngrams` does so first,
    and reports how many it dropped); on a partial it would lose n-grams
    that recur only across shards, so partials are never pruned.
    """

    hi: np.ndarray
    lo: np.ndarray
    count: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    after_number: np.ndarray
    max_length: int
    characters: int
    documents: int

    def __len__(self) -> int:
        return len(self.count)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self._arrays())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NgramCounts):
            return NotImplemented
        return (self.max_length, self.characters, self.documents) == (other.max_length, other.characters, other.documents) and all(
            np.array_equal(a, b) for a, b in zip(self._arrays(), other._arrays())
        )

    def _arrays(self) -> tuple[np.ndarray, ...]:
        return self.hi, self.lo, self.count, self.starts, self.ends, self.after_number

    @classmethod
    def empty(cls, max_length: int = 6) -> NgramCounts:
        """No n-grams: the identity of :meth:`merge`."""
        _check_max_length(max_length)
        keys, wide, narrow = np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int32)
        return cls(keys, keys, wide, narrow, narrow, narrow, max_length, 0, 0)

    @classmethod
    def sum(cls, parts: Iterable[NgramCounts]) -> NgramCounts:
        """The counts of many shards at once: one sort of all their rows (cheaper than merging two at a time).

        Raises
        ------
        ParameterError
            No part, or parts counted with different ``max_length``.
        """
        parts = list(parts)
        if not parts:
            raise ParameterError("NgramCounts.sum needs at least one partial (NgramCounts.empty() is the empty one)")
        lengths = {p.max_length for p in parts}
        if len(lengths) > 1:
            raise ParameterError(f"cannot merge n-gram counts of max_length {' and '.join(map(str, sorted(lengths)))}")
        if len(parts) == 1:
            return parts[0]
        hi, lo, *sums = (np.concatenate(col) for col in zip(*(p._arrays() for p in parts)))
        order = _sort_keys(hi, lo, runs=True)
        hi, lo = hi[order], lo[order]
        first = np.flatnonzero(np.concatenate(([True], (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1])))) if len(hi) else np.zeros(0, np.int64)
        if len(first) == len(hi):
            sums = [a[order] for a in sums]
        else:
            sums = [np.add.reduceat(a[order], first) for a in sums]
        return cls(hi[first], lo[first], *sums, parts[0].max_length, sum(p.characters for p in parts), sum(p.documents for p in parts))

    def merge(self, other: NgramCounts) -> NgramCounts:
        """The counts of both shards: exact integer sums, associative and commutative (``a + b``).

        Raises
        ------
        ParameterError
            The two were counted with different ``max_length``.
        """
        return NgramCounts.sum([self, other])

    __add__ = merge

    def pruned(self, min_count: int) -> tuple[NgramCounts, int]:
        """Without the n-grams seen fewer than ``min_count`` times, and how many were dropped (see Notes of the class)."""
        keep = self.count >= min_count
        dropped = int(len(keep) - np.count_nonzero(keep))
        if not dropped:
            return self, 0
        return NgramCounts(*(a[keep] for a in self._arrays()), self.max_length, self.characters, self.documents), dropped


def _check_max_length(max_length: int) -> None:
    if not isinstance(max_length, int) or isinstance(max_length, bool) or not 2 <= max_length <= _SLOTS - 1:
        raise ParameterError(f"max_length must be a whole number from 2 to {_SLOTS - 1} (got {max_length!r})")


def count_ngrams(texts: Iterable[str], *, max_length: int = 6, convert: bool = True, min_count: int = 1) -> NgramCounts:
    """Count the character n-grams of one shard of texts (the per-shard step of discovery).

    Parameters
    ----------
    texts : iterable of str
        One shard: any number of texts.
    max_length : int, default 6
        Longest word looked for; n-grams of 1 to ``max_length + 1``
        characters are counted (at most 6).
    convert : bool, default True
        Count the form jieba segments (Simplified, half-width:
        :func:`textkit.corpus.resources.normalize_word`), as the segmenter's
        ``convert`` does.
    min_count : int, default 1
        Keep only the n-grams seen this many times.  Only for a shard that
        is the whole corpus (then ``2`` changes no score and saves the work
        on the n-grams seen once): a partial to be merged keeps them all.

    Returns
    -------
    NgramCounts
        Picklable; ``a + b`` (or :meth:`NgramCounts.sum`) merges shards exactly.

    Notes
    -----
    Only runs of characters in jieba's Han range (U+4E00–U+9FD5) are
    counted: anything else (punctuation, digits, Latin, line breaks between
    texts, and 丨 and 丶, written as separators) ends a run, and no n-gram
    crosses it.  Vectorised with numpy: the text becomes an array of
    character codes, each position a 105-bit key of the 7 characters from
    it, and one sort of the positions groups every n-gram length at once (an
    n-gram is a prefix of the key).  About 0.4 s per million characters;
    memory about 100 bytes per character while counting.

    Examples
    --------
    >>> counts = count_ngrams(["火神山醫院", "火神山"], max_length=2)
    >>> len(counts), int(counts.count.sum()), counts.characters
    (12, 18, 8)
    """
    _check_max_length(max_length)
    texts = list(texts)
    joined = "\n".join(texts)
    return _count_joined(normalize_word(joined) if convert else joined, len(texts), max_length, min_count)


def _count_joined(joined: str, documents: int, max_length: int, min_count: int) -> NgramCounts:
    """:func:`count_ngrams` of texts already joined by line breaks (and converted)."""
    width = max_length + 1
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    han = (codes >= _FIRST) & (codes <= _LAST)
    for separator in _SEPARATORS:
        han &= codes != ord(separator)
    n = len(codes)
    k = np.zeros(n + _SLOTS, dtype=np.uint64)
    k[:n] = np.where(han, codes - (_FIRST - 1), 0)
    # Distance from each position to the end of its run (capped at width).
    following_break = np.where(han, n, np.arange(n, dtype=np.int64))
    following_break = np.minimum.accumulate(following_break[::-1])[::-1] if n else following_break
    positions = np.flatnonzero(han)
    remaining = np.minimum(following_break[positions] - positions, width)
    del following_break
    opens = np.ones(len(positions), dtype=bool)
    after_number = np.zeros(len(positions), dtype=bool)
    inner = positions > 0
    before = positions[inner] - 1
    opens[inner] = ~han[before]
    after_number[inner] = np.isin(codes[before], _NUMERAL_CODES)
    # Keys hold up to 7 characters; characters past the run's end (after a 0) are masked per length below.
    hi = (k[positions] << np.uint64(45)) | (k[positions + 1] << np.uint64(30)) | (k[positions + 2] << np.uint64(15)) | k[positions + 3]
    lo = (k[positions + 4] << np.uint64(30)) | (k[positions + 5] << np.uint64(15)) | k[positions + 6]
    del k, positions
    order = _sort_keys(hi, lo)
    hi, lo, remaining, opens, after_number = hi[order], lo[order], remaining[order], opens[order], after_number[order]
    del order
    # Sorted so, the positions of one n-gram are adjacent for every length at once: a group of
    # length m starts where a key shares fewer than m characters with the one before it.
    shared = _common_prefix(hi, lo)
    parts = []
    for length in range(1, width + 1):
        rows = np.flatnonzero(remaining >= length)
        if not len(rows):
            break
        first = np.flatnonzero(shared[rows] < length)
        at = rows[first]
        mask_hi, mask_lo = _key_masks(length)
        closes = remaining[rows] == length if length < width else np.zeros(len(rows), dtype=bool)
        parts.append((at * _SLOTS + length, hi[at] & np.uint64(mask_hi), lo[at] & np.uint64(mask_lo),
                      np.diff(np.append(first, len(rows))), np.add.reduceat(opens[rows], first, dtype=np.int32),
                      np.add.reduceat(closes, first, dtype=np.int32), np.add.reduceat(after_number[rows], first, dtype=np.int32)))
    if not parts:
        return NgramCounts(*NgramCounts.empty(max_length)._arrays(), max_length, 0, documents)
    where, hi, lo, count, starts, ends, numbered = (np.concatenate(col) for col in zip(*parts))
    if min_count > 1:
        kept = np.flatnonzero(count >= min_count)
        where, hi, lo, count, starts, ends, numbered = (a[kept] for a in (where, hi, lo, count, starts, ends, numbered))
    # Lexicographic order: by the sorted row where the group starts, a prefix before its extensions.
    trie = np.argsort(where, kind="stable")  # one sorted run per length: timsort merges them
    return NgramCounts(hi[trie], lo[trie], count[trie].astype(np.int64), starts[trie], ends[trie], numbered[trie],
                       max_length=max_length, characters=int(han.sum()), documents=documents)


def _entropy_sums(parent: np.ndarray, count: np.ndarray, size: int) -> np.ndarray:
    """Σ c·log c of each entry's children (``parent`` = -1 for none)."""
    has = parent >= 0
    c = count[has].astype(float)
    return np.bincount(parent[has], weights=c * np.log(c), minlength=size)


def _trie_parents(lengths: np.ndarray) -> np.ndarray:
    """In keys sorted lexicographically, the index of each entry's prefix one character shorter (-1 for one character)."""
    parent = np.full(len(lengths), -1, dtype=np.int64)
    index = np.arange(len(lengths))
    for length in range(2, int(lengths.max(initial=0)) + 1):
        last = np.maximum.accumulate(np.where(lengths == length - 1, index, -1))
        here = lengths == length
        parent[here] = last[here]
    return parent


def _encode(word: str) -> tuple[int, int] | None:
    """The key of a word (counted form), or None when a character is outside jieba's Han range or it is too long."""
    if not 1 <= len(word) <= _SLOTS:
        return None
    slots = [ord(ch) - (_FIRST - 1) for ch in word]
    if any(not 1 <= s <= _LAST - _FIRST + 1 for s in slots):
        return None
    slots += [0] * (_SLOTS - len(slots))
    hi = (slots[0] << 45) | (slots[1] << 30) | (slots[2] << 15) | slots[3]
    lo = (slots[4] << 30) | (slots[5] << 15) | slots[6]
    return hi, lo


def _children(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each entry's children (entries whose parent it is): ``order[start[i]:start[i + 1]]``."""
    order = np.argsort(parent, kind="stable")
    start = np.searchsorted(parent[order], np.arange(len(parent) + 1))
    return order, start


class NgramTable:
    """The reduced total of the counts, finalized: scores, and the neighbours of any n-gram (pure, no text needed).

    Built by :func:`score_ngrams` and :func:`discover_words`.  The n-grams
    seen once are dropped first (a neighbour seen once adds nothing to
    Σ c·log c, and no candidate has a part rarer than itself): no score
    changes, the table shrinks about fivefold (:attr:`dropped` says how
    many went).
    """

    def __init__(self, counts: NgramCounts):
        self.max_length = counts.max_length
        self.characters = counts.characters
        counts, self.dropped = counts.pruned(2)
        self.hi, self.lo, self.count, self.after_number = counts.hi, counts.lo, counts.count, counts.after_number  # a trie
        slots = _slots(self.hi, self.lo)
        self.lengths = lengths = (slots != 0).sum(axis=1).astype(np.int64)
        size = len(self.count)
        # Forward trie: parent = the word without its last character.
        self.forward_parent = _trie_parents(lengths)
        # Reversed strings, sorted: parent = the word without its first character.
        reversed_slots = np.zeros_like(slots)
        for length in range(1, _SLOTS + 1):
            rows = lengths == length
            reversed_slots[rows, :length] = slots[rows, :length][:, ::-1]
        rhi, rlo = _pack(reversed_slots)
        rorder = _sort_keys(rhi, rlo)
        backward_sorted = _trie_parents(lengths[rorder])
        self.backward_parent = np.full(size, -1, dtype=np.int64)
        has = backward_sorted >= 0
        self.backward_parent[rorder[has]] = rorder[backward_sorted[has]]
        self._right_children = self._left_children = None

    def scores(self, min_count: int = 5) -> pd.DataFrame:
        """See :func:`score_ngrams`."""
        columns = ["word", "count", "pmi", "left_entropy", "right_entropy", "after_number"]
        count, lengths, size = self.count, self.lengths, len(self.count)
        right = _entropy_sums(self.forward_parent, count, size)
        left = _entropy_sums(self.backward_parent, count, size)
        total = float(self.characters)
        candidates = np.flatnonzero((lengths <= self.max_length) & (count >= min_count))
        c = count.astype(float)
        pmi = np.full(len(candidates), np.inf)
        # Split w = a|b after i characters: a is w's ancestor i levels up the forward trie, b its ancestor in the backward one.
        for i in range(1, self.max_length):
            rows = candidates[lengths[candidates] > i]
            if not len(rows):
                continue
            a, b = rows.copy(), rows.copy()
            for _ in range(1, int(lengths[rows].max()) + 1):  # climb to length i (a) and length n - i (b)
                a = np.where(lengths[a] > i, self.forward_parent[a], a)
                b = np.where(lengths[b] > lengths[rows] - i, self.backward_parent[b], b)
            split = np.log(c[rows] * total / (c[a] * c[b]))
            where = np.searchsorted(candidates, rows)
            pmi[where] = np.minimum(pmi[where], split)
        n = c[candidates]
        with np.errstate(divide="ignore", invalid="ignore"):
            table = pd.DataFrame({
                "word": pd.Series(_decode(self.hi[candidates], self.lo[candidates]), dtype=object),
                "count": count[candidates],
                "pmi": pmi,
                "left_entropy": np.log(n) - left[candidates] / n,
                "right_entropy": np.log(n) - right[candidates] / n,
                "after_number": self.after_number[candidates].astype(np.int64),
            })
        return table[columns]

    def find(self, word: str) -> int:
        """The row of a word (counted form), or -1 when it was seen fewer than twice."""
        key = _encode(word)
        if key is None:
            return -1
        h, low = np.uint64(key[0]), np.uint64(key[1])
        start, end = np.searchsorted(self.hi, h, "left"), np.searchsorted(self.hi, h, "right")
        at = start + np.searchsorted(self.lo[start:end], low, "left")
        return int(at) if at < end and self.lo[at] == low else -1

    def neighbours(self, word: str, side: str) -> list[tuple[str, int]]:
        """The characters seen at least twice right before (``side="left"``) or after (``"right"``) a word, with their counts."""
        row = self.find(word)
        if row < 0:
            return []
        if side == "right":
            if self._right_children is None:
                self._right_children = _children(self.forward_parent)
            order, start = self._right_children
        else:
            if self._left_children is None:
                self._left_children = _children(self.backward_parent)
            order, start = self._left_children
        rows = order[start[row]:start[row + 1]]
        texts = _decode(self.hi[rows], self.lo[rows])
        return [(t[-1] if side == "right" else t[0], int(c)) for t, c in zip(texts, self.count[rows])]


def score_ngrams(counts: NgramCounts, *, min_count: int = 5) -> pd.DataFrame:
    """Cohesion and boundary entropies of every n-gram seen at least ``min_count`` times (pure, on the reduced total).

    Parameters
    ----------
    counts : NgramCounts
        The reduced total of the shards' counts.
    min_count : int, default 5

    Returns
    -------
    DataFrame
        One row per n-gram of 1 to ``max_length`` characters: ``word``
        (the counted form), ``count``, ``pmi`` (the weakest split:
        min over ``a|b`` of log(count(w)·N / (count(a)·count(b))), N the
        characters counted; infinite for one character), ``left_entropy``
        and ``right_entropy`` (of the characters before / after, in nats;
        each run edge a distinct neighbour) and ``after_number``
        (occurrences right after a digit or a Han numeral), in the
        lexicographic order of the word.

    Notes
    -----
    See :class:`NgramTable` (the n-grams seen once are dropped first; no score changes).
    """
    if not isinstance(min_count, int) or isinstance(min_count, bool) or min_count < 1:
        raise ParameterError(f"min_count must be a whole number of at least 1 (got {min_count!r})")
    return NgramTable(counts).scores(min_count)


NAME_INITIALS = frozenset("阿埃奥巴贝波布达迪蒂杜菲弗福盖哈赫霍吉杰卡凯库拉莱劳雷里卢鲁罗麦曼梅莫穆纳尼诺帕佩皮琼萨撒塞桑沙施斯索塔泰汤托瓦威维沃希谢休伊尤扎詹")
"""Characters that open transliterated names (阿德尔曼, 撒贝宁, 埃博拉, 斯波尔斯特拉)."""

ORGANISATION_ENDS = frozenset("办部委局院署厅行社")
"""Last characters of an organisation's abbreviation (中联办, 人社部, 亚投行; not 会, which closes 有机会 as well as 银保监会)."""

ADMINISTRATIVE_TAILS = frozenset("司局组市区省州县镇乡委部厅处办署院所")
"""Characters that close an administrative name (统计司, 武汉市, 湖北省): opening a candidate, they belong to the word before it."""


def _may_open(char: str, word: str) -> bool:
    """Whether a single character that also stands on its own may open a new word: see ``_Judge.fragmented``."""
    if char in SURNAMES or char in NAME_INITIALS:
        return True
    return word[-1] in ORGANISATION_ENDS and char not in ADMINISTRATIVE_TAILS


def _is_phrase(word: str, pieces: Sequence[str], stopwords: frozenset[str]) -> bool:
    """Number-led (一名, 第三批), holding a function character (的时候, 硝烟的战), or with a stopword at an edge.

    Any stopword closes a phrase (背景下, 原定于, 记者会上: postpositions and
    verbs attach there); at the start only a stopword of two or more
    characters does (我们要): one-character stopwords open names (中 of
    中聯辦, 小 of 小石榴).
    """
    if word[0] in _NUMBER_START:
        return True
    if word[0] in FUNCTION_CHARACTERS or word[-1] in FUNCTION_CHARACTERS:
        return True
    if any(p in FUNCTION_CHARACTERS for p in pieces):
        return True
    return pieces[-1] in stopwords or (len(pieces[0]) > 1 and pieces[0] in stopwords)


class _Stats(NamedTuple):
    count: int
    pmi: float
    left: float
    right: float
    after_number: int


class _Judge:
    """The rules of :func:`select_words` over one table of scores."""

    def __init__(self, scores: pd.DataFrame, cut, is_word, stopwords, min_count, min_pmi, min_entropy, neighbours=None):
        self.neighbours = neighbours
        columns = [scores[c].tolist() for c in ("count", "pmi", "left_entropy", "right_entropy", "after_number")]
        self._raw = dict(zip(scores.word.tolist(), zip(*columns)))
        self._stats: dict[str, _Stats] = {}
        self.cut, self.is_word, self.stopwords = cut, is_word, stopwords
        self.min_count, self.min_pmi, self.min_entropy = min_count, min_pmi, min_entropy

    def crossed(self, word: str, count: int) -> bool:
        """Whether, in a third or more of the word's contexts, jieba joins its edge to the neighbour in a dictionary word.

        Added, the word would take a character that belongs to that
        neighbour: 同比增 would cut 同比增长 (同比 / 增长) into 同比增 / 长,
        抗议者冲 would cut 冲进, 市公安局 would cut 武汉市, 委宣传部
        县委.  Two characters of context where known (else one), cut as
        the segmenter cuts; contexts seen once are not known.
        """
        if self.neighbours is None:
            return False
        crossing = 0
        for side in ("left", "right"):
            for char, seen in self.neighbours(word, side):
                near = char + word if side == "left" else word + char
                wider = [((c2 + char) if side == "left" else (char + c2), n2) for c2, n2 in self.neighbours(near, side)]
                for context, n in wider or [(char, seen)]:
                    if self._joins(context, word, side):
                        crossing += n
        return 3 * crossing >= count

    def _joins(self, context: str, word: str, side: str) -> bool:
        """Whether jieba cuts ``context`` + ``word`` (or the reverse) with a dictionary word across their boundary."""
        text = context + word if side == "left" else word + context
        boundary = len(context) if side == "left" else len(word)
        start = 0
        for token in self.cut(text):
            end = start + len(token)
            if start < boundary < end:
                return len(token) > 1 and self.is_word(token)
            start = end
        return False

    def stats(self, word: str) -> _Stats | None:
        st = self._stats.get(word)
        if st is None:
            raw = self._raw.get(word)
            if raw is None:
                return None
            st = self._stats[word] = _Stats(*raw)
        return st

    def free(self, piece: str, count: int) -> bool:
        """A word of its own: two or more characters, mostly outside the candidate, and free on both sides or very common.

        口罩, 医院 and 钟南山 are; 神山 is not (火神山 and 雷神山 hold all of
        it: always after 火 or 雷), nor 公主 (mostly 钻石公主号 and
        至尊公主号).  A piece seen ten times as often as the candidate is a
        word whatever its neighbours (新冠, mostly before 肺炎).
        """
        st = self.stats(piece)
        if len(piece) < 2 or st is None or st.count < 2 * count:
            return False
        return st.count >= 10 * count or min(st.left, st.right) >= self.min_entropy

    def bound(self, piece: str, count: int) -> bool:
        """Mostly inside the candidate (德塞, 娅), or no word of its own in this corpus (神山: always after 火 or 雷)."""
        st = self.stats(piece)
        if st is None or st.count < 2 * count:
            return True
        return len(piece) > 1 and not self.free(piece, count)

    def inseparable(self, piece: str, count: int) -> bool:
        """Nine in ten or more of the piece's occurrences are inside the candidate (联防 and 联控 in 联防联控)."""
        st = self.stats(piece)
        return st is None or 10 * st.count <= 11 * count

    def fragmented(self, pieces: Sequence[str], count: int) -> bool:
        """Whether jieba's pieces of a candidate are fragments of it rather than words of their own.

        * a single character opening it that also occurs on its own is a
          surname (谭 / 德塞), opens a transliterated name (撒 / 贝宁) or an
          organisation's abbreviation (中 / 联办, 住 / 建部), not the tail of
          the word before it or a verb (司 in 统计司 / 副司长, 戴 / 口罩):
          :func:`_may_open`;
        * at least one piece is bound (鄭月 in 林鄭月娥, 火神 in 火神山);
        * no piece is free (戴 / 口罩, 钟南山 / 院士, 同济 / 医院);
        * not every piece is a dictionary word of two or more characters
          (长征 / 五号, 世卫 / 组织: a compound of known words keeps jieba's
          grain, however often the corpus repeats it), unless no piece ever
          occurs apart (联防 / 联控: ``inseparable``).
        """
        if len(pieces) < 2:
            return False
        if all(len(p) > 1 and self.is_word(p) for p in pieces):
            return all(self.inseparable(p, count) for p in pieces)
        if any(self.free(p, count) for p in pieces):
            return False
        first = pieces[0]
        if len(first) == 1 and not self.bound(first, count) and not _may_open(first, "".join(pieces)):
            return False
        return any(self.bound(p, count) for p in pieces)

    def core(self, word: str, st: _Stats) -> tuple[str, bool, bool] | None:
        """The candidate a passing n-gram stands for: itself, or without a free word at an edge (雷神山 of 雷神山医院).

        A name mostly followed by the same word (雷神山医院, 金银潭医院) or
        preceded by the same title (副主任庞星火) has a low entropy on that
        side; the free word there marks the boundary instead.  Returns the
        core and whether its left / right side still needs its own entropy
        (a core needs a stronger cohesion instead: ``min_pmi + 2``).
        """
        pieces = self.cut(word)
        left, right = 0, len(pieces)
        while left < right and self.free(pieces[left], st.count):
            left += 1
        while right > left and self.free(pieces[right - 1], st.count):
            right -= 1
        if left == right:
            return None
        return "".join(pieces[left:right]), left == 0, right == len(pieces)

    def accept(self, word: str, check_left: bool, check_right: bool) -> tuple[_Stats, list[str]] | None:
        st = self.stats(word)
        min_pmi = self.min_pmi if check_left and check_right else self.min_pmi + 2
        if st is None or len(word) < 2 or st.count < self.min_count or st.pmi < min_pmi:
            return None
        if 2 * st.after_number >= st.count:  # a measure word and what follows (批援鄂 of 第一批援鄂)
            return None
        if (check_left and st.left < self.min_entropy) or (check_right and st.right < self.min_entropy):
            return None
        pieces = self.cut(word)
        if _is_phrase(word, pieces, self.stopwords) or not self.fragmented(pieces, st.count) or self.crossed(word, st.count):
            return None
        return st, pieces


def _composed(word: str, accepted: set[str], is_word: Callable[[str], bool]) -> bool:
    """Whether ``word`` splits into accepted words and dictionary words, at least one accepted (火神山 + 医院)."""
    n = len(word)
    # best[i]: 0 = word[:i] not splittable, 1 = splittable with dictionary words only, 2 = with an accepted word
    best = [0] * (n + 1)
    best[0] = 1
    for end in range(1, n + 1):
        for start in range(end):
            if not best[start] or (start == 0 and end == n):
                continue
            piece = word[start:end]
            if piece in accepted:
                best[end] = 2
            elif len(piece) > 1 and is_word(piece) and best[end] < best[start]:
                best[end] = best[start]
    return best[n] == 2


def select_words(
    scores: pd.DataFrame,
    cut: Callable[[str], list[str]],
    is_word: Callable[[str], bool],
    *,
    stopwords: frozenset[str] = frozenset(),
    min_count: int = 5,
    min_pmi: float = 3.0,
    min_entropy: float = 1.0,
    neighbours: Callable[[str, str], list[tuple[str, int]]] | None = None,
) -> pd.DataFrame:
    """The candidates that are words and that jieba cuts into fragments (pure, given the segmenter's cut).

    Parameters
    ----------
    scores : DataFrame
        From :func:`score_ngrams`.
    cut : callable
        The segmenter's tokens of a candidate (counted form), as it cuts today.
    is_word : callable
        Whether a string is a word of the segmenter's dictionary.
    stopwords : frozenset of str
        A candidate opening or closing with a stopword is a phrase.
    min_count : int, default 5
        Fewest occurrences.
    min_pmi : float, default 3.0
        Least cohesion (natural log: the parts occur together 20 times more
        often than chance).
    min_entropy : float, default 1.0
        Least boundary entropy on each side (nats: about three different
        neighbours, evenly).
    neighbours : callable, optional
        ``neighbours(word, "left" | "right")``: the characters around a word
        with their counts (:meth:`NgramTable.neighbours`).  Without it, the
        test of a word's edges against its neighbours is skipped.

    Returns
    -------
    DataFrame
        ``word``, ``count``, ``pmi``, ``left_entropy``, ``right_entropy``,
        ``score`` (pmi + the smaller entropy) and ``pieces`` (how jieba cuts
        it without the discovered words, joined by " / "), best first (by
        score, then count, then word).

    Notes
    -----
    An n-gram passes when seen at least ``min_count`` times, cohesive and
    free on both sides (the thresholds).  A free dictionary word at its
    edge is then set aside (雷神山医院 stands for 雷神山, 副主任庞星火 for
    庞星火: the free word marks the boundary that the entropy of that side
    cannot show), and what remains is a word when it passes the thresholds
    too (the entropy only on sides without a free word, and a cohesion of
    ``min_pmi + 2`` where one was set aside), does not mostly follow a
    number (批援鄂 of 第一批援鄂: a measure word), is not a phrase
    (number-led such as 一名 or 第三批, or opening / closing with a
    function character or a stopword, such as 的时候), jieba cuts it into
    fragments (see ``_Judge.fragmented``), and its edge does not belong to
    a word with the characters around it (同比增 of 同比增长:
    ``_Judge.crossed``).  Shortest first, a word made
    of a word already accepted and dictionary words is left out (火神山医院
    once 火神山 is in).
    """
    columns = ["word", "count", "pmi", "left_entropy", "right_entropy", "score", "pieces"]
    scores = scores.astype({"word": object})
    cut = functools.lru_cache(maxsize=None)(cut)  # a candidate is cut as n-gram, as core and as context: once
    judge = _Judge(scores, cut, is_word, stopwords, min_count, min_pmi, min_entropy, neighbours)
    passing = scores[(scores.word.map(len) >= 2) & (scores["count"] >= min_count) & (scores.pmi >= min_pmi)
                     & (scores.left_entropy >= min_entropy) & (scores.right_entropy >= min_entropy)]
    # What no core can rescue is not cut at all: a phrase at its edges (的…, 第…, …了), or a dictionary
    # word (jieba keeps it whole, and it is its own core).
    first, last = passing.word.str[0], passing.word.str[-1]
    passing = passing[~first.isin(FUNCTION_CHARACTERS | _NUMBER_START) & ~last.isin(FUNCTION_CHARACTERS)
                      & ~passing.word.map(is_word).astype(bool)]
    cores: dict[str, tuple[bool, bool]] = {}
    for word in passing.word:
        found = judge.core(word, judge.stats(word))
        if found is not None:
            core, check_left, check_right = found
            was = cores.get(core, (True, True))
            cores[core] = (was[0] and check_left, was[1] and check_right)
    accepted: set[str] = set()
    rows = []
    for word in sorted(cores, key=lambda w: (len(w), w)):
        verdict = judge.accept(word, *cores[word])
        if verdict is None or _composed(word, accepted, is_word):
            continue
        st, pieces = verdict
        accepted.add(word)
        rows.append((word, st.count, st.pmi, st.left, st.right, st.pmi + min(st.left, st.right), " / ".join(pieces)))
    out = pd.DataFrame(rows, columns=columns)
    out = out.astype({"count": "int64", "pmi": float, "left_entropy": float, "right_entropy": float, "score": float})
    # Ranked and written: four decimals (scores of 0 to 20), so that the last bit of a float never orders two words.
    out[["pmi", "left_entropy", "right_entropy", "score"]] = out[["pmi", "left_entropy", "right_entropy", "score"]].round(4)
    return out.sort_values(["score", "count", "word"], ascending=[False, False, True], kind="mergesort").reset_index(drop=True)


def word_sample(size: int, fraction: float, *, random_state: int = 0, positions: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
    """Which documents a bounded sample keeps: a hash of (position, seed) under ``fraction``.

    The decision for a document depends only on its position in the corpus
    (or the ``positions`` given) and the seed, never on how the corpus is
    cut into shards.

    Parameters
    ----------
    size : int
        Documents (ignored when ``positions`` is given).
    fraction : float
        Share kept, 0 to 1 (1 keeps all).
    random_state : int, default 0
    positions : sequence of int, optional
        The documents' positions in the whole corpus (for one shard).

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> keep = word_sample(10_000, 0.25)
    >>> round(float(keep.mean()), 2), bool((word_sample(0, 0.25, positions=np.arange(5000, 10_000)) == keep[5000:]).all())
    (0.25, True)
    """
    index = np.arange(size, dtype=np.uint64) if positions is None else np.asarray(positions, dtype=np.uint64)
    if fraction >= 1:
        return np.ones(len(index), dtype=bool)
    # splitmix64 of (position, seed): uniform, and the same on every machine.
    with np.errstate(over="ignore"):
        z = index + np.uint64((random_state * 0x9E3779B97F4A7C15 + 0x9E3779B97F4A7C15) % (1 << 64))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(1 << 53) < fraction


def written_forms(texts: Iterable[str], words: Iterable[str]) -> dict[str, str]:
    """The form each word (counted form) is most often written in: 林鄭月娥 for 林郑月娥 in Hong Kong text.

    Only texts that conversion changes are searched; a word never found
    otherwise keeps its counted form.  Ties go to the counted form, then to
    the first in code-point order.

    Examples
    --------
    >>> written_forms(["林鄭月娥今日表示", "林鄭月娥說"], ["林郑月娥", "火神山"])
    {'林郑月娥': '林鄭月娥', '火神山': '火神山'}
    """
    joined = "\n".join(texts)
    return _written_forms_joined(joined, normalize_word(joined), words)


def _written_forms_joined(joined: str, prepared: str, words: Iterable[str]) -> dict[str, str]:
    """:func:`written_forms` of texts joined by line breaks, and their converted form (of the same length)."""
    words = list(words)
    found: Counter[tuple[str, str]] = Counter()
    if words and prepared != joined:
        pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
        for m in pattern.finditer(prepared):
            found[m.group(), joined[m.start():m.end()]] += 1
    out = {}
    for word in words:
        forms = {form: n for (w, form), n in found.items() if w == word}
        best = max(forms.values(), default=0)
        tied = sorted(form for form, n in forms.items() if n == best)
        out[word] = word if not forms or word in tied else tied[0]
    return out


def corpus_key(texts: Iterable[str]) -> str:
    """A hash of the texts, in order (part of the key under which discovered words are cached)."""
    h = hashlib.sha256()
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def dictionary_frequency(word: str, count: int, characters: int, tokenizer) -> int:
    """The frequency a discovered word gets in jieba's dictionary: its share of the corpus on jieba's scale, or more.

    ``count`` occurrences in ``characters`` characters (about 1.5 characters
    a word) is a share of jieba's total; the result is at least what
    ``jieba.Tokenizer.suggest_freq`` finds enough to keep the word whole
    alone, and at most :data:`MAX_FREQUENCY` from the share.  A name seen
    143 times in a million characters gets about 13,000, a common word's
    frequency (医院 has 7,376): it stays whole beside other words.
    """
    total = tokenizer.total
    scaled = min(round(count * 1.5 * total / characters), MAX_FREQUENCY) if characters else 0
    return max(int(tokenizer.suggest_freq(word, False)), scaled)


MAX_FREQUENCY = 20_000
"""The most a discovered word's share of the corpus gives it: about jieba's 政府 or 表示 (a small corpus repeating a name would otherwise outweigh 的)."""


DISCOVERED_TAG = "nz"
"""The part-of-speech tag of discovered words in jieba's dictionary (``nz``: other proper noun)."""


def discover_words(
    texts: Sequence[str],
    segmenter: Segmenter | None = None,
    *,
    max_length: int = 6,
    min_count: int = 5,
    min_pmi: float = 3.0,
    min_entropy: float = 1.0,
    sample_characters: int = 2_000_000,
    random_state: int = 0,
    shard_characters: int = 1_000_000,
) -> pd.DataFrame:
    """New words of a corpus: sample, count per shard, merge, score, select (see the module).

    Parameters
    ----------
    texts : sequence of str
        The corpus, cleaned.
    segmenter : Segmenter, optional
        Whose cuts decide what is fragmented (its dictionaries, HMM and
        backend; its own discovered words are not used); ``Segmenter()`` by
        default.  :meth:`textkit.segment.Segmenter.discover` calls this.
    max_length : int, default 6
        See :func:`count_ngrams`.
    min_count, min_pmi, min_entropy
        See :func:`select_words`.
    sample_characters : int, default 2,000,000
        Above this many characters, documents are sampled
        (:func:`word_sample`) to about this many: the cost and memory of
        discovery stop growing with the corpus (a word then needs about
        ``min_count`` occurrences in the sample).
    random_state : int, default 0
        Seed of the sample.
    shard_characters : int, default 1,000,000
        Characters per counted shard (bounds the memory while counting: about 100 bytes a character).

    Returns
    -------
    DataFrame
        ``word`` (as most often written, :func:`written_forms`),
        ``simplified`` (the form counted and cut), ``count``, ``freq``
        (:func:`dictionary_frequency`), ``tag``, ``pmi``, ``left_entropy``,
        ``right_entropy``, ``score`` and ``pieces`` (see
        :func:`select_words`), best first.

    Notes
    -----
    About 0.6 s per million characters counted (Weibo posts; the sample
    caps it), and the segmenter's dictionary load on first use.
    """
    from textkit.segment.segmenter import Segmenter

    if segmenter is None:
        segmenter = Segmenter()
    if segmenter.discovered_words:
        segmenter = Segmenter(**{**segmenter.get_params(), "discovered_words": None})
    engine = segmenter._engine
    convert = engine.settings.convert
    tokenizer = engine.tokenizer
    frequencies = tokenizer.jieba  # the dictionary (shared): what is a word, and jieba's scale
    is_word = functools.partial(_is_word, frequencies.FREQ)
    for name, value in (("sample_characters", sample_characters), ("shard_characters", shard_characters), ("min_count", min_count)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ParameterError(f"{name} must be a whole number of at least 1 (got {value!r})")
    total_chars = sum(map(len, texts))
    fraction = min(1.0, sample_characters / total_chars) if total_chars else 1.0
    keep = word_sample(len(texts), fraction, random_state=random_state)
    sample = [t for t, k in zip(texts, keep) if k]
    shards = list(_shards(sample, shard_characters))
    joined = prepared = None
    if len(shards) == 1:
        # The shard is the corpus: the n-grams seen once go at once (no score changes), and the
        # converted text serves the written forms too.
        _check_max_length(max_length)
        joined = "\n".join(shards[0])
        prepared = normalize_word(joined) if convert else joined
        counts = _count_joined(prepared, len(shards[0]), max_length, min_count=2)
    else:
        counts = NgramCounts.sum([count_ngrams(shard, max_length=max_length, convert=convert) for shard in shards]
                                 or [NgramCounts.empty(max_length)])
    table = NgramTable(counts)
    words = select_words(table.scores(min_count), tokenizer.cut, is_word, stopwords=engine.filter.stopwords, min_count=min_count,
                         min_pmi=min_pmi, min_entropy=min_entropy, neighbours=table.neighbours)
    if not convert:
        forms = {w: w for w in words.word}
    elif joined is not None:
        forms = _written_forms_joined(joined, prepared, words.word)
    else:
        forms = written_forms(sample, words.word)
    logger.info("discovered %d words in %d of %d documents (%d Han characters); %d n-grams counted, %d seen once dropped",
                len(words), len(sample), len(texts), counts.characters, len(counts) + table.dropped, table.dropped)
    freq = [dictionary_frequency(w, c, counts.characters, frequencies) for w, c in zip(words.word, words["count"])]
    words = words.rename(columns={"word": "simplified"})
    words.insert(0, "word", [forms[w] for w in words.simplified])
    words.insert(3, "freq", pd.Series(freq, dtype="int64"))
    words.insert(4, "tag", DISCOVERED_TAG)
    return words


def _shards(texts: list[str], characters: int) -> Iterable[list[str]]:
    """Consecutive lists of texts holding about ``characters`` characters each."""
    shard: list[str] = []
    size = 0
    for text in texts:
        shard.append(text)
        size += len(text)
        if size >= characters:
            yield shard
            shard, size = [], 0
    if shard:
        yield shard


def _is_word(frequencies: dict, word: str) -> bool:
    return frequencies.get(word, 0) > 0


AUTO_MIN_CHARACTERS = 100_000
"""Below this many characters, ``discover_words="auto"`` does not look for words (too little evidence: see ``benchmarks/discovery.py``)."""


def _cache_folder(cache: bool | str | os.PathLike[str] | None) -> Path | None:
    from textkit.corpus.resources import cache_dir

    if cache is None or cache is False:
        return None
    if cache is True:
        return cache_dir() / "words"
    return Path(cache) / "words"


def discover_corpus_words(
    texts: Sequence[str],
    segmenter: Segmenter,
    *,
    discover: bool | str = "auto",
    cache: bool | str | os.PathLike[str] | None = True,
    **options,
) -> pd.DataFrame | None:
    """The discovered words of a corpus, found once per corpus and settings and kept in the cache folder.

    What :func:`textkit.engine.pipeline.prepare_documents` calls, so that
    every notebook of a run segments with the same words.

    Parameters
    ----------
    texts : sequence of str
        The corpus, cleaned.
    segmenter : Segmenter
        Whose dictionaries and settings decide (see :func:`discover_words`).
    discover : {"auto", True, False}, default "auto"
        ``"auto"`` looks for words in a corpus of at least
        :data:`AUTO_MIN_CHARACTERS` characters; ``True`` in any corpus;
        ``False`` never.
    cache : bool or path, default True
        ``True`` keeps the table in the folder ``words`` of
        :func:`textkit.corpus.resources.cache_dir`, a path in its folder
        ``words`` (the segment cache's folder, for ``prepare_documents``);
        ``False``/``None`` keeps nothing.
    **options
        Passed to :func:`discover_words`.

    Returns
    -------
    DataFrame or None
        The table of :func:`discover_words`; ``None`` when discovery is off
        (``False``, or ``"auto"`` on a small corpus).

    Raises
    ------
    ParameterError
        ``discover`` is not one of the three.

    Notes
    -----
    The key is a hash of the texts, the segmenter's fingerprint (without
    discovered words), the options and :data:`DISCOVERY_VERSION`; the
    table is a CSV file (written whole, then renamed).
    """
    if not isinstance(discover, bool) and not (isinstance(discover, str) and discover == "auto"):
        raise ParameterError(f"discover_words must be 'auto', True or False (got {discover!r})")
    if discover is False:
        return None
    if discover == "auto" and sum(map(len, texts)) < AUTO_MIN_CHARACTERS:
        return None
    from textkit import __version__
    from textkit.segment.segmenter import Segmenter

    base = Segmenter(**{**segmenter.get_params(), "discovered_words": None})
    folder = _cache_folder(cache)
    path = None
    if folder is not None:
        h = hashlib.sha256(f"{DISCOVERY_VERSION}\0{__version__}\0{base.fingerprint()}\0{sorted(options.items())!r}\0".encode())
        h.update(corpus_key(texts).encode())
        path = folder / f"{h.hexdigest()[:32]}.csv"
        if path.exists():
            try:
                return _read_table(path)
            except (OSError, ValueError, KeyError):
                pass  # unreadable: found again and rewritten
    table = discover_words(texts, base, **options)
    if path is not None:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        table.to_csv(partial, index=False, encoding="utf-8")
        os.replace(partial, path)
    return table


_COLUMNS = {"word": str, "simplified": str, "count": "int64", "freq": "int64", "tag": str, "pmi": float,
            "left_entropy": float, "right_entropy": float, "score": float, "pieces": str}


def empty_words() -> pd.DataFrame:
    """A table of discovered words with no row (the columns of :func:`discover_words`)."""
    return pd.DataFrame({name: pd.Series(dtype=object if kind is str else kind) for name, kind in _COLUMNS.items()})


def _read_table(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=_COLUMNS, keep_default_na=False, encoding="utf-8")
    return table[list(_COLUMNS)]


def write_user_dict(words: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write discovered words as a jieba user dictionary (``word freq tag`` per line) that ``user_dict`` reads as it is.

    Parameters
    ----------
    words : DataFrame
        With ``word``, ``freq`` and ``tag`` (:func:`discover_words`).
    path : path

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pd.DataFrame({"word": ["林鄭月娥"], "freq": [1200], "tag": ["nz"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     print(write_user_dict(table, pathlib.Path(folder) / "words.txt").read_text(encoding="utf-8"), end="")
    林鄭月娥 1200 nz
    """
    path = Path(path)
    lines = [f"{word} {int(freq)} {tag}\n" for word, freq, tag in zip(words["word"], words["freq"], words["tag"])]
    path.write_text("".join(lines), encoding="utf-8")
    return path
