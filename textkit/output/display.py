"""Tables for exploring: a long table becomes a compact table that can be sorted and searched.

:func:`explore` is what a notebook cell returns to show a table longer than
a screen (keywords per document, keyness, KWIC…).  The table is drawn by
`itables <https://mwouts.github.io/itables/>`_ (DataTables) in its offline
mode: every table's output carries the DataTables library (compressed,
about 0.25 MB), loaded only if the page has not loaded it yet, so a table
works wherever it is shown (JupyterLab, also after a reload of the browser
tab; the executed notebooks; the HTML reports, which keep one copy:
:func:`keep_first_library`) and nothing needs the network.  Short tables
stay plain pandas tables.  What a table shows is capped (rows, bytes,
characters per cell) and the caption says so; nothing here touches the
CSV files.

Examples
--------
>>> import pandas as pd
>>> kwic = pd.DataFrame({"left": ["位於中關村"] * 30, "term": ["科學城"] * 30, "right": ["創新企業"] * 30})
>>> type(explore(kwic)).__name__, type(explore(kwic.head(5))).__name__
('InteractiveTable', 'DataFrame')
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import math
import re

import pandas as pd

from textkit.errors import ParameterError

__all__ = ["explore", "InteractiveTable", "keep_first_library", "MAX_PLAIN_ROWS", "MAX_ROWS", "MAX_BYTES", "MAX_CELL_CHARS"]

#: Tables with at most this many rows stay plain (about a screen).
MAX_PLAIN_ROWS = 20
#: An interactive table shows at most this many rows (the first ones).
MAX_ROWS = 5_000
#: ... and at most about this many bytes of data, counted as they travel in the page (a Han character costs 6).
MAX_BYTES = 1_000_000
#: Longer texts are cut to this many characters in the table (ending in "…").
MAX_CELL_CHARS = 100

# JupyterLab right-aligns every table cell; text reads better from the left, numbers stay right.
_CSS = (
    ".dt-container table.dataTable td, .dt-container table.dataTable th { text-align: left; }"
    " .dt-container table.dataTable .dt-type-numeric { text-align: right; }"
)
# The library's loader, one per table output: <script data-textkit-library="NAME">…</script>.
_LIBRARY_ATTRIBUTE = "data-textkit-library"
_LIBRARY_SCRIPT = re.compile(rf'<script {_LIBRARY_ATTRIBUTE}="([^"]+)">.*?</script>\n?', re.S)
# Where a table's script waits for the library (itables' offline template): window._itables_2_9_1 and its ready event.
_LIBRARY_GLOBAL = re.compile(r"await window\.(_itables_\w+);")
_LIBRARY_EVENT = re.compile(r'addEventListener\("(itables-[^"]+-ready)"')
_LOADER = """<script {attribute}="{name}">
if (!window.{name}) {{
  const unpack = async b64 => {{
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }};
  window.{name} = (async () => {{
    const [js, css] = await Promise.all([unpack("{js}"), unpack("{css}")]);
    const style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
    const url = URL.createObjectURL(new Blob([js], {{ type: "application/javascript" }}));
    try {{ return await import(url); }} finally {{ URL.revokeObjectURL(url); }}
  }})();
  window.{name}.then(() => window.dispatchEvent(new Event("{event}")));
}}
</script>
"""


def explore(
    table: pd.DataFrame | pd.Series,
    *,
    max_rows: int = MAX_PLAIN_ROWS,
    caption: str | None = None,
):
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
    time), sorts by any column and searches every column.  It shows at most
    :data:`MAX_ROWS` rows and about :data:`MAX_BYTES` of data (the first
    rows), and texts cut to :data:`MAX_CELL_CHARS` characters; its caption
    says when it does, and sorting and searching then see only what is
    shown.  The CSV written by :func:`textkit.output.export.save_table` always
    holds every row and the whole text.
    """
    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise ParameterError(f"explore() takes a pandas DataFrame or Series, not {type(table).__name__}")
    if len(table) <= max_rows:
        return table
    return InteractiveTable(table, caption=caption)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _displayed(table: pd.DataFrame, *, max_rows: int, max_bytes: int, max_cell_chars: int) -> tuple[pd.DataFrame, int, bool]:
    """What the interactive table shows: (first rows with texts cut and missing values empty, rows shown, texts cut)."""
    head = table.iloc[:max_rows]
    text_columns = [i for i, dtype in enumerate(head.dtypes) if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))]
    shown = head.copy()
    cut = False
    for i in text_columns:
        texts = ["" if _is_missing(v) else str(v) for v in head.iloc[:, i]]
        cut = cut or any(len(t) > max_cell_chars for t in texts)
        texts = [t if len(t) <= max_cell_chars else t[: max_cell_chars - 1] + "…" for t in texts]
        shown.isetitem(i, pd.Series(texts, index=head.index, dtype=object))
    # The size of each row as the table's data holds it (JSON, non-ASCII as \\uXXXX escapes).
    records = shown.astype(object).where(shown.notna(), None).values.tolist()
    sizes = [len(json.dumps(r, default=str)) + 2 for r in records]
    total, n = 0, 0
    for size in sizes:
        if n and total + size > max_bytes:
            break
        total += size
        n += 1
    return shown.iloc[:n], n, cut


def _note(total: int, shown: int, cut: bool, max_cell_chars: int) -> str:
    parts = []
    if shown < total:
        parts.append(f"the first {shown:,} of {total:,} rows")
    if cut:
        parts.append(f"texts cut to {max_cell_chars} characters (…)")
    if not parts:
        return ""
    return "Shown: " + " and ".join(parts) + "; sorting and searching see what is shown, the CSV file holds everything."


@functools.lru_cache(maxsize=4)
def _library_loader(bundle: str, name: str, event: str) -> str:
    """The DataTables library (itables' offline bundle, gzip-compressed) behind a check that it is not loaded yet."""
    from pathlib import Path

    def packed(path: Path) -> str:
        return base64.b64encode(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)).decode("ascii")

    js = Path(bundle)
    return _LOADER.format(attribute=_LIBRARY_ATTRIBUTE, name=name, event=event, js=packed(js), css=packed(js.with_suffix(".css")))


def keep_first_library(page: str) -> str:
    """``page`` with the DataTables library of its first interactive table only (the later copies would not load).

    Parameters
    ----------
    page : str
        HTML holding the outputs of several :class:`InteractiveTable`.

    Returns
    -------
    str
    """
    seen: set[str] = set()

    def first(match: re.Match) -> str:
        if match.group(1) in seen:
            return ""
        seen.add(match.group(1))
        return match.group(0)

    return _LIBRARY_SCRIPT.sub(first, page)


class InteractiveTable:
    """A DataFrame shown as a sortable, searchable DataTables table (itables, offline mode).

    Parameters
    ----------
    table : DataFrame or Series
    caption : str, optional
    page_length : int, default 10
        Rows per page.
    max_rows, max_bytes, max_cell_chars : int
        What the table shows at most (see :func:`explore`).

    Notes
    -----
    The HTML holds the data and the table's id is derived from it, so the
    same table gives the same output on every run.  Every table carries
    the DataTables library (gzip-compressed, about 0.25 MB; browsers since
    2023 can unpack it) and loads it if the page has not: a reloaded
    JupyterLab tab or a cleared output does not leave tables without it.
    Missing values show as empty cells (``NaN`` in a float column).
    """

    def __init__(
        self,
        table: pd.DataFrame | pd.Series,
        *,
        caption: str | None = None,
        page_length: int = 10,
        max_rows: int = MAX_ROWS,
        max_bytes: int = MAX_BYTES,
        max_cell_chars: int = MAX_CELL_CHARS,
    ):
        self.table = table
        self.caption = caption
        self.page_length = page_length
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.max_cell_chars = max_cell_chars

    def __repr__(self) -> str:
        return repr(self.table)

    def _repr_html_(self) -> str:
        import itables.options
        from itables import to_html_datatable
        from itables.javascript import generate_init_offline_itables_html

        frame = self.table.to_frame() if isinstance(self.table, pd.Series) else self.table
        shown, n, cut = _displayed(frame, max_rows=self.max_rows, max_bytes=self.max_bytes, max_cell_chars=self.max_cell_chars)
        note = _note(len(frame), n, cut, self.max_cell_chars)
        caption = " ".join(part for part in (self.caption, note) if part) or None
        digest = hashlib.sha1(frame.to_csv().encode("utf-8")).hexdigest()[:16]
        html = to_html_datatable(
            shown,
            caption=caption,
            table_id=f"textkit_table_{digest}",
            connected=False,
            classes="display compact",  # long texts wrap instead of widening the table
            css=_CSS,
            display_logo_when_loading=False,
            maxBytes=0,  # capped above, by the real size of the text
            pageLength=self.page_length,
            lengthMenu=[10, 25, 50, 100],
        )
        name, event = _LIBRARY_GLOBAL.search(html), _LIBRARY_EVENT.search(html)
        if name and event:
            loader = _library_loader(str(itables.options.dt_bundle), name.group(1), event.group(1))
        else:  # another itables template: its own loader (uncompressed), which checks the same way
            loader = generate_init_offline_itables_html(itables.options.dt_bundle)
        return loader + html
