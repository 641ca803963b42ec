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

import pandas as pd

from textkit.analysis._ranking import top_series
from textkit.errors import ParameterError
from textkit.corpus.script import detect_script
from textkit.segment import Segmenter

__all__ = ["overview", "lengths", "largest_groups", "top_terms", "sample_sentences", "projection_comparison", "projection_summary"]


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
