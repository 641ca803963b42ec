"""Topics: LDA with honest model selection, on any corpus size.

* :func:`build_corpus` makes a gensim ``Dictionary`` and a re-iterable
  bag-of-words corpus (:class:`BowCorpus`), reporting documents left empty;
* :func:`fit_topics` trains LDA by collapsed Gibbs sampling (tomotopy, one
  worker: reproducible) on the dictionary's words and returns a
  :class:`TopicModel`; it is the notebooks' model, for long articles and
  short posts alike (``benchmarks/topics_eval.py``: NMI of the dominant topic
  against THUCNews categories 0.75 on articles and 0.39 on headlines, where
  gensim's variational LDA gets 0.73 and collapses to 0.09);
* :func:`fit_lda` trains gensim's ``LdaModel`` (single process, a fixed
  ``random_state`` gives identical topics), kept for comparison;
* :func:`sweep` trains over k x seeds, in parallel worker processes, on a
  sample of at most ``max_documents`` documents, and measures coherence
  (gensim ``CoherenceModel``: c_v, c_npmi, u_mass, every topic of every run
  in one pass) and stability across seeds (Jaccard overlap of matched
  top-10 term sets); :func:`choose_k` applies a documented rule;
* :func:`fit_nmf` is NMF on sublinear TF-IDF, for comparison.

Every table is the same on every machine: LDA trains in float64 (in
float32, two BLAS kernels give topics that differ by 1e-7), weights are
rounded to six significant digits before they are ranked, and ties are
broken by the term (:mod:`textkit.analysis._ranking`).

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
* :mod:`~textkit.analysis.topics.models`: fitting (Gibbs LDA, gensim LDA, NMF);
* :mod:`~textkit.analysis.topics.views`: top terms, document-topic tables, pyLDAvis data;
* :mod:`~textkit.analysis.topics.select`: the k x seeds sweep and the rule that picks k.

Examples
--------
>>> docs = [["海澱", "科技", "創新"], ["昌平", "醫藥", "健康"]] * 5
>>> dictionary, corpus, empty = build_corpus(docs, no_below=1, no_above=1.0)
>>> len(corpus), empty
(10, [])
"""

from __future__ import annotations

from textkit.analysis.topics.models import TopicModel, fit_gibbs_lda, fit_lda, fit_nmf, fit_topics
from textkit.analysis.topics.select import choose_k, stability, sweep
from textkit.analysis.topics.views import document_topics, ldavis, terms_by_topic, topic_terms, typical_documents
from textkit.analysis.topics.vocabulary import BowCorpus, build_corpus

__all__ = [
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
    "choose_k",
    "fit_nmf",
    "fit_gibbs_lda",
    "ldavis",
]
