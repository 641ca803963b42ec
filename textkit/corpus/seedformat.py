"""The seed format: a news article with its date line, byline, caption, headed sections and related headlines.

A seed file is a Traditional-Chinese news page as a site shows it: a short
title, a ``YYYY-MM-DD publisher`` date line, the full title, an
``出處:… 作者:… 網編:…`` source line, an image caption, a lead and headed
sections, a closing byline, and a ``相關焦點`` list of related headlines
with snippets.  :func:`parse_seed` reads one into a :class:`SeedArticle`;
:func:`seed_tables` makes the two document tables (the article's
paragraphs, the headlines) that :func:`textkit.corpus.load.load_corpus`
returns for seed files.

Examples
--------
>>> art = read_seed("seeds")[0]
>>> art.date, art.publisher, len(art.related)
('2021-01-20', '北京商報', 20)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from textkit.corpus.decode import read_text
from textkit.corpus.patterns import CAPTION_LABELS, CREDIT_LABELS, HAN, RELATED_HEADERS, REPORTER_LABELS, SOURCE_LABELS
from textkit.errors import CorpusFileError

__all__ = [
    "COLUMNS",
    "RelatedItem",
    "Section",
    "SeedArticle",
    "looks_like_seed",
    "parse_seed",
    "read_seed",
    "seed_tables",
    "txt_files",
]

COLUMNS = ["doc_id", "group", "source", "section", "position", "title", "label", "date", "text"]
"""Columns of every document table, in order.  ``date`` is a pandas datetime (``NaT`` when a document has none)."""


def txt_files(path: Path) -> list[Path]:
    """The ``.txt`` files of a folder (sorted, hidden ones left out), or ``[path]`` for a file."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file() and not p.name.startswith("."))
        if not files:
            raise CorpusFileError(path, "the folder holds no .txt files")
        return files
    if not path.exists():
        raise CorpusFileError(path, "no such file or folder")
    return [path]


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
    return [parse_seed(read_text(p), path=p) for p in txt_files(Path(path))]


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

