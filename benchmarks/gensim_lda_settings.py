"""Why did textkit's gensim LDA score below plain gensim?  One setting at a time, several seeds.

Usage::

    python benchmarks/gensim_lda_settings.py [--seeds 0 1 2 3 4] [--k 10] [--data cnews_sample1000.txt]

On THUCNews articles (``label<TAB>text``), segmented by textkit, each
variant trains gensim ``LdaModel`` (float64, single process) with k topics
and several seeds and reports the NMI of each document's dominant topic
against its category (median and range over seeds), NPMI coherence of the
top-10 terms (median) and seconds per fit (median).  Variants change one
setting of textkit's old ``fit_lda`` (alpha and eta ``"auto"``, 400
iterations, 20 passes, vocabulary ``filter_extremes(2, 0.5, keep_n=5000)``)
or of gensim's defaults (symmetric priors, 50 iterations).  Tomotopy's
Gibbs LDA and NMF are listed for reference.  The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, read_labelled, require  # noqa: E402

# name: (filter options, LdaModel options)
OLD = {"alpha": "auto", "eta": "auto", "iterations": 400, "passes": 20}
DEFAULTS = {"passes": 10}
VARIANTS = {
    "old textkit (auto priors, 400 it., 20 passes, keep 5000)": ({"keep_n": 5000}, OLD),
    "old textkit, priors symmetric": ({"keep_n": 5000}, {**OLD, "alpha": "symmetric", "eta": None}),
    "old textkit, alpha auto only": ({"keep_n": 5000}, {**OLD, "eta": None}),
    "old textkit, eta auto only": ({"keep_n": 5000}, {**OLD, "alpha": "symmetric"}),
    "old textkit, 50 iterations": ({"keep_n": 5000}, {**OLD, "iterations": 50}),
    "gensim defaults, 10 passes, keep 5000": ({"keep_n": 5000}, DEFAULTS),
    "gensim defaults, 20 passes, keep 5000": ({"keep_n": 5000}, {"passes": 20}),
    "gensim defaults, 10 passes, keep all (benchmark's old setting)": ({"keep_n": None}, DEFAULTS),
    "gensim defaults, 10 passes, keep 2000": ({"keep_n": 2000}, DEFAULTS),
    "gensim defaults, 10 passes, no filter": (None, DEFAULTS),
    "gensim defaults, 10 passes, keep 5000, tokens of 2+ characters": ({"keep_n": 5000, "min_length": 2}, DEFAULTS),
}


def fit_gensim(tokens, labels, filt, options, seed):
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel
    from sklearn.metrics import normalized_mutual_info_score

    if filt and filt.get("min_length"):
        tokens = [[t for t in doc if len(t) >= filt["min_length"]] for doc in tokens]
    dictionary = Dictionary(tokens)
    if filt is not None:
        dictionary.filter_extremes(no_below=2, no_above=0.5, keep_n=filt.get("keep_n"))
    corpus = [dictionary.doc2bow(t) for t in tokens]
    t0 = time.perf_counter()
    model = LdaModel(corpus=corpus, id2word=dictionary, num_topics=K, random_state=seed, eval_every=None, dtype=np.float64, **options)
    seconds = time.perf_counter() - t0
    gamma, _ = model.inference(corpus)
    top = [[dictionary[i] for i, _ in model.get_topic_terms(t, topn=10)] for t in range(K)]
    return normalized_mutual_info_score(labels, gamma.argmax(axis=1)), top, seconds


def fit_other(name, tokens, labels, seed):
    from sklearn.metrics import normalized_mutual_info_score

    from textkit.analysis.topics import build_corpus, document_topics, fit_gibbs_lda, fit_nmf, fit_topics, topic_terms

    t0 = time.perf_counter()
    if "keep 5000" in name:  # what notebook 03 does: the vocabulary of build_corpus
        dictionary, _, _ = build_corpus(tokens, no_below=2, no_above=0.5, keep_n=5000)
        t0 = time.perf_counter()
        model = fit_topics(tokens, k=K, dictionary=dictionary, random_state=seed, progress_bar=False)
        terms, theta = topic_terms(model), document_topics(model)
    else:
        terms, theta = (fit_gibbs_lda if name.startswith("gibbs") else fit_nmf)(tokens, k=K, random_state=seed)
    seconds = time.perf_counter() - t0
    top = [g.sort_values("rank").term.tolist() for _, g in terms.groupby("topic")]
    return normalized_mutual_info_score(labels, theta.to_numpy().argmax(axis=1)), top, seconds


def npmi(topics, tokens) -> float:
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    dictionary = Dictionary(tokens)
    topics = [[t for t in topic if t in dictionary.token2id] for topic in topics]
    return float(CoherenceModel(topics=topics, texts=tokens, dictionary=dictionary, coherence="c_npmi", topn=10, processes=1).get_coherence())


def main(argv=None):
    global K
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=eval_dir() / "thucnews" / "cnews_sample1000.txt")
    ap.add_argument("--format", choices=["title-tab-label", "label-tab-text"], default="label-tab-text")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--only", nargs="*", help="variant names containing one of these strings")
    args = ap.parse_args(argv)
    K = args.k
    require(args.data)
    from textkit.segment import Segmenter, segment_documents

    texts, labels = read_labelled(args.data, args.format)
    tokens = [[t for s in doc for t in s] for doc in segment_documents(texts, Segmenter())]
    rows = []
    names = list(VARIANTS) + ["gibbs LDA (tomotopy, 200 it., min_cf 2)", "gibbs LDA (tomotopy, 200 it.), vocabulary keep 5000 (notebook 03)",
                              "NMF (sublinear TF-IDF)"]
    for name in names:
        if args.only and not any(o in name for o in args.only):
            continue
        nmis, cohs, secs = [], [], []
        for seed in args.seeds:
            if name in VARIANTS:
                nmi, top, sec = fit_gensim(tokens, labels, *VARIANTS[name], seed)
            else:
                nmi, top, sec = fit_other(name, tokens, labels, seed)
            nmis.append(nmi)
            cohs.append(npmi(top, tokens))
            secs.append(sec)
        row = {"variant": name, "nmi_median": round(statistics.median(nmis), 3), "nmi_min": round(min(nmis), 3),
               "nmi_max": round(max(nmis), 3), "c_npmi_median": round(statistics.median(cohs), 3),
               "seconds_median": round(statistics.median(secs), 2), "nmi": [round(x, 3) for x in nmis]}
        rows.append(row)
        print(f"{name:<70} NMI {row['nmi_median']:.3f} ({row['nmi_min']:.3f}-{row['nmi_max']:.3f})  "
              f"c_npmi {row['c_npmi_median']:+.3f}  {row['seconds_median']:6.2f} s", flush=True)
    print(json.dumps(rows, ensure_ascii=False))


K = 10

if __name__ == "__main__":
    main()
