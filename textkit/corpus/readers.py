"""Readers: a table-like corpus file as its columns and a stream of records, whatever its format.

CSV, TSV, JSON Lines, JSON arrays, Excel workbooks and Parquet files all
become a :class:`Records`: the column names (a header, a schema, the keys
of the first objects) and the records in file order, each with the line
(or row) where it starts.  :mod:`textkit.corpus.load` turns records into
documents; nothing here knows about text columns or ids.

:func:`detect_format` tells the formats apart by the file's ending and its
content (a ``.txt`` whose first line is a header row is a table, never a
seed file).

What is read whole and what streams:

* CSV, TSV and JSON Lines stream line by line (:class:`~textkit.corpus.decode.TextLines`);
  a TSV field may be quoted as Excel and pandas quote it (``"…"``, a quote
  inside doubled), so a field can hold tabs and line breaks;
* Parquet streams record batch by record batch, reading only the columns named;
* a JSON array is parsed whole (JSON has no record boundary a reader can
  find without parsing), and so is an Excel sheet's text (a workbook keeps
  every string of every sheet in one shared table): both refuse a file
  above :data:`WHOLE_FILE_LIMIT` with an error that says what to use instead.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "news.tsv"
>>> _ = path.write_text("標題\\t正文\\n科技\\t中關村科學城已聚集了華為等科技創新企業\\n", encoding="utf-8")
>>> detect_format(path)
'tsv'
>>> records = open_records(path, "tsv")
>>> records.columns, [(line, rec["標題"]) for line, _, rec in records.rows]
(['標題', '正文'], [(2, '科技')])
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from textkit.corpus.decode import HEAD_BYTES, TextLines, _encoding, binary_kind, read_text
from textkit.errors import BinaryFileError, CorpusFileError, EmptyFileError, MalformedRecordError

__all__ = ["WHOLE_FILE_LIMIT", "FORMATS", "TABLE_FORMATS", "Records", "detect_format", "open_records", "check_whole"]

FORMATS = ("auto", "seed", "files", "lines", "csv", "tsv", "jsonl", "json", "xlsx", "parquet")
"""Every value of ``format``: ``auto`` detects one of the others."""

TABLE_FORMATS = ("csv", "tsv", "jsonl", "json", "xlsx", "parquet")
"""The formats with columns (``text_column`` and the other column options apply to them)."""

WHOLE_FILE_LIMIT = 512 * 2**20
"""Largest file (in bytes; for Excel, its text unpacked) that a format read whole may have: 512 MiB.

A JSON array, the text of an Excel workbook, a seed file and a document
of a folder of ``.txt`` files are read whole; in memory they take two to
four times their size.  Larger ones are refused with an error saying what
to convert them to (JSON Lines, CSV or Parquet stream)."""

KEY_SAMPLE = 1000
"""JSON Lines: the keys of this many first records are the file's columns (for the message of a missing column)."""

_ENDINGS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}


@dataclass
class Records:
    """An opened table-like corpus file.

    Attributes
    ----------
    path : Path
    kind : str
        The format as users name it (``CSV``, ``TSV``, ``JSON Lines``,
        ``JSON``, ``Excel``, ``Parquet``), for messages.
    columns : list of str
        The header (CSV, TSV, Excel), the schema (Parquet), or the keys in
        order of first appearance (JSON; JSON Lines: of the first
        :data:`KEY_SAMPLE` records).
    unit : str
        What record numbers count: ``line`` (text formats) or ``row``
        (Excel: the sheet's row; Parquet: 1 for the first record).
    rows : iterator of (int, int, dict)
        ``(where, number, record)`` in file order: ``where`` is the line or
        row where the record starts, for messages; ``number`` makes the
        default document id (the same, except for a JSON array, whose
        records are numbered 1, 2, … as it may hold them all on one line).
    excel_epoch : datetime, optional
        Excel: day 0 of the workbook's date system (for serial-number dates).
    where : str
        How messages name the file (an Excel file with its sheet).
    text_columns : list of str, optional
        Parquet: the columns whose type is text (the reader loads only the
        columns named, so messages suggest these from the schema).
    note : str
        Added to the message of a missing column (Excel: the other sheets).
    """

    path: Path
    kind: str
    columns: list[str]
    unit: str
    rows: Iterator[tuple[int, int, dict]]
    excel_epoch: dt.datetime | None = None
    where: str = ""
    text_columns: list[str] | None = None
    note: str = ""

    def __post_init__(self):
        self.where = self.where or str(self.path)


def check_whole(path: Path, size: int, what: str, instead: str) -> None:
    """Refuse to read a file whole when it is larger than :data:`WHOLE_FILE_LIMIT`."""
    if size > WHOLE_FILE_LIMIT:
        raise CorpusFileError(
            path,
            f"is too large to read whole ({size / 2**20:,.0f} MiB; {what} is read in one piece, at most "
            f"{WHOLE_FILE_LIMIT / 2**20:,.0f} MiB): {instead}",
        )


# ---------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？!?；;]")
_NUMBER = re.compile(r"^[+-]?\d[\d,.]*$")


def _header_like(fields: list[str]) -> bool:
    """Whether a row reads as column names: two or more, unique, short, none a number or a sentence."""
    names = [f.strip() for f in fields]
    return (
        len(names) >= 2
        and all(names)
        and len(set(names)) == len(names)
        and all(len(n) <= 40 and not _NUMBER.match(n) and not _SENTENCE_END.search(n) for n in names)
    )


def _table_delimiter(head: str, whole: bool, delimiters: Iterable[str] = ("\t", ",")) -> str | None:
    """The delimiter of a text whose first row is a header row and whose next rows have as many fields, if any."""
    lines = head.split("\n")
    if not whole:
        lines = lines[:-1]  # cut inside a line
    lines = [ln for ln in lines[:200] if ln.strip()]
    if len(lines) < 2:
        return None
    for delimiter in delimiters:
        if delimiter not in lines[0]:
            continue
        try:
            rows = list(islice(csv.reader(lines, delimiter=delimiter, strict=True), 50))
        except csv.Error:
            continue
        body = rows[1:-1] or rows[1:]  # the last row read may be cut
        width = len(rows[0])
        # Rows as wide as the header; a few narrower ones (empty fields at the end left out by the exporter).
        if len(rows) >= 2 and _header_like(rows[0]) and all(2 <= len(r) <= width for r in body) \
                and sum(len(r) == width for r in body) * 2 >= len(body):
            return delimiter
    return None


def _is_json_object_line(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def detect_format(path: str | Path) -> str:
    """The format of a corpus file, from its ending and its content.

    Parameters
    ----------
    path : str or Path
        A file or a folder.

    Returns
    -------
    str
        ``files`` for a folder (:func:`textkit.corpus.load.load_corpus`
        tells seed folders apart), else one of ``csv``, ``tsv``, ``jsonl``,
        ``json``, ``xlsx``, ``parquet``, ``seed``, ``lines``.

    Notes
    -----
    The content decides where it is clear: an Excel workbook or a Parquet
    file by its first bytes whatever its name; a ``.json`` file with one
    object per line is JSON Lines; a ``.csv`` whose header row is
    tab-separated is TSV (and the other way round).  A file with another
    ending (``.txt``, none) is a table when its first line is a header row
    (two or more short, unique names, none a number) and the next lines
    have as many fields; a seed file when it has the seed's landmarks;
    else one document per line.  A file with a header row is never taken
    for a seed file.

    Examples
    --------
    >>> detect_format("seeds"), detect_format("seeds/000_0cb52c72f24d951b.txt")
    ('files', 'seed')
    """
    from textkit.corpus.seedformat import looks_like_seed

    path = Path(path)
    if path.is_dir():
        return "files"
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES + 1)
    except FileNotFoundError:
        raise CorpusFileError(path, "no such file or folder") from None
    except OSError as exc:
        raise CorpusFileError(path, f"cannot be read ({exc.strerror})") from None
    ending = _ENDINGS.get(path.suffix.lower())
    if head.startswith(b"PK\x03\x04") and _is_workbook(path):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    if ending in ("xlsx", "parquet") or binary_kind(head):
        return ending or "lines"  # the reader says what the file is instead
    whole = len(head) <= HEAD_BYTES
    head = head[:HEAD_BYTES]
    try:
        text = head.decode(_encoding(path, head, final=whole), errors="replace")
    except BinaryFileError:
        return ending or "lines"  # the reader refuses it with the message
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    start = text.lstrip()
    first_line = start.split("\n", 1)[0].strip()
    if ending in ("json", "jsonl") or start[:1] in ("[", "{"):
        if start.startswith("{") and _is_json_object_line(first_line):
            return "jsonl"
        if re.match(r"\[\s*(\{|\])", start) or ending == "json":
            return "json"
        if ending == "jsonl":
            return "jsonl"
    if ending in ("csv", "tsv"):
        header = first_line
        if ending == "csv" and "\t" in header and "," not in header:
            return "tsv"
        if ending == "tsv" and "\t" not in header and "," in header:
            return "csv"
        return ending
    delimiter = _table_delimiter(text, whole)
    if delimiter is not None:
        return "tsv" if delimiter == "\t" else "csv"
    if whole and looks_like_seed(text):
        return "seed"
    if not whole and looks_like_seed(text) and path.stat().st_size <= WHOLE_FILE_LIMIT:
        return "seed"
    return "lines"


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


# ---------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------


def open_records(path: str | Path, format: str, *, sheet: str | None = None, columns: Iterable[str] | None = None,
                 batch_size: int = 10_000) -> Records:
    """Open a table-like corpus file for reading.

    Parameters
    ----------
    path : str or Path
    format : {"csv", "tsv", "jsonl", "json", "xlsx", "parquet"}
    sheet : str, optional
        Excel: the sheet to read (default: the first).
    columns : iterable of str, optional
        Parquet: read only these columns (the others are never loaded).
    batch_size : int
        Parquet: records per batch read.

    Returns
    -------
    Records

    Raises
    ------
    CorpusFileError
        The file cannot be read in this format; the message says why and,
        where it helps, which format it looks like.
    """
    path = Path(path)
    if format in ("csv", "tsv"):
        return _delimited(path, "," if format == "csv" else "\t", format.upper())
    if format == "jsonl":
        return _jsonl(path)
    if format == "json":
        return _json_array(path)
    if format == "xlsx":
        return _excel(path, sheet)
    if format == "parquet":
        return _parquet(path, columns, batch_size)
    raise ValueError(f"not a table format: {format!r}")


def _delimited(path: Path, delimiter: str, kind: str) -> Records:
    lines = TextLines(path)
    # A long article is one field: the csv module's limit (process-wide) is raised to the file's size, and
    # never lowered again, so that files read at the same time in several threads cannot cut each other short.
    csv.field_size_limit(max(csv.field_size_limit(), min(lines.size + 1, 2**31 - 1)))
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    state = {"start": 1}
    name = "CSV" if delimiter == "," else "TSV"

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as exc:
            if "end of data" in str(exc) or "EOF" in str(exc):
                raise MalformedRecordError(path, "a quoted field that starts here is never closed", line=state["start"]) from None
            hint = " (a field that starts with a double quote must end with one)" if delimiter == "\t" else ""
            raise MalformedRecordError(path, f"is not a valid {name} file ({exc}){hint}", line=reader.line_num) from None

    source = rows()
    header: list[str] | None = None
    for row in source:
        if not row or row == [""]:
            state["start"] = reader.line_num + 1
            continue
        header = row
        state["start"] = reader.line_num + 1
        break
    if header is None:
        raise EmptyFileError(path, f"the {name} file has no header")

    def records() -> Iterator[tuple[int, int, dict]]:
        n = 0
        for row in source:
            start = state["start"]
            state["start"] = reader.line_num + 1
            if not row or row == [""]:
                continue
            if len(row) > len(header):
                sep = "comma" if delimiter == "," else "tab"
                raise MalformedRecordError(
                    path, f"has {len(row)} fields, the header has {len(header)} (a {sep} in an unquoted field?)", line=start
                )
            n += 1
            yield start, start, dict(zip(header, row + [""] * (len(header) - len(row))))
        if n == 0:
            raise CorpusFileError(path, f"the {name} file has a header but no rows")

    return Records(path, kind, list(header), "line", records())


def _json_record(path: Path, line: int, text: str) -> dict:
    try:
        rec = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecordError(path, f"is not valid JSON ({exc.msg}, column {exc.colno})", line=line) from None
    if not isinstance(rec, dict):
        raise MalformedRecordError(path, f"expected a JSON object per line, got {type(rec).__name__}", line=line)
    return rec


def _jsonl(path: Path) -> Records:
    def records() -> Iterator[tuple[int, int, dict]]:
        for line, text in enumerate(TextLines(path), start=1):
            if text.strip():
                yield line, line, _json_record(path, line, text)

    stream = records()
    sample = list(islice(stream, KEY_SAMPLE))
    keys: dict[str, None] = {}
    for _, _, rec in sample:
        keys.update(dict.fromkeys(rec))
    return Records(path, "JSON Lines", list(keys), "line", chain(sample, stream))


def _json_array(path: Path) -> Records:
    check_whole(path, path.stat().st_size, "a JSON array",
                "convert it to JSON Lines, one object per line (jq -c '.[]' in.json > out.jsonl), or to Parquet, which textkit streams")
    text = read_text(path)
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    i = ws.match(text).end()
    if not text.startswith("[", i):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedRecordError(path, f"is not valid JSON ({exc.msg}, column {exc.colno})", line=exc.lineno) from None
        what = f"one JSON object (keys: {', '.join(map(str, list(value)[:8]))})" if isinstance(value, dict) else f"a JSON {type(value).__name__}"
        raise CorpusFileError(path, f"holds {what}, expected an array of objects ([{{…}}, {{…}}]) or JSON Lines (one object per line)")
    records: list[tuple[int, int, dict]] = []
    keys: dict[str, None] = {}
    line, counted = 1, 0
    i = ws.match(text, i + 1).end()
    if text.startswith("]", i):
        raise CorpusFileError(path, "the JSON array is empty")
    while True:
        line += text.count("\n", counted, i)
        counted = i
        try:
            rec, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            hint = " (one object per line is JSON Lines: format='jsonl')" if exc.msg == "Extra data" else ""
            raise MalformedRecordError(path, f"is not valid JSON ({exc.msg}, column {exc.colno}){hint}", line=exc.lineno) from None
        if not isinstance(rec, dict):
            raise MalformedRecordError(path, f"item {len(records) + 1} of the array is a JSON {type(rec).__name__}, expected an object",
                                       line=line)
        keys.update(dict.fromkeys(rec))
        records.append((line, len(records) + 1, rec))
        i = ws.match(text, end).end()
        if text.startswith("]", i):
            break
        if not text.startswith(",", i):
            where = line + text.count("\n", counted, i)
            raise MalformedRecordError(path, "is not valid JSON (expected ',' or ']' after an item of the array)", line=where)
        i = ws.match(text, i + 1).end()
    if text[i + 1 :].strip():
        where = line + text.count("\n", counted, i)
        raise MalformedRecordError(path, "is not valid JSON (more data after the array's closing ']')", line=where)
    return Records(path, "JSON", list(keys), "line", iter(records))


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _excel(path: Path, sheet: str | None) -> Records:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist() if i.filename.startswith("xl/"))
    except zipfile.BadZipFile:
        with open(path, "rb") as f:
            kind = binary_kind(f.read(1024))
        if kind and "ZIP" in kind:
            what = "it is a damaged or incomplete zip file (an .xlsx workbook is a zip archive): save it again from Excel"
        elif kind and "Office" in kind:
            what = f"it is {kind}; save an .xls workbook as .xlsx or as CSV"
        elif kind:
            what = f"it is {kind}"
        else:
            what = "it is not a zip archive as .xlsx files are; if it is text, pass format='csv' or 'tsv'"
        raise CorpusFileError(path, f"is not an Excel workbook (.xlsx): {what}") from None
    check_whole(path, unpacked, "an Excel workbook's text (unpacked)",
                "save the sheet as CSV UTF-8 (Excel: File > Save As) or as Parquet, which textkit streams")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on styles and extensions it does not read
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, XML errors… for a broken workbook
            raise CorpusFileError(path, f"is not a readable Excel workbook ({type(exc).__name__}: {exc})") from None
    names = book.sheetnames
    if sheet is None:
        name = names[0]
    elif sheet in names:
        name = sheet
    else:
        import difflib

        from textkit.corpus.script import to_simplified

        keys = {to_simplified(n).strip().casefold(): n for n in names}  # 新闻 finds 新聞
        close = [keys[k] for k in difflib.get_close_matches(to_simplified(sheet).strip().casefold(), list(keys), n=1, cutoff=0.5)]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        book.close()
        raise CorpusFileError(path, f"has no sheet {sheet!r} (sheets: {', '.join(names)}){hint}")
    ws = book[name]
    ws.reset_dimensions()  # the stored dimensions may be wrong: read every row there is
    where = f"{path} (sheet {name!r})" if len(names) > 1 or sheet is not None else str(path)
    cells = enumerate(ws.iter_rows(values_only=True), start=1)

    def values(row) -> list:
        row = list(row)
        while row and (row[-1] is None or (isinstance(row[-1], str) and not row[-1].strip())):
            row.pop()
        return row

    header: list[str] | None = None
    header_row = 0
    for header_row, row in cells:
        row = values(row)
        if row:
            header = ["" if v is None else _cell_text(v).strip() for v in row]
            break
    if header is None:
        book.close()
        raise EmptyFileError(where, "the sheet is empty" + (f" (sheets: {', '.join(names)}; pass sheet=… to read another)" if len(names) > 1 else ""))

    def records() -> Iterator[tuple[int, int, dict]]:
        n = 0
        try:
            for number, row in cells:
                row = values(row)
                if not row:
                    continue
                if len(row) > len(header):
                    raise MalformedRecordError(where, f"has a value in column {len(row)}, right of the header's last column "
                                                      f"({len(header)}: {header[-1]!r})", line=number, unit="row")
                n += 1
                yield number, number, dict(zip(header, row + [None] * (len(header) - len(row))))
        finally:
            book.close()
        if n == 0:
            raise CorpusFileError(where, f"the sheet has a header (row {header_row}) but no rows")

    note = f"; this is the first of the sheets {', '.join(names)}: pass sheet=… to read another" if sheet is None and len(names) > 1 else ""
    return Records(path, "Excel", header, "row", records(), excel_epoch=book.epoch, where=where, note=note)


def _parquet(path: Path, columns: Iterable[str] | None, batch_size: int) -> Records:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        # Pages read a few MB at a time: memory stays near a batch, not a whole row group (often every row of the file).
        file = pq.ParquetFile(path, buffer_size=8 * 2**20, pre_buffer=False)
    except (pa.ArrowException, OSError) as exc:
        raise CorpusFileError(path, f"is not a readable Parquet file ({exc})") from None
    names = list(file.schema_arrow.names)
    wanted = [c for c in dict.fromkeys(columns or names) if c in names]
    if file.metadata.num_rows == 0:
        raise EmptyFileError(path, "the Parquet file has no rows")

    def records() -> Iterator[tuple[int, int, dict]]:
        number = 0
        try:
            for batch in file.iter_batches(batch_size=batch_size, columns=wanted):
                for rec in batch.to_pylist():
                    number += 1
                    yield number, number, rec
        except (pa.ArrowException, OSError) as exc:
            raise CorpusFileError(path, f"cannot be read ({exc})", line=number + 1, unit="row") from None

    schema = file.schema_arrow
    text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or (pa.types.is_dictionary(f.type) and pa.types.is_string(f.type.value_type))]
    return Records(path, "Parquet", names, "row", records(), text_columns=text)
