"""What a fitted topic model shows: top terms per topic, document-topic tables, typical documents, pyLDAvis data.

Every table is the same on every machine: weights are rounded to six
significant digits before they are ranked, and ties are broken by the term
(:mod:`textkit.analysis._ranking`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from textkit.analysis._ranking import round_sig, round_to_scale, top_n
from textkit.analysis.topics.vocabulary import BowCorpus

__all__ = ["topic_terms", "terms_by_topic", "document_topics", "typical_documents", "ldavis"]


def _as_matrices(model) -> bool:
    """A model held as matrices (:class:`~textkit.analysis.topics.models.TopicModel` or alike), not a gensim model."""
    return hasattr(model, "topic_word") and hasattr(model, "doc_topic")


def topic_terms(model, *, n: int = 10) -> pd.DataFrame:
    """Long table of each topic's top terms: ``topic, rank, term, weight``.

    Weights (the topic's word distribution) are rounded to six significant
    digits and ties broken by the term: gensim's own ``get_topic_terms``
    orders tied words by an unstable sort, so two machines list them in
    different orders.
    """
    if _as_matrices(model):
        return _top_terms_table(model.topic_word, model.vocabulary, n)
    terms = [model.id2word[i] for i in range(model.num_terms)]
    return _top_terms_table(model.get_topics(), terms, n)


def terms_by_topic(table: pd.DataFrame) -> dict[str, pd.Series]:
    """A topic-terms table (:func:`topic_terms`, :func:`fit_nmf`…) as ``{"topic k": weights by term}``, for bar charts.

    Examples
    --------
    >>> table = pd.DataFrame({"topic": [0, 0, 1], "rank": [1, 2, 1], "term": ["海澱", "創新", "醫藥"], "weight": [0.5, 0.3, 0.6]})
    >>> {k: v.to_dict() for k, v in terms_by_topic(table).items()}
    {'topic 0': {'海澱': 0.5, '創新': 0.3}, 'topic 1': {'醫藥': 0.6}}
    """
    return {f"topic {t}": g.set_index("term").weight for t, g in table.groupby("topic")}


def document_topics(model, corpus: BowCorpus | None = None, *, index: Sequence[str] | None = None) -> pd.DataFrame:
    """Documents x topics probability matrix (rows sum to 1, to six significant digits).

    Notes
    -----
    For a :class:`TopicModel`, its ``doc_topic`` (``corpus`` is not needed).
    For gensim's ``LdaModel``: the
    model's variational inference (``LdaModel.inference``), as
    ``get_document_topics`` runs it, without its cut-off at 1e-8.  It draws
    its starting point from the model's random state, so call it in the same
    order to get the same numbers.
    """
    if _as_matrices(model):
        return pd.DataFrame(model.doc_topic, index=index, columns=[f"topic {t}" for t in range(model.num_topics)])
    gamma, _ = model.inference(list(corpus))
    matrix = round_sig(gamma / gamma.sum(axis=1, keepdims=True))
    return pd.DataFrame(matrix, index=index, columns=[f"topic {t}" for t in range(model.num_topics)])


def typical_documents(doc_topic: pd.DataFrame, *, n: int = 40) -> pd.DataFrame:
    """At most ``n`` rows of a document-topic table: for each topic in turn, the documents it dominates most.

    For a heatmap that stays legible on any corpus: rows grouped by their
    dominant topic, the most typical first (ties by position), about
    ``n / k`` per topic.

    Examples
    --------
    >>> theta = pd.DataFrame({"topic 0": [0.9, 0.2, 0.6, 0.1], "topic 1": [0.1, 0.8, 0.4, 0.9]}, index=list("abcd"))
    >>> typical_documents(theta, n=2).index.tolist()
    ['a', 'd']
    """
    values = round_sig(doc_topic.to_numpy(dtype=np.float64))
    k = values.shape[1]
    dominant = values.argmax(axis=1)
    per_topic = max(1, n // k)
    rows: list[int] = []
    for t in range(k):
        mine = np.flatnonzero(dominant == t)
        order = np.lexsort((mine, -values[mine, t]))
        rows.extend(mine[order[:per_topic]].tolist())
    if len(rows) < n:  # topics that dominate few documents leave room: fill with the next most typical
        taken = set(rows)
        rest = [i for i in np.lexsort((np.arange(len(values)), -values.max(axis=1))) if i not in taken]
        rows.extend(rest[: n - len(rows)])
        rows.sort(key=lambda i: (dominant[i], -values[i, dominant[i]], i))
    return doc_topic.iloc[rows[:n]]


def _top_terms_table(weights: np.ndarray, terms: Sequence[str], n: int = 10) -> pd.DataFrame:
    """Each row of ``weights`` (topics x terms) as its ``n`` top terms, rounded, ties broken by the term."""
    terms = np.asarray(terms, dtype=str)
    rows = []
    for t, comp in enumerate(round_sig(np.asarray(weights, dtype=np.float64))):
        for rank, j in enumerate(top_n(comp, terms, n=n), start=1):
            rows.append({"topic": t, "rank": rank, "term": str(terms[j]), "weight": float(comp[j])})
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])


def ldavis(model, corpus: BowCorpus | None = None, dictionary=None):
    """pyLDAvis data for a :class:`TopicModel` or a gensim model (topic order kept, PCoA on Jensen–Shannon distances).

    ``corpus`` and ``dictionary`` are needed for a gensim model only.

    Its ``topic_coordinates`` table (``x``, ``y``, ``Freq``) also feeds
    :func:`textkit.output.plot.intertopic_map`, the static figure for papers.

    Notes
    -----
    The same on every machine, as far as pyLDAvis allows: its inputs (the
    topics' word distributions and :func:`document_topics`) and its outputs
    are rounded to six significant digits, and each PCoA axis, whose sign an
    eigensolver picks at random, is turned so that its largest coordinate
    (the first of equals) is positive.  Coordinates are rounded at the scale
    of the largest one, so an axis that is zero up to noise (k = 2) is zero.
    """
    import pyLDAvis

    if _as_matrices(model):
        topic_term, doc_topic = model.topic_word, model.doc_topic
        doc_lengths, vocab = model.doc_lengths, model.vocabulary
        term_frequency = model.term_frequency.astype(np.float64)
    else:
        from gensim.matutils import corpus2csc

        counts = corpus2csc(corpus, num_terms=len(dictionary))  # terms x documents
        term_frequency = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        topic_term = round_sig(model.get_topics().astype(np.float64))
        doc_topic = document_topics(model, corpus).to_numpy()
        doc_lengths = np.asarray(counts.sum(axis=0)).ravel()
        vocab = [dictionary[i] for i in range(len(dictionary))]
    term_frequency[term_frequency == 0] = 0.01  # as pyLDAvis.gensim_models: no zero frequencies
    prepared = pyLDAvis.prepare(
        topic_term_dists=topic_term,
        doc_topic_dists=doc_topic,
        doc_lengths=doc_lengths,
        vocab=vocab,
        term_frequency=term_frequency,
        mds="pcoa",
        sort_topics=False,
        n_jobs=1,
    )
    coordinates = prepared.topic_coordinates.copy()
    xy = round_to_scale(coordinates[["x", "y"]].to_numpy())
    for axis in range(xy.shape[1]):
        if xy[np.argmax(np.abs(xy[:, axis])), axis] < 0:
            xy[:, axis] = -xy[:, axis] + 0.0
    coordinates["x"], coordinates["y"] = xy[:, 0], xy[:, 1]
    return prepared._replace(
        topic_coordinates=round_sig(coordinates),
        topic_info=round_sig(prepared.topic_info),
        token_table=round_sig(prepared.token_table),
    )
