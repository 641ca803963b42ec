"""Count once, derive many: the whole suite against one pass of read + clean + segment; and a local cluster against n_jobs.

Usage::

    python benchmarks/count_once.py articles [--factor 13] [--tree PATH ...]   # (a) ~13 M characters of THUCNews articles
    python benchmarks/count_once.py weibo [--repeat 1]                          # (b) the Weibo posts: --scheduler local vs n_jobs

(a) The corpus is ``cnews_sample1000`` replicated ``--factor`` times
(:func:`suite_scale.build_corpus`: every copy ends with a number of its
own, so no cache serves one copy from another).  For each source tree
given (``--tree``; default this checkout; give an older checkout too for a
before/after), with a cold cache (a new ``TEXTKIT_CACHE_DIR``) and the
block memory off (``TEXTKIT_BLOCK_CACHE=0``):

* one pass: ``textkit segment CORPUS --out tokens.parquet --n-jobs 2``
  (read, clean, remove repeated sentences, [discover words,] segment, write);
* the suite: ``textkit run --corpus CORPUS -p n_jobs 2`` (every notebook,
  HTML reports included);

and the ratio of the two (issue 21's target: at most 5x at 13 M characters).

(b) The CCTV Weibo posts (``published`` as the date), the whole suite
with a cold cache, ``-p n_jobs 2`` against ``--scheduler local --workers 2``,
alternated ``--repeat`` times.

``uptime``'s load is printed with every timing (the machine is shared).
The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, eval_dir, require  # noqa: E402
from suite_scale import build_corpus  # noqa: E402


def load() -> str:
    """``uptime``'s three load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(command: list[str], tree: Path, work: Path, name: str) -> dict:
    """Run a textkit command from ``tree`` with a cold cache; its wall time, the load before and after."""
    cache = work / f"cache-{name}"
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(tree), TEXTKIT_CACHE_DIR=str(cache), TEXTKIT_BLOCK_CACHE="0", TEXTKIT_PROGRESS="off")
    before = load()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "textkit", *command], cwd=tree, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{name}: textkit exited with {done.returncode}")
    notebooks = [line.strip() for line in done.stdout.splitlines() if " ok (" in line]
    row = {"name": name, "tree": str(tree), "seconds": round(seconds, 1), "load_before": before, "load_after": load(), "notebooks": notebooks}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def articles(args, work: Path) -> dict:
    corpus, documents, characters = build_corpus(require(eval_dir() / "thucnews" / "cnews_sample1000.txt"), args.factor, work)
    print(f"corpus: {documents:,} documents, {characters:,} characters", flush=True)
    columns = ["--id-column", "id", "--group-column", "group", "--date-column", "date"]
    rows = []
    for i, tree in enumerate(args.tree or [ROOT]):
        tree = tree.resolve()
        one = timed(["segment", str(corpus), "--out", str(work / f"tokens{i}.parquet"), "--n-jobs", "2", *columns], tree, work,
                    f"one pass ({tree.name})")
        out = work / f"out{i}"
        suite = timed(["run", "--corpus", str(corpus), "--out", str(out), "--figures", str(work / f"figures{i}"), "-p", "n_jobs", "2",
                       *columns, "--notebooks", str(tree / "notebooks")], tree, work, f"suite ({tree.name})")
        rows.append({"tree": str(tree), "one_pass_seconds": one["seconds"], "suite_seconds": suite["seconds"],
                     "ratio": round(suite["seconds"] / one["seconds"], 2), "one_pass": one, "suite": suite})
        print(f"{tree}: suite {suite['seconds']} s / one pass {one['seconds']} s = {rows[-1]['ratio']}x", flush=True)
    return {"corpus": f"cnews_sample1000 x{args.factor}", "documents": documents, "characters": characters, "runs": rows}


def weibo(args, work: Path) -> dict:
    corpus = require(eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv")
    rows = []
    for r in range(args.repeat):
        for name, extra in (("n_jobs 2", ["-p", "n_jobs", "2"]), ("local cluster, 2 workers", ["--scheduler", "local", "--workers", "2"])):
            out = work / f"out-{r}-{len(rows)}"
            rows.append(timed(["run", "--corpus", str(corpus), "--date-column", "published", "--out", str(out),
                               "--figures", str(out / "figures"), *extra], ROOT, work, name))
            if args.keep is None:
                shutil.rmtree(out, ignore_errors=True)
    return {"corpus": "cctv_weibo_2020.csv", "runs": rows}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["articles", "weibo"])
    ap.add_argument("--factor", type=int, default=13)
    ap.add_argument("--tree", type=Path, action="append", help="a textkit source tree to measure (repeatable; default: this one)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="textkit-once-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        summary = articles(args, work) if args.what == "articles" else weibo(args, work)
        print(json.dumps(summary, ensure_ascii=False))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
