"""Repeated sentences counted per shard: :class:`~textkit.corpus.clean.RepeatedSentences`, for a corpus in pieces.

:class:`~textkit.corpus.clean.RepeatedSentences` counts, over the whole corpus
in one process, the documents each sentence occurs in.  Here the same rule
is split in three, so that shards can be counted on any number of workers:

* :func:`count_sentences` (one shard -> :class:`SentenceCounts`): for each
  sentence with enough word characters, a 64-bit hash (BLAKE2b) and the
  number of the shard's documents that hold it;
* :meth:`SentenceCounts.merge`: sums two partials (exact integer counts,
  associative and commutative);
* :func:`repeated_sentences` (the total -> :class:`RepeatedHashes`): the
  threshold of ``RepeatedSentences`` (``max(min_documents,
  ceil(min_share * documents))``) applied to the total; then
  :meth:`RepeatedHashes.remove` removes those sentences from each shard
  and says which texts it removed.

The result is that of ``RepeatedSentences`` on the whole corpus, with two
documented departures: two different sentences with the same 64-bit hash
would count as one (at 30 million distinct sentences, about 10^9
characters, the chance that any pair collides is under 3 in 100,000); and a
partial that grows past ``max_entries`` distinct sentences drops its rarest
ones (see :meth:`SentenceCounts.merge`), which is reported
(:attr:`SentenceCounts.pruned`, :attr:`SentenceCounts.undercount`) and does
not happen below about 10^9 characters of news with the default.

Examples
--------
>>> footer = "訂戶可享月費優惠，詳情請瀏覽網站。"
>>> shards = [[f"第{i}篇報道的內容。{footer}" for i in range(j, j + 6)] for j in (0, 6)]
>>> total = count_sentences(shards[0]).merge(count_sentences(shards[1] + ["科技創新。"]))
>>> found = repeated_sentences(total)
>>> found.threshold, len(found)
(10, 1)
>>> found.remove(shards[1][:1])[0]
['第6篇報道的內容。']
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from textkit.corpus.clean import RepeatedSentences, _check_str, normalize_whitespace, sentence_spans

__all__ = ["SentenceCounts", "RepeatedHashes", "count_sentences", "repeated_sentences", "sentence_hash", "MAX_ENTRIES"]

MAX_ENTRIES = 20_000_000
"""Distinct sentences a partial holds before its rarest are pruned (12 bytes each: 240 MB)."""

_WORD_CHAR = re.compile(r"\w")


def sentence_hash(sentence: str) -> int:
    """A stable 64-bit hash of a sentence (BLAKE2b of its UTF-8), the same in every process and version.

    Examples
    --------
    >>> sentence_hash("科技創新。") == sentence_hash("科技創新。")
    True
    """
    return int.from_bytes(hashlib.blake2b(sentence.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _hashes(sentences: Iterable[str]) -> np.ndarray:
    blake = hashlib.blake2b
    data = b"".join(blake(s.encode("utf-8", "surrogatepass"), digest_size=8).digest() for s in sentences)
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def _sum_sorted(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys (sorted) and the sum of their values."""
    if not len(keys):
        return keys.astype(np.uint64), values.astype(np.int64)
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.add.reduceat(values, starts).astype(np.int64)


@dataclass(frozen=True)
class SentenceCounts:
    """For each sentence (by hash), the number of documents that hold it; a partial of one or more shards.

    Attributes
    ----------
    hashes : ndarray of uint64
        Sorted, distinct.
    documents : ndarray of int64
        Documents holding each sentence.
    n_documents : int
        Documents counted (all of them, with or without a counted sentence).
    min_chars : int
        Sentences with fewer word characters were not counted.
    pruned : int
        Distinct sentences dropped by pruning (0 unless a partial outgrew ``max_entries``).
    undercount : int
        The most documents any sentence's count can lack because of pruning.
    """

    hashes: np.ndarray
    documents: np.ndarray
    n_documents: int
    min_chars: int = 2
    max_entries: int = MAX_ENTRIES
    pruned: int = 0
    undercount: int = 0

    def __len__(self) -> int:
        return len(self.hashes)

    def merge(self, other: SentenceCounts) -> SentenceCounts:
        """The two partials summed: exact, associative and commutative, until pruning.

        Pruning: when the sum holds more than ``max_entries`` distinct
        sentences, those with the lowest counts are dropped (every sentence
        counted ``c`` times or fewer, for the smallest ``c`` that leaves at
        most half of ``max_entries``); ``pruned`` and ``undercount`` (which
        grows by ``c``) say so.  Deterministic: the engine merges in a fixed
        tree, so a pruned total is the same locally and on a cluster.
        """
        if self.min_chars != other.min_chars:
            raise ValueError("cannot merge sentence counts made with different min_chars")
        keys, values = _sum_sorted(np.concatenate([self.hashes, other.hashes]), np.concatenate([self.documents, other.documents]))
        limit = min(self.max_entries, other.max_entries)
        pruned, undercount = self.pruned + other.pruned, self.undercount + other.undercount
        if len(keys) > limit:
            c = _prune_level(values, limit // 2)
            keep = values > c
            pruned += int((~keep).sum())
            undercount += c
            keys, values = keys[keep], values[keep]
        return SentenceCounts(keys, values, self.n_documents + other.n_documents, self.min_chars, limit, pruned, undercount)

    __add__ = merge


def _prune_level(values: np.ndarray, keep_at_most: int) -> int:
    """The smallest count ``c`` such that at most ``keep_at_most`` values exceed it."""
    counts = np.bincount(np.minimum(values, 1 << 20))
    above = len(values) - np.cumsum(counts)  # above[c]: values greater than c
    return int(np.flatnonzero(above <= keep_at_most)[0])


def count_sentences(texts: Sequence[str], *, min_chars: int = 2, max_entries: int = MAX_ENTRIES) -> SentenceCounts:
    """Count, for one shard of cleaned texts, the documents each sentence occurs in.

    Parameters
    ----------
    texts : sequence of str
        One shard of the corpus, cleaned (:func:`textkit.corpus.clean.clean_text`).
    min_chars : int, default 2
        Sentences with fewer word characters are never removed, so not counted.
    max_entries : int
        See :meth:`SentenceCounts.merge`.

    Returns
    -------
    SentenceCounts

    Notes
    -----
    About a microsecond per sentence (the sentence split and a BLAKE2b
    hash); the partial costs 16 bytes per distinct sentence of the shard.

    Examples
    --------
    >>> c = count_sentences(["科技創新。數字經濟。", "科技創新。好！"])
    >>> c.n_documents, sorted(c.documents.tolist())
    (2, [1, 2])
    """
    sentences: list[str] = []
    for text in texts:
        _check_str(text)
        seen = {text[a:b] for a, b in sentence_spans(text)}
        sentences.extend(s for s in seen if len(_WORD_CHAR.findall(s)) >= min_chars)
    keys, values = _sum_sorted(_hashes(sentences), np.ones(len(sentences), dtype=np.int64))
    return SentenceCounts(keys, values, len(texts), min_chars, max_entries)


@dataclass(frozen=True)
class RepeatedHashes:
    """The sentences to remove (by hash), decided on the reduced counts; applied per shard with :meth:`remove`.

    Attributes
    ----------
    hashes : frozenset of int
    documents : dict of int to int
        Documents holding each repeated sentence.
    threshold : int
    n_documents : int
    pruned, undercount : int
        From the counts (see :class:`SentenceCounts`).
    """

    hashes: frozenset[int]
    documents: dict[int, int] = field(repr=False)
    threshold: int
    n_documents: int
    pruned: int = 0
    undercount: int = 0

    def __len__(self) -> int:
        return len(self.hashes)

    def remove(self, texts: Sequence[str]) -> tuple[list[str], dict[int, str]]:
        """Each text without its repeated sentences (as :meth:`RepeatedSentences.transform`), and the sentences removed by hash.

        Returns
        -------
        texts : list of str
        removed : dict of int to str
            Hash -> sentence, for each repeated sentence found in these texts (for the report).
        """
        removed: dict[int, str] = {}
        out = []
        for text in texts:
            _check_str(text)
            if not self.hashes:
                out.append(text)
                continue
            pieces, last = [], 0
            for a, b in sentence_spans(text):
                sentence = text[a:b]
                h = sentence_hash(sentence)
                if h in self.hashes:
                    removed.setdefault(h, sentence)
                    pieces.append(text[last:a])
                    last = b
            out.append(normalize_whitespace("".join(pieces) + text[last:]) if pieces else text)
        return out, removed

    def report(self, sentences: dict[int, str]):
        """The table of ``RepeatedSentences.repeated_``: ``sentence``, ``documents``, ``share``, most frequent first (ties by the sentence)."""
        import pandas as pd

        rows = sorted(((sentences[h], c) for h, c in self.documents.items() if h in sentences), key=lambda sc: (-sc[1], sc[0]))
        n = max(self.n_documents, 1)
        return pd.DataFrame({  # built as RepeatedSentences.fit builds repeated_
            "sentence": [s for s, _ in rows],
            "documents": [c for _, c in rows],
            "share": [round(c / n, 3) for _, c in rows],
        })


def repeated_sentences(counts: SentenceCounts | None, model: RepeatedSentences | None = None) -> RepeatedHashes:
    """The sentences ``model`` (default ``RepeatedSentences()``) would remove, from the reduced counts.

    ``counts`` must have been made with ``model.min_chars``.  ``None`` (a
    corpus of no shard) removes nothing.
    """
    model = model or RepeatedSentences()
    model._check()
    if counts is None:
        return RepeatedHashes(frozenset(), {}, model.min_documents, 0)
    if counts.min_chars != model.min_chars:
        raise ValueError(f"the counts were made with min_chars={counts.min_chars}, the model has {model.min_chars}")
    n = counts.n_documents
    threshold = max(model.min_documents, math.ceil(model.min_share * n))
    keep = counts.documents >= threshold
    hashes = counts.hashes[keep].tolist()
    documents = dict(zip(hashes, counts.documents[keep].tolist()))
    return RepeatedHashes(frozenset(hashes), documents, threshold, n, counts.pruned, counts.undercount)
