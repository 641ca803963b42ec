"""``make run`` on the seed, warm, against its floor: papermill running as many notebooks that only import textkit.

Usage::

    python benchmarks/seed_run.py [--rounds 5]

The floor notebooks are the suite's own, cut to their parameters cell and
their imports cell (written to a temporary folder at run time).  Two
floors are timed:

* **papermill**: one Python process running ``papermill.execute_notebook``
  on each floor notebook in turn, as papermill is used out of the box
  (the floor the target is stated against);
* **textkit run**: the same notebooks through ``textkit run --no-html``,
  with its own start-up cost (the corpus is read and checked once first).

The measured run is what ``make run`` executes (``textkit run --corpus
seeds``, HTML reports included), into a temporary folder.  One warm-up run
fills the segment cache and the report fonts' cache first, so every timed
run is warm.  Each round times the three in turn (the order rotates) and
the ratios are taken within the round (the machine is shared: a busy spell
slows all); the summary gives medians over the rounds and the range of the
ratios.  The last line is a JSON summary.
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
    textkit = [sys.executable, "-m", "textkit", "run"]
    with tempfile.TemporaryDirectory(prefix="textkit-seed-run-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, TEXTKIT_CACHE_DIR=str(folder / "cache"))
        floor = floor_notebooks(folder)
        commands = {
            "make run": [*textkit, "--corpus", "seeds", "--out", str(folder / "out"), "--figures", str(folder / "figures")],
            "papermill floor": [sys.executable, "-c", PAPERMILL_FLOOR, str(floor), str(folder / "papermill-out")],
            "textkit run floor": [*textkit, "--notebooks", str(floor), "--corpus", "seeds", "--out", str(folder / "floor-out"),
                                  "--figures", str(folder / "floor-figures"), "--no-html"],
        }
        timed(commands["make run"], env)  # warm-up: segment cache and report fonts
        rows = []
        names = list(commands)
        for r in range(args.rounds):
            order = names[r % 3:] + names[: r % 3]
            seconds = {name: timed(commands[name], env) for name in order}
            row = {
                "run_s": round(seconds["make run"], 2),
                "papermill_floor_s": round(seconds["papermill floor"], 2),
                "runner_floor_s": round(seconds["textkit run floor"], 2),
                "ratio": round(seconds["make run"] / seconds["papermill floor"], 2),
                "ratio_runner_floor": round(seconds["make run"] / seconds["textkit run floor"], 2),
            }
            rows.append(row)
            print(f"round {r + 1}: make run {row['run_s']:.1f} s, papermill floor {row['papermill_floor_s']:.1f} s (ratio {row['ratio']:.2f}), "
                  f"textkit run floor {row['runner_floor_s']:.1f} s (ratio {row['ratio_runner_floor']:.2f})", flush=True)
    med = lambda key: round(statistics.median(r[key] for r in rows), 2)  # noqa: E731
    summary = {
        "rounds": rows,
        "run_median_s": med("run_s"),
        "papermill_floor_median_s": med("papermill_floor_s"),
        "runner_floor_median_s": med("runner_floor_s"),
        "ratio_median": med("ratio"),
        "ratio_range": [min(r["ratio"] for r in rows), max(r["ratio"] for r in rows)],
        "ratio_runner_floor_median": med("ratio_runner_floor"),
    }
    print(f"median: make run {summary['run_median_s']} s; papermill floor {summary['papermill_floor_median_s']} s, ratio "
          f"{summary['ratio_median']} ({summary['ratio_range'][0]}-{summary['ratio_range'][1]}); textkit run floor "
          f"{summary['runner_floor_median_s']} s, ratio {summary['ratio_runner_floor_median']}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
