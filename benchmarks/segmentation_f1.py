"""Word segmentation quality on SIGHAN 2005 (precision / recall / F1 over spans).

Scores, line by line, a word as correct when its start and end offsets match
the gold segmentation:

* ``jieba``: plain jieba, default dictionary, on the text as written;
* ``textkit``: ``python -m textkit segment FILE`` (measured from outside, as a
  user would run it), with textkit's defaults (the rjieba backend);
* ``textkit-jieba``: the same with the jieba backend;
* ``textkit-nodomain``: the same without textkit's dictionaries (domain,
  regional, Cantonese);
* ``textkit-pos-hmm``: ``Segmenter(hmm_model="pos")`` in this process (unknown
  words, person names among them, through the HMM of jieba's part-of-speech
  tagger instead of its segmentation HMM).

Usage::

    python benchmarks/segmentation_f1.py --test as_test.utf8 --gold as_testing_gold.utf8 [--words as_training_words.utf8]
    python benchmarks/segmentation_f1.py --all        # AS and PKU from $TEXTKIT_EVAL_DIR

The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, eval_dir, require  # noqa: E402


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, start = set(), 0
    for w in words:
        out.add((start, start + len(w)))
        start += len(w)
    return out


def score(pred_lines: list[list[str]], gold_lines: list[list[str]], train_words: set[str] | None = None) -> dict:
    tp = n_pred = n_gold = 0
    oov_total = oov_hit = 0
    skipped = 0
    for pred, gold in zip(pred_lines, gold_lines, strict=True):
        if unicodedata.normalize("NFKC", "".join(pred)) != unicodedata.normalize("NFKC", "".join(gold)):
            skipped += 1
            continue
        ps, gs = spans(pred), spans(gold)
        tp += len(ps & gs)
        n_pred += len(ps)
        n_gold += len(gs)
        if train_words is not None:
            start = 0
            for w in gold:
                if w not in train_words:
                    oov_total += 1
                    oov_hit += (start, start + len(w)) in ps
                start += len(w)
    p, r = tp / n_pred, tp / n_gold
    result = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4), "lines_skipped": skipped}
    if train_words is not None and oov_total:
        result["oov_recall"] = round(oov_hit / oov_total, 4)
    return result


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def plain_jieba(lines: list[str]) -> list[list[str]]:
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()  # jieba's default dictionary, its own instance
    return [[t for t in tk.lcut(line) if not t.isspace()] for line in lines]


def textkit_cli(test: Path, *extra: str) -> list[list[str]]:
    proc = subprocess.run(
        [sys.executable, "-m", "textkit", "segment", str(test), *extra],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return [ln.split() for ln in proc.stdout.split("\n")[:-1]]


def textkit_in_process(lines: list[str], **params) -> list[list[str]]:
    """Tokens of each line, as ``textkit segment`` prints them, from ``Segmenter(**params)``."""
    from textkit.segment import Segmenter

    seg = Segmenter(**params)
    return [[t for t in seg.cut(line) if not t.isspace()] for line in lines]


def evaluate(test: Path, gold: Path, words: Path | None) -> dict:
    lines = read_lines(test)
    gold_lines = [ln.split() for ln in read_lines(gold)]
    if len(lines) != len(gold_lines):
        raise SystemExit(f"{test} has {len(lines)} lines but {gold} has {len(gold_lines)}")
    train = set(read_lines(words)) if words else None
    systems = {
        "jieba": lambda: plain_jieba(lines),
        "textkit": lambda: textkit_cli(test),
        "textkit-jieba": lambda: textkit_cli(test, "--backend", "jieba"),
        "textkit-nodomain": lambda: textkit_cli(test, "--no-domain-dict"),
        "textkit-pos-hmm": lambda: textkit_in_process(lines, hmm_model="pos"),
    }
    results = {}
    for name, run in systems.items():
        t0 = time.perf_counter()
        pred = run()
        seconds = time.perf_counter() - t0
        while len(pred) > len(gold_lines) and not pred[-1]:
            pred.pop()  # trailing blank lines of the test file
        results[name] = {**score(pred, gold_lines, train), "seconds": round(seconds, 2)}
    return {"test": test.name, "lines": len(lines), "results": results}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--test", type=Path, help="unsegmented test text, one sentence per line")
    ap.add_argument("--gold", type=Path, help="gold segmentation, words separated by whitespace")
    ap.add_argument("--words", type=Path, help="training word list, for recall on out-of-vocabulary words")
    ap.add_argument("--all", action="store_true", help="score AS and PKU from $TEXTKIT_EVAL_DIR (default ../shared/eval)")
    args = ap.parse_args(argv)
    runs = []
    if args.all:
        base = require(eval_dir() / "sighan2005")
        runs = [
            (base / "as_test.utf8", base / "as_testing_gold.utf8", base / "as_training_words.utf8"),
            (base / "pku_test.utf8", base / "pku_test_gold.utf8", base / "pku_training_words.utf8"),
        ]
    elif args.test and args.gold:
        runs = [(require(args.test), require(args.gold), args.words)]
    else:
        ap.error("give --test and --gold, or --all")
    summary = []
    for test, gold, words in runs:
        res = evaluate(test, gold, words)
        summary.append(res)
        print(f"\n{res['test']} ({res['lines']} lines)")
        print(f"{'system':<18} {'P':>7} {'R':>7} {'F1':>7} {'OOV-R':>7} {'s':>7}")
        for name, r in res["results"].items():
            print(f"{name:<18} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} {r.get('oov_recall', float('nan')):>7.4f} {r['seconds']:>7.2f}")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
