""":class:`Segmenter`: parameters in, tokens out, with a scikit-learn-style contract.

A Segmenter stores its parameters and nothing else.  On first use it
freezes them into :class:`Settings` (dictionary entries read, stopword list
read, every iterable materialised) and builds an engine from them; the
engine segments, and the cache fingerprint is a hash of the same frozen
settings, so a cached result is always stored under the settings that made
it.  :meth:`Segmenter.set_params` (or assigning a parameter) drops the
engine: the next use freezes the new parameters.

Examples
--------
>>> seg = Segmenter()
>>> seg.tokenize("生命科學園的新機遇")
['生命科學園', '新機遇']
>>> seg.set_params(min_length=3).tokenize("生命科學園的新機遇")
['生命科學園', '新機遇']
>>> seg.set_params(min_length=4).tokenize("生命科學園的新機遇")
['生命科學園']
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from textkit.corpus.clean import sentence_spans
from textkit.errors import ParameterError
from textkit.corpus.resources import PACKAGED_DICTS, STOPWORDS, load_stopwords, load_user_dict, normalize_word
from textkit.segment.filters import MEASURE_WORDS, TokenFilter, is_stopword, token_kind
from textkit.segment.tokenizer import FUNCTION_CHARS, Backend, HmmModel, Tokenizer, check_text, prepare, project
from textkit.segment.units import find_units

__all__ = ["Segmenter", "Settings", "TOKENS_VERSION"]

TOKENS_VERSION = 2
"""The version of textkit's token-producing code, part of every cache key.

Bump it in any change that can change a token or a sentence split for the
same settings: the tokenizer and projection (``segment/tokenizer.py``), the
filters (``segment/filters.py``), the units (``segment/units.py`` and their
patterns), :class:`Engine`, ``normalize_word``, ``normalize_script``,
``convert_same_length``, ``sentence_spans`` or the packaged dictionaries.  The cache then misses
instead of serving the old tokens.  (jieba's and OpenCC's versions are in
the key as well.)"""

_PARAMS = (
    "user_dict",
    "domain_dict",
    "stopwords",
    "extra_stopwords",
    "convert",
    "hmm",
    "hmm_model",
    "pos",
    "min_length",
    "keep_numbers",
    "keep_latin",
    "backend",
    "keep_units",
    "block_cache",
    "discovered_words",
)


@dataclass(frozen=True)
class Settings:
    """Everything that decides a Segmenter's tokens, frozen: what segments and what keys the cache.

    Built by :meth:`Segmenter.settings`; picklable (worker processes
    segment from it).  ``block_cache`` sizes a memory and does not change
    tokens, so it is left out of :attr:`fingerprint`.  ``discovered``
    holds the words found in the corpus (:mod:`textkit.segment.discovery`)
    that the domain and user dictionaries leave in: added to jieba with
    ``words``, kept apart so that they can be told apart.
    """

    words: tuple[tuple[str, int | None, str | None], ...]
    filter: TokenFilter
    convert: bool = True
    hmm: bool = True
    hmm_model: HmmModel = "jieba"
    backend: Backend = "rjieba"
    keep_units: bool = False
    block_cache: int = 1 << 16
    discovered: tuple[tuple[str, int | None, str | None], ...] = ()

    @functools.cached_property
    def fingerprint(self) -> str:
        """A hash of the dictionary entries, stopwords, every setting that changes tokens, and the code that makes them.

        The code: :data:`TOKENS_VERSION` and the versions of jieba, OpenCC and (when used) rjieba.
        """
        import jieba
        import opencc

        code = (TOKENS_VERSION, jieba.__version__, getattr(opencc, "__version__", "unknown"))
        if self.backend == "rjieba":
            from importlib.metadata import version

            code += (version("rjieba"),)
        h = hashlib.sha256()
        parts = (self.words, sorted(self.filter.stopwords), sorted(MEASURE_WORDS), sorted(FUNCTION_CHARS), self.filter.pos,
                 self.filter.min_length, self.filter.keep_numbers, self.filter.keep_latin, self.filter.keep_units, self.convert,
                 self.hmm, self.hmm_model, self.backend, self.keep_units, code)
        if self.discovered:  # without discovered words, the fingerprint of textkit before discovery
            parts += (("discovered", self.discovered),)
        for part in parts:
            h.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
        return h.hexdigest()[:16]

    @property
    def dictionary(self) -> tuple[tuple[str, int | None, str | None], ...]:
        """Every entry added to jieba: :attr:`words`, then :attr:`discovered` (no word is in both)."""
        return self.words + self.discovered

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "fingerprint"}


class Engine:
    """Segments with frozen :class:`Settings`: the tokenizer, then the filter.

    Each distinct token (and tag, when filtering by part of speech) is
    decided once: a corpus repeats its vocabulary.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.filter = settings.filter
        self.tokenizer = Tokenizer(settings.dictionary, hmm=settings.hmm, hmm_model=settings.hmm_model,
                                   backend=settings.backend, block_cache=settings.block_cache, unglue=FUNCTION_CHARS)
        self._decisions: dict[Any, bool] = {}

    # -- tokenizing ----------------------------------------------------------------
    def _pieces(self, prepared: str) -> Iterator[tuple[str, bool]]:
        """``prepared`` in pieces: ``(text for jieba, False)`` or ``(a unit, True)``, in order.

        Web units (:func:`textkit.segment.units.find_units`) are found before
        jieba runs: each is one token, except a topic, whose text jieba cuts
        between its two markers unless units are kept.
        """
        last = 0
        for start, end, kind in find_units(prepared):
            if start > last:
                yield prepared[last:start], False
            if kind == "topic" and not self.settings.keep_units:
                yield prepared[start], True
                yield prepared[start + 1 : end - 1], False
                yield prepared[end - 1], True
            else:
                yield prepared[start:end], True
            last = end
        if last < len(prepared):
            yield prepared[last:], False

    def _cut(self, prepared: str) -> list[str]:
        out: list[str] = []
        cut = self.tokenizer.cut
        for piece, unit in self._pieces(prepared):
            if unit:
                out.append(piece)
            else:
                out += cut(piece)
        return out

    def _tag(self, prepared: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        tag = self.tokenizer.tag
        for piece, unit in self._pieces(prepared):
            if unit:
                out.append((piece, "x"))  # jieba's tag for what is not a word
            else:
                out += tag(piece)
        return out

    def segment(self, text: str) -> tuple[list[str], list[str], list[str] | None]:
        """Tokens as written, the same tokens normalized, and their tags (with ``pos``)."""
        convert = self.settings.convert
        prepared = prepare(text, convert=convert)
        if self.filter.pos is None:
            tokens, tags = self._cut(prepared), None
        else:
            pairs = self._tag(prepared)
            tokens, tags = [tok for tok, _ in pairs], [tag for _, tag in pairs]
        written = project(text, prepared, tokens)
        normalized = tokens if convert else project(normalize_word(text), text, tokens)
        return written, normalized, tags

    def cut(self, text: str) -> list[str]:
        prepared = prepare(text, convert=self.settings.convert)
        return project(text, prepared, self._cut(prepared))

    def tag(self, text: str) -> list[tuple[str, str]]:
        prepared = prepare(text, convert=self.settings.convert)
        pairs = self._tag(prepared)
        written = project(text, prepared, [tok for tok, _ in pairs])
        return [(tok, tag) for tok, (_, tag) in zip(written, pairs)]

    # -- filtering -----------------------------------------------------------------
    def decide(self, normalized: str, tag: str | None) -> bool:
        key = normalized if self.filter.pos is None else (normalized, tag)
        decision = self._decisions.get(key)
        if decision is None:
            if len(self._decisions) > 1_000_000:
                self._decisions.clear()
            decision = self._decisions[key] = self.filter.keep(normalized, tag)
        return decision

    def kept(self, normalized: list[str], tags: list[str] | None) -> list[bool]:
        decide = self.decide
        if tags is not None:
            kept = [decide(tok, tag) for tok, tag in zip(normalized, tags)]
        else:
            decided = self._decisions.get  # the fast path of decide()
            kept = [d if (d := decided(tok)) is not None else decide(tok, None) for tok in normalized]
        return self.filter.drop_quantities(normalized, kept)

    # -- both ------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[str]:
        written, normalized, tags = self.segment(text)
        return [tok for tok, kept in zip(written, self.kept(normalized, tags)) if kept]

    def tokenize_spans(self, text: str, spans: list[tuple[int, int]]) -> list[list[str]]:
        """Analysis tokens of ``text`` grouped by the sentence ``spans`` (from :func:`textkit.corpus.clean.sentence_spans`)."""
        if not spans:
            return []
        written, normalized, tags = self.segment(text)
        kept = self.kept(normalized, tags)
        if len(spans) == 1:  # one sentence (a headline): no offsets to follow
            return [[tok for tok, keep in zip(written, kept) if keep]]
        out: list[list[str]] = [[] for _ in spans]
        ends = [end for _, end in spans]
        last = len(spans) - 1
        sentence = offset = 0
        for tok, keep in zip(written, kept):
            while sentence < last and offset >= ends[sentence]:
                sentence += 1
            offset += len(tok)
            if keep:
                out[sentence].append(tok)
        return out

    def tokenize_documents(self, texts: list[str]) -> list[list[list[str]]]:
        """Sentences of analysis tokens for each text, the texts segmented together (see :meth:`Segmenter.tokenize_documents`)."""
        if len(texts) < 2 or not all(isinstance(t, str) for t in texts):
            return [self.tokenize_spans(t, sentence_spans(check_text(t))) for t in texts]  # bad input: its own error
        joined = "\n".join(texts)
        spans = sentence_spans(joined)
        out: list[list[list[str]]] = [[] for _ in texts]
        # Give each sentence to the text it lies in (no sentence spans a line break).
        doc, doc_end = 0, len(texts[0])
        for (start, _), tokens in zip(spans, self.tokenize_spans(joined, spans)):
            while start >= doc_end:
                doc += 1
                doc_end += 1 + len(texts[doc])
            out[doc].append(tokens)
        return out


BLOCK_CACHE = 1 << 16
"""Han blocks a segmenter remembers by default (see ``block_cache``)."""


def _default_block_cache() -> int:
    """``$TEXTKIT_BLOCK_CACHE`` as a whole number, else :data:`BLOCK_CACHE`."""
    value = os.environ.get("TEXTKIT_BLOCK_CACHE", "").strip()
    if not value:
        return BLOCK_CACHE
    try:
        return int(value)
    except ValueError:
        raise ParameterError(f"TEXTKIT_BLOCK_CACHE must be a whole number (got {value!r})") from None


def _frozen(value: Any) -> Any:
    """A one-shot iterator (generator, open file) as a tuple, so that it can be read again and pickled."""
    return tuple(value) if isinstance(value, Iterator) else value


def _missing(value: Any) -> bool:
    """None, or a missing value of a table (NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _discovered_entries(value: Any) -> tuple[tuple[str, int | None, str | None], ...]:
    """``discovered_words`` as ``(word, freq, tag)`` entries: a table of :func:`textkit.segment.discovery.discover_words`, words, or entries.

    Raises
    ------
    ParameterError
        Something else.
    """
    if value is None:
        return ()
    if hasattr(value, "columns"):  # a DataFrame of discovered words
        if "word" not in value.columns:
            raise ParameterError(f"discovered_words: a table needs a 'word' column (got columns {', '.join(map(str, value.columns))})")
        freqs = value["freq"] if "freq" in value.columns else [None] * len(value)
        tags = value["tag"] if "tag" in value.columns else [None] * len(value)
        value = zip(value["word"], freqs, tags)
    if isinstance(value, str):
        raise ParameterError(f"discovered_words must be a list of words or a table of them (got the string {value!r})")
    entries = []
    for item in value:
        if isinstance(item, str):
            item = (item, None, None)
        if not isinstance(item, tuple | list) or not 1 <= len(item) <= 3 or not isinstance(item[0], str) or not item[0].strip():
            raise ParameterError(f"discovered_words: expected a word or (word, freq, tag), got {item!r}")
        word, freq, tag = (*item, None, None)[:3]
        freq = None if _missing(freq) else int(freq)
        tag = None if _missing(tag) or not str(tag).strip() else str(tag)
        entries.append((word.strip(), freq, tag))
    return tuple(entries)


class Segmenter:
    """Segment Chinese text in either script; tokens come out as written.

    Parameters
    ----------
    user_dict : path or iterable of lines, optional
        Extra dictionary entries (jieba format ``word [freq] [tag]``), added
        after textkit's domain dictionary.  Words may be in either script.
        A path is always your file (``"userdict.txt"`` is ``./userdict.txt``).
    domain_dict : bool, default True
        Load textkit's dictionaries (:data:`textkit.corpus.resources.PACKAGED_DICTS`:
        science and technology policy, free-trade zones, Beijing place names;
        Hong Kong, Macau and Taiwan public bodies and places; common words of
        written Cantonese).
    stopwords : path, iterable or None, default :data:`textkit.corpus.resources.STOPWORDS`
        The stopword list used by :meth:`tokenize`: textkit's own list by
        default; any string or path is your file (``"stopwords.txt"`` is
        ``./stopwords.txt``), an iterable holds the words; ``None``
        removes no stopwords.
    extra_stopwords : iterable of str
        Added to ``stopwords`` (either script; English in any case).
    convert : bool, default True
        Segment through Simplified, half-width text (OpenCC ``t2s``;
        ``２０２１`` as ``2021``) and project the boundaries back.  Turn off
        only to see what jieba makes of the text as written.
    hmm : bool, default True
        Let an HMM join characters not in the dictionary into words.
    hmm_model : {"jieba", "pos"}, default "jieba"
        Which HMM: jieba's segmentation model (what ``jieba.lcut`` does),
        whose two-character words that hold a function character are cut
        apart again (这是 → 这 / 是: :data:`textkit.segment.tokenizer.FUNCTION_CHARS`),
        or the model of jieba's part-of-speech tagger, which knows person
        names and function words, with the jieba backend only and 5-10x
        slower (SIGHAN 2005 F1 0.851 / 0.829 against 0.851 / 0.834 for the
        default, Traditional / Simplified).
    pos : iterable of str, optional
        Keep only tokens whose jieba part-of-speech tag starts with one of
        these (``["n", "v"]`` keeps nouns and verbs; ``"nr"``, ``"ns"``… are
        nouns).  Tagging costs several times plain cutting.
    min_length : int, default 1
        Shortest token (in characters) :meth:`tokenize` keeps.
    keep_numbers : bool, default False
        Keep number tokens (``2021``, ``31.85``, ``三``).  When numbers
        are dropped, so is the measure word that follows one (``12例``,
        ``65歲``, ``500萬元``: :data:`textkit.segment.filters.MEASURE_WORDS`),
        which would otherwise top the frequency lists of news.
    keep_latin : bool, default True
        Keep tokens with Latin letters (``5G``, ``AI``).
    backend : {"rjieba", "jieba"}, optional
        ``rjieba`` (jieba-rs, the default) cuts about 5x faster than
        ``jieba`` with the same dictionary and F1 (99.8% of word boundaries
        alike on news and posts; it keeps ``COVID-19`` and ``0-24`` whole
        where jieba cuts at the hyphen); ``jieba`` is the default with
        ``hmm_model="pos"``.  Tagging (``pos``) always uses jieba.
    keep_units : bool, default False
        URLs, e-mail addresses, @mentions, Weibo #topics#, [emoticons] and
        emoji are found before jieba runs (:mod:`textkit.segment.units`) and
        never cut into pieces.  By default :meth:`tokenize` drops them (no
        ``https``, ``www`` or ``com`` among the words) and segments the
        text of a #topic# as text, without its markers; ``True`` keeps each
        of them as one token (a topic with its markers), for studying them.
    block_cache : int, optional
        How many Han blocks (the runs between punctuation, about ten
        characters) keep their tokens in memory, least recently used first
        out (about 30 MB when full); ``0`` remembers none.  Tokens are the
        same whatever the size.  Default: ``$TEXTKIT_BLOCK_CACHE`` if set
        (benchmarks on replicated text set it to 0, also for ``textkit
        run``), else 65536.
    discovered_words : table, iterable of str or of (word, freq, tag), optional
        Words found in the corpus (:meth:`discover`, or
        :func:`textkit.engine.pipeline.prepare_documents` with
        ``discover_words``), added to the dictionary in both scripts.  The
        domain and user dictionaries win: a discovered word that is one of
        their words (its frequency and tag are theirs; frequency 0 removes
        it) or that contains a word of ``user_dict`` is left out.

    Notes
    -----
    ``__init__`` only stores the parameters (a generator is read into a
    tuple, once).  On first use they are frozen into :meth:`settings`,
    the dictionary is loaded (about 0.5 s, then cached in
    :func:`textkit.corpus.resources.cache_dir`) and the stopword list is read.
    Change parameters with :meth:`set_params` (assigning an attribute does
    the same): the frozen settings are dropped and rebuilt on next use, so
    tokens and :meth:`fingerprint` always agree.  A Segmenter can be pickled
    and passed as ``analyzer=`` to scikit-learn's vectorizers.

    Examples
    --------
    >>> seg = Segmenter(pos=["n"])
    >>> seg("生命科學園是全市醫藥健康產業的核心區域")
    ['生命科學園', '全市', '醫藥健康', '產業', '核心', '區域']
    """

    def __init__(
        self,
        *,
        user_dict: str | os.PathLike[str] | Iterable[str] | None = None,
        domain_dict: bool = True,
        stopwords: str | os.PathLike[str] | Iterable[str] | None = STOPWORDS,
        extra_stopwords: Iterable[str] = (),
        convert: bool = True,
        hmm: bool = True,
        hmm_model: HmmModel = "jieba",
        pos: Iterable[str] | None = None,
        min_length: int = 1,
        keep_numbers: bool = False,
        keep_latin: bool = True,
        backend: Backend | None = None,
        keep_units: bool = False,
        block_cache: int | None = None,
        discovered_words: Any = None,
    ):
        self.user_dict = user_dict
        self.domain_dict = domain_dict
        self.stopwords = stopwords
        self.extra_stopwords = extra_stopwords
        self.convert = convert
        self.hmm = hmm
        self.hmm_model = hmm_model
        self.pos = pos
        self.min_length = min_length
        self.keep_numbers = keep_numbers
        self.keep_latin = keep_latin
        self.backend = backend
        self.keep_units = keep_units
        self.block_cache = block_cache
        self.discovered_words = discovered_words

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PARAMS:
            value = _discovered_entries(value) if name == "discovered_words" else _frozen(value)
            self.__dict__.pop("_engine", None)  # derived from the old value
        object.__setattr__(self, name, value)

    # -- scikit-learn contract -----------------------------------------------------
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters, scikit-learn style."""
        return {name: self.__dict__[name] for name in _PARAMS}

    def set_params(self, **params: Any) -> Segmenter:
        """Change parameters; the frozen settings are rebuilt on next use.

        Raises
        ------
        ParameterError
            A name that is not a parameter.

        Examples
        --------
        >>> seg = Segmenter()
        >>> before = seg.fingerprint()
        >>> seg.set_params(min_length=2).fingerprint() != before
        True
        """
        for name in params:
            if name not in _PARAMS:
                raise ParameterError(f"Segmenter has no parameter {name!r} (parameters: {', '.join(_PARAMS)})")
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def __getstate__(self) -> dict:
        return self.get_params()

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        defaults = Segmenter().get_params()
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items() if v != defaults[k])
        return f"Segmenter({args})"

    # -- frozen state --------------------------------------------------------------
    def settings(self) -> Settings:
        """The parameters frozen: dictionary entries and stopwords read, values checked.

        Raises
        ------
        ParameterError
            A parameter has a value textkit cannot use.
        CorpusFileError
            A dictionary or stopword file cannot be read.
        """
        return self._engine.settings

    @property
    def _engine(self) -> Engine:
        engine = self.__dict__.get("_engine")
        if engine is None:
            engine = Engine(self._freeze())
            self.__dict__["_engine"] = engine
        return engine

    def _freeze(self) -> Settings:
        if self.backend not in (None, "jieba", "rjieba"):
            raise ParameterError(f"backend must be 'rjieba' or 'jieba' (got {self.backend!r})")
        if self.hmm_model not in ("jieba", "pos"):
            raise ParameterError(f"hmm_model must be 'jieba' or 'pos' (got {self.hmm_model!r})")
        backend = self.backend or ("jieba" if self.hmm_model == "pos" else "rjieba")
        if self.hmm_model == "pos" and backend == "rjieba":
            raise ParameterError("hmm_model='pos' needs backend='jieba' (rjieba has jieba's segmentation HMM only)")
        block_cache = _default_block_cache() if self.block_cache is None else self.block_cache
        if not isinstance(block_cache, int) or isinstance(block_cache, bool) or block_cache < 0:
            raise ParameterError(f"block_cache must be a whole number of at least 0 (got {block_cache!r})")
        if isinstance(self.pos, str):
            raise ParameterError(f"pos must be a list of tag prefixes such as ['n', 'v'] (got the string {self.pos!r})")
        if isinstance(self.extra_stopwords, str):
            raise ParameterError(f"extra_stopwords must be a list of words (got the string {self.extra_stopwords!r})")
        packaged = [entry for source in PACKAGED_DICTS for entry in load_user_dict(source)] if self.domain_dict else []
        user = load_user_dict(self.user_dict)
        entries = packaged + user
        words = []
        for word, freq, tag in entries:
            words.append((word, freq, tag))
            simplified = normalize_word(word)
            if simplified != word:
                words.append((simplified, freq, tag))
        # The dictionaries win over a discovered word: theirs is kept, and no discovered word swallows a user word.
        taken = {normalize_word(word) for word, _, _ in entries}
        user_words = {normalize_word(word) for word, _, _ in user}
        discovered: list[tuple[str, int | None, str | None]] = []
        for word, freq, tag in self.discovered_words:
            simplified = normalize_word(word)
            if simplified in taken or any(u in simplified for u in user_words):
                continue
            taken.add(simplified)
            discovered.append((word, freq, tag))
            if simplified != word:
                discovered.append((simplified, freq, tag))
        token_filter = TokenFilter(
            stopwords=load_stopwords(self.stopwords) | load_stopwords(self.extra_stopwords),
            pos=tuple(self.pos) if self.pos is not None else None,
            min_length=self.min_length,
            keep_numbers=bool(self.keep_numbers),
            keep_latin=bool(self.keep_latin),
            keep_units=bool(self.keep_units),
        )
        return Settings(words=tuple(words), filter=token_filter, convert=bool(self.convert), hmm=bool(self.hmm),
                        hmm_model=self.hmm_model, backend=backend, keep_units=bool(self.keep_units),
                        block_cache=block_cache, discovered=tuple(discovered))

    def fingerprint(self) -> str:
        """A hash of everything that decides the tokens: the frozen settings, dictionary contents included.

        Part of every cache key, so that a changed setting, dictionary file
        or stopword list never reads another setting's results.
        """
        return self._engine.settings.fingerprint

    def dictionary_words(self) -> list[tuple[str, int | None, str | None]]:
        """The entries added to jieba: domain and user dictionary, in both scripts."""
        return list(self._engine.settings.words)

    def discover(self, texts: Iterable[str], **options: Any):
        """Words of ``texts`` that this segmenter cuts into fragments (see :mod:`textkit.segment.discovery`).

        The segmenter's own discovered words are left out while it looks:
        the result depends on the corpus and the other settings only.

        Parameters
        ----------
        texts : iterable of str
            The corpus (cleaned).
        **options
            Passed to :func:`textkit.segment.discovery.discover_words`
            (``min_count``, ``min_pmi``, ``min_entropy``, ``max_length``,
            ``sample_characters``, ``random_state``).

        Returns
        -------
        DataFrame
            One row per word, best first: ``word`` (as most often written),
            ``simplified`` (the form counted), ``count``, ``freq`` (the
            frequency given to jieba), ``tag``, ``pmi``, ``left_entropy``,
            ``right_entropy``, ``score`` and ``pieces`` (how this segmenter
            cut it); :meth:`set_params` takes it as ``discovered_words``.

        Examples
        --------
        >>> import random
        >>> rng, words = random.Random(0), "記者 今日 表示 政府 將會 繼續 支持 市民 經濟 發展 醫院 疫情".split()
        >>> texts = ["".join(rng.sample(words, 5)) + "，林鄭月娥" + "".join(rng.sample(words, 5)) + "。" for _ in range(300)]
        >>> seg = Segmenter()
        >>> seg.cut("林鄭月娥表示")
        ['林', '鄭月', '娥', '表示']
        >>> found = seg.discover(texts)
        >>> found[["word", "simplified", "count", "pieces"]].values.tolist()
        [['林鄭月娥', '林郑月娥', 300, '林 / 郑月 / 娥']]
        >>> seg.set_params(discovered_words=found).cut("林鄭月娥表示")
        ['林鄭月娥', '表示']
        """
        from textkit.segment.discovery import discover_words

        return discover_words(list(texts), self, **options)

    # -- segmentation --------------------------------------------------------------
    def cut(self, text: str) -> list[str]:
        """All tokens, unfiltered, exactly as written: ``"".join(cut(t)) == t``.

        Examples
        --------
        >>> Segmenter().cut("北京生命科學園的新機遇")
        ['北京', '生命科學園', '的', '新機遇']
        """
        return self._engine.cut(text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(token, jieba part-of-speech tag)`` pairs, tokens as written.

        Examples
        --------
        >>> Segmenter().tag("海澱區委書記於軍表示")
        [('海澱', 'ns'), ('區委書記', 'n'), ('於', 'p'), ('軍', 'n'), ('表示', 'v')]
        """
        return self._engine.tag(text)

    token_kind = staticmethod(token_kind)

    def is_stopword(self, token: str) -> bool:
        """Whether a token (either script; English in any case but capitals) is on the stopword list.

        Examples
        --------
        >>> [Segmenter().is_stopword(t) for t in ["這些", "嘅", "The", "科技"]]
        [True, True, True, False]
        """
        return is_stopword(token, self._engine.filter.stopwords)

    def keep(self, token: str, tag: str | None = None) -> bool:
        """Whether :meth:`tokenize` keeps a token (and its tag, when filtering by POS).

        The decision depends only on the token's normalized form (and tag),
        so a word is kept or dropped alike in either script.

        Examples
        --------
        >>> seg = Segmenter()
        >>> [seg.keep(t) for t in ["數據", "数据", "的", "，", "2021"]]
        [True, True, False, False, False]
        """
        return self._engine.decide(prepare(token), tag)

    def filter_tokens(self, tokens: list[str]) -> list[str]:
        """The analysis tokens among tokens already cut (all of a text's tokens, in order), as :meth:`tokenize` keeps them.

        Numbers go with the measure word that follows them, so the tokens
        must be a text's, in order (as :meth:`cut` gives them).  Not for a
        segmenter that filters by part of speech (it needs the tags).

        Examples
        --------
        >>> Segmenter().filter_tokens(["新增", "12", "例", "，", "病例"])
        ['新增', '病例']
        """
        if self._engine.filter.pos is not None:
            raise ParameterError("filter_tokens() needs a segmenter without pos (part-of-speech filtering needs the tags)")
        kept = self._engine.kept([prepare(t) for t in tokens], None)
        return [t for t, k in zip(tokens, kept) if k]

    def tokenize(self, text: str) -> list[str]:
        """Tokens for analysis: punctuation, spaces and stopwords removed, filters applied.

        Examples
        --------
        >>> Segmenter(min_length=2).tokenize("兩大組團正多措並舉推進一系列政策創新和實踐探索。")
        ['組團', '正多措', '並舉', '推進', '一系列', '政策', '創新', '實踐', '探索']
        """
        return self._engine.tokenize(text)

    __call__ = tokenize

    def tokenize_sentences(self, text: str) -> list[list[str]]:
        """Analysis tokens grouped by sentence (:func:`textkit.corpus.clean.split_sentences`).

        The text is segmented once as a whole and tokens are assigned to
        sentences by their offsets, which gives the same tokens as
        segmenting sentence by sentence (jieba never joins across the
        punctuation or line breaks that end a sentence) at less cost.

        Examples
        --------
        >>> Segmenter().tokenize_sentences("生命科學園的新機遇。數字經濟！")
        [['生命科學園', '新機遇'], ['數字經濟']]
        """
        return self._engine.tokenize_spans(text, sentence_spans(check_text(text)))

    def tokenize_documents(self, texts: Iterable[str]) -> list[list[list[str]]]:
        """:meth:`tokenize_sentences` for many texts, in one call.

        The texts are joined by line breaks and segmented as one: jieba,
        OpenCC and the sentence splitter all stop at a line break, so each
        text gets exactly the tokens it would get alone, and short texts
        (headlines, posts) no longer pay the per-call costs one by one.

        Examples
        --------
        >>> Segmenter().tokenize_documents(["生命科學園的新機遇。數字經濟！", "", "區塊鏈"])
        [[['生命科學園', '新機遇'], ['數字經濟']], [], [['區塊鏈']]]
        """
        return self._engine.tokenize_documents(list(texts))
