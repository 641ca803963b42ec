"""The vocabulary a topic model sees: a gensim ``Dictionary`` and a re-iterable bag-of-words corpus.

Examples
--------
>>> docs = [["海澱", "科技", "創新"], ["昌平", "醫藥", "健康"]] * 5
>>> dictionary, corpus, empty = build_corpus(docs, no_below=1, no_above=1.0)
>>> len(corpus), empty
(10, [])
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from textkit.errors import ParameterError

__all__ = ["BowCorpus", "build_corpus", "vocabulary_from_counts"]

logger = logging.getLogger(__name__)


class BowCorpus:
    """A re-iterable bag-of-words corpus (gensim's corpus interface).

    Each iteration yields ``[(term_id, count), …]`` per document, again and
    again: LDA and coherence make several passes, which a generator would not
    survive.
    """

    def __init__(self, token_lists: Sequence[Sequence[str]], dictionary):
        self.token_lists = token_lists
        self.dictionary = dictionary

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        for toks in self.token_lists:
            yield self.dictionary.doc2bow(toks)

    def __len__(self) -> int:
        return len(self.token_lists)


def build_corpus(
    token_lists: Sequence[Sequence[str]],
    *,
    no_below: int = 2,
    no_above: float = 0.5,
    keep_n: int | None = 5000,
):
    """Dictionary and bag-of-words corpus, with ``filter_extremes`` thresholds.

    Parameters
    ----------
    no_below : int, default 2
        Drop words in fewer documents (for ~40 documents, 2 keeps the
        vocabulary meaningful; raise it for large corpora).
    no_above : float, default 0.5
        Drop words in more than this share of documents.
    keep_n : int, optional
        Keep at most this many words.

    Returns
    -------
    (dictionary, corpus, empty)
        ``empty`` lists the positions of documents with no word left.
    """
    from gensim.corpora import Dictionary

    token_lists = [list(t) for t in token_lists]
    dictionary = Dictionary(token_lists)
    dictionary.filter_extremes(no_below=no_below, no_above=no_above, keep_n=keep_n)
    if len(dictionary) == 0:
        raise ParameterError(f"no word is left after filter_extremes(no_below={no_below}, no_above={no_above}); relax them")
    corpus = BowCorpus(token_lists, dictionary)
    empty = [i for i, bow in enumerate(corpus) if not bow]
    if empty:
        logger.info("%d documents have no word left after filtering", len(empty))
    return dictionary, corpus, empty


def vocabulary_from_counts(counts, *, no_below: int = 2, no_above: float = 0.5, keep_n: int | None = 5000, first_seen=None):
    """The dictionary of :func:`build_corpus`, from a corpus' reduced counts instead of its token lists.

    The words gensim's ``filter_extremes`` keeps, decided on the document
    frequencies of :class:`textkit.engine.counts.Counts` (counted per shard
    and merged): in at least ``no_below`` documents, in at most
    ``int(no_above * documents)``, then the ``keep_n`` in most documents.

    Parameters
    ----------
    counts : textkit.engine.counts.Counts
        ``PreparedCorpus.counts()``: ``terms`` (term, frequency, documents) and ``summary["documents"]``.
    no_below, no_above, keep_n
        As :func:`build_corpus`.
    first_seen : callable, optional
        ``first_seen(terms) -> {term: first row}``: the first document each
        term occurs in (counted per shard:
        :func:`textkit.analysis.topics.shards.topic_corpus`), asked only for
        the terms tied at the ``keep_n`` cut; they are then broken as
        gensim breaks them (first appearance, then the term).

    Returns
    -------
    gensim.corpora.Dictionary
        The words in order of the term (ids 0, 1, …); ``dfs``, ``cfs``,
        ``num_docs`` and ``num_pos`` from the counts.

    Notes
    -----
    gensim breaks ties of document frequency at the ``keep_n`` cut by the
    order words first appear in the corpus (the document, then the term);
    with ``first_seen`` so are they here, and the words are those of
    ``build_corpus`` (on THUCNews headlines, 411 of 5,000 words are tied
    at the cut); without it, by the term.  Cost: the vocabulary of the
    counts; ``first_seen`` is one pass over the documents for the tied terms.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> counts = SimpleNamespace(summary={"documents": 4}, terms=pd.DataFrame(
    ...     {"term": ["創新", "北京", "科技", "的"], "frequency": [3, 1, 5, 9], "documents": [2, 1, 3, 4]}))
    >>> sorted(vocabulary_from_counts(counts, no_below=2, no_above=0.9).token2id)
    ['創新', '科技']
    """
    import pandas as pd
    from gensim.corpora import Dictionary

    _check_filters(no_below, no_above, keep_n)
    n = int(counts.summary["documents"])
    t = counts.terms
    dfs = t.documents.to_numpy()
    keep = (dfs >= no_below) & (dfs <= int(no_above * n))
    chosen = t[keep]
    if keep_n is not None and len(chosen) > keep_n:
        chosen = chosen.sort_values(["documents", "term"], ascending=[False, True], kind="mergesort")
        cut = int(chosen.documents.iloc[keep_n - 1])
        tied = chosen.documents.to_numpy() == cut
        if first_seen is not None and tied.sum() > 1 and int(chosen.documents.iloc[keep_n]) == cut:
            above, ties = chosen[chosen.documents > cut], chosen[tied]
            first = first_seen(ties.term.tolist())
            ties = ties.assign(_first=[first[w] for w in ties.term]).sort_values(["_first", "term"], kind="mergesort")
            chosen = pd.concat([above, ties.drop(columns="_first")])
        chosen = chosen.head(keep_n)
    chosen = chosen.sort_values("term", kind="mergesort")
    if not len(chosen):
        raise ParameterError(f"no word is left after filter_extremes(no_below={no_below}, no_above={no_above}); relax them")
    dictionary = Dictionary()
    words = chosen.term.tolist()
    dictionary.token2id = {w: i for i, w in enumerate(words)}
    dictionary.dfs = dict(enumerate(chosen.documents.astype(int).tolist()))
    dictionary.cfs = dict(enumerate(chosen.frequency.astype(int).tolist()))
    dictionary.num_docs = n
    dictionary.num_pos = int(counts.summary.get("tokens", int(t.frequency.sum())))
    dictionary.num_nnz = int(chosen.documents.sum())
    return dictionary


def _check_filters(no_below, no_above, keep_n) -> None:
    if isinstance(no_below, bool) or not isinstance(no_below, int) or no_below < 0:
        raise ParameterError(f"no_below must be a whole number of documents (got {no_below!r})")
    if isinstance(no_above, bool) or not isinstance(no_above, (int, float)) or not 0 < no_above <= 1:
        raise ParameterError(f"no_above must be a share of documents in (0, 1] (got {no_above!r})")
    if keep_n is not None and (isinstance(keep_n, bool) or not isinstance(keep_n, int) or keep_n < 1):
        raise ParameterError(f"keep_n must be a whole number of at least 1, or None (got {keep_n!r})")
