"""Counts in one pass per shard, merged in a tree, filtered once: what every analysis derives from.

:func:`count_terms` reads one part of the corpus store (an Arrow table:
tokens as integer ids plus a vocabulary, never Python lists) and counts,
with numpy, in one pass:

* the vocabulary, each term's frequency and its document frequency;
* group x term (token counts, documents and tokens per group);
* time unit x term, where the unit is a day (a corpus spanning less than a
  year: day and week periods roll up from it) or a month (longer spans:
  month, quarter, year), chosen from the whole span before counting;
  :meth:`Counts.by_period` rolls the units up to the period;
* window co-occurrence: unordered pairs of different terms at most
  ``window - 1`` tokens apart inside a sentence (the counts of
  ``textkit.analysis.cooccur.count_cooccurrence`` with ``min_freq=1``:
  restricting to frequent terms later gives exactly its counts for a
  higher ``min_freq``).

The document x term matrix is per document, so it is not reduced:
:func:`document_term` builds a shard's rows on demand, against any
vocabulary, in one vectorised pass.

:class:`TermCounts` partials merge exactly (integer sums: associative and
commutative).  One pruning rule keeps a huge corpus's pairs in bounds:
when a merged partial holds more than ``max_pairs`` distinct pairs, the
pairs with the lowest counts are dropped (every pair counted ``c`` times
or fewer, for the smallest ``c`` that leaves at most half of
``max_pairs``), and the partial records how many pairs and occurrences
were dropped and the most any kept pair can lack (``pair_undercount``,
the sum of those ``c``).  The default (20 million pairs, about 400 MB
while merging) is not reached below about 10^8 characters.  Filtering by
document frequency or frequency (:meth:`Counts.vocabulary`) happens once,
on the reduced totals.

Examples
--------
>>> import pyarrow as pa
>>> part = pa.table({"tokens": pa.array([["科技", "創新", "科技"], ["創新"]], type=pa.list_(pa.string())),
...                  "sentence_lengths": pa.array([[3], [1]], type=pa.list_(pa.int32())),
...                  "group": ["a", "b"]})
>>> c = count_terms(part)
>>> c.terms.to_pylist(), c.frequency.tolist(), c.documents.tolist()
(['創新', '科技'], [2, 2], [2, 1])
>>> c.pairs.toarray().tolist()
[[0, 2], [0, 0]]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from textkit.errors import ParameterError

__all__ = ["TermCounts", "Counts", "count_terms", "document_term", "time_unit_for", "MAX_PAIRS"]

MAX_PAIRS = 20_000_000
"""Distinct co-occurring pairs a partial holds before its rarest are pruned."""

PAIRS_ROW_GROUP = 1 << 20
"""Pairs per row group of ``pairs.parquet``: :meth:`Counts.pairs` reads one at a time."""

TimeUnit = Literal["day", "month"]
_DAY_US = 86_400_000_000


def time_unit_for(first: str | pd.Timestamp | None, last: str | pd.Timestamp | None) -> TimeUnit:
    """The unit dates are counted in: ``day`` when the span is under 366 days (day and week periods), else ``month``.

    Examples
    --------
    >>> time_unit_for("2020-01-01", "2020-05-31"), time_unit_for("2011-01-01", "2020-12-31")
    ('day', 'month')
    """
    if first is None or last is None:
        return "day"
    return "day" if (pd.Timestamp(last) - pd.Timestamp(first)).days < 366 else "month"


def _units(dates, unit: TimeUnit) -> np.ndarray:
    """Unit codes (days or months since 1970) of an Arrow timestamp column; -1 where there is no date."""
    import pyarrow as pa

    if isinstance(dates, pa.ChunkedArray):
        dates = dates.combine_chunks()
    micros = dates.cast(pa.timestamp("us")).cast(pa.int64()).fill_null(np.iinfo(np.int64).min).to_numpy()
    missing = micros == np.iinfo(np.int64).min
    days = np.floor_divide(micros, _DAY_US)
    if unit == "day":
        codes = days
    else:
        d = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        codes = d
    codes = codes.astype(np.int64)
    codes[missing] = -1
    return codes


def _token_ids(tokens):
    """``(ids, vocabulary, doc_of_token)`` for a ``list<string>`` (or ``list<dictionary>``) column: ids index the sorted vocabulary."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(tokens, pa.ChunkedArray):
        tokens = pa.chunked_array(tokens.chunks, type=tokens.type).unify_dictionaries().combine_chunks() \
            if pa.types.is_dictionary(tokens.type.value_type) else tokens.combine_chunks()
    doc = pc.list_parent_indices(tokens).to_numpy().astype(np.int64) if len(tokens) else np.zeros(0, np.int64)
    values = tokens.flatten()
    if not pa.types.is_dictionary(values.type):
        values = pc.dictionary_encode(values)
    dictionary = values.dictionary
    indices = values.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    if len(dictionary) == 0:
        return np.zeros(0, np.int64), pa.array([], type=pa.string()), doc
    order = pc.array_sort_indices(dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    used = np.zeros(len(order), dtype=bool)
    used[rank[indices]] = True
    if not used.all():  # a dictionary with entries no token uses: number the used ones only
        compact = np.cumsum(used) - 1  # position in sorted order -> id
        return compact[rank[indices]], dictionary.take(pa.array(order[np.flatnonzero(used)])).cast(pa.string()), doc
    return rank[indices], dictionary.take(pa.array(order)).cast(pa.string()), doc


def _labels(column) -> tuple[list[str], np.ndarray]:
    """Sorted distinct labels of a string column and each row's code."""
    values = [("" if v is None else str(v)) for v in column.to_pylist()]
    names = sorted(set(values))
    code = {g: i for i, g in enumerate(names)}
    return names, np.array([code[v] for v in values], dtype=np.int64)


def _csr(rows: np.ndarray, cols: np.ndarray, data: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    m = sparse.csr_matrix((data.astype(np.int64), (rows.astype(np.int64), cols.astype(np.int64))), shape=shape)
    m.sum_duplicates()
    m.sort_indices()
    return m


def _remap(m: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """``m`` with row ``i`` moved to ``rows[i]`` and column ``j`` to ``cols[j]``, both maps increasing.

    Increasing maps keep the matrix canonical (sorted indices, no duplicates),
    so it is rebuilt from its own arrays without a sort, and two of them add
    by scipy's linear merge: a merge of pair counts costs a few bytes per
    pair, not a sort of every pair again.
    """
    index = np.int32 if max(shape) < 2**31 - 1 and m.nnz < 2**31 - 1 else np.int64
    indptr = np.zeros(shape[0] + 1, dtype=index)
    indptr[np.asarray(rows, dtype=np.int64) + 1] = np.diff(m.indptr)
    np.cumsum(indptr, out=indptr)
    indices = np.asarray(cols, dtype=index)[m.indices] if m.nnz else np.zeros(0, dtype=index)
    return sparse.csr_matrix((m.data, indices, indptr), shape=shape)


def _empty(shape: tuple[int, int]) -> sparse.csr_matrix:
    return sparse.csr_matrix(shape, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class TermCounts:
    """The counts of one or more shards (a partial), over their own sorted vocabulary.

    Attributes
    ----------
    terms : pyarrow.StringArray
        Sorted (code-point order, as Python's ``sorted``), distinct.
    frequency, documents : ndarray of int64
        Per term: tokens, and documents that hold it.
    groups : list of str
        Sorted group labels.
    group_terms : csr_matrix (groups x terms)
    group_documents, group_tokens : ndarray of int64
    units : ndarray of int64
        Sorted unit codes (days or months since 1970-01).
    unit_terms : csr_matrix (units x terms)
    unit_documents, unit_tokens : ndarray of int64
    pairs : csr_matrix (terms x terms)
        Upper triangle: ``pairs[a, b]`` (``a < b``) counts a and b at most
        ``window - 1`` tokens apart in a sentence, in either order.
    n_documents, n_tokens, undated : int
    window : int
    unit : {"day", "month"}
    max_pairs : int
    pairs_pruned, pair_occurrences_pruned, pair_undercount : int
        What pruning dropped (see the module).
    """

    terms: object
    frequency: np.ndarray
    documents: np.ndarray
    groups: list
    group_terms: sparse.csr_matrix
    group_documents: np.ndarray
    group_tokens: np.ndarray
    units: np.ndarray
    unit_terms: sparse.csr_matrix
    unit_documents: np.ndarray
    unit_tokens: np.ndarray
    pairs: sparse.csr_matrix
    n_documents: int
    n_tokens: int
    undated: int
    window: int
    unit: str
    max_pairs: int = MAX_PAIRS
    pairs_pruned: int = 0
    pair_occurrences_pruned: int = 0
    pair_undercount: int = 0

    def __len__(self) -> int:
        return len(self.frequency)

    def merge(self, other: TermCounts) -> TermCounts:
        """The sum of two partials, over the union of their vocabularies (exact, then pruned as the module says)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if (self.window, self.unit) != (other.window, other.unit):
            raise ValueError("cannot merge counts made with different window or time unit")
        both = pc.unique(pa.concat_arrays([self.terms, other.terms]))
        terms = both.take(pc.array_sort_indices(both))
        V = len(terms)
        ma = pc.index_in(self.terms, value_set=terms).to_numpy(zero_copy_only=False).astype(np.int64)
        mb = pc.index_in(other.terms, value_set=terms).to_numpy(zero_copy_only=False).astype(np.int64)

        def vector(a, b, ia, ib, n):
            out = np.zeros(n, dtype=np.int64)
            out[ia] += a
            out[ib] += b
            return out

        groups = sorted(set(self.groups) | set(other.groups))
        gpos = {g: i for i, g in enumerate(groups)}
        ga = np.array([gpos[g] for g in self.groups], dtype=np.int64)
        gb = np.array([gpos[g] for g in other.groups], dtype=np.int64)
        units = np.union1d(self.units, other.units).astype(np.int64)
        ua = np.searchsorted(units, self.units)
        ub = np.searchsorted(units, other.units)

        def matrix(a: sparse.csr_matrix, b: sparse.csr_matrix, ra, rb, nrows) -> sparse.csr_matrix:
            return _remap(a, ra, ma, (nrows, V)) + _remap(b, rb, mb, (nrows, V))

        pairs = _remap(self.pairs, ma, ma, (V, V)) + _remap(other.pairs, mb, mb, (V, V))
        limit = min(self.max_pairs, other.max_pairs)
        pruned = self.pairs_pruned + other.pairs_pruned
        occurrences = self.pair_occurrences_pruned + other.pair_occurrences_pruned
        undercount = self.pair_undercount + other.pair_undercount
        if pairs.nnz > limit:
            c = _prune_level(pairs.data, limit // 2)
            drop = pairs.data <= c
            pruned += int(drop.sum())
            occurrences += int(pairs.data[drop].sum())
            undercount += c
            pairs.data[drop] = 0
            pairs.eliminate_zeros()
        return TermCounts(
            terms=terms,
            frequency=vector(self.frequency, other.frequency, ma, mb, V),
            documents=vector(self.documents, other.documents, ma, mb, V),
            groups=groups,
            group_terms=matrix(self.group_terms, other.group_terms, ga, gb, len(groups)),
            group_documents=vector(self.group_documents, other.group_documents, ga, gb, len(groups)),
            group_tokens=vector(self.group_tokens, other.group_tokens, ga, gb, len(groups)),
            units=units,
            unit_terms=matrix(self.unit_terms, other.unit_terms, ua, ub, len(units)),
            unit_documents=vector(self.unit_documents, other.unit_documents, ua, ub, len(units)),
            unit_tokens=vector(self.unit_tokens, other.unit_tokens, ua, ub, len(units)),
            pairs=pairs,
            n_documents=self.n_documents + other.n_documents,
            n_tokens=self.n_tokens + other.n_tokens,
            undated=self.undated + other.undated,
            window=self.window,
            unit=self.unit,
            max_pairs=limit,
            pairs_pruned=pruned,
            pair_occurrences_pruned=occurrences,
            pair_undercount=undercount,
        )

    __add__ = merge

    def with_limit(self, max_pairs: int) -> TermCounts:
        return replace(self, max_pairs=max_pairs)


def _prune_level(values: np.ndarray, keep_at_most: int) -> int:
    """The smallest count ``c`` such that at most ``keep_at_most`` values exceed it."""
    counts = np.bincount(np.minimum(values, 1 << 20).astype(np.int64))
    above = len(values) - np.cumsum(counts)
    return int(np.flatnonzero(above <= keep_at_most)[0])


def count_terms(table, *, window: int = 5, unit: TimeUnit = "day", max_pairs: int = MAX_PAIRS) -> TermCounts:
    """Count one part of the store (or any table with ``tokens``, ``sentence_lengths``, and optionally ``group`` and ``date``).

    Parameters
    ----------
    table : pyarrow.Table
        Tokens as ``list<string>`` or ``list<dictionary<string>>``
        (:meth:`CorpusStore.read_part` with ``token_ids=True``: no
        string is made in Python).
    window : int, default 5
        Pairs at most ``window - 1`` tokens apart in a sentence co-occur.
    unit : {"day", "month"}
        The time unit (:func:`time_unit_for` on the corpus's span).
    max_pairs : int
        See the module.

    Returns
    -------
    TermCounts

    Notes
    -----
    About 0.2 s per million characters (numpy sorts of the shard's token
    ids); memory a few arrays of 8 bytes per token of the shard.
    """
    import pyarrow as pa

    if not isinstance(window, int) or isinstance(window, bool) or window < 2:
        raise ParameterError(f"window must be a whole number of at least 2 (got {window!r})")
    if unit not in ("day", "month"):
        raise ParameterError(f"unit must be 'day' or 'month' (got {unit!r})")
    n_docs = table.num_rows
    ids, terms, doc = _token_ids(table.column("tokens"))
    V = len(terms)
    frequency = np.bincount(ids, minlength=V).astype(np.int64)
    # document x term, once: its distinct (document, term) cells and their counts
    cell, cell_count = np.unique(doc * max(V, 1) + ids, return_counts=True)
    cell_doc, cell_term = cell // max(V, 1), cell % max(V, 1)
    documents = np.bincount(cell_term, minlength=V).astype(np.int64)
    tokens_per_doc = np.bincount(doc, minlength=n_docs).astype(np.int64)

    if "group" in table.column_names:
        groups, gcode = _labels(table.column("group"))
    else:
        groups, gcode = ["documents"], np.zeros(n_docs, dtype=np.int64)
    G = len(groups)
    group_terms = _csr(gcode[cell_doc], cell_term, cell_count, (G, V))
    group_documents = np.bincount(gcode, minlength=G).astype(np.int64)
    group_tokens = np.bincount(gcode, weights=tokens_per_doc, minlength=G).astype(np.int64)

    if "date" in table.column_names:
        codes = _units(table.column("date"), unit)
    else:
        codes = np.full(n_docs, -1, dtype=np.int64)
    dated = codes >= 0
    units = np.unique(codes[dated])
    ucode = np.searchsorted(units, codes)
    in_unit = dated[cell_doc]
    unit_terms = _csr(ucode[cell_doc][in_unit], cell_term[in_unit], cell_count[in_unit], (len(units), V))
    unit_documents = np.bincount(ucode[dated], minlength=len(units)).astype(np.int64)
    unit_tokens = np.bincount(ucode[dated], weights=tokens_per_doc[dated], minlength=len(units)).astype(np.int64)

    if "sentence_lengths" in table.column_names and len(ids):
        from textkit.engine.store import sentence_ids

        sentence = sentence_ids(table.column("sentence_lengths"))
        if len(sentence) != len(ids):
            raise ParameterError(f"sentence_lengths add up to {len(sentence)} tokens, the tokens are {len(ids)}")
    else:
        sentence = doc
    keys = []
    for d in range(1, window):
        if d >= len(ids):
            break
        a, b = ids[:-d], ids[d:]
        keep = (sentence[:-d] == sentence[d:]) & (a != b)
        lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
        keys.append(lo * V + hi)
    if keys:
        key, count = np.unique(np.concatenate(keys), return_counts=True)
        pairs = _csr(key // V, key % V, count, (V, V))
    else:
        pairs = _empty((V, V))
    if not isinstance(terms, pa.Array):
        terms = pa.array(terms, type=pa.string())
    return TermCounts(
        terms=terms, frequency=frequency, documents=documents,
        groups=groups, group_terms=group_terms, group_documents=group_documents, group_tokens=group_tokens,
        units=units.astype(np.int64), unit_terms=unit_terms, unit_documents=unit_documents, unit_tokens=unit_tokens,
        pairs=pairs, n_documents=n_docs, n_tokens=int(len(ids)), undated=int((~dated).sum()),
        window=window, unit=unit, max_pairs=max_pairs,
    )


def document_term(table, vocabulary) -> sparse.csr_matrix:
    """A shard's documents x ``vocabulary`` token counts (terms outside the vocabulary are not counted).

    Parameters
    ----------
    table : pyarrow.Table
        With ``tokens`` (a part of the store).
    vocabulary : sequence of str or pyarrow.Array
        The columns, in order (e.g. :meth:`Counts.vocabulary`).

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"tokens": pa.array([["科技", "創新", "科技"], ["區塊鏈"]], type=pa.list_(pa.string()))})
    >>> document_term(t, ["科技", "創新"]).toarray().tolist()
    [[2, 1], [0, 0]]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    tokens = table.column("tokens")
    if isinstance(tokens, pa.ChunkedArray):
        tokens = tokens.combine_chunks()
    values = tokens.flatten()
    if pa.types.is_dictionary(values.type):
        values = values.cast(pa.string())
    vocab = vocabulary if isinstance(vocabulary, pa.Array) else pa.array(list(vocabulary), type=pa.string())
    col = pc.index_in(values, value_set=vocab).to_numpy(zero_copy_only=False)
    doc = pc.list_parent_indices(tokens).to_numpy() if len(values) else np.zeros(0, np.int64)
    hit = ~np.isnan(col) if col.dtype.kind == "f" else col >= 0
    if col.dtype.kind == "f":  # nulls (not found) come back as NaN
        col = np.nan_to_num(col, nan=-1).astype(np.int64)
    return _csr(doc[hit], col[hit].astype(np.int64), np.ones(int(hit.sum()), dtype=np.int64), (table.num_rows, len(vocab)))


# ---------------------------------------------------------------------------
# The reduced counts, saved in the store and read back
# ---------------------------------------------------------------------------


def _coo_tables(m: sparse.csr_matrix, names=("row", "term", "count"), rows_per_table: int = 1 << 20):
    """The cells of ``m`` in (row, column) order, as Arrow tables of at most ``rows_per_table`` cells (a few MB each)."""
    import pyarrow as pa

    m.sum_duplicates()  # canonical: sorted within rows (a no-op for the merged counts)
    schema = pa.schema([(names[0], pa.int32()), (names[1], pa.int32()), (names[2], pa.int64())])
    if m.nnz == 0:
        yield schema.empty_table()
        return
    for start in range(0, m.nnz, rows_per_table):
        stop = min(start + rows_per_table, m.nnz)
        rows = np.searchsorted(m.indptr, np.arange(start, stop), side="right") - 1
        yield pa.table([pa.array(rows.astype(np.int32)), pa.array(m.indices[start:stop].astype(np.int32)),
                        pa.array(m.data[start:stop].astype(np.int64))], schema=schema)


def save_counts(counts: TermCounts, url: str) -> dict:
    """Write reduced counts as Parquet files under ``url`` (a folder), ``counts.json`` last; returns the summary written."""
    import pyarrow as pa

    from textkit.engine.store import _join, write_json, write_table, write_tables

    write_table(pa.table({"term": counts.terms, "frequency": pa.array(counts.frequency), "documents": pa.array(counts.documents)}),
                _join(url, "terms.parquet"))
    write_table(pa.table({"group": pa.array(counts.groups, type=pa.string()), "documents": pa.array(counts.group_documents),
                          "tokens": pa.array(counts.group_tokens)}), _join(url, "groups.parquet"))
    write_tables(_coo_tables(counts.group_terms, ("group", "term", "count")), _join(url, "group_terms.parquet"))
    write_table(pa.table({"unit": pa.array(counts.units), "documents": pa.array(counts.unit_documents),
                          "tokens": pa.array(counts.unit_tokens)}), _join(url, "units.parquet"))
    write_tables(_coo_tables(counts.unit_terms, ("unit", "term", "count")), _join(url, "unit_terms.parquet"))
    write_tables(_coo_tables(counts.pairs, ("a", "b", "count"), PAIRS_ROW_GROUP), _join(url, "pairs.parquet"))
    summary = {
        "documents": counts.n_documents, "tokens": counts.n_tokens, "undated": counts.undated, "terms": len(counts),
        "pairs": int(counts.pairs.nnz), "window": counts.window, "unit": counts.unit, "max_pairs": counts.max_pairs,
        "pairs_pruned": counts.pairs_pruned, "pair_occurrences_pruned": counts.pair_occurrences_pruned,
        "pair_undercount": counts.pair_undercount,
    }
    write_json(_join(url, "counts.json"), summary)
    return summary


class Counts:
    """Reduced counts of a whole corpus, read from the store: the small tables at once, the large ones when asked.

    Parameters
    ----------
    url : str
        A folder written by :func:`save_counts`.

    Attributes
    ----------
    summary : dict
        Documents, tokens, terms, pairs, window, unit and what pruning dropped.
    terms : DataFrame
        ``term``, ``frequency``, ``documents``, sorted by term.
    groups, units : DataFrame
        Documents and tokens per group / per time unit.
    """

    def __init__(self, url: str):
        from textkit.engine.store import _join, read_json, read_table

        self.url = url
        summary = read_json(_join(url, "counts.json"))
        if summary is None:
            raise ParameterError(f"{url} holds no finished counts (no counts.json)")
        self.summary = summary
        self._read = lambda name, cols=None: read_table(_join(url, name), cols)
        self.terms = self._read("terms.parquet").to_pandas()
        self.groups = self._read("groups.parquet").to_pandas()
        self.units = self._read("units.parquet").to_pandas()

    def __repr__(self) -> str:
        s = self.summary
        return f"Counts({s['documents']:,} documents, {s['tokens']:,} tokens, {s['terms']:,} terms, {s['pairs']:,} pairs)"

    # -- vocabulary ----------------------------------------------------------------
    def vocabulary(self, *, min_df: int | float = 1, max_df: int | float = 1.0, min_freq: int = 1,
                   top_n: int | None = None) -> list[str]:
        """The terms that pass the filters, on the reduced totals: sorted by term, or the ``top_n`` most frequent (ties by term).

        ``min_df`` / ``max_df`` as in scikit-learn: a whole number is a
        count of documents, a float a share of them.

        Examples
        --------
        >>> c = Counts.__new__(Counts)
        >>> c.summary = {"documents": 4}
        >>> c.terms = pd.DataFrame({"term": ["創新", "科技", "的"], "frequency": [3, 5, 9], "documents": [2, 3, 4]})
        >>> c.vocabulary(min_df=2, max_df=0.9), c.vocabulary(top_n=1)
        (['創新', '科技'], ['的'])
        """
        n = int(self.summary["documents"])

        def limit(value, name):
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or value < 0:
                raise ParameterError(f"{name} must be a whole number of documents or a share in [0, 1] (got {value!r})")
            return value if isinstance(value, (int, np.integer)) else value * n

        lo, hi = limit(min_df, "min_df"), limit(max_df, "max_df")
        t = self.terms
        keep = (t.documents >= lo) & (t.documents <= hi) & (t.frequency >= min_freq)
        chosen = t[keep]
        if top_n is not None:
            chosen = chosen.sort_values(["frequency", "term"], ascending=[False, True], kind="mergesort").head(top_n)
        return chosen.term.tolist()

    # -- matrices ----------------------------------------------------------------------
    def _matrix(self, name: str, rows: int, cols=("row", "term", "count")) -> sparse.csr_matrix:
        t = self._read(name)
        return _csr(t.column(cols[0]).to_numpy(), t.column(cols[1]).to_numpy(), t.column(cols[2]).to_numpy(),
                    (rows, len(self.terms)))

    def group_terms(self) -> sparse.csr_matrix:
        """Groups (rows of :attr:`groups`) x terms (rows of :attr:`terms`) token counts."""
        return self._matrix("group_terms.parquet", len(self.groups), ("group", "term", "count"))

    def unit_terms(self) -> sparse.csr_matrix:
        """Time units (rows of :attr:`units`) x terms token counts."""
        return self._matrix("unit_terms.parquet", len(self.units), ("unit", "term", "count"))

    def unit_starts(self) -> pd.Series:
        """The first day of each time unit, as timestamps."""
        codes = self.units.unit.to_numpy()
        if self.summary["unit"] == "day":
            return pd.Series(codes.astype("datetime64[D]").astype("datetime64[us]"))
        return pd.Series(codes.astype("datetime64[M]").astype("datetime64[us]"))

    def by_period(self, period: str) -> tuple[pd.DataFrame, sparse.csr_matrix]:
        """Roll the time units up to ``period`` (``day``, ``week``, ``month``, ``quarter``, ``year``).

        Returns
        -------
        periods : DataFrame
            ``period`` (a pandas Period), ``documents``, ``tokens``, one row per period that holds a document, in order.
        matrix : csr_matrix
            Periods x terms token counts.
        """
        freq = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
        if period not in freq:
            raise ParameterError(f"period must be one of {', '.join(freq)} (got {period!r})")
        if self.summary["unit"] == "month" and period in ("day", "week"):
            raise ParameterError(f"these counts are by month (the corpus spans more than a year): period {period!r} needs a recount")
        periods = self.unit_starts().dt.to_period(freq[period])
        labels = sorted(set(periods))
        index = {p: i for i, p in enumerate(labels)}
        rows = np.array([index[p] for p in periods], dtype=np.int64)
        roll = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, np.arange(len(rows)))), shape=(len(labels), len(rows)))
        table = pd.DataFrame({"period": labels,
                              "documents": roll @ self.units.documents.to_numpy(),
                              "tokens": roll @ self.units.tokens.to_numpy()})
        return table, (roll @ self.unit_terms()).tocsr()

    def pairs(self, *, min_freq: int = 1, terms: Sequence[str] | None = None) -> tuple[list[str], np.ndarray, sparse.csr_matrix]:
        """The co-occurrence counts among the terms seen at least ``min_freq`` times (or ``terms``).

        Returns
        -------
        vocabulary : list of str
            Sorted.
        frequency : ndarray
            Their token frequencies.
        counts : csr_matrix
            Symmetric, zero diagonal: what
            ``textkit.analysis.cooccur.count_cooccurrence(..., min_freq=min_freq)``
            counts (less what pruning dropped: :attr:`summary`).
        """
        t = self.terms
        if terms is not None:
            keep = np.flatnonzero(t.term.isin(set(terms)).to_numpy())
        else:
            keep = np.flatnonzero(t.frequency.to_numpy() >= min_freq)
        from textkit.engine.store import _join, iter_batches

        V = len(t)
        new = np.full(V, -1, dtype=np.int64)
        new[keep] = np.arange(len(keep))
        rows, cols, data = [], [], []
        for batch in iter_batches(_join(self.url, "pairs.parquet")):  # a million pairs at a time: memory holds the kept ones
            a = new[batch.column("a").to_numpy()]
            b = new[batch.column("b").to_numpy()]
            ok = (a >= 0) & (b >= 0)
            rows.append(a[ok])
            cols.append(b[ok])
            data.append(batch.column("count").to_numpy()[ok])
        cat = (lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64))
        upper = _csr(cat(rows), cat(cols), cat(data), (len(keep), len(keep)))
        return t.term.iloc[keep].tolist(), t.frequency.to_numpy()[keep], (upper + upper.T).tocsr()


def counts_key(window: int, unit: str, max_pairs: int) -> str:
    """The folder name of a set of counts in the store."""
    return f"window{window}-{unit}-pairs{max_pairs}"


def _json(data: dict) -> str:
    return json.dumps(data, sort_keys=True)
