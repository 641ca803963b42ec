"""rjieba against jieba with textkit's default settings: how far their tokens differ, and how fast each is.

Usage::

    python benchmarks/backends.py [--repeats 3]

On the THUCNews articles and the Weibo posts of ``$TEXTKIT_EVAL_DIR``
(cleaned as the notebooks clean them), ``Segmenter(backend="jieba")`` and
``Segmenter(backend="rjieba")`` with every other setting at its default
(HMM on, textkit's dictionaries, Traditional projection, units):

* documents whose tokens (``cut``) are identical;
* word boundaries alike: precision and recall of rjieba's token spans
  against jieba's (1.0 = the same cuts), over all tokens and over tokens of
  Han characters only;
* analysis tokens (``tokenize``): the words one backend counts and the
  other does not, most frequent first;
* speed: ``tokenize_documents`` over the corpus, a new segmenter each run
  (dictionary loaded before timing), the two backends alternated in rounds,
  ratios taken within a round; the load average is printed with them.

SIGHAN F1 of both backends is in ``benchmarks/segmentation_f1.py``.  The last
line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, read_labelled, require  # noqa: E402


def spans(tokens: list[str]) -> list[tuple[int, int, str]]:
    out, start = [], 0
    for tok in tokens:
        out.append((start, start + len(tok), tok))
        start += len(tok)
    return out


def _han(token: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in token)


def compare(texts: list[str]) -> dict:
    from textkit.segment import Segmenter

    jieba_seg, rjieba_seg = Segmenter(backend="jieba"), Segmenter(backend="rjieba")
    same_docs = 0
    both = only_j = only_r = 0
    han_both = han_j = han_r = 0
    differing: Counter[str] = Counter()
    words_j: Counter[str] = Counter()
    words_r: Counter[str] = Counter()
    for text in texts:
        a, b = jieba_seg.cut(text), rjieba_seg.cut(text)
        same_docs += a == b
        sa, sb = {s[:2]: s[2] for s in spans(a)}, {s[:2]: s[2] for s in spans(b)}
        common = sa.keys() & sb.keys()
        both += len(common)
        only_j += len(sa) - len(common)
        only_r += len(sb) - len(common)
        han_both += sum(_han(sa[k]) for k in common)
        han_j += sum(_han(t) for k, t in sa.items() if k not in common)
        han_r += sum(_han(t) for k, t in sb.items() if k not in common)
        differing.update(f"jieba:{t}" for k, t in sa.items() if k not in common)
        differing.update(f"rjieba:{t}" for k, t in sb.items() if k not in common)
        words_j.update(jieba_seg.tokenize(text))
        words_r.update(rjieba_seg.tokenize(text))
    diff = Counter({w: words_j[w] - words_r[w] for w in words_j.keys() | words_r.keys() if words_j[w] != words_r[w]})
    return {
        "documents": len(texts),
        "identical_documents": same_docs,
        "boundaries_precision": round(both / (both + only_r), 5),
        "boundaries_recall": round(both / (both + only_j), 5),
        "han_boundaries_precision": round(han_both / (han_both + han_r), 5),
        "han_boundaries_recall": round(han_both / (han_both + han_j), 5),
        "analysis_tokens_jieba": sum(words_j.values()),
        "analysis_tokens_rjieba": sum(words_r.values()),
        "vocabulary_jieba": len(words_j),
        "vocabulary_rjieba": len(words_r),
        "words_counted_more_by_jieba": [(w, n) for w, n in diff.most_common(15)],
        "words_counted_more_by_rjieba": [(w, -n) for w, n in sorted(diff.items(), key=lambda x: (x[1], x[0]))[:15]],
        "most_frequent_differing_tokens": differing.most_common(20),
    }


def speed(texts: list[str], repeats: int) -> dict:
    from textkit.segment import Segmenter

    chars = sum(map(len, texts))
    rounds = []
    for _ in range(repeats):
        timings = {}
        for backend in ("jieba", "rjieba"):
            seg = Segmenter(backend=backend)
            seg.cut("預熱")  # the dictionary loaded before timing
            t0 = time.perf_counter()
            for i in range(0, len(texts), 200):
                seg.tokenize_documents(texts[i : i + 200])
            timings[backend] = time.perf_counter() - t0
        rounds.append(timings)
    ratios = [r["jieba"] / r["rjieba"] for r in rounds]
    return {
        "characters": chars,
        "seconds": {b: round(statistics.median(r[b] for r in rounds), 3) for b in ("jieba", "rjieba")},
        "chars_per_second": {b: round(chars / statistics.median(r[b] for r in rounds)) for b in ("jieba", "rjieba")},
        "rjieba_vs_jieba": round(statistics.median(ratios), 2),
        "rounds": [round(x, 2) for x in ratios],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    import pandas as pd

    from textkit.corpus.clean import clean_text

    articles, _ = read_labelled(require(eval_dir() / "thucnews" / "cnews_sample1000.txt"), "label-tab-text")
    posts = pd.read_csv(require(eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv")).text.astype(str).tolist()
    corpora = {"thucnews_articles": [clean_text(t) for t in articles], "weibo_posts": [clean_text(t) for t in posts]}
    summary = {}
    for name, texts in corpora.items():
        summary[name] = {**compare(texts), "speed": speed(texts, args.repeats)}
        r = summary[name]
        print(f"\n{name}: {r['documents']:,} documents, {r['speed']['characters']:,} characters")
        print(f"  identical tokens: {r['identical_documents']:,} of {r['documents']:,} documents")
        print(f"  word boundaries alike: precision {r['boundaries_precision']:.4f}, recall {r['boundaries_recall']:.4f} "
              f"(Han tokens: {r['han_boundaries_precision']:.4f}, {r['han_boundaries_recall']:.4f})")
        print(f"  analysis tokens: jieba {r['analysis_tokens_jieba']:,}, rjieba {r['analysis_tokens_rjieba']:,}; "
              f"vocabulary {r['vocabulary_jieba']:,} / {r['vocabulary_rjieba']:,}")
        print(f"  counted more by jieba: {r['words_counted_more_by_jieba'][:10]}")
        print(f"  counted more by rjieba: {r['words_counted_more_by_rjieba'][:10]}")
        s = r["speed"]
        print(f"  speed: jieba {s['chars_per_second']['jieba']:,} chars/s, rjieba {s['chars_per_second']['rjieba']:,} chars/s: "
              f"rjieba {s['rjieba_vs_jieba']:.2f}x (rounds {s['rounds']}; load {s['load_average']})")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
