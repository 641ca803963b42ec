"""The engine on a two-worker Dask cluster, at 10^7 and 10^8 characters of a real corpus replicated.

Usage::

    python benchmarks/cluster_scale.py [--source articles|weibo] [--scales 1e7 1e8] [--share 0.1]
                                       [--workers 2] [--memory-limit 2GiB] [--local] [--suite]

The corpus is a real one from the evaluation data (THUCNews articles, with
their category as the group, or the CCTV Weibo posts), replicated until it
holds the characters asked for.  Each copy is made new, so that nothing is
served from a cache and the vocabulary grows as a real corpus's does:

* a share (``--share``, 10 %) of the corpus's word types (words of two
  characters or more seen at least twice, chosen by a hash) become a
  numbered variant of their own in every copy (``N123c7``: word 123 in copy
  7; one Latin-letter token, as a name that is new in each year of a
  newspaper), so that vocabulary and co-occurrence pairs grow with the
  copies (Heaps' law with an exponent of about 0.5: the vocabulary of 100
  copies is about ten times that of one);
* every document ends with its copy's number (a number is not a token), so
  no two copies of a document are the same text;
* the segmenter's block memory is off (``TEXTKIT_BLOCK_CACHE=0``) on the
  driver and the workers.

The cluster is a ``dask scheduler`` and ``--workers`` ``dask worker
--nthreads 1`` processes (``--memory-limit`` each), started here, each in a
folder of its own.  The driver (this process: reading the input, cutting
shards, collecting the reduced results) and each worker process are sampled
every 0.2 s for their resident memory.  Reported per scale: documents,
characters, the seconds of every pass (read + clean + count repetition;
remove + segment; count), the vocabulary and the co-occurring pairs, what
pruning dropped, and the peak memory of the driver and of each worker.
``--local`` also runs the same build with ``n_jobs`` local processes and no
cluster, for comparison.  ``--suite`` runs the whole suite instead
(``textkit run --scheduler FILE``, every notebook, HTML reports included,
a cold cache): its time, each notebook's, the peak of the driver (``textkit
run`` and the notebooks' kernels) and of each worker.  The corpus files are written to a temporary
folder and removed.  The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, eval_dir, require  # noqa: E402

os.environ["TEXTKIT_BLOCK_CACHE"] = "0"


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


def base_corpus(source: str) -> list[dict]:
    """Documents of the real corpus: ``group``, ``date`` (or None), ``text``."""
    from textkit.corpus.load import load_corpus

    if source == "articles":
        path = require(eval_dir() / "thucnews" / "cnews_sample1000.txt")
        rows = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            if "\t" in line:
                label, text = line.split("\t", 1)
                rows.append({"group": label, "date": None, "text": text})
        return rows
    path = require(eval_dir() / "weibo_cctv" / "cctv_weibo_2020.csv")
    docs = load_corpus(path, date_column="published")
    return [{"group": f"{d:%Y-%m}", "date": d, "text": t} for d, t in zip(docs.date, docs.text)]


def variants(base: list[dict], share: float):
    """The base documents cut into tokens, and the word types that get a numbered variant in every copy (type -> number)."""
    from collections import Counter

    from textkit.segment import Segmenter

    seg = Segmenter(block_cache=0)
    cut = [seg.cut(d["text"]) for d in base]
    freq = Counter(t for toks in cut for t in toks)
    chosen = sorted(t for t, c in freq.items() if c >= 2 and len(t) >= 2 and not t.isascii()
                    and int.from_bytes(hashlib.blake2b(t.encode(), digest_size=4).digest(), "little") < share * 2**32)
    return cut, {t: i for i, t in enumerate(chosen)}


def make_corpus(source: str, share: float, path: Path, characters: float) -> dict:
    """:func:`write_corpus` from the base corpus (run in a process of its own: the driver's memory is measured without it)."""
    base = base_corpus(source)
    cut, chosen = variants(base, share)
    made = write_corpus(path, base, cut, chosen, characters)
    made["varied_types"] = len(chosen)
    made["base_characters"] = sum(len(d["text"]) for d in base)
    return made


def write_corpus(path: Path, base: list[dict], cut: list[list[str]], chosen: dict[str, int], characters: float) -> dict:
    """Copies of the base corpus until ``characters``: CSV with ``id, group, date, text``; returns what was written."""
    import pandas as pd

    base_chars = sum(len(d["text"]) for d in base)
    copies = max(1, math.ceil(characters / base_chars))
    total = copies * len(base)
    start = pd.Timestamp("2015-01-01")
    written = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "group", "date", "text"])
        n = 0
        for k in range(copies):
            for i, (doc, toks) in enumerate(zip(base, cut)):
                text = "".join(f"N{chosen[t]}c{k}" if t in chosen else t for t in toks) + f" {k}"
                if doc["date"] is not None:  # Weibo: the copies follow each other, five months apart
                    date = doc["date"] + pd.DateOffset(months=5 * k)
                else:  # articles: spread over one year, copy after copy
                    date = start + pd.Timedelta(days=(n * 364) // total)
                writer.writerow([f"c{k}-{i}", doc["group"], f"{date:%Y-%m-%d %H:%M}", text])
                written += len(text)
                n += 1
    return {"copies": copies, "documents": total, "characters": written, "bytes": path.stat().st_size}


# ---------------------------------------------------------------------------
# The cluster, and memory
# ---------------------------------------------------------------------------


class LocalProcesses:
    """``dask scheduler`` and ``n`` ``dask worker --nthreads 1`` processes, each in a folder of its own."""

    def __init__(self, folder: Path, workers: int, memory_limit: str):
        self.folder = folder
        self.file = folder / "scheduler.json"
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env["TEXTKIT_BLOCK_CACHE"] = "0"
        dask = str(Path(sys.executable).parent / "dask")
        self.procs = []
        (folder / "scheduler").mkdir(parents=True)
        self._start([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(self.file)],
                    folder / "scheduler", env)
        while not self.file.exists():
            time.sleep(0.2)
        for i in range(workers):
            home = folder / f"worker{i}"
            home.mkdir()
            self._start([dask, "worker", "--nthreads", "1", "--no-dashboard", "--memory-limit", memory_limit, "--scheduler-file",
                         str(self.file), "--local-directory", str(home / "scratch"), "--name", f"w{i}"], home, env)
        from distributed import Client

        with Client(scheduler_file=str(self.file), timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)

    def _start(self, command, cwd, env):
        self.procs.append(subprocess.Popen(command, cwd=cwd, env=env, stdout=open(cwd / "log.txt", "w"), stderr=subprocess.STDOUT,
                                           start_new_session=True))

    def worker_pids(self) -> list[int]:
        from distributed import Client

        with Client(scheduler_file=str(self.file), timeout=60, set_as_default=False) as client:
            return sorted(client.run(os.getpid).values())

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


class Peaks:
    """Samples resident memory every 0.2 s: this process (and its children), and each given worker process."""

    def __init__(self, workers=lambda: [], exclude: tuple[int, ...] = (), root: int | None = None):
        import psutil

        self.psutil = psutil
        self.root = root or os.getpid()  # the driver: this process, or a `textkit run` started here
        self.workers = workers
        self.exclude = set(exclude)  # child processes that are not the driver's (the cluster this benchmark started)
        self.driver = 0
        self.runner = 0  # the root process alone (textkit run: papermill, the HTML export)
        self.child = 0  # the largest of its children at any moment (a notebook's kernel)
        self.per_child: dict[int, int] = {}  # each child's peak, in the order they started (the notebooks' kernels, in turn)
        self.per_worker: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self, pid: int, children: bool) -> int:
        try:
            p = self.psutil.Process(pid)
            procs = [p]
            if children:
                skip = set()
                for q in p.children(recursive=True):
                    if q.pid in self.exclude or q.ppid() in skip:
                        skip.add(q.pid)
                    else:
                        procs.append(q)  # local worker processes (n_jobs) count as the driver's
            sizes = [q.memory_info().rss for q in procs]
            if children:
                self.runner = max(self.runner, sizes[0])
                self.child = max(self.child, max(sizes[1:], default=0))
                for q, size in zip(procs[1:], sizes[1:]):
                    self.per_child[q.pid] = max(self.per_child.get(q.pid, 0), size)
            return sum(sizes)
        except self.psutil.Error:
            return 0

    def _run(self):
        while not self._stop.is_set():
            self.driver = max(self.driver, self._rss(self.root, children=True))
            for pid in self.workers():
                self.per_worker[pid] = max(self.per_worker.get(pid, 0), self._rss(pid, children=False))
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------------------
# One scale
# ---------------------------------------------------------------------------


def run_build(corpus: Path, out: Path, executor, workers_pids=lambda: [], exclude: tuple[int, ...] = ()) -> dict:
    import warnings

    from textkit.engine.build import build_store
    from textkit.engine.prepared import PreparedCorpus

    import contextlib

    from textkit.engine.shards import iter_shards

    start = time.perf_counter()  # what the driver alone spends reading and cutting the input (it bounds pass A below)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in iter_shards(corpus, id_column="id", group_column="group", date_column="date"):
            pass
    read_seconds = time.perf_counter() - start
    stream = contextlib.nullcontext(None)
    if getattr(executor, "kind", "") == "dask":
        from distributed import get_task_stream

        stream = get_task_stream(client=executor.client)
    with Peaks(workers_pids, exclude) as peaks, stream as tasks:
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            store = build_store(corpus, out=out, executor=executor, id_column="id", group_column="group", date_column="date")
        built = time.perf_counter() - start
        start = time.perf_counter()
        counts = PreparedCorpus(store, executor).counts()
        counted = time.perf_counter() - start
    passes = json.loads((Path(store.root) / "build.json").read_text())["seconds"]
    per_stage = task_seconds(tasks.data) if tasks is not None else None
    return {
        "task_seconds": per_stage,
        "driver_read_seconds": round(read_seconds, 1),
        "projected_seconds": {w: projected(per_stage, w, read_seconds) for w in (2, 8, 64)} if per_stage else None,
        "documents": store.manifest["documents"],
        "characters": store.manifest["characters_in"],
        "tokens": store.manifest["tokens"],
        "shards": store.n_shards,
        "seconds": {**passes, "build": round(built, 1), "count": round(counted, 1), "total": round(built + counted, 1)},
        "vocabulary": counts.summary["terms"],
        "pairs": counts.summary["pairs"],
        "pairs_pruned": counts.summary["pairs_pruned"],
        "pair_undercount": counts.summary["pair_undercount"],
        "repeated_sentences": store.manifest["repeated"]["sentences"],
        "peak_driver_mb": round(peaks.driver / 2**20),
        "peak_workers_mb": sorted(round(v / 2**20) for v in peaks.per_worker.values()),
        "store_mb": round(sum(p.stat().st_size for p in Path(store.root).rglob("*") if p.is_file()) / 2**20, 1),
    }


def run_suite(corpus: Path, out: Path, scheduler_file: Path, workers_pids=lambda: [], exclude: tuple[int, ...] = ()) -> dict:
    """The whole suite, ``textkit run --scheduler FILE``, on the corpus: wall time, each notebook's, and the peaks.

    The driver is the ``textkit run`` process and everything it starts
    (the notebooks' kernels); the cluster's processes are measured apart.
    A cold cache, the block memory off.
    """
    env = dict(os.environ, TEXTKIT_CACHE_DIR=str(out / "cache"), TEXTKIT_BLOCK_CACHE="0", TEXTKIT_PROGRESS="off")
    command = [sys.executable, "-m", "textkit", "run", "--corpus", str(corpus), "--id-column", "id", "--group-column", "group",
               "--date-column", "date", "--out", str(out), "--figures", str(out / "figures"), "--scheduler", str(scheduler_file)]
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    log = open(out / "run.log", "w")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    with Peaks(workers_pids, exclude, root=proc.pid) as peaks:
        stdout, _ = proc.communicate()
    seconds = time.perf_counter() - start
    log.close()
    if proc.returncode:
        print((out / "run.log").read_text()[-3000:], file=sys.stderr)
        raise SystemExit(f"textkit run exited with {proc.returncode} (log: {out / 'run.log'})")
    notebooks = [line.strip() for line in stdout.splitlines() if " ok (" in line]
    return {"seconds": round(seconds, 1), "notebooks": notebooks, "peak_driver_mb": round(peaks.driver / 2**20),
            "peak_runner_mb": round(peaks.runner / 2**20), "peak_kernel_mb": round(peaks.child / 2**20),
            "peak_children_mb": [round(v / 2**20) for v in peaks.per_child.values() if v > 100 * 2**20],
            "peak_workers_mb": [round(v / 2**20) for _, v in sorted(peaks.per_worker.items())]}


def task_seconds(records: list[dict]) -> dict:
    """Compute seconds of the tasks the workers ran, by stage (from Dask's task stream): count, total, mean, max."""
    import re

    stages: dict[str, list[float]] = {}
    for r in records:
        key = str(r.get("key", ""))
        m = re.match(r"textkit-([a-z-]+?)(-\d{5})?-[0-9a-f]{8}", key)
        if not m or key.endswith(("-info", "-part")):
            continue
        compute = sum(ss["stop"] - ss["start"] for ss in r.get("startstops", ()) if ss.get("action") == "compute")
        stages.setdefault(m.group(1), []).append(compute)
    return {k: {"tasks": len(v), "seconds": round(sum(v), 2), "mean": round(sum(v) / len(v), 3), "max": round(max(v), 3)}
            for k, v in stages.items()}


def projected(stages: dict, workers: int, read_seconds: float) -> float:
    """Seconds with ``workers`` one-thread workers, from the measured tasks.

    Each per-shard stage takes ``ceil(tasks / workers)`` rounds of its mean
    task; merges run ``ceil(merges / workers)`` rounds of their mean plus a
    top of the tree (``log2(merges)`` of their largest); reading the input
    on the driver overlaps pass A and bounds it below.  An estimate: it
    leaves out the scheduler's overhead (a few milliseconds a task) and
    assumes the same speed per worker.
    """
    total = 0.0
    for stage, s in stages.items():
        if "merg" in stage:
            total += math.ceil(s["tasks"] / workers) * s["mean"] + math.log2(max(s["tasks"], 1)) * s["max"] / 2
        elif stage.startswith("reading"):  # the driver reads the input while the workers clean: the slower of the two
            total += max(math.ceil(s["tasks"] / workers) * s["mean"], read_seconds)
        else:
            total += math.ceil(s["tasks"] / workers) * s["mean"]
    return round(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", choices=["articles", "weibo"], default="articles")
    parser.add_argument("--scales", nargs="+", type=float, default=[1e7, 1e8])
    parser.add_argument("--share", type=float, default=0.1, help="share of word types given a numbered variant per copy")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="2GiB", help="each worker's limit (the nanny pauses at 80%%, kills at 95%%)")
    parser.add_argument("--local", action="store_true", help="also build with n_jobs local processes, no cluster")
    parser.add_argument("--folder", help="where the corpus and stores go (default: a temporary folder, removed)")
    parser.add_argument("--suite", action="store_true", help="run the whole suite (textkit run --scheduler) instead of building the store only")
    args = parser.parse_args()

    from textkit.engine.executor import DaskExecutor, get_executor

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    folder = Path(args.folder or tempfile.mkdtemp(prefix="textkit-cluster-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        cluster = LocalProcesses(folder / "dask", args.workers, args.memory_limit)
        try:
            from distributed import Client

            client = Client(scheduler_file=str(cluster.file), timeout=60, set_as_default=False)
            executor = DaskExecutor(client)
            for scale in args.scales:
                corpus = folder / f"corpus-{scale:.0e}.csv"
                start = time.perf_counter()
                with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as maker:
                    made = maker.submit(make_corpus, args.source, args.share, corpus, scale).result()
                made["seconds_to_write"] = round(time.perf_counter() - start, 1)
                print(f"{args.source} x{made['copies']}: {made['documents']:,} documents, {made['characters']:,} characters; "
                      f"{made['varied_types']:,} word types varied per copy", file=sys.stderr)
                pids = cluster.worker_pids()
                row = {"scale": scale, "corpus": made, "load_before": round(os.getloadavg()[0], 1)}
                if args.suite:
                    row["suite"] = run_suite(corpus, folder / f"suite-{scale:.0e}", cluster.file, lambda: pids,
                                             tuple(p.pid for p in cluster.procs))
                else:
                    row["cluster"] = run_build(corpus, folder / f"out-{scale:.0e}", executor, lambda: pids,
                                               tuple(p.pid for p in cluster.procs))
                row["load_after"] = round(os.getloadavg()[0], 1)
                if args.local:
                    with get_executor(n_jobs=args.workers) as local:
                        row["local"] = run_build(corpus, folder / f"local-{scale:.0e}", local,
                                                 exclude=tuple(p.pid for p in cluster.procs))
                results.append(row)
                print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
                corpus.unlink()
            client.close()
        finally:
            cluster.stop()
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    if args.suite:
        print("| scale | documents | characters | suite | notebooks | driver peak | worker peaks |")
        print("|---|---|---|---|---|---|---|")
        for r in results:
            c, m = r["suite"], r["corpus"]
            print(f"| {r['scale']:.0e} | {m['documents']:,} | {m['characters']:,} | {c['seconds']} s | {'; '.join(c['notebooks'])} | "
                  f"{c['peak_driver_mb']} MB | {', '.join(map(str, c['peak_workers_mb']))} MB |")
        if len(results) >= 2:
            a, b = results[0]["suite"]["seconds"], results[-1]["suite"]["seconds"]
            print(f"time ratio {results[-1]['scale'] / results[0]['scale']:.0f}x the characters: {b / a:.1f}x")
        print(json.dumps({"source": args.source, "share": args.share, "workers": args.workers, "memory_limit": args.memory_limit,
                          "suite": True, "results": results}, ensure_ascii=False))
        return
    print("| scale | documents | characters | read+clean+count | remove+segment | count | total | vocabulary | pairs | "
          "driver peak | worker peaks |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        c = r["cluster"]
        s = c["seconds"]
        print(f"| {r['scale']:.0e} | {c['documents']:,} | {c['characters']:,} | {s.get('read_clean_count', 0)} s | "
              f"{s.get('remove_segment', 0)} s | {s['count']} s | {s['total']} s | {c['vocabulary']:,} | {c['pairs']:,} | "
              f"{c['peak_driver_mb']} MB | {', '.join(map(str, c['peak_workers_mb']))} MB |")
    if len(results) >= 2:
        a, b = results[0]["cluster"]["seconds"]["total"], results[-1]["cluster"]["seconds"]["total"]
        print(f"time ratio {results[-1]['scale'] / results[0]['scale']:.0f}x the characters: {b / a:.1f}x")
    print(json.dumps({"source": args.source, "share": args.share, "workers": args.workers, "memory_limit": args.memory_limit,
                      "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
