"""Decoding: bytes of an unknown encoding into text, whole or line by line.

Chinese corpora come in UTF-8 (with or without a byte-order mark), UTF-16,
GB18030/GBK and Big5, and scraped ones carry a few stray control
characters (NUL bytes).  Everything that turns a corpus file into text
goes through here:

* :func:`read_text` / :func:`decode_text` decode a whole file or a byte
  string (a document, a dictionary, standard input);
* :class:`TextLines` decodes a file of any size line by line, for the
  readers that stream (CSV, TSV, JSON Lines, one document per line).

Both refuse binary files (images, archives, office documents) with an
error that names what the file looks like, and remove a few stray control
characters with one warning per file.

Examples
--------
>>> decode_text("中關村科學城已聚集了華為等科技創新企業\\r\\n".encode("big5"))
'中關村科學城已聚集了華為等科技創新企業\\n'
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from textkit.errors import BinaryFileError, ControlCharactersWarning, CorpusFileError, EmptyFileError

__all__ = [
    "STRAY_CONTROL_LIMIT",
    "HEAD_BYTES",
    "read_text",
    "decode_text",
    "binary_kind",
    "TextLines",
]

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
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls) or a password-protected one"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"PAR1", "a Parquet file"),
    (0, b"\x7fELF", "a program (ELF)"),
]

STRAY_CONTROL_LIMIT = 0.01
"""Largest share of a text's characters that may be stray control characters.

Up to this share they are removed with a :class:`ControlCharactersWarning`
(scraped corpora often carry a few NUL bytes); above it the file is taken
for binary and refused.  Text decoded from an image, an archive or UTF-16
read as UTF-8 has far more (a quarter or half of its characters)."""

HEAD_BYTES = 1 << 20
"""How much of a file decides its encoding when :class:`TextLines` streams it (1 MiB).

A file no larger is decoded exactly as :func:`read_text` decodes it."""

# C0 and C1 control characters except the whitespace ones (\t \n \v \f \r).
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_STRAY_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def binary_kind(data: bytes) -> str | None:
    """What the first bytes of a file say it is (``"a PNG image"``…), or ``None`` for none of the known formats.

    Examples
    --------
    >>> binary_kind(b"%PDF-1.7"), binary_kind("新聞".encode())
    ('a PDF document', None)
    """
    if data.startswith(b"BZh") and data[4:10] != b"1AY&SY":
        return None  # "BZh" alone can start a text
    return next((kind for at, magic, kind in _SIGNATURES if data[at : at + len(magic)] == magic), None)


def _control_share(text: str) -> float:
    return len(_STRAY_CONTROL.findall(text)) / max(len(text), 1)


def _detect(data: bytes, candidates: list[str]) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    return None if best is None else best.encoding


def _encoding(path: str | Path, data: bytes, *, final: bool = True) -> str:
    """The encoding of ``data``: a byte-order mark, else strict UTF-8, else the detector.

    ``final=False`` when ``data`` is only the head of a file (it may end
    inside a character).

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
                codecs.getincrementaldecoder(encoding)().decode(data, final)
            except UnicodeDecodeError:
                raise BinaryFileError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
            return encoding
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(data, final)
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _control_share(text) <= STRAY_CONTROL_LIMIT:
            return "utf-8"
        encoding = _detect(data, _UTF16) if len(data) % 2 == 0 else None
        return encoding or "utf-8"  # binary: refused by the caller, who counts the control characters
    encoding = _detect(data, _CANDIDATES)
    if encoding is None and _STRAY_CONTROL_BYTES.search(data):
        # GB18030 and Big5 never use an ASCII control byte inside a character,
        # so the detector may judge them without the stray controls (which
        # stay in the decoded text, to be counted and removed).
        encoding = _detect(_STRAY_CONTROL_BYTES.sub(b"", data), ["gb18030", "big5", "big5hkscs"])
    if encoding is None:
        raise BinaryFileError(path, f"cannot be decoded: it looks binary or uses an unknown encoding ({_DECODE_HINT})")
    return encoding


def _decode(path: str | Path, data: bytes) -> str:
    encoding = _encoding(path, data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BinaryFileError(path, f"cannot be decoded as {encoding}, the closest guess ({_DECODE_HINT})") from None


class _Controls:
    """Stray control characters of one file: counted and their lines noted as the text goes by, reported once."""

    def __init__(self, path: str | Path):
        self.path = path
        self.kinds: Counter[str] = Counter()
        self.lines: list[int] = []  # the first few lines that hold one
        self.n_lines = 0
        self.characters = 0  # of the whole text, control characters included

    def clean(self, line: str, number: int) -> str:
        self.characters += len(line)
        if not _STRAY_CONTROL.search(line):
            return line
        found = _STRAY_CONTROL.findall(line)
        self.kinds.update(found)
        self.n_lines += 1
        if len(self.lines) < 6:
            self.lines.append(number)
        return _STRAY_CONTROL.sub("", line)

    @property
    def count(self) -> int:
        return sum(self.kinds.values())

    def check(self) -> None:
        """Refuse a text made of control characters."""
        if self.count / max(self.characters, 1) > STRAY_CONTROL_LIMIT:
            raise BinaryFileError(self.path, f"looks like a binary file, not text ({_DECODE_HINT})")

    def warn(self, stacklevel: int = 2) -> None:
        if not self.kinds:
            return
        what = ", ".join(f"U+{ord(ch):04X} ×{n:,}" for ch, n in sorted(self.kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        shown = ", ".join(map(str, self.lines[:5])) + (", …" if self.n_lines > 5 else "")
        warnings.warn(
            f"{self.path}: removed {self.count:,} stray control character(s) ({what}) on {self.n_lines:,} line(s), "
            f"first on line(s) {shown}; the rest of the file is read as text",
            ControlCharactersWarning,
            stacklevel=stacklevel + 1,
        )


def _remove_stray_controls(path: str | Path, text: str) -> str:
    """Remove a few stray control characters with one warning; refuse a text made of them."""
    if not _STRAY_CONTROL.search(text):
        return text
    controls = _Controls(path)
    lines = [controls.clean(line, i) for i, line in enumerate(text.split("\n"), start=1)]
    controls.characters = len(text)
    controls.check()
    controls.warn(stacklevel=4)
    return "\n".join(lines)


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

    Notes
    -----
    The whole file is read into memory; :class:`TextLines` reads a large
    one line by line.

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
    if kind := binary_kind(data):
        raise BinaryFileError(name, f"looks like a binary file ({kind}), not text ({_DECODE_HINT})")
    text = _decode(name, data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _remove_stray_controls(name, text)


class TextLines:
    """The lines of a text file of any size, decoded as they are read.

    The first :data:`HEAD_BYTES` of the file decide the encoding (as
    :func:`read_text` decides it for the whole file) and refuse binary
    files; then the file is decoded line by line, so memory stays small
    whatever its size.  Lines end in ``\\n`` (``\\r\\n`` and ``\\r`` are
    translated), stray control characters are removed and counted, and
    the one :class:`ControlCharactersWarning` of the file comes when its
    last line has been read.

    Parameters
    ----------
    path : str or Path

    Attributes
    ----------
    encoding : str
        The codec the file is read with.
    size : int
        The file's size in bytes.

    Raises
    ------
    CorpusFileError, EmptyFileError, BinaryFileError
        As :func:`read_text`; an encoding error after the head names the
        line where it happens.

    Notes
    -----
    Iterate it once: each iteration opens the file again.  A file larger
    than the head whose bytes change encoding after the first megabyte
    (a concatenation of a UTF-8 and a GBK file) stops with an error
    naming the line.

    Examples
    --------
    >>> lines = TextLines("seeds/000_0cb52c72f24d951b.txt")
    >>> lines.encoding, next(iter(lines))[:6]
    ('utf-8', '科技創新片區')
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            with open(self.path, "rb") as f:
                head = f.read(HEAD_BYTES + 1)
            self.size = self.path.stat().st_size
        except FileNotFoundError:
            raise CorpusFileError(self.path, "no such file") from None
        except IsADirectoryError:
            raise CorpusFileError(self.path, "is a folder, expected a file") from None
        except OSError as exc:
            raise CorpusFileError(self.path, f"cannot be read ({exc.strerror})") from None
        whole = len(head) <= HEAD_BYTES
        if whole and not head.strip():
            raise EmptyFileError(self.path, "the file is empty")
        if kind := binary_kind(head):
            raise BinaryFileError(self.path, f"looks like a binary file ({kind}), not text ({_DECODE_HINT})")
        self.encoding = _encoding(self.path, head[:HEAD_BYTES], final=whole)
        try:
            text = codecs.getincrementaldecoder(self.encoding)().decode(head[:HEAD_BYTES], whole)
        except UnicodeDecodeError:
            raise BinaryFileError(self.path, f"cannot be decoded as {self.encoding}, the closest guess ({_DECODE_HINT})") from None
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        # Binary is refused before any line is used: on the whole text when the head is the whole file.
        if _control_share(text) > STRAY_CONTROL_LIMIT:
            raise BinaryFileError(self.path, f"looks like a binary file, not text ({_DECODE_HINT})")
        if whole and not text.strip():
            raise EmptyFileError(self.path, "the file is empty (only whitespace)")

    def _raw_lines(self) -> Iterator[str]:
        """Decoded lines, ``\\r\\n`` and ``\\r`` made ``\\n``; a decoding error names its line."""
        wide = codecs.lookup(self.encoding).name.startswith(("utf-16", "utf-32"))
        number = 0
        try:
            with open(self.path, "rb") as raw:
                if wide:  # a byte 0x0A can sit inside a character: let the text layer find the lines
                    for number, line in enumerate(io.TextIOWrapper(raw, encoding=self.encoding, newline=None), start=1):
                        yield line
                    return
                # ASCII-compatible encodings (UTF-8, GB18030, Big5) never use 0x0A inside a character:
                # split the bytes, decode line by line, so an error names its line.
                decoder = codecs.getincrementaldecoder(self.encoding)()
                for chunk in chain(raw, [b""]):
                    text = decoder.decode(chunk, final=not chunk)
                    if not text:
                        continue
                    if "\r" in text:  # \r\n, and a lone \r (old Mac files) ends a line too
                        text = text.replace("\r\n", "\n").replace("\r", "\n")
                        pieces = text.split("\n")
                        lines = [p + "\n" for p in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
                    else:
                        lines = [text]
                    for line in lines:
                        number += 1
                        yield line
        except UnicodeDecodeError:
            raise BinaryFileError(
                self.path,
                f"cannot be decoded as {self.encoding} (the encoding its first megabyte has): "
                f"the bytes change encoding here ({_DECODE_HINT})",
                line=number + 1,
            ) from None

    def __iter__(self) -> Iterator[str]:
        controls = _Controls(self.path)
        blank = True
        for number, line in enumerate(self._raw_lines(), start=1):
            if number == 1:
                line = line.lstrip("\ufeff")
            line = controls.clean(line, number)
            if blank and line.strip():
                blank = False
            yield line
        if blank:
            raise EmptyFileError(self.path, "the file is empty (only whitespace)")
        controls.check()
        controls.warn(stacklevel=3)
