"""Bootstrap over documents: intervals for shares and rates that documents cluster.

Tokens come in documents, and documents differ (one post repeats a word ten
times, the next never uses it), so a word's relative frequency or a topic's
prevalence varies more than a count of independent tokens would say.
Resampling whole documents keeps that: each bootstrap replicate draws the
documents of a group (or period) with replacement, and the statistic is the
ratio of sums, ``sum(numerator) / sum(denominator)`` over the drawn
documents (a word's count over the tokens; a topic's share over the count
of documents).

The replicate weights are multinomial counts drawn by numpy's PCG64
generator, seeded by ``random_state`` and the label (CRC-32 of its text),
so a group's interval does not depend on which other groups exist or in
which order they come, and is the same on every machine.

Examples
--------
>>> num = np.array([[1.0], [0.0], [1.0], [1.0]])
>>> out = ratio_intervals(num, np.ones(4), np.array(["甲", "甲", "乙", "乙"]), n_boot=200)
>>> out[["label", "documents", "estimate"]].values.tolist()
[['甲', 2, 0.5], ['乙', 2, 1.0]]
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from textkit.errors import ParameterError

# Largest number of multinomial weights drawn at once (replicates x documents): about 40 MB of int64.
_CHUNK = 5_000_000


def _rng(random_state: int, label) -> np.random.Generator:
    return np.random.default_rng([int(random_state), zlib.crc32(str(label).encode("utf-8"))])


def check_level(level: float, n_boot: int) -> None:
    if not 0 < level < 1:
        raise ParameterError(f"level must be between 0 and 1, e.g. 0.95 (got {level!r})")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ParameterError(f"n_boot must be a whole number of at least 100 replicates (got {n_boot!r})")


def replicates(numerator, denominator: np.ndarray, *, n_boot: int, rng: np.random.Generator,
               weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap replicates of the column sums of ``numerator`` (n x k) and of the sum of ``denominator`` (n).

    ``weights`` (whole numbers): row ``i`` stands for ``weights[i]``
    identical documents; the replicate draws ``sum(weights)`` documents,
    row ``i`` with probability ``weights[i] / sum(weights)`` (the same
    distribution as drawing among the documents written out).

    Returns ``(num, den)`` of shapes (n_boot, k) and (n_boot,).
    """
    rows = numerator.shape[0]
    if weights is None:
        n, p = rows, np.full(rows, 1.0 / max(rows, 1))
    else:
        weights = np.asarray(weights, dtype=np.int64)
        n = int(weights.sum())
        p = weights / n
    step = max(1, _CHUNK // max(rows, 1))
    nums, dens = [], []
    for start in range(0, n_boot, step):
        w = rng.multinomial(n, p, size=min(step, n_boot - start)).astype(np.float64)
        nums.append(np.asarray(numerator.T @ w.T).T if sparse.issparse(numerator) else w @ numerator)
        dens.append(w @ denominator)
    return np.vstack(nums), np.concatenate(dens)


def ratio_intervals(
    numerator,
    denominator: np.ndarray,
    labels: Sequence,
    *,
    n_boot: int = 1000,
    level: float = 0.95,
    min_docs: int = 1,
    random_state: int = 0,
    columns: Sequence[str] | None = None,
    order: Sequence | None = None,
    rest: bool = False,
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    """Ratio of sums per label with percentile bootstrap intervals over documents.

    Parameters
    ----------
    numerator : ndarray or sparse matrix, n x k
        Per document: a topic's share, a word's count.
    denominator : ndarray, n
        Per document: 1 (for a mean), its number of tokens (for a rate).
    labels : sequence, n
        The group or period of each document; ``None``/NaN leaves it out.
    n_boot, level, random_state
        Replicates, interval level, seed.
    min_docs : int
        Labels with fewer documents get the estimate but no interval (NaN).
    columns : sequence of str, optional
        Names of the k columns (default ``0 … k-1``).
    order : sequence, optional
        Labels to report, in this order (default: in order of first appearance).
        A label without documents gets a row with ``documents`` = 0.
    rest : bool, default False
        Also the same ratio over every other document (``rest``,
        ``rest_low``, ``rest_high``) and the difference ``estimate - rest``
        with its interval (``difference``, ``diff_low``, ``diff_high``):
        the two are resampled independently.
    weights : ndarray of int, n, optional
        Each row stands for this many identical documents (distinct rows
        counted per shard: :class:`textkit.analysis.timeline.DocumentPatterns`);
        ``documents`` counts them.  Not with ``rest``.

    Returns
    -------
    DataFrame
        One row per label and column: ``label, column, documents,
        estimate, ci_low, ci_high`` (and the ``rest`` columns).
    """
    check_level(level, n_boot)
    labels = pd.Series([v.item() if isinstance(v, np.generic) else v for v in labels], dtype=object)
    known = labels.notna().to_numpy()
    names = list(order) if order is not None else list(dict.fromkeys(labels[known].tolist()))
    numerator = sparse.csr_matrix(numerator, dtype=np.float64) if sparse.issparse(numerator) else np.asarray(numerator, dtype=np.float64)
    if numerator.ndim == 1:
        numerator = numerator[:, None]
    denominator = np.asarray(denominator, dtype=np.float64)
    k = numerator.shape[1]
    if weights is not None:
        if rest:
            raise ParameterError("weights and rest cannot be combined")
        weights = np.asarray(weights, dtype=np.int64)
    columns = list(columns) if columns is not None else list(range(k))
    alpha = (1 - level) / 2
    rows = []
    values = labels.to_numpy()
    for name in names:
        mask = known & (values == name)
        n = int(mask.sum()) if weights is None else int(weights[mask].sum())
        out = {"estimate": np.full(k, np.nan), "ci_low": np.full(k, np.nan), "ci_high": np.full(k, np.nan)}
        if rest:
            out |= {key: np.full(k, np.nan) for key in ("rest", "rest_low", "rest_high", "difference", "diff_low", "diff_high")}
        if n:
            num, den = numerator[mask], denominator[mask]
            w = None if weights is None else weights[mask]
            if w is None:
                total = den.sum()
                out["estimate"] = np.asarray(num.sum(axis=0)).ravel() / total if total > 0 else np.full(k, np.nan)
            else:
                total = w @ den
                out["estimate"] = np.asarray(num.T @ w).ravel() / total if total > 0 else np.full(k, np.nan)
            boot = None
            if n >= min_docs and total > 0:
                rng = _rng(random_state, name)
                bn, bd = replicates(num, den, n_boot=n_boot, rng=rng, weights=w)
                with np.errstate(invalid="ignore", divide="ignore"):
                    boot = bn / bd[:, None]
                out["ci_low"], out["ci_high"] = np.nanquantile(boot, [alpha, 1 - alpha], axis=0)
            if rest:
                other = known & ~mask
                onum, oden = numerator[other], denominator[other]
                if other.sum() and oden.sum() > 0:
                    out["rest"] = np.asarray(onum.sum(axis=0)).ravel() / oden.sum()
                    out["difference"] = out["estimate"] - out["rest"]
                    if boot is not None and other.sum() >= min_docs:
                        bn, bd = replicates(onum, oden, n_boot=n_boot, rng=_rng(random_state, ("rest", name)))
                        with np.errstate(invalid="ignore", divide="ignore"):
                            rest_boot = bn / bd[:, None]
                        out["rest_low"], out["rest_high"] = np.nanquantile(rest_boot, [alpha, 1 - alpha], axis=0)
                        out["diff_low"], out["diff_high"] = np.nanquantile(boot - rest_boot, [alpha, 1 - alpha], axis=0)
        for j, col in enumerate(columns):
            rows.append({"label": name, "column": col, "documents": n, **{key: float(v[j]) for key, v in out.items()}})
    keys = ["estimate", "ci_low", "ci_high"] + (["rest", "rest_low", "rest_high", "difference", "diff_low", "diff_high"] if rest else [])
    return pd.DataFrame(rows, columns=["label", "column", "documents", *keys])
