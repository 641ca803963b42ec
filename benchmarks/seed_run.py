"""``make run`` on the seed, warm, against its floor: papermill running as many notebooks that only import textkit.

Usage::

    python benchmarks/seed_run.py [--rounds 5]

The floor notebooks are the suite's own, cut to their parameters cell and
their imports cell (written to a temporary folder at run time), run by the
same ``textkit run`` without HTML reports: what any run pays for starting
papermill, a kernel per notebook and importing textkit's modules.  The
measured run is what ``make run`` executes (``textkit run --corpus seeds``,
HTML reports included), into a temporary folder.  One warm-up run fills the
segment cache and the report fonts' cache first, so every timed run is warm.
Each round times both, in alternating order, and the ratio is taken within
the round (the machine is shared: a busy spell slows both); the summary
gives medians over the rounds and the range of the ratios.  The last line
is a JSON summary.

``--two-at-a-time`` also times what a runner that executes two notebooks at
once would take: two ``textkit run --only`` processes side by side (01 with
04, 02 with 03), the time of the slower one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT  # noqa: E402


def floor_notebooks(folder: Path) -> Path:
    """Each notebook of the suite cut to its parameters and imports cells."""
    import nbformat

    out = folder / "floor"
    out.mkdir()
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"][:2]
        nbformat.write(nbformat.v4.new_notebook(cells=code, metadata=nb.metadata), out / path.name)
    return out


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{proc.stdout}\n{proc.stderr}")
    return seconds


def timed_together(commands: list[list[str]], env: dict) -> float:
    start = time.perf_counter()
    procs = [subprocess.Popen(c, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    for c, p in zip(commands, procs):
        out, err = p.communicate()
        if p.returncode:
            raise SystemExit(f"{' '.join(c)} failed:\n{out}\n{err}")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--two-at-a-time", action="store_true")
    args = ap.parse_args(argv)
    textkit = [sys.executable, "-m", "textkit", "run"]
    with tempfile.TemporaryDirectory(prefix="textkit-seed-run-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, TEXTKIT_CACHE_DIR=str(folder / "cache"))
        floor = floor_notebooks(folder)
        run = [*textkit, "--corpus", "seeds", "--out", str(folder / "out"), "--figures", str(folder / "figures")]
        base = [*textkit, "--notebooks", str(floor), "--corpus", "seeds", "--out", str(folder / "floor-out"),
                "--figures", str(folder / "floor-figures"), "--no-html"]
        timed(run, env)  # warm-up: segment cache and report fonts
        rows = []
        for r in range(args.rounds):
            first, second = (run, base) if r % 2 == 0 else (base, run)
            a, b = timed(first, env), timed(second, env)
            run_s, floor_s = (a, b) if first is run else (b, a)
            row = {"run_s": round(run_s, 2), "floor_s": round(floor_s, 2), "ratio": round(run_s / floor_s, 2)}
            line = f"round {r + 1}: make run {run_s:.1f} s, floor {floor_s:.1f} s, ratio {run_s / floor_s:.2f}"
            if args.two_at_a_time:
                halves = [[*run[:-4], "--out", str(folder / f"out-{a}"), "--figures", str(folder / f"figures-{a}"), "--only", a, "--only", b]
                          for a, b in (("01", "04"), ("02", "03"))]
                pair_s = timed_together(halves, env)
                row.update(two_at_a_time_s=round(pair_s, 2), two_at_a_time_ratio=round(pair_s / floor_s, 2))
                line += f"; two at a time {pair_s:.1f} s, ratio {pair_s / floor_s:.2f}"
            rows.append(row)
            print(line, flush=True)
    summary = {
        "rounds": rows,
        "run_median_s": round(statistics.median(r["run_s"] for r in rows), 2),
        "floor_median_s": round(statistics.median(r["floor_s"] for r in rows), 2),
        "ratio_median": round(statistics.median(r["ratio"] for r in rows), 2),
        "ratio_range": [min(r["ratio"] for r in rows), max(r["ratio"] for r in rows)],
    }
    if args.two_at_a_time:
        summary["two_at_a_time_ratio_median"] = round(statistics.median(r["two_at_a_time_ratio"] for r in rows), 2)
    print(f"median: make run {summary['run_median_s']} s, floor {summary['floor_median_s']} s, "
          f"ratio {summary['ratio_median']} ({summary['ratio_range'][0]}-{summary['ratio_range'][1]})")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
