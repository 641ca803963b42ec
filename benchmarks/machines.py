"""Same bytes on another machine? Run the notebooks as another CPU would, and count the files that differ.

Usage::

    python benchmarks/machines.py [--only 03] [--machine NAME ...] [-p NAME VALUE ...]

Each "machine" is this machine with other code paths chosen for the
floating-point work: another OpenBLAS kernel (``OPENBLAS_CORETYPE``), numpy
without its AVX-512 loops (``NPY_DISABLE_CPU_FEATURES``).  tomotopy is left
alone: textkit loads its SSE2 build on every CPU (``TOMOTOPY_ISA`` set by
hand would overrule that, so it is no way to imitate a CPU).  The notebooks run once as they are and once per
machine (``textkit run`` with default parameters: the ``make run`` that
writes ``figures/``), and every figure and table is compared byte for byte
with the first run.  A measurement, not a test: the test suite checks the
same property by perturbation (``tests/test_determinism.py`` and
``tests/test_notebooks.py``) and leaves these variables alone.  JSON
summary last.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, Timer  # noqa: E402

AVX512 = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR"
MACHINES = {
    "haswell-blas": {"OPENBLAS_CORETYPE": "Haswell"},
    "sandybridge-blas": {"OPENBLAS_CORETYPE": "Sandybridge"},
    "prescott-blas": {"OPENBLAS_CORETYPE": "Prescott"},
    "avx2-cpu": {"OPENBLAS_CORETYPE": "Haswell", "NPY_DISABLE_CPU_FEATURES": AVX512},
}


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(base: Path, name: str, env: dict[str, str], only: list[str], params: list[list[str]]) -> dict[str, dict[str, str]]:
    out, figures = base / name / "out", base / name / "figures"
    cmd = [sys.executable, "-m", "textkit", "run", "--corpus", str(ROOT / "seeds"), "--out", str(out), "--figures", str(figures),
           "--notebooks", str(ROOT / "notebooks"), "--no-html"]
    cmd += [a for o in only for a in ("--only", o)] + [a for p in params for a in ("-p", *p)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env})
    if proc.returncode:
        raise SystemExit(f"{name}: textkit run failed\n{proc.stderr}")
    return {"figures": digest(figures), "tables": digest(out / "tables")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", default=[], metavar="PREFIX", help="notebooks to run (default: all)")
    ap.add_argument("--machine", action="append", choices=sorted(MACHINES), help="machines to imitate (default: all)")
    ap.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), help="notebook parameter")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with Timer() as t:
            reference = run(base, "this-machine", {}, args.only, args.p)
        print(f"this machine: {len(reference['figures'])} figure files, {len(reference['tables'])} tables ({t.seconds:.0f} s)", file=sys.stderr)
        for name in args.machine or list(MACHINES):
            other = run(base, name, MACHINES[name], args.only, args.p)
            row = {"machine": name, "env": MACHINES[name]}
            for kind in ("figures", "tables"):
                row[f"{kind}_differing"] = sorted(k for k, v in reference[kind].items() if other[kind].get(k) != v)
                row[f"{kind}_total"] = len(reference[kind])
            print(f"{name}: {len(row['figures_differing'])} of {row['figures_total']} figure files and "
                  f"{len(row['tables_differing'])} of {row['tables_total']} tables differ", file=sys.stderr)
            results.append(row)
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
