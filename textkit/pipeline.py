"""The usual start of every notebook: load, clean and segment a corpus, once.

Examples
--------
>>> docs = prepare_documents("seeds")
>>> docs.loc[0, "tokens"][:3]
['北京', '創新', '發展']
"""

from __future__ import annotations

import os

import pandas as pd

from textkit.clean import clean_texts
from textkit.load import load_corpus
from textkit.segment import Segmenter, segment_documents

__all__ = ["prepare_documents"]


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
        settings), so rerunning a notebook does not segment again.
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
    docs = docs.assign(text=clean_texts(docs.text))
    sentences = segment_documents(docs.text, segmenter or Segmenter(), n_jobs=n_jobs, cache=cache)
    return docs.assign(sentences=sentences, tokens=[[t for s in doc for t in s] for doc in sentences])
