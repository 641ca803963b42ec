"""The corpus store: a corpus prepared once, as a partitioned Parquet dataset that every notebook of a run reads.

Layout (under ``OUT/store/KEY/``; ``OUT`` may be a local folder, a shared
filesystem or an fsspec URL such as ``s3://bucket/run``)::

    parts/part-00000.parquet …   one file per shard, in shard order
    repeated.parquet             the sentences removed by repetition (sentence, documents, share)
    emptied.parquet              the documents that held nothing else (doc_id, group, text)
    counts/CKEY/…                reduced counts (textkit.engine.counts), one folder per count settings
    manifest.json                written last: the completion marker

Each part holds the document table's columns (``row``, the position in the
input; ``doc_id``, ``group``, ``source``, ``section``, ``position``,
``title``, ``label``, ``date``; ``text``, cleaned and without its repeated
sentences) and the analysis tokens: ``tokens`` (``list<string>``, the
document's tokens in order; Parquet stores them dictionary-encoded, and
:meth:`CorpusStore.read_part` reads them back as integer ids plus a
vocabulary) and ``sentence_lengths`` (``list<int32>``: how many of those
tokens each sentence holds, empty sentences included).  R reads a part, or
the single file ``textkit segment --out`` writes, with ``arrow::read_parquet``.

The store is keyed (:func:`store_key`) by the corpus (path, size and
modification time of its files), the load options and every setting that
changes its content (cleaning, repetition, segmenter fingerprint,
shard size, textkit's version).  The manifest is written after every part
(the datatrove convention): a folder without one is an interrupted build
and is built again; a folder with one is reused by every later notebook
and rerun with the same key.  Nothing lives on a worker's own disk: the
workers write parts straight to the store.

Examples
--------
>>> key = store_key("seeds", {}, {"segmenter": "0123456789abcdef"})
>>> len(key)
16
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from textkit.errors import CorpusFileError, ParameterError

__all__ = ["CorpusStore", "store_key", "corpus_identity", "documents_table", "tokens_table", "write_table", "read_table",
           "STORE_VERSION", "PART_COLUMNS"]

STORE_VERSION = 1
"""The layout's version, part of every key: bump it when a part's columns or their meaning change."""

TOKEN_COLUMNS = ("tokens", "sentence_lengths")
PART_COLUMNS = ("row", "doc_id", "group", "source", "section", "position", "title", "label", "date", "text", *TOKEN_COLUMNS)
"""The columns of every part, in order (a corpus read with more columns keeps them, after ``text``)."""

_TYPES = {
    "row": "int64", "doc_id": "string", "group": "string", "source": "string", "section": "string",
    "position": "int64", "title": "string", "label": "string", "date": "timestamp[us]", "text": "string",
}


def _fs(url: str | os.PathLike[str]):
    """``(filesystem, path)`` for a local path or an fsspec URL."""
    import fsspec

    return fsspec.core.url_to_fs(str(url))


def _is_local(fs) -> bool:
    return "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------


def corpus_identity(corpus: str | os.PathLike[str]) -> dict[str, Any]:
    """What identifies a corpus's content without reading it: each file's name, size and modification time.

    Raises
    ------
    CorpusFileError
        The corpus does not exist.
    """
    fs, path = _fs(corpus)
    if not fs.exists(path):
        raise CorpusFileError(str(corpus), "no such file or folder")
    if fs.isdir(path):
        found = fs.find(path, detail=True)
        files = sorted((name, info) for name, info in found.items() if not Path(name).name.startswith("."))
    else:
        files = [(path, fs.info(path))]
    root = path.rstrip("/")
    return {
        "path": str(corpus),
        "files": [[name[len(root):].lstrip("/") or Path(name).name, int(info.get("size") or 0),
                   str(info.get("mtime") or info.get("LastModified") or info.get("ETag") or info.get("created") or "")]
                  for name, info in files],
    }


def store_key(corpus: str | os.PathLike[str], load_options: dict, settings: dict) -> str:
    """The key of a store: a hash of the corpus's identity, the load options and the build settings.

    A load option given at :func:`textkit.corpus.load.load_corpus`'s default
    is left out, so that ``text_column="text"`` (as the notebooks pass it)
    and no ``text_column`` find the same store.

    Examples
    --------
    >>> store_key("seeds", {}, {"a": 1}) == store_key("seeds", {}, {"a": 1}) != store_key("seeds", {}, {"a": 2})
    True
    >>> store_key("seeds", {"format": "auto", "text_column": "text", "group_column": None}, {}) == store_key("seeds", {}, {})
    True
    >>> store_key("seeds", {"text_column": "內文"}, {}) == store_key("seeds", {}, {})
    False
    """
    import inspect

    from textkit import __version__
    from textkit.corpus.load import load_corpus

    defaults = {name: p.default for name, p in inspect.signature(load_corpus).parameters.items() if p.default is not inspect.Parameter.empty}
    options = sorted((name, value) for name, value in load_options.items() if not (name in defaults and value == defaults[name]))
    identity = corpus_identity(corpus)
    blob = json.dumps([STORE_VERSION, __version__, identity["files"], options, settings],
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def documents_table(frame: pd.DataFrame):
    """The document columns of a shard as an Arrow table with fixed types (so every part has the same schema).

    Examples
    --------
    >>> documents_table(pd.DataFrame({"row": [0], "doc_id": ["a"], "text": ["科技"]})).schema.types
    [DataType(int64), DataType(string), DataType(string)]
    """
    import pyarrow as pa

    arrays, names = [], []
    for name in frame.columns:
        if name in TOKEN_COLUMNS:
            continue
        series = frame[name]
        if name in _TYPES:
            kind = pa.type_for_alias(_TYPES[name])
        elif pd.api.types.is_datetime64_any_dtype(series):
            kind = pa.timestamp("us")
        elif pd.api.types.is_bool_dtype(series):
            kind = pa.bool_()
        elif pd.api.types.is_integer_dtype(series):
            kind = pa.int64()
        elif pd.api.types.is_float_dtype(series):
            kind = pa.float64()
        else:
            kind = pa.string()
            series = series.map(lambda v: v if isinstance(v, str) or pd.isna(v) else str(v))
        if kind == pa.string():
            series = series.astype(object).where(series.notna(), None)
        arrays.append(pa.Array.from_pandas(series, type=kind))
        names.append(str(name))
    return pa.Table.from_arrays(arrays, names=names)


def tokens_table(sentences: Sequence[Sequence[Sequence[str]]]):
    """``tokens`` and ``sentence_lengths`` columns for documents given as lists of sentences of tokens.

    Examples
    --------
    >>> t = tokens_table([[["科技", "創新"], []], [["數字"]]])
    >>> t.column("tokens").to_pylist(), t.column("sentence_lengths").to_pylist()
    ([['科技', '創新'], ['數字']], [[2, 0], [1]])
    """
    import pyarrow as pa

    tokens = pa.array([[t for s in doc for t in s] for doc in sentences], type=pa.list_(pa.string()))
    lengths = pa.array([[len(s) for s in doc] for doc in sentences], type=pa.list_(pa.int32()))
    return pa.Table.from_arrays([tokens, lengths], names=list(TOKEN_COLUMNS))


def write_table(table, url: str, *, row_group_size: int | None = None) -> int:
    """Write an Arrow table as one Parquet file (zstd, dictionary-encoded strings), atomically on a local disk; returns its size.

    One row group, or groups of ``row_group_size`` rows (a large table read
    a group at a time).  The bytes depend on the table only (no time or
    host in the file), so the same shard written here and on a worker is
    the same file.
    """
    import pyarrow.parquet as pq

    fs, path = _fs(url)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    target = f"{path}.tmp-{uuid.uuid4().hex[:8]}" if _is_local(fs) else path
    with fs.open(target, "wb") as f:
        pq.write_table(table, f, compression="zstd", use_dictionary=True, row_group_size=row_group_size or max(len(table), 1))
    if target != path:
        fs.mv(target, path)
    return int(fs.size(path))


def read_table(url: str, columns: Sequence[str] | None = None, *, token_ids: bool = False):
    """Read a Parquet file of the store; ``token_ids=True`` reads ``tokens`` as integer ids plus a vocabulary (a dictionary array)."""
    import pyarrow.parquet as pq

    fs, path = _fs(url)
    with fs.open(path, "rb") as f:
        return pq.read_table(f, columns=list(columns) if columns is not None else None,
                             read_dictionary=["tokens.list.element"] if token_ids else None)


def write_json(url: str, data: dict) -> None:
    fs, path = _fs(url)
    body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode("utf-8")
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    target = f"{path}.tmp-{uuid.uuid4().hex[:8]}" if _is_local(fs) else path
    with fs.open(target, "wb") as f:
        f.write(body)
    if target != path:
        fs.mv(target, path)


def write_tables(tables, url: str) -> int:
    """Write Arrow tables of one schema as the row groups of one Parquet file, one table in memory at a time; returns its size."""
    import pyarrow.parquet as pq

    fs, path = _fs(url)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    target = f"{path}.tmp-{uuid.uuid4().hex[:8]}" if _is_local(fs) else path
    with fs.open(target, "wb") as f:
        writer = None
        try:
            for table in tables:
                if writer is None:
                    writer = pq.ParquetWriter(f, table.schema, compression="zstd", use_dictionary=True)
                writer.write_table(table, row_group_size=max(table.num_rows, 1))
        finally:
            if writer is not None:
                writer.close()
    if target != path:
        fs.mv(target, path)
    return int(fs.size(path))


def iter_batches(url: str, columns: Sequence[str] | None = None) -> Iterator:
    """The row groups of a Parquet file, one at a time (record batches)."""
    import pyarrow.parquet as pq

    fs, path = _fs(url)
    with fs.open(path, "rb") as f:
        reader = pq.ParquetFile(f)
        for i in range(reader.num_row_groups):
            yield from reader.read_row_group(i, columns=list(columns) if columns is not None else None).to_batches()


def read_json(url: str) -> dict | None:
    fs, path = _fs(url)
    try:
        with fs.open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        return None


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


class CorpusStore:
    """A finished store, read from its manifest.

    Parameters
    ----------
    root : str
        The store's folder (local path or fsspec URL), holding ``manifest.json``.

    Raises
    ------
    CorpusFileError
        The folder holds no manifest (an unfinished or missing store).
    """

    MANIFEST = "manifest.json"

    def __init__(self, root: str | os.PathLike[str]):
        self.root = absolute(root).rstrip("/")
        manifest = read_json(_join(self.root, self.MANIFEST))
        if manifest is None:
            raise CorpusFileError(self.root, "is not a finished corpus store (no manifest.json): build it again")
        if manifest.get("version") != STORE_VERSION:
            raise CorpusFileError(self.root, f"is a corpus store of version {manifest.get('version')}, this textkit reads {STORE_VERSION}")
        self.manifest = manifest

    @staticmethod
    def exists(root: str | os.PathLike[str]) -> bool:
        """Whether ``root`` holds a finished store (its manifest)."""
        fs, path = _fs(root)
        return fs.exists(_join(path, CorpusStore.MANIFEST))

    # -- what it holds -----------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.manifest["key"]

    @property
    def n_shards(self) -> int:
        return len(self.manifest["shards"])

    @property
    def n_documents(self) -> int:
        return int(self.manifest["documents"])

    def part_url(self, index: int) -> str:
        return _join(self.root, self.manifest["shards"][index]["part"])

    def __len__(self) -> int:
        return self.n_documents

    def __repr__(self) -> str:
        m = self.manifest
        return f"CorpusStore({self.root!r}: {m['documents']:,} documents, {m['characters']:,} characters, {m['tokens']:,} tokens, {self.n_shards} shards)"

    # -- reading -------------------------------------------------------------------------
    def read_part(self, index: int, columns: Sequence[str] | None = None, *, token_ids: bool = False):
        """Shard ``index`` as an Arrow table (``token_ids``: tokens as integer ids plus a vocabulary)."""
        return read_table(self.part_url(index), columns, token_ids=token_ids)

    def iter_tables(self, columns: Sequence[str] | None = None, *, token_ids: bool = False) -> Iterator:
        """Each part in shard order, as an Arrow table: one shard in memory at a time."""
        for i in range(self.n_shards):
            yield self.read_part(i, columns, token_ids=token_ids)

    def documents(self, columns: Sequence[str] | None = None, *, limit: int | None = None, sentences: bool = False) -> pd.DataFrame:
        """The document table (all columns, or ``columns``), in input order, the first ``limit`` documents at most.

        ``tokens`` come back as lists of str; ``sentences=True`` adds the
        ``sentences`` column of :func:`textkit.engine.pipeline.prepare_documents`
        (token lists per sentence).  Reads only the parts it needs.
        """
        if columns is not None:
            columns = list(columns)
            wanted = list(dict.fromkeys(columns + (list(TOKEN_COLUMNS) if sentences else [])))
        else:
            wanted = None
        frames, held = [], 0
        for i in range(self.n_shards):
            if limit is not None and held >= limit:
                break
            table = self.read_part(i, wanted)
            if limit is not None:
                table = table.slice(0, limit - held)
            frames.append(_to_pandas(table, sentences=sentences))
            held += table.num_rows
        if not frames:
            return pd.DataFrame(columns=columns or list(PART_COLUMNS))
        frame = pd.concat(frames, ignore_index=True)
        if columns is not None:
            frame = frame[columns + (["sentences"] if sentences and "sentences" not in columns else [])]
        return frame

    def repeated(self) -> pd.DataFrame:
        """The sentences removed by repetition: ``sentence``, ``documents``, ``share``."""
        return read_table(_join(self.root, "repeated.parquet")).to_pandas()

    def emptied(self) -> pd.DataFrame:
        """The documents that held nothing but repeated sentences: ``doc_id``, ``group``, ``text``."""
        return read_table(_join(self.root, "emptied.parquet")).to_pandas()

    def report(self):
        """What repetition removed, as :class:`textkit.engine.pipeline.PreparationReport`."""
        from textkit.engine.pipeline import PreparationReport

        m = self.manifest["repeated"]
        return PreparationReport(self.repeated(), self.emptied(), m["threshold"], int(self.manifest["documents_in"]), self.discovered())

    def discovered(self) -> pd.DataFrame | None:
        """The new words found in the corpus and used to segment it (:func:`textkit.segment.discovery.discover_words`); ``None`` when discovery was off."""
        if self.manifest.get("discovered") is None:
            return None
        from textkit.segment.discovery import empty_words

        table = read_table(_join(self.root, "discovered.parquet")).to_pandas()
        return table if len(table) else empty_words()

    def export(self, url: str | os.PathLike[str], columns: Sequence[str] | None = None) -> int:
        """Write the whole store as one Parquet file (a row group per shard), streaming; returns the documents written.

        For R (``arrow::read_parquet``), pandas, polars, DuckDB.
        """
        import pyarrow.parquet as pq

        fs, path = _fs(url)
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        if parent:
            fs.makedirs(parent, exist_ok=True)
        n = 0
        writer = None
        with fs.open(path, "wb") as f:
            try:
                for table in self.iter_tables(columns):
                    if writer is None:
                        writer = pq.ParquetWriter(f, table.schema, compression="zstd", use_dictionary=True)
                    writer.write_table(table, row_group_size=max(table.num_rows, 1))
                    n += table.num_rows
            finally:
                if writer is not None:
                    writer.close()
        return n


def _to_pandas(table, *, sentences: bool = False) -> pd.DataFrame:
    """An Arrow table of the store as pandas: strings as str, tokens as lists, dates as datetime64[us]."""
    import pyarrow as pa

    frame = table.to_pandas(types_mapper=None, coerce_temporal_nanoseconds=False)
    for name, kind in zip(table.column_names, table.schema.types):
        if pa.types.is_string(kind) and table.column(name).null_count:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)  # as load_corpus: None, not NaN
    for name in TOKEN_COLUMNS:
        if name in frame:
            frame[name] = [list(v) if v is not None else [] for v in frame[name]]
    if sentences:
        frame["sentences"] = [_split(tokens, lengths) for tokens, lengths in zip(frame["tokens"], frame["sentence_lengths"])]
    if "date" in frame and frame["date"].dtype != "datetime64[us]":
        frame["date"] = frame["date"].astype("datetime64[us]")
    return frame


def _split(tokens: list[str], lengths: list[int]) -> list[list[str]]:
    out, at = [], 0
    for n in lengths:
        out.append(tokens[at:at + n])
        at += n
    return out


def sentence_ids(lengths) -> np.ndarray:
    """For the flattened tokens of a part, the sentence each belongs to (numbered across the part), from ``sentence_lengths``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> sentence_ids(pa.array([[2, 0], [1]], type=pa.list_(pa.int32()))).tolist()
    [0, 0, 2]
    """
    import pyarrow as pa

    if isinstance(lengths, pa.ChunkedArray):
        lengths = lengths.combine_chunks()
    flat = np.asarray(lengths.flatten().to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.repeat(np.arange(len(flat), dtype=np.int64), flat)


def absolute(url: str | os.PathLike[str]) -> str:
    """A URL as is, a local path made absolute: workers run in folders of their own, where a relative path means another place.

    Examples
    --------
    >>> absolute("s3://bucket/run")
    's3://bucket/run'
    >>> absolute("output") == os.path.join(os.getcwd(), "output")
    True
    """
    url = str(url)
    return url if "://" in url else os.path.abspath(url)


def check_root(out: str | os.PathLike[str], *, folder: str | None = None) -> str:
    """The store root for an output folder: ``OUT/store``, absolute (or ``OUT`` itself, given as the parameter ``folder``)."""
    name = folder or "out"
    if not isinstance(out, (str, os.PathLike)) or not str(out):
        raise ParameterError(f"{name} must be a folder or a URL (got {out!r})")
    return absolute(out).rstrip("/") if folder else _join(absolute(out), "store")
