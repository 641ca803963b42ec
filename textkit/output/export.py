"""Export: result tables as CSV that Excel opens with Chinese intact.

Examples
--------
>>> import pandas as pd
>>> path = save_table(pd.DataFrame({"詞": ["中關村"], "次數": [3]}), "example", folder=tmp)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from textkit.analysis._ranking import DIGITS, round_sig
from textkit.errors import ParameterError

__all__ = ["save_table", "save_table_parts", "save_html", "output_path"]


def output_path(folder: str | os.PathLike[str], name: str, suffix: str, *, what: str = "file") -> Path:
    """``folder/name + suffix``, the folder created; ``name`` must be a plain file name.

    Examples
    --------
    >>> import tempfile
    >>> output_path(tempfile.mkdtemp(), "01_corpus_overview", ".csv").name
    '01_corpus_overview.csv'
    """
    if not name or "/" in name or "\\" in name:
        raise ParameterError(f"{what} name must be a plain file name without extension (got {name!r})")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}{suffix}"


def save_table(table: pd.DataFrame, name: str, *, folder: str | os.PathLike[str] = "output/tables", index: bool = False) -> Path:
    """Write a table to ``folder/name.csv`` in UTF-8 with a BOM (so Excel detects the encoding).

    Floats are rounded to six significant digits (:func:`textkit.analysis._ranking.round_sig`,
    which also turns ``-0.0`` into ``0``) and written as ``%.6g``; line
    endings are ``\\n``.  So the same table gives the same bytes, and a table
    computed on another machine, whose floats differ in their last bits, too.

    Returns
    -------
    Path
        The file written.
    """
    path = output_path(folder, name, ".csv", what="table")
    round_sig(table).to_csv(path, index=index, encoding="utf-8-sig", float_format=f"%.{DIGITS}g", lineterminator="\n")
    return path


def save_table_parts(frames: Iterable[pd.DataFrame], name: str, *, folder: str | os.PathLike[str] = "output/tables",
                     preview: int = 20, index: bool = False) -> pd.DataFrame:
    """Write tables that come one by one (a shard's rows each) as one table, ``folder/name.csv``, holding one at a time.

    The bytes are those :func:`save_table` writes for ``pd.concat(frames)``
    (each part rounded alike, one header, a BOM once), so a per-document
    table of any length is written without ever being whole in memory:
    feed it :meth:`textkit.engine.prepared.PreparedCorpus.iter_shards`.

    Parameters
    ----------
    frames : iterable of DataFrame
        The parts in order, with the same columns.
    name, folder, index
        As :func:`save_table`.
    preview : int, default 20
        Rows kept for showing (the first ones).

    Returns
    -------
    DataFrame
        The first ``preview`` rows; ``attrs["rows"]`` holds how many were written.

    Examples
    --------
    >>> import tempfile
    >>> parts = [pd.DataFrame({"詞": ["北京"], "權重": [0.5]}), pd.DataFrame({"詞": ["科技", "創新"], "權重": [0.25, 1 / 3]})]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     shown = save_table_parts(iter(parts), "例", folder=folder, preview=2)
    ...     text = (Path(folder) / "例.csv").read_text(encoding="utf-8-sig")
    >>> print(text, end="")
    詞,權重
    北京,0.5
    科技,0.25
    創新,0.333333
    >>> len(shown), shown.attrs["rows"]
    (2, 3)
    """
    path = output_path(folder, name, ".csv", what="table")
    partial = path.with_name(f".{path.name}.partial")  # renamed when whole: a pass that fails leaves no table that looks complete
    shown: list[pd.DataFrame] = []
    kept = rows = 0
    columns = None
    first = True
    try:
        with open(partial, "w", encoding="utf-8-sig", newline="") as f:
            for frame in frames:
                if columns is None:
                    columns = list(frame.columns)
                elif list(frame.columns) != columns:
                    raise ValueError(f"{name}: a part's columns {list(frame.columns)} differ from the first part's {columns}")
                round_sig(frame).to_csv(f, index=index, header=first, float_format=f"%.{DIGITS}g", lineterminator="\n")
                first = False
                rows += len(frame)
                if kept < preview:
                    shown.append(frame.iloc[: preview - kept])
                    kept += len(shown[-1])
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    table = pd.concat(shown, ignore_index=not index) if shown else pd.DataFrame(columns=columns or [])
    table.attrs["rows"] = rows
    return table


def save_html(html: str, name: str, *, folder: str | os.PathLike[str] = "output/reports") -> Path:
    """Write a standalone HTML page (e.g. :func:`textkit.output.report.ldavis_html`) to ``folder/name.html``."""
    path = output_path(folder, name, ".html", what="page")
    path.write_text(html, encoding="utf-8")
    return path
