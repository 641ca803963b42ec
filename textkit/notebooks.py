"""The notebooks outside the checkout: where they are, copies to edit, JupyterLab on them.

An installed textkit carries its numbered notebooks inside the package
(:func:`textkit.corpus.resources.shipped_folder`).  They are read from
there and never written to: ``textkit run`` executes them into the output
folder, and a user who wants to edit them takes copies
(:func:`copy_notebooks`, ``textkit notebooks DEST``), opens the copies in
JupyterLab (:func:`lab_command`, ``textkit lab DEST``) and runs them
(``textkit run --notebooks DEST``).

The copies' parameters work where they are: ``corpus = None`` reads the
demonstration corpus wherever the notebook is, and the outputs
(``figures = "../figures"``, ``tables = "../output/tables"``) go beside
the copies' folder, as they go beside ``notebooks/`` in the checkout.

Examples
--------
>>> [p.name for p in numbered_notebooks(packaged_notebooks())][:2]
['01_corpus.ipynb', '02_keywords.ipynb']
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from textkit.corpus.resources import PACKAGE_DIR, shipped_folder
from textkit.errors import ParameterError, TextkitError

__all__ = [
    "packaged_notebooks",
    "default_notebooks",
    "numbered_notebooks",
    "copy_notebooks",
    "CopyResult",
    "lab_command",
    "outside_package",
]


def packaged_notebooks() -> Path:
    """The folder of the notebooks that came with textkit (inside the package, or a checkout's ``notebooks/``)."""
    return shipped_folder("notebooks")


def default_notebooks() -> Path:
    """``./notebooks`` where it holds textkit's notebooks (a checkout, a folder of copies), else :func:`packaged_notebooks`.

    Copies are known by their names (``01_corpus.ipynb``…: :func:`copy_notebooks`
    keeps them).  A project's own ``notebooks`` folder, none of whose
    notebooks is one of textkit's, is never run by ``textkit run``: the
    notebooks that came with textkit are.
    """
    here = Path("notebooks")
    if here.is_dir():
        ours = {p.name for p in numbered_notebooks(packaged_notebooks())}
        if ours & {p.name for p in numbered_notebooks(here)}:
            return here
    return packaged_notebooks()


def numbered_notebooks(folder: str | Path) -> list[Path]:
    """The numbered notebooks of a folder (``NN_name.ipynb``), in order."""
    return sorted(p for p in Path(folder).glob("[0-9]*.ipynb") if p.is_file())


def outside_package(path: str | Path, what: str) -> None:
    """Refuse a path inside the installed textkit package: nothing is ever written there.

    Raises
    ------
    ParameterError
        ``path`` is the package folder or inside it.
    """
    resolved = Path(path).resolve()
    if resolved == PACKAGE_DIR or resolved.is_relative_to(PACKAGE_DIR):
        raise ParameterError(
            f"{what} {path} is inside the textkit package ({PACKAGE_DIR}), which is never written to: "
            "choose a folder of your own (textkit notebooks DEST copies the notebooks there)"
        )


@dataclass
class CopyResult:
    """What :func:`copy_notebooks` did: files written, and files left as they were (already identical)."""

    folder: Path
    copied: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def copy_notebooks(dest: str | Path, *, force: bool = False) -> CopyResult:
    """Copy textkit's numbered notebooks and their paired ``.py`` scripts into ``dest``, for editing.

    Parameters
    ----------
    dest : str or Path
        The folder (created if missing).
    force : bool, default False
        Overwrite files that differ from textkit's (edited copies).

    Returns
    -------
    CopyResult

    Raises
    ------
    TextkitError
        A file in ``dest`` differs from the one it would write and
        ``force`` is False: the message lists them and nothing is written.
    ParameterError
        ``dest`` is a file, or inside the installed package.

    Examples
    --------
    >>> import tempfile
    >>> result = copy_notebooks(Path(tempfile.mkdtemp()) / "mine")
    >>> [p.name for p in result.copied][:2]
    ['01_corpus.ipynb', '01_corpus.py']
    """
    source = packaged_notebooks()
    dest = Path(dest)
    outside_package(dest, "the destination")
    if dest.exists() and not dest.is_dir():
        raise ParameterError(f"{dest} is a file, expected a folder for the notebooks")
    files = []
    for nb in numbered_notebooks(source):
        files.append(nb)
        if nb.with_suffix(".py").is_file():
            files.append(nb.with_suffix(".py"))
    if not files:
        raise TextkitError(f"no numbered notebooks in {source}: reinstall textkit")
    result = CopyResult(dest)
    todo, differing = [], []
    for f in files:
        target = dest / f.name
        if target.exists():
            if target.is_file() and target.read_bytes() == f.read_bytes():
                result.unchanged.append(target)
                continue
            if not force or not target.is_file():
                differing.append(target)
                continue
        todo.append((f, target))
    if differing:
        names = ", ".join(p.name for p in differing[:6]) + (f" and {len(differing) - 6} more" if len(differing) > 6 else "")
        raise TextkitError(
            f"{dest}: {len(differing)} file(s) differ from textkit's notebooks (edited copies?): {names}; "
            "nothing was copied. Pass --force to overwrite them, or copy into another folder"
        )
    dest.mkdir(parents=True, exist_ok=True)
    for f, target in todo:
        target.write_bytes(f.read_bytes())
        result.copied.append(target)
    return result


def lab_command(folder: str | Path | None = None, extra: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The command and environment that open JupyterLab on a notebook folder with textkit's kernel.

    What ``make lab`` does, for any installed textkit: JupyterLab from this
    Python, the notebooks' ``python3`` kernel found first in this
    environment (``JUPYTER_PATH``), so the kernel imports this textkit,
    and ``--allow-root`` when run as root.

    Parameters
    ----------
    folder : str or Path, optional
        The notebook folder (default: ``./notebooks``).
    extra : list of str, optional
        Further JupyterLab options (``--no-browser``, ``--port=8890``).

    Returns
    -------
    (argv, env)

    Raises
    ------
    ParameterError
        The folder does not exist (the message says how to get the
        notebooks), or it is inside the installed package.
    """
    folder = Path(folder) if folder is not None else Path("notebooks")
    if not folder.is_dir():
        hint = (f"copy textkit's notebooks there first: textkit notebooks {folder}" if not folder.exists()
                else "it is not a folder")
        raise ParameterError(f"notebook folder {folder} does not exist here ({Path.cwd()}); {hint}")
    outside_package(folder, "notebook folder")
    argv = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={folder}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    argv += list(extra or [])
    env = dict(os.environ)
    kernels = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (kernels, os.environ.get("JUPYTER_PATH")) if p)
    return argv, env
