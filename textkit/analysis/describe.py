"""Describing a corpus: sizes, lengths, frequent terms, what script projection changes.

The functions take the document table (:func:`textkit.corpus.load.load_corpus`)
with a ``tokens`` column of segmented documents and return tables.

Examples
--------
>>> import pandas as pd
>>> docs = pd.DataFrame({"group": ["article", "article"], "text": ["生命科學園", "中關村科學城"],
...                      "tokens": [["生命科學園"], ["中關村科學城"]]})
>>> int(overview(docs).loc["article", "documents"])
2
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from textkit.analysis._ranking import top_series
from textkit.corpus.script import detect_script
from textkit.errors import ParameterError
from textkit.segment import Segmenter

__all__ = ["overview", "lengths", "largest_groups", "top_terms", "sample_sentences", "projection_comparison", "projection_summary",
           "GroupProfile", "profile_documents", "corpus_profile", "corpus_overview", "length_distribution", "length_parts",
           "group_top_terms"]


def overview(docs: pd.DataFrame, *, by: str = "group") -> pd.DataFrame:
    """One row per group: documents, characters, tokens, vocabulary, script.

    Parameters
    ----------
    docs : DataFrame
        Needs ``text`` and ``tokens`` columns and the ``by`` column.
    """
    rows = {}
    for name, group in docs.groupby(by, sort=False):
        tokens = [t for toks in group.tokens for t in toks]
        text = "".join(group.text)
        rows[name] = {
            "documents": len(group),
            "characters": len(text),
            "tokens": len(tokens),
            "vocabulary": len(set(tokens)),
            "mean_characters_per_document": round(len(text) / len(group), 1),
            "script": detect_script(text),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(by)


def lengths(docs: pd.DataFrame) -> pd.DataFrame:
    """Characters and analysis tokens per document."""
    return pd.DataFrame(
        {
            "doc_id": docs.doc_id,
            "group": docs.group,
            "characters": docs.text.str.len(),
            "tokens": docs.tokens.map(len),
        }
    )


def largest_groups(docs: pd.DataFrame, n: int, *, by: str = "group", size: str | None = None) -> tuple[list[str], list[str]]:
    """The ``n`` groups with most documents (ties by name), and the others: what a figure per group draws and leaves out.

    ``docs`` is a table of documents (one row each), or, with ``size``, a
    table of groups whose column ``size`` holds their documents (such as
    ``Counts.groups``, ``size="documents"``: no document comes here).

    Examples
    --------
    >>> docs = pd.DataFrame({"group": ["標題", "文章", "文章", "微博"]})
    >>> largest_groups(docs, 2)
    (['文章', '微博'], ['標題'])
    >>> largest_groups(pd.DataFrame({"group": ["微博", "文章", "標題"], "documents": [1, 2, 1]}), 2, size="documents")
    (['文章', '微博'], ['標題'])
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n must be a whole number of at least 1 (got {n!r})")
    sizes = docs[by].value_counts(sort=False) if size is None else docs.groupby(by, sort=False)[size].sum()
    order = sorted(sizes.index, key=lambda g: (-int(sizes[g]), str(g)))
    return order[:n], order[n:]


def top_terms(token_lists: Iterable[Sequence[str]], *, n: int = 20) -> pd.Series:
    """The ``n`` most frequent tokens, ties broken by the token (not by where it first occurs).

    Examples
    --------
    >>> top_terms([["科學城", "中關村"], ["創新"]], n=2).to_dict()
    {'中關村': 1, '創新': 1}
    """
    counts = Counter(t for toks in token_lists for t in toks)
    return top_series(pd.Series(counts, dtype="int64"), n, name="count")


def sample_sentences(texts: Sequence[str], n: int = 2000, *, random_state: int = 0) -> list[str]:
    """At most ``n`` sentences of the corpus (:func:`textkit.corpus.clean.split_sentences`), drawn at random, in corpus order.

    For demonstrations that add nothing beyond a sample (the segmentation
    comparison of notebook 01): their cost stays the same on any corpus.
    The same texts and ``random_state`` give the same sample.

    Examples
    --------
    >>> sample_sentences(["生命科學園的新機遇。數字經濟！", "區塊鏈"], n=2)
    ['數字經濟！', '區塊鏈']
    >>> len(sample_sentences(["生命科學園的新機遇。數字經濟！", "區塊鏈"], n=5))
    3
    """
    import numpy as np

    from textkit.corpus.clean import sentence_spans

    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n must be a whole number of at least 1 (got {n!r})")
    spans = [sentence_spans(t) for t in texts]
    total = sum(map(len, spans))
    chosen = np.arange(total) if total <= n else np.sort(np.random.default_rng(random_state).choice(total, n, replace=False))
    out, start, want = [], 0, iter(chosen.tolist())
    wanted = next(want, None)
    for text, doc_spans in zip(texts, spans):
        while wanted is not None and wanted < start + len(doc_spans):
            a, b = doc_spans[wanted - start]
            out.append(text[a:b])
            wanted = next(want, None)
        start += len(doc_spans)
    return out


def projection_comparison(texts: Iterable[str], segmenter: Segmenter | None = None) -> pd.DataFrame:
    """Segment each text as written and through Simplified (script projection), side by side.

    Returns
    -------
    DataFrame
        Columns ``text``, ``as_written`` and ``projected`` (every token,
        space-separated, as ``textkit segment`` prints them) and ``differs``.

    Notes
    -----
    Every text is segmented twice, without the disk cache: give a sample
    (:func:`sample_sentences`) rather than a whole large corpus.  The
    as-written segmenter shares the dictionary of ``segmenter``.
    """
    seg = segmenter or Segmenter()
    plain = Segmenter(**{**seg.get_params(), "convert": False})
    rows = []
    for text in texts:
        a = " ".join(t for t in plain.cut(text) if not t.isspace())
        b = " ".join(t for t in seg.cut(text) if not t.isspace())
        rows.append({"text": text, "as_written": a, "projected": b, "differs": a != b})
    return pd.DataFrame(rows, columns=["text", "as_written", "projected", "differs"])


def projection_summary(comparison: pd.DataFrame, segmenter: Segmenter | None = None, *, n: int = 15) -> dict[str, pd.Series]:
    """Most frequent analysis tokens with and without projection, from :func:`projection_comparison`.

    Tokens are filtered as :meth:`Segmenter.tokenize` does (stopwords,
    punctuation, numbers with their measure words), without part-of-speech
    filtering.
    """
    seg = Segmenter(**{**(segmenter or Segmenter()).get_params(), "pos": None})
    return {
        "不經簡體投射 (as written)": top_terms((seg.filter_tokens(row.split()) for row in comparison.as_written), n=n),
        "經簡體投射 (projected)": top_terms((seg.filter_tokens(row.split()) for row in comparison.projected), n=n),
    }


# ---------------------------------------------------------------------------
# The same descriptions of a corpus in its store: counted per shard, merged
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GroupProfile:
    """What :func:`overview` and the length histogram need, per group, of one shard or (merged) the corpus.

    Attributes
    ----------
    groups : DataFrame
        ``group``, ``first`` (the smallest row: groups are listed in order of
        first appearance), ``documents``, ``characters``, ``tokens``, and
        ``t2s``/``s2t`` (characters the conversions change:
        :func:`textkit.corpus.script.script_changes`); sorted by group.
    lengths : DataFrame
        ``group``, ``characters``, ``documents``: how many documents of each
        length, sorted.

    Notes
    -----
    Integer sums and a minimum: :meth:`merge` is exact, associative and
    commutative.  The lengths hold one row per distinct length and group
    (a few thousand), not one per document.  A group's script weighs the
    changed characters of each shard's texts joined (as ``overview`` joins
    a group's texts): a conversion phrase that spans two documents counts
    as in the joined text except across a shard boundary.
    """

    groups: pd.DataFrame
    lengths: pd.DataFrame

    def merge(self, other: GroupProfile) -> GroupProfile:
        both = pd.concat([self.groups, other.groups], ignore_index=True).groupby("group", sort=True, as_index=False)
        groups = both.agg(first=("first", "min"), documents=("documents", "sum"), characters=("characters", "sum"),
                          tokens=("tokens", "sum"), t2s=("t2s", "sum"), s2t=("s2t", "sum"))
        lengths = (pd.concat([self.lengths, other.lengths], ignore_index=True)
                   .groupby(["group", "characters"], sort=True, as_index=False)["documents"].sum())
        return GroupProfile(groups.astype(_PROFILE_TYPES), lengths.astype({"characters": "int64", "documents": "int64"}))

    __add__ = merge


_PROFILE_TYPES = {"first": "int64", "documents": "int64", "characters": "int64", "tokens": "int64", "t2s": "int64", "s2t": "int64"}


def _group_labels(table) -> np.ndarray:
    return np.array(["" if g is None else str(g) for g in table.column("group").to_pylist()], dtype=object)


def profile_documents(table) -> GroupProfile:
    """One shard's :class:`GroupProfile` (a task): a part of the store with ``row``, ``group``, ``text``, ``tokens``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"row": [0, 1], "group": ["文章", "文章"], "text": ["科技創新", "北京"],
    ...               "tokens": pa.array([["科技", "創新"], ["北京"]], type=pa.list_(pa.string()))})
    >>> profile_documents(t).groups[["group", "documents", "characters", "tokens", "t2s"]].values.tolist()
    [['文章', 2, 6, 3, 1]]
    """
    import pyarrow.compute as pc

    from textkit.corpus.script import script_changes

    groups = _group_labels(table)
    texts = table.column("text").to_pylist()
    frame = pd.DataFrame({"group": groups, "row": table.column("row").to_numpy().astype(np.int64),
                          "characters": pc.utf8_length(table.column("text")).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64),
                          "tokens": pc.list_value_length(table.column("tokens")).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)})
    rows = []
    for name, part in frame.groupby("group", sort=True):
        t2s, s2t = script_changes("".join(texts[i] or "" for i in part.index))
        rows.append({"group": name, "first": int(part.row.min()), "documents": len(part), "characters": int(part.characters.sum()),
                     "tokens": int(part.tokens.sum()), "t2s": t2s, "s2t": s2t})
    out = pd.DataFrame(rows, columns=["group", *_PROFILE_TYPES]).astype(_PROFILE_TYPES)
    lengths = frame.groupby(["group", "characters"], sort=True, as_index=False).size().rename(columns={"size": "documents"})
    return GroupProfile(out, lengths.astype({"characters": "int64", "documents": "int64"}))



def corpus_profile(corpus) -> GroupProfile:
    """The :class:`GroupProfile` of a corpus in its store (:func:`textkit.engine.prepared.open_corpus`), counted per shard."""
    total = None
    for part in corpus.iter_shards(profile_documents, columns=["row", "group", "text", "tokens"], stage="describing"):
        total = part if total is None else total.merge(part)
    if total is None:
        empty = pd.DataFrame({"group": pd.Series(dtype=object), **{c: pd.Series(dtype=t) for c, t in _PROFILE_TYPES.items()}})
        total = GroupProfile(empty, pd.DataFrame({"group": pd.Series(dtype=object), "characters": pd.Series(dtype="int64"),
                                                  "documents": pd.Series(dtype="int64")}))
    return total


def corpus_overview(profile: GroupProfile, counts) -> pd.DataFrame:
    """:func:`overview` of a corpus in its store: from its :class:`GroupProfile` and its :class:`~textkit.engine.counts.Counts` (the vocabulary per group).

    The same table as :func:`overview` of its document table: groups in order
    of first appearance, the vocabulary the distinct terms of the group's row
    of ``counts.group_terms()``.
    """
    matrix = counts.group_terms()
    vocabulary = dict(zip(counts.groups.group.astype(str), np.diff(matrix.indptr).astype(np.int64)))
    g = profile.groups.sort_values(["first", "group"], kind="stable")
    rows = {}
    for row in g.itertuples(index=False):
        rows[row.group] = {
            "documents": int(row.documents),
            "characters": int(row.characters),
            "tokens": int(row.tokens),
            "vocabulary": int(vocabulary.get(row.group, 0)),
            "mean_characters_per_document": round(row.characters / row.documents, 1),
            "script": _script_of(int(row.t2s), int(row.s2t)),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")


def _script_of(t2s: int, s2t: int) -> str:
    from textkit.corpus.script import script_of

    return script_of(t2s, s2t)


def length_distribution(profile: GroupProfile) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per group (in order of first appearance): the distinct document lengths in characters, and how many documents have each.

    What :func:`textkit.output.plot.histogram` draws with ``weights``: the
    same figure as from every document's length.
    """
    order = profile.groups.sort_values(["first", "group"], kind="stable").group.tolist()
    by_group = {name: part for name, part in profile.lengths.groupby("group", sort=False)}
    kept = [g for g in order if g in by_group]
    return ({g: by_group[g].characters.to_numpy() for g in kept}, {g: by_group[g].documents.to_numpy() for g in kept})


def _lengths_part(table) -> pd.DataFrame:
    """One shard's rows of :func:`lengths` (a task)."""
    import pyarrow.compute as pc

    return pd.DataFrame({
        "doc_id": table.column("doc_id").to_pandas(),
        "group": table.column("group").to_pandas(),
        "characters": pc.utf8_length(table.column("text")).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64),
        "tokens": pc.list_value_length(table.column("tokens")).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64),
    })


def length_parts(corpus):
    """:func:`lengths` of a corpus in its store, one DataFrame per shard, in shard order (for ``save_table_parts``)."""
    return corpus.iter_shards(_lengths_part, columns=["doc_id", "group", "text", "tokens"], stage="lengths")


def group_top_terms(counts, groups: Sequence[str], *, n: int = 20) -> dict[str, pd.Series]:
    """:func:`top_terms` of each group, from a corpus's :class:`~textkit.engine.counts.Counts` (``group_terms()``), in the order of ``groups``.

    The same series as ``top_terms`` of each group's token lists: counts per
    term, the ``n`` largest, ties by the term.
    """
    matrix = counts.group_terms()
    terms = counts.terms.term.to_numpy()
    row_of = {str(g): i for i, g in enumerate(counts.groups.group)}
    out = {}
    for g in groups:
        row = matrix[row_of[str(g)]] if str(g) in row_of else None
        if row is None or row.nnz == 0:
            out[g] = pd.Series(dtype="int64", name="count")
            continue
        out[g] = top_series(pd.Series(row.data.astype(np.int64), index=terms[row.indices], dtype="int64"), n, name="count")
    return out
