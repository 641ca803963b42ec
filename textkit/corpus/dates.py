"""Dates: the date column of a corpus, read the ways Chinese corpora write it.

:func:`parse_dates` parses a list of values at once; :class:`DateColumn`
parses a column chunk by chunk (the readers stream) and gives its one
:class:`~textkit.errors.DateWarning` when the corpus ends, with the totals.
Both read ISO dates and times, slashes and dots, ``20200105``, English
month names, Chinese dates (``2020年1月5日 8時30分``, full-width digits
too), date and time values of spreadsheets and Parquet files, and Excel
serial numbers.

Examples
--------
>>> parse_dates(["2020-01-05 08:30", "2020年1月6日"]).dt.strftime("%Y-%m-%d").tolist()
['2020-01-05', '2020-01-06']
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from textkit.errors import DateWarning

__all__ = ["parse_dates", "DateColumn", "EXCEL_EPOCH"]

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (serial 1 is 1900-01-01; Excel's phantom 1900-02-29 makes day 0 the 30th)."""

_EXCEL_SERIAL_MAX = 2_958_465  # 9999-12-31

# 2020年1月5日, 2020年01月05日 08時30分: the Chinese way of writing a date, made ISO-like for pandas.
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?")
_CJK_TIME = re.compile(r"(\d{1,2})\s*[時时点點]\s*(\d{1,2})\s*分?(?:\s*(\d{1,2})\s*秒)?")
# A UTC offset after a time (08:30+08:00, 08:30Z, 08:30 +0800): dropped, the wall-clock time stays.
_UTC_OFFSET = re.compile(r"(?<=\d)\s*(?:Z|UTC|GMT)?\s*[+-]\d{2}:?\d{2}$|(?<=\d)\s*(?:Z|UTC|GMT)$")


def _normalise_date(value: str) -> str:
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


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NaT


class DateColumn:
    """A date column parsed chunk by chunk, with one warning for the whole corpus.

    Parameters
    ----------
    path, column : str
        Where the values come from, for the warning: the file and the column name.
    excel_epoch : datetime, optional
        Read numbers as Excel serial dates counted from this day
        (:data:`EXCEL_EPOCH`, or the 1904 system's ``1904-01-01``).  A whole
        number from 1000 to 9999 is a year, as it is in a CSV file.
    unit : str, default "line"
        What the numbers given with the values count (``line`` or ``row``).

    Notes
    -----
    The format is guessed once, from the first non-empty value of the
    corpus, and used for every chunk; values in another format are read one
    by one (``format="mixed"``, dateutil).  So the dates do not depend on
    how the corpus is cut.  A day-first date such as ``05/01/2020`` is read
    month first, as dateutil does: prefer ISO dates.

    Examples
    --------
    >>> column = DateColumn(path="news.csv", column="日期")
    >>> column.parse(["2020-01-05", "2020年1月6日"], [2, 3]).astype(str).tolist()
    ['2020-01-05T00:00:00.000000', '2020-01-06T00:00:00.000000']
    >>> column.finish()  # every date was read: no warning
    """

    def __init__(self, *, path: str | Path = "<dates>", column: str = "date", excel_epoch: dt.datetime | None = None,
                 unit: str = "line"):
        self.path = path
        self.column = column
        self.excel_epoch = excel_epoch
        self.unit = unit
        self.total = 0
        self.bad: list[tuple[int, object]] = []  # the first few unreadable values and their lines
        self.n_bad = 0
        self.empty: list[int] = []
        self.n_empty = 0
        self._format: str | None | bool = False  # not guessed yet

    def _value(self, value) -> pd.Timestamp | str | None:
        """A timestamp for date and time values, a normalised string for text, ``None`` when empty."""
        if _is_missing(value):
            return None
        if isinstance(value, dt.datetime | dt.date):  # spreadsheets, Parquet (pd.Timestamp is a datetime)
            stamp = pd.Timestamp(value)
            return stamp.tz_localize(None) if stamp.tz is not None else stamp
        if isinstance(value, np.datetime64):
            return pd.Timestamp(value)
        if isinstance(value, dt.time):
            return str(value)  # a time without a day: unreadable as a date
        if self.excel_epoch is not None and isinstance(value, int | float) and not isinstance(value, bool):
            if float(value).is_integer() and 1000 <= value <= 9999:
                return str(int(value))  # a year
            if 0 < value <= _EXCEL_SERIAL_MAX:
                return pd.Timestamp(self.excel_epoch + dt.timedelta(days=float(value))).round("ms")  # Excel keeps milliseconds
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = _normalise_date(str(value))
        return text or None

    def parse(self, values: Sequence, lines: Sequence[int]) -> np.ndarray:
        """Parse one chunk of values; ``lines`` gives each value's line (or row) for the warning.

        Returns
        -------
        ndarray of datetime64[us]
            ``NaT`` where a value is empty or cannot be read.
        """
        values = list(values)
        parsed = pd.Series(pd.NaT, index=range(len(values)), dtype="datetime64[us]")
        strings: dict[int, str] = {}
        for i, value in enumerate(values):
            got = self._value(value)
            if got is None:
                self.n_empty += 1
                if len(self.empty) < 5:
                    self.empty.append(lines[i])
            elif isinstance(got, str):
                strings[i] = got
            else:
                parsed[i] = got
        if strings:
            text = pd.Series(strings)
            if self._format is False:
                from pandas.tseries.api import guess_datetime_format

                self._format = guess_datetime_format(text.iloc[0])
            first = _to_datetime(text, format=self._format) if self._format else _to_datetime(text, format="mixed")
            retry = first.isna()
            if retry.any() and self._format:
                first[retry] = _to_datetime(text[retry], format="mixed")
            parsed[first.index] = first
            for i in first.index[first.isna()]:
                self.n_bad += 1
                if len(self.bad) < 5:
                    self.bad.append((lines[i], values[i]))
        self.total += len(values)
        return parsed.astype("datetime64[us]").to_numpy()

    def finish(self, stacklevel: int = 2) -> None:
        """Warn once about the empty and unreadable dates of every chunk parsed."""
        if not (self.n_bad or self.n_empty):
            return
        parts = []
        if self.n_bad:
            shown = ", ".join(f"{self.unit} {line}: {str(raw)[:30]!r}" for line, raw in self.bad)
            parts.append(f"{self.n_bad:,} unparseable ({shown}{', …' if self.n_bad > 5 else ''})")
        if self.n_empty:
            shown = ", ".join(f"{self.unit} {line}" for line in self.empty)
            parts.append(f"{self.n_empty:,} empty ({shown}{', …' if self.n_empty > 5 else ''})")
        warnings.warn(
            f"{self.path}: {self.n_bad + self.n_empty:,} of {self.total:,} document(s) have no usable date in column "
            f"{self.column!r} and are kept without one: {'; '.join(parts)}",
            DateWarning,
            stacklevel=stacklevel + 1,
        )


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
        also in full-width digits; ``datetime`` values are taken as they are.
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
    values = list(values)
    column_ = DateColumn(path=path, column=column)
    parsed = column_.parse(values, list(lines) if lines is not None else list(range(1, len(values) + 1)))
    column_.finish(stacklevel=2)
    return pd.Series(parsed, dtype="datetime64[us]")
