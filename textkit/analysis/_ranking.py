"""Rankings and rounding that do not depend on the last bit of a float.

Floats computed on another machine can differ in their last bits: numpy's
BLAS picks a kernel per CPU, numpy and tomotopy pick SIMD code per CPU, and
a sum taken in another order rounds differently.  Two things then change
what textkit writes: values that are equal in exact arithmetic (two terms
seen in the same documents) come out unequal, so ties are ordered by
noise; and a value written or drawn with all its digits shows the noise.

So every value that textkit ranks, writes or plots goes through here:

* :func:`round_sig` rounds to :data:`DIGITS` significant digits (coordinates,
  whose small values are noise around zero, go through :func:`round_to_scale`);
* :func:`top_n` ranks by the rounded weight and breaks ties by a label (the
  term), never by position in memory or by an unstable sort;
  :func:`top_series` does the same for a labelled Series or a mapping.

Later features that rank (keyness per group, trends) should use these two.

Notes
-----
Six significant digits: float64 noise is about 1e-16 relative (gensim LDA
trained in float64 on two OpenBLAS kernels differs by at most 2e-15), so a
value lands within the noise of a rounding boundary with a chance of about
1e-9; and the tables have always been written with ``%.6g``, so nothing
visible is lost.  Rounding is exact arithmetic (a multiplication by an
exact power of ten, ``rint``, a division), the same on every machine; the
decimal exponent is estimated with ``log10`` and then checked against exact
powers of ten, so a different ``log10`` cannot change it.

Examples
--------
>>> weights = np.array([0.0283176, 0.0283176 + 1e-17, 0.05])
>>> [["推進", "合作", "創新"][i] for i in top_n(weights, ["推進", "合作", "創新"])]
['創新', '合作', '推進']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = ["DIGITS", "round_sig", "round_to_scale", "top_n", "top_series"]

DIGITS = 6
"""Significant digits kept in every value that textkit ranks, writes or plots."""

# Powers of ten as the nearest doubles (Python's parser rounds correctly), 1e-330 … 1e330.
_LOW = 330
_POW10 = np.array([float(f"1e{k}") for k in range(-_LOW, _LOW + 1)])


def _exponent(magnitude: np.ndarray) -> np.ndarray:
    """floor(log10(m)) for positive finite ``m``, exact (checked against the powers of ten)."""
    e = np.floor(np.log10(magnitude)).astype(np.int64)
    e += magnitude >= _POW10[e + 1 + _LOW]
    e -= magnitude < _POW10[e + _LOW]
    return e


def _quantize(values: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """``values`` rounded to ``shift`` decimal places (per element), by exact operations where possible."""
    out = np.empty_like(values)
    up = (shift >= 0) & (shift <= 22)  # 10**shift is exact up to 1e22
    down = (shift < 0) & (shift >= -22)
    if up.any():
        p = _POW10[shift[up] + _LOW]
        out[up] = np.rint(values[up] * p) / p
    if down.any():
        p = _POW10[-shift[down] + _LOW]
        out[down] = np.rint(values[down] / p) * p
    rest = ~(up | down)
    if rest.any():  # very small or very large: exact decimal arithmetic, correctly rounded back
        out[rest] = [float(round(Decimal(float(v)), int(s))) for v, s in zip(values[rest], shift[rest])]
    return out


def _round_array(x: np.ndarray, digits: int) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind != "f":
        return x
    x = x.astype(np.float64, copy=False)
    out = x.copy()
    mask = np.isfinite(x) & (x != 0)
    if mask.any():
        v = x[mask]
        out[mask] = _quantize(v, digits - 1 - _exponent(np.abs(v)))
    return out + 0.0  # -0.0 -> 0.0


def round_sig(x: Any, digits: int = DIGITS) -> Any:
    """Round floats to ``digits`` significant digits, the same on every machine.

    Parameters
    ----------
    x : float, ndarray, Series, DataFrame, scipy.sparse matrix or mapping
        Only floating-point values change: integers, strings, NaN and
        infinities pass through; a DataFrame has its float columns rounded,
        a sparse matrix its stored values, a mapping its float values.
    digits : int, default DIGITS (6)

    Returns
    -------
    The same kind of object (a copy); ``-0.0`` becomes ``0.0``.

    Notes
    -----
    Round *before* ranking, writing or plotting: then a last-bit difference
    changes nothing, unless a value sits within that difference of a
    rounding boundary (a chance of about 1e-9 per value for float64 noise).

    Examples
    --------
    >>> round_sig(0.028317612345), round_sig(-3.63219e-7 * (1 + 1e-12))
    (0.0283176, -3.63219e-07)
    >>> round_sig(pd.Series({"推進": 2 / 3, "合作": 7})).to_dict()
    {'推進': 0.666667, '合作': 7.0}
    """
    if isinstance(x, pd.DataFrame):
        out = x.copy()
        for col in out.columns[[dt.kind == "f" for dt in out.dtypes]]:
            out[col] = _round_array(out[col].to_numpy(), digits)
        return out
    if isinstance(x, pd.Series):
        return x.copy() if x.dtype.kind != "f" else pd.Series(_round_array(x.to_numpy(), digits), index=x.index, name=x.name)
    if sparse.issparse(x):
        out = x.copy()
        out.data = _round_array(out.data, digits)
        return out
    if isinstance(x, Mapping):
        return {k: round_sig(v, digits) for k, v in x.items()}
    if isinstance(x, (float, np.floating)):
        return float(_round_array(np.array([x], dtype=np.float64), digits)[0])
    if isinstance(x, np.ndarray):
        return _round_array(x, digits)
    return x


def round_to_scale(x: Any, digits: int = DIGITS) -> np.ndarray:
    """Round every value to the decimal place of ``digits`` significant digits of the largest one.

    For coordinates (PCoA axes, network layouts), where a value near zero is
    noise around an exact zero: ``round_sig`` would keep the noise's digits,
    this rounds it to 0.

    Examples
    --------
    >>> round_to_scale(np.array([0.7071067811865476, -3e-17, 0.25])).tolist()
    [0.707107, 0.0, 0.25]
    """
    x = np.asarray(x, dtype=np.float64)
    finite = np.abs(x[np.isfinite(x)])
    # The scale rounded first: a layout scaled to exactly 1 may come out as 0.999…9 elsewhere.
    top = round_sig(float(finite.max())) if finite.size else 0.0
    if top == 0:
        return x + 0.0
    shift = np.full(x.shape, digits - 1 - int(_exponent(np.array([top]))[0]))
    out = x.copy()
    ok = np.isfinite(x)
    out[ok] = _quantize(x[ok], shift[ok])
    return out + 0.0


def _key(labels: Sequence[Any]) -> np.ndarray:
    key = np.asarray(labels)
    if key.dtype.kind == "O":  # strings held as objects (pandas): compare as text
        key = np.asarray([str(v) for v in key])
    return key


def top_n(weights: Sequence[float], labels: Sequence[Any], *more_labels: Sequence[Any], n: int | None = None, ascending: bool = False) -> np.ndarray:
    """Positions of the ``n`` largest weights, ties broken by ``labels`` (then ``more_labels``).

    The one ranking helper of textkit: topic terms, keywords, keyness,
    co-occurrence edges, centrality and model selection all rank through it.

    Parameters
    ----------
    weights : sequence of float
        Rounded with :func:`round_sig` before ranking, so weights equal to
        six significant digits tie.
    labels, *more_labels : sequences as long as ``weights``
        Tie-breakers, compared in turn, ascending (terms: by code point).
        Give a key that makes the order total, such as the term.
    n : int, optional
        How many positions to return (all by default).
    ascending : bool, default False
        Smallest weights first instead (ties still by ``labels`` ascending).

    Returns
    -------
    ndarray of int
        Positions into ``weights``; NaN weights come last.

    Examples
    --------
    >>> terms = ["推進", "合作", "創新", "海澱"]
    >>> [terms[i] for i in top_n([0.0283176, 0.0283176, 0.05, 0.01], terms, n=3)]
    ['創新', '合作', '推進']
    """
    w = round_sig(np.asarray(weights, dtype=np.float64))
    keys = [_key(k) for k in (labels, *more_labels)]
    if any(len(k) != len(w) for k in keys):
        raise ValueError("top_n: weights and labels must have the same length")
    order = np.lexsort((*reversed(keys), w if ascending else -w))
    return order if n is None else order[: max(int(n), 0)]


def top_series(weights: pd.Series | Mapping[Any, float], n: int | None = None, *, ascending: bool = False, name: str | None = None) -> pd.Series:
    """A labelled ranking: the ``n`` largest values, rounded, ties broken by the label.

    Parameters
    ----------
    weights : Series or mapping of label -> number
    n : int, optional
    ascending : bool, default False
    name : str, optional
        Name of the result (default: the Series' name).

    Examples
    --------
    >>> top_series({"合作": 3, "推進": 3, "創新": 5}, 2).to_dict()
    {'創新': 5, '合作': 3}
    """
    s = weights if isinstance(weights, pd.Series) else pd.Series(dict(weights))
    if s.empty:
        return pd.Series(dtype=s.dtype if isinstance(weights, pd.Series) else float, name=name or s.name)
    order = top_n(s.to_numpy(dtype=np.float64), s.index.to_numpy(), n=n, ascending=ascending)
    out = round_sig(s.iloc[order])
    out.name = name or s.name
    return out
