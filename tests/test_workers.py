"""Worker processes that loky replaces (memory grown past its limit) must not stop a parallel call.

The CI hang this guards against: a topic sweep with ``n_jobs=2`` reused the
workers that had segmented text; their memory grew by more than loky's
300 MB limit, loky replaced one and warned from its manager thread, pytest's
``filterwarnings = error`` turned the warning into an exception there, and
the sweep waited for results that never came.
"""

from __future__ import annotations

import time
import warnings

import pytest
from joblib import delayed

from textkit._workers import parallel

_held: list[bytearray] = []  # in the worker process: memory that stays, as a model's would


def _grow(i: int) -> int:
    time.sleep(0.4)  # loky looks at a worker's memory at most once a second
    if i >= 1:
        _held.append(bytearray(130_000_000))  # 130 MB a task: past loky's 300 MB after the third
    return i * i


@pytest.mark.timeout(180)
def test_a_replaced_worker_neither_warns_nor_hangs_where_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as pytest's filterwarnings = error, and python -W error
        squares = list(parallel(2, return_as="generator", batch_size=1)(delayed(_grow)(i) for i in range(12)))
    assert squares == [i * i for i in range(12)]
