"""A real Dask cluster for tests: ``dask scheduler`` and ``dask worker`` processes, each in a folder of its own.

Also a worker plugin that kills its own worker process when a chosen
task starts, to test what a run does when a worker dies.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from distributed import WorkerPlugin

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).parent / "dask"


def environment(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    # textkit from this checkout, and this folder (the plugin below) for the workers
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = "1"  # a task may lose one worker; a second death is an error
    env["DASK_DISTRIBUTED__WORKER__DAEMON"] = "False"
    env.update(extra or {})
    return env


class Cluster:
    """A scheduler and ``n`` workers (``--nthreads 1``), started as processes; :meth:`stop` ends exactly those."""

    def __init__(self, folder: Path, workers: int = 2, *, preload: Path | None = None, timeout: float = 90):
        self.folder = folder
        self.scheduler_file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen] = []
        env = environment()
        sched = folder / "scheduler"
        sched.mkdir(parents=True)
        self._start([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(self.scheduler_file)], sched, env)
        deadline = time.monotonic() + timeout
        while not self.scheduler_file.exists():
            self._check(deadline, "the scheduler did not write its file")
        for i in range(workers):
            home = folder / f"worker{i}"
            home.mkdir()
            command = [str(DASK), "worker", "--nthreads", "1", "--no-dashboard", "--scheduler-file", str(self.scheduler_file),
                       "--local-directory", str(home / "scratch"), "--name", f"w{i}"]
            if preload is not None:
                command += ["--preload", str(preload)]
            self._start(command, home, env)
        self.wait_for_workers(workers, deadline)

    @property
    def address(self) -> str:
        return json.loads(self.scheduler_file.read_text())["address"]

    def _start(self, command, cwd, env) -> None:
        log = open(cwd / "log.txt", "w")
        self.processes.append(subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                               start_new_session=True))

    def _check(self, deadline: float, what: str) -> None:
        for p in self.processes:
            if p.poll() is not None:
                raise RuntimeError(f"{' '.join(map(str, p.args[:2]))} exited with {p.returncode}: {self.logs()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} in time: {self.logs()}")
        time.sleep(0.2)

    def logs(self) -> str:
        return "\n".join(f"--- {p}:\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(self.folder.rglob("log.txt")))

    def wait_for_workers(self, n: int, deadline: float | None = None) -> None:
        from distributed import Client

        deadline = deadline or time.monotonic() + 90
        with Client(self.address, timeout=30, set_as_default=False) as client:
            while len(client.scheduler_info(n_workers=-1)["workers"]) < n:
                self._check(deadline, f"{n} workers did not join")

    def stop(self) -> None:
        for p in reversed(self.processes):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)  # the process group: a worker's nanny and its worker process
        for p in self.processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)


class KillWhenStarting(WorkerPlugin):
    """Kills its worker's process (SIGKILL, as the out-of-memory killer does) when a task of ``stage`` for ``shard`` starts.

    At most ``times`` kills over the whole cluster, counted by marker files
    in ``folder`` (shared by the workers, which run on this machine).
    """

    idempotent = True

    def __init__(self, stage: str, shard: int, folder: str, times: int = 1):
        self.prefix = f"textkit-{stage}-{shard:05d}-"
        self.folder = folder
        self.times = times

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish != "executing" or not isinstance(key, str) or not key.startswith(self.prefix) or key.endswith(("-info", "-part")):
            return
        done = len(list(Path(self.folder).glob("killed-*")))
        if done >= self.times:
            return
        (Path(self.folder) / f"killed-{done}").write_text(key)
        os.kill(os.getpid(), signal.SIGKILL)


# A corpus-level pass for tests of the hook new-word discovery uses (textkit.engine.build.CorpusPass):
# count candidate names per shard, keep those seen in enough documents, add them to the segmenter.
CANDIDATES = ("葛莉絲蒂", "司徒雷登堡")


def count_candidates(texts, rows):
    from collections import Counter

    return Counter({c: sum(c in t for t in texts) for c in CANDIDATES})


def keep_frequent(total):
    return sorted(c for c, n in (total or {}).items() if n >= 5)


def add_words(segmenter, words):
    """The found words, then the user's own dictionary (read here, where the run starts): the user's entries win."""
    from textkit.corpus.resources import load_user_dict

    if not words:
        return segmenter
    own = [" ".join(str(x) for x in entry if x is not None) for entry in load_user_dict(segmenter.user_dict)]
    return segmenter.set_params(user_dict=[f"{w} 10 nr" for w in words] + own)


def candidate_pass():
    from textkit.engine.build import CorpusPass

    return CorpusPass("candidates", "candidates-v1", count_candidates, keep_frequent, add_words)


def engines_loaded(dask_worker):
    """On a worker (``client.run``): the segmentation engines it holds (by settings fingerprint), with their jieba
    dictionary (jieba's or rjieba's) loaded or not, and the textkit plugins it was given."""
    from textkit.engine import build

    plugins = sorted(name.split("-")[2] for name in dask_worker.plugins if name.startswith("textkit-shared-"))
    loaded = [(fp, engine.tokenizer._jieba is not None or engine.tokenizer._rj is not None) for fp, engine in build._ENGINES.items()]
    return sorted(loaded), plugins
