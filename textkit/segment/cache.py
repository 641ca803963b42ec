"""The segment cache: segmented documents on disk, keyed by text and segmenter settings.

Built on `diskcache <https://grantjenks.com/docs/diskcache/>`_: a folder
holding one SQLite database, safe to share between threads and processes
(worker processes read and write it at the same time), bounded in size
(the oldest entries are dropped past :attr:`SegmentCache.size_limit`).
Opening it reads a few settings rows, never the whole store.

textkit adds what diskcache leaves to its users:

* keys: a SHA-256 of the cache format, textkit's version, the segmenter's
  :meth:`~textkit.segment.Segmenter.fingerprint` and the text, so that a
  changed setting or dictionary never reads another's results;
* trust: each value carries a CRC-32; one that fails it or does not decode
  is a miss (segmented again and rewritten), and a database SQLite cannot
  read is replaced by a new one, with a warning in the log.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     store = SegmentCache(folder, "0123456789abcdef")
...     store.put_many([("生命科學園的新機遇。", [["生命科學園", "新機遇"]])])
...     found = store.get_many(["生命科學園的新機遇。", "數字經濟"])
...     store.close()
>>> found
{'生命科學園的新機遇。': [['生命科學園', '新機遇']]}
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from textkit.errors import ParameterError

__all__ = ["SegmentCache"]

logger = logging.getLogger(__name__)

Sentences = list[list[str]]


def _encode(sentences: Sentences) -> bytes:
    body = json.dumps(sentences, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return zlib.crc32(body).to_bytes(4, "big") + body


def _decode(value: object) -> Sentences | None:
    """The sentences of a stored value, or None when it fails its checksum or does not decode."""
    if not isinstance(value, bytes) or len(value) < 4:
        return None
    body = value[4:]
    if zlib.crc32(body) != int.from_bytes(value[:4], "big"):
        return None
    try:
        sentences = json.loads(body)
    except ValueError:
        return None
    return sentences if isinstance(sentences, list) else None


class SegmentCache:
    """Segmented documents in a diskcache folder.

    Parameters
    ----------
    directory : path
        The cache folder; created if missing.
    fingerprint : str
        :meth:`Segmenter.fingerprint` of the segmenter whose results are
        stored.
    size_limit : int, default 2 GiB
        Past this many bytes, the least recently stored entries are dropped.

    Raises
    ------
    ParameterError
        ``directory`` is a file (caches of textkit before 0.2 were one
        SQLite file): give a folder.
    """

    VERSION = "2"
    size_limit = 2 << 30

    def __init__(self, directory: str | os.PathLike[str], fingerprint: str, *, size_limit: int | None = None):
        from textkit import __version__

        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise ParameterError(f"segment cache {self.directory}: expected a folder, found a file (give a folder for the cache)")
        if size_limit is not None:
            self.size_limit = size_limit
        self.fingerprint = fingerprint
        self._prefix = hashlib.sha256(f"{self.VERSION}\0{__version__}\0{fingerprint}\0".encode())
        self._cache = self._open()

    # -- opening, and rebuilding what SQLite cannot read ------------------------------
    def _connect(self):
        import diskcache

        # Values stay inside the database (no side files): one file to check and replace.
        return diskcache.Cache(str(self.directory), size_limit=self.size_limit, disk_min_file_size=1 << 24)

    def _open(self):
        try:
            cache = self._connect()
        except sqlite3.DatabaseError as exc:
            return self._rebuild(exc)
        self._identity = self._database_identity()
        return cache

    def _rebuild(self, exc: Exception):
        logger.warning("segment cache %s is unreadable (%s); rebuilding it", self.directory, exc)
        old = self.__dict__.get("_cache")
        if old is not None:
            old.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            (self.directory / f"cache.db{suffix}").unlink(missing_ok=True)
        cache = self._connect()
        self._cache = cache
        self._identity = self._database_identity()
        return cache

    def _database_identity(self) -> tuple[int, int] | None:
        try:
            st = (self.directory / "cache.db").stat()
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def is_current(self) -> bool:
        """Whether the database file is still the one this object opened (not deleted or replaced)."""
        return self._identity is not None and self._identity == self._database_identity()

    # -- entries ------------------------------------------------------------------------
    def key(self, text: str) -> str:
        h = self._prefix.copy()
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get_many(self, texts: Sequence[str]) -> dict[str, Sentences]:
        """Cached results for those of ``texts`` that have a valid entry, by text."""
        found: dict[str, Sentences] = {}
        get = self._cache.get
        try:
            for text in dict.fromkeys(texts):
                sentences = _decode(get(self.key(text)))
                if sentences is not None:
                    found[text] = sentences
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)
        return found

    def put_many(self, pairs: Iterable[tuple[str, Sentences]]) -> None:
        """Store results, in one transaction."""
        rows = [(self.key(text), _encode(sentences)) for text, sentences in pairs]
        try:
            with self._cache.transact():
                for key, value in rows:
                    self._cache.set(key, value)
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> SegmentCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
