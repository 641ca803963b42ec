"""Which topic model for short texts: DMM, PTM, BTM against Gibbs LDA and NMF, and where "short" ends.

Usage::

    python benchmarks/short_texts.py                 # Weibo posts labelled by their hashtag ($TEXTKIT_EVAL_DIR)
    python benchmarks/short_texts.py --lengths 6 10 15 25 40 0   # the same posts cut to N tokens (0: whole)
    python benchmarks/short_texts.py --concat 4 --models lda dmm   # four posts of one hashtag joined: longer texts
    python benchmarks/short_texts.py --heldout --join 1 2 4 8 --k 20   # where LDA predicts held-out words better than DMM
    python benchmarks/short_texts.py --data titles_test.txt --format title-tab-label --k 10   # any labelled file

The development set (the THUCNews files are the test split, measured
once, last, by ``topics_eval.py``): CCTV News Weibo posts whose first
hashtag is one of the ``--labels`` most frequent ones, the hashtag taken
as the label and removed from the text (it names the label).  The posts
are cut to their first N tokens (``--lengths``) to see at which length a
one-topic-per-text model stops beating LDA.  k = the number of labels.

``--heldout`` measures where "short" ends without labels: every Weibo
post, or N consecutive posts joined (``--join``: documents that mix the
topics of N posts, as an article does), scored by document completion
(10% of the documents lose half their words; log-likelihood per held-out
word, stm's ``searchK``) under Gibbs LDA and DMM at the same k.  A single
label per text cannot show this: on texts with one label each, a
one-topic model matches the label better at any length.

Prints NMI of the dominant topic against the label (median and range over
the seeds), seconds, and document NPMI of the top-10 words; the last line
is a JSON summary.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, read_labelled, require  # noqa: E402

HASHTAG = re.compile(r"#([^#\s]{1,40})#")


def weibo_hashtags(path: Path, n_labels: int) -> tuple[list[str], list[str]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    first = [HASHTAG.findall(r["text"]) for r in rows]
    counts = Counter(f[0] for f in first if f)
    top = {t for t, _ in counts.most_common(n_labels)}
    texts, labels = [], []
    for r, tags in zip(rows, first):
        if tags and tags[0] in top:
            texts.append(HASHTAG.sub(" ", r["text"]))
            labels.append(tags[0])
    return texts, labels


def fit(name: str, tokens, dictionary, k: int, seed: int):
    from textkit.analysis.topics import fit_nmf, fit_topics
    from textkit.analysis.topics.short import fit_btm, fit_dmm, fit_ptm

    if name == "lda":
        m = fit_topics(tokens, k=k, dictionary=dictionary, random_state=seed, progress_bar=False)
        return m.doc_topic, m.topic_word, m.vocabulary
    if name == "dmm":
        m = fit_dmm(tokens, k=k, dictionary=dictionary, random_state=seed)
    elif name == "pt":
        m = fit_ptm(tokens, k=k, dictionary=dictionary, random_state=seed)
    elif name == "btm":
        m = fit_btm(tokens, k=k, dictionary=dictionary, random_state=seed)
    elif name == "nmf":
        terms, theta = fit_nmf(tokens, k=k, random_state=seed, dictionary=dictionary)
        return theta.to_numpy(), None, terms
    return m.doc_topic, m.topic_word, m.vocabulary


def npmi_of(topic_word, vocabulary, tokens) -> float:
    from textkit.analysis.topics.criteria import count_codocuments, topic_npmi

    if topic_word is None:  # NMF: its terms table
        tops = [g.sort_values("rank").term.tolist() for _, g in vocabulary.groupby("topic")]
    else:
        tops = [[vocabulary[j] for j in np.argsort(-row, kind="stable")[:10]] for row in topic_word]
    counts = count_codocuments(tokens, words=sorted({w for t in tops for w in t}))
    return float(np.nanmean(topic_npmi(counts, tops)))


def heldout(args) -> None:
    import numpy as np

    from textkit.analysis.topics import build_corpus, fit_model
    from textkit.analysis.topics.criteria import heldout_split, score_heldout
    from textkit.segment import Segmenter, segment_documents

    rows = list(csv.DictReader((eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv").open(encoding="utf-8")))
    posts = [[t for s in doc for t in s] for doc in segment_documents([r["text"] for r in rows], Segmenter())]
    k = args.k or 20
    out = []
    for n in args.join:
        tokens = [sum(posts[i : i + n], []) for i in range(0, len(posts) - n + 1, n)]
        dictionary, _, _ = build_corpus(tokens, no_below=2, no_above=0.5, keep_n=5000)
        median = statistics.median(sum(t in dictionary.token2id for t in d) for d in tokens)
        for seed in args.seeds:
            observed, held = heldout_split(tokens, range(len(tokens)), share=0.1, seed=seed)
            idx = [i for i, h in enumerate(held) if h]
            row = {"join": n, "documents": len(tokens), "median_tokens": median, "k": k, "seed": seed}
            for kind in ("lda", "dmm"):
                t0 = time.perf_counter()
                m = fit_model(observed, kind=kind, k=k, dictionary=dictionary, random_state=seed, progress_bar=False)
                s = score_heldout(m.doc_topic[idx], [held[i] for i in idx], np.asarray(idx), m.topic_word, m.vocabulary)
                row[kind], row[kind + "_se"] = (round(v, 4) for v in s.summary()[:2])
                row[kind + "_seconds"] = round(time.perf_counter() - t0, 1)
            out.append(row)
            print(f"join {n} (median {median} tokens, {len(tokens)} documents) k={k} seed {seed}: held-out per word "
                  f"LDA {row['lda']:.4f} ± {row['lda_se']:.4f}, DMM {row['dmm']:.4f} ± {row['dmm_se']:.4f}", flush=True)
    print(json.dumps(out, ensure_ascii=False))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--format", default="title-tab-label")
    ap.add_argument("--labels", type=int, default=12)
    ap.add_argument("--k", type=int)
    ap.add_argument("--lengths", type=int, nargs="+", default=[0])
    ap.add_argument("--models", nargs="+", default=["lda", "dmm", "pt", "btm", "nmf"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--concat", type=int, default=1, help="join N posts of the same label into one document (longer texts)")
    ap.add_argument("--heldout", action="store_true", help="held-out likelihood of LDA and DMM on joined posts (no labels)")
    ap.add_argument("--join", type=int, nargs="+", default=[1, 2, 4, 8])
    args = ap.parse_args(argv)
    if args.heldout:
        return heldout(args)
    from sklearn.metrics import normalized_mutual_info_score

    from textkit.analysis.topics import build_corpus
    from textkit.segment import Segmenter, segment_documents

    if args.data:
        texts, labels = read_labelled(require(args.data), args.format)
    else:
        texts, labels = weibo_hashtags(require(eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv"), args.labels)
    if args.concat > 1:  # longer labelled documents: N posts of one label, in their order
        joined, joined_labels = [], []
        for label in sorted(set(labels)):
            mine = [t for t, lab in zip(texts, labels) if lab == label]
            for i in range(0, len(mine) - args.concat + 1, args.concat):
                joined.append("\n".join(mine[i : i + args.concat]))
                joined_labels.append(label)
        texts, labels = joined, joined_labels
    k = args.k or len(set(labels))
    full = [[t for s in doc for t in s] for doc in segment_documents(texts, Segmenter())]
    out = []
    for length in args.lengths:
        tokens = [d[:length] if length else d for d in full]
        dictionary, _, _ = build_corpus(tokens, no_below=2, no_above=0.5, keep_n=5000)
        median = statistics.median(sum(t in dictionary.token2id for t in d) for d in tokens)
        for name in args.models:
            nmi, secs, coh = [], [], []
            for seed in args.seeds:
                t0 = time.perf_counter()
                theta, tw, vocab = fit(name, tokens, dictionary, k, seed)
                secs.append(time.perf_counter() - t0)
                nmi.append(normalized_mutual_info_score(labels, theta.argmax(axis=1)))
                coh.append(npmi_of(tw, vocab, tokens))
            row = {"documents": len(tokens), "cut": length, "median_tokens": median, "model": name, "k": k,
                   "nmi": round(statistics.median(nmi), 3), "nmi_min": round(min(nmi), 3), "nmi_max": round(max(nmi), 3),
                   "seconds": round(statistics.median(secs), 2), "npmi": round(statistics.median(coh), 3)}
            out.append(row)
            print(f"cut {length:>3} (median {median:>4} tokens) {name:<4} k={k} NMI {row['nmi']:.3f} ({row['nmi_min']:.3f}-{row['nmi_max']:.3f}) "
                  f"{row['seconds']:6.2f} s  NPMI {row['npmi']:+.3f}", flush=True)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
