"""Many 2x2 contingency tables at once: what keyness and co-occurrence both measure.

A table is given by its four cells as arrays (one entry per term or pair)::

            col 1   col 2
    row 1   n11     n12
    row 2   n21     n22
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def two_by_two(n11, n12, n21, n22) -> dict[str, np.ndarray]:
    """Expected counts of ``n11``, log-likelihood G², Pearson chi², and p and BH q of G².

    G² = 2 Σ O ln(O / E) over the four cells (0 ln 0 = 0); chi² = Σ (O - E)² / E;
    ``p`` from chi-squared with 1 degree of freedom, ``q`` by Benjamini–Hochberg.

    Examples
    --------
    >>> out = two_by_two(*[np.array([x], dtype=float) for x in (10, 10, 10, 10)])
    >>> float(out["g2"][0]), float(out["expected"][0])
    (0.0, 10.0)
    """
    cells = np.stack([n11, n12, n21, n22]).astype(float)
    r1, r2 = cells[0] + cells[1], cells[2] + cells[3]
    c1, c2 = cells[0] + cells[2], cells[1] + cells[3]
    n = r1 + r2
    exp = np.stack([r1 * c1, r1 * c2, r2 * c1, r2 * c2]) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * np.where(cells > 0, cells * np.log(cells / exp), 0.0).sum(axis=0)
        chi2 = ((cells - exp) ** 2 / exp).sum(axis=0)
    p = stats.chi2.sf(g2, df=1)
    q = stats.false_discovery_control(p) if len(p) else p
    return {"expected": exp[0], "g2": g2, "chi2": chi2, "p": p, "q": q}
