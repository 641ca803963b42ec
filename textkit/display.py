"""Tables for exploring: a long table becomes a compact table that can be sorted and searched.

:func:`explore` is what a notebook cell returns to show a table longer than
a screen (keywords per document, keyness, KWIC…).  The table is drawn by
`itables <https://mwouts.github.io/itables/>`_ (DataTables) in its offline
mode: the DataTables library travels inside the output of the first such
table of a kernel session, so JupyterLab, the executed notebooks and the
HTML reports need no network.  Short tables stay plain pandas tables, and
nothing here touches the CSV files.

Examples
--------
>>> import pandas as pd
>>> kwic = pd.DataFrame({"left": ["位於中關村"] * 30, "term": ["科學城"] * 30, "right": ["創新企業"] * 30})
>>> type(explore(kwic)).__name__, type(explore(kwic.head(5))).__name__
('InteractiveTable', 'DataFrame')
"""

from __future__ import annotations

import hashlib

import pandas as pd

from textkit.errors import ParameterError

__all__ = ["explore", "InteractiveTable", "MAX_PLAIN_ROWS"]

#: Tables with at most this many rows stay plain (about a screen).
MAX_PLAIN_ROWS = 20

#: Texts longer than this are shown cut (with "…") in an interactive table; the CSV keeps them whole.
MAX_CHARS = 200

#: About the most bytes of data an interactive table puts in the page; a larger table shows its first rows.
MAX_BYTES = 1_000_000


def _shortened(table: pd.DataFrame | pd.Series, max_chars: int) -> pd.DataFrame | pd.Series:
    """``table`` with every string longer than ``max_chars`` cut to that length plus "…" (a copy; numbers untouched)."""

    def cut(column: pd.Series) -> pd.Series:
        if column.dtype != object and not pd.api.types.is_string_dtype(column):
            return column
        return column.map(lambda v: v[:max_chars] + "…" if isinstance(v, str) and len(v) > max_chars else v)

    if isinstance(table, pd.Series):
        return cut(table)
    return table.apply(cut) if len(table.columns) else table

# The DataTables library goes to the page once per kernel: with the first table shown.
_library_sent = False
# JupyterLab right-aligns every table cell; text reads better from the left, numbers stay right.
_CSS = (
    ".dt-container table.dataTable td, .dt-container table.dataTable th { text-align: left; }"
    " .dt-container table.dataTable .dt-type-numeric { text-align: right; }"
)


def explore(table: pd.DataFrame | pd.Series, *, max_rows: int = MAX_PLAIN_ROWS, caption: str | None = None):
    """The table as a notebook should show it: interactive when longer than ``max_rows``, else as it is.

    Parameters
    ----------
    table : DataFrame or Series
    max_rows : int, default 20
        Tables with at most this many rows are returned unchanged and show
        as plain pandas tables.
    caption : str, optional
        Shown under the interactive table.

    Returns
    -------
    DataFrame, Series or InteractiveTable
        What the cell should return.

    Notes
    -----
    The interactive table pages through the rows (10, 25, 50 or 100 at a
    time), sorts by any column and searches every column.  Texts longer
    than 200 characters are shown cut (a document's text, for instance),
    and a table whose data would take more than about 1 MB of the page
    (Chinese text is escaped, six bytes a character) shows its first rows,
    with a caption saying so; the CSV written by
    :func:`textkit.export.save_table` always holds every row and every
    character.
    """
    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise ParameterError(f"explore() takes a pandas DataFrame or Series, not {type(table).__name__}")
    if len(table) <= max_rows:
        return table
    return InteractiveTable(table, caption=caption)


class InteractiveTable:
    """A DataFrame shown as a sortable, searchable DataTables table (itables, offline mode).

    Parameters
    ----------
    table : DataFrame or Series
    caption : str, optional
    page_length : int, default 10
        Rows per page.

    Notes
    -----
    The HTML holds the data and the table's id is derived from it, so the
    same table gives the same output on every run.  The first table of a
    kernel session also carries the DataTables library (about 1 MB); later
    tables use the copy already in the page.  If that first output is
    cleared and the page reloaded, restart the kernel and run the notebook
    again.
    """

    def __init__(self, table: pd.DataFrame | pd.Series, *, caption: str | None = None, page_length: int = 10, max_chars: int = MAX_CHARS):
        self.table = table
        self.caption = caption
        self.page_length = page_length
        self.max_chars = max_chars

    def __repr__(self) -> str:
        return repr(self.table)

    def _repr_html_(self) -> str:
        global _library_sent

        import itables.options
        from itables import to_html_datatable
        from itables.javascript import generate_init_offline_itables_html

        table = _shortened(self.table, self.max_chars)
        caption = self.caption
        # The page holds the data as JSON with non-ASCII escaped (six bytes a Chinese character):
        # keep it near MAX_BYTES by showing the first rows only.
        size = len(table.to_json(orient="values", force_ascii=True))
        if size > MAX_BYTES:
            shown = max(1, int(len(table) * MAX_BYTES / size))
            note = f"first {shown:,} of {len(table):,} rows shown; the CSV file holds them all"
            table = table.iloc[:shown]
            caption = f"{caption} ({note})" if caption else note
        digest = hashlib.sha1(table.to_csv().encode("utf-8")).hexdigest()[:16]
        html = to_html_datatable(
            table,
            caption=caption,
            table_id=f"textkit_table_{digest}",
            connected=False,
            classes="display compact",  # long texts wrap instead of widening the table
            css=_CSS,
            display_logo_when_loading=False,
            maxBytes=2 * MAX_BYTES,  # itables' own cut (rows and columns) only as a last resort
            pageLength=self.page_length,
            lengthMenu=[10, 25, 50, 100],
        )
        if not _library_sent:
            html = generate_init_offline_itables_html(itables.options.dt_bundle) + html
            _library_sent = True
        return html
