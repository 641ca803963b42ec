"""Topic models against real categories: NMI and purity of the dominant topic.

Usage::

    python benchmarks/topics_eval.py --data titles_test.txt --format title-tab-label [--k 10]
    python benchmarks/topics_eval.py --data cnews_sample1000.txt --format label-tab-text
    python benchmarks/topics_eval.py --all        # both THUCNews sets from $TEXTKIT_EVAL_DIR

Models, all with k topics and seed 0:

* ``gensim-lda``: gensim ``LdaModel``, variational Bayes, 10 passes (textkit's ``fit_lda`` settings otherwise);
* ``sklearn-lda``: scikit-learn ``LatentDirichletAllocation``, batch, 20 iterations;
* ``nmf``: textkit ``fit_nmf`` (NMF on sublinear TF-IDF);
* ``gibbs-lda``: textkit ``fit_gibbs_lda`` (tomotopy, collapsed Gibbs sampling, 200 iterations).

Each row reports NMI and purity of the dominant topic against the labels,
training seconds, and NPMI coherence of the top-10 terms (gensim
``CoherenceModel``, ``c_npmi``).  The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, read_labelled, require  # noqa: E402


def purity(labels: list[str], clusters: np.ndarray) -> float:
    import pandas as pd

    table = pd.crosstab(pd.Series(clusters, name="topic"), pd.Series(labels, name="label"))
    return float(table.max(axis=1).sum() / len(labels))


def run_models(tokens: list[list[str]], k: int, passes: int = 10) -> dict[str, tuple[np.ndarray, list[list[str]], float]]:
    """Dominant topic per document, top-10 terms per topic and seconds, per model."""
    from textkit.topics import build_corpus, document_topics, fit_gibbs_lda, fit_lda, fit_nmf, topic_terms

    out = {}
    t0 = time.perf_counter()
    dictionary, corpus, _ = build_corpus(tokens, no_below=2, no_above=0.5, keep_n=None)
    model = fit_lda(corpus, dictionary, k=k, random_state=0, passes=passes, iterations=50)
    theta = document_topics(model, corpus).to_numpy()
    terms = topic_terms(model, n=10)
    out["gensim-lda"] = (theta.argmax(axis=1), _term_lists(terms), time.perf_counter() - t0)

    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    t0 = time.perf_counter()
    vec = CountVectorizer(analyzer=lambda d: d, min_df=2, max_df=0.5)
    X = vec.fit_transform(tokens)
    lda = LatentDirichletAllocation(n_components=k, random_state=0, max_iter=20, learning_method="batch")
    theta = lda.fit_transform(X)
    names = vec.get_feature_names_out()
    top = [[names[j] for j in np.argsort(-comp, kind="stable")[:10]] for comp in lda.components_]
    out["sklearn-lda"] = (theta.argmax(axis=1), top, time.perf_counter() - t0)

    for name, fit in (("nmf", fit_nmf), ("gibbs-lda", fit_gibbs_lda)):
        t0 = time.perf_counter()
        terms, theta = fit(tokens, k=k, random_state=0)
        out[name] = (theta.to_numpy().argmax(axis=1), _term_lists(terms), time.perf_counter() - t0)
    return out


def _term_lists(terms) -> list[list[str]]:
    return [g.sort_values("rank").term.tolist() for _, g in terms.groupby("topic")]


def coherence(topics: list[list[str]], tokens: list[list[str]]) -> float:
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    dictionary = Dictionary(tokens)
    topics = [[t for t in topic if t in dictionary.token2id] for topic in topics]
    topics = [t for t in topics if len(t) >= 2]
    cm = CoherenceModel(topics=topics, texts=tokens, dictionary=dictionary, coherence="c_npmi", topn=10, processes=1)
    return float(cm.get_coherence())


def evaluate(path: Path, fmt: str, k: int) -> list[dict]:
    from sklearn.metrics import normalized_mutual_info_score

    from textkit.segment import Segmenter

    texts, labels = read_labelled(path, fmt)
    seg = Segmenter()
    t0 = time.perf_counter()
    tokens = [seg.tokenize(t) for t in texts]
    seg_seconds = time.perf_counter() - t0
    rows = []
    for name, (clusters, topics, seconds) in run_models(tokens, k).items():
        rows.append({
            "data": path.name,
            "documents": len(texts),
            "model": name,
            "k": k,
            "nmi": round(float(normalized_mutual_info_score(labels, clusters)), 4),
            "purity": round(purity(labels, clusters), 4),
            "seconds": round(seconds, 2),
            "segment_seconds": round(seg_seconds, 2),
            "c_npmi": round(coherence(topics, tokens), 4),
        })
        r = rows[-1]
        print(f"{r['data']:<22} {name:<12} k={k:<3} NMI {r['nmi']:.4f}  purity {r['purity']:.4f}  {r['seconds']:7.2f} s  c_npmi {r['c_npmi']:+.4f}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="labelled texts")
    ap.add_argument("--format", choices=["title-tab-label", "label-tab-text"], default="title-tab-label")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--all", action="store_true", help="THUCNews headlines and articles from $TEXTKIT_EVAL_DIR")
    args = ap.parse_args(argv)
    if args.all:
        base = require(eval_dir() / "thucnews")
        runs = [(base / "titles_test.txt", "title-tab-label"), (base / "cnews_sample1000.txt", "label-tab-text")]
    elif args.data:
        runs = [(require(args.data), args.format)]
    else:
        ap.error("give --data FILE (with --format), or --all")
    rows = [r for path, fmt in runs for r in evaluate(path, fmt, args.k)]
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
