"""HTML reports that stand alone: an executed notebook as one page that works offline.

nbconvert's lab template loads require.js, MathJax and mermaid from CDNs and
relies on the reader's fonts.  The page written here has none of that:

- no script, style sheet or font is fetched: the notebooks use no TeX or
  mermaid, so those loaders are left out, and everything else (figures,
  the DataTables library of interactive tables, once, the style) is inside
  the page;
- the CJK font is embedded, subset to the characters the page uses
  (:func:`textkit.output.fonts.cjk_font_face_css`), and comes first for the text
  of markdown, code, tables and printed output, so Chinese reads in a
  browser that has no CJK font.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 中關村科學城")])
>>> page = notebook_html(nb, title="demo")
>>> "@font-face" in page and "require.js" not in page and "mathjax" not in page.lower()
True
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
from pathlib import Path

from textkit.output.display import keep_first_library
from textkit.output.export import output_path

__all__ = ["notebook_html", "write_report", "ldavis_html", "FONT_FAMILY"]

FONT_FAMILY = "textkit-cjk"

# nbconvert's lab template without the loaders of require.js, MathJax and mermaid.
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

# JupyterLab's font stacks with the embedded CJK font first.  The font holds
# only the page's non-ASCII characters, so Latin text keeps the reader's fonts.
_FONT_RULES = """
:root {{
  --jp-content-font-family: "{family}", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, sans-serif;
  --jp-ui-font-family: "{family}", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, sans-serif;
  --jp-code-font-family: "{family}", menlo, consolas, "DejaVu Sans Mono", monospace;
}}
body {{ font-family: var(--jp-content-font-family); }}
input, select, button, textarea {{ font-family: inherit; }}
"""

_ESCAPED = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")


_DATA_URL = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _page_characters(page: str) -> str:
    """Every non-ASCII character a page can show: as written, as HTML entities and as JSON ``\\u`` escapes (table data)."""
    page = _DATA_URL.sub("", page)  # embedded figures and scripts hold no text (and are most of the page)
    found = set(page)
    found.update(*(html_lib.unescape(e) for e in set(_ENTITY.findall(page))))
    text = html_lib.unescape(page) if "&" in page else page  # escapes written as entities (&#92;u…) too
    for run in set(_ESCAPED.findall(text)):
        try:
            found.update(json.loads(f'"{run}"'))
        except ValueError:  # a lone surrogate: not a character
            continue
    return "".join(sorted(c for c in found if ord(c) > 127 and c.isprintable()))


def notebook_html(notebook, *, title: str | None = None) -> str:
    """An executed notebook as one HTML page that needs no network and no CJK font.

    Parameters
    ----------
    notebook : path or nbformat.NotebookNode
    title : str, optional
        The page title (default: the notebook's file name without suffix).

    Returns
    -------
    str
        The page.

    Notes
    -----
    Figures are the notebooks' PNG outputs, embedded as ``data:`` URLs.
    The same notebook gives the same page, byte for byte.
    The embedded font costs about 0.75 KB per distinct character (the
    seed's pages use 20 to 800: 0.02 to 0.6 MB).  Markdown with TeX (``$x^2$``)
    shows as written, since MathJax is not loaded.
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    from textkit.output.fonts import cjk_font_face_css

    if isinstance(notebook, (str, os.PathLike)):
        path = Path(notebook)
        notebook = nbformat.read(path, as_version=4)
        title = title or path.stem
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill picks a random id: the same run gives the same page
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"textkit_report.html.j2": _TEMPLATE})],
        template_file="textkit_report.html.j2",
    )
    page, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title or "report"}})
    page = keep_first_library(page)  # every interactive table carries the table library; the page needs it once
    style = cjk_font_face_css(_page_characters(page), family=FONT_FAMILY) + _FONT_RULES.format(family=FONT_FAMILY)
    head_end = page.index("</head>")
    return f'{page[:head_end]}<style type="text/css">\n{style}</style>\n{page[head_end:]}'


def write_report(notebook: str | os.PathLike[str], folder: str | os.PathLike[str], *, name: str | None = None) -> Path:
    """Write :func:`notebook_html` of ``notebook`` to ``folder/name.html`` (default name: the notebook's)."""
    notebook = Path(notebook)
    path = output_path(folder, name or notebook.stem, ".html", what="report")
    path.write_text(notebook_html(notebook), encoding="utf-8")
    return path


def ldavis_html(prepared, *, visid: str = "textkit_ldavis") -> str:
    """A standalone pyLDAvis page that works offline.

    pyLDAvis loads d3 and its own script from a CDN, so a saved page is
    blank without network.  Here they come from the installed package's
    ``js/`` folder, embedded as ``data:`` URLs, and the CJK font is embedded
    too (subset to the page's characters); ``visid`` is fixed (pyLDAvis
    would pick a random one), so the page is the same on every run.
    """
    import base64
    import string

    import pyLDAvis
    from pyLDAvis import urls

    from textkit.output.fonts import cjk_font_face_css

    def data_url(path: str, mime: str) -> str:
        with open(path, "rb") as fh:
            return f"data:{mime};base64," + base64.b64encode(fh.read()).decode("ascii")

    body = pyLDAvis.prepared_data_to_html(
        prepared,
        d3_url=data_url(urls.D3_LOCAL, "text/javascript"),
        ldavis_url=data_url(urls.LDAVIS_LOCAL, "text/javascript"),
        ldavis_css_url=data_url(urls.LDAVIS_CSS_LOCAL, "text/css"),
        template_type="simple",
        visid=visid,
    )
    # The page carries its own CJK glyphs (a subset of textkit's font), so terms
    # render in a browser that has no Chinese font.
    shown = "".join(prepared.topic_info["Term"]) + string.printable  # to_json() escapes non-ASCII
    style = cjk_font_face_css(shown) + f' #{visid}, #{visid} text {{ font-family: "textkit-cjk", sans-serif; }}'
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>LDAvis</title>'
        f"<style>{style}</style></head><body>{body}</body></html>\n"
    )
