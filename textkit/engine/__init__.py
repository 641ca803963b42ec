"""Where work runs: the corpus prepared once into a store, counted per shard, on this machine or a Dask cluster.

One code path, three executors (:mod:`~textkit.engine.executor`): this
process, ``n_jobs`` local processes, or the workers of a ``dask.distributed``
cluster (:mod:`~textkit.engine.cluster`: ``tcp://HOST:PORT``, a scheduler
file, ``auto``, ``local``).  Only the executor differs; every stage is a
task over shards.

Modules, in the order data flows:

* :mod:`~textkit.engine.shards`: the corpus read as a stream and cut into
  shards of about a million characters, by the input alone (never by the
  number of workers); samples hash a document's row and a seed;
* :mod:`~textkit.engine.build`: the passes that make the corpus store
  (A: read + clean + count repeated sentences [+ the hooks of
  :class:`~textkit.engine.build.CorpusPass`, e.g. new-word discovery],
  reduced on the workers; B: remove repeated sentences + segment, each shard
  written as a Parquet part);
* :mod:`~textkit.engine.store`: the store, a partitioned Parquet dataset
  under ``OUT/store/KEY`` with a manifest written last (reused by every
  notebook and rerun with the same key; tokens as ``list<string>``, read
  back as integer ids + a vocabulary);
* :mod:`~textkit.engine.counts`: one pass per part (vocabulary, document
  frequency, group x term, day/month x term, window co-occurrence),
  partials merged exactly, rare pairs pruned by a documented rule,
  filtered once on the totals;
* :mod:`~textkit.engine.reduce`: the merge tree, fixed by the shard index,
  so float sums are the same everywhere;
* :mod:`~textkit.engine.prepared`: :func:`~textkit.engine.prepared.open_corpus`
  -> :class:`~textkit.engine.prepared.PreparedCorpus` with ``counts()``,
  ``documents(columns, limit)``, ``sample(n)``, ``map_shards(fn)``: what
  the analyses call;
* :mod:`~textkit.engine.pipeline`: ``prepare_documents``, the in-memory
  document table the notebooks use today (same tokens as the store);
* :mod:`~textkit.engine.progress`: progress bars (a map counts the shards
  done on the workers).

The engine imports :mod:`textkit.corpus` and :mod:`textkit.segment`; the
analyses call the engine, never the other way round.

Design note for phase 2 (wiring the notebooks)
-----------------------------------------------
* Done: every notebook calls :func:`~textkit.engine.prepared.corpus_documents`
  (``store=``, ``scheduler=``, ``n_jobs=``, the segmenter, ``discover_words``,
  the load options): the first notebook of a run builds the store under
  ``OUT/store`` (the runner passes it as the parameter ``store``), the
  others find its manifest, and each gets the document table of
  ``prepare_documents`` (new-word discovery included: passes A' of
  :mod:`~textkit.engine.build`).  The segmenter's settings (user
  dictionary, stopwords, ``discover_words``) are in the key, so a notebook
  with other settings gets its own store.  The analyses still take that
  table; the steps below move them to the counts.
* Keywords, keyness, correspondence analysis, trends and co-occurrence take
  :class:`~textkit.engine.counts.Counts` (``vocabulary(min_df=, max_df=,
  top_n=)``, ``group_terms()``, ``by_period(period)``, ``pairs(min_freq=)``)
  instead of token lists: the driver holds vocabulary x groups/periods and
  the restricted pair matrix only.  ``pairs()`` gives what
  ``textkit.analysis.cooccur.count_cooccurrence(min_freq=…)`` counts;
  ``Cooccurrence`` can be built from it directly.
* Per-document tables (TF-IDF top terms, document-topic shares) run in
  ``map_shards`` with :func:`~textkit.engine.counts.document_term` against
  the reduced vocabulary, each shard writing its rows; notebooks show them
  capped (``documents(limit=…)``).  KWIC reads ``documents(["doc_id",
  "text", …])`` of the documents it needs.
* Topic models: fit on ``sample(n)`` (the sweep's sample; a hash of row and
  seed), infer per shard with ``map_shards`` (tomotopy ``saves()`` bytes
  passed through ``executor.share``, ``infer(workers=1)``).
* A new corpus-level count (topic NPMI co-document counts, new-word
  n-grams) follows the contract of ``count_x(shard) -> partial``,
  ``partial.merge``, ``finalize``: plug it into ``executor.map`` +
  ``executor.reduce`` as :meth:`PreparedCorpus.counts` does.
* Pitfalls: a ``map_shards`` function must be a module-level function (it
  is pickled); results come back to the driver, so return small things;
  Dask's own log lines go to the kernel's stderr (silence
  ``distributed`` loggers in the notebooks' kernels); store paths are made
  absolute (workers run in their own folders).
"""
