"""Does cost grow linearly?  The whole pipeline on THUCNews articles replicated 1x, 10x, 100x.

Usage::

    python benchmarks/scaling.py [--data cnews_sample1000.txt] [--factors 1 10 100] [--n-jobs 2]

Stages, each timed: cleaning, segmentation (``n_jobs`` workers, no disk
cache and no remembered blocks: replicated documents must really be
segmented), TF-IDF (``min_df=2``), LDA
(gensim ``LdaModel``, k = 10, one pass), window co-occurrence (w = 5,
``min_freq=5``) with association measures.  Each factor runs in its own
process, so its peak RSS is its own.  The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, peak_rss_mb, read_labelled, require  # noqa: E402


def one(data: Path, factor: int, n_jobs: int) -> dict:
    from textkit.corpus.clean import clean_texts
    from textkit.analysis.cooccur import associations, count_cooccurrence
    from textkit.analysis.keywords import tfidf_matrix
    from textkit.segment import Segmenter, segment_documents
    from textkit.analysis.topics import build_corpus, fit_lda

    texts, _ = read_labelled(data, "label-tab-text")
    texts = texts * factor
    row = {"factor": factor, "documents": len(texts), "characters": sum(map(len, texts))}
    seg = Segmenter(block_cache=0)  # replicated documents would otherwise come from remembered blocks
    seg.cut("預熱")

    def stage(name, fn):
        t0 = time.perf_counter()
        out = fn()
        row[f"{name}_s"] = round(time.perf_counter() - t0, 2)
        row[f"{name}_peak_rss_mb"] = round(peak_rss_mb())
        return out

    cleaned = stage("clean", lambda: clean_texts(texts))
    sentences = stage("segment", lambda: segment_documents(cleaned, seg, n_jobs=n_jobs))
    tokens = [[t for s in doc for t in s] for doc in sentences]
    row["tokens"] = sum(map(len, tokens))
    stage("tfidf", lambda: tfidf_matrix(tokens, min_df=2))

    def lda():
        dictionary, corpus, _ = build_corpus(tokens, no_below=5, no_above=0.5, keep_n=20000)
        return fit_lda(corpus, dictionary, k=10, random_state=0, passes=1, iterations=50)

    stage("lda", lda)
    stage("cooccurrence", lambda: associations(count_cooccurrence(sentences, context="window", window=5, min_freq=5)))
    return row


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=eval_dir() / "thucnews" / "cnews_sample1000.txt")
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one factor in this process
    args = ap.parse_args(argv)
    require(args.data)
    if args.one:
        print(json.dumps(one(args.data, args.one, args.n_jobs)))
        return
    rows = []
    stages = ["clean", "segment", "tfidf", "lda", "cooccurrence"]
    for factor in args.factors:
        proc = subprocess.run(
            [sys.executable, __file__, "--data", str(args.data), "--one", str(factor), "--n-jobs", str(args.n_jobs)],
            capture_output=True, text=True, check=True,
        )
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"x{factor:<4} {row['documents']:>7} docs {row['characters']:>12,} chars  "
              + "  ".join(f"{s} {row[s + '_s']:.1f}s" for s in stages)
              + f"  peak {row['cooccurrence_peak_rss_mb']} MB", flush=True)
    base = rows[0]
    for row in rows[1:]:
        f = row["factor"] / base["factor"]
        print(f"x{row['factor']} / x{base['factor']}: " + "  ".join(f"{s} {row[s + '_s'] / max(base[s + '_s'], 0.01):.1f}x" for s in stages)
              + f" (linear: {f:.0f}x)")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
