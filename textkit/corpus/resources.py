"""Files textkit ships, the folder it caches in, and the readers of word lists.

Packaged resources are named by constants, never by a bare file name: a
string or path given by the user is always the user's own file, so a
``./userdict.txt`` or ``./stopwords.txt`` in the working folder is read as
it is, never shadowed by textkit's file of the same name.

* :data:`USER_DICT`: textkit's domain dictionary (science and technology
  policy, free-trade zones, Beijing place names), jieba format;
* :data:`REGIONAL_DICT`: Hong Kong, Macau and Taiwan public bodies and places;
* :data:`CANTONESE_DICT`: common words of written Cantonese (佢哋, 冇, 睇…);
* :data:`STOPWORDS`: function words of Mainland, Taiwan and Hong Kong
  writing (written Cantonese included) and English function words;
* :func:`demo_corpus` and :func:`shipped_folder`: the demonstration corpus
  (the seed) and the notebooks, which an installed textkit carries inside
  the package and a source checkout has at its top level.

Examples
--------
>>> USER_DICT.name, STOPWORDS.name
('userdict.txt', 'stopwords.txt')
>>> ("中關村科學城", None, "nz") in load_user_dict(USER_DICT)
True
>>> {"这些", "嘅", "the"} <= load_stopwords(STOPWORDS)
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from textkit.errors import CorpusFileError

__all__ = [
    "USER_DICT",
    "REGIONAL_DICT",
    "CANTONESE_DICT",
    "PACKAGED_DICTS",
    "STOPWORDS",
    "PACKAGE_DIR",
    "cache_dir",
    "demo_corpus",
    "shipped_folder",
    "load_user_dict",
    "load_stopwords",
    "normalize_word",
]

_DATA = resources.files("textkit") / "data"

PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The folder of the ``textkit`` package itself: nothing textkit writes goes inside it."""

USER_DICT = _DATA / "userdict.txt"
"""textkit's domain dictionary (jieba format ``word [freq] [tag]``, either script)."""

REGIONAL_DICT = _DATA / "regional.txt"
"""Hong Kong, Macau and Taiwan public bodies and places that jieba cuts into pieces (衞生防護中心), jieba format."""

CANTONESE_DICT = _DATA / "cantonese.txt"
"""Common words of written Cantonese that jieba lacks (佢哋, 喺度, 冇, 睇), jieba format."""

PACKAGED_DICTS = (USER_DICT, REGIONAL_DICT, CANTONESE_DICT)
"""The dictionaries a :class:`textkit.segment.Segmenter` adds to jieba's by default (``domain_dict=True``)."""

STOPWORDS = _DATA / "stopwords.txt"
"""textkit's stopword list (Chinese in either script, English in lower case)."""

# Full-width letters and digits, the symbols jieba keeps inside a number or
# a Latin word (．％＋－＃＆＿), and those that open a web unit (＠［］:
# textkit.segment.units), to ASCII: one character for one, so offsets survive.
# Full-width Chinese punctuation (，：；！？…) is left alone: jieba splits it off either way.
_FULL_WIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ．％＋－＃＆＿＠［］]+")
_WIDTH_FOLD = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．％＋－＃＆＿＠［］"}
_WIDTH_FOLD.update({code: code - 0xFEE0 for code in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]})


_TAG = re.compile("[A-Za-z]+")  # jieba's part-of-speech tags (n, nr, ns, eng…)


def _fold_width(match: re.Match[str]) -> str:
    return match.group().translate(_WIDTH_FOLD)


def cache_dir() -> Path:
    """The per-user cache folder: ``$TEXTKIT_CACHE_DIR``, or the platform's user cache.

    Examples
    --------
    >>> cache_dir() == Path(os.environ["TEXTKIT_CACHE_DIR"])  # the tests set it
    True
    """
    env = os.environ.get("TEXTKIT_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("textkit"))


def shipped_folder(name: str) -> Path:
    """A folder textkit ships: ``"notebooks"`` or ``"seeds"``.

    An installed textkit carries copies inside the package
    (``textkit/data/notebooks``, ``textkit/data/seeds``: the wheel's build
    step puts them there, see ``setup.py``); textkit run from a source
    checkout (an editable install, ``PYTHONPATH``) uses the checkout's own
    top-level folders, the sources of those copies.

    Raises
    ------
    TextkitError
        Neither is there (a broken installation).

    Examples
    --------
    >>> shipped_folder("notebooks").name
    'notebooks'
    """
    from textkit.errors import TextkitError

    packaged = PACKAGE_DIR / "data" / name
    if packaged.is_dir():
        return packaged
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir() and (PACKAGE_DIR.parent / "pyproject.toml").is_file():
        return checkout
    raise TextkitError(f"textkit's {name} folder is missing from this installation ({packaged}): reinstall textkit")


def demo_corpus() -> Path:
    """textkit's demonstration corpus: the seed (one news article and its 20 related headlines).

    What :func:`textkit.corpus.load.load_corpus` reads for ``None``, the
    notebooks' default ``corpus``.

    Examples
    --------
    >>> sorted(p.name for p in demo_corpus().glob("*.txt"))
    ['000_0cb52c72f24d951b.txt']
    """
    return shipped_folder("seeds")


def normalize_word(word: str) -> str:
    """The form in which textkit compares words: Simplified script, half-width Latin and digits.

    The result has the input's length (see
    :func:`textkit.corpus.script.normalize_script`: Hong Kong and Taiwan
    variants converted, Simplified text kept as written).  Segmentation runs
    on this form, so a word is looked up alike whatever script, regional
    variant or width it is written in.

    Examples
    --------
    >>> normalize_word("這些ＡＩ２０２１")
    '这些AI2021'
    >>> normalize_word("衞生署"), normalize_word("卫生署"), normalize_word("显著")
    ('卫生署', '卫生署', '显著')
    """
    from textkit.corpus.script import normalize_script

    return _FULL_WIDTH.sub(_fold_width, normalize_script(word))


def _lines(source: str | os.PathLike[str] | Iterable[str]) -> tuple[str, list[str]]:
    """A name for messages and the lines of a file (path) or of an iterable of lines."""
    if isinstance(source, str | os.PathLike):
        from textkit.corpus.load import read_text

        return str(source), read_text(source).split("\n")
    if hasattr(source, "read_text") and hasattr(source, "name"):  # a packaged resource (Traversable)
        return str(source), source.read_text(encoding="utf-8").splitlines()
    return "<lines>", list(source)


def load_user_dict(source: str | os.PathLike[str] | Iterable[str] | None = USER_DICT) -> list[tuple[str, int | None, str | None]]:
    """Read a jieba-format user dictionary: ``word [freq] [tag]`` per line.

    Parameters
    ----------
    source : path, iterable of lines, or None
        A file (any string or path is the user's file, read from where it
        is; :data:`USER_DICT` is textkit's own), or the lines themselves.
        ``#`` starts a comment.

    Returns
    -------
    list of (word, freq, tag)

    Raises
    ------
    CorpusFileError
        The file cannot be read, or a line is not ``word [freq] [tag]``
        (a frequency that is not a whole number, a tag that is not letters,
        more than three fields): the error names the file and the line.

    Examples
    --------
    >>> load_user_dict(["中關村科學城 nz", "生命谷 5 nz"])
    [('中關村科學城', None, 'nz'), ('生命谷', 5, 'nz')]
    >>> load_user_dict(["生命谷 5 nz 園區"])
    Traceback (most recent call last):
    ...
    textkit.errors.CorpusFileError: <lines>, line 1: expected 'word [frequency] [tag]' but found 4 fields: '生命谷 5 nz 園區'
    """
    if source is None:
        return []
    name, lines = _lines(source)
    entries = []
    for lineno, line in enumerate(lines, start=1):
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        word, rest = parts[0], parts[1:]
        freq = tag = None
        if len(rest) > 2:
            raise CorpusFileError(name, f"expected 'word [frequency] [tag]' but found {len(parts)} fields: {line.strip()!r}", line=lineno)
        if len(rest) == 2 and not rest[0].isdecimal():
            raise CorpusFileError(name, f"frequency {rest[0]!r} of {word!r} is not a whole number", line=lineno)
        if rest and rest[0].isdecimal():
            freq = int(rest.pop(0))
        if rest:
            tag = rest[0]
            if not _TAG.fullmatch(tag):
                expected = "a frequency (a whole number) or a part-of-speech tag" if len(parts) == 2 else "a part-of-speech tag"
                raise CorpusFileError(name, f"{tag!r} after {word!r} is not {expected} (tags are letters: n, nr, ns…)", line=lineno)
        entries.append((word, freq, tag))
    return entries


def load_stopwords(source: str | os.PathLike[str] | Iterable[str] | None = STOPWORDS) -> frozenset[str]:
    """Read a stopword list, one word per line, in the form textkit compares words in.

    Chinese words come back in Simplified script and Latin letters in lower
    case (:func:`normalize_word`), so that tokens match in either script and
    English words in any case.

    Parameters
    ----------
    source : path, iterable of str, or None
        A file (:data:`STOPWORDS` is textkit's own list), or the words.

    Examples
    --------
    >>> sorted(load_stopwords(["這些", "的", "The"]))
    ['the', '的', '这些']
    """
    if source is None:
        return frozenset()
    _, lines = _lines(source)
    words = {ln.split("#", 1)[0].strip() for ln in lines}
    words.discard("")
    return frozenset(normalize_word(w).lower() for w in words)
