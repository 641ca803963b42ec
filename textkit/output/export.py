"""Export: result tables as CSV that Excel opens with Chinese intact.

Examples
--------
>>> import pandas as pd
>>> path = save_table(pd.DataFrame({"詞": ["中關村"], "次數": [3]}), "example", folder=tmp)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from textkit.analysis._ranking import DIGITS, round_sig
from textkit.errors import ParameterError

__all__ = ["save_table", "save_html", "output_path"]


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


def save_html(html: str, name: str, *, folder: str | os.PathLike[str] = "output/reports") -> Path:
    """Write a standalone HTML page (e.g. :func:`textkit.output.report.ldavis_html`) to ``folder/name.html``."""
    path = output_path(folder, name, ".html", what="page")
    path.write_text(html, encoding="utf-8")
    return path
