"""Segmentation throughput: plain jieba vs textkit (single process, 2 workers, cached, the jieba backend).

Usage::

    python benchmarks/throughput.py [--data cnews_sample1000.txt] [--format label-tab-text] [--repeats 5]

Every figure is characters per second of the raw text.  Each round runs every
variant once; ratios are taken within a round (the machine's load drifts) and
the medians over ``--repeats`` rounds are reported, with each round's ratio.
Single-process ratios are also given in CPU time of the main process, which
other work on a shared machine disturbs less than wall time:

* ``jieba``: ``jieba.Tokenizer().lcut`` on the raw texts (its default dictionary);
* ``jieba-core``: textkit's private jieba tokenizer
  (:class:`textkit.segment.tokenizer.Tokenizer`, jieba backend) on the raw
  texts, without textkit's dictionary, conversion, units, ungluing or
  filtering, so that its tokens must be plain jieba's (checked on every
  document and reported);
* ``textkit``: cleaning + Traditional projection + units + segmentation +
  filtering (:func:`textkit.engine.pipeline.clean_and_segment`) with the
  defaults (the rjieba backend), one process;
* ``textkit-jieba``: the same with ``backend="jieba"``;
* ``textkit-stock-graph``: ``textkit-jieba`` with jieba's own
  ``get_DAG``/``calc`` instead of textkit's override (what the override
  earns; same tokens, checked on every document);
* ``textkit-2-workers``: the same with ``n_jobs=2`` (workers started once and
  reported apart; every round a new Segmenter, built in every worker before
  timing, so that nothing is remembered from the round before);
* ``textkit-cached``: a rerun served by the segment cache (cleaning included).

Every textkit run starts cold: a new Segmenter (dictionary loaded, nothing
remembered).  "Parallel headroom" is how much faster two independent
CPU-bound tasks run in the two workers than one after the other: about 2 on
an idle machine; near 1 when other work holds the second core, and then the
two-worker ratio measures the machine, not textkit.  Peak memory is the main process's peak
RSS.  The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, peak_rss_mb, read_labelled, require  # noqa: E402


CPU_SECONDS: dict[str, list[float]] = {}


def run(name: str, setup, fn) -> float:
    """Seconds of ``fn(setup())``; ``setup`` (untimed) gives every run a cold start.

    The main process's CPU seconds are kept too (:data:`CPU_SECONDS`): on a
    machine shared with other work they compare single-process variants
    more steadily than wall time does.
    """
    state = setup()
    c0, t0 = time.process_time(), time.perf_counter()
    fn(state)
    CPU_SECONDS.setdefault(name, []).append(time.process_time() - c0)
    return time.perf_counter() - t0


def fresh_segmenter(**params):
    """A new Segmenter with its dictionary loaded (outside the timing) and nothing remembered."""
    from textkit.segment import Segmenter

    seg = Segmenter(**params)
    seg.cut("預熱")
    return seg


def stock_graph_segmenter():
    """:func:`fresh_segmenter` whose private tokenizer uses jieba's own ``get_DAG``/``calc``.

    Measures what textkit's word-graph override earns (same tokens: checked).
    """
    import jieba

    seg = fresh_segmenter(backend="jieba")
    seg._engine.tokenizer.jieba.__class__ = jieba.Tokenizer
    return seg


def jieba_core():
    """textkit's private jieba tokenizer alone: no dictionary of textkit's, no conversion, units or ungluing."""
    from textkit.segment.tokenizer import Tokenizer

    tk = Tokenizer((), backend="jieba")
    tk.cut("預熱")
    return tk


def _warm_worker(fingerprint: str, settings: bytes) -> int:
    """In a worker: build the engine for these settings (dictionary loaded), hold the worker a moment."""
    import os

    from textkit.segment.parallel import _worker_engine

    _worker_engine(fingerprint, settings).tokenize_documents(["預熱"])
    time.sleep(0.3)  # keep this worker busy so that the next warm-up task goes to another one
    return os.getpid()


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_headroom(n_jobs: int, n: int = 5_000_000) -> float:
    """How much faster ``n_jobs`` independent CPU-bound tasks run in the workers than one after another.

    About ``n_jobs`` on an idle machine; near 1 when other work holds the
    other cores, and then no parallel ratio above can reach its target.
    """
    from joblib import Parallel, delayed

    t0 = time.perf_counter()
    for _ in range(n_jobs):
        _spin(n)
    t1 = time.perf_counter()
    Parallel(n_jobs=n_jobs)(delayed(_spin)(n) for _ in range(n_jobs))
    return (t1 - t0) / (time.perf_counter() - t1)


def fresh_workers(n_jobs: int):
    """Workers with a new, warmed Segmenter that remembers nothing of earlier rounds.

    Workers keep one Segmenter per settings, so each round uses a setting of
    its own (a stopword that is not in the corpus); every worker builds it
    before timing.  The first call also starts the workers.
    """
    import pickle

    from joblib import Parallel, delayed

    from textkit.segment import Segmenter

    fresh_workers.round = getattr(fresh_workers, "round", 0) + 1
    seg = Segmenter(extra_stopwords=[f"預熱第{fresh_workers.round}輪"])
    settings = pickle.dumps(seg.settings())
    t0 = time.perf_counter()
    pids = set(Parallel(n_jobs=n_jobs)(delayed(_warm_worker)(seg.fingerprint(), settings) for _ in range(2 * n_jobs)))
    if len(pids) != n_jobs:
        raise RuntimeError(f"warm-up reached {len(pids)} of {n_jobs} workers")
    fresh_workers.startup = getattr(fresh_workers, "startup", time.perf_counter() - t0)  # the first: start-up included
    return seg


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=eval_dir() / "thucnews" / "cnews_sample1000.txt")
    ap.add_argument("--format", choices=["label-tab-text", "title-tab-label"], default=None, help="default: by file name")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    require(args.data)
    fmt = args.format or ("title-tab-label" if "title" in args.data.name else "label-tab-text")
    texts, _ = read_labelled(args.data, fmt)
    chars = sum(map(len, texts))
    load_before = os.getloadavg()

    import logging

    import jieba

    from textkit.engine.pipeline import clean_and_segment

    logging.getLogger("jieba").setLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.lcut("預熱")

    core = jieba_core()
    identical = sum(core.cut(t) == plain.lcut(t) for t in texts)
    del core  # a second dictionary in memory only slows the main process's garbage collector
    stock = stock_graph_segmenter()
    same_as_stock = sum(a == b for a, b in zip(clean_and_segment(texts, stock)[1],
                                               clean_and_segment(texts, fresh_segmenter(backend="jieba"))[1]))
    del stock

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "segments"
        t0 = time.perf_counter()
        clean_and_segment(texts, fresh_segmenter(), cache=cache)
        fill = time.perf_counter() - t0
        variants = {
            "jieba": (lambda: plain, lambda tk: [tk.lcut(t) for t in texts]),
            "jieba-core": (jieba_core, lambda tk: [tk.cut(t) for t in texts]),
            "textkit": (fresh_segmenter, lambda seg: clean_and_segment(texts, seg)),
            "textkit-jieba": (lambda: fresh_segmenter(backend="jieba"), lambda seg: clean_and_segment(texts, seg)),
            "textkit-stock-graph": (stock_graph_segmenter, lambda seg: clean_and_segment(texts, seg)),
            "textkit-2-workers": (lambda: fresh_workers(2), lambda seg: clean_and_segment(texts, seg, n_jobs=2)),
            "textkit-cached": (fresh_segmenter, lambda seg: clean_and_segment(texts, seg, cache=cache)),
        }
        # Rounds: every variant once per round, ratios taken within the round
        # (the machine's load drifts between rounds), medians over rounds.
        rounds = [{name: run(name, *v) for name, v in variants.items()} for _ in range(args.repeats)]
    worker_start = fresh_workers.startup
    headroom = statistics.median(parallel_headroom(2) for _ in range(3))
    pairs = {
        "textkit_vs_jieba": ("textkit", "jieba"),
        "jieba_core_vs_jieba": ("jieba-core", "jieba"),
        "textkit_jieba_vs_jieba": ("textkit-jieba", "jieba"),
        "graph_override_vs_stock": ("textkit-jieba", "textkit-stock-graph"),
        "two_workers_vs_textkit": ("textkit-2-workers", "textkit"),
        "cached_vs_textkit": ("textkit-cached", "textkit"),
    }
    seconds = {name: statistics.median(r[name] for r in rounds) for name in variants}
    rate = {k: chars / v for k, v in seconds.items()}
    per_round = {k: [r[b] / r[a] for r in rounds] for k, (a, b) in pairs.items()}
    ratios = {k: statistics.median(v) for k, v in per_round.items()}
    single = ("textkit_vs_jieba", "jieba_core_vs_jieba", "textkit_jieba_vs_jieba", "graph_override_vs_stock")
    cpu_ratios = {k: statistics.median(x / y for x, y in zip(CPU_SECONDS[pairs[k][1]], CPU_SECONDS[pairs[k][0]])) for k in single}
    print(f"{args.data.name}: {len(texts)} documents, {chars:,} characters, median of {args.repeats}")
    for k, v in seconds.items():
        print(f"  {k:<20} {v:7.3f} s  {rate[k]:>12,.0f} chars/s")
    print(f"  worker start-up (2 workers, once, with 0.6 s of deliberate waiting): {worker_start:.2f} s; cache fill: {fill:.2f} s; peak RSS {peak_rss_mb():.0f} MB")
    print(f"  textkit's jieba path gives plain jieba's tokens on {identical}/{len(texts)} documents")
    print(f"  textkit (jieba backend) with and without its word-graph override: same tokens on {same_as_stock}/{len(texts)} documents")
    print(f"  load average (1, 5, 15 min): before {' '.join(f'{x:.2f}' for x in load_before)}, after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  parallel headroom: 2 independent CPU-bound tasks run {headroom:.2f}x faster in the 2 workers than one after another")
    for k, v in ratios.items():
        cpu = f"; CPU time {cpu_ratios[k]:.2f}x" if k in cpu_ratios else ""
        print(f"  {k:<24} {v:.2f}x  (rounds: {' '.join(f'{x:.2f}' for x in per_round[k])}){cpu}")
    print(json.dumps({
        "data": args.data.name,
        "documents": len(texts),
        "characters": chars,
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "chars_per_second": {k: round(v) for k, v in rate.items()},
        "ratios": {k: round(v, 2) for k, v in ratios.items()},
        "cpu_time_ratios": {k: round(v, 2) for k, v in cpu_ratios.items()},
        "ratios_per_round": {k: [round(x, 2) for x in v] for k, v in per_round.items()},
        "identical_to_jieba": f"{identical}/{len(texts)}",
        "identical_with_stock_graph": f"{same_as_stock}/{len(texts)}",
        "worker_startup_seconds": round(worker_start, 2),
        "parallel_headroom": round(headroom, 2),
        "load_average_before_after": [[round(x, 2) for x in load_before], [round(x, 2) for x in os.getloadavg()]],
        "cache_fill_seconds": round(fill, 2),
        "peak_rss_mb": round(peak_rss_mb()),
    }))


if __name__ == "__main__":
    main()
