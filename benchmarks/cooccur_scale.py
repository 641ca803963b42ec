"""Window co-occurrence at scale: THUCNews articles (~1 M characters) and headlines.

Usage::

    python benchmarks/cooccur_scale.py [--articles cnews_sample1000.txt] [--titles titles_test.txt] [--window 5] [--min-freq 5]

Segmentation is timed apart from counting; counting includes the association
measures.  Peak memory is the process's peak RSS.  JSON summary last.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Timer, eval_dir, peak_rss_mb, read_labelled, require  # noqa: E402


def run(name: str, texts: list[str], window: int, min_freq: int) -> dict:
    from textkit.analysis.cooccur import associations, count_cooccurrence
    from textkit.segment import Segmenter, segment_documents

    seg = Segmenter()
    seg.cut("預熱")
    with Timer() as t_seg:
        docs = segment_documents(texts, seg)
    with Timer() as t_count:
        co = count_cooccurrence(docs, context="window", window=window, min_freq=min_freq)
    with Timer() as t_assoc:
        edges = associations(co, min_count=2)
    result = {
        "corpus": name,
        "documents": len(texts),
        "characters": sum(map(len, texts)),
        "tokens": sum(len(s) for d in docs for s in d),
        "vocabulary": len(co.vocabulary),
        "pairs": int(co.counts.nnz // 2),
        "segment_seconds": round(t_seg.seconds, 2),
        "count_seconds": round(t_count.seconds, 3),
        "associations_seconds": round(t_assoc.seconds, 3),
        "edges_min_count_2": len(edges),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(json.dumps(result, ensure_ascii=False))
    return result


def main(argv: list[str] | None = None) -> None:
    base = eval_dir() / "thucnews"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=Path, default=base / "cnews_sample1000.txt", help="label<TAB>text per line")
    ap.add_argument("--titles", type=Path, default=base / "titles_test.txt", help="title<TAB>label per line")
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--min-freq", type=int, default=5)
    args = ap.parse_args(argv)
    require(args.articles)
    articles, _ = read_labelled(args.articles, "label-tab-text")
    titles = read_labelled(args.titles, "title-tab-label")[0] if args.titles.exists() else []
    summary = [run("articles", articles, args.window, args.min_freq)]
    if titles:
        summary.append(run("headlines", titles, args.window, args.min_freq))
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
