"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_FILE


def textkit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "textkit", *args], capture_output=True, text=True, input=stdin)


def test_segment_prints_one_line_per_input_line(tmp_path):
    path = tmp_path / "in.txt"
    lines = ["中關村科學城已聚集了華為等科技創新企業", "", "北京生命科學園 的新機遇"]
    path.write_text("\n".join(lines) + "\n", encoding="big5")
    proc = textkit("segment", str(path))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.split("\n")[:-1]
    assert out[0] == "中關村科學城 已 聚集 了 華為 等 科技創新 企業"
    assert out[1] == ""
    assert out[2].replace(" ", "") == lines[2].replace(" ", "")
    assert proc.stderr == ""


def test_segment_filter_and_stdin():
    proc = textkit("segment", "--filter", "-", stdin="中關村科學城已聚集了華為等科技創新企業。\n")
    assert proc.stdout == "中關村科學城 聚集 華為 科技創新 企業\n"


def test_segment_the_seed():
    proc = textkit("segment", str(SEED_FILE))
    assert proc.returncode == 0
    assert "中關村科學城" in proc.stdout.split() and "生命科學園" in proc.stdout.split()
    assert proc.stdout.count("\n") == len(SEED_FILE.read_text(encoding="utf-8").split("\n"))


def test_missing_file_is_one_clear_line(tmp_path):
    proc = textkit("segment", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2
    assert proc.stderr == f"textkit: error: {tmp_path / 'missing.txt'}: no such file\n"


def test_binary_file_is_one_clear_line(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    proc = textkit("segment", str(path))
    assert proc.returncode == 2
    assert "image.txt" in proc.stderr and "binary" in proc.stderr and "Traceback" not in proc.stderr


# -- standard input is decoded like a file: encoding, stray control characters, binary --------------


def textkit_bytes(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "textkit", *args], capture_output=True, input=stdin)


TRAD_LINE = ("中關村科學城已聚集了華為等科技創新企業", "中關村科學城 已 聚集 了 華為 等 科技創新 企業")
SIMP_LINE = ("中关村科学城已聚集了华为等科技创新企业", "中关村科学城 已 聚集 了 华为 等 科技创新 企业")


@pytest.mark.parametrize(
    ("encoding", "line"),
    [("utf-16", TRAD_LINE), ("utf-16-le", TRAD_LINE), ("utf-16-be", SIMP_LINE), ("big5", TRAD_LINE), ("gb18030", SIMP_LINE)],
)
def test_segment_stdin_in_another_encoding(encoding, line):
    text, tokens = line
    proc = textkit_bytes("segment", "-", stdin=f"{text}\n{text}。\n".encode(encoding))
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8") == f"{tokens}\n{tokens} 。\n"
    assert proc.stderr == b""


def test_segment_stdin_stray_nul_is_removed_with_a_warning():
    proc = textkit_bytes("segment", "-", stdin="科技\x00創新\n".encode("utf-8") + "中關村科學城已聚集了華為等科技創新企業\n".encode() * 20)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode("utf-8")
    assert "\x00" not in out
    assert out.split("\n")[0].replace(" ", "") == "科技創新"
    assert proc.stderr.decode("utf-8").startswith("textkit: warning: <stdin>: removed 1 stray control character(s) (U+0000 ×1) on 1 line(s), first on line(s) 1;")


def test_segment_stdin_binary_is_one_clear_line():
    proc = textkit_bytes("segment", "-", stdin=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "textkit: error: <stdin>: looks like a binary file (a PNG image), not text (expected text in UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5)\n"


def test_segment_empty_stdin_prints_nothing():
    proc = textkit_bytes("segment", "-", stdin=b"")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


@pytest.mark.parametrize("tags", [",,", "", "n,", " "])
def test_segment_pos_without_a_tag_is_a_clear_error(tags):
    proc = textkit("segment", "--pos", tags, "-", stdin="中關村科學城已聚集了華為等科技創新企業\n")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("textkit: error: pos must be a list of tag prefixes such as ['n', 'v'], none empty (got [")


def test_segment_pos_keeps_those_tags():
    proc = textkit("segment", "--pos", "n,v", "-", stdin="中關村科學城已聚集了華為等科技創新企業\n")
    assert proc.returncode == 0 and proc.stdout == "中關村科學城 聚集 華為 科技創新 企業\n"


# -- textkit --version, notebooks, lab ---------------------------------------------------------------


def test_version_names_the_commit_in_a_checkout():
    from conftest import ROOT

    proc = textkit("--version")
    assert proc.returncode == 0 and proc.stderr == ""
    from textkit import __version__

    assert proc.stdout.startswith(f"textkit {__version__}")
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode == 0:  # a git checkout (not an unpacked sdist)
        assert f"(git {head.stdout.strip()}" in proc.stdout


def test_notebooks_are_copied_and_edited_copies_kept(tmp_path, monkeypatch):
    from conftest import ROOT

    from textkit.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["notebooks", "mine"]) == 0
    sources = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.*") if p.suffix in (".ipynb", ".py"))
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == sources
    assert all((tmp_path / "mine" / n).read_bytes() == (ROOT / "notebooks" / n).read_bytes() for n in sources)
    assert main(["notebooks", "mine"]) == 0  # identical files: nothing to do
    edited = tmp_path / "mine" / "02_keywords.py"
    edited.write_text(edited.read_text(encoding="utf-8").replace("top_n = 15", "top_n = 30"), encoding="utf-8")
    (tmp_path / "mine" / "01_corpus.ipynb").unlink()
    proc = textkit_in(tmp_path, "notebooks", "mine")
    assert proc.returncode == 2
    assert proc.stderr == ("textkit: error: mine: 1 file(s) differ from textkit's notebooks (edited copies?): 02_keywords.py; "
                           "nothing was copied. Pass --force to overwrite them, or copy into another folder\n")
    assert not (tmp_path / "mine" / "01_corpus.ipynb").exists() and "top_n = 30" in edited.read_text(encoding="utf-8")
    assert main(["notebooks", "mine", "--force"]) == 0
    assert edited.read_bytes() == (ROOT / "notebooks" / "02_keywords.py").read_bytes()
    assert (tmp_path / "mine" / "01_corpus.ipynb").exists()


def test_nothing_is_written_inside_the_package(tmp_path, monkeypatch, capsys):
    from textkit.cli import main
    from textkit.corpus.resources import PACKAGE_DIR

    monkeypatch.chdir(tmp_path)
    inside = PACKAGE_DIR / "data" / "mine"
    for args in (["notebooks", str(inside)], ["run", "--out", str(inside)], ["run", "--figures", str(PACKAGE_DIR)],
                 ["lab", str(PACKAGE_DIR / "data")]):
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("textkit: error: ") and "is inside the textkit package" in err, err
    assert not inside.exists()


def test_lab_command_is_make_labs(tmp_path, monkeypatch):
    import os

    from textkit.notebooks import lab_command

    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    argv, env = lab_command("mine", ["--no-browser", "--port", "8890"])
    assert argv[:4] == [sys.executable, "-m", "jupyterlab", "--notebook-dir=mine"]
    assert argv[-3:] == ["--no-browser", "--port", "8890"]
    assert ("--allow-root" in argv) == (os.geteuid() == 0)
    assert env["JUPYTER_PATH"].split(os.pathsep)[0] == os.path.join(sys.prefix, "share", "jupyter")
    proc = textkit_in(tmp_path, "lab", "--no-browser")
    assert proc.returncode == 2
    assert proc.stderr.startswith("textkit: error: notebook folder notebooks does not exist here") and \
        "textkit notebooks notebooks" in proc.stderr


def textkit_in(folder, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "textkit", *args], capture_output=True, text=True, cwd=folder)


def test_a_projects_own_notebooks_folder_is_not_run(tmp_path, monkeypatch):
    """./notebooks is the default only where it holds textkit's notebooks (copies keep their names)."""
    import nbformat

    from textkit.notebooks import default_notebooks, packaged_notebooks

    monkeypatch.chdir(tmp_path)
    assert default_notebooks() == packaged_notebooks()
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("open('ran.txt', 'w')")])
    nbformat.write(nb, tmp_path / "notebooks" / "01_my_cleaning.ipynb")  # the researcher's own, not textkit's
    assert default_notebooks() == packaged_notebooks()
    (tmp_path / "notebooks" / "02_keywords.ipynb").write_bytes((packaged_notebooks() / "02_keywords.ipynb").read_bytes())
    assert default_notebooks() == Path("notebooks")  # a copy: the folder is textkit's notebooks, edited
