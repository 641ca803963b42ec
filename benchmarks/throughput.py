"""Segmentation throughput: plain jieba vs textkit (single process, 2 workers, cached, rjieba).

Usage::

    python benchmarks/throughput.py [--data cnews_sample1000.txt] [--format label-tab-text] [--repeats 3]

Every figure is characters per second, the median of ``--repeats`` runs, and
the ratios are taken within this run:

* ``jieba``: ``jieba.Tokenizer().lcut`` on the raw texts (its default dictionary);
* ``textkit``: cleaning + Traditional projection + segmentation + filtering
  (``clean_texts`` then ``segment_documents``), one process;
* ``textkit-2-workers``: the same with ``n_jobs=2`` (workers started and
  warmed before timing; their start-up is reported apart);
* ``textkit-cached``: a rerun served by the segment cache (cleaning included);
* ``textkit-rjieba``: ``Segmenter(backend="rjieba")``, one process.

Peak memory is the main process's peak RSS.  The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, peak_rss_mb, read_labelled, require  # noqa: E402


def timed(fn, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=eval_dir() / "thucnews" / "cnews_sample1000.txt")
    ap.add_argument("--format", choices=["label-tab-text", "title-tab-label"], default=None, help="default: by file name")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    require(args.data)
    fmt = args.format or ("title-tab-label" if "title" in args.data.name else "label-tab-text")
    texts, _ = read_labelled(args.data, fmt)
    chars = sum(map(len, texts))

    import logging

    import jieba

    from textkit.clean import clean_texts
    from textkit.segment import Segmenter, iter_segment_documents, segment_documents

    logging.getLogger("jieba").setLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.lcut("預熱")
    seg = Segmenter()
    seg.cut("預熱")
    fast = Segmenter(backend="rjieba")
    fast.cut("預熱")

    seconds = {}
    seconds["jieba"] = timed(lambda: [plain.lcut(t) for t in texts], args.repeats)
    seconds["textkit"] = timed(lambda: segment_documents(clean_texts(texts), seg), args.repeats)
    t0 = time.perf_counter()
    list(iter_segment_documents(clean_texts(texts[:40]), seg, n_jobs=2, batch_size=2))  # start and warm both workers
    worker_start = time.perf_counter() - t0
    seconds["textkit-2-workers"] = timed(lambda: segment_documents(clean_texts(texts), seg, n_jobs=2), args.repeats)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "segments.sqlite"
        t0 = time.perf_counter()
        segment_documents(clean_texts(texts), seg, cache=cache)
        fill = time.perf_counter() - t0
        seconds["textkit-cached"] = timed(lambda: segment_documents(clean_texts(texts), seg, cache=cache), args.repeats)
    seconds["textkit-rjieba"] = timed(lambda: segment_documents(clean_texts(texts), fast), args.repeats)

    rate = {k: chars / v for k, v in seconds.items()}
    ratios = {
        "textkit_vs_jieba": rate["textkit"] / rate["jieba"],
        "two_workers_vs_textkit": rate["textkit-2-workers"] / rate["textkit"],
        "cached_vs_textkit": rate["textkit-cached"] / rate["textkit"],
        "rjieba_vs_jieba": rate["textkit-rjieba"] / rate["jieba"],
    }
    print(f"{args.data.name}: {len(texts)} documents, {chars:,} characters, median of {args.repeats}")
    for k, v in seconds.items():
        print(f"  {k:<20} {v:7.3f} s  {rate[k]:>12,.0f} chars/s")
    print(f"  worker start-up (2 workers, once): {worker_start:.2f} s; cache fill: {fill:.2f} s; peak RSS {peak_rss_mb():.0f} MB")
    for k, v in ratios.items():
        print(f"  {k:<24} {v:.2f}x")
    print(json.dumps({
        "data": args.data.name,
        "documents": len(texts),
        "characters": chars,
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "chars_per_second": {k: round(v) for k, v in rate.items()},
        "ratios": {k: round(v, 2) for k, v in ratios.items()},
        "worker_startup_seconds": round(worker_start, 2),
        "cache_fill_seconds": round(fill, 2),
        "peak_rss_mb": round(peak_rss_mb()),
    }))


if __name__ == "__main__":
    main()
