"""Notebook 03 as a user runs it: the k it chooses, the model, NMI against real labels, topic stability, time.

Usage::

    python benchmarks/topics_notebook.py --weibo                 # the Weibo posts: k, edge, stable topics
    python benchmarks/topics_notebook.py --headlines             # THUCNews headlines (test split: once, last)
    python benchmarks/topics_notebook.py --articles --seeds 0 1 2  # THUCNews articles, three random_state values
    python benchmarks/topics_notebook.py --weibo -p short_threshold 20   # any notebook parameter

Each run is ``textkit run --only 03 --corpus FILE -p n_jobs 2`` with a new,
empty ``TEXTKIT_CACHE_DIR`` (cold cache) and the notebook's defaults
(``-p random_state SEED`` for each ``--seeds``), on a CSV written to a
temporary folder (never into the project): ``id``, ``text`` (the THUCNews
label stays outside the corpus).  From the tables it writes: the k chosen
(``03_topics_sweep_summary.csv``: the k tried, whether the winner is at an
end of them), the model (the notebook's output), the NMI of each
document's dominant topic (``03_topics_document_topics.csv``) against its
category, and the share of topics stable across seeds
(``03_topics_terms.csv``).  The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, eval_dir, read_labelled, require  # noqa: E402


def write_corpus(texts: list[str], folder: Path) -> Path:
    path = folder / "corpus.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i, t in enumerate(texts):
            w.writerow([f"d{i:06d}", t])
    return path


def run_notebook(corpus: Path, out: Path, params: list[tuple[str, str]], id_column: str | None) -> float:
    env = dict(os.environ, TEXTKIT_CACHE_DIR=str(out / "cache"), TEXTKIT_PROGRESS="off",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "textkit", "run", "--only", "03", "--corpus", str(corpus), "--out", str(out),
           "--figures", str(out / "figures"), "--notebooks", str(ROOT / "notebooks"), "-p", "n_jobs", "2"]
    if id_column:
        cmd += ["--id-column", id_column]
    for name, value in params:
        cmd += ["-p", name, value]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=out, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"notebook 03 failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds


def read_results(out: Path, labels: dict[str, str] | None) -> dict:
    import pandas as pd

    tables = out / "tables"
    summary = pd.read_csv(tables / "03_topics_sweep_summary.csv", encoding="utf-8-sig")
    terms = pd.read_csv(tables / "03_topics_terms.csv", encoding="utf-8-sig")
    theta = pd.read_csv(tables / "03_topics_document_topics.csv", encoding="utf-8-sig")
    executed = (out / "notebooks" / "03_topics.ipynb").read_text(encoding="utf-8")
    rule = re.search(r"k = (\d+): [^\"\\]*", executed)
    model = re.search(r"(Gibbs LDA|DMM|PTM|BTM)[^\"\\]*?: ", executed)
    k = int(rule.group(1))
    ks = sorted(summary.k)
    stable = terms.drop_duplicates("topic").stable
    import nbformat

    cells = nbformat.read(out / "notebooks" / "03_topics.ipynb", as_version=4).cells
    durations = [(float(c.metadata.get("papermill", {}).get("duration") or 0), c.source.strip().splitlines()[0][:60] if c.source.strip() else "")
                 for c in cells if c.cell_type == "code"]
    row = {
        "k": k,
        "cell_seconds": [[round(d, 1), src] for d, src in sorted(durations, reverse=True)[:5]],
        "k_tried": ks,
        "edge": "top" if k == ks[-1] else "bottom" if k == ks[0] else None,
        "model": model.group(1) if model else None,
        "stable_share": round(float(stable.mean()), 3),
        "rule": rule.group(0)[:400],
        "summary": summary.round(4).to_dict(orient="list"),
    }
    if labels is not None:
        from sklearn.metrics import normalized_mutual_info_score

        y = [labels[d] for d in theta.doc_id]
        row["nmi"] = round(float(normalized_mutual_info_score(y, theta.dominant)), 4)
        row["documents"] = len(y)
    return row


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--weibo", action="store_true")
    what.add_argument("--headlines", action="store_true")
    what.add_argument("--articles", action="store_true")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="topics-nb-") as tmp:
        tmp = Path(tmp)
        if args.weibo:
            corpus, labels, id_column, name = require(eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv"), None, "id", "weibo"
        else:
            base = require(eval_dir() / "thucnews")
            path, fmt = (base / "titles_test.txt", "title-tab-label") if args.headlines else (base / "cnews_sample1000.txt", "label-tab-text")
            texts, y = read_labelled(path, fmt)
            corpus, id_column, name = write_corpus(texts, tmp), "id", path.name
            labels = {f"d{i:06d}": lab for i, lab in enumerate(y)}
        for seed in args.seeds:
            out = tmp / f"run{seed}"
            out.mkdir()
            load = os.getloadavg()[0]
            seconds = run_notebook(corpus, out, [("random_state", str(seed)), *map(tuple, args.p)], id_column)
            row = {"corpus": name, "random_state": seed, "seconds": round(seconds, 1), "load_before": round(load, 2),
                   "load_after": round(os.getloadavg()[0], 2), **read_results(out, labels)}
            rows.append(row)
            print(f"{name} random_state={seed}: k = {row['k']} ({row['model']}, tried {row['k_tried']}, edge {row['edge']}), "
                  f"NMI {row.get('nmi', '-')}, stable topics {row['stable_share']:.0%}, {seconds:.0f} s (load {load:.1f})", flush=True)
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
