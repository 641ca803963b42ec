"""Tables for exploring: long tables interactive (itables offline), short ones plain, the library sent once."""

from __future__ import annotations

import pandas as pd
import pytest

import textkit.display as display
from textkit.display import InteractiveTable, explore
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


@pytest.fixture
def fresh_kernel(monkeypatch):
    monkeypatch.setattr(display, "_library_sent", False)


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


def test_the_first_table_carries_the_library_and_later_ones_use_it(fresh_kernel):
    first = explore(KWIC)._repr_html_()
    second = explore(KWIC.iloc[::-1])._repr_html_()
    assert first.count("injectModule(") >= 1 and "injectModule(" not in second
    assert len(first) > 500_000 > len(second)  # DataTables travels with the first table only
    for html in (first, second):
        assert all(u.startswith("data:") for u in Resources(html).urls)  # offline mode: nothing from a CDN
        assert "中關村科學城" in html or "\\u4e2d\\u95dc\\u6751" in html.lower()


def test_the_same_table_gives_the_same_html_and_keeps_its_text(fresh_kernel):
    explore(KWIC)._repr_html_()  # the library goes with this one
    a, b = explore(KWIC)._repr_html_(), explore(KWIC.copy())._repr_html_()
    assert a == b
    assert explore(KWIC.iloc[1:])._repr_html_() != a
    assert repr(explore(KWIC)) == repr(KWIC)  # a terminal shows the plain table


def test_a_large_table_of_chinese_text_shows_its_first_rows_within_the_page_budget(seed_sentences):
    from textkit.display import MAX_BYTES, explore

    texts = [seed_sentences[i % len(seed_sentences)] * 20 for i in range(3000)]
    table = pd.DataFrame({"doc_id": [f"文件{i}" for i in range(3000)], "text": texts})
    html = explore(table)._repr_html_()
    assert len(html) < 3 * MAX_BYTES  # the library (about 1 MB) and the data
    assert "of 3,000 rows shown; the CSV file holds them all" in html
    assert "…" in html or "\\u2026" in html  # texts cut at 200 characters
