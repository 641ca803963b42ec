"""Connecting to a Dask cluster: an address, a scheduler file, ``auto``, or a local cluster started once.

:func:`connect` turns the ``scheduler`` parameter of the notebooks (and
``textkit run --scheduler``) into a connected ``distributed.Client``:

``tcp://HOST:PORT`` (or ``HOST:PORT``)
    a running scheduler (``dask scheduler``, ``dask-jobqueue``, a cloud service);
a path to a scheduler file
    the JSON file ``dask scheduler --scheduler-file FILE`` writes (HPC clusters);
``auto``
    the address in ``$DASK_SCHEDULER_ADDRESS``;
``local``
    a ``LocalCluster`` of ``workers`` processes with one thread each,
    started once per process and stopped when the process ends (``textkit
    run --scheduler local`` starts it once for the whole run and gives the
    notebooks its address).

A scheduler that does not answer within :data:`CONNECT_TIMEOUT` seconds is
one line naming the address (:class:`~textkit.errors.ClusterError`).  On
connecting, every worker is checked (:class:`VersionCheck`, a worker plugin,
also run on workers that join later): a worker whose textkit, jieba, OpenCC
or tomotopy version differs from this process's is refused and stopped,
and the error names both versions.

Examples
--------
>>> parse_address("tcp://10.0.0.5:8786")
('address', 'tcp://10.0.0.5:8786')
>>> parse_address("10.0.0.5:8786")
('address', 'tcp://10.0.0.5:8786')
>>> parse_address("local")
('local', None)
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from textkit.errors import ClusterError, ParameterError

__all__ = ["connect", "Cluster", "parse_address", "versions", "VersionCheck", "SharedValuePlugin", "CONNECT_TIMEOUT", "close_all"]

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a scheduler before giving up (``$TEXTKIT_CONNECT_TIMEOUT`` overrides)."""

CHECKED = (("textkit", None), ("jieba", "jieba"), ("OpenCC", "opencc"), ("tomotopy", "tomotopy"))
"""The packages whose versions must match between the client and every worker (name, distribution)."""


def versions() -> dict[str, str]:
    """The versions of the packages that decide textkit's results, in this process.

    Examples
    --------
    >>> sorted(versions())
    ['OpenCC', 'jieba', 'textkit', 'tomotopy']
    """
    from importlib.metadata import PackageNotFoundError, version

    import textkit

    out = {}
    for name, dist in CHECKED:
        if dist is None:
            out[name] = textkit.__version__
            continue
        try:
            out[name] = version(dist)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _differences(expected: dict[str, str], found: dict[str, str]) -> list[str]:
    return [f"{name} {found.get(name, 'not installed')} on the worker, {want} here" for name, want in expected.items()
            if found.get(name) != want]


class VersionCheck(WorkerPlugin):
    """Refuses a worker whose textkit, jieba, OpenCC or tomotopy differs from the client's: it is stopped, and the error names both versions."""

    idempotent = True  # registered once per set of versions: a second client with the same versions adds nothing

    def __init__(self, expected: dict[str, str]):
        self.expected = expected

    def setup(self, worker) -> None:
        differ = _differences(self.expected, versions())
        if not differ:
            return
        message = (f"the Dask worker at {worker.address} was refused and stopped: {'; '.join(differ)} "
                   "(install the same versions on every worker, e.g. the same textkit wheel)")
        logger.error(message)
        try:
            asyncio.get_running_loop().create_task(worker.close(nanny=True, reason="textkit: versions differ"))
        except RuntimeError:  # no event loop here (a test calling setup directly)
            pass
        raise ClusterError(message)


class SharedValuePlugin(WorkerPlugin):
    """Carries one value to every worker (see :class:`textkit.engine.executor.Shared`); ``warm`` runs on it at setup."""

    idempotent = True  # named by a hash of the value: the same value is sent once

    def __init__(self, name: str, payload: bytes, warm=None):
        self.name = name
        self.payload = payload
        self.warm = warm

    def setup(self, worker) -> None:
        from textkit.engine.executor import _remember_shared

        value = _remember_shared(self.name, pickle.loads(self.payload))
        if self.warm is not None:
            self.warm(value)


def parse_address(scheduler: str) -> tuple[str, str | None]:
    """``(kind, value)`` for a ``scheduler`` parameter: ``address``, ``file``, ``local``.

    Raises
    ------
    ClusterError
        ``auto`` without ``$DASK_SCHEDULER_ADDRESS``, or a scheduler file that does not exist.
    ParameterError
        Not a string.
    """
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise ParameterError(f"scheduler must be tcp://HOST:PORT, a scheduler file, 'auto' or 'local' (got {scheduler!r})")
    scheduler = scheduler.strip()
    if scheduler == "local":
        return "local", None
    if scheduler == "auto":
        address = os.environ.get("DASK_SCHEDULER_ADDRESS", "").strip()
        if not address:
            raise ClusterError("scheduler 'auto' reads DASK_SCHEDULER_ADDRESS, which is not set")
        return parse_address(address)
    if "://" in scheduler:
        return "address", scheduler
    path = Path(scheduler).expanduser()
    if path.is_file():
        return "file", str(path)
    host, _, port = scheduler.rpartition(":")
    if host and port.isdigit() and "/" not in scheduler:
        return "address", f"tcp://{scheduler}"
    raise ClusterError(f"scheduler file {scheduler} does not exist (give tcp://HOST:PORT, a scheduler file, 'auto' or 'local')")


@dataclass
class Cluster:
    """A connected client, and the local cluster behind it when textkit started one."""

    client: Any
    address: str
    local: Any = None

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info(n_workers=-1)["workers"])

    def close(self) -> None:
        """Close the client, and stop the local cluster if textkit started it."""
        for thing in (self.client, self.local):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # already closed, or its loop gone at exit
                    pass
        _CLUSTERS.pop(self.address, None)
        if self.local is not None:
            _CLUSTERS.pop("local", None)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_CLUSTERS: dict[str, Cluster] = {}


def _timeout() -> float:
    value = os.environ.get("TEXTKIT_CONNECT_TIMEOUT", "").strip()
    try:
        return float(value) if value else CONNECT_TIMEOUT
    except ValueError:
        raise ParameterError(f"TEXTKIT_CONNECT_TIMEOUT must be a number of seconds (got {value!r})") from None


def start_local(workers: int | None = None, *, memory_limit: str | int = "auto") -> Cluster:
    """A ``LocalCluster`` of ``workers`` processes (default: the cores), one thread each, and a client to it.

    The workers keep their scratch files in a temporary folder of their own.
    """
    from distributed import Client, LocalCluster

    n = (os.cpu_count() or 1) if workers is None else workers  # 0 is refused, not taken for "the cores"
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"workers must be a whole number of at least 1 (got {workers!r})")
    local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0",
                         local_directory=tempfile.mkdtemp(prefix="textkit-dask-"), memory_limit=memory_limit,
                         # CRITICAL: a worker's errors reach the run as the task's exception (one line, textkit.engine.executor);
                         # at ERROR, workers stopped by Ctrl-C print tracebacks of their lost heartbeat to the terminal.
                         silence_logs=logging.CRITICAL)
    client = Client(local, set_as_default=False)
    cluster = Cluster(client, local.scheduler_address, local)
    _check_versions(cluster)
    return cluster


def connect(scheduler: str, *, workers: int | None = None) -> Cluster:
    """A connected, checked cluster for a ``scheduler`` parameter; one per address and process, reused.

    Parameters
    ----------
    scheduler : str
        ``tcp://HOST:PORT``, a scheduler file, ``auto`` or ``local`` (see the module).
    workers : int, optional
        With ``local``: how many worker processes (default: the cores).

    Raises
    ------
    ClusterError
        The scheduler does not answer within :data:`CONNECT_TIMEOUT` seconds,
        or a worker runs other versions (the message names both).
    """
    kind, value = parse_address(scheduler)
    key = "local" if kind == "local" else value
    found = _CLUSTERS.get(key)
    if found is not None and found.client.status == "running":
        return found
    if kind == "local":
        cluster = start_local(workers)
        _CLUSTERS["local"] = _CLUSTERS[cluster.address] = cluster
        atexit.register(cluster.close)
        return cluster
    from distributed import Client

    timeout = _timeout()
    shown = value if kind == "address" else f"the scheduler file {value}"
    address = value if kind == "address" else _file_address(value)
    _probe(address, shown, timeout)
    try:
        client = (Client(value, timeout=timeout, set_as_default=False) if kind == "address"
                  else Client(scheduler_file=value, timeout=timeout, set_as_default=False))
    except Exception as exc:  # the probe answered, the client did not: say what it said
        raise ClusterError(f"cannot connect to the Dask scheduler at {shown} ({_first_line(exc)})") from None
    cluster = Cluster(client, client.scheduler.address)
    _check_versions(cluster)
    _CLUSTERS[key] = cluster
    return cluster


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0][:160] if text else type(exc).__name__)


def _file_address(path: str) -> str:
    import json

    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)["address"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ClusterError(f"scheduler file {path} cannot be read as one `dask scheduler --scheduler-file` writes ({_first_line(exc)})") from None


def _probe(address: str, shown: str, timeout: float) -> None:
    """One handshake with the scheduler, on a thread of its own, before any client exists.

    A refused connection fails at once (Dask's client would retry until its
    timeout); no answer fails after ``timeout``; an answer that is not
    Dask's (a web server on that port) fails too.  No client is left behind
    to complain at exit.
    """
    import socket
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        try:
            socket.create_connection((parts.hostname, parts.port), timeout=timeout).close()
        except ConnectionRefusedError:
            raise ClusterError(f"cannot reach the Dask scheduler at {shown}: connection refused (nothing listens there; "
                               "is `dask scheduler` running, on that port?)") from None
        except OSError as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {shown} within {timeout:g} s ({_first_line(exc)})") from None
    failure: list[str] = []

    def handshake() -> None:
        from distributed.comm import connect as comm_connect

        async def once() -> None:
            comm = await asyncio.wait_for(comm_connect(address, timeout=timeout), timeout)
            await comm.close()

        try:
            asyncio.run(once())
        except (OSError, asyncio.TimeoutError) as exc:
            failure.append(_first_line(exc))
        except BaseException:  # noqa: BLE001 - an answer Dask cannot read: another service on that port
            failure.append("what answers there is not a Dask scheduler")

    thread = threading.Thread(target=handshake, name="textkit-probe", daemon=True)
    thread.start()
    thread.join(timeout + 2)
    if thread.is_alive():
        failure.append("no answer")
    if failure:
        raise ClusterError(f"cannot reach the Dask scheduler at {shown} within {timeout:g} s ({failure[0]}); "
                           "is `dask scheduler` running there, on that port?")


def _check_versions(cluster: Cluster) -> None:
    """Register :class:`VersionCheck`: every worker, now and later, is checked against this process."""
    import hashlib

    expected = versions()
    name = "textkit-versions-" + hashlib.sha256(repr(sorted(expected.items())).encode()).hexdigest()[:12]
    try:
        cluster.client.register_plugin(VersionCheck(expected), name=name)
    except ClusterError:
        cluster.close()
        raise


def close_all() -> None:
    """Close every client and local cluster this process opened."""
    for cluster in list(_CLUSTERS.values()):
        cluster.close()
