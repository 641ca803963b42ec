"""Loading: the seed format, a user's own corpus, encodings and bad input."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from textkit.errors import CorpusFileError, EmptyDocumentsWarning, ParameterError
from textkit.load import COLUMNS, load_corpus, parse_seed, read_seed, read_text, seed_tables

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
    assert set(article.corpus) == {"article"} and set(headlines.corpus) == {"headlines"}
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
    assert docs.groupby(["source", "corpus"]).size().tolist() == [20, 20, 20, 20]


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
    assert docs.corpus.tolist() == ["tw", "cn"]
    assert docs.text.tolist() == [TRAD, SIMP]


def test_csv_without_the_text_column(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,科技創新\n", encoding="utf-8")
    with pytest.raises(CorpusFileError, match=r"news\.csv, line 2: has no column 'text' \(columns: id, body\)"):
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
