"""The files users have: TSV, JSON arrays, Excel and Parquet read like CSV; the readers stream, chunk by chunk.

The corpus is the seed's 40 real documents as a table with Chinese column
names, written in each format here (nothing from the evaluation data).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEED_DIR

import textkit.corpus.decode as decode
import textkit.corpus.readers as readers
from textkit.corpus.load import COLUMNS, iter_corpus, load_corpus
from textkit.corpus.readers import detect_format
from textkit.errors import (
    BinaryFileError,
    CorpusFileError,
    DateWarning,
    EmptyDocumentsWarning,
    EmptyFileError,
    MalformedRecordError,
    MissingColumnError,
    ParameterError,
)

OPTIONS = {"text_column": "正文", "title_column": "標題", "id_column": "編號", "group_column": "版面", "date_column": "日期"}
CLI_OPTIONS = ["--text-column", "正文", "--title-column", "標題", "--id-column", "編號", "--group-column", "版面",
               "--date-column", "日期"]


@pytest.fixture(scope="module")
def news() -> pd.DataFrame:
    """The seed's documents as a user's export: 編號, 標題, 正文, 版面, 日期 (datetimes)."""
    docs = load_corpus(SEED_DIR)
    dates = [dt.datetime(2021, 1, 20, 8, 30) if g == "article" else dt.datetime(2021, 1, 1 + i % 19, 12, 0)
             for i, g in enumerate(docs.group)]
    return pd.DataFrame({
        "編號": [f"n{i:03d}" for i in range(len(docs))],
        "標題": docs.title.tolist(),
        "正文": docs.text.tolist(),
        "版面": ["報道" if g == "article" else "相關" for g in docs.group],
        "日期": dates,
    })


def _xlsx(path: Path, frame: pd.DataFrame, *, sheet: str = "新聞", before: list[str] = (), serial_dates: bool = False,
          epoch=None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    if epoch is not None:
        book.epoch = epoch
    for name in before:
        book.create_sheet(name).append(["說明", "這一頁不是語料"])
    ws = book.create_sheet(sheet)
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        values = list(row)
        if serial_dates:  # a date column formatted "General": Excel shows (and stores) the serial number
            values = [(v - book.epoch).total_seconds() / 86400 if isinstance(v, dt.datetime) else v for v in values]
        ws.append(values)
    book.save(path)
    return path


def write(frame: pd.DataFrame, folder: Path, fmt: str, name: str = "新聞") -> Path:
    """``frame`` as a user's file in format ``fmt`` (dates as their format keeps them)."""
    path = folder / f"{name}.{fmt}"
    text_dates = frame.assign(日期=[f"{d:%Y-%m-%d %H:%M}" if isinstance(d, dt.datetime) else d for d in frame.日期])
    if fmt == "csv":
        text_dates.to_csv(path, index=False)
    elif fmt == "tsv":
        text_dates.to_csv(path, index=False, sep="\t")
    elif fmt == "jsonl":
        text_dates.to_json(path, orient="records", lines=True, force_ascii=False)
    elif fmt == "json":
        path.write_text(json.dumps(text_dates.to_dict(orient="records"), ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "xlsx":
        _xlsx(path, frame)
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    return path


# -- every format reads as the CSV does --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tsv", "json", "xlsx", "parquet", "jsonl"])
def test_each_format_gives_the_documents_the_csv_gives(tmp_path, news, fmt):
    expected = load_corpus(write(news, tmp_path, "csv"), **OPTIONS)
    path = write(news, tmp_path, fmt)
    assert detect_format(path) == fmt
    docs = load_corpus(path, **OPTIONS)
    assert list(docs.columns) == COLUMNS
    pd.testing.assert_frame_equal(docs.drop(columns="source"), expected.drop(columns="source"))
    assert docs.source.iloc[0] == path.name
    assert docs.loc[0, "text"].startswith("北京創新發展將邁上新臺階")
    assert docs.groupby("group").size().to_dict() == {"報道": 20, "相關": 20}


@pytest.mark.parametrize("fmt", ["tsv", "json", "xlsx", "parquet"])
def test_a_missing_column_names_the_file_and_its_columns(tmp_path, news, fmt):
    path = write(news, tmp_path, fmt)
    with pytest.raises(MissingColumnError) as caught:
        load_corpus(path, **{**OPTIONS, "title_column": "标题"})  # the other script
    message = str(caught.value)
    assert message.startswith(f"{path}: has no column '标题' (title_column; columns: 編號, 標題, 正文, 版面, 日期)"), message
    assert message.endswith("did you mean '標題'?")


@pytest.mark.parametrize(
    ("fmt", "damage", "error", "says"),
    [
        # Line 62: the header, 40 records, and the second lines of the 20 headline-and-snippet fields.
        ("tsv", lambda p: p.write_text(p.read_text(encoding="utf-8") + "n999\t標題\t正文\t報道\t2021-01-20\t多餘\n", encoding="utf-8"),
         MalformedRecordError, r"新聞\.tsv, line 62: has 6 fields, the header has 5 \(a tab in an unquoted field\?\)"),
        ("tsv", lambda p: p.write_text("編號\t正文\nn1\t\"引號\"之後\n", encoding="utf-8"),
         MalformedRecordError, r"line 2: is not a valid TSV file .*a field that starts with a double quote must end with one"),
        ("json", lambda p: p.write_text(p.read_text(encoding="utf-8").replace('"版面": "相關"', '"版面" "相關"', 1), encoding="utf-8"),
         MalformedRecordError, r"新聞\.json, line 146: is not valid JSON \(Expecting ':' delimiter"),
        ("json", lambda p: p.write_text(json.dumps({"data": [{"正文": "科技"}]}, ensure_ascii=False), encoding="utf-8"),
         CorpusFileError, r"holds one JSON object \(keys: data\), expected an array of objects"),
        ("json", lambda p: p.write_text('[{"正文": "科技創新"}, ["數字經濟"]]', encoding="utf-8"),
         MalformedRecordError, r"line 1: item 2 of the array is a JSON list, expected an object"),
        ("xlsx", lambda p: p.write_bytes(p.read_bytes()[:2000]),
         CorpusFileError, r"新聞\.xlsx: is not an Excel workbook \(\.xlsx\): it is a damaged or incomplete zip file"),
        ("xlsx", lambda p: p.write_text("編號,正文\nn1,科技創新\n", encoding="utf-8"),
         CorpusFileError, r"is not an Excel workbook .*if it is text, pass format='csv' or 'tsv'"),
        ("parquet", lambda p: p.write_bytes(p.read_bytes()[:-100]),
         CorpusFileError, r"新聞\.parquet: is not a readable Parquet file"),
    ],
)
def test_a_broken_file_is_one_clear_error(tmp_path, news, fmt, damage, error, says):
    path = write(news, tmp_path, fmt)
    damage(path)
    with pytest.raises(error, match=says):
        load_corpus(path, format=fmt, **{k: v for k, v in OPTIONS.items() if k == "text_column"})


def test_records_carry_their_true_line_or_row(tmp_path, news):
    frame = news.copy()
    frame.loc[5, "編號"] = frame.loc[2, "編號"]
    for fmt, where in [("json", "line 37: id 'n002' \\(column '編號'\\) was already used on line 16"),
                       ("xlsx", "row 7: id 'n002' \\(column '編號'\\) was already used on row 4"),
                       ("parquet", "row 6: id 'n002' \\(column '編號'\\) was already used on row 3"),
                       ("tsv", "line 7: id 'n002' \\(column '編號'\\) was already used on line 4")]:
        with pytest.raises(MalformedRecordError, match=where):
            load_corpus(write(frame, tmp_path, fmt), **OPTIONS)


def test_json_array_ids_count_items_even_on_one_line(tmp_path):
    path = tmp_path / "posts.json"
    path.write_text(json.dumps([{"text": "科技創新片區"}, {"text": ""}, {"text": "數字經濟"}], ensure_ascii=False), encoding="utf-8")
    with pytest.warns(EmptyDocumentsWarning, match=r"1 empty document\(s\) left out: line 1$"):
        docs = load_corpus(path)
    assert docs.doc_id.tolist() == ["posts:1", "posts:3"]


# -- Excel --------------------------------------------------------------------------------------------------


def test_excel_sheet_serial_dates_and_dates_as_cells(tmp_path, news):
    path = _xlsx(tmp_path / "export.xlsx", news, sheet="新聞", before=["說明"], serial_dates=True)
    with pytest.raises(MissingColumnError, match=r"export\.xlsx \(sheet '說明'\): has no column '正文' .*; this is the first of "
                                                 r"the sheets 說明, 新聞: pass sheet=… to read another$"):
        load_corpus(path, **OPTIONS)  # the first sheet, unless told
    docs = load_corpus(path, sheet="新聞", **OPTIONS)
    assert docs.date.tolist() == [pd.Timestamp(d) for d in news.日期]  # serial numbers read as dates, to the minute
    with pytest.raises(CorpusFileError, match=r"has no sheet '新闻' \(sheets: 說明, 新聞\); did you mean '新聞'\?"):
        load_corpus(path, sheet="新闻", **OPTIONS)
    with pytest.raises(ParameterError, match=r"sheet='新聞': .*is read as format='csv'; sheets are in Excel workbooks"):
        load_corpus(write(news, tmp_path, "csv"), sheet="新聞", **OPTIONS)


def test_excel_1904_dates_years_and_text_dates(tmp_path):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    rows = pd.DataFrame({"正文": ["科技創新片區", "數字經濟", "自貿試驗區", "生命科學園"],
                         "日期": [dt.datetime(2021, 1, 20, 8, 30), 2020, "2021年1月18日", None]})
    path = _xlsx(tmp_path / "mac.xlsx", rows, serial_dates=True, epoch=CALENDAR_MAC_1904)
    assert openpyxl.load_workbook(path, read_only=True).epoch == CALENDAR_MAC_1904
    with pytest.warns(DateWarning, match=r"1 of 4 document\(s\) have no usable date in column '日期' .*1 empty \(row 5\)$"):
        docs = load_corpus(path, text_column="正文", date_column="日期")
    assert docs.date[:3].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2021-01-20 08:30", "2020-01-01 00:00", "2021-01-18 00:00"]


def test_excel_empty_sheets_and_stray_cells(tmp_path, news):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "空白"
    book.create_sheet("表頭").append(["編號", "正文"])
    notes = book.create_sheet("備註")
    notes.append(["編號", "正文"])
    notes.append(["n1", "科技創新片區"])
    notes["D2"] = "備註：此行待查"
    path = tmp_path / "book.xlsx"
    book.save(path)
    with pytest.raises(EmptyFileError, match=r"book\.xlsx \(sheet '空白'\): the sheet is empty \(sheets: 空白, 表頭, 備註; pass sheet="):
        load_corpus(path, text_column="正文")
    with pytest.raises(CorpusFileError, match=r"sheet '表頭'\): the sheet has a header \(row 1\) but no rows"):
        load_corpus(path, text_column="正文", sheet="表頭")
    with pytest.raises(MalformedRecordError, match=r"sheet '備註'\), row 2: has a value in column 4, right of the header's last column"):
        load_corpus(path, text_column="正文", sheet="備註")


def test_a_text_column_without_text_is_named_with_the_columns_that_have_some(tmp_path, news):
    frame = news.assign(字數=news.正文.str.len())
    path = _xlsx(tmp_path / "news.xlsx", frame)
    with pytest.raises(CorpusFileError, match=r"column '字數' \(text_column\) holds no text: 40 values without a letter "
                                              r"\(numbers, dates, codes…\); columns holding text: 編號, 標題, 正文, 版面"):
        load_corpus(path, text_column="字數")
    with pytest.raises(CorpusFileError, match=r"column '字數' \(text_column\) holds no text: .*; columns holding text: 編號, 標題, 正文, 版面$"):
        load_corpus(write(frame, tmp_path, "parquet"), text_column="字數")  # from the schema: only 字數 is read
    frame = news.assign(摘要="")
    with pytest.raises(CorpusFileError, match=r"column '摘要' \(text_column\) holds no text: all 40 values are empty"):
        load_corpus(write(frame, tmp_path, "csv"), text_column="摘要")


def test_files_too_large_to_read_whole_say_what_to_use(tmp_path, news, monkeypatch):
    monkeypatch.setattr(readers, "WHOLE_FILE_LIMIT", 1000)
    with pytest.raises(CorpusFileError, match=r"新聞\.json: is too large to read whole .*convert it to JSON Lines"):
        load_corpus(write(news, tmp_path, "json"), **OPTIONS)
    with pytest.raises(CorpusFileError, match=r"新聞\.xlsx: is too large to read whole .*save the sheet as CSV UTF-8 .* or as Parquet"):
        load_corpus(write(news, tmp_path, "xlsx"), **OPTIONS)
    # The streamed formats have no such limit.
    assert len(load_corpus(write(news, tmp_path, "jsonl"), **OPTIONS)) == 40


# -- detection ----------------------------------------------------------------------------------------------


def test_a_file_with_a_header_row_is_never_taken_for_the_seed(tmp_path, news):
    # A news export whose rows start with a date: the seed format's date line, to a naive look.
    frame = news[["日期", "版面", "正文"]].assign(日期=[f"{d:%Y-%m-%d}" for d in news.日期])
    for name in ("news.tsv", "news.txt", "news"):
        path = tmp_path / name
        path.write_text(frame.to_csv(sep="\t", index=False), encoding="utf-8")
        assert detect_format(path) == "tsv", name
        docs = load_corpus(path, text_column="正文", date_column="日期", group_column="版面")
        assert len(docs) == 40 and docs.date.notna().all()
    path = tmp_path / "news.txt"
    path.write_text(frame.to_csv(index=False), encoding="utf-8")
    assert detect_format(path) == "csv"
    assert detect_format(SEED_DIR / "000_0cb52c72f24d951b.txt") == "seed"


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("posts.json", '{"text": "科技創新"}\n{"text": "數字經濟"}\n', "jsonl"),  # JSON Lines named .json
        ("posts.jsonl", '[\n {"text": "科技創新"}\n]\n', "json"),  # an array named .jsonl
        ("posts.csv", "編號\t正文\nn1\t科技創新\n", "tsv"),
        ("posts.tsv", "編號,正文\nn1,科技創新\n", "csv"),
        ("lines.txt", "[快訊] 科技創新片區\n數字經濟，科技創新\n", "lines"),  # a bracket is no JSON
        ("lines.txt", "標題\t3\n數字經濟\t4\n", "lines"),  # THUCNews-like title<TAB>label: no header row
    ],
)
def test_format_from_ending_and_content(tmp_path, name, content, detected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == detected


def test_binary_tables_are_known_by_their_bytes(tmp_path, news):
    xlsx, parquet = write(news, tmp_path, "xlsx"), write(news, tmp_path, "parquet")
    assert detect_format(xlsx.rename(tmp_path / "export.dat")) == "xlsx"
    assert detect_format(parquet.rename(tmp_path / "export")) == "parquet"
    assert len(load_corpus(tmp_path / "export", **OPTIONS)) == 40
    with pytest.raises(BinaryFileError, match=r"old\.txt: looks like a binary file \(an old Microsoft Office document \(\.doc/\.xls\)"):
        (tmp_path / "old.txt").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
        load_corpus(tmp_path / "old.txt")


# -- streaming: iter_corpus is load_corpus a chunk at a time ------------------------------------------------


def _messy(news: pd.DataFrame) -> pd.DataFrame:
    """The table with what the checks report: empty texts, a bad and an empty date."""
    frame = news.assign(日期=[f"{d:%Y-%m-%d %H:%M}" for d in news.日期])
    frame.loc[[4, 31], "正文"] = ""
    frame.loc[9, "日期"] = "昨天"
    frame.loc[17, "日期"] = ""
    return frame


def _chunks(path: Path, chunk_size: int, **options) -> tuple[list[pd.DataFrame], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chunks = list(iter_corpus(path, chunk_size=chunk_size, **options))
    return chunks, [f"{w.category.__name__}: {w.message}" for w in caught]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "xlsx", "parquet", "lines", "files", "seed"])
def test_chunks_are_the_corpus_cut_anywhere_with_one_warning_per_problem(tmp_path, news, fmt):
    frame = _messy(news)
    if fmt == "lines":
        path, options = tmp_path / "lines.txt", {}
        path.write_text("\n".join(frame.正文) + "\n\n\n", encoding="utf-8")
    elif fmt == "files":
        path, options = tmp_path / "folder", {}
        path.mkdir()
        for i, text in enumerate(frame.正文):
            (path / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    elif fmt == "seed":
        path, options = SEED_DIR, {}
    else:
        path, options = write(frame, tmp_path, fmt), OPTIONS
    whole, expected = _chunks(path, 10_000, **options)
    assert len(whole) == 1
    for size in (1, 3, 7):
        chunks, said = _chunks(path, size, **options)
        assert [len(c) for c in chunks[:-1]] == [size] * (len(chunks) - 1) and 0 < len(chunks[-1]) <= size
        assert all(list(c.index) == list(range(len(c))) for c in chunks)
        pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), whole[0])
        assert said == expected  # once each, with the corpus's totals, whatever the chunk size
    if fmt not in ("seed",):
        assert sum(w.startswith("EmptyDocumentsWarning: ") and "2 empty document(s)" in w for w in expected) == 1, expected
    if fmt in ("csv", "tsv", "jsonl", "json", "xlsx", "parquet"):
        assert [w for w in expected if w.startswith("DateWarning")] == [
            f"DateWarning: {path}: 2 of 38 document(s) have no usable date in column '日期' and are kept without one: "
            f"1 unparseable ({'row' if fmt in ('xlsx', 'parquet') else 'line'} "
            f"{ {'csv': 11, 'tsv': 11, 'jsonl': 10, 'json': 65, 'xlsx': 11, 'parquet': 10}[fmt]}: '昨天'); "
            f"1 empty ({'row' if fmt in ('xlsx', 'parquet') else 'line'} "
            f"{ {'csv': 19, 'tsv': 19, 'jsonl': 18, 'json': 121, 'xlsx': 19, 'parquet': 18}[fmt]})"
        ]


def test_stray_controls_in_a_streamed_file_are_one_warning(tmp_path, news, monkeypatch):
    monkeypatch.setattr(decode, "HEAD_BYTES", 512)  # the file is streamed past its head
    frame = news.assign(正文=[t if i % 9 else t[:5] + "\x00" + t[5:] for i, t in enumerate(news.正文)])
    path = write(frame, tmp_path, "csv")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # CRLF, cut anywhere by the buffers
    chunks, said = _chunks(path, 4, **OPTIONS)
    assert said == [f"ControlCharactersWarning: {path}: removed 5 stray control character(s) (U+0000 ×5) on 5 line(s), "
                    "first on line(s) 2, 11, 20, 36, 54; the rest of the file is read as text"]  # headlines span two lines
    assert pd.concat(chunks).text.tolist() == news.正文.tolist()


def test_a_streamed_file_that_changes_encoding_names_the_line(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "HEAD_BYTES", 256)
    path = tmp_path / "mixed.txt"
    path.write_bytes(("科技創新片區\n" * 40).encode("utf-8") + "數字經濟\n".encode("big5"))
    with pytest.raises(BinaryFileError, match=r"mixed\.txt, line 41: cannot be decoded as utf-8 \(the encoding its first megabyte has\)"):
        load_corpus(path, format="lines")


def test_repeated_ids_are_found_across_any_number_of_chunks(tmp_path):
    ids = [f"weibo-{i}" for i in range(3000)]
    ids[2_500] = ids[1_234]  # line 2502 repeats line 1236
    rows = pd.DataFrame({"id": ids, "text": "科技創新片區"})
    rows.loc[2_800, "text"] = None
    path = tmp_path / "posts.csv"
    rows.to_csv(path, index=False)
    for size in (7, 100, 10_000):
        with pytest.raises(MalformedRecordError, match=r"posts\.csv, line 2502: id 'weibo-1234' \(column 'id'\) was already used on line 1236"):
            list(iter_corpus(path, chunk_size=size, id_column="id"))
    # The first problem in the file wins, whatever the chunks: a repeated id before a broken record.
    path.write_text(path.read_text(encoding="utf-8") + "x,科技,創新\n", encoding="utf-8")
    for size in (7, 10_000):
        with pytest.raises(MalformedRecordError, match="line 2502: id 'weibo-1234'"):
            list(iter_corpus(path, chunk_size=size, id_column="id"))


def test_bad_chunk_sizes_and_the_demonstration_corpus():
    with pytest.raises(ParameterError, match="chunk_size must be a positive whole number of documents"):
        next(iter_corpus(SEED_DIR, chunk_size=0))
    pd.testing.assert_frame_equal(load_corpus(None), load_corpus(SEED_DIR))


# -- every new format runs a notebook with its columns named ------------------------------------------------


RUN_FORMATS = ["tsv", "json", "xlsx", "parquet"]


@pytest.fixture(scope="module")
def format_runs(tmp_path_factory, news) -> dict:
    """Notebook 01 on the table in each format, columns named on the command line (Excel: the second sheet).

    The four runs go at the same time (each is one process after another, and CI has two cores):
    ``{fmt: (folder, path, sheet options, completed process)}``.
    """
    started = {}
    for fmt in RUN_FORMATS:
        folder = tmp_path_factory.mktemp(f"format-{fmt}")
        path = _xlsx(folder / "新聞.xlsx", news, before=["說明"]) if fmt == "xlsx" else write(news, folder, fmt)
        sheet = ["--sheet", "新聞"] if fmt == "xlsx" else []
        args = [sys.executable, "-m", "textkit", "run", "--corpus", path.name, *CLI_OPTIONS, *sheet, "--only", "01", "--no-html",
                "--notebooks", str(ROOT / "notebooks"), "-p", "projection_sentences", "200"]
        started[fmt] = (folder, path, sheet, subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                                               cwd=folder))
    runs = {}
    for fmt, (folder, path, sheet, popen) in started.items():
        out, err = popen.communicate(timeout=600)
        runs[fmt] = (folder, path, sheet, subprocess.CompletedProcess(popen.args, popen.returncode, out, err))
    return runs


@pytest.mark.parametrize("fmt", RUN_FORMATS)
def test_each_format_runs_a_notebook(format_runs, fmt):
    """Notebook 01 on the table in each format (:func:`format_runs`); a missing column stops the run in one line."""
    tmp_path, path, sheet, proc = format_runs[fmt]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"corpus {path.name}: 40 documents in 2 group(s), dated 2021-01-01 … 2021-01-20" in proc.stdout
    overview = pd.read_csv(tmp_path / "output" / "tables" / "01_corpus_overview.csv", index_col=0)
    assert {"報道", "相關"} <= set(overview.columns) | set(overview.index), overview
    executed = json.loads((tmp_path / "output" / "notebooks" / "01_corpus.ipynb").read_text(encoding="utf-8"))
    injected = "".join(next(c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", []))["source"])
    assert 'text_column = "正文"' in injected and (fmt != "xlsx" or 'sheet = "新聞"' in injected)
    # A missing column stops the run before any notebook, in one line.
    proc = subprocess.run(
        [sys.executable, "-m", "textkit", "run", "--corpus", path.name, *CLI_OPTIONS[:-1], "發布時間", *sheet,
         "--notebooks", str(ROOT / "notebooks")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 2 and "running" not in proc.stdout
    assert proc.stderr.strip().splitlines()[-1].startswith(f"textkit: error: {path.name}") and "has no column '發布時間'" in proc.stderr


def test_a_zip_that_is_not_a_workbook_is_not_excel(tmp_path):
    path = tmp_path / "texts.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "科技創新片區")
    assert detect_format(path) == "lines"
    with pytest.raises(BinaryFileError, match="a ZIP archive"):
        load_corpus(path)


@pytest.mark.parametrize(("encoding", "newline"), [("big5", "\r"), ("gb18030", "\r\n"), ("utf-16", "\n"), ("utf-8-sig", "\r\n")])
def test_a_streamed_file_reads_as_the_whole_file_does(tmp_path, news, monkeypatch, encoding, newline):
    texts = [t.replace("\n", " ") for t in news.正文]
    path = tmp_path / "lines.txt"
    path.write_bytes(newline.join(texts + [""]).encode(encoding, errors="replace"))
    whole = load_corpus(path, format="lines")
    monkeypatch.setattr(decode, "HEAD_BYTES", 300)  # decided by the first 300 bytes, then line by line
    streamed = load_corpus(path, format="lines")
    pd.testing.assert_frame_equal(streamed, whole)
    assert len(whole) == 40
    assert whole.text.iloc[0] == texts[0].strip()  # a Traditional paragraph: Big5 has every character of it
