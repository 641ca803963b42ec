"""Progress bars for the long steps: in JupyterLab, on the terminal of ``textkit run``, never in a saved notebook.

Segmenting a corpus, the topic sweep and the final topic model take
minutes on a large corpus.  :func:`progress` wraps such a loop in a
`tqdm <https://tqdm.github.io>`_ bar that appears only once the step has
run for :data:`DELAY` seconds, so short steps (the seed corpus) show none.
Where the bar goes depends on ``$TEXTKIT_PROGRESS``:

``auto`` (unset)
    ``tqdm.auto``: a widget in JupyterLab, text on standard error in a
    script or a terminal.
``terminal``
    The terminal the process was started from: in a notebook kernel, the
    kernel's own standard error, which the notebook never captures.
    ``textkit run`` sets this, so its terminal shows the bars while the
    executed notebooks and reports stay free of them (a bar holds timings,
    which would make every run's output differ).  Nothing is drawn when
    that stream is not a terminal (a log file, a test).
``off``
    No bars.

Examples
--------
>>> sum(progress(range(3), desc="counting"))
3
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable

__all__ = ["progress", "DELAY"]

DELAY = 2.0
"""Seconds a step runs before its bar appears."""

_MODES = ("auto", "terminal", "off")


def _terminal() -> io.TextIOBase | None:
    """The process's own standard error when it is a terminal, also inside a notebook kernel."""
    fd = getattr(sys.stderr, "_original_stdstream_copy", None)  # ipykernel keeps the real stderr here
    if fd is None:
        stream = sys.__stderr__
        if stream is None:
            return None
        try:
            fd = stream.fileno()
        except (OSError, ValueError, io.UnsupportedOperation):
            return None
    try:
        if not os.isatty(fd):
            return None
    except OSError:
        return None
    return open(fd, "w", encoding="utf-8", closefd=False, buffering=1)


def progress(iterable: Iterable | None = None, *, total: int | None = None, desc: str | None = None, unit: str = "it", **options):
    """A tqdm progress bar around ``iterable`` (or one to ``update()`` by hand), shown as ``$TEXTKIT_PROGRESS`` says.

    Parameters
    ----------
    iterable : iterable, optional
    total : int, optional
        Number of steps (default ``len(iterable)`` where it has one).
    desc : str, optional
        What the step is, shown before the bar.
    unit : str, default "it"
    **options
        Passed to tqdm (``disable=True`` shows nothing).

    Returns
    -------
    tqdm
        Iterate over it, or call ``update(n)`` and ``close()`` (or use it
        as a context manager).
    """
    mode = os.environ.get("TEXTKIT_PROGRESS", "auto").strip().lower() or "auto"
    if mode not in _MODES:
        mode = "auto"
    settings = {"total": total, "desc": desc, "unit": unit, "delay": DELAY, "dynamic_ncols": True, **options}
    if settings.pop("disable", False) or mode == "off":
        from tqdm import tqdm

        return tqdm(iterable, disable=True, **settings)
    if mode == "auto":
        from tqdm.auto import tqdm

        return tqdm(iterable, **settings)
    from tqdm import tqdm

    stream = _terminal()
    if stream is None:
        return tqdm(iterable, disable=True, **settings)
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except OSError:
        columns = 0
    if not columns:  # a terminal that reports no width (a pseudo-terminal of a script): tqdm would draw nothing
        settings.update(dynamic_ncols=False, ncols=80)
    return tqdm(iterable, file=stream, leave=False, **settings)
