"""The topic model a run saves: used again only for the corpus and settings it was fitted with."""

from __future__ import annotations

import json

import numpy as np
import pytest

from textkit.analysis.topics import fit_topics
from textkit.analysis.topics.saved import (
    MODEL_NAME,
    corpus_fingerprint,
    fingerprint_documents,
    load_model,
    save_model,
)

DOCS = [["海澱", "科技", "創新", "企業"], ["昌平", "醫藥", "健康", "醫院"], ["海澱", "創新", "園區"], ["醫藥", "健康", "患者"]] * 6
SETTINGS = {"k": None, "k_min": 2, "k_max": 8, "iterations": 50, "no_below": 2, "random_state": 0}


@pytest.fixture(scope="module")
def model():
    return fit_topics(DOCS, k=2, iterations=50, progress_bar=False)


def test_a_saved_model_comes_back_whole_for_its_corpus_and_settings(tmp_path, model):
    path = save_model(model, tmp_path / "models", fingerprint=corpus_fingerprint(DOCS), settings=SETTINGS)
    assert path == tmp_path / "models" / f"{MODEL_NAME}.npz"
    info = json.loads((tmp_path / "models" / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
    assert info["k"] == 2 and info["kind"] == "lda" and info["settings"] == SETTINGS and info["fingerprint"].startswith("24-")
    saved = load_model(tmp_path / "models", fingerprint=corpus_fingerprint(DOCS), settings=SETTINGS)
    assert saved.usable and saved.status == "reused" and "fitted on this corpus" in saved.message
    for name in ("topic_word", "doc_topic", "doc_topic_counts", "alpha", "doc_lengths", "term_frequency"):
        assert np.array_equal(getattr(saved.model, name), getattr(model, name)), name
    assert saved.model.vocabulary == model.vocabulary and saved.model.native_model() is not None
    assert load_model(tmp_path / "models", fingerprint=corpus_fingerprint(DOCS), k=2).usable  # notebook 05: no settings, its k


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ("corpus", "other corpus", "was fitted on another corpus (fingerprint 24-"),
        ("one token", "other corpus", "was fitted on another corpus"),
        ("settings", "other settings", "other settings (iterations 50 -> 200)"),
        ("k", "other k", "has k = 2; k = 3 was asked for"),
        ("nothing saved", "none", "No topic model saved in"),
        ("broken", "unreadable", "cannot be read"),
    ],
)
def test_a_saved_model_is_never_used_for_another_corpus_settings_or_k(tmp_path, model, change, status, says):
    folder = tmp_path / "models"
    if change != "nothing saved":
        save_model(model, folder, fingerprint=corpus_fingerprint(DOCS), settings=SETTINGS)
    docs, settings, k = DOCS, SETTINGS, None
    if change == "corpus":
        docs = DOCS[:-1]
    elif change == "one token":
        docs = [*DOCS[:-1], ["醫藥", "健康", "病人"]]
    elif change == "settings":
        settings = {**SETTINGS, "iterations": 200}
    elif change == "k":
        k = 3
    elif change == "broken":
        (folder / f"{MODEL_NAME}.json").write_text("{not json", encoding="utf-8")
    saved = load_model(folder, fingerprint=corpus_fingerprint(docs), settings=settings, k=k)
    assert not saved.usable and saved.status == status and says in saved.message


def test_the_fingerprint_follows_documents_and_their_places_not_the_shards():
    whole = fingerprint_documents(DOCS, keys=range(len(DOCS)))
    shards = fingerprint_documents(DOCS[10:], keys=range(10, len(DOCS))) + fingerprint_documents(DOCS[:10], keys=range(10))
    assert whole == shards and whole.hex == corpus_fingerprint(DOCS)
    swapped = [DOCS[1], DOCS[0], *DOCS[2:]]
    assert corpus_fingerprint(swapped) != corpus_fingerprint(DOCS)
