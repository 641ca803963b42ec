"""A reduction tree whose shape depends on the number of partials only.

Partial counts come back from the shards in any order and are merged into
one total.  Integer counts merge to the same total in any order; float sums
do not (``(a + b) + c`` and ``a + (b + c)`` can differ in the last bit).
:class:`TreeReducer` therefore merges in a fixed shape, decided by the shard
index alone: partials are pushed in shard order, and two neighbouring blocks
of the same size are merged as soon as both exist (a binary counter).  The
shape is the same whatever ran the shards (this process, local worker
processes, a Dask cluster) and however many workers there were, so a float
total is the same bit for bit.

The same class builds the tree over values (merged here, at once) and over
Dask futures (``combine`` submits a merge task: the tree runs on the
workers, and only its root comes back).

Examples
--------
>>> reducer = TreeReducer(lambda a, b: f"({a}+{b})")
>>> for part in "abcde":
...     reducer.push(part)
>>> reducer.result()
'(((a+b)+(c+d))+e)'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

__all__ = ["TreeReducer", "tree_reduce"]

T = TypeVar("T")


class TreeReducer(Generic[T]):
    """Merge partials pushed in shard order, in a shape fixed by their number.

    Parameters
    ----------
    combine : callable
        ``combine(left, right)`` merges two partials (or submits their
        merge and returns a future); ``left`` always holds the earlier shards.

    Notes
    -----
    Holds at most ``log2(n) + 1`` partials at a time.  After ``n`` pushes the
    shape is that of :func:`tree_reduce` on the same ``n`` items.
    """

    def __init__(self, combine: Callable[[T, T], T]):
        self.combine = combine
        self._stack: list[tuple[int, T]] = []
        self.pushed = 0

    def push(self, item: T) -> None:
        """Add the partial of the next shard (shards must come in index order)."""
        self._stack.append((1, item))
        self.pushed += 1
        while len(self._stack) >= 2 and self._stack[-1][0] == self._stack[-2][0]:
            size, right = self._stack.pop()
            _, left = self._stack.pop()
            self._stack.append((2 * size, self.combine(left, right)))

    def result(self, empty: Any = None) -> T:
        """The total: the blocks left over merged right to left; ``empty`` when nothing was pushed."""
        if not self._stack:
            return empty
        size, right = self._stack.pop()
        while self._stack:
            other, left = self._stack.pop()
            right = self.combine(left, right)
            size += other
        self._stack.append((size, right))
        return right


def tree_reduce(items: Iterable[T], combine: Callable[[T, T], T], empty: Any = None) -> T:
    """Reduce ``items`` (in order) with :class:`TreeReducer`.

    Examples
    --------
    >>> tree_reduce([1, 2, 3, 4, 5, 6, 7], lambda a, b: a + b)
    28
    >>> tree_reduce([], lambda a, b: a + b, empty=0)
    0
    """
    reducer = TreeReducer(combine)
    for item in items:
        reducer.push(item)
    return reducer.result(empty)
