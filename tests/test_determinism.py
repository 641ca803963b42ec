"""The same bytes on every machine: rounding, tie-breaking, and results that survive last-bit noise.

Each ``*_survive_noise`` test computes results on the seed corpus, then again
with relative noise of 1e-12 on everything textkit reads from its libraries
(``perturbation.patch_all``: model outputs, matrices, layouts, PCoA with the
other sign), and asserts identical tables and figure bytes.  Another CPU
changes floats in their last bits only; 1e-12 is ten thousand times more.
The notebooks get the same treatment in ``test_notebooks.py``.
"""

from __future__ import annotations

import math
import os
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perturbation
from conftest import SEED_DIR
from textkit.analysis._ranking import DIGITS, round_sig, round_to_scale, top_n, top_series


@pytest.fixture(scope="module")
def docs():
    from textkit.engine.pipeline import prepare_documents

    return prepare_documents(SEED_DIR)


def _same(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            _same(a[k], b[k])
    else:
        assert a == b


def _figure_bytes(fig, folder) -> dict[str, bytes]:
    from textkit.output.plot import save_figure

    return {p.suffix: p.read_bytes() for p in save_figure(fig, "figure", folder=folder, formats=("png", "svg"))}


def _twice(compute, monkeypatch):
    """``compute()`` as it is, then under perturbation (undone by monkeypatch after the test)."""
    clean = compute()
    perturbation.patch_all(monkeypatch.setattr)
    return clean, compute()


# --- the helpers themselves ---------------------------------------------------------------

@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_sig_is_decimal_rounding_and_idempotent(x):
    r = round_sig(x)
    assert r == float(f"{x:.{DIGITS - 1}e}")  # Python's correctly rounded decimal conversion
    assert round_sig(r) == r
    assert math.copysign(1.0, r) == math.copysign(1.0, x) or r == 0.0


def test_round_sig_keeps_types_and_drops_negative_zero():
    assert math.copysign(1.0, round_sig(-0.0)) == 1.0
    table = round_sig(pd.DataFrame({"詞": ["推進", "合作"], "次數": [3, 3], "權重": [2 / 3, -1e-300 / 3]}))
    assert table.次數.dtype == np.int64 and table.詞.tolist() == ["推進", "合作"]
    assert table.權重.tolist() == [0.666667, -3.33333e-301]
    assert round_sig(np.array([np.nan, np.inf, 1])).tolist()[1:] == [np.inf, 1]


def test_round_to_scale_rounds_noise_around_zero_to_zero():
    axis = np.array([0.18, -0.18, 3e-17])
    assert round_to_scale(axis).tolist() == [0.18, -0.18, 0.0]
    assert round_to_scale(axis * (1 + 1e-12)).tolist() == round_to_scale(axis).tolist()
    # A layout scaled to exactly 1 that comes out as 0.999…9 elsewhere keeps its decimal places.
    layout = np.array([1.0, -0.3123456789])
    assert round_to_scale(layout * (1 - 1e-12)).tolist() == round_to_scale(layout).tolist() == [1.0, -0.31235]


def test_top_n_breaks_ties_by_the_term_whatever_the_noise():
    # Two topic terms that share a weight (issue 13): their order must not follow the noise.
    terms = np.array(["推進", "合作", "創新", "海澱", "昌平"])
    weights = np.array([0.0283176, 0.0283176, 0.05, 0.01, np.nan])
    expected = ["創新", "合作", "推進", "海澱", "昌平"]
    rng = np.random.default_rng(0)
    for _ in range(20):
        noisy = weights * (1 + 1e-12 * rng.uniform(-1, 1, len(weights)))
        assert terms[top_n(noisy, terms)].tolist() == expected
    assert terms[top_n(weights, terms, n=2, ascending=True)].tolist() == ["海澱", "合作"]
    assert top_series({"推進": 3, "合作": 3, "創新": 5}).index.tolist() == ["創新", "合作", "推進"]
    with pytest.raises(ValueError, match="same length"):
        top_n(weights, terms[:2])


def test_describe_top_terms_do_not_depend_on_document_order(docs):
    from textkit.analysis.describe import top_terms

    tokens = docs.tokens.tolist()
    forward, backward = top_terms(tokens, n=30), top_terms(tokens[::-1], n=30)
    _same(forward, backward)
    assert forward.duplicated().any()  # there are ties to break
    for count, group in forward.groupby(forward, sort=False):
        assert list(group.index) == sorted(group.index)


def test_save_table_writes_the_same_bytes_for_noisy_floats(tmp_path):
    from textkit.output.export import save_table

    table = pd.DataFrame({"term": ["推進", "合作", "創新"], "weight": [0.028317612345, 1 / 3, -0.0]})
    noisy = table.assign(weight=table.weight * (1 + np.array([1e-12, -1e-12, 0])))
    a, b = save_table(table, "a", folder=tmp_path), save_table(noisy, "b", folder=tmp_path)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text(encoding="utf-8-sig").splitlines()[1:] == ["推進,0.0283176", "合作,0.333333", "創新,0"]


# --- every module's outputs under noise ----------------------------------------------------

def test_keyword_tables_survive_noise(docs, monkeypatch):
    from textkit.analysis.keywords import keyness, similarity, textrank, tfidf_matrix, top_terms_per_document, top_terms_per_group

    def compute():
        vec, X = tfidf_matrix(docs.tokens.tolist())
        terms = vec.get_feature_names_out()
        article, headlines = docs.tokens[docs.group == "article"], docs.tokens[docs.group == "headlines"]
        return {
            "per_document": top_terms_per_document(X, terms, docs.label.tolist(), n=5),
            "per_group": top_terms_per_group(X, terms, docs.group.tolist(), n=15),
            "textrank": textrank([s for doc in docs.sentences for s in doc], n=20),
            "keyness": keyness(article, headlines, min_freq=2),
            "similarity": similarity(headlines.tolist(), article.tolist(), row_labels=[f"H{i}" for i in range(len(headlines))],
                                     column_labels=[f"P{i}" for i in range(len(article))]),
        }

    clean, noisy = _twice(compute, monkeypatch)
    _same(clean, noisy)
    assert {"sklearn.TfidfVectorizer.fit_transform", "textkit.analysis.keywords._pagerank", "numpy.log", "sklearn.cosine_similarity"} <= perturbation.fired()
    per_document = clean["per_document"]
    assert per_document.duplicated(["document", "tfidf"]).any()  # tied weights, ordered by the term
    for _, tied in per_document.groupby(["document", "tfidf"]):
        assert tied.term.tolist() == sorted(tied.term)


def test_cooccurrence_tables_and_network_figure_survive_noise(docs, monkeypatch, tmp_path):
    from textkit.analysis.cooccur import associations, build_network, centrality, count_cooccurrence
    from textkit.output.plot import network

    runs = iter(("clean", "noisy"))

    def compute():
        co = count_cooccurrence(docs.sentences.tolist(), window=5, min_freq=3)
        edges = associations(co, min_count=2)
        graph = build_network(co, edges, measure="npmi", max_edges=50, seed=0)
        return {
            "edges": edges,
            "centrality": centrality(graph),
            "figure": _figure_bytes(network(graph, title="共現網絡", seed=0), tmp_path / next(runs)),
        }

    clean, noisy = _twice(compute, monkeypatch)
    _same(clean, noisy)
    assert {"networkx.spring_layout", "networkx.betweenness_centrality", "numpy.log2"} <= perturbation.fired()
    assert clean["edges"].duplicated("g2").any()  # ties in G², ordered by the terms


def test_topic_tables_and_figures_survive_noise(docs, monkeypatch, tmp_path):
    from textkit.output.plot import heatmap, intertopic_map
    from textkit.analysis.topics import (
        build_corpus,
        choose_k,
        document_topics,
        fit_gibbs_lda,
        fit_lda,
        fit_nmf,
        ldavis,
        sweep,
        topic_terms,
    )
    from textkit.output.report import ldavis_html

    tokens = docs.tokens.tolist()
    headlines = docs.tokens[docs.group == "headlines"].tolist()
    dictionary, bow, _ = build_corpus(tokens)
    runs = iter(("clean", "noisy"))

    def compute():
        gibbs = fit_gibbs_lda(headlines, k=3, iterations=50)[0]  # first: importing pyLDAvis shows every DeprecationWarning
        model = fit_lda(bow, dictionary, k=3, random_state=0, passes=5)
        theta = document_topics(model, bow, index=docs.label.tolist())
        vis = ldavis(model, bow, dictionary)
        scores = sweep(tokens, dictionary, ks=[2, 3], seeds=[0, 1], iterations=30)
        run = tmp_path / next(runs)
        return {
            "terms": topic_terms(model, n=10),
            "theta": theta,
            "sweep": scores.table,
            "choice": choose_k(scores)["summary"],
            "nmf": fit_nmf(headlines, k=3)[0],
            "gibbs": gibbs,
            "coordinates": vis.topic_coordinates,
            "ldavis_html": ldavis_html(vis),
            "heatmap": _figure_bytes(heatmap(theta), run / "heatmap"),
            "map": _figure_bytes(intertopic_map(vis.topic_coordinates), run / "map"),
        }

    clean, noisy = _twice(compute, monkeypatch)
    _same(clean, noisy)
    assert {
        "gensim.LdaModel.get_topics",
        "gensim.LdaModel.inference",
        "sklearn.NMF.components_",
        "tomotopy.LDAModel.get_topic_word_dist",
        "pyLDAvis.js_PCoA",
    } <= perturbation.fired()
    # One tomotopy build on every CPU (its builds sample different topics on a few thousand headlines).
    assert sys.modules["tomotopy"].isa == os.environ.get("TOMOTOPY_ISA", "sse2")
    terms = clean["terms"]
    assert terms.duplicated(["topic", "weight"]).any() or clean["gibbs"].duplicated(["topic", "weight"]).any()
    # The largest coordinate of each axis is positive, whatever sign the eigensolver gave.
    xy = clean["coordinates"][["x", "y"]].to_numpy()
    for axis in xy.T:
        if axis.any():
            assert axis[np.argmax(np.abs(axis))] > 0
