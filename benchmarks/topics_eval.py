"""Topic models against real categories: NMI and purity of the dominant topic, over several seeds.

Usage::

    python benchmarks/topics_eval.py --data titles_test.txt --format title-tab-label [--k 10] [--seeds 0 1 2]
    python benchmarks/topics_eval.py --data cnews_sample1000.txt --format label-tab-text
    python benchmarks/topics_eval.py --all        # both THUCNews sets from $TEXTKIT_EVAL_DIR

Models, all with k topics, on textkit's tokens and the vocabulary notebook
03 uses (``build_corpus``: ``no_below=2``, ``no_above=0.5``,
``keep_n=5000``):

* ``gibbs-lda``: ``fit_topics`` (tomotopy, collapsed Gibbs sampling, 200
  iterations): notebook 03's model, for the sweep and the final model;
* ``gensim-lda``: ``fit_lda`` (gensim ``LdaModel``, 20 passes, 50 iterations);
* ``sklearn-lda``: scikit-learn ``LatentDirichletAllocation``, batch, 20 iterations;
* ``nmf``: ``fit_nmf`` (NMF on sublinear TF-IDF; deterministic: no spread over seeds).

Each row reports, over the seeds, the median and range of the NMI of the
dominant topic against the labels, the median purity, the median
training seconds, and the median NPMI coherence of the top-10 terms
(gensim ``CoherenceModel``, ``c_npmi``).  The spread between seeds is
large: compare medians and ranges, not one seed.  The last line printed
is a JSON summary.
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


def run_models(tokens: list[list[str]], k: int, seed: int) -> dict[str, tuple[np.ndarray, list[list[str]], float]]:
    """Dominant topic per document, top-10 terms per topic and seconds, per model."""
    from textkit.analysis.topics import build_corpus, document_topics, fit_lda, fit_nmf, fit_topics, topic_terms

    dictionary, corpus, _ = build_corpus(tokens, no_below=2, no_above=0.5, keep_n=5000)
    out = {}
    t0 = time.perf_counter()
    model = fit_topics(tokens, k=k, dictionary=dictionary, random_state=seed, progress_bar=False)
    out["gibbs-lda"] = (model.doc_topic.argmax(axis=1), _term_lists(topic_terms(model, n=10)), time.perf_counter() - t0)

    t0 = time.perf_counter()
    model = fit_lda(corpus, dictionary, k=k, random_state=seed)
    theta = document_topics(model, corpus).to_numpy()
    out["gensim-lda"] = (theta.argmax(axis=1), _term_lists(topic_terms(model, n=10)), time.perf_counter() - t0)

    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    t0 = time.perf_counter()
    vec = CountVectorizer(analyzer=lambda d: d, vocabulary=sorted(dictionary.token2id))
    X = vec.fit_transform(tokens)
    lda = LatentDirichletAllocation(n_components=k, random_state=seed, max_iter=20, learning_method="batch")
    theta = lda.fit_transform(X)
    names = vec.get_feature_names_out()
    top = [[names[j] for j in np.argsort(-comp, kind="stable")[:10]] for comp in lda.components_]
    out["sklearn-lda"] = (theta.argmax(axis=1), top, time.perf_counter() - t0)

    t0 = time.perf_counter()
    terms, theta = fit_nmf(tokens, k=k, random_state=seed, dictionary=dictionary)
    out["nmf"] = (theta.to_numpy().argmax(axis=1), _term_lists(terms), time.perf_counter() - t0)
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


def evaluate(path: Path, fmt: str, k: int, seeds: list[int]) -> list[dict]:
    import statistics

    from sklearn.metrics import normalized_mutual_info_score

    from textkit.segment import Segmenter, segment_documents

    texts, labels = read_labelled(path, fmt)
    t0 = time.perf_counter()
    tokens = [[t for s in doc for t in s] for doc in segment_documents(texts, Segmenter())]
    seg_seconds = time.perf_counter() - t0
    runs: dict[str, list[dict]] = {}
    for seed in seeds:
        for name, (clusters, topics, seconds) in run_models(tokens, k, seed).items():
            runs.setdefault(name, []).append({
                "nmi": float(normalized_mutual_info_score(labels, clusters)),
                "purity": purity(labels, clusters),
                "seconds": seconds,
                "c_npmi": coherence(topics, tokens),
            })
    rows = []
    for name, results in runs.items():
        nmi = [r["nmi"] for r in results]
        row = {
            "data": path.name,
            "documents": len(texts),
            "model": name,
            "k": k,
            "seeds": seeds,
            "nmi_median": round(statistics.median(nmi), 3),
            "nmi_min": round(min(nmi), 3),
            "nmi_max": round(max(nmi), 3),
            "purity_median": round(statistics.median(r["purity"] for r in results), 3),
            "seconds_median": round(statistics.median(r["seconds"] for r in results), 2),
            "c_npmi_median": round(statistics.median(r["c_npmi"] for r in results), 3),
            "segment_seconds": round(seg_seconds, 2),
        }
        rows.append(row)
        print(f"{row['data']:<22} {name:<12} k={k:<3} NMI {row['nmi_median']:.3f} ({row['nmi_min']:.3f}-{row['nmi_max']:.3f})  "
              f"purity {row['purity_median']:.3f}  {row['seconds_median']:6.2f} s  c_npmi {row['c_npmi_median']:+.3f}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="labelled texts")
    ap.add_argument("--format", choices=["title-tab-label", "label-tab-text"], default="title-tab-label")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--all", action="store_true", help="THUCNews headlines and articles from $TEXTKIT_EVAL_DIR")
    args = ap.parse_args(argv)
    if args.all:
        base = require(eval_dir() / "thucnews")
        runs = [(base / "titles_test.txt", "title-tab-label"), (base / "cnews_sample1000.txt", "label-tab-text")]
    elif args.data:
        runs = [(require(args.data), args.format)]
    else:
        ap.error("give --data FILE (with --format), or --all")
    rows = [r for path, fmt in runs for r in evaluate(path, fmt, args.k, args.seeds)]
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
