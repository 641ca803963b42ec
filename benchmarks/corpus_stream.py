"""Reading a large corpus a chunk at a time: peak memory and time of iter_corpus against load_corpus, per format.

The Weibo posts (``weibo_cctv/cctv_weibo_2020.csv``) are replicated to
``--chars`` characters of text, each copy with ids of its own, and written
as CSV, TSV, JSON Lines, Parquet and one post per line (in a temporary
folder, deleted afterwards).  Each reading runs in a fresh process, so
that its peak resident memory (VmHWM, Linux) is its own:

* ``iter_corpus`` with the default chunk size, keeping nothing (what a
  shard-by-shard engine does);
* ``load_corpus``, the whole table (``--whole`` to include it: at 10^8
  characters it takes a few GB).

    python benchmarks/corpus_stream.py --chars 100000000 --whole

Prints one row per format and reading: seconds, peak RSS, documents.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, eval_dir, require  # noqa: E402

CHILD = r"""
import sys, time, warnings
sys.path.insert(0, {root!r})
from textkit.corpus.load import iter_corpus, load_corpus
path, how, fmt = sys.argv[1:4]
options = {{"text_column": "text", "id_column": "id", "date_column": "published"}} if fmt != "lines" else {{}}
start = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    if how == "iter_corpus":
        n = sum(len(chunk) for chunk in iter_corpus(path, **options))
    else:
        n = len(load_corpus(path, **options))
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak (fork), VmHWM restarts at exec.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(n, round(seconds, 2), round(peak / 1024))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=float, default=1e8, help="characters of text to read (default 1e8)")
    parser.add_argument("--formats", default="csv,tsv,jsonl,parquet,lines")
    parser.add_argument("--whole", action="store_true", help="also time load_corpus (holds the whole table)")
    args = parser.parse_args()
    import pandas as pd

    posts = pd.read_csv(require(eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv"), dtype=str, keep_default_na=False)
    copies = max(1, round(args.chars / posts.text.str.len().sum()))
    frame = pd.concat([posts.assign(id=posts.id + f"-{k}") for k in range(copies)], ignore_index=True)
    chars = int(frame.text.str.len().sum())
    work = Path(tempfile.mkdtemp(prefix="textkit-stream-"))
    try:
        files = {}
        for fmt in args.formats.split(","):
            path = work / f"weibo.{'txt' if fmt == 'lines' else fmt}"
            if fmt == "csv":
                frame.to_csv(path, index=False)
            elif fmt == "tsv":
                frame.assign(text=frame.text.str.replace("\t", " ")).to_csv(path, index=False, sep="\t")
            elif fmt == "jsonl":
                frame.to_json(path, orient="records", lines=True, force_ascii=False)
            elif fmt == "parquet":
                frame.to_parquet(path, index=False)
            elif fmt == "lines":
                path.write_text("\n".join(frame.text.str.replace("\n", " ")) + "\n", encoding="utf-8")
            files[fmt] = path
        print(f"{len(frame):,} documents, {chars:,} characters ({copies} copies of the Weibo posts)")
        print(f"{'format':8} {'file MB':>8} {'reading':12} {'seconds':>8} {'peak RSS MB':>12} {'documents':>10}")
        for fmt, path in files.items():
            for how in ("iter_corpus", "load_corpus") if args.whole else ("iter_corpus",):
                out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path), how, fmt],
                                     capture_output=True, text=True, check=True).stdout.split()
                n, seconds, rss = out
                print(f"{fmt:8} {path.stat().st_size / 2**20:8.0f} {how:12} {seconds:>8} {rss:>12} {int(n):>10,}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
