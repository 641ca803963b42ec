"""textkit: Chinese text analysis and topic modelling for notebooks.

The package is organised in layers, and data flows one way::

    corpus (load, clean, script) -> segment -> engine (pipeline, counts, where work runs)
        -> analysis (keywords, topics, cooccur, groups, timeline) -> output (plot, export, report)

Imports run downward only: ``analysis`` never imports ``output``, ``segment``
never imports ``engine``.  The command line (:mod:`textkit.cli`) and the
notebook runner (:mod:`textkit.runner`) sit on top.

Importing :mod:`textkit` has no side effects: no dictionary is loaded, no
matplotlib setting is changed and no logging handler is installed.
"""

from __future__ import annotations

__version__ = "0.1.0"

from textkit.errors import CorpusFileError, EmptyDocumentsWarning, ParameterError, TextkitError

__all__ = [
    "__version__",
    "CorpusFileError",
    "EmptyDocumentsWarning",
    "ParameterError",
    "TextkitError",
]
