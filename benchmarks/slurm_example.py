"""The README's SLURM example (dask-jobqueue), run on this machine against a stand-in ``sbatch``.

Usage::

    pip install dask-jobqueue
    python benchmarks/slurm_example.py [--jobs 2] [--corpus PATH]

This machine has no SLURM.  So that the README's example is a command that
was run, this script puts a stand-in ``sbatch`` / ``scancel`` / ``squeue``
first on the PATH: ``sbatch SCRIPT`` runs the job script that
dask-jobqueue wrote (its ``#SBATCH`` lines are comments to bash) as a
background process and answers ``Submitted batch job N``, as SLURM does;
``scancel N`` stops it.  Everything else is the real thing:
``SLURMCluster(...)`` writes the job script, starts the scheduler,
``cluster.scale(jobs=N)`` submits N jobs, each runs one ``dask worker``
that joins the scheduler, and ``textkit run --scheduler ADDRESS`` runs every
notebook on the seed (or ``--corpus``) through them.  What a real cluster
adds (queues, nodes, a shared filesystem) is not shown.

Prints the job script dask-jobqueue generated, the workers that joined and
the run's report lines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT  # noqa: E402

SBATCH = """#!/bin/sh
# stand-in for SLURM's sbatch: run the job script in the background, answer as sbatch does
dir="$(dirname "$0")/../jobs"; mkdir -p "$dir"
n=$(ls "$dir" | grep -c pid); n=$((n + 1))
cp "$1" "$dir/$n.sh"  # dask-jobqueue removes its script once sbatch returns
setsid sh "$dir/$n.sh" > "$dir/$n.log" 2>&1 < /dev/null &
echo $! > "$dir/$n.pid"
echo "Submitted batch job $n"
"""
SCANCEL = """#!/bin/sh
dir="$(dirname "$0")/../jobs"
for n in "$@"; do [ -f "$dir/$n.pid" ] && kill -TERM -"$(cat "$dir/$n.pid")" 2>/dev/null; done; exit 0
"""
SQUEUE = """#!/bin/sh
echo "JOBID STATE"
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--corpus", help="a corpus for textkit run (default: the seed)")
    args = ap.parse_args()
    try:
        from dask_jobqueue import SLURMCluster
    except ImportError:
        raise SystemExit("dask-jobqueue is not installed: pip install dask-jobqueue")
    from distributed import Client

    work = Path(tempfile.mkdtemp(prefix="textkit-slurm-"))
    bin_dir = work / "bin"
    bin_dir.mkdir()
    for name, text in (("sbatch", SBATCH), ("scancel", SCANCEL), ("squeue", SQUEUE)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(stat.S_IRWXU)
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    venv = Path(sys.executable).parent.parent
    cluster = None
    try:
        # the README's example, with this machine's venv and loopback address
        cluster = SLURMCluster(cores=1, processes=1, memory="2GiB", walltime="02:00:00",
                               job_script_prologue=[f"cd {work}", f". {venv}/bin/activate"],
                               scheduler_options={"host": "127.0.0.1"}, local_directory=str(work / "scratch"),
                               log_directory=str(work / "logs"))
        print("--- the job script dask-jobqueue writes ---")
        print(cluster.job_script())
        start = time.perf_counter()
        cluster.scale(jobs=args.jobs)
        with Client(cluster) as client:
            client.wait_for_workers(args.jobs, timeout=180)
            joined = sorted(w["name"] for w in client.scheduler_info()["workers"].values())
            print(f"--- {len(joined)} worker(s) joined in {time.perf_counter() - start:.1f} s: {', '.join(map(str, joined))}")
            print(f"--- textkit run --scheduler {cluster.scheduler_address}")
            command = [sys.executable, "-m", "textkit", "run", "--scheduler", cluster.scheduler_address,
                       "--out", str(work / "output"), "--figures", str(work / "figures"), "--no-html"]
            if args.corpus:
                command += ["--corpus", args.corpus]
            start = time.perf_counter()
            done = subprocess.run(command, cwd=work, env=dict(os.environ, PYTHONPATH=str(ROOT)), text=True, capture_output=True)
            print(done.stdout.strip())
            if done.returncode:
                print(done.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"textkit run exited with {done.returncode}")
            print(f"--- ok in {time.perf_counter() - start:.1f} s; tables: {len(list((work / 'output' / 'tables').glob('*.csv')))}")
    except BaseException:
        for log in sorted((work / "jobs").glob("*.log")) if (work / "jobs").exists() else []:
            print(f"--- {log.name}:\n{log.read_text()[-2000:]}", file=sys.stderr)
        raise
    finally:
        if cluster is not None:
            cluster.close()
        for pid in (work / "jobs").glob("*.pid") if (work / "jobs").exists() else []:
            subprocess.run(["sh", str(bin_dir / "scancel"), pid.stem], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
