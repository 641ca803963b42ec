"""Tokenizing: a private jieba tokenizer, and the projection of Traditional text through Simplified.

jieba's dictionary is Simplified and its patterns know only half-width
letters and digits.  :func:`prepare` therefore converts a text to Simplified
script and half-width forms (:func:`textkit.corpus.resources.normalize_word`, which
keeps the length), jieba cuts the prepared text, and :func:`project` cuts the
original text at the same offsets: tokens come out exactly as written.

jieba's HMM joins any two characters its dictionary leaves alone into a
word, function words included (这是, 将会, 两人, 一是): a two-character word
the HMM made that holds a function character (:data:`FUNCTION_CHARS`) is
cut apart again, the same in either backend.

Nothing here filters tokens (see :mod:`textkit.segment.filters`) and nothing
here touches jieba's global instance or ``/tmp/jieba.cache``.

Examples
--------
>>> prepare("中關村科學城２０２１")
'中关村科学城2021'
>>> project("中關村科學城", "中关村科学城", ["中关村", "科学城"])
['中關村', '科學城']
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import re
import weakref
from collections.abc import Iterator
from typing import Literal

from textkit.errors import ParameterError
from textkit.corpus.resources import cache_dir, normalize_word

__all__ = ["check_text", "prepare", "project", "FUNCTION_CHARS", "Tokenizer", "Backend", "HmmModel"]

Backend = Literal["jieba", "rjieba"]
HmmModel = Literal["jieba", "pos"]

Words = tuple[tuple[str, "int | None", "str | None"], ...]


def check_text(text: str) -> str:
    """``text`` itself, or a :class:`~textkit.errors.ParameterError` when it is not a string."""
    if not isinstance(text, str):
        raise ParameterError(f"expected a str to segment, got {type(text).__name__}")
    return text


def prepare(text: str, *, convert: bool = True) -> str:
    """The text jieba segments: Simplified, half-width (same length), or ``text`` itself.

    Raises
    ------
    ParameterError
        ``text`` is not a string.
    """
    return normalize_word(check_text(text)) if convert else check_text(text)


def project(text: str, prepared: str, tokens: list[str]) -> list[str]:
    """``tokens`` of ``prepared`` (the converted text) cut at the same offsets of ``text``."""
    if prepared == text:  # Simplified, half-width text: nothing to project
        return tokens
    out, start = [], 0
    for tok in tokens:
        end = start + len(tok)
        out.append(text[start:end])
        start = end
    return out


FUNCTION_CHARS = frozenset(
    "的地得之了着过吗呢吧啊呀哦嘛么所"  # particles
    "这那其它他她我你您咱该各此彼谁哪"  # pronouns and demonstratives
    "也都就才又再还更最很已正仍只仅亦皆却便即乃"  # adverbs
    "会能可要将须不没无非别未勿"  # modal verbs and negation
    "和与及跟或并而但则为对把被让给从自往在以由比像按因且是有个"  # conjunctions, prepositions, 是, 有, 个
    "一二三四五六七八九十两几亿"  # numerals
)
"""Function characters (Simplified): a two-character word that jieba's HMM makes of one of them and a neighbour is cut apart.

jieba's segmentation HMM joins any two characters its dictionary leaves
alone, function words included: 这是, 将会, 很难, 一是, 两人, 个省.  These
are not words in either SIGHAN standard, and in analysis they are terms
that mean nothing (这是 is among the top 200 terms of the Weibo posts).
Characters that are also common surnames or start common words the
dictionary lacks are left out (于 曾 应 向 万 同 每: 曾光, 应勇, 同乘), so
that two-character names stay whole; a name the dictionary knows (a user
or discovered word) is never cut.
"""


@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba's "Building prefix dict…" timing lines while it loads."""
    jieba_logger = logging.getLogger("jieba")
    level = jieba_logger.level
    jieba_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        jieba_logger.setLevel(level)


@functools.cache
def _jieba_tokenizer_class():
    """``jieba.Tokenizer`` with a faster word graph (defined on first use: jieba loads lazily).

    For every sentence jieba builds a graph of the dictionary words starting
    at each character (``get_DAG``), then finds the most probable path
    through it (``calc``) with ``max()`` over a generator of
    ``(log-probability, end)`` tuples, looking every word up in the
    dictionary a second time.  Here ``get_DAG`` returns the same graph (a
    dict subclass that also carries the frequencies it found, with one
    look-up per step instead of two) and ``calc`` computes the same numbers
    in the same order and breaks ties the same way (``max`` of tuples: the
    larger end wins), in a plain loop.  Segmentation and tagging (which
    calls both) run faster with identical tokens (measured in
    ``benchmarks/throughput.py``, tested against ``jieba.Tokenizer`` on real
    text and on generated strings).
    """
    import jieba

    class WordGraph(dict):
        __slots__ = ("freqs",)

    class Tokenizer(jieba.Tokenizer):
        def get_DAG(self, sentence):
            self.check_initialized()
            get = self.FREQ.get
            n = len(sentence)
            dag = WordGraph()
            freqs = dag.freqs = {}
            for k in range(n):
                ends, found = [], []
                i = k
                freq = get(sentence[k])
                while freq is not None:  # a word, or the prefix of one (frequency 0)
                    if freq:
                        ends.append(i)
                        found.append(freq)
                    i += 1
                    if i == n:
                        break
                    freq = get(sentence[k : i + 1])
                if ends:
                    dag[k], freqs[k] = ends, found
                else:  # jieba: the character alone, frequency "or 1"
                    dag[k], freqs[k] = [k], [1]
            return dag

        def calc(self, sentence, DAG, route):
            n = len(sentence)
            route[n] = (0, 0)
            log = math.log
            logtotal = log(self.total)
            freqs = getattr(DAG, "freqs", None)
            get = self.FREQ.get
            for idx in range(n - 1, -1, -1):
                ends = DAG[idx]
                found = freqs[idx] if freqs is not None else [get(sentence[idx : x + 1]) or 1 for x in ends]
                if len(ends) == 1:
                    x = ends[0]
                    route[idx] = (log(found[0]) - logtotal + route[x + 1][0], x)
                    continue
                best = None
                for x, freq in zip(ends, found):  # increasing ends; ">=": the larger end wins a tie, as in max()
                    score = log(freq) - logtotal + route[x + 1][0]
                    if best is None or score >= best[0]:
                        best = (score, x)
                route[idx] = best

    return Tokenizer


_SHARED: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _shared_jieba(words: Words):
    """A loaded ``jieba.Tokenizer`` with ``words`` added, shared by every tokenizer with the same words (and cache folder) while one is alive.

    Its dictionary costs about 60 MB and half a second to load, and it is
    only read once built: the segmenter of a notebook, the one that cuts as
    written (``convert=False``) and a worker's engines can all use the same.
    """
    folder = cache_dir()
    key = (words, str(folder))
    tk = _SHARED.get(key)
    if tk is None:
        tk = _jieba_tokenizer_class()()
        folder.mkdir(parents=True, exist_ok=True)
        tk.tmp_dir = str(folder)
        tk.cache_file = "jieba-default.cache"
        with _quiet_jieba():
            tk.initialize()
        for word, freq, tag in words:
            tk.add_word(word, freq, tag)
        _SHARED[key] = tk
    return tk


class Tokenizer:
    """The private tokenizer: one ``jieba.Tokenizer`` (or rjieba) instance, its own dictionary.

    Takes prepared text (:func:`prepare`) and returns jieba's tokens; knows
    nothing of scripts or filtering.  The jieba dictionary is loaded on
    first use, so that creating a tokenizer costs nothing.

    Parameters
    ----------
    words : tuple of (word, freq, tag)
        Entries added to jieba's dictionary.
    hmm : bool
        Let an HMM join characters the dictionary does not know into words.
    hmm_model : {"jieba", "pos"}
        ``"jieba"``: jieba's segmentation HMM (``jieba.finalseg``), what
        ``jieba.lcut`` does.  ``"pos"``: the HMM of jieba's part-of-speech
        tagger (``jieba.posseg``), which models person names and function
        words and is more accurate on unknown words, at several times the
        cost.
    backend : {"jieba", "rjieba"}
    block_cache : int
        How many Han blocks keep their tokens in memory (0: none).
    unglue : frozenset of str, optional
        Function characters (:data:`FUNCTION_CHARS`): a two-character word
        that the segmentation HMM made (not a dictionary word) and that holds
        one of them is cut into its two characters.  Empty (the default):
        jieba's tokens as they are.
    """

    def __init__(self, words: Words, *, hmm: bool = True, hmm_model: HmmModel = "jieba", backend: Backend = "jieba",
                 block_cache: int = 1 << 16, unglue: frozenset[str] = frozenset()):
        self.words = words
        self.hmm = hmm
        self.hmm_model = hmm_model
        self.backend = backend
        self.unglue = unglue if hmm and hmm_model == "jieba" else frozenset()
        if self.unglue:  # a token of two Han characters, one of them a function character, among NUL-joined tokens
            chars = "".join(sorted(self.unglue))
            self._glued = re.compile(f"(?<![^\\0])(?:[{chars}][\\u4e00-\\u9fd5]|[\\u4e00-\\u9fd5][{chars}])(?![^\\0])")
        self._decided: dict[str, str] = {}
        self._jieba = None
        self._pos = None
        self._rj = None
        if backend == "rjieba":
            try:
                import rjieba  # noqa: F401 (a missing package is a parameter error now, not in the first cut)
            except ImportError:
                raise ParameterError("backend='rjieba' needs the rjieba package: pip install rjieba") from None
        # Han blocks repeat across a corpus (datelines, names, set phrases);
        # a bounded C-level LRU serves the repeats.
        self.cut_block = functools.lru_cache(maxsize=block_cache)(self._cut_block) if block_cache else self._cut_block

    @property
    def rjieba(self):
        """The ``rjieba.Jieba`` with the dictionary entries added, built on first use (``backend="rjieba"`` only).

        Lazy like :attr:`jieba`, so that a segmenter's settings and fingerprint cost no dictionary load
        (a notebook that reads its tokens from the corpus store never cuts).
        """
        if self._rj is None:
            import rjieba

            rj = rjieba.Jieba()
            for word, freq, tag in self.words:
                rj.add_word(word, freq, tag)
            self._rj = rj
        return self._rj

    @property
    def jieba(self):
        """The private ``jieba.Tokenizer``, built on first use (rjieba needs it only for tagging).

        Tokenizers with the same dictionary entries share one (see :func:`_shared_jieba`).
        """
        if self._jieba is None:
            self._jieba = _shared_jieba(self.words)
        return self._jieba

    @property
    def posseg(self):
        """jieba's part-of-speech tagger over the private tokenizer, built on first use."""
        if self._pos is None:
            import jieba.posseg

            # One tagger per shared jieba tokenizer: a new one would find the
            # user words' tags gone (jieba's tagger moves them out of the tokenizer).
            tk = self.jieba
            if getattr(tk, "_textkit_posseg", None) is None:
                tk._textkit_posseg = jieba.posseg.POSTokenizer(tk)
            self._pos = tk._textkit_posseg
        return self._pos

    def _unglued(self, tokens: list[str]) -> list[str]:
        """``tokens`` with each HMM-made two-character word that holds a function character cut in two.

        The tokens are joined with NUL and the candidates (two Han
        characters, one of them a function character) found by one regular
        expression, so that the many tokens that cannot be one cost nothing
        in Python; each candidate is looked up in the dictionary once.
        """
        joined = "\0".join(tokens)
        if not self._glued.search(joined):
            return tokens
        if joined.count("\0") != len(tokens) - 1:  # the text itself holds NUL: token by token
            return [piece for tok in tokens for piece in (self._apart(tok).split("\0") if len(tok) == 2 and "\0" not in tok else (tok,))]
        return self._glued.sub(lambda m: self._apart(m.group()), joined).split("\0")

    def _apart(self, word: str) -> str:
        """``word``, or its two characters NUL-separated when it is a candidate the dictionary does not know."""
        decided = self._decided.get(word)
        if decided is None:
            if len(self._decided) > 100_000:
                self._decided.clear()
            glue = self.unglue
            candidate = (word[0] in glue or word[1] in glue) and all("\u4e00" <= c <= "\u9fd5" for c in word)
            known = self.rjieba.has_word if self.backend == "rjieba" else self.jieba.FREQ.get
            decided = self._decided[word] = word[0] + "\0" + word[1] if candidate and not known(word) else word
        return decided

    def _cut_block(self, block: str) -> tuple[str, ...]:
        # jieba's own per-block cuts (``__cut_DAG``…; jieba is pinned to 0.42.1).
        if not self.hmm:
            return tuple(self.jieba._Tokenizer__cut_DAG_NO_HMM(block))
        if self.hmm_model == "pos":
            return tuple(p.word for p in self.posseg._POSTokenizer__cut_DAG(block))
        tokens = list(self.jieba._Tokenizer__cut_DAG(block))
        return tuple(self._unglued(tokens) if self.unglue else tokens)

    def cut(self, text: str) -> list[str]:
        """jieba's tokens for ``text``: with ``hmm_model="jieba"``, those of ``Tokenizer.lcut(text, HMM=hmm)``.

        ``jieba.Tokenizer.cut`` splits the text with ``jieba.re_han_default``
        and cuts each Han/alphanumeric block on its own (other characters
        become one token each, ``\\r\\n`` one token); this is that loop, with
        the block results remembered; then, with ``unglue``, HMM-made words
        that hold a function character cut apart.
        """
        if self.backend == "rjieba":
            tokens = self.rjieba.cut(text, self.hmm)
            return self._unglued(tokens) if self.unglue else tokens
        import jieba

        out: list[str] = []
        cut_block = self.cut_block
        # split() with one capturing group alternates: other text, block, other text, ...
        for i, piece in enumerate(jieba.re_han_default.split(text)):
            if i % 2:
                out.extend(cut_block(piece))
            elif "\r\n" in piece:
                for x in jieba.re_skip_default.split(piece):
                    if jieba.re_skip_default.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
            else:
                out.extend(piece)
        return out

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(token, tag)`` pairs from jieba's part-of-speech tagger."""
        return [(p.word, p.flag) for p in self.posseg.cut(text, HMM=self.hmm)]
