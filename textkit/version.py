"""Which textkit this is: its version, and the git commit of the code when there is one.

A result in a paper should lead back to the code that made it.
``textkit --version`` prints :func:`describe_version`, and ``textkit run``
writes the same line into every executed notebook and report (figures stay
byte-identical: it is never drawn into them).

* Run from a git checkout (an editable install, ``PYTHONPATH``): the
  checkout's commit, and whether tracked files differ from it.
* Installed from a wheel built in a checkout: the commit it was built from
  (``textkit/data/commit.txt``, written by ``setup.py``).
* Otherwise the version alone.

Examples
--------
>>> describe_version().startswith(f"textkit {__version__}")
True
"""

from __future__ import annotations

import functools
import os
import subprocess

from textkit import __version__
from textkit.corpus.resources import PACKAGE_DIR

__all__ = ["__version__", "commit", "describe_version"]


@functools.lru_cache(maxsize=1)
def _checkout_commit() -> tuple[str, bool] | None:
    root = PACKAGE_DIR.parent
    if not ((root / ".git").exists() and (root / "pyproject.toml").is_file()):
        return None
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # reading the version never writes to the repository
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env, timeout=20,
                                  check=True).stdout.strip()

        top = git("rev-parse", "--show-toplevel")
        if not top or os.path.realpath(top) != str(root):
            return None
        sha = git("rev-parse", "--short=12", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return (sha, dirty) if sha else None


def _built_commit() -> tuple[str, bool] | None:
    try:
        words = (PACKAGE_DIR / "data" / "commit.txt").read_text(encoding="utf-8").split()
    except OSError:
        return None
    return (words[0], "modified" in words[1:]) if words else None


def commit() -> dict | None:
    """The commit of the running code: ``{"commit", "modified", "source"}``, or ``None`` when unknown.

    ``source`` is ``"checkout"`` (read from git now) or ``"build"`` (the
    commit the installed wheel was built from); ``modified`` says whether
    tracked files differed from that commit.
    """
    if found := _checkout_commit():
        return {"commit": found[0], "modified": found[1], "source": "checkout"}
    if found := _built_commit():
        return {"commit": found[0], "modified": found[1], "source": "build"}
    return None


def describe_version() -> str:
    """One line naming this textkit: ``textkit 0.1.0 (git 1a2b3c4d5e6f)``.

    ``(git …, with uncommitted changes)`` for a checkout whose tracked files
    differ from the commit; ``(built from git …)`` for a wheel built in a
    checkout.

    Notes
    -----
    In a checkout this asks git (two commands, some tens of milliseconds;
    remembered for the process).
    """
    found = commit()
    if found is None:
        return f"textkit {__version__}"
    changes = " with uncommitted changes" if found["modified"] else ""
    if found["source"] == "build":
        return f"textkit {__version__} (built from git {found['commit']}{changes})"
    return f"textkit {__version__} (git {found['commit']}{',' if changes else ''}{changes})"
