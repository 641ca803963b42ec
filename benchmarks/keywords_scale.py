"""TF-IDF keywords at scale: THUCNews headlines, segmentation + TF-IDF + top keywords per label.

Usage::

    python benchmarks/keywords_scale.py [--data titles_test.txt] [--classes titles_class.txt] [--top 8]

Prints the time of each stage, peak memory, the top keywords of every label
(a sanity check: they should name the category) and a JSON summary last.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Timer, eval_dir, peak_rss_mb, read_labelled, require  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    base = eval_dir() / "thucnews"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=base / "titles_test.txt", help="title<TAB>label_index per line")
    ap.add_argument("--classes", type=Path, default=base / "titles_class.txt", help="label index -> name, one per line")
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args(argv)
    require(args.data)

    from textkit.analysis.keywords import tfidf_matrix, top_terms_per_group
    from textkit.corpus.load import read_text
    from textkit.segment import Segmenter

    names = read_text(args.classes).split() if args.classes.exists() else None
    titles, labels = read_labelled(args.data, "title-tab-label")
    labels = [names[int(label)] for label in labels] if names else labels
    seg = Segmenter()
    seg.cut("預熱")  # dictionary load is not part of the measurement
    with Timer() as t_seg:
        tokens = [seg.tokenize(t) for t in titles]
    with Timer() as t_tfidf:
        vec, X = tfidf_matrix(tokens, min_df=2)
    with Timer() as t_top:
        top = top_terms_per_group(X, vec.get_feature_names_out(), labels, n=args.top)
    chars = sum(map(len, titles))
    print(f"{len(titles)} headlines, {chars} characters, {X.shape[1]} terms")
    print(f"segmentation {t_seg.seconds:.2f} s ({chars / t_seg.seconds:,.0f} chars/s), TF-IDF {t_tfidf.seconds:.2f} s, top keywords {t_top.seconds:.3f} s; peak RSS {peak_rss_mb():.0f} MB")
    for label, series in top.items():
        if label != "all":
            print(f"{label:<14} {' '.join(series.index)}")
    print(json.dumps({
        "documents": len(titles),
        "characters": chars,
        "segment_seconds": round(t_seg.seconds, 3),
        "tfidf_seconds": round(t_tfidf.seconds, 3),
        "top_keywords_seconds": round(t_top.seconds, 4),
        "total_seconds": round(t_seg.seconds + t_tfidf.seconds + t_top.seconds, 3),
        "peak_rss_mb": round(peak_rss_mb()),
        "top_keywords": {k: list(v.index) for k, v in top.items() if k != "all"},
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
