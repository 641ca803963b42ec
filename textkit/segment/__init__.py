"""Segmentation: jieba (rjieba by default) behind a private tokenizer, aware of Traditional script.

One module per job:

* :mod:`~textkit.segment.tokenizer`: the private ``jieba.Tokenizer`` (or
  rjieba) and the projection of Traditional (and full-width) text through
  Simplified;
* :mod:`~textkit.segment.units`: URLs, e-mail addresses, @mentions,
  #topics#, [emoticons] and emoji, found before jieba runs;
* :mod:`~textkit.segment.filters`: which tokens analysis keeps (stopwords,
  part of speech, length, numbers, Latin), a pure step over cut tokens;
* :mod:`~textkit.segment.segmenter`: :class:`Segmenter`, the parameters,
  frozen into :class:`Settings` on first use;
* :mod:`~textkit.segment.cache`: :class:`SegmentCache`, segmented documents
  on disk (diskcache);
* :mod:`~textkit.segment.parallel`: :func:`segment_documents` and
  :func:`iter_segment_documents`, in order, in worker processes, through
  the cache;
* :mod:`~textkit.segment.discovery`: new words found in the corpus itself
  (n-gram counts per shard, cohesion and boundary entropy), which the
  Segmenter takes as ``discovered_words``.

Packaged dictionaries and stopword lists, and the cache folder, are in
:mod:`textkit.corpus.resources`.

Traditional text is segmented through Simplified: OpenCC converts the text
(keeping its length; Hong Kong and Taiwan variants included, Simplified text
untouched: :func:`textkit.corpus.script.normalize_script`), jieba cuts the
Simplified text, and the token boundaries are projected back onto the
original string.  Tokens therefore
come out exactly as written and ``"".join(seg.cut(text)) == text``.

Examples
--------
>>> seg = Segmenter()
>>> seg.cut("中關村科學城已聚集了華為等科技創新企業")
['中關村科學城', '已', '聚集', '了', '華為', '等', '科技創新', '企業']
>>> seg.tokenize("中關村科學城已聚集了華為等科技創新企業")
['中關村科學城', '聚集', '華為', '科技創新', '企業']
"""

from __future__ import annotations

from textkit.corpus.resources import STOPWORDS, USER_DICT, cache_dir, load_stopwords, load_user_dict
from textkit.segment.cache import SegmentCache
from textkit.segment.filters import TokenFilter, token_kind
from textkit.segment.parallel import iter_segment_documents, segment_documents
from textkit.segment.segmenter import Segmenter, Settings

__all__ = [
    "Segmenter",
    "Settings",
    "TokenFilter",
    "SegmentCache",
    "segment_documents",
    "iter_segment_documents",
    "token_kind",
    "load_stopwords",
    "load_user_dict",
    "cache_dir",
    "DEFAULT_USER_DICT",
    "DEFAULT_STOPWORDS",
]

DEFAULT_USER_DICT = USER_DICT
"""textkit's domain dictionary (:data:`textkit.corpus.resources.USER_DICT`; kept for older code)."""

DEFAULT_STOPWORDS = STOPWORDS
"""textkit's stopword list (:data:`textkit.corpus.resources.STOPWORDS`; kept for older code)."""
