"""Loading: a corpus file or folder as document tables, whole or a chunk at a time.

Two entry points, one code path:

* :func:`iter_corpus` yields the documents a chunk at a time, in input
  order, so that a corpus of any size can be read per shard;
* :func:`load_corpus` is their concatenation, one table.

A corpus is a folder of ``.txt`` files (one document per file), a ``.txt``
with one document per line, a table (CSV, TSV, JSON Lines, a JSON array of
objects, an Excel workbook, a Parquet file) with a text column, or files in
the seed format (:mod:`textkit.corpus.seedformat`).  The modules beside
this one do the parts: :mod:`~textkit.corpus.decode` (encodings),
:mod:`~textkit.corpus.readers` (formats, records),
:mod:`~textkit.corpus.dates` (the date column),
:mod:`~textkit.corpus.seedformat` (the seed).  Their public names are
importable from here too.

Every table has the columns of :data:`COLUMNS`.  Text is returned as read
(decoded, line endings normalised); cleaning is the next stage
(:mod:`textkit.corpus.clean`).

Examples
--------
>>> docs = load_corpus("seeds")
>>> docs.groupby("group").size().to_dict()
{'article': 20, 'headlines': 20}
>>> [len(chunk) for chunk in iter_corpus("seeds", chunk_size=15)]
[15, 15, 10]
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from textkit.corpus.dates import DateColumn, parse_dates
from textkit.corpus.decode import STRAY_CONTROL_LIMIT, TextLines, decode_text, read_text
from textkit.corpus.readers import FORMATS, KEY_SAMPLE, WHOLE_FILE_LIMIT, Records, check_whole, detect_format, open_records
from textkit.corpus.seedformat import (
    COLUMNS,
    RelatedItem,
    Section,
    SeedArticle,
    looks_like_seed,
    parse_seed,
    read_seed,
    seed_tables,
    txt_files,
)
from textkit.errors import (
    CorpusFileError,
    EmptyDocumentsWarning,
    EmptyFileError,
    MalformedRecordError,
    MissingColumnError,
    ParameterError,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_CHUNK_SIZE",
    "STRAY_CONTROL_LIMIT",
    "WHOLE_FILE_LIMIT",
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
    "iter_corpus",
    "parse_dates",
]

Format = Literal["auto", "seed", "files", "lines", "csv", "tsv", "jsonl", "json", "xlsx", "parquet"]

DEFAULT_CHUNK_SIZE = 10_000
"""Documents per table that :func:`iter_corpus` yields unless told otherwise."""

_COLUMN_OPTIONS = ("text_column", "id_column", "title_column", "group_column", "date_column")
_LETTER = re.compile(r"[^\W\d_]")  # any letter of any script: Han characters, Latin…


# ---------------------------------------------------------------------------
# Rows and chunks
# ---------------------------------------------------------------------------


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


def _frame(rows: list[dict], dates: DateColumn | None = None, lines: list[int] | None = None) -> pd.DataFrame:
    parsed = dates.parse([r["date"] for r in rows], lines) if dates is not None else None
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["date"] = parsed if parsed is not None else frame["date"].astype("datetime64[us]")
    return frame


class _Empty:
    """The empty documents of a corpus, reported once when it ends."""

    def __init__(self, where: str):
        self.where = where
        self.shown: list[str] = []
        self.count = 0

    def add(self, what: str) -> None:
        self.count += 1
        if len(self.shown) < 10:
            self.shown.append(what)

    def warn(self) -> None:
        if self.count:
            shown = ", ".join(self.shown) + (f" and {self.count - 10} more" if self.count > 10 else "")
            warnings.warn(f"{self.where}: {self.count} empty document(s) left out: {shown}", EmptyDocumentsWarning, stacklevel=4)


class _UniqueIds:
    """Every id of a corpus seen once, remembered as a 128-bit hash and its line: 24 bytes an id.

    Ids of the current batch are checked against each other at once (a
    dict); at :meth:`flush` the batch is checked against every earlier one,
    all at once (sorted arrays, merged as they grow, so a check costs a
    binary search per id).  The error is always the earliest id in the file
    that repeats one before it, however the corpus is cut.
    """

    _KEYS = ("textkit-ids-0001", "textkit-ids-0002")

    def __init__(self, where: str, column: str, unit: str):
        self.where, self.column, self.unit = where, column, unit
        self.pending: dict[str, int] = {}
        self.runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def _error(self, doc_id: str, line: int, first: int) -> MalformedRecordError:
        return MalformedRecordError(
            self.where, f"id {doc_id!r} (column {self.column!r}) was already used on {self.unit} {first}", line=line, unit=self.unit
        )

    def add(self, doc_id: str, line: int) -> None:
        if doc_id in self.pending:
            first = self.pending[doc_id]
            self.flush()  # an earlier id of this batch that repeats an earlier batch's comes first
            raise self._error(doc_id, line, first)
        self.pending[doc_id] = line

    def flush(self) -> None:
        if not self.pending:
            return
        from pandas.util import hash_array

        ids = np.array(list(self.pending), dtype=object)
        lines = np.fromiter(self.pending.values(), dtype=np.int64, count=len(ids))
        h1, h2 = (hash_array(ids, hash_key=key) for key in self._KEYS)
        hits: list[tuple[int, int]] = []
        for r1, r2, rlines in self.runs:
            left, right = np.searchsorted(r1, h1, "left"), np.searchsorted(r1, h1, "right")
            for j in np.flatnonzero(right > left):
                hits.extend((int(j), int(rlines[k])) for k in range(left[j], right[j]) if r2[k] == h2[j])
        if hits:
            j, first = min(hits)
            raise self._error(str(ids[j]), int(lines[j]), first)
        order = np.lexsort((h2, h1))
        self.runs.append((h1[order], h2[order], lines[order]))
        while len(self.runs) > 1 and len(self.runs[-2][0]) <= 2 * len(self.runs[-1][0]):
            (a1, a2, al), (b1, b2, bl) = self.runs.pop(-2), self.runs.pop()
            m1, m2, ml = np.concatenate([a1, b1]), np.concatenate([a2, b2]), np.concatenate([al, bl])
            order = np.lexsort((m2, m1))
            self.runs.append((m1[order], m2[order], ml[order]))
        self.pending = {}


# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------


def _missing_column(where: str, option: str, name: str, columns: Sequence[str], *, line: int | None = None,
                    unit: str = "line") -> MissingColumnError:
    from textkit.corpus.script import to_simplified

    shown = ", ".join(map(str, columns)) or "none"
    # Close in spelling, case, spacing or script (來源 for 来源).
    keys = {to_simplified(str(c)).strip().casefold(): str(c) for c in columns}
    close = [keys[k] for k in difflib.get_close_matches(to_simplified(name).strip().casefold(), list(keys), n=1, cutoff=0.6)]
    hint = f"; did you mean {close[0]!r}?" if close else f"; pass {option}=… with one of them"
    what = "this record has" if line is not None else "columns"
    return MissingColumnError(where, f"has no column {name!r} ({option}; {what}: {shown}){hint}", line=line, unit=unit)


def _check_columns(where: str, columns: Sequence[str], named: dict[str, str]) -> None:
    """Every named column is in the file, once."""
    for option, name in named.items():
        found = sum(1 for c in columns if c == name)
        if found == 0:
            raise _missing_column(where, option, name, columns)
        if found > 1:
            raise MalformedRecordError(where, f"the header names column {name!r} ({option}) {found} times")


def _as_text(value) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Fields:
    """Reads the named columns of each record of a :class:`Records`."""

    def __init__(self, records: Records):
        self.records = records
        self.json = records.kind.startswith("JSON")

    def get(self, rec: dict, option: str, name: str, where: int, *, raw: bool = False):
        if name not in rec:
            raise _missing_column(self.records.where, option, name, list(rec), line=where, unit=self.records.unit)
        value = rec[name]
        if isinstance(value, dict | list | tuple | np.ndarray):
            kind = f"a JSON {type(value).__name__}" if self.json else f"a {type(value).__name__}"
            raise MalformedRecordError(self.records.where, f"column {name!r} ({option}) holds {kind}, expected text",
                                       line=where, unit=self.records.unit)
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                raise MalformedRecordError(self.records.where, f"column {name!r} ({option}) holds bytes that are not UTF-8 text",
                                           line=where, unit=self.records.unit) from None
        return value if raw else _as_text(value)


def _text_columns(sample: list[dict]) -> list[str]:
    """The columns of some records that hold text (a letter in at least one value)."""
    found: dict[str, None] = {}
    for rec in sample:
        for key, value in rec.items():
            if key not in found and isinstance(value, str) and _LETTER.search(value):
                found[key] = None
    return list(found)


def _table_chunks(records: Records, named: dict[str, str | None], default_group: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Documents from the records of a table, ``chunk_size`` at a time, checked as a whole corpus."""
    where, unit = records.where, records.unit
    try:
        _check_columns(where, records.columns, {option: name for option, name in named.items() if name is not None})
    except MissingColumnError as exc:
        if not records.note:
            raise
        raise MissingColumnError(where, exc.problem + records.note) from None
    text_column, id_column, title_column, group_column, date_column = (named[option] for option in _COLUMN_OPTIONS)
    fields = _Fields(records)
    ids = _UniqueIds(where, id_column, unit) if id_column is not None else None
    dates = DateColumn(path=where, column=date_column, excel_epoch=records.excel_epoch, unit=unit) if date_column else None
    empty = _Empty(where)
    stem, source = records.path.stem, records.path.name
    sample: list[dict] = []
    with_letters = non_text = 0
    rows: list[dict] = []
    lines: list[int] = []
    for position, (line, number, rec) in enumerate(records.rows, start=1):
        try:
            if len(sample) < KEY_SAMPLE:
                sample.append(rec)
            text = (fields.get(rec, "text_column", text_column, line) or "").strip()
            doc_id = f"{stem}:{number}"
            if ids is not None:
                doc_id = (fields.get(rec, "id_column", id_column, line) or "").strip()
                if not doc_id:
                    ids.flush()
                    raise MalformedRecordError(where, f"the id column {id_column!r} is empty", line=line, unit=unit)
                ids.add(doc_id, line)
            if not text:
                empty.add(f"{unit} {line}")
                continue
            if not with_letters:
                if _LETTER.search(text):
                    with_letters += 1
                else:
                    non_text += 1
            title = fields.get(rec, "title_column", title_column, line) if title_column else None
            group = fields.get(rec, "group_column", group_column, line) if group_column else None
            date = fields.get(rec, "date_column", date_column, line, raw=True) if date_column else None
        except CorpusFileError:
            if ids is not None:
                ids.flush()  # a repeated id before this record is the first error
            raise
        rows.append(_row(doc_id, default_group if group is None else group, source, position,
                         text[:40] if title is None else title, text, date))
        lines.append(line)
        if len(rows) == chunk_size:
            if ids is not None:
                ids.flush()
            yield _frame(rows, dates, lines)
            rows, lines = [], []
    if ids is not None:
        ids.flush()
    if not with_letters:
        held = f"all {empty.count:,} values are empty" if not non_text else (
            f"{non_text:,} values without a letter (numbers, dates, codes…)" + (f" and {empty.count:,} empty ones" if empty.count else ""))
        found = records.text_columns if records.text_columns is not None else _text_columns(sample)
        others = [c for c in found if c != text_column]
        hint = f"; columns holding text: {', '.join(others[:8])}" if others else ""
        raise CorpusFileError(where, f"column {text_column!r} (text_column) holds no text: {held}{hint}")
    if rows:
        yield _frame(rows, dates, lines)
    empty.warn()
    if dates is not None:
        dates.finish(stacklevel=3)


# ---------------------------------------------------------------------------
# Formats without columns
# ---------------------------------------------------------------------------


def _read_whole(path: Path, what: str, instead: str) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    check_whole(path, size, what, instead)
    return read_text(path)


def _file_chunks(where: Path, files: Sequence[Path], default_group: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    """One document per file."""
    empty = _Empty(str(where))
    rows: list[dict] = []
    for position, f in enumerate(files, start=1):
        try:
            text = _read_whole(f, "a document of a folder of .txt files",
                               "split it into smaller files, or read it as one document per line (format='lines')").strip()
        except EmptyFileError:
            empty.add(f.name)
            continue
        rows.append(_row(f.stem, default_group, f.name, position, text.split("\n", 1)[0][:40], text))
        if len(rows) == chunk_size:
            yield _frame(rows)
            rows = []
    if rows:
        yield _frame(rows)
    empty.warn()
    if empty.count == len(files):
        raise CorpusFileError(where, "holds no non-empty document")


def _line_chunks(path: Path, default_group: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    """One document per line; blank lines are empty documents, except at the end of the file."""
    empty = _Empty(str(path))
    blank: list[int] = []  # blank lines not yet followed by a document: trailing ones are no documents
    rows: list[dict] = []
    found = False
    for i, line in enumerate(TextLines(path), start=1):
        text = line.strip()
        if not text:
            blank.append(i)
            continue
        for b in blank:
            empty.add(f"line {b}")
        blank = []
        found = True
        rows.append(_row(f"{path.stem}:{i}", default_group, path.name, i, text[:40], text))
        if len(rows) == chunk_size:
            yield _frame(rows)
            rows = []
    if rows:
        yield _frame(rows)
    empty.warn()
    if not found:
        raise CorpusFileError(path, "holds no non-empty document")


def _seed_chunks(articles: Sequence[SeedArticle], chunk_size: int) -> Iterator[pd.DataFrame]:
    """The seed's two tables, article paragraphs first (the format pairs each article with its headlines: read whole)."""
    article, headlines = seed_tables(articles)
    frame = pd.concat([article, headlines[COLUMNS]], ignore_index=True)
    for start in range(0, len(frame), chunk_size):
        yield frame.iloc[start : start + chunk_size].reset_index(drop=True)


def _seed_texts(path: Path, files: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[str], list] | None:
    """The texts of a folder's files if every non-empty one is in the seed format, else ``None`` (read no further).

    Warnings while reading are held back and returned: the files are read
    again, with their warnings, when the folder is not a seed folder.
    """
    texts, empty = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for f in files:
            try:
                text = _read_whole(f, "a seed file", "a seed file is one news page; split the file")
            except EmptyFileError:
                empty.append(f.name)
                continue
            if not looks_like_seed(text):
                return None
            texts.append((f, text))
    return (texts, empty, caught) if texts else None


# ---------------------------------------------------------------------------
# The entry points
# ---------------------------------------------------------------------------


def _no_columns(path: Path, format: str, named: dict[str, str | None], sheet: str | None) -> None:
    """Column options given for a corpus that has no columns are an error, not ignored."""
    given = [f"{k}={v!r}" for k, v in named.items() if v is not None and (k, v) != ("text_column", "text")]
    if given:
        raise ParameterError(
            f"{', '.join(given)}: {path} is read as format={format!r}, which has no columns; "
            "column options apply to tables: .csv, .tsv, .jsonl, .json, .xlsx and .parquet files (or pass format='csv', 'tsv'…)"
        )
    if sheet is not None:
        raise ParameterError(f"sheet={sheet!r}: {path} is read as format={format!r}; sheets are in Excel workbooks (.xlsx)")


def _options(format, chunk_size, sheet, named) -> None:
    if format not in FORMATS:
        raise ParameterError(f"format must be one of {', '.join(FORMATS)} (got {format!r})")
    for option, name in named.items():
        if (name is not None or option == "text_column") and not (isinstance(name, str) and name):
            raise ParameterError(f"{option} must be a column name (got {name!r})")
    if sheet is not None and not (isinstance(sheet, str) and sheet):
        raise ParameterError(f"sheet must be the name of a sheet (got {sheet!r})")
    if not (isinstance(chunk_size, int) and not isinstance(chunk_size, bool) and chunk_size > 0):
        raise ParameterError(f"chunk_size must be a positive whole number of documents (got {chunk_size!r})")


def iter_corpus(
    path: str | Path | None,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    format: Format = "auto",
    text_column: str = "text",
    id_column: str | None = None,
    title_column: str | None = None,
    group_column: str | None = None,
    date_column: str | None = None,
    sheet: str | None = None,
    default_group: str = "documents",
) -> Iterator[pd.DataFrame]:
    """Read a corpus a chunk at a time: tables of at most ``chunk_size`` documents, in input order.

    The chunks hold exactly the documents, columns and ids of
    :func:`load_corpus` (which concatenates them), and the corpus is
    checked as a whole: a repeated id is found across chunks, and the
    warnings about the corpus (empty documents, unreadable dates, stray
    control characters) come once, with their totals, after the last chunk.

    Parameters
    ----------
    path : str, Path or None
        The corpus (see :func:`load_corpus`); ``None`` reads textkit's
        demonstration corpus (:func:`textkit.corpus.resources.demo_corpus`).
    chunk_size : int, default :data:`DEFAULT_CHUNK_SIZE`
        Documents per table (the last may hold fewer).  Ids, positions and
        dates do not depend on it.
    format, text_column, id_column, title_column, group_column, date_column, sheet, default_group
        As :func:`load_corpus`.

    Yields
    ------
    DataFrame
        The columns of :data:`COLUMNS`, a fresh 0-based index per chunk.

    Raises
    ------
    CorpusFileError, ParameterError
        As :func:`load_corpus`; an error in a record raises when the
        iteration reaches it, after the chunks before it were yielded.

    Notes
    -----
    Memory does not grow with the corpus for CSV, TSV, JSON Lines, one
    document per line, folders of ``.txt`` files and Parquet (which reads
    only the columns named): a chunk, and with an id column 24 bytes an id
    (to find repeats).  A JSON array, an Excel workbook's text and seed
    files are read whole, as their formats require, and are refused above
    :data:`~textkit.corpus.readers.WHOLE_FILE_LIMIT` with what to use
    instead.  An auto-detected folder is read twice when every file is in
    the seed format (once to tell, once to read); ``format="files"``
    reads it once.  The generator runs dry after one pass: call it again
    for another.

    Examples
    --------
    >>> chunks = list(iter_corpus("seeds", chunk_size=25))
    >>> [len(c) for c in chunks], chunks[1].doc_id.iloc[0]
    ([25, 15], '000_0cb52c72f24d951b:h06')
    """
    named = dict(zip(_COLUMN_OPTIONS, (text_column, id_column, title_column, group_column, date_column)))
    _options(format, chunk_size, sheet, named)
    if path is None:
        from textkit.corpus.resources import demo_corpus

        path = demo_corpus()
    path = Path(path)
    if not path.exists():
        raise CorpusFileError(path, "no such file or folder")
    if path.is_dir():
        if format not in ("auto", "seed", "files"):
            raise CorpusFileError(path, f"is a folder; format={format!r} needs a file")
        files = txt_files(path)
        _no_columns(path, "files" if format == "auto" else format, named, sheet)
        if format != "files":
            seed = _seed_texts(path, files)
            if seed is not None:
                texts, empty, caught = seed
                for w in caught:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
                gone = _Empty(str(path))
                for name in empty:
                    gone.add(name)
                gone.warn()
                yield from _seed_chunks([parse_seed(t, path=f) for f, t in texts], chunk_size)
                return
            if format == "seed":
                raise CorpusFileError(path, "is not a folder of seed files (a file in it does not look like one, or every file is empty)")
        yield from _file_chunks(path, files, default_group, chunk_size)
        return
    if format == "auto":
        format = detect_format(path)
    if format in ("seed", "files", "lines"):
        _no_columns(path, format, named, sheet)
        if format == "seed":
            text = _read_whole(path, "a seed file", "a seed file is one news page; split the file")
            yield from _seed_chunks([parse_seed(text, path=path)], chunk_size)
        elif format == "files":
            yield from _file_chunks(path, [path], default_group, chunk_size)
        else:
            yield from _line_chunks(path, default_group, chunk_size)
        return
    if sheet is not None and format != "xlsx":
        raise ParameterError(f"sheet={sheet!r}: {path} is read as format={format!r}; sheets are in Excel workbooks (.xlsx)")
    records = open_records(path, format, sheet=sheet, columns=[c for c in named.values() if c is not None],
                           batch_size=min(chunk_size, 65_536))
    yield from _table_chunks(records, named, default_group, chunk_size)


def load_corpus(
    path: str | Path | None,
    *,
    format: Format = "auto",
    text_column: str = "text",
    id_column: str | None = None,
    title_column: str | None = None,
    group_column: str | None = None,
    date_column: str | None = None,
    sheet: str | None = None,
    default_group: str = "documents",
) -> pd.DataFrame:
    """Load a corpus into one table with the columns of :data:`COLUMNS`.

    Parameters
    ----------
    path : str, Path or None
        A folder of ``.txt`` files, a ``.txt``, ``.csv``, ``.tsv``,
        ``.jsonl``, ``.json``, ``.xlsx`` or ``.parquet`` file; ``None``
        reads textkit's demonstration corpus (the seed).
    format : {"auto", "seed", "files", "lines", "csv", "tsv", "jsonl", "json", "xlsx", "parquet"}
        ``auto`` decides by the file's ending and content
        (:func:`textkit.corpus.readers.detect_format`): a file with a header
        row is a table; ``.txt`` files (and folders of them) in the seed
        format are parsed as seed files, other ``.txt`` files are one
        document per file (a folder) or per line (one file).  ``json`` is
        an array of objects, ``jsonl`` one object per line.
    text_column : str, default "text"
        The column (a table's header, a JSON key) holding the text.
    id_column, title_column, group_column : str, optional
        Columns giving the document id, its title and its group; the group
        goes to the ``group`` column, which the notebooks compare.
    date_column : str, optional
        Column giving the document's date (and time), parsed with pandas
        into the ``date`` column (see :func:`parse_dates`); an Excel date
        cell, or a number in an Excel date column (a serial date), is a
        date too.  Seed files need none: article paragraphs get the
        article's date line.
    sheet : str, optional
        The sheet of an Excel workbook to read (default: the first).
    default_group : str, default "documents"
        The ``group`` value when there is no group column.

    Returns
    -------
    DataFrame
        One row per non-empty document, in file order.  For seed files the
        article paragraphs come first, then the headlines (``group`` is
        ``article`` or ``headlines``).  Default ids are the file name and
        the line (row) where the document starts (``news:2``); a JSON
        array's are the file name and the item's number.

    Raises
    ------
    BinaryFileError, EmptyFileError
        See :func:`read_text`; also an Excel sheet with no cell, a Parquet
        file with no row.
    MissingColumnError
        A named column (``text_column``, ``id_column``, ``title_column``,
        ``group_column``, ``date_column``) is not in the file: the message names the file and
        the columns there are.
    MalformedRecordError
        A JSON line or array does not parse, a CSV/TSV row has more fields
        than the header, a quoted field is never closed, an id is empty or
        used twice.  The message gives the line (an Excel or Parquet file:
        the row) where the record starts (true for fields that span lines).
    CorpusFileError
        A missing path; a corpus that holds no document; a text column that
        holds no text (only numbers, dates or empty values: the message
        names the columns that hold text); an Excel sheet that is not
        there; a file too large to read whole in its format (the message
        says what to convert it to).
    ParameterError
        An unknown ``format``, a column option for a corpus without
        columns (a folder or a ``.txt`` file), ``sheet`` for a file that
        is not an Excel workbook.

    Warns
    -----
    EmptyDocumentsWarning
        Empty documents were left out; the warning lists them.
    ControlCharactersWarning
        Stray control characters were removed from a file (see :func:`read_text`).
    DateWarning
        Some dates are empty or cannot be parsed: those documents are kept
        with ``date`` = ``NaT``; the warning gives the count and first lines.

    Notes
    -----
    This is :func:`iter_corpus`, concatenated: the whole corpus is in
    memory.  Read a large corpus with :func:`iter_corpus`.

    Examples
    --------
    >>> load_corpus("seeds").loc[0, ["group", "section", "text"]].tolist()[:2]
    ['article', '導語']
    """
    chunks = list(iter_corpus(path, chunk_size=DEFAULT_CHUNK_SIZE, format=format, text_column=text_column, id_column=id_column,
                              title_column=title_column, group_column=group_column, date_column=date_column, sheet=sheet,
                              default_group=default_group))
    if len(chunks) == 1:
        return chunks[0]
    return pd.concat(chunks, ignore_index=True)
