"""New-word discovery on real text: the checklist, the cost against segmentation, and the size where "auto" starts.

Usage::

    python benchmarks/discovery.py checklist [--backend jieba|rjieba] [--terms benchmarks/data/weibo_checklist.txt]
    python benchmarks/discovery.py cost [--repeats 3] [--backend jieba|rjieba]
    python benchmarks/discovery.py threshold

The corpus is the Weibo posts of the evaluation data (``weibo_cctv``),
cleaned as :func:`textkit.engine.pipeline.prepare_documents` cleans it
(boilerplate, then the sentences repeated across the corpus).

``checklist``
    For each term of the list (``term<TAB>category``, terms only: no text of
    the corpus), its occurrences in the corpus and how many come out as one
    token, with textkit's segmenter as it is (before) and with the words
    discovered in the corpus (after).  A term "is a single token" when at
    least half of its occurrences are.  Category ``control`` holds names
    that were already whole: discovery must not break them.  ``--terms``
    takes another list (the held-out one), ``--corpus`` another CSV.

``cost``
    Discovery (sample, count, score, select, written forms, frequencies:
    what ``prepare_documents`` runs on a cold cache) against segmentation of
    the same corpus (``segment_documents``, one process, no cache, a new
    Segmenter each round with its dictionary loaded before the clock
    starts).  Rounds alternate the two; the ratio is taken within a round
    and the median reported, in wall time and in the process's CPU time
    (steadier on a shared machine: both run on one core), with the load
    average.  Also: seconds per million characters, and the size of the
    n-gram counts.

``threshold``
    Discovery on hash samples of growing size (nested: a smaller sample is
    part of a larger one) of the Weibo posts, the THUCNews articles and the
    THUCNews headlines: how many words it learns (those of samples up to
    100,000 characters are printed, to be read), how many of them it also
    learns on the whole corpus, and on Weibo how many checklist terms
    become single tokens.  ``AUTO_MIN_CHARACTERS`` is set from this table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_dir, read_labelled, require

CHECKLIST = Path(__file__).resolve().parent / "data" / "weibo_checklist.txt"


def weibo_texts(path: Path | None = None, column: str = "text") -> list[str]:
    from textkit.corpus.clean import RepeatedSentences, clean_text
    from textkit.corpus.load import load_corpus

    path = require(path or eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv")
    docs = load_corpus(path, text_column=column)
    cleaned = [clean_text(t) for t in docs.text]
    return [t for t in RepeatedSentences().fit(cleaned).transform(cleaned) if t.strip()]


def thucnews_texts() -> list[str]:
    from textkit.corpus.clean import clean_text

    texts, _ = read_labelled(require(eval_dir() / "thucnews" / "cnews_sample1000.txt"), "label-tab-text")
    return [clean_text(t) for t in texts]


def read_terms(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            term, _, category = line.partition("\t")
            out.append((term.strip(), category.strip() or "term"))
    return out


def single_tokens(texts: list[str], terms: list[str], segmenter) -> dict[str, tuple[int, int]]:
    """term -> (occurrences, occurrences that are exactly one token)."""
    found = {t: [0, 0] for t in terms}
    pattern = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
    # Every occurrence, overlapping ones included (雷神山 inside 火神山雷神山医院).
    for text in texts:
        if not pattern.search(text):
            continue
        starts, offset = set(), 0
        ends = set()
        for tok in segmenter.cut(text):
            starts.add(offset)
            offset += len(tok)
            ends.add(offset)
        for term in terms:
            i = text.find(term)
            while i >= 0:
                found[term][0] += 1
                end = i + len(term)
                if i in starts and end in ends and not any(j in starts for j in range(i + 1, end)):
                    found[term][1] += 1
                i = text.find(term, i + 1)
    return {t: (n, k) for t, (n, k) in found.items()}


def checklist(args) -> None:
    from textkit.segment import Segmenter
    from textkit.segment.discovery import discover_corpus_words

    texts = weibo_texts(args.corpus, args.text_column)
    terms = read_terms(args.terms)
    before = Segmenter(backend=args.backend)
    start = time.perf_counter()
    words = discover_corpus_words(texts, before, discover=True, cache=False)
    seconds = time.perf_counter() - start
    after = Segmenter(backend=args.backend, discovered_words=words)
    names = [t for t, _ in terms]
    b, a = single_tokens(texts, names, before), single_tokens(texts, names, after)
    rows = []
    for term, category in terms:
        n, kb = b[term]
        _, ka = a[term]
        rows.append({"term": term, "category": category, "occurrences": n, "single_before": kb, "single_after": ka,
                     "before": n > 0 and 2 * kb >= n, "after": n > 0 and 2 * ka >= n, "learned": term in set(words.simplified)})
    print(f"{len(texts):,} documents, {sum(map(len, texts)):,} characters; {len(words)} words discovered in {seconds:.1f} s "
          f"(backend {args.backend})")
    print(f"{'term':<10} {'category':<12} {'occ':>5} {'before':>7} {'after':>7}  learned")
    for r in rows:
        print(f"{r['term']:<10} {r['category']:<12} {r['occurrences']:>5} {r['single_before']:>7} {r['single_after']:>7}  "
              f"{'yes' if r['learned'] else ''}{'  (whole before)' if r['before'] else ''}{'  BROKEN' if r['before'] and not r['after'] else ''}")
    summary = {}
    for group, keep in (("checklist", lambda r: r["category"] != "control"), ("controls", lambda r: r["category"] == "control")):
        chosen = [r for r in rows if keep(r)]
        summary[group] = {
            "entries": len(chosen),
            "single_before": sum(r["before"] for r in chosen),
            "single_after": sum(r["after"] for r in chosen),
            "occurrences": sum(r["occurrences"] for r in chosen),
            "occurrences_single_before": sum(r["single_before"] for r in chosen),
            "occurrences_single_after": sum(r["single_after"] for r in chosen),
        }
    by_category: dict[str, list[int]] = {}
    for r in rows:
        c = by_category.setdefault(r["category"], [0, 0, 0])
        c[0] += 1
        c[1] += r["before"]
        c[2] += r["after"]
    print("\nsingle tokens (entries where at least half the occurrences are one token), before -> after:")
    for category, (n, kb, ka) in by_category.items():
        print(f"  {category:<12} {kb:>3} -> {ka:>3} of {n}")
    print(json.dumps({"backend": args.backend, "discovered": len(words), "discovery_seconds": round(seconds, 2), **summary},
                     ensure_ascii=False))
    if args.words:
        print("\ndiscovered words:")
        print(words[["word", "count", "pmi", "left_entropy", "right_entropy", "pieces"]].round(2).to_string())


def cost(args) -> None:
    from textkit.segment import Segmenter, segment_documents
    from textkit.segment.discovery import count_ngrams, discover_corpus_words

    texts = weibo_texts()
    chars = sum(map(len, texts))
    counts = count_ngrams(texts)
    print(f"{len(texts):,} documents, {chars:,} characters; n-gram counts of the whole corpus: {len(counts):,} entries, "
          f"{counts.nbytes / 1e6:.0f} MB ({counts.nbytes / chars:.0f} bytes per character)")
    del counts
    rounds = []
    for r in range(args.repeats):
        seg = Segmenter(backend=args.backend)
        seg.cut("预热")  # dictionary loaded before the clock
        seg.discover(texts[:50])  # jieba's own dictionary (what is a word) too, for rjieba
        order = ("discover", "segment") if r % 2 == 0 else ("segment", "discover")
        took, cpu = {}, {}
        for what in order:
            start, start_cpu = time.perf_counter(), time.process_time()
            if what == "discover":
                discover_corpus_words(texts, seg, discover=True, cache=False)
            else:
                fresh = Segmenter(backend=args.backend)
                fresh.cut("预热")  # its dictionary is the shared one, already loaded: the clock sees segmentation
                start, start_cpu = time.perf_counter(), time.process_time()
                segment_documents(texts, fresh, cache=False)
            took[what] = time.perf_counter() - start
            cpu[what] = time.process_time() - start_cpu
        load = os.getloadavg()[0]
        rounds.append({**took, "ratio": took["discover"] / took["segment"], "cpu_ratio": cpu["discover"] / cpu["segment"],
                       "cpu_discover": cpu["discover"], "cpu_segment": cpu["segment"], "load": load})
        print(f"round {r + 1}: discovery {took['discover']:.2f} s (CPU {cpu['discover']:.2f}), segmentation {took['segment']:.2f} s "
              f"(CPU {cpu['segment']:.2f}); ratio {took['discover'] / took['segment']:.0%}, in CPU time "
              f"{cpu['discover'] / cpu['segment']:.0%} (load {load:.2f})")
    ratio = statistics.median(x["ratio"] for x in rounds)
    cpu_ratio = statistics.median(x["cpu_ratio"] for x in rounds)
    per_million = statistics.median(x["discover"] for x in rounds) / chars * 1e6
    cpu_per_million = statistics.median(x["cpu_discover"] for x in rounds) / chars * 1e6
    print(f"discovery: {per_million:.2f} s per million characters ({cpu_per_million:.2f} s of CPU); median share of "
          f"segmentation time: {ratio:.0%} wall, {cpu_ratio:.0%} CPU (target <= 25%, backend {args.backend})")
    print(json.dumps({"backend": args.backend, "characters": chars, "discovery_s_per_million": round(per_million, 3),
                      "discovery_cpu_s_per_million": round(cpu_per_million, 3), "share_of_segmentation": round(ratio, 3),
                      "cpu_share_of_segmentation": round(cpu_ratio, 3), "rounds": rounds}))


def threshold(args) -> None:
    from textkit.segment import Segmenter
    from textkit.segment.discovery import discover_words, word_sample

    seg = Segmenter()
    terms = [t for t, c in read_terms(CHECKLIST) if c != "control"]
    sizes = [20_000, 50_000, 100_000, 200_000, 400_000]
    titles, _ = read_labelled(require(eval_dir() / "thucnews" / "titles_test.txt"), "title-tab-label")
    report = {}
    for name, texts in (("weibo", weibo_texts()), ("thucnews-articles", thucnews_texts()), ("thucnews-titles", titles)):
        chars = sum(map(len, texts))
        full = discover_words(texts, seg)
        full_words = set(full.simplified)
        print(f"\n{name}: {len(texts):,} documents, {chars:,} characters; {len(full)} words on the whole corpus")
        print(f"{'characters':>10} {'words':>6} {'also on whole':>14}" + ("  checklist single" if name == "weibo" else ""))
        rows = []
        for size in [s for s in sizes if s < chars] + [chars]:
            keep = word_sample(len(texts), size / chars, random_state=0)
            sample = [t for t, k in zip(texts, keep) if k]
            words = discover_words(sample, seg)
            learned = set(words.simplified)
            line = f"{sum(map(len, sample)):>10,} {len(learned):>6} {len(learned & full_words):>14}"
            row = {"characters": sum(map(len, sample)), "words": len(learned), "also_on_whole": len(learned & full_words)}
            if name == "weibo":
                counts = single_tokens(texts, terms, Segmenter(discovered_words=words))
                single = sum(1 for t in terms if counts[t][0] and 2 * counts[t][1] >= counts[t][0])
                line += f"  {single:>3} of {len(terms)}"
                row["checklist_single"] = single
            print(line)
            if size <= 100_000:
                print("    " + " ".join(f"{w}({c})" for w, c in zip(words.word, words["count"])))
            rows.append(row)
        report[name] = rows
    print(json.dumps(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("checklist")
    c.add_argument("--terms", type=Path, default=CHECKLIST)
    c.add_argument("--corpus", type=Path, default=None, help="a CSV corpus (default: the Weibo posts)")
    c.add_argument("--text-column", default="text")
    c.add_argument("--backend", choices=["jieba", "rjieba"], default="jieba")
    c.add_argument("--words", action="store_true", help="also print the discovered words")
    c.set_defaults(func=checklist)
    k = sub.add_parser("cost")
    k.add_argument("--repeats", type=int, default=3)
    k.add_argument("--backend", choices=["jieba", "rjieba"], default="jieba")
    k.set_defaults(func=cost)
    t = sub.add_parser("threshold")
    t.set_defaults(func=threshold)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
