"""A user's own corpus from the command line: its columns reach every notebook, its groups and dates are analysed.

The synthetic corpus (tests/synthetic.py) has Chinese column names, four
sections (one too small for a result), dates over eight weeks with two
planted trends, one bad and one missing date.  The Weibo test runs the whole
suite on a real dated corpus (slow: see its docstring).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import EVAL_DIR, ROOT
from synthetic import news_frame
from test_notebooks import PROMISED, PROMISED_WITH_GROUPS_AND_DATES, _image_outputs

COLUMNS = ["--text-column", "正文", "--title-column", "標題", "--id-column", "編號", "--group-column", "版面", "--date-column", "日期"]
WEIBO = EVAL_DIR / "weibo_cctv" / "cctv_weibo_2020.csv"


def textkit_run(project: Path, corpus: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "textkit", "run", "--corpus", str(corpus), "--out", "out", "--figures", "fig",
         "--notebooks", str(ROOT / "notebooks"), *args],
        capture_output=True, text=True, cwd=project,
    )


@pytest.fixture(scope="module")
def news_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("news") / "新聞.csv"
    news_frame().to_csv(path, index=False, encoding="utf-8")
    return path


def test_help_documents_the_columns():
    proc = subprocess.run([sys.executable, "-m", "textkit", "run", "--help"], capture_output=True, text=True)
    for option in ("--text-column", "--title-column", "--id-column", "--group-column", "--date-column", "--format"):
        assert option in proc.stdout
    assert "Chinese names work" in proc.stdout and "2020年1月5日" in proc.stdout


def test_every_notebook_declares_the_column_parameters():
    import papermill as pm

    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        declared = pm.inspect_notebook(str(nb))
        for name in ("corpus_format", "sheet", "text_column", "title_column", "id_column", "group_column", "date_column"):
            assert name in declared, (nb.name, name)
        assert declared["corpus"]["default"] == "None"  # the demonstration corpus, wherever the notebook is
        source = nb.with_suffix(".py").read_text(encoding="utf-8")
        assert "format=corpus_format, sheet=sheet," in source and "group_column=group_column, date_column=date_column" in source, nb.name


def test_a_missing_column_stops_the_run_before_any_notebook(tmp_path, news_csv):
    proc = textkit_run(tmp_path, news_csv, "--text-column", "正文", "--date-column", "發布時間")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        f"textkit: error: {news_csv}: has no column '發布時間' (date_column; columns: 編號, 標題, 正文, 版面, 日期); "
        "pass date_column=… with one of them"
    )
    assert "running" not in proc.stdout and "Traceback" not in proc.stderr


def test_a_column_given_twice_differently_is_an_error(tmp_path, news_csv):
    proc = textkit_run(tmp_path, news_csv, "--text-column", "正文", "-p", "text_column", "標題")
    assert proc.returncode == 2
    assert "text_column is given twice, as '正文' and as -p text_column '標題'" in proc.stderr


def test_columns_groups_and_dates_reach_the_notebooks(tmp_path, news_csv):
    """02 and 05 on a CSV with Chinese column names, four groups (one too small), bad and missing dates."""
    start = time.perf_counter()
    proc = textkit_run(tmp_path, news_csv, *COLUMNS, "--only", "02", "--only", "05", "--no-html", "-p", "period", "week",
                       "-p", "n_boot", "200")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    seconds = time.perf_counter() - start
    # The corpus is read once first: its line, and the date warning on the command line.
    assert f"corpus {news_csv}: 66 documents in 4 group(s), dated 2020-01-07 … 2020-03-01 (2 without a date)" in proc.stdout
    assert ("2 of 66 document(s) have no usable date in column '日期' and are kept without one: "
            "1 unparseable (line 5: '昨天'); 1 empty (line 9)") in proc.stderr
    out = tmp_path / "out"
    # The parameters reached the notebooks as given.
    executed = json.loads((out / "notebooks" / "02_keywords.ipynb").read_text(encoding="utf-8"))
    injected = "".join(next(c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", []))["source"])
    for line in ('text_column = "正文"', 'group_column = "版面"', 'date_column = "日期"', 'id_column = "編號"', 'title_column = "標題"'):
        assert line in injected
    for stem in ("02_keywords", "05_time"):
        promised = PROMISED_WITH_GROUPS_AND_DATES[stem]
        for name in promised["figures"]:
            assert (tmp_path / "fig" / f"{name}.png").stat().st_size > 5_000, name
        for name in promised["tables"]:
            assert (out / "tables" / f"{name}.csv").exists(), name
        cells = json.loads((out / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
        assert sum(len(_image_outputs(c)) for c in cells) == len(promised["figures"]) + (stem == "02_keywords") * 3
    # The small group is named, in the table and in the notebook.
    groups = pd.read_csv(out / "tables" / "02_keywords_groups.csv").set_index("group")
    assert groups.at["國際", "status"].startswith("too few documents (2 < 5)") and not groups.at["國際", "compared"]
    notebook = (out / "notebooks" / "02_keywords.ipynb").read_text(encoding="utf-8")
    assert "Too few documents (fewer than 5) for a result of their own: 國際 (2)" in notebook
    key = pd.read_csv(out / "tables" / "02_keywords_keyness.csv")
    assert list(dict.fromkeys(key.group)) == ["社會", "財經", "體育"]
    assert key[key.group == "體育"].term.iloc[0] in {"比賽", "球隊", "冠軍", "球員", "聯賽", "教練", "進球", "決賽"}
    ca = pd.read_csv(out / "tables" / "02_keywords_correspondence.csv")
    assert ca[ca.kind == "group"].label.tolist() == ["社會", "財經", "體育"]
    assert not (tmp_path / "fig" / "02_keywords_headline_section_similarity.png").exists()  # no sections in a CSV
    assert "No sections in this corpus" in notebook
    # The time axis: by week as asked, the planted trends found.
    dates = pd.read_csv(out / "tables" / "05_time_dates.csv").set_index("what").value
    assert dates["period"] == "week" and dates["without a date"] == "2" and dates["periods"] == "8"
    tests = pd.read_csv(out / "tables" / "05_time_keyword_trend_tests.csv").set_index("term")
    assert tests.at["疫情", "trend"] == "rising" and tests.at["春節", "trend"] == "falling"
    assert tests.index[0] == "疫情"  # the largest change comes first
    # No notebook 03 ran: 05 fits its own topic model, and says so.
    assert ("No topic model saved in out/models. Fitting a topic model here instead: DMM, k = 8 (the default here; -p k N to choose)"
            in _printed(out / "notebooks" / "05_time.ipynb"))
    print(f"02 + 05 on 66 documents: {seconds:.1f} s")


def _printed(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))


def test_notebook_05_shows_the_topics_notebook_03_saved(tmp_path, news_csv):
    """One model, many views: 03 saves its model, 05 uses it; a rerun of 03 with the same corpus and settings reuses it."""
    fast = ["-p", "iterations", "60", "--no-html", "-p", "n_draws", "10", "-p", "period", "week"]
    sweep, bootstrap = ["-p", "k_max", "3", "-p", "n_seeds", "2", "-p", "sweep_iterations", "30"], ["-p", "n_boot", "200"]
    proc = textkit_run(tmp_path, news_csv, *COLUMNS, "--only", "03", "--only", "05", *fast, *sweep, *bootstrap)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = tmp_path / "out"
    topics, time_ = _printed(out / "notebooks" / "03_topics.ipynb"), _printed(out / "notebooks" / "05_time.ipynb")
    assert "No topic model saved in out/models. The model is fitted now." in topics
    assert "Saved: out/models/03_topics_model.npz (DMM, k = " in topics  # short texts: one topic per document
    assert "Using the topic model saved in out/models/03_topics_model.npz" in time_ and "Fitting a topic model here" not in time_
    terms_03 = pd.read_csv(out / "tables" / "03_topics_terms.csv")
    pd.testing.assert_frame_equal(terms_03[["topic", "rank", "term", "weight"]], pd.read_csv(out / "tables" / "05_time_topic_terms.csv"))
    effects = pd.read_csv(out / "tables" / "03_topics_prevalence_by_group.csv")
    assert set(effects.group) == {"社會", "財經", "體育"}  # 國際 (2 documents) is pooled in the rest, not shown
    assert "prevalence ~ group + s(week" in topics
    # A rerun with the same corpus and settings reuses the model.
    proc = textkit_run(tmp_path, news_csv, *COLUMNS, "--only", "03", *fast, *sweep)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Using the topic model saved in out/models/03_topics_model.npz" in _printed(out / "notebooks" / "03_topics.ipynb")
    # Another corpus, or 05 alone on a fresh folder: 05 fits its own and says so (test_columns_groups_and_dates_reach_the_notebooks).


def test_a_k_the_corpus_cannot_carry_stops_the_run_in_one_line(tmp_path, news_csv):
    proc = textkit_run(tmp_path, news_csv, *COLUMNS, "--only", "03", "-p", "k", "500")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "running" not in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == ("textkit: error: k = 500 asks for more topics than the corpus has documents with "
                                                    "words (66): give a k from 2 to 66")


@pytest.mark.skipif(not WEIBO.exists(), reason=f"evaluation data not found at {WEIBO} (set TEXTKIT_EVAL_DIR)")
def test_the_whole_suite_runs_on_weibo_posts_by_month(tmp_path):
    """Every notebook on a real dated corpus: the Weibo posts, grouped by month (a column 月份 derived here, in tmp).

    Cost: about 75 s on 2 cores with a cold cache, k fixed at 4 (the choice of k on this corpus is measured by
    benchmarks/topics_notebook.py; with the sweep this test took 160 s).
    """
    posts = pd.read_csv(WEIBO, dtype=str, keep_default_na=False)
    posts["月份"] = posts.published.str[:7]
    corpus = tmp_path / "weibo_by_month.csv"
    posts.to_csv(corpus, index=False)
    proc = textkit_run(tmp_path, corpus, "--id-column", "id", "--date-column", "published", "--group-column", "月份",
                       "-p", "n_jobs", "2", "-p", "k", "4", "-p", "n_seeds", "1",
                       "-p", "n_draws", "10", "-p", "n_boot", "200")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "7,951 documents in 5 group(s), dated 2020-01-01 … 2020-05-31" in proc.stdout
    out, figures = tmp_path / "out", tmp_path / "fig"
    for stem, promised in PROMISED.items():
        extra = PROMISED_WITH_GROUPS_AND_DATES.get(stem, {"figures": [], "tables": []})
        for name in {*promised["figures"], *extra["figures"]} - {"02_keywords_headline_section_similarity"} - {
                f for f in promised["figures"] if f.startswith("04_cooccurrence_network_")}:
            assert (figures / f"{name}.png").exists(), name
        for name in {*promised["tables"], *extra["tables"]} - {"02_keywords_headline_section_similarity"} - {
                t for t in promised["tables"] if t.startswith("04_cooccurrence_edges_")}:
            assert (out / "tables" / f"{name}.csv").exists(), name
    key = pd.read_csv(out / "tables" / "02_keywords_keyness.csv")
    top = key.groupby("group", sort=False).term.apply(lambda s: set(s.head(15)))
    assert "春节" in top["2020-01"] and "两会" in top["2020-05"]
    tests = pd.read_csv(out / "tables" / "05_time_keyword_trend_tests.csv").set_index("term")
    assert tests.at["冠状病毒", "trend"] == "falling" and tests.at["美国", "trend"] == "rising"


def test_a_user_dictionary_reaches_the_notebooks(tmp_path):
    """-p user_dict: a name jieba cuts (林鄭月娥 -> 林 / 鄭月 / 娥) on a corpus too small for discovery is whole with it."""
    sentences = ["行政長官林鄭月娥第{}次宣布新措施。", "林鄭月娥第{}次表示政府會全力支援市民。", "記者第{}次問林鄭月娥有關醫院的安排。"]
    corpus = tmp_path / "hk.csv"  # every sentence its own (repeated sentences are removed as boilerplate)
    pd.DataFrame({"內文": [sentences[i % 3].format(i) for i in range(30)]}).to_csv(corpus, index=False)
    (tmp_path / "mine.txt").write_text("林鄭月娥 nr\n", encoding="utf-8")
    terms = {}
    for name, extra in (("plain", []), ("mine", ["-p", "user_dict", "mine.txt"])):
        proc = textkit_run(tmp_path, corpus, "--text-column", "內文", "--only", "01", "--no-html", "--out", name, *extra)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        terms[name] = set(pd.read_csv(tmp_path / name / "tables" / "01_corpus_top_terms.csv").term)
    assert "林鄭月娥" not in terms["plain"] and "鄭月" in terms["plain"]
    assert "林鄭月娥" in terms["mine"] and "鄭月" not in terms["mine"]
