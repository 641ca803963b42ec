"""How the k sweep's cost grows: seconds per run against k (LDA, DMM), and the sample against the corpus size.

Usage::

    python benchmarks/sweep_cost.py                       # the Weibo posts ($TEXTKIT_EVAL_DIR)
    python benchmarks/sweep_cost.py --ks 10 25 50 100 --factors 1 4

One run of :func:`textkit.analysis.topics.sweep` (one seed, ``n_jobs=1``)
per k and model on the Weibo posts, replicated ``--factors`` times (each
copy a new document position, so the hashed sample draws from all of
them): seconds per run, and the sample's documents and tokens.  The last
line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, require  # noqa: E402


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ks", type=int, nargs="+", default=[10, 25, 50, 100])
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--models", nargs="+", default=["lda", "dmm"])
    args = ap.parse_args(argv)
    from textkit.analysis.topics import build_corpus, sweep
    from textkit.segment import Segmenter, segment_documents

    path = require(eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv")
    texts = [r["text"] for r in csv.DictReader(path.open(encoding="utf-8"))]
    posts = [[t for s in doc for t in s] for doc in segment_documents(texts, Segmenter())]
    rows = []
    for factor in args.factors:
        tokens = posts * factor
        dictionary, _, _ = build_corpus(tokens, no_below=2, no_above=0.5, keep_n=5000)
        for model in args.models:
            for k in args.ks:
                t0 = time.perf_counter()
                result = sweep(tokens, dictionary, ks=[k], seeds=[0], model=model, iterations=100 if model == "lda" else None,
                               max_tokens=300_000, docs_per_topic=10, n_jobs=1)
                seconds = time.perf_counter() - t0
                row = {"factor": factor, "documents": len(tokens), "model": model, "k": k, "seconds": round(seconds, 2),
                       "sample_documents": int(result.table.documents.iloc[0]), "sample_tokens": int(result.table.tokens.iloc[0]),
                       "load": round(os.getloadavg()[0], 1)}
                rows.append(row)
                print(f"x{factor} ({len(tokens):,} documents) {model} k={k}: {seconds:.1f} s on {row['sample_documents']:,} documents "
                      f"({row['sample_tokens']:,} tokens), load {row['load']}", flush=True)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
