"""Tables for exploring: long tables interactive (itables offline) and capped, short ones plain, the library in every table."""

from __future__ import annotations

import base64
import gzip
import html as html_lib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from textkit.output.display import MAX_CELL_CHARS, MAX_ROWS, InteractiveTable, explore, keep_first_library
from textkit.errors import ParameterError
from test_report import Resources

KWIC = pd.DataFrame(
    {
        "document": [f"導語·{i}" for i in range(30)],
        "left": ["北京創新發展將邁上新臺階。重點發展"] * 30,
        "keyword": ["中關村科學城"] * 30,
        "right": ["已聚集了華為等科技創新企業"] * 30,
    }
)


@pytest.mark.parametrize(("rows", "interactive"), [(0, False), (5, False), (20, False), (21, True), (30, True)])
def test_only_tables_longer_than_a_screen_become_interactive(rows, interactive):
    shown = explore(KWIC.head(rows))
    assert isinstance(shown, InteractiveTable) is interactive
    if not interactive:
        assert shown is not None and shown.equals(KWIC.head(rows))


def test_a_series_and_a_threshold_of_ones_own():
    assert isinstance(explore(KWIC.keyword), InteractiveTable)
    assert isinstance(explore(KWIC, max_rows=100), pd.DataFrame)


def test_not_a_table_is_a_clear_error():
    with pytest.raises(ParameterError, match="DataFrame or Series, not list"):
        explore([1, 2, 3])


def _data(html: str) -> list[list]:
    """The rows an interactive table's HTML holds (itables' ``data_json``)."""
    return json.loads(json.loads(re.search(r'"data_json": (".*?"),\n', html).group(1)))


def _caption(html: str) -> str | None:
    found = re.search(r'"caption": (".*?"),\n', html)
    return json.loads(found.group(1)) if found else None


def test_every_table_carries_the_library_behind_a_check_that_it_is_not_loaded_yet():
    # A reloaded JupyterLab tab has lost the library: any table shown after it must bring its own.
    first, second = explore(KWIC)._repr_html_(), explore(KWIC.iloc[::-1])._repr_html_()
    for html in (first, second):
        assert html.count('<script data-textkit-library="_itables_') == 1
        name = re.search(r'data-textkit-library="(\w+)"', html).group(1)
        assert f"if (!window.{name})" in html  # loaded once per page, whatever the kernel sent before
        assert f"await window.{name};" in html  # the very name the table waits for
        event = re.search(r'addEventListener\("(itables-[^"]+-ready)"', html).group(1)
        assert f'new Event("{event}")' in html
        assert all(u.startswith("data:") for u in Resources(html).urls)  # offline mode: nothing from a CDN
    assert 150_000 < len(first) < 400_000  # compressed: about 0.25 MB, not 1 MB per table


def test_the_library_unpacks_to_itables_bundle():
    import itables.options

    html = explore(KWIC)._repr_html_()
    packed = re.findall(r'unpack\("([A-Za-z0-9+/=]+)"\)', html)
    bundle = Path(itables.options.dt_bundle)
    assert [gzip.decompress(base64.b64decode(p)) for p in packed] == [bundle.read_bytes(), bundle.with_suffix(".css").read_bytes()]


def test_a_page_keeps_the_first_library_only():
    first, second = explore(KWIC)._repr_html_(), explore(KWIC.iloc[::-1])._repr_html_()
    page = keep_first_library(f"<div>{first}</div><div>{second}</div>")
    assert page.count("data-textkit-library") == 1 and page.index("data-textkit-library") < page.index("textkit_table_")
    assert page.count('<table id="textkit_table_') == 2
    assert keep_first_library(page) == page


def test_the_same_table_gives_the_same_html_and_keeps_its_text():
    a, b = explore(KWIC)._repr_html_(), explore(KWIC.copy())._repr_html_()
    assert a == b
    assert explore(KWIC.iloc[1:])._repr_html_() != a
    assert repr(explore(KWIC)) == repr(KWIC)  # a terminal shows the plain table
    assert _data(a)[0] == ["導語·0", "北京創新發展將邁上新臺階。重點發展", "中關村科學城", "已聚集了華為等科技創新企業"]
    assert _caption(a) is None  # nothing cut, nothing to say


@pytest.fixture(scope="module")
def articles(seed_sentences) -> list[str]:
    """5,000 long texts (about 900 characters each) of the seed's real sentences, in varying order."""
    n = len(seed_sentences)
    texts = []
    for i in range(5_000):
        text = ""
        k = i
        while len(text) < 900:
            text += seed_sentences[k % n]
            k += 7
        texts.append(text)
    return texts


def test_a_long_table_of_long_texts_is_capped_and_says_so(articles):
    table = pd.DataFrame({"doc_id": [f"thuc:{i}" for i in range(5_000)], "section": None, "text": articles})
    html = explore(table)._repr_html_()
    assert len(html) < 1_600_000  # was 31 MB: the whole of every text
    rows = _data(html)
    assert 1_000 < len(rows) < 5_000
    assert [r[0] for r in rows] == [f"thuc:{i}" for i in range(len(rows))]  # the first rows, in order
    for row, text in zip(rows, articles):
        assert row[1] == "" and html_lib.unescape(row[2]) == text[: MAX_CELL_CHARS - 1] + "…"
    assert _caption(html) == (
        f"Shown: the first {len(rows):,} of 5,000 rows and texts cut to {MAX_CELL_CHARS} characters (…); "
        "sorting and searching see what is shown, the CSV file holds everything."
    )
    assert table.text.tolist() == articles  # the table itself is left alone


def test_many_short_rows_are_capped_by_rows(seed_sentences):
    words = [s[:8] for s in seed_sentences]
    table = pd.DataFrame({"term": [words[i % len(words)] for i in range(12_000)], "count": range(12_000)})
    html = InteractiveTable(table, caption="高頻詞")._repr_html_()
    assert len(_data(html)) == MAX_ROWS
    assert _caption(html) == f"高頻詞 Shown: the first {MAX_ROWS:,} of 12,000 rows; sorting and searching see what is shown, the CSV file holds everything."


def test_missing_values_show_empty():
    table = KWIC.assign(section=[None, "導語"] * 15, label=pd.array([pd.NA, "H01 探秘自貿區"] * 15, dtype="string"))
    rows = _data(explore(table)._repr_html_())
    assert [r[-2:] for r in rows[:2]] == [["", ""], ["導語", "H01 探秘自貿區"]]
