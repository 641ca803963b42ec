"""Where work runs: the corpus prepared once, counted per shard, locally or on a cluster.

* :mod:`~textkit.engine.pipeline`: load, clean, remove repeated boilerplate, segment;
* :mod:`~textkit.engine.progress`: progress bars.

The engine imports :mod:`textkit.corpus` and :mod:`textkit.segment`; the
analyses call the engine, never the other way round.
"""
