"""The topic model of a run, saved once and used by every later view: one model, many views.

Notebook 03 chooses and fits the topic model and saves it here with what
it needs to be trusted later: its settings, its vocabulary (inside the
model) and a fingerprint of the corpus it was fitted on.  Notebook 05 (and
any later notebook) loads it, so the topics over time are 03's topics.  A
saved model is used only for the corpus it was fitted on: another corpus
(another fingerprint), other settings or another k, and it is not used,
with a sentence saying why.

* :func:`corpus_fingerprint`: a digest of every document's position and
  tokens (:class:`CorpusFingerprint` per shard, merged exactly);
* :func:`save_model` and :func:`load_model`: ``models/03_topics_model.npz``
  (:meth:`TopicModel.to_bytes`: arrays, vocabulary, the tomotopy model's
  bytes; no pickle) beside ``03_topics_model.json`` (kind, k, settings,
  fingerprint: readable by a person);

Examples
--------
>>> import tempfile
>>> from textkit.analysis.topics import fit_topics
>>> docs = [["海澱", "科技", "創新"], ["昌平", "醫藥", "健康"]] * 5
>>> model = fit_topics(docs, k=2, iterations=20, progress_bar=False)
>>> folder = tempfile.mkdtemp()
>>> path = save_model(model, folder, fingerprint=corpus_fingerprint(docs), settings={"k": None, "iterations": 20})
>>> saved = load_model(folder, fingerprint=corpus_fingerprint(docs), settings={"k": None, "iterations": 20})
>>> saved.usable, saved.model.num_topics
(True, 2)
>>> load_model(folder, fingerprint=corpus_fingerprint(docs[:4])).status
'other corpus'
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textkit.analysis.topics.models import TopicModel
from textkit.errors import ParameterError

__all__ = ["MODEL_NAME", "CorpusFingerprint", "fingerprint_documents", "corpus_fingerprint", "SavedModel", "save_model", "load_model"]

MODEL_NAME = "03_topics_model"
"""File name (without extension) of the model notebook 03 saves."""

_MODULUS = 2**256


@dataclass(frozen=True)
class CorpusFingerprint:
    """A digest of documents: their number and the sum (mod 2**256) of one SHA-256 per document.

    Each document's digest covers its key (its position in the corpus) and
    its tokens, so the fingerprint changes when a document, its tokens or
    its place changes, and not with the shards the corpus was cut into:
    :meth:`merge` adds, exactly, in any order.
    """

    documents: int = 0
    total: int = 0

    def merge(self, other: CorpusFingerprint) -> CorpusFingerprint:
        return CorpusFingerprint(self.documents + other.documents, (self.total + other.total) % _MODULUS)

    __add__ = merge

    @property
    def hex(self) -> str:
        """``documents-digest``: the number of documents and 16 hex digits of the sum."""
        return f"{self.documents}-{self.total:064x}"[: len(str(self.documents)) + 17]


def fingerprint_documents(tokens: Sequence[Sequence[str]], *, keys: Sequence) -> CorpusFingerprint:
    """The fingerprint of one shard of documents (``keys``: their positions in the corpus).

    Examples
    --------
    >>> docs = [["疫情", "口罩"], ["春節"], ["經濟"]]
    >>> whole = fingerprint_documents(docs, keys=range(3))
    >>> whole == fingerprint_documents(docs[2:], keys=[2]) + fingerprint_documents(docs[:2], keys=[0, 1])
    True
    """
    tokens = list(tokens)
    keys = list(keys)
    if len(keys) != len(tokens):
        raise ParameterError(f"{len(keys)} keys for {len(tokens)} documents")
    total = 0
    for key, toks in zip(keys, tokens):
        digest = hashlib.sha256(f"{key}\x1f".encode() + "\x1e".join(toks).encode("utf-8")).digest()
        total += int.from_bytes(digest, "big")
    return CorpusFingerprint(len(tokens), total % _MODULUS)


def corpus_fingerprint(tokens: Sequence[Sequence[str]]) -> str:
    """The fingerprint of a whole corpus of token lists, as text (``7951-3fa2…``).

    Examples
    --------
    >>> corpus_fingerprint([["疫情", "口罩"], ["春節"]]) == corpus_fingerprint([["春節"], ["疫情", "口罩"]])
    False
    """
    return fingerprint_documents(tokens, keys=range(len(tokens))).hex


@dataclass(frozen=True)
class SavedModel:
    """What :func:`load_model` found.

    Attributes
    ----------
    model : TopicModel or None
        The saved model, when it may be used for this corpus.
    status : str
        ``reused``; or why not: ``none`` (nothing saved), ``other corpus``
        (the fingerprint differs), ``other settings``, ``other k``,
        ``unreadable``.
    message : str
        The same in a sentence, for the notebook.
    path : Path
    info : dict
        The saved JSON (kind, k, settings, fingerprint), empty when there is none.
    """

    model: TopicModel | None
    status: str
    message: str
    path: Path
    info: dict

    @property
    def usable(self) -> bool:
        return self.model is not None


def _paths(folder, name: str) -> tuple[Path, Path]:
    if not name or "/" in name or "\\" in name:
        raise ParameterError(f"model name must be a plain file name without extension (got {name!r})")
    folder = Path(folder)
    return folder / f"{name}.npz", folder / f"{name}.json"


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a run that stops midway leaves the old file or the new one, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save_model(model: TopicModel, folder, *, fingerprint: str, settings: dict, name: str = MODEL_NAME) -> Path:
    """Save ``model`` with its settings and the corpus' fingerprint: ``folder/name.npz`` and ``folder/name.json``.

    Parameters
    ----------
    model : TopicModel
    folder : path
        The ``models`` folder beside the tables (created if missing).
    fingerprint : str
        :func:`corpus_fingerprint` of the documents the model was fitted on.
    settings : dict
        What decided the model (JSON-able): how k was chosen (``k`` None) or
        the k that was set, the vocabulary filter, iterations, seed.  A
        later run with other settings does not reuse it.

    Returns
    -------
    Path
        The ``.npz`` file.
    """
    npz, meta = _paths(folder, name)
    npz.parent.mkdir(parents=True, exist_ok=True)
    info = {
        "kind": getattr(model, "kind", "lda"),
        "k": int(model.num_topics),
        "documents": len(model.doc_topic),
        "vocabulary": len(model.vocabulary),
        "fingerprint": fingerprint,
        "settings": settings,
    }
    _write(npz, model.to_bytes())
    _write(meta, (json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return npz


def load_model(folder, *, fingerprint: str, settings: dict | None = None, k: int | None = None, name: str = MODEL_NAME) -> SavedModel:
    """The saved model, if it was fitted on this corpus (and with these settings, and this k).

    Parameters
    ----------
    folder : path
        The ``models`` folder.
    fingerprint : str
        :func:`corpus_fingerprint` of this run's documents.
    settings : dict, optional
        When given, the saved settings must be equal (notebook 03 reusing its
        own model); notebook 05 leaves it out, it takes 03's model as 03 chose it.
    k : int, optional
        When given, the saved model must have this many topics.

    Returns
    -------
    SavedModel
        Never raises for a missing, foreign or unreadable model: its
        ``status`` and ``message`` say why it is not used.
    """
    npz, meta = _paths(folder, name)
    shown = npz.as_posix()
    if not npz.exists() or not meta.exists():
        return SavedModel(None, "none", f"No topic model saved in {Path(folder).as_posix()}.", npz, {})
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        saved_fingerprint, saved_settings, saved_k = info["fingerprint"], info["settings"], int(info["k"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return SavedModel(None, "unreadable", f"The saved topic model {shown} cannot be read ({exc}): it is not used.", npz, {})
    if saved_fingerprint != fingerprint:
        return SavedModel(None, "other corpus", f"The saved topic model {shown} was fitted on another corpus (fingerprint {saved_fingerprint}, "
                          f"this corpus {fingerprint}): it is not used.", npz, info)
    if settings is not None and saved_settings != settings:
        changed = sorted(key for key in set(saved_settings) | set(settings) if saved_settings.get(key) != settings.get(key))
        what = ", ".join(f"{key} {saved_settings.get(key)!r} -> {settings.get(key)!r}" for key in changed)
        return SavedModel(None, "other settings", f"The saved topic model {shown} was fitted with other settings ({what}): it is not reused.",
                          npz, info)
    if k is not None and saved_k != k:
        return SavedModel(None, "other k", f"The saved topic model {shown} has k = {saved_k}; k = {k} was asked for: it is not used.", npz, info)
    try:
        model = TopicModel.from_bytes(npz.read_bytes())
    except (OSError, ValueError, KeyError) as exc:
        return SavedModel(None, "unreadable", f"The saved topic model {shown} cannot be read ({exc}): it is not used.", npz, info)
    if len(model.doc_topic) != int(fingerprint.split("-")[0]):
        return SavedModel(None, "unreadable", f"The saved topic model {shown} holds {len(model.doc_topic):,} documents, not this corpus' "
                          f"{fingerprint.split('-')[0]}: it is not used.", npz, info)
    message = (f"Using the topic model saved in {shown} ({info.get('kind', 'lda').upper()}, k = {saved_k}), "
               f"fitted on this corpus (fingerprint {fingerprint}).")
    return SavedModel(model, "reused", message, npz, info)
