"""``make run`` on the seed, warm, against its floor: papermill running as many notebooks that only import textkit.

Usage::

    python benchmarks/seed_run.py [--rounds 5]

The floor notebooks are the suite's own, cut to their parameters cell and
their imports cell (written to a temporary folder at run time), run by one
Python process calling ``papermill.execute_notebook`` on each in turn, as
papermill is used out of the box: what any run pays for starting a kernel
per notebook and importing textkit's modules.

The measured run is what ``make run`` executes (``textkit run --corpus
seeds``, HTML reports included), into a temporary folder.  One warm-up run
fills the segment cache and the report fonts' cache first, so every timed
run is warm.  Each round times both, in alternating order, and the ratio is
taken within the round (the machine is shared: a busy spell slows both); the
summary gives medians over the rounds and the range of the ratios.  The last line is a JSON summary.
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


PAPERMILL_FLOOR = """
import sys
from pathlib import Path
import papermill as pm
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for nb in sorted(folder.glob("[0-9]*.ipynb")):
    pm.execute_notebook(str(nb), str(out / nb.name), parameters={"corpus": "seeds"}, kernel_name="python3",
                        progress_bar=False, log_output=False)
"""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="textkit-seed-run-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, TEXTKIT_CACHE_DIR=str(folder / "cache"))
        run = [sys.executable, "-m", "textkit", "run", "--corpus", "seeds", "--out", str(folder / "out"), "--figures", str(folder / "figures")]
        floor = [sys.executable, "-c", PAPERMILL_FLOOR, str(floor_notebooks(folder)), str(folder / "floor-out")]
        timed(run, env)  # warm-up: segment cache and report fonts
        rows = []
        for r in range(args.rounds):
            first, second = (run, floor) if r % 2 == 0 else (floor, run)
            a, b = timed(first, env), timed(second, env)
            run_s, floor_s = (a, b) if first is run else (b, a)
            rows.append({"run_s": round(run_s, 2), "floor_s": round(floor_s, 2), "ratio": round(run_s / floor_s, 2)})
            print(f"round {r + 1}: make run {run_s:.1f} s, papermill floor {floor_s:.1f} s, ratio {run_s / floor_s:.2f}", flush=True)
    summary = {
        "rounds": rows,
        "run_median_s": round(statistics.median(r["run_s"] for r in rows), 2),
        "floor_median_s": round(statistics.median(r["floor_s"] for r in rows), 2),
        "ratio_median": round(statistics.median(r["ratio"] for r in rows), 2),
        "ratio_range": [min(r["ratio"] for r in rows), max(r["ratio"] for r in rows)],
    }
    print(f"median: make run {summary['run_median_s']} s, floor {summary['floor_median_s']} s, "
          f"ratio {summary['ratio_median']} ({summary['ratio_range'][0]}-{summary['ratio_range'][1]})")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
