"""Standalone HTML reports: nothing loaded from outside, figures embedded, a font for every Chinese character."""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser

import nbformat
import pandas as pd
import pytest

from textkit.output.display import explore
from textkit.output.plot import bar
from textkit.output.report import _page_characters, notebook_html, write_report


class Resources(HTMLParser):
    """Every URL a page loads by itself: scripts, style sheets, images, frames, CSS url() and @import, module imports."""

    LOADING = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("source", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href"), ("use", "href")}

    def __init__(self, page: str):
        super().__init__()
        self.urls: list[str] = []
        self.images: list[str] = []
        self._in: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in self.LOADING and value:
                self.urls.append(value)
                if tag == "img":
                    self.images.append(value)
            if name == "style" and value:
                self._css(value)
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self._css(data)
        elif self._in == "script":
            self.urls += re.findall(r"""(?:\bimport\s*\(\s*|\bfrom\s+|\bimport\s+)["'`]((?:https?:)?//[^"'`]+)""", data)

    def _css(self, css: str) -> None:
        self.urls += re.findall(r"""url\(\s*["']?([^"')\s]+)""", css) + re.findall(r"""@import\s+(?:url\()?["']([^"']+)""", css)


def font_characters(page: str) -> set[str]:
    """The characters the fonts embedded in ``page`` can draw."""
    from fontTools.ttLib import TTFont

    fonts = re.findall(r"data:font/otf;base64,([A-Za-z0-9+/=]+)", page)
    assert fonts, "no embedded font"
    return {chr(c) for f in fonts for c in TTFont(io.BytesIO(base64.b64decode(f))).getBestCmap()}


def test_the_resource_finder_sees_what_would_load():
    """The checks below can fail: what nbconvert's default page and itables' connected mode load is found."""
    page = (
        '<script src="https://cdnjs.cloudflare.com/require.js"></script><link rel="stylesheet" href="x.css">'
        '<style>@font-face { src: url("https://fonts.example/f.woff2") } @import "https://x/y.css";</style>'
        '<script type="module">import { DataTable } from "https://www.unpkg.com/dt_for_itables/dt_bundle.js";</script>'
        '<img src="data:image/png;base64,AAAA"><a href="https://itables.org/">a link loads nothing</a>'
    )
    assert Resources(page).urls == ["https://cdnjs.cloudflare.com/require.js", "x.css", "https://fonts.example/f.woff2",
                                    "https://x/y.css", "https://www.unpkg.com/dt_for_itables/dt_bundle.js", "data:image/png;base64,AAAA"]


def test_nbconvert_alone_would_not_stand_alone():
    from nbconvert import HTMLExporter

    page, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.v4.new_notebook())
    assert any(u.startswith("https://") for u in Resources(page).urls)


@pytest.mark.parametrize(
    ("page", "characters"),
    [
        ("<p>中關村</p>", "中關村"),
        ("<td>&#31185;&#23416;</td>", "學科"),  # HTML entities
        ('{"data": [["\\u6d77\\u6fb1"]]}', "海澱"),  # JSON escapes in table data
        ('"\\ud867\\udf7e\\ud867\\udf8c"', "𩽾𩾌"),  # a surrogate pair outside the Basic Multilingual Plane
        ('"\\ud867 alone"', ""),  # a lone surrogate is not a character
        ("ASCII only <b>&amp;</b>", ""),
    ],
)
def test_page_characters(page, characters):
    assert _page_characters(page) == "".join(sorted(characters))


def _executed_notebook():
    """A small notebook with what textkit's notebooks show: markdown, code, printed output, a figure, a long table."""
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    fig = bar(pd.Series({"中關村科學城": 12, "生命科學園": 9}), title="高頻詞")
    table = pd.DataFrame({"詞": [f"海澱{i}" for i in range(25)], "次數": range(25)})
    cells = [nbformat.v4.new_markdown_cell("# 語料概覽\n\n每一行是一篇文件。")]
    params = nbformat.v4.new_code_cell('corpus = "seeds"')
    params.metadata["tags"] = ["injected-parameters"]
    cells.append(params)
    printed = nbformat.v4.new_code_cell('print("昌平區委書記")', outputs=[nbformat.v4.new_output("stream", name="stdout", text="昌平區委書記\n")])
    cells.append(printed)
    for code, value in (("fig", fig), ("explore(table)", explore(table))):
        data, metadata = formatter.format(value)
        data = {k: base64.b64encode(v).decode() if isinstance(v, bytes) else v for k, v in data.items()}
        cells.append(nbformat.v4.new_code_cell(code, outputs=[nbformat.v4.new_output("execute_result", data=data, metadata=metadata, execution_count=1)]))
    return nbformat.v4.new_notebook(cells=cells)


def test_a_report_loads_nothing_and_draws_every_chinese_character():
    page = notebook_html(_executed_notebook(), title="語料")
    found = Resources(page)
    assert found.urls and all(u.startswith("data:") for u in found.urls), [u for u in found.urls if not u.startswith("data:")]
    assert len(found.images) == 1 and found.images[0].startswith("data:image/png;base64,")
    han = set(re.findall(r"[\u4e00-\u9fff]", page))
    assert set("語料概覽昌平區委書記海澱") <= han <= font_characters(page)
    assert not any(c.isascii() for c in font_characters(page))  # Latin text keeps the reader's fonts
    assert '"textkit-cjk", menlo' in page and "mathjax" not in page.lower() and "require" not in page.lower()
    assert 'id="cell-id=injected-parameters"' in page


def test_a_report_carries_the_table_library_once():
    nb = _executed_notebook()
    table = pd.DataFrame({"詞": [f"海澱{i}" for i in range(25)], "次數": range(25)}).iloc[::-1]
    output = nbformat.v4.new_output("execute_result", data={"text/html": explore(table)._repr_html_()}, execution_count=2)
    nb.cells.append(nbformat.v4.new_code_cell("explore(table.iloc[::-1])", outputs=[output]))
    assert sum("data-textkit-library" in str(c.outputs) for c in nb.cells if c.cell_type == "code") == 2
    page = notebook_html(nb)
    assert page.count("data-textkit-library") == 1 and len(set(re.findall(r'<table [^>]*id="(textkit_table_[0-9a-f]+)"', page))) == 2
    assert page.index("data-textkit-library") < page.index("textkit_table_")


def test_the_same_notebook_gives_the_same_page(tmp_path):
    nb = _executed_notebook()
    nbformat.write(nb, tmp_path / "01_demo.ipynb")
    path = write_report(tmp_path / "01_demo.ipynb", tmp_path / "reports")
    assert path == tmp_path / "reports" / "01_demo.html"
    assert path.read_text(encoding="utf-8") == notebook_html(tmp_path / "01_demo.ipynb")
    assert "<title>01_demo</title>" in path.read_text(encoding="utf-8")
