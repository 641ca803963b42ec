"""Loading: the seed format, a user's own corpus, encodings and bad input."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from textkit.errors import (
    BinaryFileError,
    ControlCharactersWarning,
    CorpusFileError,
    EmptyDocumentsWarning,
    MalformedRecordError,
    MissingColumnError,
    ParameterError,
)
from textkit.corpus.load import COLUMNS, STRAY_CONTROL_LIMIT, load_corpus, parse_seed, read_seed, read_text, seed_tables

from conftest import SEED_DIR, SEED_FILE

FIRST_HEADLINE = "探秘自貿區之北京實踐丨科技創新片區:雙輪驅動的科創「大腦」"
# Real lines of the seed, in both scripts, for the encoding tests.
TRAD = "生命科學園以及周邊地區納入自貿試驗區科技創新片區,是賦予昌平區的重大戰略機遇。"
SIMP = "生命科学园以及周边地区纳入自贸试验区科技创新片区,是赋予昌平区的重大战略机遇。"


def test_seed_metadata(seed_article):
    a = seed_article
    assert a.title == "科技創新片區:雙輪驅動的科創「大腦」【掘金大開放 探秘自貿區】北京實踐之三"
    assert (a.date, a.publisher) == ("2021-01-20", "北京商報")
    assert a.authors == ("姚倩", "濮振宇")
    assert a.web_editor == "陶鳳"
    assert a.source_date == "2021-01-16"
    assert a.caption.startswith("生命科學園,是該領域創新資源最為集中的園區之一。來源:")
    assert a.closing_byline == "北京商報記者 姚倩 濮振宇"
    assert len(a.lead) == 1 and a.lead[0].startswith("北京創新發展將邁上新臺階。")


def test_seed_sections_and_related(seed_article):
    a = seed_article
    assert [s.heading for s in a.sections] == [
        "兩大組團驅動:匯聚高精尖創新資源",
        "中關村科學城:科技服務等產業發力",
        "生命科學園:體制改革先試先行",
    ]
    assert [len(s.paragraphs) for s in a.sections] == [6, 7, 6]
    assert a.sections[2].paragraphs[-1].startswith("對於如何優化北京生命科學園的創新環境")
    assert len(a.related) == 20
    assert a.related[0].headline == FIRST_HEADLINE
    assert a.related[0].snippet.startswith("同時,聆聽來自北京自貿區三大片區")
    assert a.related[-1].headline == "上海七千黨員帶動三十萬自貿區人才"
    assert all(item.headline and item.snippet for item in a.related)


def test_seed_tables(seed_article):
    article, headlines = seed_tables([seed_article])
    assert list(article.columns) == COLUMNS
    assert len(article) == 20 and len(headlines) == 20
    assert set(article.group) == {"article"} and set(headlines.group) == {"headlines"}
    assert article.section.tolist()[:2] == ["導語", "兩大組團驅動:匯聚高精尖創新資源"]
    assert headlines.title.iloc[0] == FIRST_HEADLINE
    assert headlines.position.tolist() == list(range(1, 21))
    assert headlines.text.iloc[0].startswith(FIRST_HEADLINE + "\n同時")
    both = load_corpus(SEED_DIR)
    assert both.doc_id.is_unique and len(both) == 40


def test_folder_of_several_seed_files(tmp_path):
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED_FILE, tmp_path / name)
    docs = load_corpus(tmp_path)
    assert len(docs) == 80 and docs.doc_id.is_unique
    assert docs.groupby(["source", "group"]).size().tolist() == [20, 20, 20, 20]


def test_seed_missing_parts(tmp_path, seed_text):
    body = seed_text.split("相關焦點")[0]
    lines = [ln for ln in body.split("\n") if not ln.startswith("生命科學園,是該領域")]
    path = tmp_path / "partial.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    art = read_seed(path)[0]
    assert art.related == () and art.caption is None
    assert len(art.sections) == 3
    article, headlines = seed_tables([art])
    assert len(article) == 20 and headlines.empty


def test_seed_without_structure_is_a_clear_error(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(TRAD + "\n" + TRAD, encoding="utf-8")
    with pytest.raises(CorpusFileError, match=r"plain\.txt: does not look like a seed file"):
        load_corpus(path, format="seed")
    # Auto-detection reads the same file as one document per line instead.
    assert len(load_corpus(path)) == 2


def test_seed_with_title_only_is_a_clear_error():
    with pytest.raises(CorpusFileError, match="no article paragraphs"):
        parse_seed("標題\n\n2021-01-20 北京商報\n", path="x.txt")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", TRAD),
        ("utf-8-sig", TRAD),
        ("utf-16", TRAD),  # with BOM
        ("utf-16-le", TRAD),  # without BOM
        ("utf-16-be", SIMP),
        ("gb18030", TRAD),
        ("gbk", SIMP),
        ("big5", TRAD),
    ],
)
def test_encodings_are_detected(tmp_path, encoding, text):
    path = tmp_path / f"doc-{encoding}.txt"
    content = f"{text}\r\n{text[:20]}。\r\n"
    path.write_bytes(content.encode(encoding))
    assert read_text(path) == content.replace("\r\n", "\n")


def test_big5_folder_corpus(tmp_path):
    (tmp_path / "a.txt").write_bytes(TRAD.encode("big5"))
    (tmp_path / "b.txt").write_bytes(SIMP.encode("gbk"))
    docs = load_corpus(tmp_path)
    assert docs.text.tolist() == [TRAD, SIMP]
    assert docs.doc_id.tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "binary"),
        (bytes(range(128, 256)) * 20, "binary|cannot be decoded"),
    ],
)
def test_bad_files_are_clear_errors(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusFileError, match=rf"bad\.txt: .*(?:{problem})"):
        load_corpus(path)


def test_missing_path_names_it(tmp_path):
    with pytest.raises(CorpusFileError, match="nowhere.txt: no such file"):
        load_corpus(tmp_path / "nowhere.txt")


def test_bad_format_parameter():
    with pytest.raises(ParameterError, match="format must be one of"):
        load_corpus(SEED_DIR, format="xml")


def test_folder_of_txt_reports_empty_files(tmp_path):
    (tmp_path / "01.txt").write_text(TRAD, encoding="utf-8")
    (tmp_path / "02.txt").write_text("", encoding="utf-8")
    (tmp_path / "03.txt").write_text(SIMP + "\n第二段。", encoding="utf-8")
    with pytest.warns(EmptyDocumentsWarning, match=r"1 empty document\(s\) left out: 02\.txt"):
        docs = load_corpus(tmp_path)
    assert docs.doc_id.tolist() == ["01", "03"]
    assert docs.text.iloc[1] == SIMP + "\n第二段。"


def test_one_document_per_line_reports_blank_lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text(f"{TRAD}\n\n{SIMP}\n", encoding="utf-8")
    with pytest.warns(EmptyDocumentsWarning, match="line 2"):
        docs = load_corpus(path)
    assert docs.text.tolist() == [TRAD, SIMP]
    assert docs.doc_id.tolist() == ["lines:1", "lines:3"]


def test_csv_with_named_columns(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({"id": ["n1", "n2", "n3"], "body": [TRAD, "", SIMP], "src": ["tw", "tw", "cn"]}).to_csv(
        path, index=False, encoding="gb18030"
    )
    with pytest.warns(EmptyDocumentsWarning, match="line 3"):
        docs = load_corpus(path, text_column="body", id_column="id", group_column="src")
    assert docs.doc_id.tolist() == ["n1", "n3"]
    assert docs.group.tolist() == ["tw", "cn"]
    assert docs.text.tolist() == [TRAD, SIMP]


def test_csv_without_the_text_column(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,科技創新\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match=r"news\.csv: has no column 'text' \(text_column; columns: id, body\)"):
        load_corpus(path)


def test_jsonl(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps({"content": t}, ensure_ascii=False) for t in (TRAD, SIMP)), encoding="utf-8")
    assert load_corpus(path, text_column="content").text.tolist() == [TRAD, SIMP]


def test_jsonl_bad_line_names_the_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"text": TRAD}, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(CorpusFileError, match=r"docs\.jsonl, line 2: is not valid JSON"):
        load_corpus(path)


# -- stray control characters: a few are removed with one warning, many mean binary ----------------


def _in_big5(line: str) -> bool:
    try:
        line.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def _article(seed_text: str, lines: int = 30) -> list[str]:
    """Real lines of the seed article (repeated to the length wanted)."""
    body = [ln for ln in seed_text.split("\n") if len(ln) > 20 and _in_big5(ln)]
    return [body[i % len(body)] for i in range(lines)]


def _inject(lines: list[str], count: int, at: list[int], char: str = "\x00") -> str:
    """``count`` control characters spread over the given 0-based lines, inside words."""
    out = list(lines)
    for k in range(count):
        i = at[k % len(at)]
        pos = 1 + (k // len(at)) * 3 % (len(out[i]) - 2)
        out[i] = out[i][:pos] + char + out[i][pos:]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("share", [0.001, STRAY_CONTROL_LIMIT * 0.95])
def test_a_few_stray_nul_bytes_are_removed_with_one_warning(tmp_path, seed_text, share):
    lines = _article(seed_text, 60)
    clean = "\n".join(lines) + "\n"
    count = max(1, int(len(clean) * share))
    text = _inject(lines, count, at=[4, 17, 40])
    path = tmp_path / "scraped.txt"
    path.write_bytes(text.encode("utf-8"))
    with pytest.warns(ControlCharactersWarning) as caught:
        got = read_text(path)
    assert got == clean  # every character of the text is kept
    assert len(caught) == 1
    message = str(caught[0].message)
    assert f"scraped.txt: removed {count:,} stray control character(s) (U+0000 ×{count:,}) on 3 line(s)" in message
    assert "first on line(s) 5, 18, 41;" in message


def test_just_over_the_limit_is_binary(tmp_path, seed_text):
    lines = _article(seed_text, 60)
    count = int(len("\n".join(lines)) * STRAY_CONTROL_LIMIT * 1.1) + 1
    path = tmp_path / "mostly.txt"
    path.write_bytes(_inject(lines, count, at=[1, 2, 3]).encode("utf-8"))
    with pytest.raises(BinaryFileError, match=r"mostly\.txt: looks like a binary file, not text"):
        read_text(path)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5"])
def test_other_control_characters_and_encodings(tmp_path, seed_text, encoding):
    lines = _article(seed_text, 40)
    text = _inject(lines, 3, at=[9], char="\x1b") + _inject(lines[:5], 2, at=[0], char="\x00")
    path = tmp_path / "mixed.txt"
    path.write_bytes(text.encode(encoding))
    with pytest.warns(ControlCharactersWarning, match=r"5 stray control character\(s\) \(U\+001B ×3, U\+0000 ×2\) on 2 line"):
        got = read_text(path)
    assert got == "\n".join(lines) + "\n" + "\n".join(lines[:5]) + "\n"


def test_one_warning_per_file_in_a_folder(tmp_path, seed_text):
    lines = _article(seed_text, 20)
    (tmp_path / "a.txt").write_text(_inject(lines, 2, at=[3]), encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "c.txt").write_text(_inject(lines, 1, at=[7]), encoding="utf-8")
    with pytest.warns(ControlCharactersWarning) as caught:
        docs = load_corpus(tmp_path, format="files")
    assert sorted(str(w.message).split(": removed")[0].rsplit("/", 1)[-1] for w in caught) == ["a.txt", "c.txt"]
    assert docs.text.tolist() == ["\n".join(lines)] * 3


def test_csv_with_stray_nul_loads_every_row(tmp_path):
    rows = [f"{i},\"{TRAD}\"" for i in range(200)]
    rows[50] = rows[50].replace("科技", "科\x00技")
    path = tmp_path / "scraped.csv"
    path.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.warns(ControlCharactersWarning, match="first on line\\(s\\) 52;"):
        docs = load_corpus(path, id_column="id")
    assert len(docs) == 200 and set(docs.text) == {TRAD}


def _zip(method: int) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("news.txt", (TRAD + "\n") * 200)
    return buf.getvalue()


def _tar() -> bytes:
    import io
    import tarfile

    data = ((TRAD + "\n") * 300).encode("utf-8")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("news.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _png() -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    buf = io.BytesIO()
    fig = Figure(figsize=(2, 2))
    fig.add_subplot().plot([1, 3, 2])
    fig.savefig(buf, format="png")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_png, "PNG image"),
        (lambda: _zip(8), "ZIP archive"),  # deflated
        (lambda: _zip(0), "ZIP archive"),  # stored: the UTF-8 text is in it as is
        (_tar, "tar archive"),  # valid UTF-8 with few NUL bytes: only the signature tells
        (lambda: __import__("gzip").compress(((TRAD + "\n") * 50).encode("utf-8"), mtime=0), "gzip"),
        (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4, "PDF"),
    ],
)
def test_binary_formats_are_refused_with_their_name(tmp_path, make, kind):
    path = tmp_path / "corpus.txt"
    path.write_bytes(make())
    with pytest.raises(BinaryFileError, match=rf"corpus\.txt: looks like a binary file \(an? {kind}"):
        load_corpus(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_not_taken_for_utf8_with_nuls(tmp_path, encoding):
    # Nearly all ASCII: valid UTF-8 whose every other byte is NUL.  It must
    # be read as UTF-16, not as UTF-8 with half its bytes "stray".
    csv_text = "id,text\n" + "".join(f"{i},AI and 5G news {i}\n" for i in range(30))
    path = tmp_path / "export.csv"
    path.write_bytes(csv_text.encode(encoding))
    assert read_text(path) == csv_text
    assert load_corpus(path).text.iloc[29] == "AI and 5G news 29"
    # With Chinese text in it (not valid UTF-8 at all).
    path.write_bytes(f'id,text\n1,"{TRAD}"\n2,"{SIMP}"\n'.encode(encoding))
    assert load_corpus(path).text.tolist() == [TRAD, SIMP]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_without_bom_is_refused(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    path.write_bytes(((TRAD + "\n") * 5).encode(encoding))
    with pytest.raises(BinaryFileError, match=r"wide\.txt: (looks like a binary file|cannot be decoded)"):
        read_text(path)


# -- columns: every named column is checked --------------------------------------------------------


@pytest.fixture
def news_csv(tmp_path):
    path = tmp_path / "新聞.csv"
    pd.DataFrame({"編號": ["n1", "n2"], "標題": ["甲", "乙"], "正文": [TRAD, SIMP], "來源": ["tw", "cn"]}).to_csv(path, index=False)
    return path


def test_chinese_column_names(news_csv):
    docs = load_corpus(news_csv, text_column="正文", id_column="編號", title_column="標題", group_column="來源")
    assert docs[["doc_id", "title", "group", "text"]].values.tolist() == [["n1", "甲", "tw", TRAD], ["n2", "乙", "cn", SIMP]]


@pytest.mark.parametrize(
    ("option", "name", "hint"),
    [
        ("text_column", "text", "pass text_column=… with one of them"),
        ("id_column", "编号", "did you mean '編號'?"),  # the other script
        ("title_column", "標題 ", "did you mean '標題'?"),  # a stray space
        ("group_column", "source", "pass group_column=… with one of them"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_missing_column_is_named(tmp_path, news_csv, option, name, hint, fmt):
    path = news_csv
    if fmt == "jsonl":
        path = tmp_path / "新聞.jsonl"
        path.write_text(pd.read_csv(news_csv).to_json(orient="records", lines=True, force_ascii=False), encoding="utf-8")
    options = {"text_column": "正文", option: name}
    with pytest.raises(MissingColumnError) as caught:
        load_corpus(path, **options)
    message = str(caught.value)
    assert message.startswith(f"{path}: has no column {name!r} ({option}; columns: 編號, 標題, 正文, 來源)")
    assert message.endswith(hint)


def test_a_jsonl_record_without_a_named_key_names_its_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    records = [{"text": TRAD, "src": "tw"}, {"text": SIMP, "src": "cn"}, {"text": TRAD}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    with pytest.raises(MissingColumnError, match=r"docs\.jsonl, line 3: has no column 'src' \(group_column; this record has: text\)"):
        load_corpus(path, group_column="src")


def test_a_jsonl_value_that_is_not_text(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"text": TRAD}, ensure_ascii=False) + "\n" + json.dumps({"text": ["a", "b"]}), encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=r"docs\.jsonl, line 2: column 'text' \(text_column\) holds a JSON list"):
        load_corpus(path)


def test_column_options_for_a_corpus_without_columns(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text(f"{TRAD}\n{SIMP}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"group_column='來源'.*lines\.txt is read as format='lines', which has no columns"):
        load_corpus(path, group_column="來源")
    with pytest.raises(ParameterError, match="text_column='body'"):
        load_corpus(SEED_DIR, text_column="body")


def test_duplicate_and_empty_ids(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text('id,text\na,"科技創新"\nb,"數字經濟"\na,"科技創新"\n', encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=r"ids\.csv, line 4: id 'a' \(column 'id'\) was already used on line 2"):
        load_corpus(path, id_column="id")
    path.write_text("id,text\na,科技創新\n,數字經濟\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=r"ids\.csv, line 3: the id column 'id' is empty"):
        load_corpus(path, id_column="id")


# -- line numbers are true: multi-line CSV fields and JSONL -----------------------------------------

MULTILINE_CSV = (
    "id,text\n"
    f'1,"{TRAD}\n第二段。\n第三段。"\n'  # lines 2-4
    f'2,"{SIMP}"\n'  # line 5
    '3,""\n'  # line 6: empty
    f'4,"{TRAD}\n\n第三段。"\n'  # lines 7-9
)


def test_csv_line_numbers_follow_multiline_fields(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text(MULTILINE_CSV, encoding="utf-8")
    with pytest.warns(EmptyDocumentsWarning, match=r"1 empty document\(s\) left out: line 6$"):
        docs = load_corpus(path)
    assert docs.doc_id.tolist() == ["multi:2", "multi:5", "multi:7"]
    assert docs.text.iloc[0] == f"{TRAD}\n第二段。\n第三段。"


@pytest.mark.parametrize(
    ("tail", "line", "problem"),
    [
        ("5,科技,創新\n", 10, "has 3 fields, the header has 2"),
        ('5,"未閉合的引號\n6,科技創新\n', 10, "a quoted field that starts here is never closed"),
        ('5,"引號"之後\n', 10, "is not a valid CSV file"),
    ],
)
def test_csv_errors_name_the_true_line(tmp_path, tail, line, problem):
    path = tmp_path / "multi.csv"
    path.write_text(MULTILINE_CSV + tail, encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=rf"multi\.csv, line {line}: {problem}"):
        load_corpus(path)


def test_jsonl_line_numbers_count_blank_lines_and_crlf(tmp_path):
    path = tmp_path / "docs.jsonl"
    good = json.dumps({"text": TRAD}, ensure_ascii=False)
    path.write_bytes(f"{good}\r\n\r\n{good}\r\n{{\"text\": \"x\",}}\r\n".encode("utf-8"))
    with pytest.raises(MalformedRecordError, match=r"docs\.jsonl, line 4: is not valid JSON"):
        load_corpus(path)


# -- dates ----------------------------------------------------------------------------------------------

from textkit.errors import DateWarning  # noqa: E402
from textkit.corpus.load import parse_dates  # noqa: E402


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-05", "2020-01-05 00:00"),
        ("2020-01-05 08:30", "2020-01-05 08:30"),
        ("2020/1/5", "2020-01-05 00:00"),
        ("2020.01.05", "2020-01-05 00:00"),
        ("20200105", "2020-01-05 00:00"),
        ("2020年1月5日", "2020-01-05 00:00"),
        ("2020年01月05日 08時30分", "2020-01-05 08:30"),
        ("２０２０年１月５日", "2020-01-05 00:00"),  # full-width digits
        ("2020-01-05T08:30:00+08:00", "2020-01-05 08:30"),  # the wall-clock time stays
        ("2020-01-05T00:30:00Z", "2020-01-05 00:30"),
        ("Jan 5 2020", "2020-01-05 00:00"),
    ],
)
def test_dates_in_the_formats_chinese_corpora_use(value, expected):
    # Each after an ISO date, as in a column where most values share one format and a few do not.
    parsed = parse_dates(["2020-02-01", value])
    assert f"{parsed[1]:%Y-%m-%d %H:%M}" == expected


def test_bad_and_missing_dates_are_counted_and_named_and_the_documents_kept(tmp_path):
    path = tmp_path / "新聞.csv"
    rows = [("1", "2020-01-05 08:30", TRAD), ("2", "昨天", SIMP), ("3", "", TRAD), ("4", "2020-13-45", SIMP), ("5", "2020-01-09", TRAD)]
    pd.DataFrame(rows, columns=["編號", "發布時間", "正文"]).to_csv(path, index=False)
    with pytest.warns(DateWarning) as caught:
        docs = load_corpus(path, text_column="正文", id_column="編號", date_column="發布時間")
    assert len(caught) == 1
    assert str(caught[0].message) == (
        f"{path}: 3 of 5 document(s) have no usable date in column '發布時間' and are kept without one: "
        "2 unparseable (line 3: '昨天', line 5: '2020-13-45'); 1 empty (line 4)"
    )
    assert len(docs) == 5 and docs.date.isna().tolist() == [False, True, True, True, False]
    assert str(docs.date.dtype).startswith("datetime64")
    assert f"{docs.date[0]:%Y-%m-%d %H:%M}" == "2020-01-05 08:30"


def test_many_bad_dates_show_the_first_five(tmp_path):
    path = tmp_path / "docs.jsonl"
    records = [{"text": TRAD, "date": "不詳"} for _ in range(8)] + [{"text": SIMP, "date": "2021-01-20"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    with pytest.warns(DateWarning, match=r"8 of 9 document\(s\).*8 unparseable \(line 1: '不詳', .*line 5: '不詳', …\)$"):
        docs = load_corpus(path, date_column="date")
    assert docs.date.notna().sum() == 1


def test_a_missing_date_column_is_named(news_csv):
    with pytest.raises(MissingColumnError, match=r"has no column '日期' \(date_column; columns: 編號, 標題, 正文, 來源\)"):
        load_corpus(news_csv, text_column="正文", date_column="日期")


def test_seed_article_paragraphs_carry_the_article_date_and_headlines_none():
    docs = load_corpus(SEED_DIR)
    assert list(docs.columns) == COLUMNS and COLUMNS[-2] == "date"
    article, headlines = docs[docs.group == "article"], docs[docs.group == "headlines"]
    assert (article.date == pd.Timestamp("2021-01-20")).all()
    assert headlines.date.isna().all()


def test_plain_corpora_have_no_dates(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text(f"{TRAD}\n{SIMP}\n", encoding="utf-8")
    assert load_corpus(path).date.isna().all()
    with pytest.raises(ParameterError, match="date_column='日期'.*which has no columns"):
        load_corpus(path, date_column="日期")
