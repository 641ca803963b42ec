"""Figures: CJK glyphs in every format, reproducible bytes, one save_figure."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from textkit.errors import ParameterError
from textkit.output.export import save_table
from textkit.output.plot import (
    Figure,
    bar,
    bar_grid,
    cjk_font,
    cjk_font_file,
    correspondence_map,
    diverging_bar,
    heatmap,
    histogram,
    interval_grid,
    intertopic_map,
    keyness_grid,
    line_band,
    network,
    period_bars,
    save_figure,
    trend_grid,
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


# --- Figures show themselves in notebooks ------------------------------------------

NETWORK = nx.Graph([("中關村", "科學城", {"weight": 2.0}), ("科學城", "生命科學園", {"weight": 1.0})])
nx.set_node_attributes(NETWORK, {"中關村": 5, "科學城": 3, "生命科學園": 2}, "frequency")
nx.set_node_attributes(NETWORK, {"中關村": 0, "科學城": 0, "生命科學園": 1}, "community")
MAKERS = {
    "bar": lambda: bar(MIXED, title="高頻詞"),
    "bar_grid": lambda: bar_grid({"文章": MIXED, "標題": MIXED * 2}, title="投射前後"),
    "histogram": lambda: histogram({"文章": [10, 20, 30], "標題": [5, 8]}, title="文件長度"),
    # a colour bar under constrained layout moves on a second drawing unless every print starts afresh
    "heatmap": lambda: heatmap(pd.DataFrame([[0.1, 0.7], [0.4, 0.2]], index=["導語", "生命科學園"], columns=["海澱", "昌平"]), annotate=True, colorbar_label="詞"),
    "diverging_bar": lambda: diverging_bar(pd.Series({"海澱": 3.0, "上海": -2.0}), labels=("標題", "文章")),
    "line_band": lambda: line_band(pd.DataFrame({"k": [2, 2, 3, 3], "c_v": [0.3, 0.4, 0.5, 0.45]}), x="k", y=["c_v"], title="一致性"),
    "network": lambda: network(NETWORK, title="共現網絡"),
    "intertopic_map": lambda: intertopic_map(pd.DataFrame({"x": [0.1, -0.2], "y": [0.0, 0.3], "Freq": [60.0, 40.0]}, index=[1, 2]), title="主題"),
    "word_cloud": lambda: word_cloud({"中關村科學城": 10, "生命科學園": 8}, random_state=1),
    "keyness_grid": lambda: keyness_grid(pd.DataFrame({"group": ["社會", "社會", "財經"], "term": ["疫情", "醫院", "股市"],
                                                       "g2": [30.0, 2.0, 12.0], "p_adjusted": [0.001, 0.3, 0.01]}), title="關鍵性"),
    "correspondence_map": lambda: correspondence_map(_ca(), max_labels=10, title="對應分析"),
    "interval_grid": lambda: interval_grid(
        pd.DataFrame({"topic": ["topic 0"] * 2, "group": ["社會", "財經"], "prevalence": [0.4, 0.2], "ci_low": [0.35, 0.15],
                      "ci_high": [0.45, 0.25], "rest": [0.2, 0.4], "differs": [True, False]}),
        facet="topic", label="group", value="prevalence", highlight="differs", reference="rest", titles={"topic 0": "topic 0: 疫情"}),
    "trend_grid": lambda: trend_grid(
        pd.DataFrame({"term": ["疫情"] * 3, "start": pd.to_datetime(["2020-01-06", "2020-01-13", "2020-01-20"]),
                      "per_1000": [1.0, 2.0, 4.0], "ci_low": [0.5, 1.5, 3.0], "ci_high": [1.5, 2.5, 5.0]}),
        facet="term", y="per_1000", directions={"疫情": "rising"}, ylabel="每千詞"),
    "period_bars": lambda: period_bars(pd.DataFrame({"start": pd.to_datetime(["2020-01-06", "2020-01-06", "2020-01-13"]),
                                                     "group": ["社會", "財經", "社會"], "documents": [3, 2, 5]}), title="每週文件數"),
}


def _ca(n_terms: int = 40):
    """A correspondence map of three sections and their words (real words, planted counts)."""
    from textkit.analysis.groups import correspondence_analysis

    rng = np.random.default_rng(0)
    words = ["疫情", "醫院", "患者", "口罩", "經濟", "市場", "股市", "投資", "比賽", "球隊", "冠軍", "球員", "記者", "今天", "城市", "政府",
             "社區", "隔離", "醫生", "學校", "銀行", "利率", "出口", "企業", "聯賽", "教練", "進球", "決賽", "新聞", "時間", "發布", "表示"]
    tokens, groups = [], []
    for g, name in enumerate(["社會", "財經", "體育"]):
        for _ in range(30):
            weights = np.ones(len(words))
            weights[g * 4:(g + 1) * 4] = 6
            weights[16 + g * 4:16 + (g + 1) * 4] = 3
            tokens.append(list(rng.choice(words, size=40, p=weights / weights.sum())))
            groups.append(name)
    return correspondence_analysis(tokens, groups, n_terms=n_terms, min_freq=3)


def test_correspondence_map_labels_never_overlap():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = correspondence_map(_ca(), max_labels=40)
    renderer = FigureCanvasAgg(fig).get_renderer()
    with __import__("textkit.output.plot", fromlist=["figure_style"]).figure_style():
        fig.draw(renderer)
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text() and not t.get_text().endswith(")")]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert len(labels) >= 3 + 10  # the three groups and at least ten words
    assert {"社會", "財經", "體育"} <= {t.get_text() for t in labels}
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two labels overlap"


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_a_figure_shows_as_the_png_that_save_figure_writes(tmp_path, kind):
    from IPython.core.formatters import DisplayFormatter

    fig = MAKERS[kind]()
    assert isinstance(fig, Figure)
    png = save_figure(fig, kind, folder=tmp_path, formats=["png"])[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would raise
        data, metadata = DisplayFormatter().format(fig)  # what IPython sends to JupyterLab for a cell's value
    assert data["image/png"] == png.read_bytes()  # the kernel base64-encodes it on the way
    width, height = fig.get_size_inches() * 100
    assert metadata["image/png"] == {"width": round(width), "height": round(height)}
    assert data["text/plain"].startswith("<Figure size")


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_showing_a_figure_does_not_change_what_save_figure_writes(tmp_path, kind):
    saved_first = _hashes(save_figure(MAKERS[kind](), kind, folder=tmp_path / "fresh"))
    fig = MAKERS[kind]()
    fig._repr_mimebundle_()
    fig._repr_mimebundle_()
    shown_first = _hashes(save_figure(fig, kind, folder=tmp_path / "shown"))
    fig._repr_mimebundle_()
    again = _hashes(save_figure(fig, kind, folder=tmp_path / "again"))
    assert saved_first == shown_first == again


def test_the_check_above_sees_a_layout_that_moves(tmp_path):
    """A plain matplotlib figure with a colour bar does change between drawings: the check above can fail."""
    from matplotlib.figure import Figure as PlainFigure

    def draw(fig) -> bytes:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()

    fig = PlainFigure(layout="constrained")
    ax = fig.add_subplot()
    fig.colorbar(ax.imshow([[0.1, 0.7], [0.4, 0.2]]), ax=ax, shrink=0.8, label="NPMI")
    assert draw(fig) != draw(fig)


def test_any_rendering_of_a_textkit_figure_uses_the_cjk_font():
    """fig.savefig outside save_figure, or IPython's inline backend (print_figure), draw in textkit's style too."""
    from IPython.core.pylabtools import print_figure as ipython_print_figure  # what %matplotlib inline registers for figures

    fig = bar(MIXED, title="關 关 生命科學園")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
        assert ipython_print_figure(fig, "png", bbox_inches="tight")[:4] == b"\x89PNG"


def test_plotting_and_showing_leave_pyplot_and_rc_params_alone():
    code = (
        "import sys, matplotlib, copy\n"
        "before = copy.deepcopy(dict(matplotlib.rcParams))\n"
        "import pandas as pd\n"
        "from textkit.output.plot import bar, heatmap\n"
        "fig = bar(pd.Series({'中關村': 3, '科學城': 2}))\n"
        "fig._repr_mimebundle_()\n"
        "heatmap(pd.DataFrame([[1.0, 2.0]], index=['甲'], columns=['乙', '丙']))._repr_mimebundle_()\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "assert dict(matplotlib.rcParams) == before, 'rcParams changed'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_a_500_document_heatmap_draws_at_most_40_rows_and_says_so(seed_sentences):
    from textkit.analysis.keywords import tfidf_matrix, top_documents, top_terms_per_group
    from textkit.output.plot import MAX_HEATMAP_ROWS
    from textkit.segment import Segmenter

    seg = Segmenter()
    documents = [seg.tokenize("".join(seed_sentences[(7 * i + j) % len(seed_sentences)] for j in range(2))) for i in range(500)]
    vec, X = tfidf_matrix(documents)
    terms = top_terms_per_group(X, vec.get_feature_names_out(), ["all"] * 500, n=15)["all"].index
    matrix = pd.DataFrame(X[:, [vec.vocabulary_[t] for t in terms]].toarray(), index=[f"文件{i}" for i in range(500)], columns=terms)
    for table in (matrix, top_documents(matrix, n=MAX_HEATMAP_ROWS)):
        fig = heatmap(table, title="文件 × 關鍵詞")
        ax = fig.axes[0]
        assert len(ax.get_yticklabels()) == MAX_HEATMAP_ROWS == 40
        assert ax.get_images()[0].get_array().shape == (40, 15)
        assert fig.get_size_inches()[1] <= 16
    assert "first 40 of 500 rows" in heatmap(matrix, title="文件").axes[0].get_title()
    # The top documents are those with the largest total weight on the terms.
    totals = matrix.sum(axis=1)
    assert set(top_documents(matrix, n=40).index) == set(totals.sort_values(ascending=False, kind="stable").index[:40])


def test_bar_grid_caps_panels_and_bars_and_names_what_it_leaves_out():
    groups = {f"組{i:02d}": pd.Series(np.arange(50, 0, -1), index=[f"詞{i}{j}" for j in range(50)]) for i in range(15)}
    fig = bar_grid(groups, title="高頻詞")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 12 and all(len(ax.get_yticklabels()) == 30 for ax in visible)
    note = fig.get_supxlabel()
    assert "not drawn (3)" in note and "組12" in note and "組14" in note


def test_network_labels_do_not_overlap_on_the_seeds_largest_network():
    """The combined seed network of notebook 04 (50 edges): every label's drawn box is clear of every other."""
    from itertools import combinations

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from textkit.analysis.cooccur import associations, build_network, count_cooccurrence
    from textkit.engine.pipeline import prepare_documents
    from textkit.output.plot import figure_style

    from conftest import SEED_DIR

    docs = prepare_documents(SEED_DIR)
    co = count_cooccurrence(docs.sentences.tolist(), window=5, min_freq=3)
    graph = build_network(co, associations(co, min_count=2), measure="count", max_edges=50)
    assert graph.number_of_nodes() >= 40
    fig = network(graph, title="共現網絡")
    with figure_style(), warnings.catch_warnings():
        warnings.simplefilter("error")
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    assert len(boxes) == graph.number_of_nodes()
    overlapping = [(a, b) for a, b in combinations(range(len(boxes)), 2) if boxes[a].overlaps(boxes[b])]
    assert not overlapping, [(fig.axes[0].texts[a].get_text(), fig.axes[0].texts[b].get_text()) for a, b in overlapping]
    inside = fig.bbox
    assert all(inside.x0 <= b.x0 and b.x1 <= inside.x1 and inside.y0 <= b.y0 and b.y1 <= inside.y1 for b in boxes)


def test_the_check_above_sees_overlapping_labels():
    """Labels at their spring-layout positions, without the spreading, do overlap: the test above can fail."""
    from itertools import combinations

    from textkit.output.plot import _component_layout, _label_boxes

    graph = nx.Graph([("中關村科學城", "生命科學園"), ("中關村科學城", "科技創新片區"), ("中關村科學城", "醫藥健康"),
                      ("生命科學園", "醫藥健康"), ("科技創新片區", "自由貿易試驗區"), ("醫藥健康", "大興機場片區")])
    pos, _ = _component_layout(graph)
    nodes = sorted(graph.nodes)
    half = _label_boxes(nodes, 9, np.zeros(len(nodes)))
    xy = np.array([pos[n] for n in nodes]) * np.array([2.0, 2.0])  # a 2-inch drawing
    clash = [(a, b) for a, b in combinations(range(len(nodes)), 2)
             if abs(xy[a, 0] - xy[b, 0]) < half[a, 0] + half[b, 0] and abs(xy[a, 1] - xy[b, 1]) < half[a, 1] + half[b, 1]]
    assert clash
