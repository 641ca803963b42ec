"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys

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
