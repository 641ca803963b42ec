"""Bad input anywhere gets a clear answer: one table over load, clean, segment and the command line.

Each row is one bad input (a file, a line, a parameter) and the answer it must
get: a specific textkit error whose message names the file, the line or the
parameter; or, where textkit handles the input itself, a warning that says
what it did, and the data loads.  Never a traceback from deep inside, never a
silent loss.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from textkit.corpus.clean import RepeatedSentences, clean_text, clean_texts
from textkit.errors import (
    BinaryFileError,
    ControlCharactersWarning,
    CorpusFileError,
    EmptyDocumentsWarning,
    EmptyFileError,
    MalformedRecordError,
    MissingColumnError,
    ParameterError,
)
from textkit.corpus.load import load_corpus
from textkit.engine.pipeline import prepare_documents

from conftest import ROOT, SEED_DIR

TRAD = "生命科學園以及周邊地區納入自貿試驗區科技創新片區，是賦予昌平區的重大戰略機遇。"
SIMP = "生命科学园以及周边地区纳入自贸试验区科技创新片区，是赋予昌平区的重大战略机遇。"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4


def _file(name: str, content: str | bytes, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return make


def _load(name: str, content: str | bytes, **options) -> Callable[[Path], object]:
    make = _file(name, content)

    def run(tmp: Path):
        return load_corpus(make(tmp), **options)

    return run


def _call(fn: Callable[[], object]) -> Callable[[Path], object]:
    return lambda tmp: fn()


def _cli(*argv: str, files: dict[str, str | bytes] | None = None) -> Callable[[Path], tuple[int, str]]:
    """``textkit ARGV`` in this process; ``{tmp}`` in an argument is the test's folder."""

    def run(tmp: Path) -> tuple[int, str]:
        from textkit.cli import main

        for name, content in (files or {}).items():
            _file(name, content)(tmp)
        try:
            return main([a.format(tmp=tmp) for a in argv]), ""
        except SystemExit as exc:  # argparse's own usage errors
            return int(exc.code), ""

    return run


@dataclass
class Case:
    id: str
    run: Callable[[Path], object]
    answer: type  # an error, a warning (the input loads), or int: the CLI's exit status
    says: str  # regex the message must contain; {tmp} is the test's folder


def _segmenter(**params) -> Callable[[Path], object]:
    def run(tmp: Path):
        from textkit.segment import Segmenter

        return Segmenter(**params).tokenize("科技創新片區的新機遇")

    return run


def _nul_text(lines: int = 40, nuls: int = 3) -> bytes:
    body = [TRAD] * lines
    body[6] = TRAD[:5] + "\x00" * nuls + TRAD[5:]
    return ("\n".join(body) + "\n").encode("utf-8")


MULTILINE_CSV = f'id,text\n1,"{TRAD}\n第二段。"\n2,"{SIMP}"\n3,科技,創新\n'

CASES = [
    # -- load ----------------------------------------------------------------------------------
    Case("load: missing path", _call(lambda: load_corpus("no/such/corpus.csv")),
         CorpusFileError, r"no/such/corpus\.csv: no such file or folder"),
    Case("load: empty file", _load("empty.txt", b""), EmptyFileError, r"{tmp}/empty\.txt: the file is empty"),
    Case("load: only whitespace", _load("blank.csv", "  \n\n"), EmptyFileError, r"{tmp}/blank\.csv: the file is empty"),
    Case("load: binary file (PNG named .txt)", _load("image.txt", PNG), BinaryFileError,
         r"{tmp}/image\.txt: looks like a binary file \(a PNG image\), not text"),
    Case("load: wrong encoding (UTF-8 BOM, then not UTF-8)", _load("bom.txt", b"\xef\xbb\xbf" + TRAD.encode("big5", "replace")),
         BinaryFileError, r"{tmp}/bom\.txt: starts with a utf-8-sig byte-order mark but is not valid utf-8-sig"),
    Case("load: undecodable bytes", _load("noise.txt", bytes(range(128, 256)) * 20), BinaryFileError,
         r"{tmp}/noise\.txt: (cannot be decoded|looks like a binary file)"),
    Case("load: stray control bytes (warning, loads)", _load("scraped.txt", _nul_text()), ControlCharactersWarning,
         r"{tmp}/scraped\.txt: removed 3 stray control character\(s\) \(U\+0000 ×3\) on 1 line\(s\), first on line\(s\) 7;"),
    Case("load: empty documents (warning, loads)", _load("rows.csv", f'id,text\n1,"{TRAD}"\n2,\n3,"{SIMP}"\n'),
         EmptyDocumentsWarning, r"{tmp}/rows\.csv: 1 empty document\(s\) left out: line 3"),
    Case("load: missing text column", _load("news.csv", f'id,body\n1,"{TRAD}"\n'), MissingColumnError,
         r"{tmp}/news\.csv: has no column 'text' \(text_column; columns: id, body\)"),
    Case("load: missing group column (Chinese names)", _load("news.csv", f'編號,正文,來源\n1,"{TRAD}",台灣\n', text_column="正文", group_column="来源"),
         MissingColumnError, r"{tmp}/news\.csv: has no column '来源' \(group_column; columns: 編號, 正文, 來源\); did you mean '來源'\?"),
    Case("load: missing id column", _load("news.jsonl", json.dumps({"text": TRAD}, ensure_ascii=False), id_column="id"),
         MissingColumnError, r"{tmp}/news\.jsonl: has no column 'id' \(id_column; columns: text\)"),
    Case("load: bad JSON line", _load("news.jsonl", json.dumps({"text": TRAD}, ensure_ascii=False) + "\n{'text': 1}\n"),
         MalformedRecordError, r"{tmp}/news\.jsonl, line 2: is not valid JSON"),
    Case("load: CSV row after a multi-line field", _load("multi.csv", MULTILINE_CSV), MalformedRecordError,
         r"{tmp}/multi\.csv, line 5: has 3 fields, the header has 2"),
    Case("load: unknown format", _call(lambda: load_corpus(SEED_DIR, format="xml")),
         ParameterError, r"format must be one of auto, seed, files, lines, csv, tsv, jsonl, json, xlsx, parquet \(got 'xml'\)"),
    Case("load: column option for a .txt", _load("lines.txt", f"{TRAD}\n{SIMP}\n", title_column="標題"), ParameterError,
         r"title_column='標題': {tmp}/lines\.txt is read as format='lines', which has no columns"),
    # -- clean ---------------------------------------------------------------------------------
    Case("clean: not a str", _call(lambda: clean_text(None)), ParameterError,
         r"expected a str to clean, got NoneType"),
    Case("clean: a number among texts", _call(lambda: clean_texts([TRAD, 3.5])), ParameterError,
         r"expected a str to clean, got float: 3\.5"),
    Case("clean: repetition share out of range", _call(lambda: RepeatedSentences(min_share=0).fit([TRAD])),
         ParameterError, r"min_share must be a number in \(0, 1\] \(got 0\)"),
    Case("clean: transform before fit", _call(lambda: RepeatedSentences().transform([TRAD])),
         ParameterError, r"not fitted yet: call fit\(texts\) first"),
    # -- segment -------------------------------------------------------------------------------
    Case("segment: min_length=0", _segmenter(min_length=0), ParameterError, r"min_length must be a whole number of at least 1 \(got 0\)"),
    Case("segment: unknown backend", _segmenter(backend="thulac"), ParameterError, r"backend must be 'rjieba' or 'jieba' \(got 'thulac'\)"),
    Case("segment: pos as a string", _segmenter(pos="n"), ParameterError, r"pos must be a list of tag prefixes"),
    Case("segment: an empty pos tag", _segmenter(pos=["n", ""]), ParameterError, r"none empty \(got \['n', ''\]\)"),
    Case("segment: missing user dictionary", _segmenter(user_dict="no/such/dict.txt"), CorpusFileError, r"no/such/dict\.txt: no such file"),
    Case("segment: n_jobs=0", _call(lambda: prepare_documents(SEED_DIR, n_jobs=0, cache=False)),
         ParameterError, r"n_jobs must be a positive whole number or -1 \(got 0\)"),
    # -- the command line ----------------------------------------------------------------------
    Case("cli segment: missing file", _cli("segment", "{tmp}/missing.txt"), 2, r"^textkit: error: {tmp}/missing\.txt: no such file$"),
    Case("cli segment: binary file", _cli("segment", "{tmp}/image.txt", files={"image.txt": PNG}), 2,
         r"^textkit: error: {tmp}/image\.txt: looks like a binary file \(a PNG image\)"),
    Case("cli segment: empty file", _cli("segment", "{tmp}/empty.txt", files={"empty.txt": b""}), 2,
         r"^textkit: error: {tmp}/empty\.txt: the file is empty$"),
    Case("cli segment: --min-length 0", _cli("segment", "--filter", "--min-length", "0", "{tmp}/a.txt", files={"a.txt": TRAD}), 2,
         r"^textkit: error: min_length must be a whole number of at least 1 \(got 0\)$"),
    Case("cli segment: stray NUL bytes (warning, exit 0)", _cli("segment", "{tmp}/scraped.txt", files={"scraped.txt": _nul_text()}), 0,
         r"^textkit: warning: {tmp}/scraped\.txt: removed 3 stray control character\(s\)"),
    Case("cli segment: unknown backend", _cli("segment", "--backend", "thulac", "{tmp}/a.txt"), 2, r"invalid choice: 'thulac'"),
    Case("cli run: missing corpus", _cli("run", "--corpus", "{tmp}/nowhere", "--out", "{tmp}/out"), 2,
         r"^textkit: error: corpus {tmp}/nowhere does not exist$"),
    Case("cli run: unknown -p name", _cli("run", "--out", "{tmp}/out", "--notebooks", str(ROOT / "notebooks"), "-p", "no_such_thing", "3"), 2,
         r"^textkit: error: unknown parameter\(s\) no_such_thing; the notebooks declare: .*corpus"),
    Case("cli run: --only matches nothing", _cli("run", "--notebooks", str(ROOT / "notebooks"), "--only", "99"), 2,
         r"^textkit: error: no notebook in .*notebooks starts with 99$"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_a_clear_answer(case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # relative paths (seeds, no/such/…) as a user in the project would type them
    says = re.compile(case.says.replace("{tmp}", re.escape(str(tmp_path))), re.MULTILINE)
    if isinstance(case.answer, int):
        status, _ = case.run(tmp_path)
        err = capsys.readouterr().err
        assert status == case.answer, err
        assert says.search(err), err
        assert "Traceback" not in err
        if status == 2 and err.startswith("textkit: error:"):
            assert err.count("\n") == 1, err  # one line
    elif issubclass(case.answer, Warning):
        with pytest.warns(case.answer) as caught:
            result = case.run(tmp_path)
        assert [str(w.message) for w in caught if says.search(str(w.message))], [str(w.message) for w in caught]
        assert len(result) >= 1  # and the data loaded
    else:
        with pytest.raises(case.answer) as caught:
            case.run(tmp_path)
        assert says.search(str(caught.value)), str(caught.value)
        assert type(caught.value).__module__ == "textkit.errors"


def test_every_stage_is_in_the_table():
    stages = {c.id.split(":")[0] for c in CASES}
    assert stages == {"load", "clean", "segment", "cli segment", "cli run"}
