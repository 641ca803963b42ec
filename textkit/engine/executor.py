"""Where shard tasks run: this process, ``n_jobs`` local processes, or a Dask cluster; one code path.

Every stage of the engine is written once, as tasks over shards: a pure
function of one shard that returns ``(info, partial)`` (a small summary
the driver reads, and a partial count that is merged).  An
:class:`Executor` runs them; only the executor differs between

* :class:`SerialExecutor`: in this process, one shard after the other
  (``n_jobs=1``, no scheduler: no pool is started at all);
* :class:`ProcessExecutor`: ``n_jobs`` local worker processes (loky, the
  pool joblib uses, reused from call to call);
* :class:`DaskExecutor`: the workers of a ``dask.distributed`` cluster
  (:mod:`textkit.engine.cluster` connects to it).

:meth:`Executor.map` streams shards in (at most ``window`` at a time, so
the input is never read far ahead of the workers), shows a progress bar
counting the shards done, and yields their ``info`` in shard order with a
reference to their partial.  :meth:`Executor.reduce` merges the partials in
the fixed tree of :class:`~textkit.engine.reduce.TreeReducer`: locally in
this process, on a cluster by merge tasks on the workers, so that only the
reduced total ever reaches the driver.  :meth:`Executor.share` hands every
task a value that is sent to each worker once (a Dask worker plugin), not
with every task: dictionaries and settings.

Errors come back as one line naming the stage and the shard
(:class:`~textkit.errors.WorkerError`): a task out of memory, a worker that
died while running it (after Dask's retries), a task that failed.  Ctrl-C
cancels the run's outstanding tasks.

Examples
--------
>>> ex = get_executor()
>>> [info for info, _ in ex.map(_example_task, ["科技創新", "數字經濟", "區塊鏈"], stage="count")]
[4, 4, 3]
>>> ex.result(ex.reduce([ref for _, ref in ex.map(_example_task, ["生命", "科學"], stage="count")], _example_merge))
['生命', '科學']
"""

from __future__ import annotations

import itertools
import logging
import os
import pickle
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED
from operator import itemgetter
from typing import Any

from textkit.engine.progress import progress
from textkit.engine.reduce import TreeReducer
from textkit.errors import ParameterError, TextkitError, WorkerError

__all__ = ["Executor", "SerialExecutor", "ProcessExecutor", "DaskExecutor", "Shared", "get_executor", "run_task"]

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# Values shared with every task: sent once per worker
# ---------------------------------------------------------------------------

_SHARED: dict[str, Any] = {}
_SHARED_KEEP = 8  # values a worker process keeps (settings of the notebooks of a run)


def _remember_shared(name: str, value: Any) -> Any:
    _SHARED.pop(name, None)
    _SHARED[name] = value
    while len(_SHARED) > _SHARED_KEEP:
        _SHARED.pop(next(iter(_SHARED)))
    return value


class Shared:
    """A value that every task can read with :meth:`get`, sent to each worker once.

    On a Dask cluster the value travels in a worker plugin (registered once,
    also set up on workers that join later, such as the replacement of a
    worker that died); locally it travels with the task (pickled once per
    call) and is unpickled once per process.  ``warm`` (a picklable
    function) runs on the value when a worker receives it: loading a
    dictionary there once, before the first task needs it.
    """

    def __init__(self, name: str, payload: bytes | None, warm: Callable[[Any], None] | None = None):
        self.name = name
        self.payload = payload
        self.warm = warm

    def get(self) -> Any:
        value = _SHARED.get(self.name)
        if value is not None:
            return value
        payload = self.payload
        if payload is None:  # on a Dask worker: the plugin holds it (the value itself may have been dropped since)
            payload = _plugin_payload(self.name)
        if payload is None:
            raise WorkerError(f"shared value {self.name} never reached this worker (its plugin failed to set up: see the worker's log)")
        value = _remember_shared(self.name, pickle.loads(payload))
        if self.warm is not None:
            self.warm(value)
        return value

    def __reduce__(self):
        return (Shared, (self.name, self.payload, self.warm))


def _plugin_payload(name: str) -> bytes | None:
    try:
        from distributed import get_worker

        plugin = get_worker().plugins.get(name)
    except (ImportError, ValueError):  # not on a Dask worker
        return None
    return getattr(plugin, "payload", None)


def _shared_name(value: Any, payload: bytes) -> str:
    import hashlib

    return f"textkit-shared-{type(value).__name__}-{hashlib.sha256(payload).hexdigest()[:16]}"


# ---------------------------------------------------------------------------
# Tasks
# ---------------------------------------------------------------------------


def run_task(stage: str, index: int, fn: Callable, *args: Any) -> Any:
    """Run ``fn(*args)`` on a worker; an exhausted memory becomes an error naming the stage and the shard."""
    try:
        return fn(*args)
    except MemoryError:
        raise WorkerError(f"{stage}, shard {index}: the worker ran out of memory (give each worker more memory, "
                          "or smaller shards: shard_chars)") from None


def _example_task(text: str) -> tuple[int, list[str]]:
    return len(text), [text]


def _example_merge(a: list[str], b: list[str]) -> list[str]:
    return a + b


def _explain(stage: str, index: int | None, exc: BaseException, *, also: Sequence[int] = ()) -> TextkitError:
    """The one-line error for a task that failed (``also``: other shards that failed with it)."""
    where = f"{stage}, shard {index}" if index is not None else stage
    name = type(exc).__name__
    if isinstance(exc, TextkitError):  # says what is wrong already (a WorkerError from run_task names the shard)
        return exc
    if name == "KilledWorker":
        shards = sorted({index, *also}) if index is not None else []
        if len(shards) > 1:
            where = f"{stage}, shards {', '.join(map(str, shards))}"
        them = "them" if len(shards) > 1 else "it"
        return WorkerError(f"{where}: every worker that ran {them} died ({exc.args[2] + 1 if len(exc.args) > 2 else 'several'} tries; "
                           "out of memory? each worker needs about 1 GB plus 20 bytes a character of a shard)")
    if name in ("TerminatedWorkerError", "BrokenProcessPool"):
        return WorkerError(f"{where}: the worker process running it died (out of memory? try fewer n_jobs)")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return WorkerError(f"{where}: {name}: {first}")


def _key(stage: str, index: int | None, run: str) -> str:
    """A task's key on a cluster: ``textkit-STAGE-SHARD-RUN`` (what Dask's messages and dashboards show)."""
    shard = f"-{index:05d}" if index is not None else ""
    return f"textkit-{stage.replace(' ', '-')}{shard}-{run}"


class _Done:
    """A finished future (the serial executor's)."""

    __slots__ = ("_value", "_error")

    def __init__(self, value: Any = None, error: BaseException | None = None):
        self._value, self._error = value, error

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value

    def exception(self) -> BaseException | None:
        return self._error

    def cancel(self) -> bool:
        return False


# ---------------------------------------------------------------------------
# Executors
# ---------------------------------------------------------------------------


class Executor:
    """Runs shard tasks; subclasses differ only in where.

    Attributes
    ----------
    kind : str
        ``serial``, ``processes`` or ``dask``.
    workers : int
        How many tasks run at once.
    """

    kind = "serial"
    workers = 1

    # -- what subclasses provide ----------------------------------------------------
    def submit(self, fn: Callable, *args: Any, key: str | None = None) -> Any:
        """Start ``fn(*args)``; arguments may be references returned by this executor."""
        raise NotImplementedError

    def _wait_any(self, futures: list) -> None:
        """Block until at least one of ``futures`` is done."""
        raise NotImplementedError

    def result(self, ref: Any) -> Any:
        """The value behind a reference (a future's result)."""
        return ref.result()

    def share(self, value: Any, *, warm: Callable[[Any], None] | None = None) -> Shared:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return Shared(_shared_name(value, payload), payload, warm)

    def cancel(self, futures: Iterable) -> None:
        for f in futures:
            f.cancel()

    def close(self) -> None:
        """Release what the executor started (nothing, for most)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def describe(self) -> str:
        return "this process" if self.kind == "serial" else f"{self.workers} local processes"

    # -- the one code path ------------------------------------------------------------
    def map(
        self,
        fn: Callable,
        items: Iterable,
        *,
        stage: str,
        args: tuple = (),
        total: int | None = None,
        window: int | None = None,
        unit: str = "shard",
    ) -> Iterator[tuple[Any, Any]]:
        """``fn(item, *args)`` for every item, yielding ``(info, partial reference)`` in item order.

        ``fn`` returns ``(info, partial)``: ``info`` comes back here, the
        partial stays where it was made (on a cluster) until it is merged
        (:meth:`reduce`) or fetched (:meth:`result`).  Items are read
        lazily, at most ``window`` ahead of the results (default: twice the
        workers, plus one).  A progress bar counts the items done.
        """
        window = window or 2 * self.workers + 1
        run = f"{uuid.uuid4().hex[:8]}"
        pending: dict[int, Any] = {}  # index -> future of (info, partial) (or of info, on a cluster)
        parts: dict[int, Any] = {}
        done: dict[int, Any] = {}
        source = enumerate(items)
        exhausted = False
        next_out = 0
        bar = progress(total=total, desc=stage, unit=unit)
        try:
            with bar:
                while True:
                    while not exhausted and len(pending) + len(done) < window:
                        try:
                            index, item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        pending[index], parts[index] = self._submit_task(fn, stage, index, item, args, run)
                    if not pending and not done:
                        return
                    if next_out not in done:
                        self._wait_any(list(pending.values()))
                        for index in [i for i, f in pending.items() if f.done()]:
                            future = pending.pop(index)
                            try:
                                done[index] = future.result()
                            except BaseException as exc:
                                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                                    raise
                                # a dead worker fails every task it held: name them all
                                also = [i for i, f in pending.items() if getattr(f, "status", None) == "error"]
                                raise _explain(stage, index, exc, also=also) from exc
                            bar.update()
                    while next_out in done:
                        info = done.pop(next_out)
                        part = parts.pop(next_out)
                        yield self._split(info, part)
                        next_out += 1
        except BaseException:
            self.cancel([*pending.values(), *(p for p in parts.values() if p is not None)])
            raise

    def _submit_task(self, fn, stage, index, item, args, run):
        return self.submit(run_task, stage, index, fn, item, *args, key=_key(stage, index, run)), None

    def _split(self, result, part):
        info, partial = result
        return info, _Done(partial)

    def reduce(self, refs: Iterable, merge: Callable[[Any, Any], Any], *, stage: str = "merge") -> Any:
        """Merge partials (references, in shard order) in the fixed tree; a reference to the total (``None`` if no partial)."""
        counter = itertools.count()
        run = uuid.uuid4().hex[:8]

        def combine(left, right):
            return self.submit(run_task, stage, None, merge, left, right, key=_key(stage, next(counter), run))

        reducer = TreeReducer(combine)
        for ref in refs:
            reducer.push(ref)
        return reducer.result()

    def then(self, fn: Callable, *args: Any, stage: str) -> Any:
        """``fn(*args)`` as one task (arguments may be references): a reference to its result."""
        return self.submit(run_task, stage, None, fn, *args, key=_key(stage, None, uuid.uuid4().hex[:8]))

    def fetch(self, ref: Any, *, stage: str) -> Any:
        """The value behind ``ref``, a failure explained as one line."""
        try:
            return self.result(ref)
        except (TextkitError, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise _explain(stage, None, exc) from exc


class SerialExecutor(Executor):
    """Tasks in this process, one after the other (no pool, no cluster)."""

    kind = "serial"
    workers = 1

    def submit(self, fn: Callable, *args: Any, key: str | None = None) -> _Done:
        args = tuple(a.result() if isinstance(a, _Done) else a for a in args)
        try:
            return _Done(fn(*args))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            return _Done(error=exc)

    def _wait_any(self, futures: list) -> None:
        return None

    def share(self, value: Any, *, warm: Callable[[Any], None] | None = None) -> Shared:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        shared = Shared(_shared_name(value, payload), None, warm)
        _remember_shared(shared.name, value)
        return shared


_WORKER_REPLACED = "A worker stopped while some jobs were given to the executor"


class ProcessExecutor(Executor):
    """Tasks in ``n_jobs`` local worker processes (loky's reusable pool, as joblib's)."""

    kind = "processes"

    def __init__(self, n_jobs: int):
        self.workers = n_jobs

    def _pool(self):
        from joblib.executor import get_memmapping_executor

        # loky replaces a worker that grew by 300 MB and says so in a warning from its own thread (textkit._workers)
        warnings.filterwarnings("ignore", message=_WORKER_REPLACED, category=UserWarning)
        # joblib's way into loky's reusable pool: a pool made with loky's own get_reusable_executor lacks the temporary
        # folder manager that joblib.Parallel expects when it reuses the pool later in the process (AttributeError).
        return get_memmapping_executor(self.workers, timeout=300)

    def submit(self, fn: Callable, *args: Any, key: str | None = None):
        args = tuple(self._value(a) for a in args)
        return self._pool().submit(fn, *args)

    @staticmethod
    def _value(a: Any) -> Any:
        return a.result() if hasattr(a, "result") and hasattr(a, "done") and not isinstance(a, (str, bytes)) else a

    def _wait_any(self, futures: list) -> None:
        from concurrent.futures import wait

        wait(futures, return_when=FIRST_COMPLETED)

    def reduce(self, refs: Iterable, merge: Callable[[Any, Any], Any], *, stage: str = "merge") -> Any:
        # Partials are merged here: sending two partials to a process and the total back costs more than the merge.
        def combine(left, right):
            return _Done(run_task(stage, None, merge, self._value(left), self._value(right)))

        reducer = TreeReducer(combine)
        for ref in refs:
            reducer.push(ref)
        return reducer.result()


class DaskExecutor(Executor):
    """Tasks on the workers of a ``dask.distributed`` cluster, through a connected ``Client``."""

    kind = "dask"

    def __init__(self, client):
        self.client = client
        self._plugins: set[str] = set()

    @property
    def workers(self) -> int:
        return max(1, sum(w["nthreads"] for w in self.client.scheduler_info(n_workers=-1)["workers"].values()))

    def describe(self) -> str:
        return f"the Dask cluster at {self.client.scheduler.address} ({self.workers} worker threads)"

    def submit(self, fn: Callable, *args: Any, key: str | None = None):
        # pure=False: a rerun computes again (a task writes files); retries after a dead worker are Dask's own
        return self.client.submit(fn, *args, key=key, pure=False)

    def _submit_task(self, fn, stage, index, item, args, run):
        key = _key(stage, index, run)
        if _large(item):
            [item] = self.client.scatter([item], hash=False)  # straight to a worker, not through the scheduler's graph
        both = self.client.submit(run_task, stage, index, fn, item, *args, key=key, pure=False)
        info = self.client.submit(itemgetter(0), both, key=f"{key}-info", pure=False)
        part = self.client.submit(itemgetter(1), both, key=f"{key}-part", pure=False)
        return info, part

    def _split(self, info, part):
        return info, part

    def _wait_any(self, futures: list) -> None:
        from distributed import wait

        with self.client.as_current():  # wait() looks for the current client
            wait(futures, return_when="FIRST_COMPLETED")

    def cancel(self, futures: Iterable) -> None:
        futures = [f for f in futures if f is not None and not isinstance(f, _Done)]
        if futures:
            try:
                self.client.cancel(futures)
            except Exception:  # a client already closed: nothing left to cancel
                pass

    def share(self, value: Any, *, warm: Callable[[Any], None] | None = None) -> Shared:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        name = _shared_name(value, payload)
        if name not in self._plugins:
            from textkit.engine.cluster import SharedValuePlugin

            self.client.register_plugin(SharedValuePlugin(name, payload, warm), name=name)
            self._plugins.add(name)
        return Shared(name, None, warm)


def _large(item: Any) -> bool:
    """Whether a task's input is worth sending to a worker on its own (over 1 MB), not inside the task graph."""
    item = getattr(item, "frame", item)  # a Shard: its documents
    size = getattr(item, "memory_usage", None)
    if size is not None:
        try:
            return int(item.memory_usage(deep=False).sum()) > 1 << 20 or len(item) > 2_000
        except TypeError:
            return False
    return isinstance(item, (bytes, str)) and len(item) > 1 << 20


def get_executor(scheduler: str | None = None, n_jobs: int = 1, *, workers: int | None = None) -> Executor:
    """The executor for a notebook's ``scheduler`` and ``n_jobs`` parameters.

    Parameters
    ----------
    scheduler : str, optional
        ``None`` (no cluster: this process or ``n_jobs`` processes),
        ``tcp://HOST:PORT``, a scheduler file, ``auto``
        (``$DASK_SCHEDULER_ADDRESS``) or ``local`` (a local cluster of
        ``workers`` processes, started once per process); see
        :func:`textkit.engine.cluster.connect`.
    n_jobs : int, default 1
        Local worker processes when there is no scheduler (``-1``: every core).

    Examples
    --------
    >>> get_executor().kind, get_executor(n_jobs=2).kind
    ('serial', 'processes')
    """
    if scheduler is not None and scheduler != "":
        from textkit.engine.cluster import connect

        return DaskExecutor(connect(scheduler, workers=workers).client)
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ParameterError(f"n_jobs must be a positive whole number or -1 (got {n_jobs!r})")
    if n_jobs == -1:
        n_jobs = os.cpu_count() or 1
    return SerialExecutor() if n_jobs == 1 else ProcessExecutor(n_jobs)
