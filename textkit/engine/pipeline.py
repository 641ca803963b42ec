"""The usual start of every notebook: load, clean and segment a corpus, once.

:func:`prepare_documents` loads a corpus (:func:`textkit.corpus.load.load_corpus`),
cleans each text (:func:`textkit.corpus.clean.clean_text`), removes the sentences
that recur across the corpus (a site's footer, a share prompt:
:class:`textkit.corpus.clean.RepeatedSentences`) and segments the rest, cached on
disk and optionally in worker processes.  With ``return_report=True`` it
also says what the repetition step removed.

Examples
--------
>>> docs = prepare_documents("seeds")
>>> docs.loc[0, "tokens"][:3]
['北京', '創新', '發展']
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from textkit.corpus.clean import RepeatedSentences, clean_text
from textkit.errors import EmptyDocumentsWarning, ParameterError
from textkit.corpus.load import load_corpus
from textkit.engine.progress import progress
from textkit.segment import Segmenter, iter_segment_documents, segment_documents
from textkit.segment.discovery import discover_corpus_words

__all__ = ["prepare_documents", "clean_and_segment", "PreparationReport"]


def clean_and_segment(
    texts: Iterable[str],
    segmenter: Segmenter | None = None,
    *,
    n_jobs: int = 1,
    cache: bool | str | os.PathLike[str] | None = None,
    boilerplate: bool = True,
) -> tuple[list[str], list[list[list[str]]]]:
    """Clean texts and segment them, in one streaming pass.

    Each text is cleaned (:func:`textkit.corpus.clean.clean_text`) just before it
    is segmented, so with ``n_jobs`` workers the cleaning of the next texts
    overlaps their segmentation instead of delaying it.  Nothing is removed
    by repetition here (that needs the whole corpus first: see
    :func:`prepare_documents`).

    Parameters
    ----------
    texts : iterable of str
    segmenter : Segmenter, optional
    n_jobs, cache
        See :func:`textkit.segment.iter_segment_documents`.
    boilerplate : bool, default True
        Passed to :func:`textkit.corpus.clean.clean_text`.

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


@dataclass(frozen=True)
class PreparationReport:
    """What :func:`prepare_documents` removed by repetition.

    Attributes
    ----------
    repeated : DataFrame
        The sentences removed, with ``sentence``, ``documents`` (how many
        documents held it) and ``share`` (of the corpus), most frequent
        first; empty when nothing recurred often enough.
    emptied : DataFrame
        The documents that held nothing but repeated sentences (``doc_id``,
        ``group``, ``text`` as cleaned before the removal): left out of the
        document table, with a warning.
    threshold : int
        Documents a sentence had to occur in to be removed (``None`` when
        the step was off).
    documents : int
        Documents the step looked at.
    discovered : DataFrame or None
        The words found in the corpus and added to the segmenter
        (:func:`textkit.segment.discovery.discover_words`); ``None`` when
        discovery was off.
    """

    repeated: pd.DataFrame
    emptied: pd.DataFrame
    threshold: int | None
    documents: int
    discovered: pd.DataFrame | None = None

    def summary(self) -> str:
        """One line for a notebook: what was removed, from how many documents.

        Examples
        --------
        >>> PreparationReport(pd.DataFrame({"sentence": [], "documents": [], "share": []}),
        ...                   pd.DataFrame({"doc_id": []}), 10, 40).summary()
        'No sentence recurs in 10 or more of the 40 documents: nothing removed by repetition.'
        """
        if self.threshold is None:
            return "Removal of repeated sentences is off."
        if self.repeated.empty:
            return f"No sentence recurs in {self.threshold} or more of the {self.documents:,} documents: nothing removed by repetition."
        held = int(self.repeated.documents.sum())
        n = len(self.repeated)
        line = (f"{n:,} {'sentence recurs' if n == 1 else 'sentences recur'} in {self.threshold} or more of the "
                f"{self.documents:,} documents and {'was' if n == 1 else 'were'} removed ({held:,} occurrences)")
        if len(self.emptied):
            e = len(self.emptied)
            line += f"; {e:,} {'document' if e == 1 else 'documents'} held nothing else and {'was' if e == 1 else 'were'} left out"
        return line + "."

    @property
    def discovered_words(self) -> pd.DataFrame:
        """:attr:`discovered`, or an empty table with its columns when discovery was off."""
        if self.discovered is not None:
            return self.discovered
        from textkit.segment.discovery import empty_words

        return empty_words()

    def discovery_summary(self) -> str:
        """One line for a notebook: how many words were found in the corpus, or why none were looked for.

        Examples
        --------
        >>> PreparationReport(pd.DataFrame(), pd.DataFrame(), None, 40).discovery_summary()
        'New-word discovery is off (discover_words=False, or "auto" on a corpus under 100,000 characters; -p discover_words True turns it on).'
        """
        from textkit.segment.discovery import AUTO_MIN_CHARACTERS

        if self.discovered is None:
            return (f'New-word discovery is off (discover_words=False, or "auto" on a corpus under '
                    f"{AUTO_MIN_CHARACTERS:,} characters; -p discover_words True turns it on).")
        n = len(self.discovered)
        if not n:
            return "No word that jieba cuts into fragments recurs often enough in the corpus: none added."
        return f"{n:,} {'word' if n == 1 else 'words'} found in the corpus and added to the segmenter's dictionary."


def prepare_documents(
    corpus: str | os.PathLike[str],
    *,
    segmenter: Segmenter | None = None,
    n_jobs: int = 1,
    cache: bool | str | os.PathLike[str] | None = True,
    repeated: bool | RepeatedSentences = True,
    discover_words: bool | str = "auto",
    return_report: bool = False,
    **load_options,
) -> pd.DataFrame | tuple[pd.DataFrame, PreparationReport]:
    """Load a corpus, clean its text, remove repeated boilerplate and segment it.

    Parameters
    ----------
    corpus : path
        Anything :func:`textkit.corpus.load.load_corpus` reads.
    segmenter : Segmenter, optional
        Defaults to ``Segmenter()``.
    n_jobs : int, default 1
        Worker processes for segmentation.
    cache : bool or path, default True
        Keep segmented documents on disk (keyed by text and segmenter
        settings), so rerunning a notebook does not segment again; a path
        names the cache folder (see :class:`textkit.segment.SegmentCache`).
    repeated : bool or RepeatedSentences, default True
        Remove the sentences that recur across the corpus (footers,
        subscription blurbs, share prompts): by default those in at least 10
        documents and 1% of the corpus
        (:class:`textkit.corpus.clean.RepeatedSentences`; pass one to change the
        thresholds, ``False`` to keep every sentence).
    discover_words : {"auto", True, False}, default "auto"
        Find the words jieba cuts into fragments in the corpus itself and
        add them to the segmenter (which then keeps them); ``"auto"`` does
        so in a corpus of at least
        :data:`textkit.segment.discovery.AUTO_MIN_CHARACTERS` characters.
        Found once per corpus and settings and kept in the cache folder
        (:func:`textkit.segment.discovery.discover_corpus_words`); a
        segmenter that already has ``discovered_words`` keeps its own.
    return_report : bool, default False
        Also return a :class:`PreparationReport` of what was removed and discovered.
    **load_options
        Passed to :func:`textkit.corpus.load.load_corpus` (``format``,
        ``text_column``, ``group_column``…).

    Returns
    -------
    DataFrame, or (DataFrame, PreparationReport)
        The document table with ``text`` cleaned (same script as written),
        ``sentences`` (token lists, one per sentence) and ``tokens`` (the
        document's analysis tokens).

    Warns
    -----
    EmptyDocumentsWarning
        Documents that held nothing but repeated sentences were left out;
        the warning names them (and the report lists them).

    Notes
    -----
    Cleaning and the repetition count take about a second per 10 million
    characters; segmentation is the cost (about 0.5 million characters a
    second per worker, much faster from the cache), shown by a progress bar
    (:mod:`textkit.engine.progress`).  Tokens are held once per distinct word
    (interned), so memory grows with the corpus by a pointer per token.
    """
    if not isinstance(repeated, (bool, RepeatedSentences)):
        raise ParameterError(f"repeated must be True, False or a RepeatedSentences (got {repeated!r})")
    docs = load_corpus(corpus, **load_options)
    cleaned = [clean_text(t) for t in docs.text]
    threshold = None
    found = pd.DataFrame({"sentence": pd.Series(dtype=str), "documents": pd.Series(dtype="int64"), "share": pd.Series(dtype=float)})
    emptied = docs.iloc[:0][["doc_id", "group", "text"]]
    if repeated is not False:
        model = RepeatedSentences() if repeated is True else repeated
        cleaned_all = cleaned
        cleaned = model.fit(cleaned_all).transform(cleaned_all)
        threshold, found = model.threshold_, model.repeated_
        empty = [i for i, t in enumerate(cleaned) if not t.strip()]
        if empty:
            emptied = docs.iloc[empty][["doc_id", "group"]].assign(text=[cleaned_all[i] for i in empty]).reset_index(drop=True)
            shown = ", ".join(map(str, emptied.doc_id[:10])) + (f" and {len(empty) - 10} more" if len(empty) > 10 else "")
            warnings.warn(
                f"{corpus}: {len(empty)} document(s) held nothing but sentences repeated across the corpus and were left out: {shown}",
                EmptyDocumentsWarning,
                stacklevel=2,
            )
            keep = [i for i in range(len(cleaned)) if cleaned[i].strip()]
            docs = docs.iloc[keep].reset_index(drop=True)
            cleaned = [cleaned[i] for i in keep]
        del cleaned_all
    segmenter = segmenter if segmenter is not None else Segmenter()
    discovered = None
    if not segmenter.discovered_words:
        discovered = discover_corpus_words(cleaned, segmenter, discover=discover_words, cache=cache)
        if discovered is not None:
            segmenter.set_params(discovered_words=discovered)
    bar = progress(total=len(cleaned), desc="segmenting", unit="doc")
    sentences = []
    with bar:
        for doc in iter_segment_documents(cleaned, segmenter, n_jobs=n_jobs, cache=cache):
            sentences.append(doc)
            bar.update()
    docs = docs.assign(text=cleaned, sentences=sentences, tokens=[[t for s in doc for t in s] for doc in sentences])
    if return_report:
        return docs, PreparationReport(found, emptied, threshold, len(emptied) + len(docs), discovered)
    return docs
