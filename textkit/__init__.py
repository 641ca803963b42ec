"""textkit: Chinese text analysis and topic modelling for notebooks.

The package is organised by pipeline stage, and data flows one way::

    load -> clean -> segment -> {keywords, topics, cooccur} -> plot / export

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
