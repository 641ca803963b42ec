"""Effects of groups and time on topic prevalence, in the manner of stm's ``estimateEffect``.

A topic's prevalence (its mean share of a document) is regressed on the
document's group and on a smooth of its time (a natural cubic spline of
the period), by ordinary least squares on the document-topic proportions
of the fitted model: the model the corpus was given (notebook 03's), never
a second one fitted for the purpose.  What comes out:

* the prevalence of each topic in each group, adjusted for time, and its
  difference from the rest of the corpus (the group contrasts);
* a smooth curve of each topic's prevalence over the periods, adjusted for
  the groups, and its linear trend (the change over the span).

The intervals carry the model's uncertainty as well as the sampling of
documents, by the method of composition (Treier and Jackman 2008; stm's
``estimateEffect``): the regression is run on ``n_draws`` draws of the
document-topic proportions from the model's posterior, and from each run
``n_sims`` coefficient vectors are drawn from the normal distribution of
its estimate (heteroscedasticity-robust, HC1).  The percentiles of all
those draws make the interval.

* a token-level model (LDA, PTM, BTM): ``theta_d ~ Dirichlet(n_d + a)``,
  where ``n_d`` holds the document's tokens per topic in the sampler's last
  state: the posterior of the document's shares given its topic
  assignments.  By default ``a`` is a flat 0.01 per topic (``prior="flat"``),
  not the model's own prior ``alpha`` (``prior="model"``): the model's
  prior is the same for every document and pulls every group and period
  toward the corpus mean, by ``N_d / (N_d + sum(alpha))``, which on short
  documents is most of the difference the regression is asked to measure
  (on 15-token documents a planted 0.44 came out 0.41 and 0.14 came out
  0.18, and the intervals covered 81 % instead of 92 %;
  ``benchmarks/uncertainty_coverage.py``).  stm avoids this by putting the
  covariates into the prior; a regression on a model without them has to
  leave the prior out of the draws;
* a model with one topic per document (DMM): the document's topic drawn
  from its posterior, one-hot.

The work is split as the cluster engine needs it (counting per shard):
:func:`count_effects` reduces one shard of documents to
sufficient statistics per cell (group x period): the number of documents
and, for each draw, the sums of the drawn proportions and of their squares,
:class:`EffectCounts`; partials :meth:`~EffectCounts.merge` exactly (the
sums are held in fixed point, integers, so any order of merging gives the
same bits); :func:`estimate_effects` runs the regression on the reduced
cells.  Every regressor is constant within a cell, so the cell sums give
``X'X``, ``X'y`` and the robust variance exactly.  A document's draws are
seeded by the run's ``random_state`` and the document's key (its position
in the corpus), never by the shard: the same corpus cut into other shards
gives the same numbers.  :func:`topic_effects` does both on one shard.

Examples
--------
>>> counts = np.array([[9, 1], [8, 2], [7, 3], [2, 8], [1, 9], [3, 7]] * 3)
>>> groups = ["社會", "社會", "社會", "財經", "財經", "財經"] * 3
>>> partial = count_effects(counts, alpha=np.array([0.1, 0.1]), keys=range(18), groups=groups, n_draws=20)
>>> effects = estimate_effects(partial, min_docs=2, n_sims=10)
>>> effects.by_group[["topic", "group", "documents"]].values.tolist()[:2]
[['topic 0', '社會', 9], ['topic 0', '財經', 9]]
>>> bool(effects.by_group.differs.all())
True
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from textkit.analysis._bootstrap import check_level
from textkit.analysis._ranking import round_sig
from textkit.analysis.timeline import rank_trends
from textkit.errors import ParameterError

__all__ = [
    "ONE_TOPIC_KINDS",
    "FLAT_PRIOR",
    "EffectCounts",
    "count_effects",
    "Effects",
    "estimate_effects",
    "topic_effects",
    "draw_proportions",
]

ONE_TOPIC_KINDS = frozenset({"dmm", "gsdmm"})
"""Model kinds with one topic per document: their draws are one-hot topics, not Dirichlet proportions."""

_SCALE = 2**32
"""Fixed point of the sums in :class:`EffectCounts`: a share is held as an integer multiple of 2**-32."""

_CHUNK = 2_000
"""Documents drawn at once (``n_draws`` x topics floats each)."""

FLAT_PRIOR = 0.01
"""The Dirichlet prior per topic of the draws with ``prior="flat"``: just enough to keep a topic without tokens possible."""

OTHER_GROUPS = "(other groups)"
"""Where groups with fewer than ``min_docs`` documents are pooled: they stay in the rest, without a result of their own."""


def _seed(random_state: int, key) -> list[int]:
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool) and key >= 0:
        return [int(random_state), 0, int(key)]
    return [int(random_state), 1, zlib.crc32(str(key).encode("utf-8"))]


def draw_proportions(counts: np.ndarray, alpha: np.ndarray, *, kind: str = "lda", n_draws: int = 50, key=0, random_state: int = 0) -> np.ndarray:
    """Draws of one document's topic proportions from the model's posterior: ``n_draws x topics``.

    Parameters
    ----------
    counts : ndarray, topics
        The document's tokens per topic in the sampler's state (token-level
        models), or its posterior over topics (``kind`` in :data:`ONE_TOPIC_KINDS`).
    alpha : ndarray, topics
        The model's document-topic prior.
    kind : str
        The model kind (``lda``, ``pt``, ``btm``, ``dmm``…).
    key : int or str
        The document's key (its position in the corpus): with
        ``random_state`` it seeds the draws, so they do not depend on the
        shard the document is in.

    Examples
    --------
    >>> draws = draw_proportions(np.array([30.0, 10.0]), np.array([0.1, 0.1]), n_draws=2000, key=7)
    >>> round(float(draws[:, 0].mean()), 2), draws.shape
    (0.75, (2000, 2))
    >>> draw_proportions(np.array([0.0, 1.0]), np.array([0.1, 0.1]), kind="dmm", n_draws=3).tolist()
    [[0.0, 1.0], [0.0, 1.0], [0.0, 1.0]]
    """
    rng = np.random.default_rng(_seed(random_state, key))
    counts = np.asarray(counts, dtype=np.float64)
    k = len(counts)
    if kind in ONE_TOPIC_KINDS:
        total = counts.sum()
        post = counts / total if total > 0 else np.asarray(alpha, dtype=np.float64) / np.sum(alpha)
        z = np.minimum(np.searchsorted(np.cumsum(post), rng.random(n_draws) * post.sum(), side="right"), k - 1)
        return np.eye(k)[z]
    g = rng.standard_gamma(np.broadcast_to(counts + np.asarray(alpha, dtype=np.float64), (n_draws, k)))
    return g / g.sum(axis=1, keepdims=True)


@dataclass(frozen=True, eq=False)
class EffectCounts:
    """Sufficient statistics of the effect regressions, per cell (group, period): a mergeable partial.

    Attributes
    ----------
    kind : str
        The model kind the draws came from.
    n_draws, num_topics, random_state : int
        Draws per document, topics, seed: partials merge only when they agree.
    prior : str
        ``flat`` or ``model``: the Dirichlet prior of the draws (:func:`count_effects`).
    cells : dict
        ``(group, period) -> (documents, sums, squares)``: ``group`` is a
        str or None (no groups), ``period`` an int or None (no time);
        ``sums`` and ``squares`` are int64 arrays ``n_draws x topics``,
        the sums of the drawn proportions and of their squares in fixed
        point (multiples of 2**-32).
    left_out : dict
        Documents not counted, by reason (``no words``: nothing in the
        model's vocabulary; ``no date``: undated while periods were asked for).
    """

    kind: str
    n_draws: int
    num_topics: int
    random_state: int
    prior: str = "flat"
    cells: dict = field(default_factory=dict)
    left_out: dict = field(default_factory=dict)

    @property
    def documents(self) -> int:
        """Documents counted."""
        return int(sum(n for n, _, _ in self.cells.values()))

    def merge(self, other: EffectCounts) -> EffectCounts:
        """The partial of both shards: exact (integer sums), associative and commutative."""
        mine = (self.kind, self.n_draws, self.num_topics, self.random_state, self.prior)
        theirs = (other.kind, other.n_draws, other.num_topics, other.random_state, other.prior)
        if mine != theirs:
            raise ParameterError(f"effect counts of different runs cannot be merged (kind, draws, topics, seed, prior: {mine} and {theirs})")
        cells = dict(self.cells)
        for key, (n, s, q) in other.cells.items():
            if key in cells:
                n0, s0, q0 = cells[key]
                cells[key] = (n0 + n, s0 + s, q0 + q)
            else:
                cells[key] = (n, s, q)
        left = dict(self.left_out)
        for reason, n in other.left_out.items():
            left[reason] = left.get(reason, 0) + n
        return EffectCounts(self.kind, self.n_draws, self.num_topics, self.random_state, self.prior, cells, left)

    __add__ = merge


def count_effects(
    doc_topic_counts: np.ndarray,
    *,
    alpha: np.ndarray,
    keys: Sequence,
    kind: str = "lda",
    groups: Sequence | None = None,
    periods: Sequence | None = None,
    n_draws: int = 50,
    prior: Literal["flat", "model"] = "flat",
    random_state: int = 0,
) -> EffectCounts:
    """Draw each document's topic proportions and sum them per cell (group, period): one shard's partial.

    Parameters
    ----------
    doc_topic_counts : ndarray, documents x topics
        The model's ``doc_topic_counts`` for the shard's documents.
    alpha : ndarray, topics
        The model's document-topic prior.
    keys : sequence
        Each document's key, its position in the whole corpus (or a unique
        id): the draws are seeded by it and ``random_state``.
    kind : str, default "lda"
        The model's kind (one-hot draws for :data:`ONE_TOPIC_KINDS`).
    groups : sequence of str, optional
        Each document's group.
    periods : sequence of float, optional
        Each document's period index (:attr:`textkit.analysis.timeline.TimeAxis.index`;
        NaN: no date, left out).
    n_draws : int, default 50
    prior : {"flat", "model"}, default "flat"
        The Dirichlet prior of a token-level model's draws: a flat
        :data:`FLAT_PRIOR` per topic, or the model's ``alpha`` (which pulls
        every group toward the corpus mean; see the module's notes).
    random_state : int, default 0

    Returns
    -------
    EffectCounts

    Notes
    -----
    Cost: ``n_draws x topics`` gamma draws per document (about 8,000
    Weibo posts, 50 draws, 20 topics: under a second) and a partial of
    ``cells x n_draws x topics x 2`` integers.  Documents without a word
    in the model's vocabulary (a row of zeros) are left out and counted.
    """
    counts = round_sig(np.asarray(doc_topic_counts, dtype=np.float64))  # a posterior (DMM) from another machine: the same draws
    if counts.ndim != 2:
        raise ParameterError(f"doc_topic_counts must be documents x topics (got shape {counts.shape})")
    n, k = counts.shape
    keys = list(keys)
    if prior not in ("flat", "model"):
        raise ParameterError(f"prior must be 'flat' or 'model' (got {prior!r})")
    alpha = round_sig(np.broadcast_to(np.asarray(alpha, dtype=np.float64), (k,)))
    shape = alpha if prior == "model" or kind in ONE_TOPIC_KINDS else np.full(k, FLAT_PRIOR)
    if not isinstance(n_draws, (int, np.integer)) or isinstance(n_draws, bool) or n_draws < 1:
        raise ParameterError(f"n_draws must be a whole number of at least 1 (got {n_draws!r})")
    for name, values in (("keys", keys), ("groups", groups), ("periods", periods)):
        if values is not None and len(values) != n:
            raise ParameterError(f"{len(values)} {name} for {n} documents")
    group = [None] * n if groups is None else [str(g) for g in groups]
    if periods is None:
        period = [None] * n
        dated = np.ones(n, dtype=bool)
    else:
        values = np.asarray(periods, dtype=np.float64)
        dated = np.isfinite(values)
        period = [int(v) if d else None for v, d in zip(values, dated)]
    words = counts.sum(axis=1) > 0
    left_out = {}
    if (~words).sum():
        left_out["no words"] = int((~words).sum())
    if (words & ~dated).sum():
        left_out["no date"] = int((words & ~dated).sum())
    use = np.flatnonzero(words & dated)
    index: dict = {}
    cell_of = np.array([index.setdefault((group[i], period[i]), len(index)) for i in use], dtype=np.int64)
    sums = np.zeros((len(index), n_draws, k), dtype=np.int64)
    squares = np.zeros_like(sums)
    sizes = np.bincount(cell_of, minlength=len(index)) if len(use) else np.zeros(0, dtype=np.int64)
    for start in range(0, len(use), _CHUNK):
        part = use[start : start + _CHUNK]
        theta = np.stack([draw_proportions(counts[i], shape, kind=kind, n_draws=n_draws, key=keys[i], random_state=random_state) for i in part])
        np.add.at(sums, cell_of[start : start + _CHUNK], np.rint(theta * _SCALE).astype(np.int64))
        np.add.at(squares, cell_of[start : start + _CHUNK], np.rint(theta * theta * _SCALE).astype(np.int64))
    cells = {key: (int(sizes[j]), sums[j], squares[j]) for key, j in index.items()}
    return EffectCounts(kind, int(n_draws), k, int(random_state), prior, cells, left_out)


@dataclass(frozen=True, eq=False)
class Effects:
    """Topic prevalence by group and over time, with intervals that carry the model's uncertainty (:func:`estimate_effects`).

    Attributes
    ----------
    by_group : DataFrame
        ``topic, group, documents, prevalence, ci_low, ci_high, rest,
        difference, diff_low, diff_high, differs``: each group's mean
        topic share adjusted for time (the average prediction with every
        document moved into the group), the same for the rest of the
        corpus, their difference and whether its interval excludes 0.
        Empty without two groups of ``min_docs`` documents.
    over_time : DataFrame
        ``topic, period, start, documents, prevalence, ci_low, ci_high,
        observed``: the smooth curve at every period, adjusted for the
        groups, and the period's plain mean share (``observed``, NaN for a
        period without documents).  Empty without a usable time axis.
    trends : DataFrame
        ``topic, first, last, change, ci_low, ci_high, share, trend``: the
        linear trend of the prevalence (the least-squares line through the
        smooth, each period weighted by its documents: the slope of a
        regression of the shares on time), as its values at the first and
        the last period and the change between them (0.05 = five points)
        with its interval; the topic's mean share; ``rising`` / ``falling``
        where the interval excludes 0.  Ranked by the change (rises first,
        the largest first; then falls, the largest first; then the rest by
        size).  A topic that rises and falls again within the span shows as
        ``no clear trend``: read its curve.
    formula : str
        The regression, as stm would write it (``prevalence ~ group + s(week, df = 5)``).
    message : str
        What was estimated, on how many documents, and what was left out.
    """

    by_group: pd.DataFrame
    over_time: pd.DataFrame
    trends: pd.DataFrame
    formula: str
    message: str
    documents: int
    left_out: dict

    @property
    def topics_by_contrast(self) -> list[str]:
        """The topics of :attr:`by_group` by their largest group contrast (the size of a ``difference`` whose interval excludes 0), largest first; ties by the topic's number.

        The order of the panels of a figure of many topics: the ones where the groups differ most come first.
        """
        table = self.by_group
        if table.empty:
            return []
        size = table["difference"].abs().where(table["differs"].astype(bool), 0.0)
        largest = size.groupby(table["topic"], sort=False).max()
        number = [int(str(t).split()[-1]) if str(t).split()[-1].isdigit() else i for i, t in enumerate(largest.index)]
        order = np.lexsort((number, -round_sig(largest.to_numpy(dtype=np.float64))))
        return [str(largest.index[i]) for i in order]


_GROUP_COLUMNS = ["topic", "group", "documents", "prevalence", "ci_low", "ci_high", "rest", "difference", "diff_low", "diff_high", "differs"]
_TIME_COLUMNS = ["topic", "period", "start", "documents", "prevalence", "ci_low", "ci_high", "observed"]
_TREND_COLUMNS = ["topic", "first", "last", "change", "ci_low", "ci_high", "share", "trend"]


def _time_basis(used: np.ndarray, grid: np.ndarray, df: int) -> np.ndarray:
    """The spline basis of time at every period of ``grid``, without the constant: ``len(grid) x df``.

    ``df == 1`` is a straight line; more is a natural cubic regression spline
    (patsy ``cr``, as mgcv's) with ``df + 1`` knots at quantiles of the
    periods that hold documents, one column dropped (its columns sum to one,
    which the intercept already spans).
    """
    scale = max(float(grid.max() - grid.min()), 1.0)
    if df == 1:
        return ((grid - used.mean()) / scale)[:, None]
    import patsy

    design = patsy.dmatrix(f"cr(x, df={df + 1}) - 1", {"x": used.astype(np.float64)})
    basis = np.asarray(patsy.build_design_matrices([design.design_info], {"x": grid.astype(np.float64)})[0])
    return basis[:, 1:]


def _check_int(name: str, value, least: int) -> None:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < least:
        raise ParameterError(f"{name} must be a whole number of at least {least} (got {value!r})")


def estimate_effects(
    counts: EffectCounts,
    *,
    axis=None,
    group_order: Sequence[str] | None = None,
    time_df: int | None = None,
    level: float = 0.95,
    n_sims: int = 20,
    min_docs: int = 5,
    random_state: int = 0,
) -> Effects:
    """The regression of topic prevalence on group and time, from reduced :class:`EffectCounts`.

    Parameters
    ----------
    counts : EffectCounts
        The merged partials of every shard.
    axis : TimeAxis, optional
        The time axis the periods came from (labels and starts of the
        periods); without it, or with fewer than three periods holding
        documents, time is left out of the regression.
    group_order : sequence of str, optional
        Order of the groups in the output (default: by name).
    time_df : int, optional
        Degrees of freedom of the smooth of time: 1 is a straight line.
        Default: ``min(10, periods with documents - 1)`` (stm's ``s()`` has 10).
    level : float, default 0.95
    n_sims : int, default 20
        Coefficient vectors drawn from each regression (method of
        composition): ``n_draws x n_sims`` draws make each interval.
    min_docs : int, default 5
        Groups with fewer documents are pooled as ``(other groups)``: they
        stay in the regression and in the rest, without a result of their own.
    random_state : int, default 0
        Seed of the coefficient draws.

    Returns
    -------
    Effects

    Notes
    -----
    The regression, per draw and topic: the drawn share of each document on
    an intercept, the group (treatment coding, one column per group but
    the first) and the smooth of time, by ordinary least squares; its
    covariance HC1 (White's, times ``n / (n - p)``), so that groups whose
    shares vary more get the wider intervals they need.  A group's
    prevalence is the mean prediction with every document put in that group
    (the groups then share the corpus' mix of periods), a period's the mean
    prediction with every document put in that period (the corpus' mix of
    groups).  The regression is linear in the shares, so predictions can
    stray outside [0, 1] where data are thin; stm has the same property.

    Cost: ``n_draws`` least-squares fits per topic on the cells (groups x
    periods), not on the documents: milliseconds, whatever the corpus size.
    """
    check_level(level, 1000)
    _check_int("n_sims", n_sims, 1)
    _check_int("min_docs", min_docs, 1)
    if time_df is not None:
        _check_int("time_df", time_df, 1)
    k, draws = counts.num_topics, counts.n_draws
    topics = [f"topic {t}" for t in range(k)]
    keys = list(counts.cells)
    left = ", ".join(f"{n:,} {reason}" for reason, n in counts.left_out.items() if n)
    left_text = f" ({left} left out)" if left else ""
    if not keys:
        return _no_effects("No document to estimate effects on" + left_text + ".", counts)
    n_cell = np.array([counts.cells[c][0] for c in keys], dtype=np.float64)
    s1 = np.stack([counts.cells[c][1] for c in keys]).astype(np.float64) / _SCALE  # cells x draws x topics
    s2 = np.stack([counts.cells[c][2] for c in keys]).astype(np.float64) / _SCALE
    total = float(n_cell.sum())
    notes = []

    # Groups: those with min_docs documents get a level of their own, the others are pooled.
    sizes: dict[str, float] = {}
    for (g, _), n in zip(keys, n_cell):
        if g is not None:
            sizes[g] = sizes.get(g, 0.0) + n
    names = [g for g in (group_order or sorted(sizes)) if g in sizes]
    names += sorted(set(sizes) - set(names))
    compared = [g for g in names if sizes[g] >= min_docs]
    small = [g for g in names if sizes[g] < min_docs]
    levels = compared + ([OTHER_GROUPS] if small else [])
    level_of = {g: (g if g in compared else OTHER_GROUPS) for g in names}
    use_groups = len(compared) >= 2
    if len(sizes) > 1 and not use_groups:
        notes.append(f"fewer than two groups with {min_docs} or more documents: no group contrasts")
    elif small:
        notes.append(f"{len(small)} group(s) with fewer than {min_docs} documents pooled as {OTHER_GROUPS} (in the rest, no result of their own)")

    # Time: the period index of each cell, a smooth over the periods that hold documents.
    use_time = False
    if axis is not None and any(p is not None for _, p in keys):
        grid = axis.periods["index"].to_numpy(dtype=np.float64)
        used = np.array(sorted({p for _, p in keys if p is not None}), dtype=np.float64)
        if len(used) >= 3:
            df = min(time_df or 10, len(used) - 1)
            basis = _time_basis(used, grid, df)
            use_time = True
        else:
            notes.append(f"documents in {len(used)} period(s) only: a smooth of time needs three")
    if not use_groups and not use_time:
        return _no_effects("Nothing to estimate: " + ("; ".join(notes) or "no groups and no time axis") + left_text + ".", counts)

    # The design per cell: intercept, group dummies (all levels but the first), the time basis.
    def row(level_name, period):
        x = [1.0]
        if use_groups:
            x += [1.0 if level_name == lv else 0.0 for lv in levels[1:]]
        if use_time:
            x += basis[int(period)].tolist()
        return x

    X = np.array([row(level_of.get(g), p) for g, p in keys], dtype=np.float64)
    q = X.shape[1]
    xtx = X.T @ (X * n_cell[:, None])
    bread = np.linalg.pinv(xtx)
    rank = np.linalg.matrix_rank(xtx)
    if rank < q:
        notes.append(f"the design has rank {rank} of {q} (groups and periods confounded): estimates are the minimum-norm least squares")
    beta = np.einsum("ij,cj,csk->isk", bread, X, s1)  # q x draws x topics
    fitted = np.einsum("cj,jsk->csk", X, beta)
    rss = s2 - 2 * fitted * s1 + n_cell[:, None, None] * fitted**2  # per cell: sum of squared residuals
    meat = np.einsum("ci,cj,csk->skij", X, X, np.maximum(rss, 0.0), optimize=True)
    cov = np.einsum("ij,skjl,lm->skim", bread, meat, bread, optimize=True) * (total / max(total - q, 1.0))
    cov = (cov + np.swapaxes(cov, -1, -2)) / 2
    vals, vecs = np.linalg.eigh(cov)
    root = vecs * np.sqrt(np.maximum(vals, 0.0))[..., None, :]  # cov = root @ root.T
    rng = np.random.default_rng([int(random_state), 0xEFFEC7])
    z = rng.standard_normal((draws, k, n_sims, q))
    sims = np.moveaxis(beta, 0, -1)[:, :, None, :] + np.einsum("skij,skmj->skmi", root, z)  # draws x topics x sims x q
    point = np.moveaxis(beta, 0, -1)  # draws x topics x q
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2

    def summarise(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point (mean over draws) and interval (percentiles of every simulation) of ``a @ beta`` per topic."""
        est = (point @ a).mean(axis=0)
        values = (sims @ a).reshape(draws, k, n_sims).transpose(1, 0, 2).reshape(k, -1)
        lo, hi = np.quantile(values, [lo_q, hi_q], axis=1)
        return est, lo, hi

    mean_basis = (n_cell @ X)[1 + (len(levels) - 1 if use_groups else 0):] / total if use_time else np.zeros(0)
    mean_dummies = (n_cell @ X)[1 : len(levels)] / total if use_groups else np.zeros(0)

    by_group = pd.DataFrame(columns=_GROUP_COLUMNS)
    if use_groups:
        vectors = {}
        for lv in levels:
            vectors[lv] = np.array([1.0, *[1.0 if lv == other else 0.0 for other in levels[1:]], *mean_basis])
        level_sizes = {lv: sum(sizes[g] for g in names if level_of[g] == lv) for lv in levels}
        rows = []
        for g in compared:
            others = [lv for lv in levels if lv != g]
            weights = np.array([level_sizes[lv] for lv in others])
            rest = sum(w * vectors[lv] for w, lv in zip(weights, others)) / weights.sum()
            est, lo, hi = summarise(vectors[g])
            rest_est, _, _ = summarise(rest)
            diff, dlo, dhi = summarise(vectors[g] - rest)
            for t in range(k):
                rows.append({"topic": topics[t], "group": g, "documents": int(sizes[g]), "prevalence": est[t], "ci_low": lo[t],
                             "ci_high": hi[t], "rest": rest_est[t], "difference": diff[t], "diff_low": dlo[t], "diff_high": dhi[t]})
        by_group = round_sig(pd.DataFrame(rows))
        by_group["differs"] = (by_group.diff_low > 0) | (by_group.diff_high < 0)
        by_group = by_group.sort_values("topic", key=lambda s: s.map({t: i for i, t in enumerate(topics)}), kind="stable")
        by_group = by_group[_GROUP_COLUMNS].reset_index(drop=True)

    over_time = pd.DataFrame(columns=_TIME_COLUMNS)
    trends = pd.DataFrame(columns=_TREND_COLUMNS)
    period_word = "period"
    if use_time:
        period_word = axis.period
        periods = axis.periods
        per_period_n = np.zeros(len(grid))
        per_period_s = np.zeros((len(grid), k))
        for (g, p), n, s in zip(keys, n_cell, s1):
            per_period_n[int(p)] += n
            per_period_s[int(p)] += s.mean(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            observed = per_period_s / per_period_n[:, None]
        observed[per_period_n == 0] = np.nan
        first, last = int(used.min()), int(used.max())
        vectors = {int(p): np.array([1.0, *mean_dummies, *basis[int(p)]]) for p in range(first, last + 1)}
        rows = []
        curve = {}
        for p, a in vectors.items():
            curve[p] = summarise(a)
        for t in range(k):
            for p in range(first, last + 1):
                est, lo, hi = curve[p]
                rows.append({"topic": topics[t], "period": periods.period.iloc[p], "start": periods.start.iloc[p],
                             "documents": int(per_period_n[p]), "prevalence": est[t], "ci_low": lo[t], "ci_high": hi[t],
                             "observed": observed[p, t]})
        over_time = round_sig(pd.DataFrame(rows, columns=_TIME_COLUMNS))
        # The linear trend: the least-squares line through the smooth, each period weighted by its documents
        # (the same slope as a regression of the shares on time alone: the smooth's space holds the line).
        ts = np.arange(first, last + 1, dtype=np.float64)
        w = per_period_n[first : last + 1]
        centre = float((w * ts).sum() / w.sum())
        lever = w * (ts - centre) / float((w * (ts - centre) ** 2).sum())
        slope_vector = sum(d * vectors[int(p)] for d, p in zip(lever, ts))
        mean_vector = sum(wp * vectors[int(p)] for wp, p in zip(w, ts)) / w.sum()
        span = last - first
        change, clo, chi = summarise(slope_vector * span)
        level_mean, _, _ = summarise(mean_vector)
        share = s1.sum(axis=0).mean(axis=0) / total
        trends = round_sig(pd.DataFrame({"topic": topics, "first": level_mean - change * (centre - first) / span,
                                         "last": level_mean + change * (last - centre) / span, "change": change,
                                         "ci_low": clo, "ci_high": chi, "share": share}))
        trends["trend"] = np.where(trends.ci_low > 0, "rising", np.where(trends.ci_high < 0, "falling", "no clear trend"))
        trends = rank_trends(trends, "change", label="topic")

    terms = ["group"] if use_groups else []
    if use_time:
        terms.append(f"s({period_word}, df = {basis.shape[1]})" if basis.shape[1] > 1 else period_word)
    formula = "prevalence ~ " + " + ".join(terms)
    how = ("one topic per document drawn from its posterior" if counts.kind in ONE_TOPIC_KINDS
           else f"proportions drawn from Dirichlet(topic counts + {FLAT_PRIOR})" if counts.prior == "flat"
           else "proportions drawn from Dirichlet(topic counts + the model's alpha)")
    message = (f"{formula}: least squares on {draws} draws of the {counts.kind.upper()} model's document-topic shares ({how}), "
               f"{n_sims} coefficient draws from each (robust HC1): {level:.0%} intervals from {draws * n_sims:,} simulations; "
               f"{int(total):,} documents{left_text}.")
    if notes:
        message += " " + "; ".join(n[0].upper() + n[1:] for n in notes) + "."
    return Effects(by_group, over_time, trends, formula, message, int(total), dict(counts.left_out))


def _no_effects(message: str, counts: EffectCounts) -> Effects:
    return Effects(pd.DataFrame(columns=_GROUP_COLUMNS), pd.DataFrame(columns=_TIME_COLUMNS), pd.DataFrame(columns=_TREND_COLUMNS),
                   "", message, counts.documents, dict(counts.left_out))


def topic_effects(
    model,
    *,
    groups: Sequence | None = None,
    axis=None,
    n_draws: int = 50,
    n_sims: int = 20,
    time_df: int | None = None,
    level: float = 0.95,
    min_docs: int = 5,
    prior: Literal["flat", "model"] = "flat",
    random_state: int = 0,
) -> Effects:
    """Effects of groups and time on the topics of a fitted model: :func:`count_effects` on one shard, then :func:`estimate_effects`.

    Parameters
    ----------
    model : TopicModel
        The fitted model (:mod:`textkit.analysis.topics`), its rows in the
        order of the documents.  Its ``doc_topic_counts``, ``alpha`` and
        ``kind`` are used where it has them; otherwise ``doc_topic x
        doc_lengths``, 0.1 and ``lda``.
    groups : sequence, optional
        Each document's group (the document table's ``group``).
    axis : TimeAxis, optional
        :func:`textkit.analysis.timeline.time_axis` of the documents' dates;
        give it only when the axis is ``usable``.
    n_draws, n_sims, time_df, level, min_docs, prior, random_state
        As in :func:`count_effects` and :func:`estimate_effects`.

    Returns
    -------
    Effects
    """
    counts = getattr(model, "doc_topic_counts", None)
    if counts is None:
        counts = np.asarray(model.doc_topic, dtype=np.float64) * np.asarray(model.doc_lengths, dtype=np.float64)[:, None]
    alpha = getattr(model, "alpha", None)
    alpha = np.full(model.num_topics, 0.1) if alpha is None else np.asarray(alpha, dtype=np.float64)
    kind = getattr(model, "kind", "lda")
    n = len(counts)
    if axis is not None and axis.documents != n:
        raise ParameterError(f"the time axis has {axis.documents} documents, the model {n}")
    order = list(dict.fromkeys(str(g) for g in groups)) if groups is not None else None
    partial = count_effects(counts, alpha=alpha, keys=range(n), kind=kind, groups=groups,
                            periods=None if axis is None else axis.index.to_numpy(), n_draws=n_draws, prior=prior,
                            random_state=random_state)
    return estimate_effects(partial, axis=axis, group_order=order, time_df=time_df, level=level, n_sims=n_sims, min_docs=min_docs,
                            random_state=random_state)
