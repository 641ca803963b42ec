"""The usual start of every notebook: load, clean and segment a corpus, once.

Examples
--------
>>> docs = prepare_documents("seeds")
>>> docs.loc[0, "tokens"][:3]
['北京', '創新', '發展']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import pandas as pd

from textkit.clean import clean_text
from textkit.load import load_corpus
from textkit.segment import Segmenter, segment_documents

__all__ = ["prepare_documents", "clean_and_segment"]


def clean_and_segment(
    texts: Iterable[str],
    segmenter: Segmenter | None = None,
    *,
    n_jobs: int = 1,
    cache: bool | str | os.PathLike[str] | None = None,
    boilerplate: bool = True,
) -> tuple[list[str], list[list[list[str]]]]:
    """Clean texts and segment them, in one streaming pass.

    Each text is cleaned (:func:`textkit.clean.clean_text`) just before it
    is segmented, so with ``n_jobs`` workers the cleaning of the next texts
    overlaps their segmentation instead of delaying it.

    Parameters
    ----------
    texts : iterable of str
    segmenter : Segmenter, optional
    n_jobs, cache
        See :func:`textkit.segment.iter_segment_documents`.
    boilerplate : bool, default True
        Passed to :func:`textkit.clean.clean_text`.

    Returns
    -------
    cleaned : list of str
    sentences : list of list of list of str
        Per text, its sentences' analysis tokens.

    Examples
    --------
    >>> clean_and_segment(["生命科學園的新機遇。 舉報"])
    (['生命科學園的新機遇。'], [[['生命科學園', '新機遇']]])
    """
    cleaned: list[str] = []

    def stream() -> Iterator[str]:
        for text in texts:
            cleaned.append(clean_text(text, boilerplate=boilerplate))
            yield cleaned[-1]

    sentences = segment_documents(stream(), segmenter, n_jobs=n_jobs, cache=cache)
    return cleaned, sentences


def prepare_documents(
    corpus: str | os.PathLike[str],
    *,
    segmenter: Segmenter | None = None,
    n_jobs: int = 1,
    cache: bool | str | os.PathLike[str] | None = True,
    **load_options,
) -> pd.DataFrame:
    """Load a corpus, clean its text and segment it.

    Parameters
    ----------
    corpus : path
        Anything :func:`textkit.load.load_corpus` reads.
    segmenter : Segmenter, optional
        Defaults to ``Segmenter()``.
    n_jobs : int, default 1
        Worker processes for segmentation.
    cache : bool or path, default True
        Keep segmented documents on disk (keyed by text and segmenter
        settings), so rerunning a notebook does not segment again; a path
        names the cache folder (see :class:`textkit.segment.SegmentCache`).
    **load_options
        Passed to :func:`textkit.load.load_corpus` (``format``,
        ``text_column``, ``group_column``…).

    Returns
    -------
    DataFrame
        The document table with ``text`` cleaned (same script as written),
        ``sentences`` (token lists, one per sentence) and ``tokens`` (the
        document's analysis tokens).
    """
    docs = load_corpus(corpus, **load_options)
    cleaned, sentences = clean_and_segment(docs.text, segmenter, n_jobs=n_jobs, cache=cache)
    return docs.assign(text=cleaned, sentences=sentences, tokens=[[t for s in doc for t in s] for doc in sentences])
