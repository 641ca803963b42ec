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

__all__ = ["BowCorpus", "build_corpus"]

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
