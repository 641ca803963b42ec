"""A real Dask cluster: ``dask scheduler`` and two ``dask worker --nthreads 1`` processes, each in a folder of its own.

The same store and counts as in this process, byte for byte; a worker
killed during segmentation changes nothing; a worker that dies on every
try, a worker of another version and Ctrl-C are one clear line each.
"""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from dask_helpers import ROOT, Cluster, KillWhenStarting, environment
from test_engine import OPTIONS, build, digests, news  # noqa: F401 (news is a fixture)
from textkit.errors import ClusterError, WorkerError

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from textkit.engine.cluster import close_all

    started = Cluster(tmp_path_factory.mktemp("dask"), workers=2)
    yield started
    close_all()
    started.stop()


@pytest.fixture(scope="module")
def local(news, tmp_path_factory):  # noqa: F811
    """The store and counts made in this process: what every cluster run must write."""
    from textkit.engine.executor import get_executor
    from textkit.engine.prepared import PreparedCorpus

    store = build(news, tmp_path_factory.mktemp("local"))
    PreparedCorpus(store, get_executor()).counts()
    return store


def on_cluster(news, out, cluster):  # noqa: F811
    from textkit.engine.executor import get_executor
    from textkit.engine.prepared import PreparedCorpus

    executor = get_executor(str(cluster.scheduler_file))
    store = build(news, out, executor=executor)
    PreparedCorpus(store, executor).counts()
    return store, executor


def test_the_cluster_writes_the_same_bytes_as_this_process(news, local, cluster, tmp_path):  # noqa: F811
    from textkit.engine.prepared import PreparedCorpus

    store, executor = on_cluster(news, tmp_path, cluster)
    assert executor.kind == "dask" and executor.workers == 2
    found = digests(Path(store.root))
    assert found == digests(Path(local.root)) and len(found) > 12
    assert PreparedCorpus(store, executor).sample(20, random_state=2).doc_id.tolist() == \
        PreparedCorpus(local, executor).sample(20, random_state=2).doc_id.tolist()
    # the workers wrote into the store, nothing into their own folders
    assert not [p for p in cluster.folder.glob("worker*/**/*.parquet")]
    # each worker got the segmenter's settings once, in a plugin, and loaded the dictionary for them there
    from dask_helpers import engines_loaded

    from textkit.segment import Segmenter

    fingerprint = Segmenter().fingerprint()
    for engines, plugins in executor.client.run(engines_loaded).values():
        assert engines == [(fingerprint, True)] and plugins == ["Settings"]


def test_a_worker_killed_during_segmentation_changes_nothing(news, local, cluster, tmp_path):  # noqa: F811
    from textkit.engine.cluster import connect

    client = connect(str(cluster.scheduler_file)).client
    before = set(client.run(os.getpid).values())
    marks = tmp_path / "marks"
    marks.mkdir()
    client.register_plugin(KillWhenStarting("segmenting", 3, str(marks)), name="kill-once")
    try:
        store, _ = on_cluster(news, tmp_path / "out", cluster)
    finally:
        client.unregister_worker_plugin("kill-once")
    assert [p.name for p in marks.iterdir()] == ["killed-0"]  # one worker died while segmenting shard 3
    assert digests(Path(store.root)) == digests(Path(local.root))
    cluster.wait_for_workers(2)
    assert set(client.run(os.getpid).values()) != before  # the nanny started a new worker process


def test_a_shard_that_kills_every_worker_is_one_line(news, cluster, tmp_path):  # noqa: F811
    from textkit.engine.cluster import connect

    client = connect(str(cluster.scheduler_file)).client
    marks = tmp_path / "marks"
    marks.mkdir()
    client.register_plugin(KillWhenStarting("segmenting", 2, str(marks), times=10), name="kill-always")
    try:
        with pytest.raises(WorkerError) as caught:
            on_cluster(news, tmp_path / "out", cluster)
    finally:
        client.unregister_worker_plugin("kill-always")
        cluster.wait_for_workers(2)
    message = str(caught.value)
    # the shard, and any that ran beside it on the dying workers (Dask blames them alike)
    assert re.match(r"segmenting, shards? (\d+, )*2(, \d+)*: every worker that ran (it|them) died \(2 tries; out of memory\?", message)
    assert "\n" not in message


def test_a_worker_of_another_version_is_refused(tmp_path):
    from textkit.engine.cluster import connect

    preload = tmp_path / "other_version.py"
    preload.write_text("import textkit\ntextkit.__version__ = '0.0.0+other'\n")
    other = Cluster(tmp_path / "dask", workers=1, preload=preload)
    try:
        with pytest.raises(ClusterError, match=r"refused and stopped: textkit 0\.0\.0\+other on the worker, 0\.1\.0 here") as caught:
            connect(str(other.scheduler_file))
        assert "\n" not in str(caught.value)
        deadline = time.monotonic() + 30
        worker = other.processes[1]
        while worker.poll() is None and time.monotonic() < deadline:  # the refused worker stops itself
            time.sleep(0.2)
        assert worker.poll() is not None
    finally:
        other.stop()


def test_ctrl_c_cancels_the_run_and_stops_its_local_cluster(news, tmp_path):  # noqa: F811
    import psutil

    # 20 copies (about 4.6 M characters, block memory off): a build that a quiet machine cannot finish before the signal lands
    rows = list(csv.DictReader(news.open(encoding="utf-8", newline="")))
    larger = tmp_path / "larger.csv"
    with larger.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "id": f"{row['id']}-{copy}"} for copy in range(20) for row in rows)
    out = tmp_path / "tokens.parquet"
    proc = subprocess.Popen([sys.executable, "-m", "textkit", "segment", str(larger), "--out", str(out), "--scheduler", "local",
                             "--workers", "2", "--id-column", "id", "--keep-repeated"], cwd=tmp_path,
                            env=dict(environment(), TEXTKIT_BLOCK_CACHE="0"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    staging = out.parent / f"{out.name}.textkit-build"
    deadline = time.monotonic() + 120
    children = []
    while time.monotonic() < deadline and proc.poll() is None:
        children = psutil.Process(proc.pid).children(recursive=True)
        if len(children) >= 2 and any(staging.rglob("*.parquet")):  # the workers are up and segmenting: parts are being written
            break
        time.sleep(0.1)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert not out.exists()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [p.cmdline() for p in alive]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert "Traceback" not in err


def test_textkit_run_starts_one_local_cluster_for_the_notebooks_that_take_a_scheduler(tmp_path, capsys):
    import nbformat

    from textkit.cli import main

    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("01_first", "02_second"):
        params = nbformat.v4.new_code_cell('corpus = "../seeds"\ntables = "tables"\nscheduler = None')
        params.metadata["tags"] = ["parameters"]
        work = nbformat.v4.new_code_cell(
            "from pathlib import Path\nfrom textkit.engine.executor import get_executor\n"
            "ex = get_executor(scheduler)\nPath(tables).mkdir(parents=True, exist_ok=True)\n"
            f"Path(tables, '{name}.txt').write_text(f'{{ex.kind}} {{ex.workers}} {{scheduler}}')")
        kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        nbformat.write(nbformat.v4.new_notebook(cells=[params, work], metadata=kernel), folder / f"{name}.ipynb")
    code = main(["run", "--corpus", "seeds", "--notebooks", str(folder), "--out", str(tmp_path / "out"), "--figures",
                 str(tmp_path / "fig"), "--no-html", "--scheduler", "local", "--workers", "1"])
    out = capsys.readouterr()
    assert code == 0, out.err
    seen = {p.name: p.read_text().split() for p in (tmp_path / "out" / "tables").iterdir()}
    assert seen["01_first.txt"][:2] == ["dask", "1"] and seen["01_first.txt"] == seen["02_second.txt"]  # one cluster, both
    address = seen["01_first.txt"][2]
    assert re.fullmatch(r"tcp://127\.0\.0\.1:\d+", address) and f"Dask cluster {address}: 1 worker(s) (started for this run)" in out.out
    from textkit.engine.cluster import connect

    with pytest.raises(ClusterError, match="connection refused"):  # stopped at the end of the run
        connect(address)


def test_no_local_cluster_of_zero_workers(tmp_path, capsys):
    """``--workers 0`` is refused in one line (it started a cluster of every core, as if --workers were not given)."""
    from textkit.cli import main
    from textkit.engine.cluster import start_local
    from textkit.errors import ParameterError

    with pytest.raises(ParameterError, match=r"^workers must be a whole number of at least 1 \(got 0\)$"):
        start_local(0)
    code = main(["run", "--only", "01", "--out", str(tmp_path / "out"), "--no-html", "--scheduler", "local", "--workers", "0"])
    out = capsys.readouterr()
    assert code != 0 and "workers must be a whole number of at least 1 (got 0)" in out.err and "Dask cluster" not in out.out
    assert not (tmp_path / "out" / "notebooks").exists()


def test_dictionaries_stopwords_and_found_words_reach_the_workers(generated_documents, cluster, tmp_path, monkeypatch):
    """Files read where the run starts (the workers run elsewhere): the words arrive in the settings, not as paths."""
    from dask_helpers import candidate_pass

    from textkit.engine.build import build_store
    from textkit.engine.executor import get_executor
    from textkit.segment import Segmenter

    monkeypatch.chdir(tmp_path)
    Path("mine.txt").write_text("高精尖產業 10 n\n", encoding="utf-8")
    Path("stop.txt").write_text("中關村\n", encoding="utf-8")
    lines = [t[:300] + ("葛莉絲蒂說。" if i % 10 == 0 else "") + ("發展高精尖產業。" if i % 7 == 0 else "")
             for i, t in enumerate(generated_documents)]
    Path("names.txt").write_text("\n".join(lines), encoding="utf-8")
    built = {}
    for where, executor in (("local", get_executor()), ("cluster", get_executor(str(cluster.scheduler_file)))):
        seg = Segmenter(user_dict="mine.txt", extra_stopwords=["區塊鏈"], stopwords="stop.txt")
        built[where] = build_store("names.txt", out=where, segmenter=seg, executor=executor, shard_chars=10_000,
                                   passes=[candidate_pass()])
    tokens = [t for toks in built["cluster"].documents(["tokens"]).tokens for t in toks]
    assert "葛莉絲蒂" in tokens and "高精尖產業" in tokens and "中關村" not in tokens and "區塊鏈" not in tokens
    assert digests(Path(built["cluster"].root)) == digests(Path(built["local"].root))


# Small settings where they only cut the cost (a fixed k, fewer Gibbs sweeps, draws and resamples): the tables still hold
# every analysis of every notebook, and each depends on the documents the store gives it.  New-word discovery is on (the
# seed's recurring sentences are removed as boilerplate, which leaves the corpus under "auto"'s threshold).
SMALL = {"discover_words": "True", "k": "3", "iterations": "30", "n_draws": "5", "n_boot": "100", "projection_sentences": "200", "n_seeds": "1",
         "sweep_tokens": "3000"}  # 03 trains on a sample and infers every document per shard, on the workers


def test_every_notebook_writes_the_same_tables_through_a_cluster(news, cluster, tmp_path):  # noqa: F811
    """``textkit run --scheduler tcp://…``: the store is built on the workers, the tables are those of the local run."""
    import json

    def start(name: str, *extra: str) -> subprocess.Popen:
        out = tmp_path / name
        command = [sys.executable, "-m", "textkit", "run", "--corpus", str(news), "--id-column", "id", "--group-column", "section",
                   "--date-column", "date", "--out", str(out), "--figures", str(out / "figures"), "--no-html", *extra]
        for key, value in SMALL.items():
            command += ["-p", key, value]
        return subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    runs = {"local": start("local"), "cluster": start("cluster", "--scheduler", cluster.address)}  # at once: each is one kernel at a time
    for name, proc in runs.items():
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, f"{name}: {err[-2000:]}"
    local, remote = tmp_path / "local", tmp_path / "cluster"
    tables = sorted(p.relative_to(local).as_posix() for p in local.rglob("*") if p.suffix in (".csv", ".graphml"))
    assert {t.split("/")[-1][:2] for t in tables} == {"01", "02", "03", "04", "05"} and len(tables) > 30
    assert tables == sorted(p.relative_to(remote).as_posix() for p in remote.rglob("*") if p.suffix in (".csv", ".graphml"))
    differ = [t for t in tables if (local / t).read_bytes() != (remote / t).read_bytes()]
    assert not differ
    # one store per run, built where the run said, with the words discovered in the corpus
    (store,) = (remote / "store").iterdir()
    assert json.loads((store / "build.json").read_text())["executor"].startswith("the Dask cluster at tcp:")
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["discover_words"] is True and manifest["discovered"] is not None and manifest["emptied"] > 0
    assert digests(store) == digests(next((local / "store").iterdir()))
