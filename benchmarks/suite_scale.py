"""The whole notebook suite on a real corpus at real size: time per notebook and peak memory of every process.

Usage::

    python benchmarks/suite_scale.py                      # 10 M characters: cnews_sample1000 replicated 10x
    python benchmarks/suite_scale.py --factor 1           # the 1,000 articles once
    python benchmarks/suite_scale.py --corpus posts.csv   # any corpus textkit reads (e.g. the Weibo posts)
    python benchmarks/suite_scale.py --corpus x.csv -p group_column label   # more notebook parameters

The replicated corpus is written at run time to a temporary folder (never
into the project): each of the 1,000 THUCNews articles ten times, the
replica as the ``group`` column (``r01`` … ``r10``), a ``date`` column
spread evenly over 2025, and the article's category as ``label``.  Each
copy ends with a line holding a number of its own (``0100457``), so that no
two documents are the same text: the segment cache and the batches'
de-duplication would otherwise segment one copy and serve the other nine.
(The number is dropped as a token and the line, a sentence of its own,
is found in no other document.)

``textkit run`` then executes every notebook on it with a cold segment
cache (a new ``TEXTKIT_CACHE_DIR``), ``-p n_jobs 2`` and the block memory
off (``TEXTKIT_BLOCK_CACHE=0``, as ``benchmarks/scaling.py`` does:
replicated text would otherwise come from remembered blocks).  Notebook
parameters the notebooks declare are added when present (``group_column``,
``date_column``).  Every 0.2 s the resident memory of the whole process
tree (``textkit run``, each notebook kernel, its segmentation and topic
workers) is summed; the report gives each notebook's wall time and the
peak of that sum while it ran.  The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, eval_dir, read_labelled, require  # noqa: E402

PROGRESS = re.compile(r"\[(\d+)/(\d+)\] (\S+) (running|ok|FAILED)")


def build_corpus(source: Path, factor: int, folder: Path) -> tuple[Path, int, int]:
    """Write the replicated corpus as a CSV; returns its path, documents and characters."""
    texts, labels = read_labelled(source, "label-tab-text")
    n = len(texts) * factor
    start = dt.date(2025, 1, 1)
    path = folder / f"cnews_x{factor}.csv"
    chars = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "group", "date", "label", "text"])
        k = 0
        for r in range(1, factor + 1):
            for i, (text, label) in enumerate(zip(texts, labels)):
                body = f"{text}\n{r:02d}{i:05d}"
                chars += len(body)
                date = start + dt.timedelta(days=(k * 365) // n)
                writer.writerow([f"r{r:02d}-{i:04d}", f"r{r:02d}", date.isoformat(), label, body])
                k += 1
    return path, n, chars


def _role(proc) -> str:
    line = " ".join(proc.cmdline())
    if "ipykernel" in line:
        return "kernel"
    if "loky" in line or "joblib" in line or "multiprocessing" in line:
        return "worker"
    if "textkit" in line:
        return "textkit run"
    return proc.name()


def tree_rss_mb(root) -> tuple[float, dict[str, float]]:
    """Resident memory of ``root`` and all its descendants, in MB, and by role (runner, kernel, workers)."""
    import psutil

    total, roles = 0, {}
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0, {}
    for p in procs:
        try:
            rss = p.memory_info().rss
            role = _role(p)
        except psutil.Error:
            continue
        total += rss
        roles[role] = roles.get(role, 0) + rss / 2**20
    return total / 2**20, roles


def declared_parameters(notebooks: Path) -> set[str]:
    import papermill as pm

    names: set[str] = set()
    for nb in sorted(notebooks.glob("[0-9]*.ipynb")):
        names |= set(pm.inspect_notebook(str(nb)))
    return names


def run_suite(corpus: Path, work: Path, n_jobs: int, parameters: list[tuple[str, str]], notebooks: Path, html: bool,
              only: list[str] | None = None) -> dict:
    import psutil

    env = dict(os.environ, TEXTKIT_CACHE_DIR=str(work / "cache"), TEXTKIT_BLOCK_CACHE="0", TEXTKIT_PROGRESS="off")
    declared = declared_parameters(notebooks)
    params = [("n_jobs", str(n_jobs)), *parameters]
    given = {name for name, _ in params}
    for name, value in (("group_column", "group"), ("date_column", "date")):
        if name in declared and name not in given and corpus.suffix == ".csv" and corpus.name.startswith("cnews_x"):
            params.append((name, value))
    command = [sys.executable, "-m", "textkit", "run", "--corpus", str(corpus), "--out", str(work / "out"),
               "--figures", str(work / "figures"), "--notebooks", str(notebooks)]
    for name, value in params:
        command += ["-p", name, value]
    if not html:
        command.append("--no-html")
    for prefix in only or []:
        command += ["--only", prefix]
    print("$ " + " ".join(command), flush=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    root = psutil.Process(proc.pid)
    state = {"current": "startup", "peak": {}, "overall": 0.0, "at_peak": {}}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            rss, roles = tree_rss_mb(root)
            name = state["current"]
            state["peak"][name] = max(state["peak"].get(name, 0.0), rss)
            if rss > state["overall"]:
                state["overall"], state["at_peak"] = rss, {k: round(v) for k, v in roles.items()}
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    seconds = {}
    began = start
    for line in proc.stdout:
        print("  " + line.rstrip(), flush=True)
        m = PROGRESS.search(line)
        if m and m.group(4) == "running":
            state["current"] = m.group(3)
            began = time.perf_counter()
        elif m:
            seconds[m.group(3)] = round(time.perf_counter() - began, 1)
            state["current"] = "reports"
    stderr = proc.stderr.read()
    proc.wait()
    stop.set()
    sampler.join()
    total = time.perf_counter() - start
    if proc.returncode:
        print(stderr[-3000:], file=sys.stderr)
    return {
        "returncode": proc.returncode,
        "parameters": dict(params),
        "total_seconds": round(total, 1),
        "notebook_seconds": seconds,
        "peak_tree_rss_mb": {k: round(v) for k, v in state["peak"].items()},
        "peak_tree_rss_mb_overall": round(state["overall"]),
        "at_peak_by_process_mb": state["at_peak"],
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=eval_dir() / "thucnews" / "cnews_sample1000.txt")
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--corpus", type=Path, help="run on this corpus instead of the replicated articles")
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    ap.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    ap.add_argument("--no-html", action="store_true")
    ap.add_argument("--only", action="append", metavar="PREFIX", help="run only these notebooks (textkit run --only)")
    ap.add_argument("--keep", type=Path, help="keep the outputs (and the corpus) in this folder")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="textkit-suite-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.corpus is None:
            require(args.data)
            corpus, documents, characters = build_corpus(args.data, args.factor, work)
            print(f"corpus: {documents:,} documents, {characters:,} characters ({corpus})", flush=True)
        else:
            corpus = require(args.corpus)
            documents = characters = None
        row = run_suite(corpus, work, args.n_jobs, [tuple(p) for p in args.parameter], args.notebooks, not args.no_html, args.only)
        row.update({"corpus": str(args.corpus or f"cnews_sample1000 x{args.factor}"), "documents": documents, "characters": characters})
        print(f"total {row['total_seconds']} s; per notebook {row['notebook_seconds']}; "
              f"peak RSS of the process tree {row['peak_tree_rss_mb_overall']} MB ({row['peak_tree_rss_mb']}; "
              f"at the peak: {row['at_peak_by_process_mb']})", flush=True)
        print(json.dumps(row, ensure_ascii=False))
        if row["returncode"]:
            sys.exit(row["returncode"])
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
