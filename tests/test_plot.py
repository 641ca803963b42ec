"""Figures: CJK glyphs in every format, reproducible bytes, one save_figure."""

from __future__ import annotations

import hashlib
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from textkit.errors import ParameterError
from textkit.export import save_table
from textkit.plot import (
    bar,
    bar_grid,
    cjk_font,
    cjk_font_file,
    diverging_bar,
    heatmap,
    histogram,
    intertopic_map,
    line_band,
    network,
    save_figure,
    word_cloud,
)

MIXED = pd.Series({"中關村科學城": 12, "关": 7, "關": 6, "𩽾𩾌": 3, "二噁英": 2, "5G": 1})


def _hashes(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_traditional_simplified_and_rare_characters_render_in_every_format(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise here
        fig = bar(MIXED, title="關 关 𩽾𩾌 生命科學園")
        paths = save_figure(fig, "glyphs", folder=tmp_path)
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]
    assert all(p.stat().st_size > 2000 for p in paths)
    pdf = paths[2].read_bytes()
    assert b"/Type3" in pdf  # glyphs embedded as Type 3 (valid with CFF fonts)
    svg = paths[1].read_text(encoding="utf-8")
    assert "<path" in svg and "DejaVu" not in svg


def test_missing_glyph_warning_is_caught_by_this_check(tmp_path):
    """The check above can fail: without the CJK font matplotlib warns about missing glyphs."""
    from matplotlib.figure import Figure

    fig = Figure()
    fig.text(0.5, 0.5, "中關村", family="DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        fig.savefig(tmp_path / "boxes.png")


def test_font_is_a_cjk_family():
    assert "CJK" in cjk_font() or "Han" in cjk_font() or "TC" in cjk_font()
    assert cjk_font_file().endswith((".otf", ".ttf", ".ttc"))


def test_same_figure_same_bytes(tmp_path):
    first = _hashes(save_figure(bar(MIXED, title="高頻詞"), "a", folder=tmp_path / "1"))
    second = _hashes(save_figure(bar(MIXED, title="高頻詞"), "a", folder=tmp_path / "2"))
    assert first == second
    other = _hashes(save_figure(bar(MIXED * 2, title="高頻詞"), "a", folder=tmp_path / "3"))
    assert other["a.png"] != first["a.png"]  # the hashes do see content


def test_no_volatile_metadata(tmp_path):
    png, svg, pdf = save_figure(bar(MIXED), "meta", folder=tmp_path)
    assert b"Matplotlib version" not in png.read_bytes()
    assert "<dc:date>" not in svg.read_text(encoding="utf-8")
    assert b"CreationDate" not in pdf.read_bytes() and b"Producer" not in pdf.read_bytes()


def test_word_cloud_uses_the_cjk_font(tmp_path):
    fig = word_cloud({"中關村科學城": 10, "生命科學園": 8, "區塊鏈": 5}, random_state=1)
    ink = np.asarray(fig.axes[0].images[0].get_array())
    assert (ink < 250).any(axis=-1).mean() > 0.02  # words drawn, not an empty canvas
    a = _hashes(save_figure(fig, "cloud", folder=tmp_path / "a", formats=["png"]))
    b = _hashes(save_figure(word_cloud({"中關村科學城": 10, "生命科學園": 8, "區塊鏈": 5}, random_state=1), "cloud", folder=tmp_path / "b", formats=["png"]))
    assert a == b


def test_every_plot_function_returns_a_figure(tmp_path):
    table = pd.DataFrame(np.arange(6.0).reshape(2, 3), index=["導語", "生命科學園"], columns=["海澱", "昌平", "自貿區"])
    g = nx.Graph()
    g.add_node("中關村", frequency=5, community=0)
    g.add_node("科學城", frequency=3, community=1)
    g.add_edge("中關村", "科學城", weight=2.0)
    sweep = pd.DataFrame({"k": [2, 2, 3, 3], "c_v": [0.3, 0.4, 0.5, 0.45]})
    figures = [
        bar_grid({"文章": MIXED, "標題": MIXED}),
        histogram({"article": [10, 20, 30], "headlines": [5, 8]}),
        heatmap(table, annotate=True),
        diverging_bar(pd.Series({"海澱": 3.0, "上海": -2.0}), labels=("標題", "文章")),
        line_band(sweep, x="k", y=["c_v"]),
        network(g),
        intertopic_map(pd.DataFrame({"x": [0.1, -0.2], "y": [0.0, 0.3], "Freq": [60.0, 40.0]}, index=[1, 2])),
    ]
    for i, fig in enumerate(figures):
        save_figure(fig, f"f{i}", folder=tmp_path, formats=["png"])
    assert len(list(tmp_path.glob("*.png"))) == len(figures)


@pytest.mark.parametrize(("name", "formats"), [("a/b", ["png"]), ("", ["png"]), ("x", ["jpg"])])
def test_save_figure_bad_parameters(tmp_path, name, formats):
    with pytest.raises(ParameterError):
        save_figure(bar(MIXED), name, folder=tmp_path, formats=formats)


def test_tables_open_in_excel(tmp_path):
    path = save_table(pd.DataFrame({"詞": ["中關村"], "權重": [1 / 3]}), "t", folder=tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    assert raw.decode("utf-8-sig") == "詞,權重\n中關村,0.333333\n"
