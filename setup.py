"""Build step: the wheel carries the notebooks, the seed corpus and the commit it was built from.

Everything else about the package is in pyproject.toml.  The top-level
``notebooks/`` and ``seeds/`` folders stay the sources (``make run`` and
``make lab`` use them where they are); building a wheel copies them into
the package as ``textkit/data/notebooks`` and ``textkit/data/seeds``, and
writes ``textkit/data/commit.txt`` when the build runs in a git checkout
(``textkit --version`` then names the commit).  An sdist carries the
folders (MANIFEST.in) and the commit file, so a wheel built from it has
them too.  Copies, not symbolic links: a link does not survive a Windows
checkout or an archive, and pytest's doctest collection would follow one
from ``textkit/`` into the notebooks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
SHIPPED = {
    "notebooks": ["[0-9]*.ipynb", "[0-9]*.py"],  # the numbered notebooks and their py:percent twins
    "seeds": ["*.txt"],
}


def _commit() -> str | None:
    """``<commit>`` or ``<commit> modified`` for the checkout being built, or None outside git."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # a build never writes to the repository
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True, env=env,
                             timeout=10, check=True).stdout.strip()
        if not top or Path(top).resolve() != ROOT:
            return None  # an unpacked sdist inside some other repository: not this code's commit
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True, env=env,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                               text=True, env=env, timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{sha} modified" if dirty else sha or None


def _ship(target: Path) -> None:
    """Copy the shipped folders into ``target`` (a build's ``textkit/data``), replacing older copies."""
    for folder, patterns in SHIPPED.items():
        source = ROOT / folder
        files = sorted({p for pattern in patterns for p in source.glob(pattern) if p.is_file()})
        if not files:
            raise SystemExit(f"setup.py: {source} holds no {' or '.join(patterns)}: the wheel would have no {folder}")
        dest = target / folder
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        for f in files:
            shutil.copy2(f, dest / f.name)
    commit = _commit()
    if commit:
        (target / "commit.txt").write_text(commit + "\n", encoding="utf-8")


class BuildPy(build_py):
    def run(self):
        editable = getattr(self, "editable_mode", False)
        if not editable:
            # build/lib outlives a build, and setuptools never empties it: a module deleted or moved since the last
            # wheel built in this checkout (textkit/load.py -> textkit/corpus/load.py) would ship again, stale.
            shutil.rmtree(Path(self.build_lib) / "textkit", ignore_errors=True)
        super().run()
        if not editable:  # an editable install reads the checkout's folders directly
            _ship(Path(self.build_lib) / "textkit" / "data")


class SDist(sdist):
    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        commit = _commit()
        if commit:
            Path(base_dir, "textkit", "data", "commit.txt").write_text(commit + "\n", encoding="utf-8")


setup(cmdclass={"build_py": BuildPy, "sdist": SDist})
