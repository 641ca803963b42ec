"""A corpus file with stray NUL bytes, like the one in issue 13, loads whole with one warning.

Builds, in a temporary folder, a UTF-8 CSV (``label,text``) of real THUCNews
articles (``cnews_sample1000`` repeated to about 3.9 M characters, the size of
the issue's file) and injects 1,167 NUL bytes into 20 of them, as the issue
describes.  Then loads it with :func:`textkit.corpus.load.load_corpus` and prints the
documents, characters, warnings and time, and checks that every article came
back whole.  The file is deleted afterwards; nothing is written to the
project.

    python benchmarks/stray_bytes.py [--copies 4] [--articles 20] [--nuls 1167]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import eval_dir, read_labelled, require  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=4, help="times the 1,000 articles are repeated")
    parser.add_argument("--articles", type=int, default=20, help="articles that get NUL bytes")
    parser.add_argument("--nuls", type=int, default=1167, help="NUL bytes in all")
    args = parser.parse_args()

    from textkit.corpus.load import load_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the source file's own two DEL characters
        texts, labels = read_labelled(require(eval_dir() / "thucnews" / "cnews_sample1000.txt"), "label-tab-text")
    rows = [(label, text) for _ in range(args.copies) for label, text in zip(labels, texts)]
    rng = random.Random(13)
    hit = sorted(rng.sample(range(len(rows)), args.articles))
    dirty = [list(row) for row in rows]
    for k in range(args.nuls):
        i = hit[k % len(hit)]
        text = dirty[i][1]
        at = rng.randrange(1, len(text))
        dirty[i][1] = text[:at] + "\x00" + text[at:]

    with tempfile.TemporaryDirectory(prefix="textkit-stray-") as tmp:
        path = Path(tmp) / "articles.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["label", "text"])
            writer.writerows(dirty)
        size = path.stat().st_size
        chars = sum(len(t) for _, t in dirty)
        print(f"file: {size / 1e6:.1f} MB, {len(dirty):,} articles, {chars:,} characters, "
              f"{args.nuls:,} NUL bytes in {args.articles} articles ({args.nuls / chars:.3%})")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            start = time.perf_counter()
            docs = load_corpus(path, group_column="label")
            seconds = time.perf_counter() - start
    print(f"loaded: {len(docs):,} documents, {docs.text.str.len().sum():,} characters in {seconds:.2f} s")
    for w in caught:
        print(f"warning ({w.category.__name__}): {w.message}")
    whole = docs.text.tolist() == [t.strip() for _, t in rows]
    print(f"every article whole (equal to the file without the NULs): {whole}")
    return 0 if whole and len(caught) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
