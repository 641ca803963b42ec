"""Worker processes: the one place textkit starts joblib's process pool.

joblib's loky workers are reused from call to call.  A worker whose memory
has grown by more than 300 MB since its first task (a jieba dictionary,
then a topic model: expected growth, not a leak) is replaced by a new one,
and loky says so with a ``UserWarning`` ("A worker stopped while some jobs
were given to the executor…") raised in its manager thread.  The
replacement is loky's normal way of working, so the warning says nothing
to the user; and where warnings are errors (``python -W error``, pytest's
``filterwarnings = error``) it kills loky's manager thread, and the call
then waits forever for results that never come.  That message alone is
ignored; every other warning is left as it is.
"""

from __future__ import annotations

import warnings

WORKER_REPLACED = "A worker stopped while some jobs were given to the executor"


def parallel(n_jobs: int, **options):
    """A ``joblib.Parallel`` over ``n_jobs`` worker processes (loky), whose replaced workers pass silently.

    ``options`` go to ``joblib.Parallel`` (``return_as``, ``batch_size``…).

    Examples
    --------
    >>> from joblib import delayed
    >>> list(parallel(2, return_as="generator")(delayed(len)(s) for s in ["科技", "創新片區"]))
    [2, 4]
    """
    from joblib import Parallel

    # Process-wide, since loky warns from its own thread, outside any catch_warnings(); added at every call
    # (Python keeps one copy), because pytest and catch_warnings() restore the filters they found.
    warnings.filterwarnings("ignore", message=WORKER_REPLACED, category=UserWarning)
    return Parallel(n_jobs=n_jobs, **options)
