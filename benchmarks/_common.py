"""Helpers shared by the benchmarks: where the evaluation data is, timing, memory."""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def eval_dir() -> Path:
    """``$TEXTKIT_EVAL_DIR`` or ``../shared/eval`` next to the project."""
    return Path(os.environ.get("TEXTKIT_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def require(path: Path) -> Path:
    """Exit cleanly (status 0, message on stderr) when evaluation data is absent."""
    if not path.exists():
        print(f"skipped: {path} not found (set TEXTKIT_EVAL_DIR to the evaluation data folder)", file=sys.stderr)
        sys.exit(0)
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def read_labelled(path: Path, fmt: str) -> tuple[list[str], list[str]]:
    """Texts and labels of a labelled file: ``title-tab-label`` (THUCNews titles) or ``label-tab-text`` (articles).

    Lines without a tab are skipped.
    """
    from textkit.corpus.load import read_text

    texts, labels = [], []
    for line in read_text(path).split("\n"):
        if "\t" not in line:
            continue
        if fmt == "title-tab-label":
            text, label = line.rsplit("\t", 1)
        elif fmt == "label-tab-text":
            label, text = line.split("\t", 1)
        else:
            raise SystemExit(f"unknown format {fmt!r}: use title-tab-label or label-tab-text")
        texts.append(text)
        labels.append(label)
    return texts, labels
