"""Figures: plot functions that take data and return a figure, and one save_figure.

Chinese glyphs render in PNG, SVG and PDF without any system font: the CJK
font is resolved explicitly (an installed Noto Sans CJK / Source Han Sans TC
if the user has one, otherwise the Noto Sans CJK collection shipped by the
``noto-cjk-sans-otc`` dependency) and applied inside each plot function
through ``matplotlib.rc_context``; importing this module changes nothing.

Saved files are byte-for-byte reproducible: no dates, no software versions,
a fixed SVG hash salt; values are rounded to six significant digits before
they are drawn (:mod:`textkit.analysis._ranking`), so floats that differ in their last
bits on another machine draw the same figure.

The plot functions return a :class:`Figure`, a matplotlib figure that draws
in textkit's style wherever it is drawn and shows itself in JupyterLab,
papermill and nbconvert: a cell that ends with ``fig`` displays the PNG
that :func:`save_figure` writes (no pyplot, no inline backend needed).

Examples
--------
>>> import pandas as pd
>>> fig = bar(pd.Series({"中關村科學城": 12, "生命科學園": 9}), title="高頻詞")
>>> paths = save_figure(fig, "example", folder=tmp)  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import io
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure as _MatplotlibFigure

from textkit.analysis._ranking import round_sig, round_to_scale, top_n, top_series
from textkit.errors import ParameterError
from textkit.output.export import output_path
from textkit.output.fonts import cjk_font, cjk_font_file

__all__ = [
    "Figure",
    "cjk_font",
    "cjk_font_file",
    "figure_style",
    "save_figure",
    "bar",
    "bar_grid",
    "histogram",
    "heatmap",
    "diverging_bar",
    "word_cloud",
    "line_band",
    "network",
    "network_layout",
    "intertopic_map",
    "keyness_grid",
    "correspondence_map",
    "interval_grid",
    "trend_grid",
    "period_bars",
]

logger = logging.getLogger(__name__)

FORMATS = ("png", "svg", "pdf")
# Metadata that changes from run to run is left out of every file.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}


def _rc() -> dict[str, Any]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "pdf.fonttype": 3,  # Type 3 keeps CFF (OpenType) CJK glyphs valid in every viewer
        "svg.fonttype": "path",
        "svg.hashsalt": "textkit",
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def figure_style():
    """A context manager with textkit's figure settings (CJK font, reproducible output).

    Use it around your own matplotlib code to get the same fonts::

        with figure_style():
            fig, ax = plt.subplots()
    """
    import matplotlib

    return matplotlib.rc_context(_rc())


def _styled(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with figure_style():
            return func(*args, **kwargs)

    return wrapper


# --- Display: figures that show themselves in notebooks -----------------------


class _StyledCanvas(FigureCanvasBase):
    """A canvas that prints in :func:`figure_style`, from one layout per state of the figure.

    ``Figure.savefig``, the notebook display below and IPython's inline
    backend (if the user's own pyplot code turns it on) all print through
    ``canvas.print_figure``, so the CJK font is there every time.

    Constrained layout is slow (it measures every label) and starts from
    the axes positions the last drawing left (a heatmap's colour bar moves
    a little on the second drawing).  So the layout is computed once, by
    drawing the PNG from the positions the figure had before its first
    drawing, and kept for every later print (:func:`_lay_out`); it is
    computed again, from those first positions, only when the figure
    changed.  A figure gives the same bytes however often, in whatever
    order, it is shown and saved.
    """

    def print_figure(self, *args, **kwargs):
        fig = self.figure
        if not getattr(fig, "_textkit_printing", False):
            _lay_out(fig)
        with figure_style():
            return super().print_figure(*args, **kwargs)


def _lay_out(fig) -> None:
    """Make sure ``fig`` has a current layout (and its PNG): draw the PNG with constrained layout, then keep the positions.

    Does nothing when the kept layout is current (the figure is not stale).
    """
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if getattr(fig, "_textkit_png", None) is not None and not fig.stale:
        return
    engine = getattr(fig, "_textkit_engine", None)
    if engine is not None:  # changed since the layout was kept: lay out again
        fig.set_layout_engine(engine)
    if isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        if not hasattr(fig, "_undrawn_positions"):
            fig._undrawn_positions = {ax: (ax.get_position(original=True).frozen(), ax.get_position().frozen()) for ax in fig.axes}
        for ax, (original, active) in fig._undrawn_positions.items():
            if ax in fig.axes and ax.get_in_layout():  # set_position() by the user takes an axes out of the layout
                ax.set_position(original, which="original")
                ax.set_position(active, which="active")
                ax.set_in_layout(True)
    buffer = io.BytesIO()
    fig._textkit_printing = True
    try:
        with figure_style():
            fig.savefig(buffer, format="png", metadata=_METADATA["png"])
    finally:
        fig._textkit_printing = False
    fig._textkit_png = buffer.getvalue()
    layout = fig.get_layout_engine()
    if isinstance(layout, ConstrainedLayoutEngine):
        fig._textkit_engine = layout
        fig.set_layout_engine("none")  # keeps the positions just computed
    # Printing restores the figure's dpi, which marks it stale although nothing in it
    # changed; a change made from now on (a title, a colour) marks it stale again.
    fig.stale = False


class Figure(_MatplotlibFigure):
    """The figure textkit's plot functions return: a matplotlib ``Figure`` that shows itself in notebooks.

    A cell that ends with a figure shows it inline in JupyterLab, in
    papermill's executed notebooks and in nbconvert's HTML, with no pyplot
    and no ``%matplotlib inline``.  The image shown is the PNG that
    :func:`save_figure` writes (same settings, same bytes), displayed at
    ``figure.dpi`` (100 pixels per inch) so that it stays sharp on
    high-density screens.  Displaying draws the figure but changes nothing
    in it.

    Examples
    --------
    >>> fig = Figure(figsize=(3, 2))
    >>> _ = fig.add_subplot().set_title("詞頻")
    >>> data, metadata = fig._repr_mimebundle_()
    >>> data["image/png"][:4], metadata["image/png"]
    (b'\x89PNG', {'width': 300, 'height': 200})
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _StyledCanvas(self)

    def __setstate__(self, state):  # a pickled or copied figure gets a plain canvas back
        super().__setstate__(state)
        _StyledCanvas(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = _png(self)
        width, height = (self.get_size_inches() * _rc()["figure.dpi"]).round().astype(int).tolist()
        return {"image/png": png, "text/plain": repr(self)}, {"image/png": {"width": width, "height": height}}


def _print(fig, target, fmt: str) -> None:
    """Write ``fig`` in ``fmt`` to a path or a binary file: the one way every figure is rendered."""
    if isinstance(fig, Figure) and fmt == "png":
        data = _png(fig)
        if isinstance(target, (str, os.PathLike)):
            Path(target).write_bytes(data)
        else:
            target.write(data)
        return
    with figure_style():
        fig.savefig(target, format=fmt, metadata=_METADATA[fmt])
    if isinstance(fig, Figure):
        fig.stale = False  # printing from the kept layout changed nothing (see _lay_out)


def _png(fig) -> bytes:
    """The figure's PNG, drawn once while the figure does not change.

    :func:`save_figure` and the notebook display show the same PNG; a
    figure drawing takes a good part of a second (text layout of CJK
    labels), so the bytes are kept on the figure and drawn again only
    when something in it changed since (matplotlib marks the figure
    *stale*).
    """
    if isinstance(fig, Figure):
        _lay_out(fig)
        return fig._textkit_png
    buffer = io.BytesIO()
    with figure_style():
        fig.savefig(buffer, format="png", metadata=_METADATA["png"])
    return buffer.getvalue()


def _figure(figsize) -> Figure:
    """A new textkit figure with constrained layout."""
    return Figure(figsize=figsize, layout="constrained")


def _new(ax=None, *, figsize=(6.4, 4.8)):
    if ax is not None:
        return ax.figure, ax
    fig = _figure(figsize)
    return fig, fig.add_subplot()


def save_figure(
    fig,
    name: str,
    *,
    folder: str | os.PathLike[str] = "figures",
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """Write a figure to ``folder/name.<format>`` for every format, reproducibly.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File name without extension, e.g. ``"02_keywords_top_terms"``.
    folder : path, default "figures"
        Created if missing.
    formats : sequence of {"png", "svg", "pdf"}

    Returns
    -------
    list of Path
        The files written.

    Notes
    -----
    Metadata that changes from run to run (creation date, software
    version) is left out and the SVG hash salt is fixed, so the same
    figure gives the same bytes.
    """
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ParameterError(f"unknown figure format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    paths = []
    for fmt in formats:
        path = output_path(folder, name, f".{fmt}", what="figure")
        _print(fig, path, fmt)  # the PNG is what the notebook shows, drawn once
        paths.append(path)
    return paths


def _palette(n: int) -> list:
    import matplotlib

    cmap = matplotlib.colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def _hbars(ax, values: pd.Series, color, **label_style) -> None:
    """Horizontal bars labelled by the index, first value on top."""
    values = round_sig(values).iloc[::-1]
    ax.barh(range(len(values)), values.to_numpy(), color=color)
    ax.set_yticks(range(len(values)), [str(i) for i in values.index], **label_style)


@_styled
def bar(values: pd.Series, *, title: str = "", xlabel: str = "", ax=None, color=None):
    """Horizontal bar chart, largest value on top.

    Parameters
    ----------
    values : Series
        Index = labels (Chinese terms), values = numbers.
    """
    fig, ax = _new(ax, figsize=(5, max(2.5, 0.28 * len(values) + 1)))
    _hbars(ax, values, color or "#4C72B0")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return fig


MAX_PANELS = 12
"""Most panels (groups, topics) a figure draws; the rest are named under it."""
MAX_BARS = 30
"""Most bars a word list draws."""


def _left_out(names: Sequence[str], what: str = "not drawn") -> str:
    """A footnote naming what a figure leaves out: ``not drawn: a, b, c and 12 more``."""
    shown = ", ".join(map(str, names[:8]))
    return f"{what} ({len(names)}): {shown}" + (f" and {len(names) - 8} more" if len(names) > 8 else "")


@_styled
def bar_grid(
    groups: Mapping[str, pd.Series],
    *,
    title: str = "",
    xlabel: str = "",
    ncols: int = 3,
    sharex: bool = False,
    max_panels: int = MAX_PANELS,
    max_bars: int = MAX_BARS,
):
    """One horizontal bar chart per group (top terms per corpus, per topic…).

    Parameters
    ----------
    groups : mapping of name -> Series
        Drawn in the order given, each Series top value first.
    max_panels : int, default 12
        Groups beyond the first ``max_panels`` are not drawn; a note under
        the figure names them.
    max_bars : int, default 30
        Each word list is cut to its first ``max_bars`` values.
    """
    if not groups:
        raise ParameterError("bar_grid needs at least one group")
    names = list(groups)
    left_out = names[max_panels:]
    groups = {name: groups[name].iloc[:max_bars] for name in names[:max_panels]}
    n = len(groups)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    longest = max(len(s) for s in groups.values())
    fig = _figure((3.4 * ncols, (0.24 * longest + 0.9) * nrows))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=sharex)).ravel()
    colors = _palette(n)
    for ax, (name, values), color in zip(axes, groups.items(), colors):
        _hbars(ax, values, color, fontsize=8)
        ax.set_title(str(name), fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel(xlabel, fontsize=8)
    for ax in axes[n:]:
        ax.set_visible(False)
    if title:
        fig.suptitle(title)
    if left_out:
        fig.supxlabel(_left_out(left_out), fontsize=8, color="#555555")
    return fig


MAX_OVERLAID = 6
"""Most groups a histogram overlays."""


@_styled
def histogram(
    groups: Mapping[str, Sequence[float]],
    *,
    bins: int = 20,
    title: str = "",
    xlabel: str = "",
    max_groups: int = MAX_OVERLAID,
    weights: Mapping[str, Sequence[int]] | None = None,
    ax=None,
):
    """Overlaid histograms, one per group (document lengths per corpus).

    At most ``max_groups`` groups are overlaid (the largest, ties in the
    order given); the legend names how many more there are, and the bins
    cover every group's values.  ``weights``: how many documents each value
    stands for (distinct lengths counted per shard), the same figure as
    every value written out.
    """
    fig, ax = _new(ax, figsize=(6, 3.6))
    groups = {name: round_sig(np.asarray(v, dtype=float)) for name, v in groups.items()}
    weights = {name: np.asarray(weights[name], dtype=float) if weights is not None else np.ones(len(v)) for name, v in groups.items()}
    sizes = {name: int(w.sum()) for name, w in weights.items()}
    all_values = np.concatenate(list(groups.values()))
    if len(groups) > max_groups:
        order = sorted(groups, key=lambda g: -sizes[g])  # stable: ties keep their order
        kept = set(order[:max_groups])
        left_out = [g for g in groups if g not in kept]
        groups = {g: v for g, v in groups.items() if g in kept}
    else:
        left_out = []
    edges = round_sig(np.histogram_bin_edges(all_values, bins=bins))
    for (name, values), color in zip(groups.items(), _palette(len(groups))):
        ax.hist(values, bins=edges, weights=weights[name] if len(values) else None, alpha=0.6, label=f"{name} (n={sizes[name]})",
                color=color)
    if left_out:
        ax.plot([], [], " ", label=f"+{len(left_out)} smaller groups not drawn")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("documents")
    ax.legend(frameon=False)
    return fig


MAX_HEATMAP_ROWS = 40
"""Most rows (and columns) a heatmap draws: beyond that, labels no longer fit (a caller ranks the rows first)."""


@_styled
def heatmap(
    table: pd.DataFrame,
    *,
    title: str = "",
    cmap: str = "viridis",
    annotate: bool = False,
    fmt: str = "{:.2f}",
    colorbar_label: str = "",
    center: float | None = None,
    max_rows: int = MAX_HEATMAP_ROWS,
    max_columns: int = MAX_HEATMAP_ROWS,
    ax=None,
):
    """A labelled matrix (document x term, headline x section, term x term…), at most ``max_rows`` x ``max_columns``.

    Parameters
    ----------
    table : DataFrame
        Rows and columns in the order to draw, most important first: a
        larger table is cut to its first ``max_rows`` rows and
        ``max_columns`` columns, and the title says how many were left
        out (the CSV of the table keeps them all).
    max_rows, max_columns : int, default 40
        Every label stays legible (about 0.3 inch a row).
    """
    for name, value in (("max_rows", max_rows), ("max_columns", max_columns)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ParameterError(f"{name} must be a whole number of at least 1 (got {value!r})")
    shown_rows, shown_cols = min(len(table.index), max_rows), min(len(table.columns), max_columns)
    cut = []
    if shown_rows < len(table.index):
        cut.append(f"first {shown_rows} of {len(table.index):,} rows")
    if shown_cols < len(table.columns):
        cut.append(f"first {shown_cols} of {len(table.columns):,} columns")
    table = table.iloc[:shown_rows, :shown_cols]
    if cut:
        title = f"{title}\n({', '.join(cut)})" if title else f"({', '.join(cut)})"
    rows, cols = table.shape
    fig, ax = _new(ax, figsize=(min(2 + 0.45 * cols, 16), min(1.5 + 0.32 * rows, 16)))
    data = round_sig(table.to_numpy(dtype=float))
    kwargs = {}
    if center is not None:
        span = np.nanmax(np.abs(data - center)) or 1.0
        kwargs = {"vmin": center - span, "vmax": center + span}
    im = ax.imshow(data, aspect="auto", cmap=cmap, interpolation="nearest", **kwargs)
    ax.set_xticks(range(cols), [str(c) for c in table.columns], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(rows), [str(r) for r in table.index], fontsize=8)
    if annotate:
        for i in range(rows):
            for j in range(cols):
                if np.isfinite(data[i, j]):
                    ax.text(j, i, fmt.format(data[i, j]), ha="center", va="center", fontsize=6, color="white")
    fig.colorbar(im, ax=ax, label=colorbar_label, shrink=0.8)
    ax.set_title(title)
    return fig


@_styled
def diverging_bar(scores: pd.Series, *, title: str = "", xlabel: str = "", labels: tuple[str, str] = ("", ""), ax=None):
    """Bars to the left (negative) and right (positive): keyness of two corpora.

    Sorted by the score rounded to six significant digits, ties by the label.
    """
    scores = round_sig(scores.iloc[top_n(scores, scores.index, ascending=True)])
    fig, ax = _new(ax, figsize=(5.5, max(3, 0.26 * len(scores) + 1)))
    colors = ["#C44E52" if v < 0 else "#4C72B0" for v in scores.to_numpy()]
    ax.barh(range(len(scores)), scores.to_numpy(), color=colors)
    ax.set_yticks(range(len(scores)), [str(i) for i in scores.index], fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    left, right = labels
    if left:
        ax.text(0.02, 1.0, f"← {left}", transform=ax.transAxes, ha="left", va="bottom", color="#C44E52", fontsize=9)
    if right:
        ax.text(0.98, 1.0, f"{right} →", transform=ax.transAxes, ha="right", va="bottom", color="#4C72B0", fontsize=9)
    return fig


@_styled
def word_cloud(weights: Mapping[str, float], *, title: str = "", random_state: int = 0, max_words: int = 100, ax=None):
    """A word cloud in the CJK font (words as given, e.g. Traditional)."""
    from wordcloud import WordCloud

    if not weights:
        raise ParameterError("word_cloud needs at least one word with a positive weight")
    weights = top_series(weights).to_dict()  # rounded; equal weights in the order of the word
    cloud = WordCloud(
        font_path=cjk_font_file(),
        width=900,
        height=500,
        background_color="white",
        random_state=random_state,
        max_words=max_words,
        prefer_horizontal=1.0,
        collocations=False,
    ).generate_from_frequencies(dict(weights))
    fig, ax = _new(ax, figsize=(9, 5))
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    ax.set_title(title)
    return fig


@_styled
def line_band(table: pd.DataFrame, *, x: str, y: Sequence[str] | str, title: str = "", xlabel: str = "",
              mark: float | None = None, logx: bool = False, titles: Mapping[str, str] | None = None):
    """Mean and min–max band over repeats (e.g. coherence per k over seeds), one panel per measure.

    ``mark`` draws a dashed vertical line at that ``x`` on every panel (the
    chosen k), ``logx`` a logarithmic x axis, ``titles`` a panel title per measure.
    """
    ys = [y] if isinstance(y, str) else list(y)
    fig = _figure((3.6 * len(ys), 3.2))
    axes = np.atleast_1d(fig.subplots(1, len(ys)))
    for ax_, col, color in zip(axes, ys, _palette(len(ys))):
        g = table.groupby(x)[col]
        mean, lo, hi = round_sig(g.mean()), round_sig(g.min()), round_sig(g.max())
        ax_.fill_between(mean.index, lo.to_numpy(), hi.to_numpy(), alpha=0.25, color=color, linewidth=0)
        ax_.plot(mean.index, mean.to_numpy(), marker="o", color=color)
        if mark is not None:
            ax_.axvline(mark, color="0.3", linestyle="--", linewidth=1)
        if logx:
            ax_.set_xscale("log")
            ax_.set_xticks(sorted(set(table[x])))
            ax_.set_xticklabels([str(v) for v in sorted(set(table[x]))], fontsize=7)
            ax_.minorticks_off()
        ax_.set_title((titles or {}).get(col, col))
        ax_.set_xlabel(xlabel or x)
    if title:
        fig.suptitle(title)
    return fig


def _component_layout(graph, *, seed: int = 0) -> tuple[dict, float]:
    """Spring layout per connected component, components packed on shelves (largest first).

    A single spring layout pushes components to the edges and crowds each
    one; here each component gets a square cell whose side grows with the
    square root of its size, cells are packed in rows, and the whole is
    scaled into ``[0, 1] x [0, 1]`` (aspect kept).  Unweighted, so strong
    edges do not stack labels.

    Returns
    -------
    (positions, aspect)
        ``aspect`` is the packing's height over its width.
    """
    import networkx as nx

    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    sides = [np.sqrt(len(c)) for c in components]
    width = max(sides[0], np.sqrt(sum(len(c) for c in components)) * 1.2)
    cells, x, y, row_height = [], 0.0, 0.0, 0.0
    for side in sides:  # shelf packing, rows top to bottom
        if x > 0 and x + side > width + 1e-9:
            x, y, row_height = 0.0, y + row_height, 0.0
        cells.append((x, y, side))
        x += side
        row_height = max(row_height, side)
    height = y + row_height
    extent = max(width, height)
    pos = {}
    for nodes, (cx, cy, side) in zip(components, cells):
        # A fresh graph in sorted order: subgraph views iterate a set, whose order changes per process.
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(nodes).edges))
        local = nx.spring_layout(sub, seed=seed, k=1.5 / np.sqrt(len(nodes)), iterations=300, weight=None) if len(nodes) > 1 else {nodes[0]: np.zeros(2)}
        # Positions rounded at the layout's scale, so last-bit differences do not move a node.
        xy = round_to_scale(np.array([local[n] for n in nodes]))
        for n, (px, py) in zip(nodes, xy):
            pos[n] = np.array([(cx + side * (0.5 + 0.42 * px)) / extent, (height - cy - side * (0.5 - 0.42 * py)) / extent])
    return pos, height / width


def _label_boxes(labels: Sequence[str], fontsize: float, marker_points: np.ndarray) -> np.ndarray:
    """Half-width and half-height, in inches, of each node's label (with a margin) or its marker, whichever is larger."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=[cjk_font(), "DejaVu Sans"], size=fontsize)
    to_path = TextToPath()
    sizes = []
    for label, marker in zip(labels, marker_points):
        width, height, _ = to_path.get_text_width_height_descent(label, prop, ismath=False)
        radius = marker / 2
        # The halo (3 points) and a small gap around the text.
        sizes.append((max(width / 2 + 3.0, radius), max(fontsize * 0.75 + 2.5, radius)))
    return np.array(sizes) / 72.0


def _spread_labels(xy: np.ndarray, half: np.ndarray, size: tuple[float, float], *, iterations: int = 400) -> tuple[np.ndarray, bool]:
    """Move nodes apart until no two label boxes overlap; positions in inches inside ``size``.

    Each round, every overlapping pair is pushed apart along the line
    between them (so a layout spreads out rather than into columns), each
    node by half the distance that ends the overlap, plus a hair; nodes
    stay inside the drawing area.  Deterministic: pairs in a fixed order.
    Returns the positions and whether every overlap was removed.
    """
    xy = xy.copy()
    lo, hi = half, np.array(size) - half
    n = len(xy)
    i_idx, j_idx = np.triu_indices(n, 1)
    for _ in range(iterations):
        d = xy[j_idx] - xy[i_idx]
        reach = half[i_idx] + half[j_idx]
        hit = np.flatnonzero((np.abs(d[:, 0]) < reach[:, 0]) & (np.abs(d[:, 1]) < reach[:, 1]))
        if not len(hit):
            return xy, True
        for h in hit:  # in order: the same result everywhere
            i, j = i_idx[h], j_idx[h]
            d = xy[j] - xy[i]
            wx, wy = half[i] + half[j]
            if abs(d[0]) >= wx or abs(d[1]) >= wy:
                continue
            norm = np.hypot(d[0], d[1])
            u = d / norm if norm > 1e-9 else np.array([np.cos(i + j), np.sin(i + j)])
            # Distance along u that brings the boxes apart on one axis, whichever is nearer.
            gaps = [(w - abs(c)) / abs(uc) for w, c, uc in ((wx, d[0], u[0]), (wy, d[1], u[1])) if abs(uc) > 1e-9]
            step = (min(gaps) / 2 + 1e-3) * u
            xy[j] += step
            xy[i] -= step
            xy[[i, j]] = np.clip(xy[[i, j]], lo[[i, j]], hi[[i, j]])
    return xy, False


def network_layout(graph, *, seed: int = 0, fontsize: float = 9, marker_points=None, width: float = 8.0, height: float = 6.4):
    """Node positions (in inches on a drawing area) where no two labels overlap, and the area's size.

    The spring layout (:func:`_component_layout`) gives the shape; then
    nodes are moved apart until their label boxes, measured in the CJK
    font, do not overlap.  If they cannot all fit, the drawing area grows
    (up to 2.5 times) and the nodes are spread again.

    Returns
    -------
    (positions, (width, height))
        ``positions`` maps each node to ``(x, y)`` in inches.
    """
    nodes = sorted(graph.nodes)
    base, aspect = _component_layout(graph, seed=seed)
    height = min(height, max(width * aspect, 3.0))  # a flat packing makes a flat figure
    unit = np.array([base[n] for n in nodes]) * np.array([1.0, 1.0 / max(aspect, 1e-9)]) if aspect < 1 else np.array([base[n] for n in nodes])
    unit = unit / np.maximum(unit.max(axis=0), 1e-9) if len(nodes) > 1 else np.full((1, 2), 0.5)
    marker_points = np.zeros(len(nodes)) if marker_points is None else np.asarray(marker_points, dtype=float)
    half = _label_boxes([str(n) for n in nodes], fontsize, marker_points)
    grow = 1.0
    while True:
        size = (width * grow, height * grow)
        margin = half.max(axis=0)
        start = margin + unit * (np.array(size) - 2 * margin)
        xy, ok = _spread_labels(start, half, size)
        if ok or grow >= 2.5:
            break
        grow = round(grow * 1.25, 6)
    xy = round_to_scale(xy)
    return {n: xy[k] for k, n in enumerate(nodes)}, size


@_styled
def network(
    graph,
    *,
    size: str = "frequency",
    weight: str = "weight",
    community: str = "community",
    title: str = "",
    seed: int = 0,
    fontsize: float = 9,
):
    """A co-occurrence network: node size by frequency, edge width by association, colour by community.

    The layout is deterministic (spring layout with a fixed ``seed``) and
    label-aware: nodes are spread until no two labels overlap
    (:func:`network_layout`), the figure growing when they need more room.
    Labels sit on a white halo over their node.  Draw the strongest edges
    only (:func:`textkit.analysis.cooccur.build_network` keeps ``max_edges``).
    """
    from matplotlib import patheffects

    nodes = sorted(graph.nodes)
    sizes = round_sig(np.array([graph.nodes[n].get(size, 1) for n in nodes], dtype=float))
    sizes = 120 + 900 * (sizes - sizes.min()) / (np.ptp(sizes) or 1) if len(nodes) else sizes
    if not nodes:
        fig, ax = _new(None, figsize=(8, 7))
        ax.set_axis_off()
        ax.set_title(title)
        ax.text(0.5, 0.5, "no edges pass the filters", ha="center", va="center", transform=ax.transAxes)
        return fig
    pos, (width, height) = network_layout(graph, seed=seed, fontsize=fontsize, marker_points=np.sqrt(sizes))
    fig = Figure(figsize=(width, height + 0.6))
    ax = fig.add_axes((0, 0, 1, height / (height + 0.6)))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    fig.suptitle(title, y=1 - 0.15 / (height + 0.6), va="top")
    comms = [graph.nodes[n].get(community, 0) for n in nodes]
    colors = _palette(max(comms) + 1 if comms else 1)
    edges = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
    widths = round_sig(np.array([d.get(weight, 1.0) for _, _, d in edges], dtype=float))
    widths = 0.5 + 4 * (widths - widths.min()) / (np.ptp(widths) or 1) if len(widths) else widths
    for (u, v, _), w in zip(edges, widths):
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#999999", linewidth=w, alpha=0.6, zorder=1)
    xy = np.array([pos[n] for n in nodes])
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=[colors[c] for c in comms], zorder=2, edgecolors="white", linewidths=0.8)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for n, (px, py) in zip(nodes, xy):
        ax.text(px, py, str(n), ha="center", va="center", fontsize=fontsize, zorder=3, path_effects=halo, gid="node-label")
    return fig


@_styled
def intertopic_map(coordinates: pd.DataFrame, *, title: str = "", ax=None):
    """Intertopic distance map: topics as circles (area by share of tokens) at their PCoA coordinates.

    Parameters
    ----------
    coordinates : DataFrame
        Columns ``x``, ``y`` and ``Freq`` (percent), indexed by topic, as in
        pyLDAvis' ``topic_coordinates``.
    """
    fig, ax = _new(ax, figsize=(5.5, 5))
    colors = _palette(len(coordinates))
    sizes = 60 + 40 * round_sig(coordinates["Freq"].to_numpy(dtype=float))
    xy = round_to_scale(coordinates[["x", "y"]].to_numpy(dtype=float))  # an axis that is zero up to noise draws at 0
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colors, alpha=0.55, edgecolors="black", linewidths=0.6)
    for topic, (px, py) in zip(coordinates.index, xy):
        ax.text(px, py, f"{topic}", ha="center", va="center", fontsize=10)
    ax.axhline(0, color="#cccccc", linewidth=0.6, zorder=0)
    ax.axvline(0, color="#cccccc", linewidth=0.6, zorder=0)
    ax.set_xlabel("PC1")
    ax.set_ylabel("PC2")
    ax.set_title(title)
    ax.margins(0.2)
    return fig


# --- Groups and time (textkit.analysis.groups, textkit.analysis.timeline) -------------------------


def _facets(n: int, ncols: int, *, width: float, height: float, sharex: bool = False, sharey: bool = False):
    """A figure with ``n`` panels in rows of ``ncols``; unused panels hidden."""
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig = _figure((width * ncols, height * nrows))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey)).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def _capped(names: list, limit: int, what: str) -> tuple[list, str]:
    """The first ``limit`` names, and a note naming how many were left out."""
    if len(names) <= limit:
        return names, ""
    return names[:limit], f"the first {limit} of {len(names)} {what} drawn (every one is in the table)"


@_styled
def keyness_grid(
    table: pd.DataFrame,
    *,
    n: int = 10,
    alpha: float = 0.05,
    max_groups: int = 12,
    ncols: int = 4,
    title: str = "",
    xlabel: str = "G²",
):
    """Small multiples of keyness: per group, its ``n`` most characteristic terms against the rest.

    Parameters
    ----------
    table : DataFrame
        :func:`textkit.analysis.groups.keyness_by_group` (``group, term, g2, p_adjusted``…).
    n : int, default 10
        Terms per group: the largest positive G².
    alpha : float, default 0.05
        Bars of terms with ``p_adjusted >= alpha`` are grey (not significant).
    max_groups : int, default 12
        Groups drawn, in table order; the figure says when some are left out.
    """
    names = list(dict.fromkeys(table.group))
    if not names:
        raise ParameterError("keyness_grid needs a keyness table with at least one group")
    shown, note = _capped(names, max_groups, "groups")
    fig, axes = _facets(len(shown), ncols, width=3.3, height=0.25 * n + 1.1)
    for ax, name, color in zip(axes, shown, _palette(len(shown))):
        part = table[(table.group == name) & (table.g2 > 0)]
        part = part.iloc[top_n(part.g2.to_numpy(), part.term.to_numpy(), n=n)]
        g2 = round_sig(part.g2.to_numpy(dtype=float))[::-1]
        significant = (part.p_adjusted.to_numpy(dtype=float) < alpha)[::-1]
        ax.barh(range(len(g2)), g2, color=[color if s else "#BBBBBB" for s in significant])
        ax.set_yticks(range(len(g2)), [str(t) for t in part.term.to_numpy()[::-1]], fontsize=8)
        ax.set_title(f"{name}", fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel(xlabel, fontsize=8)
        if not len(g2):
            ax.text(0.5, 0.5, "no term more frequent here", transform=ax.transAxes, ha="center", va="center", fontsize=8)
    fig.suptitle("\n".join(x for x in (title, f"grey: not significant (BH-adjusted p ≥ {alpha:g})" + (f"; {note}" if note else "")) if x),
                 fontsize=10)
    return fig


def _text_box(label: str, fontsize: float) -> tuple[float, float]:
    """Width and height of a label in inches (CJK characters are square, others about half as wide)."""
    em = fontsize / 72
    width = sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in label) * em
    return width + 0.04, em * 1.25


def _place_labels(
    points: np.ndarray, labels: Sequence[str], sizes: Sequence[float], radii: Sequence[float], *, to_inches, limit: int, forced: int = 0
) -> list:
    """Greedy label placement without overlaps: ``(index, x_offset_in, y_offset_in, ha, va)`` for each label placed.

    Labels are tried in the given order (most important first) at four
    positions around their point (``radii``: each marker's half-width in
    inches); one that fits nowhere is left out.  The
    first ``forced`` labels are always placed (where they overlap least:
    they may cover points, never each other where avoidable).
    ``to_inches`` maps data coordinates to inches on the figure.
    """
    placed, boxes = [], []
    xy = np.array([to_inches(p) for p in points]) if len(points) else np.zeros((0, 2))
    marks = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(xy, radii)]
    for i, (label, size) in enumerate(zip(labels, sizes)):
        if len(placed) >= limit:
            break
        w, h = _text_box(label, size)
        x, y = xy[i]
        d = radii[i] + 0.02
        options = (
            (d, 0, "left", "center", (x + d, y - h / 2, x + d + w, y + h / 2)),
            (-d, 0, "right", "center", (x - d - w, y - h / 2, x - d, y + h / 2)),
            (0, d, "center", "bottom", (x - w / 2, y + d, x + w / 2, y + d + h)),
            (0, -d, "center", "top", (x - w / 2, y - d - h, x + w / 2, y - d)),
        )
        scores = []
        for dx, dy, ha, va, box in options:
            labels_hit = sum(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)
            marks_hit = sum(box[0] < m[2] and m[0] < box[2] and box[1] < m[3] and m[1] < box[3] for j, m in enumerate(marks) if j != i)
            scores.append((labels_hit, marks_hit))
        best = next((k for k, sc in enumerate(scores) if sc == (0, 0)), None)
        if best is None and i < forced:
            best = min(range(len(options)), key=lambda k: (scores[k], k))
        if best is not None:
            dx, dy, ha, va, box = options[best]
            boxes.append(box)
            placed.append((i, dx, dy, ha, va))
    return placed


@_styled
def correspondence_map(ca, *, max_labels: int = 40, title: str = "", figsize=(8, 7)):
    """A words x groups correspondence analysis map (KH Coder's view), labels capped and never overlapping.

    Parameters
    ----------
    ca : textkit.analysis.groups.CorrespondenceMap
    max_labels : int, default 40
        Terms labelled, by their contribution to the two axes; groups are
        always labelled.  A label that would overlap another label or a
        point is left out; every term keeps its point.

    Notes
    -----
    Groups are squares, terms circles (area by frequency); a term near a
    group is used relatively more in it.  Coordinates are rounded at their
    scale, so the map is the same on every machine.
    """
    from matplotlib import patheffects
    from matplotlib.transforms import Bbox

    coords = ca.coordinates
    groups, terms = coords[coords.kind == "group"], coords[coords.kind == "term"]
    order = top_n(terms.contribution.to_numpy(dtype=float), terms.label.to_numpy())
    terms = terms.iloc[order]
    fig, ax = _new(None, figsize=figsize)
    xy_all = coords[["dim1", "dim2"]].to_numpy(dtype=float)
    lo, hi = xy_all.min(axis=0), xy_all.max(axis=0)
    pad = (hi - lo) * 0.12 + 1e-9
    ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
    ax.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
    ax.axhline(0, color="#DDDDDD", linewidth=0.7, zorder=0)
    ax.axvline(0, color="#DDDDDD", linewidth=0.7, zorder=0)
    freq = round_sig(terms.frequency.to_numpy(dtype=float))
    sizes = 12 + 160 * np.sqrt(freq / (freq.max() or 1))
    tx, ty = terms.dim1.to_numpy(dtype=float), terms.dim2.to_numpy(dtype=float)
    ax.scatter(tx, ty, s=sizes, color="#4C72B0", alpha=0.45, edgecolors="white", linewidths=0.5, zorder=2)
    colors = _palette(len(groups))
    gx, gy = groups.dim1.to_numpy(dtype=float), groups.dim2.to_numpy(dtype=float)
    ax.scatter(gx, gy, s=90, marker="s", c=colors, edgecolors="black", linewidths=0.8, zorder=5)
    ax.set_xlabel(f"dim 1 ({ca.inertia[0]:.1%} of inertia)")
    ax.set_ylabel(f"dim 2 ({ca.inertia[1]:.1%} of inertia)")
    ax.set_title(title)
    # Data -> inches on the figure, for an axes box that constrained layout will leave about where this estimate puts it.
    width, height = figsize
    box = Bbox.from_extents(0.8, 0.6, width - 0.25, height - 0.45)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()

    def to_inches(p):
        return (box.x0 + (p[0] - x0) / (x1 - x0) * box.width, box.y0 + (p[1] - y0) / (y1 - y0) * box.height)

    points = np.vstack([np.column_stack([gx, gy]), np.column_stack([tx, ty])])
    labels = [*groups.label.astype(str), *terms.label.astype(str)]
    fontsizes = [11] * len(groups) + [9] * len(terms)
    # Marker half-widths in inches: a scatter size is an area in points².
    radii = [np.sqrt(90) / 2 / 72] * len(groups) + (np.sqrt(sizes) / 2 / 72).tolist()
    placed = _place_labels(points, labels, fontsizes, radii, to_inches=to_inches, limit=len(groups) + max_labels, forced=len(groups))
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for i, dx, dy, ha, va in placed:
        is_group = i < len(groups)
        ax.annotate(labels[i], points[i], xytext=(dx * 72, dy * 72), textcoords="offset points", ha=ha, va=va,
                    fontsize=fontsizes[i],
                    color=colors[i] if is_group else "#222222", path_effects=halo, zorder=4)
    shown = sum(1 for i, *_ in placed if i >= len(groups))
    ax.text(1.0, -0.09, f"{len(terms)} terms, {shown} labelled (by contribution; no label overlaps another)",
            transform=ax.transAxes, ha="right", va="top", fontsize=7, color="#666666")
    return fig


@_styled
def interval_grid(
    table: pd.DataFrame,
    *,
    facet: str,
    label: str,
    value: str,
    low: str = "ci_low",
    high: str = "ci_high",
    highlight: str | None = None,
    reference: str | None = None,
    titles: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    max_facets: int = 20,
    ncols: int = 4,
    title: str = "",
    xlabel: str = "",
):
    """Small multiples of estimates with intervals: per facet (topic), one dot and whisker per label (group).

    Parameters
    ----------
    table : DataFrame
        Long table, e.g. :func:`textkit.analysis.groups.prevalence_by_group`.
    facet, label, value, low, high : str
        Columns: one panel per ``facet``, one row per ``label``.
    highlight : str, optional
        A boolean column: filled dots where True, hollow where False
        (e.g. ``differs``: the group differs from the rest).
    reference : str, optional
        A column drawn as a dashed line per row (e.g. ``rest``).
    titles : mapping, optional
        Panel titles by facet (e.g. a topic's top words).
    order : sequence, optional
        The facets in this order (e.g. :attr:`textkit.analysis.effects.Effects.topics_by_contrast`);
        facets not named follow in their order in the table.
    """
    facets = list(dict.fromkeys(table[facet]))
    if not facets:
        raise ParameterError("interval_grid needs a table with at least one row")
    if order is not None:
        facets = [f for f in dict.fromkeys(order) if f in set(facets)] + [f for f in facets if f not in set(order)]
    shown, note = _capped(facets, max_facets, "panels")
    labels = list(dict.fromkeys(table[label]))
    fig, axes = _facets(len(shown), ncols, width=3.2, height=0.3 * len(labels) + 1.2, sharey=True)
    colors = dict(zip(labels, _palette(len(labels))))
    for ax, name in zip(axes, shown):
        part = table[table[facet] == name].set_index(label).reindex(labels)
        y = np.arange(len(labels))[::-1]
        v, lo, hi = (round_sig(part[c].to_numpy(dtype=float)) for c in (value, low, high))
        for yi, key, vi, l, h in zip(y, labels, v, lo, hi):
            fill = bool(part.at[key, highlight]) if highlight and pd.notna(part.at[key, highlight]) else highlight is None
            if np.isfinite(l) and np.isfinite(h):
                ax.plot([l, h], [yi, yi], color=colors[key], linewidth=1.6)
            ax.plot([vi], [yi], marker="o", markersize=5, color=colors[key], markerfacecolor=colors[key] if fill else "white")
            if reference:
                r = round_sig(float(part.at[key, reference]))
                if np.isfinite(r):
                    ax.plot([r, r], [yi - 0.35, yi + 0.35], color="#555555", linewidth=0.9, linestyle="--")
        ax.set_yticks(y, [str(k) for k in labels], fontsize=8)
        ax.set_title((titles or {}).get(name, str(name)), fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.margins(x=0.08)
    foot = [x for x in (title, note) if x]
    if foot:
        fig.suptitle("\n".join(foot), fontsize=10)
    return fig


def _date_axis(ax) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=7)


@_styled
def trend_grid(
    table: pd.DataFrame,
    *,
    facet: str,
    y: str,
    x: str = "start",
    low: str = "ci_low",
    high: str = "ci_high",
    titles: Mapping[str, str] | None = None,
    directions: Mapping[str, str] | None = None,
    points: str | None = None,
    order: Sequence[str] | None = None,
    max_facets: int = 20,
    ncols: int = 4,
    title: str = "",
    ylabel: str = "",
):
    """Small multiples of a value over time with its interval band: one panel per keyword or topic.

    Parameters
    ----------
    table : DataFrame
        Long table, e.g. :func:`textkit.analysis.timeline.keyword_trends` or
        :func:`textkit.analysis.timeline.prevalence_over_time`.
    facet, y, x, low, high : str
        Columns: one panel per ``facet``; ``x`` holds dates.
    titles : mapping, optional
        Panel titles by facet (e.g. ``疫情 ↑ ×1.12 per week``).
    directions : mapping, optional
        The tested trend by facet (``rising``, ``falling``, anything
        else): blue, red, grey.  Without it each panel has its own colour.
    points : str, optional
        A column drawn as grey dots under the line (e.g. ``observed``, the
        period's plain mean beside a smooth curve,
        :func:`textkit.analysis.effects.topic_effects`); the line then has
        no markers of its own.
    order : sequence, optional
        The facets in this order (e.g. topics ranked by their change);
        facets not named follow in their order in the table.

    Notes
    -----
    Periods without an interval (too few documents) show as points
    without a band; periods without documents leave a gap.
    """
    facets = list(dict.fromkeys(table[facet]))
    if not facets:
        raise ParameterError("trend_grid needs a table with at least one row")
    if order is not None:
        facets = [f for f in dict.fromkeys(order) if f in set(facets)] + [f for f in facets if f not in set(order)]
    shown, note = _capped(facets, max_facets, "panels")
    fig, axes = _facets(len(shown), ncols, width=3.3, height=2.4, sharex=True)
    colors = _palette(len(shown))
    if directions is not None:
        colors = [{"rising": "#1F77B4", "falling": "#D62728"}.get(directions.get(name, ""), "#7F7F7F") for name in shown]
    for ax, name, color in zip(axes, shown, colors):
        part = table[table[facet] == name].sort_values(x)
        xs = pd.to_datetime(part[x]).to_numpy()
        v, lo, hi = (round_sig(part[c].to_numpy(dtype=float)) for c in (y, low, high))
        ax.fill_between(xs, lo, hi, color=color, alpha=0.25, linewidth=0)
        if points:
            ax.plot(xs, round_sig(part[points].to_numpy(dtype=float)), linestyle="none", marker="o", markersize=2.5, color="#555555")
        ax.plot(xs, v, color=color, linewidth=1.4, marker=None if points else "o", markersize=2.5)
        ax.set_title((titles or {}).get(name, str(name)), fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_ylim(bottom=0)
        _date_axis(ax)
    for ax in axes[:: max(1, min(ncols, len(shown)))]:
        ax.set_ylabel(ylabel, fontsize=8)
    foot = [t for t in (title, note) if t]
    if foot:
        fig.suptitle("\n".join(foot), fontsize=10)
    return fig


@_styled
def period_bars(table: pd.DataFrame, *, period: str = "week", max_groups: int = 10, title: str = "", ylabel: str = "documents"):
    """Documents per period, stacked by group: :func:`textkit.analysis.timeline.documents_per_period`.

    Parameters
    ----------
    table : DataFrame
        ``start, group, documents``.
    period : str
        The period, for the width of the bars.
    max_groups : int, default 10
        The largest groups are drawn; the rest are stacked as ``other``.
    """
    import matplotlib.dates as mdates

    totals = table.groupby("group", sort=False).documents.sum()
    names = totals.index.to_numpy()[top_n(totals.to_numpy(dtype=float), totals.index.to_numpy(dtype=str))].tolist()
    keep = [g for g in totals.index if g in set(names[:max_groups])]  # the largest, in their own order
    data = table.assign(group=table.group.where(table.group.isin(keep), "other"))
    wide = data.pivot_table(index="start", columns="group", values="documents", aggfunc="sum", sort=False).fillna(0)
    wide = wide[[g for g in [*keep, "other"] if g in wide.columns]].sort_index()
    days = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}.get(period, 1)
    fig, ax = _new(None, figsize=(min(4 + 0.18 * len(wide), 14), 3.6))
    bottom = np.zeros(len(wide))
    xs = mdates.date2num(pd.to_datetime(wide.index).to_pydatetime())
    for name, color in zip(wide.columns, _palette(len(wide.columns))):
        values = wide[name].to_numpy(dtype=float)
        ax.bar(xs, values, bottom=bottom, width=0.8 * days, align="edge", color=color, label=str(name))
        bottom += values
    ax.xaxis_date()
    _date_axis(ax)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if len(wide.columns) > 1:
        ax.legend(frameon=False, fontsize=8, ncols=min(5, len(wide.columns)), loc="upper left", bbox_to_anchor=(0, -0.12))
    return fig
