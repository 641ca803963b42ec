"""Topics: a model that fits the texts, k chosen on several criteria, on any corpus size.

* :func:`build_corpus` makes a gensim ``Dictionary`` and a re-iterable
  bag-of-words corpus (:class:`BowCorpus`), reporting documents left empty;
* :func:`choose_model` picks the model from the texts' lengths: a
  short-text model (DMM, :func:`fit_dmm`) for headlines and posts, Gibbs
  LDA (:func:`fit_topics`, tomotopy, one worker: reproducible) for longer
  documents; :func:`fit_model` fits any of :data:`MODELS` (also PTM,
  :func:`fit_ptm`, and BTM, :func:`fit_btm`);
* :func:`search_k` chooses k: a grid scaled to the corpus
  (:func:`k_grid`), a k x seeds :func:`sweep` in parallel worker processes
  on a sample, scored on held-out likelihood, coherence (NPMI),
  exclusivity (FREX) and residual dispersion
  (:mod:`~textkit.analysis.topics.criteria`, counted per shard), and the
  rule of :func:`choose_k`; :func:`topic_stability` says which topics come
  back under other seeds;
* :func:`fit_lda` trains gensim's ``LdaModel`` and :func:`fit_nmf` NMF on
  sublinear TF-IDF, for comparison.

Every table is the same on every machine: weights are rounded to six
significant digits before they are ranked, and ties are broken by the term
(:mod:`textkit.analysis._ranking`).

The model interface (stable names)
---------------------------------
Every fitted model, LDA or short-text, is a :class:`TopicModel` with
``kind`` (``"lda"``, ``"dmm"``, ``"pt"``, ``"btm"``), ``topic_word``
(topics x vocabulary), ``vocabulary``, ``doc_topic`` (documents x topics),
``doc_lengths``, ``term_frequency``, ``doc_topic_counts`` (documents x
topics: the sampler's last state, tokens per topic; for ``dmm`` the
posterior over topics), ``alpha`` (document-topic prior), ``eta``,
``settings``; ``draw_doc_topic(n, random_state=…)`` draws document-topic
proportions (method of composition); ``to_bytes()`` / ``TopicModel.from_bytes()``
save and load the whole object, ``native`` holds the tomotopy model's
``saves()`` bytes and ``native_model()`` loads it.

One module per job:

* :mod:`~textkit.analysis.topics.vocabulary`: the dictionary and bags of words;
* :mod:`~textkit.analysis.topics.models`: the model interface, fitting (Gibbs LDA, gensim LDA, NMF);
* :mod:`~textkit.analysis.topics.short`: short-text models (DMM, PTM, BTM);
* :mod:`~textkit.analysis.topics.criteria`: what a k is scored on, counted per shard;
* :mod:`~textkit.analysis.topics.views`: top terms, document-topic tables, pyLDAvis data;
* :mod:`~textkit.analysis.topics.select`: the model for the texts, the grid, the sweep and the rule that picks k;
* :mod:`~textkit.analysis.topics.shards`: what runs per shard of the corpus store (the vocabulary's totals, the sample, inference).

Examples
--------
>>> docs = [["海澱", "科技", "創新"], ["昌平", "醫藥", "健康"]] * 5
>>> dictionary, corpus, empty = build_corpus(docs, no_below=1, no_above=1.0)
>>> len(corpus), empty
(10, [])
"""

from __future__ import annotations

from textkit.analysis.topics.models import MODELS, TopicModel, fit_gibbs_lda, fit_lda, fit_model, fit_nmf, fit_topics
from textkit.analysis.topics.select import (
    Sweep,
    check_k,
    choose_k,
    choose_model,
    k_grid,
    search_k,
    stability,
    sweep,
    sweep_share,
    topic_stability,
)
from textkit.analysis.topics.short import fit_btm, fit_dmm, fit_ptm
from textkit.analysis.topics.views import document_topics, ldavis, terms_by_topic, topic_terms, typical_documents
from textkit.analysis.topics.shards import document_topic_parts, infer_doc_topic, sample_documents, topic_corpus
from textkit.analysis.topics.vocabulary import BowCorpus, build_corpus, vocabulary_from_counts

__all__ = [
    "MODELS",
    "Sweep",
    "check_k",
    "choose_model",
    "fit_model",
    "fit_dmm",
    "fit_ptm",
    "fit_btm",
    "k_grid",
    "search_k",
    "topic_stability",
    "BowCorpus",
    "TopicModel",
    "build_corpus",
    "fit_topics",
    "typical_documents",
    "fit_lda",
    "topic_terms",
    "terms_by_topic",
    "document_topics",
    "stability",
    "sweep",
    "sweep_share",
    "topic_corpus",
    "sample_documents",
    "document_topic_parts",
    "infer_doc_topic",
    "vocabulary_from_counts",
    "choose_k",
    "fit_nmf",
    "fit_gibbs_lda",
    "ldavis",
]
