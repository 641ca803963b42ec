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
(:mod:`textkit.clean`).

Examples
--------
>>> docs = load_corpus("seeds")
>>> docs.groupby("corpus").size().to_dict()
{'article': 20, 'headlines': 20}
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Literal

import pandas as pd

from textkit.errors import CorpusFileError, EmptyDocumentsWarning, EmptyFileError, ParameterError
from textkit.patterns import CAPTION_LABELS, CREDIT_LABELS, HAN, RELATED_HEADERS, REPORTER_LABELS, SOURCE_LABELS

__all__ = [
    "COLUMNS",
    "RelatedItem",
    "Section",
    "SeedArticle",
    "read_text",
    "parse_seed",
    "read_seed",
    "looks_like_seed",
    "seed_tables",
    "load_corpus",
]

COLUMNS = ["doc_id", "corpus", "source", "section", "position", "title", "label", "text"]
"""Columns of every document table, in order."""

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
_DECODE_HINT = "expected text in UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5"


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return bad / max(len(text), 1)


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
    CorpusFileError
        The file is missing, empty, binary or in no encoding textkit knows.

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
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise CorpusFileError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
        if best is None:
            raise CorpusFileError(path, f"cannot be decoded: it looks binary or uses an unknown encoding ({_DECODE_HINT})")
        text = str(best)
    if "\x00" in text or _control_ratio(text) > 0.01:
        raise CorpusFileError(path, f"looks like a binary file, not text ({_DECODE_HINT})")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFileError(path, "the file is empty (only whitespace)")
    return text


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
    from textkit.script import detect_script

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
        ``snippet`` columns.
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
                    "corpus": "article",
                    "source": Path(art.path).name,
                    "section": section,
                    "position": pos,
                    "title": art.title,
                    "label": f"{section.split(':')[0].split('：')[0][:8]}·{pos}",
                    "text": para,
                }
            )
        for pos, item in enumerate(art.related, start=1):
            rows_h.append(
                {
                    "doc_id": f"{stem}:h{pos:02d}",
                    "corpus": "headlines",
                    "source": Path(art.path).name,
                    "section": None,
                    "position": pos,
                    "title": item.headline,
                    "label": f"H{pos:02d} {item.headline[:10]}",
                    "text": f"{item.headline}\n{item.snippet}".strip(),
                    "headline": item.headline,
                    "snippet": item.snippet,
                }
            )
    article = pd.DataFrame(rows_a, columns=COLUMNS)
    headlines = pd.DataFrame(rows_h, columns=[*COLUMNS, "headline", "snippet"])
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
    return pd.DataFrame(rows, columns=COLUMNS)


def _row(doc_id: str, corpus: str, source: str, position: int, title: str, text: str) -> dict:
    return {
        "doc_id": doc_id,
        "corpus": corpus,
        "source": source,
        "section": None,
        "position": position,
        "title": title,
        "label": title[:12] if title else doc_id,
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


def _load_files(path: Path, texts: dict[Path, str], empty: list[str], corpus: str) -> pd.DataFrame:
    rows = []
    for i, (f, text) in enumerate(texts.items(), start=1):
        text = text.strip()
        rows.append(_row(f.stem, corpus, f.name, i, text.split("\n", 1)[0][:40], text))
    return _frame(rows, path, empty)


def _load_lines(path: Path, text: str, corpus: str) -> pd.DataFrame:
    rows, empty = [], []
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()  # a final newline is not an empty document
    for i, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            empty.append(f"line {i}")
            continue
        rows.append(_row(f"{path.stem}:{i}", corpus, path.name, i, text[:40], text))
    return _frame(rows, path, empty)


def _load_records(
    path: Path,
    records: list[tuple[int, dict]],
    *,
    text_column: str,
    id_column: str | None,
    title_column: str | None,
    group_column: str | None,
    corpus: str,
    line_word: str,
) -> pd.DataFrame:
    rows, empty = [], []
    for pos, (lineno, rec) in enumerate(records, start=1):
        if text_column not in rec:
            raise CorpusFileError(
                path,
                f"has no column '{text_column}' (columns: {', '.join(map(str, rec))}); pass text_column=…",
                line=lineno,
            )
        value = rec[text_column]
        text = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
        doc_id = str(rec[id_column]) if id_column and id_column in rec else f"{path.stem}:{lineno}"
        if not text:
            empty.append(f"{line_word} {lineno}")
            continue
        title = str(rec[title_column]) if title_column and rec.get(title_column) is not None else text[:40]
        group = str(rec[group_column]) if group_column and rec.get(group_column) is not None else corpus
        rows.append(_row(doc_id, group, path.name, pos, title, text))
    return _frame(rows, path, empty)


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
    corpus: str = "documents",
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
        goes to the ``corpus`` column, which the notebooks compare.
    corpus : str, default "documents"
        The ``corpus`` value when there is no group column.

    Returns
    -------
    DataFrame
        One row per non-empty document, in file order.  For seed files the
        article paragraphs come first, then the headlines (``corpus`` is
        ``article`` or ``headlines``).

    Raises
    ------
    CorpusFileError
        A file cannot be decoded, is binary, lacks the text column, has a
        malformed JSON line, or the corpus holds no document.
    ParameterError
        An unknown ``format``.

    Warns
    -----
    EmptyDocumentsWarning
        Empty documents were left out; the warning lists them.

    Examples
    --------
    >>> load_corpus("seeds").loc[0, ["corpus", "section", "text"]].tolist()[:2]
    ['article', '導語']
    """
    path = Path(path)
    if format not in ("auto", "seed", "files", "lines", "csv", "jsonl"):
        raise ParameterError(f"format must be one of auto, seed, files, lines, csv, jsonl (got {format!r})")
    if not path.exists():
        raise CorpusFileError(path, "no such file or folder")
    suffix = path.suffix.lower()
    if path.is_dir():
        if format not in ("auto", "seed", "files"):
            raise CorpusFileError(path, f"is a folder; format={format!r} needs a file")
        texts, empty = _read_files(_txt_files(path))
        if format == "auto":
            format = "seed" if texts and all(looks_like_seed(t) for t in texts.values()) else "files"
        if format == "files":
            return _load_files(path, texts, empty, corpus)
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
    if format == "seed":
        return _seed_frame([parse_seed(text, path=path)])
    if format == "files":
        return _load_files(path, {path: text}, [], corpus)
    if format == "lines":
        return _load_lines(path, text, corpus)
    options = dict(
        text_column=text_column, id_column=id_column, title_column=title_column, group_column=group_column, corpus=corpus
    )
    if format == "csv":
        try:
            table = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise CorpusFileError(path, f"is not a valid CSV file ({str(exc).strip()})") from None
        records = [(i + 2, rec) for i, rec in enumerate(table.to_dict("records"))]  # line 1 is the header
        if not records:
            raise CorpusFileError(path, "the CSV file has a header but no rows")
        return _load_records(path, records, line_word="line", **options)
    records = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusFileError(path, f"is not valid JSON ({exc.msg})", line=lineno) from None
        if not isinstance(rec, dict):
            raise CorpusFileError(path, f"expected a JSON object per line, got {type(rec).__name__}", line=lineno)
        records.append((lineno, rec))
    return _load_records(path, records, line_word="line", **options)
