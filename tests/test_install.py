"""textkit outside its checkout: a wheel built from the checkout, installed in a fresh environment, used from an empty folder.

One wheel is built per session (from a copy of the checkout, so the build
writes nothing into it) and installed with ``--no-deps`` into a virtual
environment that sees the project's packages through a ``.pth`` line: the
wheel's own files are what is tested, in seconds, without downloading the
dependencies again.  Every command runs from an empty folder, without
``PYTHONPATH``: the checkout is out of reach.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEED_DIR

from textkit import __version__

COLUMNS = ["--text-column", "正文", "--title-column", "標題", "--id-column", "編號", "--group-column", "版面"]


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=30,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def _can_build_offline() -> bool:
    """This environment's setuptools is what the build-system asks for (77+): then no build environment is downloaded."""
    try:
        from importlib.metadata import version

        major, minor = (int(x) for x in version("setuptools").split(".")[:2])
    except Exception:
        return False
    return (major, minor) >= (77, 0)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built from a copy of it (tracked or not, as the files are now)."""
    work = tmp_path_factory.mktemp("build")
    source = work / "textkit"
    top = {".git", ".venv", "output", "figures", "build", "dist", ".pytest_cache", ".hypothesis", ".cache", "benchmarks"}
    anywhere = shutil.ignore_patterns("*.egg-info", "__pycache__", ".ipynb_checkpoints")

    def ignore(folder: str, names: list[str]) -> set[str]:
        return set(anywhere(folder, names)) | (top & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, source, ignore=ignore)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    gitdir = _git("rev-parse", "--absolute-git-dir")
    if gitdir:  # the build records the checkout's commit, as it would in the checkout itself
        env.update(GIT_DIR=gitdir, GIT_WORK_TREE=str(source))
    # Offline with the test extra's setuptools; else pip builds in an isolated environment (it fetches setuptools).
    flags = ["--no-build-isolation"] if _can_build_offline() else []
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", *flags,
                           "-w", str(work / "dist"), str(source)], capture_output=True, text=True, env=env, cwd=work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = (work / "dist").glob("textkit-*.whl")
    return built


@pytest.fixture(scope="session")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (no dependencies: they come from the project's through a .pth)."""
    home = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True, timeout=120)
    python = home / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True,
                               text=True, check=True).stdout.strip())
    shared = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "zz_project_packages.pth").write_text("".join(f"{p}\n" for p in shared), encoding="utf-8")
    # Without PYTHONPATH: a checkout on it (its textkit.egg-info) would make pip take textkit for installed already.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--quiet",
                           "--disable-pip-version-check", str(wheel)], capture_output=True, text=True, env=clean)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (home / "bin" / "textkit").exists(), f"pip installed no textkit command: {proc.stdout}{proc.stderr}"
    return home


def _site_packages(home: Path) -> Path:
    return next((home / "lib").glob("python3*/site-packages"))


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # The dependencies' data files (nbconvert's templates, JupyterLab's assets) are where the project installed them,
    # as a full install would have them in the environment's own share/jupyter.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTERLAB_DIR"] = str(Path(sys.prefix) / "share" / "jupyter" / "lab")
    return env


def textkit(home: Path, cwd: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(home / "bin" / "textkit"), *args], capture_output=True, text=True, cwd=cwd, env=_env(home),
                          timeout=timeout)


def test_the_wheel_carries_the_notebooks_the_seed_and_its_commit(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        assert f"textkit/data/notebooks/{nb.name}" in names and f"textkit/data/notebooks/{nb.stem}.py" in names
    assert "textkit/data/seeds/000_0cb52c72f24d951b.txt" in names
    # Every module of the package (a folder without __init__.py would be left out of the wheel).
    for module in sorted((ROOT / "textkit").rglob("*.py")):
        assert module.relative_to(ROOT).as_posix() in names, module
    assert not any(n.startswith(("tests/", "notebooks/", "seeds/", "benchmarks/")) for n in names)
    commit = _git("rev-parse", "--short=12", "HEAD")
    if commit:
        assert zipfile.ZipFile(wheel).read("textkit/data/commit.txt").decode().split()[0] == commit


def test_installed_textkit_works_from_an_empty_folder(venv, tmp_path):
    """--version; run on a CSV (tables, figures, reports there); notebooks copied, edited, run; nothing written in site-packages."""
    site = _site_packages(venv)
    before = _snapshot(site)
    where = subprocess.run([venv / "bin" / "python", "-c", "import textkit; print(textkit.__file__)"], capture_output=True,
                           text=True, env=_env(venv), cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr

    proc = textkit(venv, tmp_path, "--version")
    commit = _git("rev-parse", "--short=12", "HEAD")
    assert proc.returncode == 0 and proc.stdout.startswith(f"textkit {__version__}"), proc.stdout + proc.stderr
    if commit:
        assert f"(built from git {commit}" in proc.stdout

    # A user's CSV, made of the seed's documents.
    from textkit.corpus.load import load_corpus

    seed = load_corpus(SEED_DIR)
    pd.DataFrame({"編號": [f"n{i:03d}" for i in range(len(seed))], "標題": seed.title, "正文": seed.text,
                  "版面": seed.group.map({"article": "報道", "headlines": "相關"})}).to_csv(tmp_path / "news.csv", index=False)
    proc = textkit(venv, tmp_path, "run", "--corpus", "news.csv", *COLUMNS, "--only", "01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "corpus news.csv: 40 documents in 2 group(s)" in proc.stdout
    assert (tmp_path / "output" / "tables" / "01_corpus_overview.csv").is_file()
    assert (tmp_path / "figures" / "01_corpus_top_terms.png").stat().st_size > 5_000
    report = (tmp_path / "output" / "reports" / "01_corpus.html").read_text(encoding="utf-8")
    executed = json.loads((tmp_path / "output" / "notebooks" / "01_corpus.ipynb").read_text(encoding="utf-8"))
    stamp = proc.stdout.splitlines()[1]
    assert stamp.startswith(f"textkit {__version__}") and executed["metadata"]["textkit"]["describe"] == stamp
    assert f"Run with {stamp}" in report and f"Run with {stamp}" in json.dumps(executed, ensure_ascii=False)
    assert stamp.encode() not in (tmp_path / "figures" / "01_corpus_top_terms.svg").read_bytes()  # figures stay the same bytes

    # Copies to edit: the edited copy is what runs.
    proc = textkit(venv, tmp_path, "notebooks", "mine")
    assert proc.returncode == 0 and "copied 10 file(s) to mine" in proc.stdout, proc.stdout + proc.stderr
    copy = tmp_path / "mine" / "05_time.ipynb"
    copy.write_text(copy.read_text(encoding="utf-8").replace("# 05 · 時間軸 Time", "# 05 · 我的時間軸"), encoding="utf-8")
    proc = textkit(venv, tmp_path, "notebooks", "mine")
    assert proc.returncode == 2 and "05_time.ipynb" in proc.stderr and "--force" in proc.stderr
    proc = textkit(venv, tmp_path, "run", "--notebooks", "mine", "--only", "05", "--out", "mine-output", "--no-html")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "corpus (textkit's demonstration corpus, the seed): 40 documents" in proc.stdout
    assert "# 05 · 我的時間軸" in (tmp_path / "mine-output" / "notebooks" / "05_time.ipynb").read_text(encoding="utf-8")

    # A copy run where it is (as JupyterLab runs it): its own defaults, outputs beside the folder.
    lab_like = subprocess.run([venv / "bin" / "python", "-m", "papermill", "05_time.ipynb", str(tmp_path / "lab-run.ipynb"),
                               "--cwd", ".", "-k", "python3", "--no-progress-bar"],
                              capture_output=True, text=True, cwd=tmp_path / "mine", env=_env(venv), timeout=600)
    assert lab_like.returncode == 0, lab_like.stdout + lab_like.stderr
    assert (tmp_path / "output" / "tables" / "05_time_dates.csv").is_file()  # ../output/tables from mine/

    assert _snapshot(site) == before, "textkit wrote into site-packages"
    assert not list(site.glob("textkit/data/**/*figures*")) and not (site / "textkit" / "data" / "output").exists()


def test_lab_opens_the_folder_with_this_environments_kernel(venv, tmp_path):
    """`textkit lab DIR`: JupyterLab serves DIR, its python3 kernel is this environment's Python (as root: --allow-root)."""
    assert textkit(venv, tmp_path, "notebooks", "mine").returncode == 0
    missing = textkit(venv, tmp_path, "lab")
    assert missing.returncode == 2 and "textkit notebooks notebooks" in missing.stderr
    env = _env(venv)
    env.update(JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    server = subprocess.Popen([str(venv / "bin" / "textkit"), "lab", "mine", "--no-browser", "--ip=127.0.0.1", "--port=0",
                               "--ServerApp.token=textkit-test", "--ServerApp.open_browser=False"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url, log, deadline = None, [], time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            log.append(line)
            if m := re.search(r"http://(?:127\.0\.0\.1|localhost):(\d+)/", line):
                url = f"http://127.0.0.1:{m.group(1)}"
        assert url, "".join(log)

        def get(path: str) -> dict:
            for attempt in range(20):
                try:
                    with urllib.request.urlopen(f"{url}{path}?token=textkit-test", timeout=30) as response:
                        return json.load(response)
                except OSError as exc:
                    error = exc
                    time.sleep(0.5)
            raise AssertionError(f"{url}{path}: {error} (server {server.poll()})\n{''.join(log)}")

        contents = get("/api/contents")
        assert {c["name"] for c in contents["content"]} >= {"01_corpus.ipynb", "05_time.py"}
        argv = get("/api/kernelspecs")["kernelspecs"]["python3"]["spec"]["argv"]
        # This environment's Python ("python" is the server's own interpreter when jupyter_client starts the kernel).
        assert argv[0] in ("python", "python3") or Path(argv[0]).parent == venv / "bin", argv
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
