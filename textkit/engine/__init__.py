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
  document table (same tokens as the store; for small corpora
  and the API);
* :mod:`~textkit.engine.progress`: progress bars (a map counts the shards
  done on the workers).

The engine imports :mod:`textkit.corpus` and :mod:`textkit.segment`; the
analyses call the engine, never the other way round.

How the notebooks use it
------------------------
* Every notebook starts with :func:`~textkit.engine.prepared.open_corpus`
  (``store=``, ``scheduler=``, ``n_jobs=``, the segmenter,
  ``discover_words``, the load options): the first notebook of a run builds
  the store under ``OUT/store`` (the runner passes it as the parameter
  ``store``), the others find its manifest.  The segmenter's settings
  (user dictionary, stopwords, ``discover_words``) are in the key, so a
  notebook with other settings gets its own store.  No notebook holds the
  table of every token; each holds reduced results:
* counts (:meth:`PreparedCorpus.counts`, counted once per run and kept in
  the store): keyness, correspondence analysis, frequent terms, the
  combined co-occurrence network, trend tests;
* per-shard passes (:meth:`PreparedCorpus.iter_shards`, ``fn(part)`` on the
  workers, results in shard order) that return a partial merged exactly:
  documents per day and group, lengths, pairs per drawn group, TF-IDF sums
  per group, the topic vocabulary's tie-breaking rows;
* per-document tables (lengths, TF-IDF top terms, document-topic shares)
  written shard by shard (:func:`textkit.output.export.save_table_parts`)
  and shown capped;
* samples by hash (:meth:`PreparedCorpus.sample`, the topic sweep's sample):
  the topic model is trained on every document when the corpus is no
  larger than the sweep's sample, else on the sample, and each document's
  topics are inferred per shard on the workers; the sweep's runs go to
  the same executor;
* KWIC scans the shards for the documents holding its terms and stops
  once every term has its lines.

Pitfalls: a per-shard function must be a module-level function (it is
pickled); its results come back to the driver, so return small things (or
one shard's rows, written as they come); Dask's own log lines go to the
kernel's stderr; store paths are made absolute (workers run in their own
folders).  With local processes (``n_jobs``) the partials are merged in
the notebook's kernel; on a cluster, on the workers.
"""
