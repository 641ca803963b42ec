"""Loading: the seed format and a user's own corpus, as tidy pandas tables.

Two entry points:

* :func:`read_seed` / :func:`seed_tables` parse the seed format (a news
  article with title, date line, byline, image caption, headed sections and
  a ``相關焦點`` list of related headlines);
* :func:`load_corpus` reads a folder of ``.txt`` files, a ``.txt`` with one
  document per line, or a ``.csv`` / ``.jsonl`` with a text column; it also
  recognises seed-format files and hands them to the seed parser.

Every table has the columns of :data:`COLUMNS`.  Text is returned as read
(decoded, line endings normalised); cleaning is the next stage
(:mod:`textkit.corpus.clean`).

Examples
--------
>>> docs = load_corpus("seeds")
>>> docs.groupby("group").size().to_dict()
{'article': 20, 'headlines': 20}
"""

from __future__ import annotations

import codecs
import csv
import difflib
import json
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from textkit.errors import (
    BinaryFileError,
    ControlCharactersWarning,
    CorpusFileError,
    DateWarning,
    EmptyDocumentsWarning,
    EmptyFileError,
    MalformedRecordError,
    MissingColumnError,
    ParameterError,
)
from textkit.corpus.patterns import CAPTION_LABELS, CREDIT_LABELS, HAN, RELATED_HEADERS, REPORTER_LABELS, SOURCE_LABELS

__all__ = [
    "COLUMNS",
    "RelatedItem",
    "Section",
    "SeedArticle",
    "read_text",
    "decode_text",
    "parse_seed",
    "read_seed",
    "looks_like_seed",
    "seed_tables",
    "load_corpus",
    "parse_dates",
]

COLUMNS = ["doc_id", "group", "source", "section", "position", "title", "label", "date", "text"]
"""Columns of every document table, in order.  ``date`` is a pandas datetime (``NaT`` when a document has none)."""

Format = Literal["auto", "seed", "files", "lines", "csv", "jsonl"]

# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# The encodings Chinese text comes in; restricting the detector to them makes
# it reliable on short texts (Big5 and GBK bytes are valid in many codecs).
_CANDIDATES = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]
_UTF16 = ["utf_16_le", "utf_16_be"]
_DECODE_HINT = "expected text in UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5"

# Formats whose first bytes say what they are.  Most of them would also fail
# the statistics below, but a tar archive of UTF-8 files is valid UTF-8 with
# few NUL bytes, and naming the format makes the message clearer.
_SIGNATURES = [
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (0, b"PK\x05\x06", "an empty ZIP archive"),
    (0, b"\x1f\x8b", "a gzip archive"),
    (0, b"BZh", "a bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "an xz archive"),
    (0, b"(\xb5/\xfd", "a zstd archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (257, b"ustar", "a tar archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\x7fELF", "a program (ELF)"),
]

STRAY_CONTROL_LIMIT = 0.01
"""Largest share of a text's characters that may be stray control characters.

Up to this share they are removed with a :class:`ControlCharactersWarning`
(scraped corpora often carry a few NUL bytes); above it the file is taken
for binary and refused.  Text decoded from an image, an archive or UTF-16
read as UTF-8 has far more (a quarter or half of its characters)."""

# C0 and C1 control characters except the whitespace ones (\t \n \v \f \r).
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_STRAY_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def _binary_signature(data: bytes) -> str | None:
    if data.startswith(b"BZh") and data[4:10] != b"1AY&SY":
        return None  # "BZh" alone can start a text
    return next((kind for at, magic, kind in _SIGNATURES if data[at : at + len(magic)] == magic), None)


def _control_share(text: str) -> float:
    return len(_STRAY_CONTROL.findall(text)) / max(len(text), 1)


def _detect(data: bytes, candidates: list[str]) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    return None if best is None else best.encoding


def _decode(path: str | Path, data: bytes) -> str:
    """Decode ``data``: a byte-order mark, else strict UTF-8, else the detector.

    Telling UTF-16 without a BOM from UTF-8 with stray NUL bytes: UTF-16
    spends a NUL byte on every ASCII character (digits, punctuation, line
    breaks) and its Chinese characters are not valid UTF-8, so it either
    fails UTF-8 or, if it is nearly all ASCII, decodes to text that is
    about half NULs.  UTF-8 text with stray NULs decodes to text with a few.
    So valid UTF-8 above :data:`STRAY_CONTROL_LIMIT` is offered to the
    detector as UTF-16 before it is called binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise BinaryFileError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _control_share(text) <= STRAY_CONTROL_LIMIT:
            return text
        encoding = _detect(data, _UTF16) if len(data) % 2 == 0 else None
        return _decode_as(path, data, encoding) if encoding else text  # binary: refused by the caller
    encoding = _detect(data, _CANDIDATES)
    if encoding is None and _STRAY_CONTROL_BYTES.search(data):
        # GB18030 and Big5 never use an ASCII control byte inside a character,
        # so the detector may judge them without the stray controls (which
        # stay in the decoded text, to be counted and removed).
        encoding = _detect(_STRAY_CONTROL_BYTES.sub(b"", data), ["gb18030", "big5", "big5hkscs"])
    if encoding is None:
        raise BinaryFileError(path, f"cannot be decoded: it looks binary or uses an unknown encoding ({_DECODE_HINT})")
    return _decode_as(path, data, encoding)


def _decode_as(path: str | Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BinaryFileError(path, f"cannot be decoded as {encoding}, the closest guess ({_DECODE_HINT})") from None


def _remove_stray_controls(path: str | Path, text: str) -> str:
    """Remove a few stray control characters with one warning; refuse a text made of them."""
    found = _STRAY_CONTROL.findall(text)
    if not found:
        return text
    if len(found) / len(text) > STRAY_CONTROL_LIMIT:
        raise BinaryFileError(path, f"looks like a binary file, not text ({_DECODE_HINT})")
    lines, line, last = [], 1, 0
    for m in _STRAY_CONTROL.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    kinds = Counter(found)
    what = ", ".join(f"U+{ord(ch):04X} ×{n:,}" for ch, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
    shown = ", ".join(map(str, lines[:5])) + (", …" if len(lines) > 5 else "")
    warnings.warn(
        f"{path}: removed {len(found):,} stray control character(s) ({what}) on {len(lines):,} line(s), "
        f"first on line(s) {shown}; the rest of the file is read as text",
        ControlCharactersWarning,
        stacklevel=4,
    )
    return _STRAY_CONTROL.sub("", text)


def read_text(path: str | Path) -> str:
    """Read a text file whose encoding is not known in advance.

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32); then strict
    UTF-8; then charset-normalizer chooses among GB18030 (a superset of GBK),
    Big5 and BOM-less UTF-16.  Line endings become ``\\n``.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    str
        The decoded text.

    Raises
    ------
    EmptyFileError
        The file is empty or only whitespace.
    BinaryFileError
        The file is an image, an archive or another binary format, or in no
        encoding textkit knows.
    CorpusFileError
        The file is missing or cannot be read.

    Warns
    -----
    ControlCharactersWarning
        Stray control characters (NUL bytes and the like; at most
        :data:`STRAY_CONTROL_LIMIT` of the text) were removed: one warning
        per file, with their count and first line numbers.

    Examples
    --------
    >>> read_text("seeds/000_0cb52c72f24d951b.txt").splitlines()[0]
    '科技創新片區:雙輪驅動的科創「大腦」【掘金大開放 探秘自貿區...'
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusFileError(path, "no such file") from None
    except IsADirectoryError:
        raise CorpusFileError(path, "is a folder, expected a file") from None
    except OSError as exc:
        raise CorpusFileError(path, f"cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    text = decode_text(data, name=path)
    if not text.strip():
        raise EmptyFileError(path, "the file is empty (only whitespace)")
    return text


def decode_text(data: bytes, *, name: str | Path = "<bytes>") -> str:
    """Decode bytes whose encoding is not known in advance, as :func:`read_text` decodes a file.

    For text that comes from no file: standard input (``name="<stdin>"``),
    a download, an archive member.

    Parameters
    ----------
    data : bytes
    name : str or Path, default "<bytes>"
        What errors and warnings name as the source.

    Returns
    -------
    str
        The decoded text, line endings ``\\n``, stray control characters
        removed; empty if ``data`` is.

    Raises
    ------
    BinaryFileError
        ``data`` is an image, an archive or another binary format, or in no
        encoding textkit knows.

    Warns
    -----
    ControlCharactersWarning
        As :func:`read_text`.

    Examples
    --------
    >>> decode_text("中關村科學城已聚集了華為等科技創新企業\\r\\n".encode("big5"), name="<stdin>")
    '中關村科學城已聚集了華為等科技創新企業\\n'
    """
    if kind := _binary_signature(data):
        raise BinaryFileError(name, f"looks like a binary file ({kind}), not text ({_DECODE_HINT})")
    text = _decode(name, data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _remove_stray_controls(name, text)


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

# 2020年1月5日, 2020年01月05日 08時30分: the Chinese way of writing a date, made ISO-like for pandas.
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?")
_CJK_TIME = re.compile(r"(\d{1,2})\s*[時时点點]\s*(\d{1,2})\s*分?(?:\s*(\d{1,2})\s*秒)?")
# A UTC offset after a time (08:30+08:00, 08:30Z, 08:30 +0800): dropped, the wall-clock time stays.
_UTC_OFFSET = re.compile(r"(?<=\d)\s*(?:Z|UTC|GMT)?\s*[+-]\d{2}:?\d{2}$|(?<=\d)\s*(?:Z|UTC|GMT)$")


def _normalise_date(value: str) -> str:
    import unicodedata

    value = unicodedata.normalize("NFKC", value).strip()
    value = _CJK_DATE.sub(lambda m: f"{m[1]}-{m[2]}-{m[3]} ", value)
    value = _CJK_TIME.sub(lambda m: f"{m[1]}:{m[2]}" + (f":{m[3]}" if m[3] else ""), value)
    if ":" in value:  # only after a time: 2020-01-05 alone ends in -05, which is not an offset
        value = _UTC_OFFSET.sub("", value)
    return value.strip()


def _naive(value: str) -> pd.Timestamp:
    stamp = pd.to_datetime(value, errors="coerce")
    return stamp.tz_localize(None) if stamp is not pd.NaT and stamp.tz is not None else stamp


def _to_datetime(values: pd.Series, **options) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' "could not infer format" notes: the caller reports what failed
        try:
            out = pd.to_datetime(values, errors="coerce", **options)
        except ValueError:  # a time zone name left in some values ("EST"): read one by one, the zone dropped
            out = pd.Series([_naive(v) for v in values], index=values.index, dtype="datetime64[us]")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out


def parse_dates(
    values: Sequence[str | None],
    *,
    path: str | Path = "<dates>",
    lines: Sequence[int] | None = None,
    column: str = "date",
) -> pd.Series:
    """Parse date strings with pandas; empty and unparseable ones become ``NaT`` with one warning.

    Parameters
    ----------
    values : sequence of str or None
        One per document.  ISO dates and times (``2020-01-05``,
        ``2020-01-05 08:30``, ``2020-01-05T08:30:00+08:00``), slashes and
        dots (``2020/1/5``, ``2020.01.05``), ``20200105``, English month
        names, and Chinese dates (``2020年1月5日``, ``2020年1月5日 8時30分``),
        also in full-width digits.
    path, lines, column
        Where the values come from, for the warning: the file, each
        value's line number, the column name.

    Returns
    -------
    Series of datetime64
        ``NaT`` where a value is empty or cannot be read.  A UTC offset
        (``+08:00``, ``Z``) is dropped: every date stays in the wall-clock
        time it was written in, the day its readers saw.

    Warns
    -----
    DateWarning
        Some values are empty or unparseable: the warning gives both
        counts and the first lines with their values.

    Notes
    -----
    pandas infers one format from the first value and reads the column
    with it (fast); values in another format are read one by one
    (``format="mixed"``, dateutil).  A day-first date such as ``05/01/2020``
    is read month first, as dateutil does: prefer ISO dates.

    Examples
    --------
    >>> parse_dates(["2020-01-05 08:30", "2020年1月6日"]).dt.strftime("%Y-%m-%d").tolist()
    ['2020-01-05', '2020-01-06']
    """
    raw = pd.Series(list(values), dtype=object)
    text = raw.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else _normalise_date(str(v)))
    given = text != ""
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    if given.any():
        first = _to_datetime(text[given])
        parsed[given] = first
        retry = given & parsed.isna()
        if retry.any():
            parsed[retry] = _to_datetime(text[retry], format="mixed")
    bad = given & parsed.isna()
    empty = ~given
    if bad.any() or empty.any():
        where = list(lines) if lines is not None else list(range(1, len(raw) + 1))
        parts = []
        if bad.any():
            shown = ", ".join(f"line {where[i]}: {str(raw[i])[:30]!r}" for i in np.flatnonzero(bad)[:5])
            parts.append(f"{int(bad.sum()):,} unparseable ({shown}{', …' if bad.sum() > 5 else ''})")
        if empty.any():
            shown = ", ".join(f"line {where[i]}" for i in np.flatnonzero(empty)[:5])
            parts.append(f"{int(empty.sum()):,} empty ({shown}{', …' if empty.sum() > 5 else ''})")
        warnings.warn(
            f"{path}: {int((bad | empty).sum()):,} of {len(raw):,} document(s) have no usable date in column {column!r} "
            f"and are kept without one: {'; '.join(parts)}",
            DateWarning,
            stacklevel=3,
        )
    return parsed.astype("datetime64[us]")


# ---------------------------------------------------------------------------
# The seed format
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedItem:
    """One entry of the ``相關焦點`` list."""

    headline: str
    snippet: str


@dataclass(frozen=True)
class Section:
    """A headed section of the article and its paragraphs, in order."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SeedArticle:
    """A parsed seed file.  Missing parts are ``None`` or empty, never guessed."""

    path: str
    title: str
    date: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    web_editor: str | None = None
    source_date: str | None = None
    caption: str | None = None
    lead: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    closing_byline: str | None = None
    related: tuple[RelatedItem, ...] = field(default=())

    @property
    def paragraphs(self) -> list[tuple[str | None, str]]:
        """``(heading, paragraph)`` pairs of the whole article; the lead has heading ``None``."""
        return [(None, p) for p in self.lead] + [(s.heading, p) for s in self.sections for p in s.paragraphs]


_RELATED_HEADER = re.compile(rf"^\s*(?:{RELATED_HEADERS})\s*$")
_DATE_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s+(\S.*))?$")
_SOURCE_LINE = re.compile(rf"^(?:{SOURCE_LABELS})\s*[:：]")
_FIELD_LABELS = f"{SOURCE_LABELS}|{CREDIT_LABELS}"
_FIELD = re.compile(rf"({_FIELD_LABELS})\s*[:：]\s*(.*?)\s*(?=(?:{_FIELD_LABELS})\s*[:：]|\d{{4}}-\d{{1,2}}-\d{{1,2}}|$)")
_TRAILING_DATE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})\s*$")
_CAPTION = re.compile(rf"(?:{CAPTION_LABELS})\s*[:：]\s*\S+\s*$")
_BYLINE = re.compile(rf"^\S{{0,12}}(?:{REPORTER_LABELS})(?:\s+[{HAN}]{{2,4}}){{1,6}}$")
_BULLET = re.compile(r"^\s*[•·●▪■◆\-\*]\s*(.+)$")
_SENTENCE_END = "。！？!?」』”…."


def looks_like_seed(text: str) -> bool:
    """Whether a text has the seed format's landmarks.

    A seed file has a ``YYYY-MM-DD publisher`` date line or a
    ``出處:… 作者:…`` source line near the top, or a ``相關焦點`` list.
    """
    head = [ln.strip() for ln in text.split("\n")[:12] if ln.strip()]
    has_date = any(_DATE_LINE.match(ln) for ln in head)
    has_source = any(_SOURCE_LINE.match(ln) and ("作者" in ln or "網編" in ln or "网编" in ln) for ln in head)
    has_related = any(_RELATED_HEADER.match(ln) for ln in text.split("\n"))
    return has_date or has_source or has_related


def _is_heading(line: str) -> bool:
    return len(line) <= 40 and line[-1] not in _SENTENCE_END and not line.endswith("...")


def parse_seed(text: str, *, path: str | Path = "<string>") -> SeedArticle:
    """Parse the text of one seed file.

    Parameters
    ----------
    text : str
        Decoded file content.
    path : str or Path
        Shown in error messages and kept in the result.

    Returns
    -------
    SeedArticle

    Raises
    ------
    CorpusFileError
        The text has none of the seed format's landmarks, or no paragraph.

    Notes
    -----
    Headings are recognised as short lines (at most 40 characters) that do
    not end with sentence punctuation.  A missing date line, byline,
    caption or related list leaves that field empty.

    Examples
    --------
    >>> art = parse_seed(read_text("seeds/000_0cb52c72f24d951b.txt"))
    >>> [s.heading for s in art.sections]
    ['兩大組團驅動:匯聚高精尖創新資源', '中關村科學城:科技服務等產業發力', '生命科學園:體制改革先試先行']
    """
    if not looks_like_seed(text):
        raise CorpusFileError(
            path,
            "does not look like a seed file (expected a 'YYYY-MM-DD publisher' date line, an '出處:… 作者:…' line "
            "or a '相關焦點' list); to read plain text use load_corpus(..., format='files' or 'lines')",
        )
    lines = [ln.replace("\u00a0", " ").strip() for ln in text.split("\n")]
    related_at = next((i for i, ln in enumerate(lines) if _RELATED_HEADER.match(ln)), None)
    body = [ln for ln in (lines if related_at is None else lines[:related_at]) if ln]
    tail = [] if related_at is None else [ln for ln in text.split("\n")[related_at + 1 :]]

    if not body:
        raise CorpusFileError(path, "has no title or article text before the related list")
    short_title = body.pop(0)
    title = short_title.removesuffix("...").removesuffix("…")
    date = publisher = None
    if body and (m := _DATE_LINE.match(body[0])):
        date, publisher = m.group(1), m.group(2)
        body.pop(0)
        # The full title usually follows the date line and extends the short one.
        if body and body[0].startswith(title[: max(4, len(title) // 2)]):
            title = body.pop(0)
    authors: tuple[str, ...] = ()
    web_editor = source_date = None
    if body and _SOURCE_LINE.match(body[0]):
        source_line = body.pop(0)
        fields = {k: v for k, v in _FIELD.findall(source_line)}
        publisher = publisher or fields.get("出處") or fields.get("出处") or fields.get("來源") or fields.get("来源")
        authors = tuple(fields.get("作者", "").split())
        web_editor = fields.get("網編") or fields.get("网编") or fields.get("責編") or fields.get("责编") or None
        if m := _TRAILING_DATE.search(source_line):
            source_date = m.group(1)
    caption = None
    if body and _CAPTION.search(body[0]) and len(body) > 1:
        caption = body.pop(0)
    closing = None
    if body and _BYLINE.match(body[-1]):
        closing = body.pop()

    lead: list[str] = []
    sections: list[Section] = []
    heading: str | None = None
    paras: list[str] = []
    for ln in body:
        if _is_heading(ln):
            if heading is not None:
                sections.append(Section(heading, tuple(paras)))
            elif paras:
                lead.extend(paras)
            heading, paras = ln, []
        else:
            paras.append(ln)
    if heading is not None:
        sections.append(Section(heading, tuple(paras)))
    else:
        lead.extend(paras)
    if not lead and not any(s.paragraphs for s in sections):
        raise CorpusFileError(path, "has a title but no article paragraphs")

    related: list[RelatedItem] = []
    headline: str | None = None
    snippet: list[str] = []
    for raw in tail:
        ln = raw.replace("\u00a0", " ").strip()
        if not ln:
            continue
        if m := _BULLET.match(raw):
            if headline is not None:
                related.append(RelatedItem(headline, " ".join(snippet)))
            headline, snippet = m.group(1).strip(), []
        elif headline is not None:
            snippet.append(ln)
        else:
            headline = ln  # a list without bullets: one headline per line
    if headline is not None:
        related.append(RelatedItem(headline, " ".join(snippet)))

    return SeedArticle(
        path=str(path),
        title=title,
        date=date,
        publisher=publisher,
        authors=authors,
        web_editor=web_editor,
        source_date=source_date,
        caption=caption,
        lead=tuple(lead),
        sections=tuple(sections),
        closing_byline=closing,
        related=tuple(related),
    )


def read_seed(path: str | Path) -> list[SeedArticle]:
    """Parse a seed file, or every ``.txt`` seed file in a folder (sorted by name).

    Examples
    --------
    >>> [len(a.related) for a in read_seed("seeds")]
    [20]
    """
    return [parse_seed(read_text(p), path=p) for p in _txt_files(Path(path))]


def _lead_label(article: SeedArticle) -> str:
    from textkit.corpus.script import detect_script

    return "导语" if detect_script(article.title) == "simplified" else "導語"


def seed_tables(articles: Sequence[SeedArticle]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two seed corpora as tables: article paragraphs and related headlines.

    Parameters
    ----------
    articles : sequence of SeedArticle

    Returns
    -------
    (article, headlines) : tuple of DataFrame
        Both have the columns of :data:`COLUMNS`.  ``article`` has one row
        per paragraph: ``section`` is its heading (``導語`` for the lead),
        ``position`` its 1-based index in the article.  ``headlines`` has one
        row per related item: ``position`` its rank in the list, ``title``
        the headline, ``text`` headline and snippet, plus ``headline`` and
        ``snippet`` columns.  Article paragraphs carry the article's date
        (its date line), headlines none (``NaT``): the list gives none.
    """
    rows_a, rows_h = [], []
    for art in articles:
        stem = Path(art.path).stem
        lead = _lead_label(art)
        for pos, (heading, para) in enumerate(art.paragraphs, start=1):
            section = heading if heading is not None else lead
            rows_a.append(
                {
                    "doc_id": f"{stem}:a{pos:02d}",
                    "group": "article",
                    "source": Path(art.path).name,
                    "section": section,
                    "position": pos,
                    "title": art.title,
                    "label": f"{section.split(':')[0].split('：')[0][:8]}·{pos}",
                    "date": art.date,
                    "text": para,
                }
            )
        for pos, item in enumerate(art.related, start=1):
            rows_h.append(
                {
                    "doc_id": f"{stem}:h{pos:02d}",
                    "group": "headlines",
                    "source": Path(art.path).name,
                    "section": None,
                    "position": pos,
                    "title": item.headline,
                    "label": f"H{pos:02d} {item.headline[:10]}",
                    "date": None,  # the related list gives no dates
                    "text": f"{item.headline}\n{item.snippet}".strip(),
                    "headline": item.headline,
                    "snippet": item.snippet,
                }
            )
    article = pd.DataFrame(rows_a, columns=COLUMNS)
    headlines = pd.DataFrame(rows_h, columns=[*COLUMNS, "headline", "snippet"])
    # The date line is matched as YYYY-MM-DD, so it always parses.
    article["date"] = pd.to_datetime(article["date"]).astype("datetime64[us]")
    headlines["date"] = headlines["date"].astype("datetime64[us]")
    return article, headlines


# ---------------------------------------------------------------------------
# A user's own corpus
# ---------------------------------------------------------------------------


def _txt_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file() and not p.name.startswith("."))
        if not files:
            raise CorpusFileError(path, "the folder holds no .txt files")
        return files
    if not path.exists():
        raise CorpusFileError(path, "no such file or folder")
    return [path]


def _warn_empty(path: Path, empty: list[str]) -> None:
    if empty:
        shown = ", ".join(empty[:10]) + (f" and {len(empty) - 10} more" if len(empty) > 10 else "")
        warnings.warn(f"{path}: {len(empty)} empty document(s) left out: {shown}", EmptyDocumentsWarning, stacklevel=4)


def _frame(rows: list[dict], path: Path, empty: list[str]) -> pd.DataFrame:
    _warn_empty(path, empty)
    if not rows:
        raise CorpusFileError(path, "holds no non-empty document")
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["date"] = frame["date"].astype("datetime64[us]")
    return frame


def _row(doc_id: str, group: str, source: str, position: int, title: str, text: str, date=None) -> dict:
    return {
        "doc_id": doc_id,
        "group": group,
        "source": source,
        "section": None,
        "position": position,
        "title": title,
        "label": title[:12] if title else doc_id,
        "date": date,
        "text": text,
    }


def _read_files(files: Iterable[Path]) -> tuple[dict[Path, str], list[str]]:
    """Read every file once; empty files are set aside (by name), other errors raise."""
    texts, empty = {}, []
    for f in files:
        try:
            texts[f] = read_text(f)
        except EmptyFileError:
            empty.append(f.name)
    return texts, empty


def _load_files(path: Path, texts: dict[Path, str], empty: list[str], group: str) -> pd.DataFrame:
    rows = []
    for i, (f, text) in enumerate(texts.items(), start=1):
        text = text.strip()
        rows.append(_row(f.stem, group, f.name, i, text.split("\n", 1)[0][:40], text))
    return _frame(rows, path, empty)


def _load_lines(path: Path, text: str, group: str) -> pd.DataFrame:
    rows, empty = [], []
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()  # a final newline is not an empty document
    for i, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            empty.append(f"line {i}")
            continue
        rows.append(_row(f"{path.stem}:{i}", group, path.name, i, text[:40], text))
    return _frame(rows, path, empty)


_COLUMN_OPTIONS = ("text_column", "id_column", "title_column", "group_column", "date_column")


def _missing_column(path: Path, option: str, name: str, columns: Sequence[str], *, line: int | None = None) -> MissingColumnError:
    from textkit.corpus.script import to_simplified

    shown = ", ".join(map(str, columns)) or "none"
    # Close in spelling, case, spacing or script (來源 for 来源).
    keys = {to_simplified(str(c)).strip().casefold(): str(c) for c in columns}
    close = [keys[k] for k in difflib.get_close_matches(to_simplified(name).strip().casefold(), list(keys), n=1, cutoff=0.6)]
    hint = f"; did you mean {close[0]!r}?" if close else f"; pass {option}=… with one of them"
    where = "this record has" if line is not None else "columns"
    return MissingColumnError(path, f"has no column {name!r} ({option}; {where}: {shown}){hint}", line=line)


def _check_columns(path: Path, columns: Sequence[str], named: dict[str, str]) -> None:
    """Every named column is in the file, once."""
    for option, name in named.items():
        found = sum(1 for c in columns if c == name)
        if found == 0:
            raise _missing_column(path, option, name, columns)
        if found > 1:
            raise MalformedRecordError(path, f"the header names column {name!r} ({option}) {found} times")


def _csv_records(path: Path, text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(line, record)`` pairs of a CSV text; ``line`` is where the record starts.

    Python's csv reader counts the lines it has read, so a quoted field that
    spans several lines moves the next record's line number with it (a row
    index + 2 would not).
    """
    reader = csv.reader(StringIO(text), strict=True)
    header: list[str] | None = None
    records: list[tuple[int, dict[str, str]]] = []
    start = 1
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long article is one field
    try:
        for row in reader:
            if not row or row == [""]:
                start = reader.line_num + 1
                continue
            if header is None:
                header = row
            elif len(row) > len(header):
                raise MalformedRecordError(
                    path, f"has {len(row)} fields, the header has {len(header)} (a comma in an unquoted field?)", line=start
                )
            else:
                records.append((start, dict(zip(header, row + [""] * (len(header) - len(row))))))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "end of data" in str(exc) or "EOF" in str(exc):
            raise MalformedRecordError(path, "a quoted field that starts here is never closed", line=start) from None
        raise MalformedRecordError(path, f"is not a valid CSV file ({exc})", line=reader.line_num) from None
    finally:
        csv.field_size_limit(limit)
    if header is None:
        raise EmptyFileError(path, "the CSV file has no header")
    if not records:
        raise CorpusFileError(path, "the CSV file has a header but no rows")
    return header, records


def _jsonl_records(path: Path, text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Keys (in order of first appearance) and ``(line, record)`` pairs of a JSON Lines text."""
    records, keys = [], {}
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedRecordError(path, f"is not valid JSON ({exc.msg}, column {exc.colno})", line=lineno) from None
        if not isinstance(rec, dict):
            raise MalformedRecordError(path, f"expected a JSON object per line, got {type(rec).__name__}", line=lineno)
        keys.update(dict.fromkeys(rec))
        records.append((lineno, rec))
    return list(keys), records


def _field(path: Path, rec: dict, option: str, name: str, lineno: int) -> str | None:
    """The value of a named column in one record as a string; ``None`` when it is null."""
    if name not in rec:
        raise _missing_column(path, option, name, list(rec), line=lineno)
    value = rec[name]
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dict, list)):
        raise MalformedRecordError(path, f"column {name!r} ({option}) holds a JSON {type(value).__name__}, expected text", line=lineno)
    return str(value)


def _load_records(
    path: Path, columns: Sequence[str], records: list[tuple[int, dict]], named: dict[str, str | None], default_group: str
) -> pd.DataFrame:
    """Documents from CSV or JSONL records; ``named`` maps each column option to its column (or ``None``)."""
    _check_columns(path, columns, {option: name for option, name in named.items() if name is not None})
    text_column, id_column, title_column, group_column, date_column = (named[option] for option in _COLUMN_OPTIONS)
    rows, empty, raw_dates, date_lines = [], [], [], []
    first_line: dict[str, int] = {}
    for pos, (lineno, rec) in enumerate(records, start=1):
        text = (_field(path, rec, "text_column", text_column, lineno) or "").strip()
        doc_id = f"{path.stem}:{lineno}"
        if id_column is not None:
            doc_id = (_field(path, rec, "id_column", id_column, lineno) or "").strip()
            if not doc_id:
                raise MalformedRecordError(path, f"the id column {id_column!r} is empty", line=lineno)
            if doc_id in first_line:
                raise MalformedRecordError(
                    path, f"id {doc_id!r} (column {id_column!r}) was already used on line {first_line[doc_id]}", line=lineno
                )
            first_line[doc_id] = lineno
        if not text:
            empty.append(f"line {lineno}")
            continue
        title = _field(path, rec, "title_column", title_column, lineno) if title_column else None
        group = _field(path, rec, "group_column", group_column, lineno) if group_column else None
        if date_column:
            raw_dates.append(_field(path, rec, "date_column", date_column, lineno))
            date_lines.append(lineno)
        rows.append(_row(doc_id, default_group if group is None else group, path.name, pos, text[:40] if title is None else title, text))
    frame = _frame(rows, path, empty)
    if date_column:
        frame["date"] = parse_dates(raw_dates, path=path, lines=date_lines, column=date_column).to_numpy()
    return frame


def _seed_frame(articles: Sequence[SeedArticle]) -> pd.DataFrame:
    article, headlines = seed_tables(articles)
    return pd.concat([article, headlines[COLUMNS]], ignore_index=True)


def load_corpus(
    path: str | Path,
    *,
    format: Format = "auto",
    text_column: str = "text",
    id_column: str | None = None,
    title_column: str | None = None,
    group_column: str | None = None,
    date_column: str | None = None,
    default_group: str = "documents",
) -> pd.DataFrame:
    """Load a corpus into one table with the columns of :data:`COLUMNS`.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files, a ``.txt``, ``.csv`` or ``.jsonl`` file.
    format : {"auto", "seed", "files", "lines", "csv", "jsonl"}
        ``auto`` decides by the file ending; ``.txt`` files (and folders of
        them) in the seed format are parsed as seed files, other ``.txt``
        files are one document per file (a folder) or per line (one file).
    text_column : str, default "text"
        The column (CSV) or key (JSONL) holding the text.
    id_column, title_column, group_column : str, optional
        Columns giving the document id, its title and its group; the group
        goes to the ``group`` column, which the notebooks compare.
    date_column : str, optional
        Column giving the document's date (and time), parsed with pandas
        into the ``date`` column (see :func:`parse_dates`).  Seed files need
        none: article paragraphs get the article's date line.
    default_group : str, default "documents"
        The ``group`` value when there is no group column.

    Returns
    -------
    DataFrame
        One row per non-empty document, in file order.  For seed files the
        article paragraphs come first, then the headlines (``group`` is
        ``article`` or ``headlines``).

    Raises
    ------
    BinaryFileError, EmptyFileError
        See :func:`read_text`.
    MissingColumnError
        A named column (``text_column``, ``id_column``, ``title_column``,
        ``group_column``, ``date_column``) is not in the file: the message names the file and
        the columns there are.
    MalformedRecordError
        A JSON line does not parse, a CSV row has more fields than the
        header or a quoted field is never closed, an id is empty or used
        twice.  The message gives the line where the record starts (true
        for CSV fields that span lines).
    CorpusFileError
        A missing path, or a corpus that holds no document.
    ParameterError
        An unknown ``format``, or a column option for a corpus without
        columns (a folder or a ``.txt`` file).

    Warns
    -----
    EmptyDocumentsWarning
        Empty documents were left out; the warning lists them.
    ControlCharactersWarning
        Stray control characters were removed from a file (see :func:`read_text`).
    DateWarning
        Some dates are empty or cannot be parsed: those documents are kept
        with ``date`` = ``NaT``; the warning gives the count and first lines.

    Examples
    --------
    >>> load_corpus("seeds").loc[0, ["group", "section", "text"]].tolist()[:2]
    ['article', '導語']
    """
    path = Path(path)
    if format not in ("auto", "seed", "files", "lines", "csv", "jsonl"):
        raise ParameterError(f"format must be one of auto, seed, files, lines, csv, jsonl (got {format!r})")
    named = dict(zip(_COLUMN_OPTIONS, (text_column, id_column, title_column, group_column, date_column)))
    for option, name in named.items():
        if (name is not None or option == "text_column") and not (isinstance(name, str) and name):
            raise ParameterError(f"{option} must be a column name (got {name!r})")
    if not path.exists():
        raise CorpusFileError(path, "no such file or folder")
    suffix = path.suffix.lower()
    if path.is_dir():
        if format not in ("auto", "seed", "files"):
            raise CorpusFileError(path, f"is a folder; format={format!r} needs a file")
        texts, empty = _read_files(_txt_files(path))
        if format == "auto":
            format = "seed" if texts and all(looks_like_seed(t) for t in texts.values()) else "files"
        _no_columns(path, format, named)
        if format == "files":
            return _load_files(path, texts, empty, default_group)
        _warn_empty(path, empty)
        if not texts:
            raise CorpusFileError(path, "holds no non-empty document")
        return _seed_frame([parse_seed(t, path=f) for f, t in texts.items()])
    text = read_text(path)
    if format == "auto":
        if suffix == ".csv":
            format = "csv"
        elif suffix in (".jsonl", ".ndjson"):
            format = "jsonl"
        else:
            format = "seed" if looks_like_seed(text) else "lines"
    if format in ("seed", "files", "lines"):
        _no_columns(path, format, named)
    if format == "seed":
        return _seed_frame([parse_seed(text, path=path)])
    if format == "files":
        return _load_files(path, {path: text}, [], default_group)
    if format == "lines":
        return _load_lines(path, text, default_group)
    columns, records = _csv_records(path, text) if format == "csv" else _jsonl_records(path, text)
    return _load_records(path, columns, records, named, default_group)


def _no_columns(path: Path, format: str, named: dict[str, str | None]) -> None:
    """Column options given for a corpus that has no columns are an error, not ignored."""
    given = [f"{k}={v!r}" for k, v in named.items() if v is not None and (k, v) != ("text_column", "text")]
    if given:
        raise ParameterError(
            f"{', '.join(given)}: {path} is read as format={format!r}, which has no columns; "
            "column options apply to .csv and .jsonl files (or pass format='csv' / 'jsonl')"
        )
