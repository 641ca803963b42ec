"""Every notebook runs headlessly on the seed corpus; the runner reports failures; reruns are identical, even perturbed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_DIR
from test_report import Resources, font_characters

from textkit.output.report import _page_characters

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))

# What each notebook promises to write (figures in three formats, tables as CSV).
PROMISED = {
    "01_corpus": {
        "figures": ["01_corpus_lengths", "01_corpus_top_terms", "01_corpus_projection"],
        "tables": ["01_corpus_overview", "01_corpus_lengths", "01_corpus_top_terms", "01_corpus_projection"],
    },
    "02_keywords": {
        "figures": [
            "02_keywords_tfidf_per_corpus",
            "02_keywords_document_term",
            "02_keywords_wordcloud",
            "02_keywords_keyness",
            "02_keywords_headline_section_similarity",
        ],
        "tables": [
            "02_keywords_groups",
            "02_keywords_tfidf_per_document",
            "02_keywords_tfidf_per_corpus",
            "02_keywords_document_term",
            "02_keywords_tfidf_vs_textrank",
            "02_keywords_keyness",
            "02_keywords_headline_section_similarity",
        ],
    },
    "03_topics": {
        "figures": [
            "03_topics_sweep",
            "03_topics_terms",
            "03_topics_document_topics",
            "03_topics_intertopic_map",
            "03_topics_nmf_terms",
            "03_topics_prevalence_by_group",
        ],
        "tables": [
            "03_topics_sweep",
            "03_topics_sweep_summary",
            "03_topics_terms",
            "03_topics_document_topics",
            "03_topics_nmf_terms",
            "03_topics_prevalence_by_group",
        ],
    },
    "04_cooccurrence": {
        "figures": [
            "04_cooccurrence_network_article",
            "04_cooccurrence_network_headlines",
            "04_cooccurrence_network_combined",
            "04_cooccurrence_npmi_top_terms",
        ],
        "tables": [
            "04_cooccurrence_edges_article",
            "04_cooccurrence_edges_headlines",
            "04_cooccurrence_edges_combined",
            "04_cooccurrence_centrality",
            "04_cooccurrence_kwic",
        ],
    },
    # The seed has one date (the article's; its headlines have none): the time sections say so and skip.
    "05_time": {"figures": [], "tables": ["05_time_dates"]},
}

# What the group and time sections add on a corpus with groups and dates (tests/test_columns.py, the Weibo suite).
PROMISED_WITH_GROUPS_AND_DATES = {
    "02_keywords": {"figures": ["02_keywords_keyness", "02_keywords_correspondence"],
                    "tables": ["02_keywords_groups", "02_keywords_keyness", "02_keywords_correspondence"]},
    "03_topics": {"figures": ["03_topics_prevalence_by_group"], "tables": ["03_topics_prevalence_by_group"]},
    "05_time": {
        "figures": ["05_time_documents_per_period", "05_time_keyword_trends", "05_time_topic_prevalence"],
        "tables": ["05_time_dates", "05_time_documents_per_period", "05_time_keyword_trend_tests", "05_time_keyword_trends",
                   "05_time_topic_terms", "05_time_topic_prevalence", "05_time_topic_trend_tests"],
    },
}


def test_notebooks_are_stored_clean_with_a_parameters_cell():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), f"{path.name} has outputs"
        assert "parameters" in code[0].get("metadata", {}).get("tags", []), f"{path.name}: first code cell not tagged"
        source = "\n".join("".join(c["source"]) for c in code)
        assert not any(ln.lstrip().startswith(("def ", "class ")) for ln in source.splitlines()), f"{path.name} defines code"
        paired = path.with_suffix(".py")
        assert paired.exists(), f"{path.name} has no py:percent twin"


def _run(out: Path, figures: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "textkit", "run", "--corpus", str(SEED_DIR), "--out", str(out), "--figures", str(figures),
         "--notebooks", str(ROOT / "notebooks"), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_notebook_runs_and_writes_what_it_promises(seed_runs):
    proc, _, out, figures = seed_runs[0]
    assert "KeyboardInterrupt" not in proc.stderr  # the kernel's shutdown is quiet (runner._kernel_manager_class)
    for nb in NOTEBOOKS:
        assert f"{nb.name} ok" in proc.stdout
        assert (out / "notebooks" / nb.name).exists()
        report = out / "reports" / f"{nb.stem}.html"
        assert report.stat().st_size > 50_000
        promised = PROMISED.get(nb.stem)
        assert promised, f"add {nb.stem} to PROMISED"
        for name in promised["figures"]:
            for fmt in ("png", "svg", "pdf"):
                assert (figures / f"{name}.{fmt}").stat().st_size > 5_000, f"{name}.{fmt}"
        for name in promised["tables"]:
            table = (out / "tables" / f"{name}.csv").read_text(encoding="utf-8-sig")
            assert len(table.splitlines()) >= 3, name
    # The seed is too small for new-word discovery ("auto"): the table and the dictionary are written, empty.
    assert (out / "tables" / "01_corpus_discovered_words.csv").read_text(encoding="utf-8-sig").startswith("word,simplified,count")
    assert (out / "tables" / "01_corpus_discovered_words.txt").read_text(encoding="utf-8") == ""
    # Nothing else is noise: no jieba timing lines in executed notebooks.
    for nb in (out / "notebooks").glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        assert "Building prefix dict" not in text and "Loading model cost" not in text
        assert "Glyph" not in text and "missing from font" not in text


def test_reruns_give_identical_figures_and_tables(seed_runs):
    # The rerun is perturbed (conftest.seed_runs): identical bytes mean the same on another machine, not only on this one.
    (_, project, out1, fig1), (_, _, out2, fig2) = seed_runs
    fired = set((project / "perturb" / "fired.log").read_text(encoding="utf-8").split())
    # (03 models the seed's short documents with DMM, in numpy: no tomotopy or gensim coherence on the seed.)
    assert {"sklearn.TfidfVectorizer.fit_transform", "sklearn.NMF.fit_transform",
            "networkx.spring_layout", "textkit.analysis.keywords._pagerank", "networkx.betweenness_centrality", "pyLDAvis.js_PCoA",
            "numpy.log", "numpy.log2", "sklearn.cosine_similarity"} <= fired
    assert _digest(fig1) == _digest(fig2)
    assert _digest(out1 / "tables") == _digest(out2 / "tables")
    ldavis = [(o / "reports" / "03_topics_ldavis.html").read_bytes() for o in (out1, out2)]
    assert ldavis[0] == ldavis[1]
    assert len(_digest(fig1)) >= 9


def test_topics_notebook_reports_its_sweep(seed_runs):
    _, _, out, _ = seed_runs[0]
    sweep = (out / "tables" / "03_topics_sweep.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sweep[0].startswith("k,seed,heldout,npmi,exclusivity,dispersion,stability")
    ks = {int(line.split(",")[0]) for line in sweep[1:]}
    assert {2, 4} <= ks <= {2, 3, 4} and len(sweep) == 1 + 2 * len(ks)  # k_max 4: the grid 2, 4 (and 3 beside the winner), two seeds
    executed = (out / "notebooks" / "03_topics.ipynb").read_text(encoding="utf-8")
    assert "stable across seeds" in executed and "of the k tried" in executed
    page = (out / "reports" / "03_topics_ldavis.html").read_text(encoding="utf-8")
    assert "https://" not in page and "data:text/javascript;base64," in page and "@font-face" in page


def test_seed_results_mention_the_domain(seed_runs):
    _, _, out, _ = seed_runs[0]
    top = (out / "tables" / "01_corpus_top_terms.csv").read_text(encoding="utf-8-sig")
    assert "自貿區" in top and "科技創新片區" in top


def _image_outputs(cell) -> list[bytes]:
    return [base64.b64decode(o["data"]["image/png"]) for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def test_every_figure_shows_in_its_executed_notebook(seed_runs):
    """Each figure a notebook saves is shown in it (the PNG that was saved), each cell that saves one shows one."""
    _, _, out, figures = seed_runs[0]
    for nb in NOTEBOOKS:
        cells = json.loads((out / "notebooks" / nb.name).read_text(encoding="utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        shown = sorted(hashlib.sha256(png).hexdigest() for c in code for png in _image_outputs(c))
        saved = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in figures.glob(f"{nb.stem}_*.png"))
        assert len(saved) == len(PROMISED[nb.stem]["figures"])
        assert shown == saved, f"{nb.name}: {len(shown)} figures shown, {len(saved)} saved"
        for cell in code:
            if "save_figure(" in "".join(cell["source"]):
                # A cell that saves a figure shows it, or (a section the corpus cannot have: no third group, no dates) says why not.
                says_why = any(o.get("output_type") == "stream" and o.get("name") == "stdout" for o in cell.get("outputs", []))
                assert _image_outputs(cell) or says_why, f"{nb.name}: a cell saves a figure and shows none: {''.join(cell['source'])[:80]}"


def test_reports_stand_alone(seed_runs):
    """Each report loads nothing from outside, embeds its figures, and carries a font for every Chinese character it holds."""
    _, project, out, _ = seed_runs[0]
    reports = sorted((out / "reports").glob("*.html"))
    assert {p.stem for p in reports} == {nb.stem for nb in NOTEBOOKS} | {"03_topics_ldavis"}
    for report in reports:
        page = report.read_text(encoding="utf-8")
        finder = Resources(page)
        assert all(url.startswith("data:") for url in finder.urls), f"{report.name} loads {[u for u in finder.urls if not u.startswith('data:')][:3]}"
        han = {c for c in _page_characters(page) if "\u4e00" <= c <= "\u9fff"}  # as written, as entities, as JSON escapes
        assert len(han) > 5, report.name
        assert han <= font_characters(page), f"{report.name}: no glyph for {sorted(han - font_characters(page))[:10]}"
        if report.stem in PROMISED:
            assert len(finder.images) == len(PROMISED[report.stem]["figures"]), report.name
            assert all(src.startswith("data:image/png;base64,") for src in finder.images)
            assert "mathjax" not in page.lower() and "require.js" not in page
        # No machine path: parameters are shown as given, relative to the project.
        for path in {str(project), str(project.resolve()), str(ROOT), str(Path.home())}:
            assert path not in page, f"{report.name} shows {path}"
    injected = (out / "reports" / "03_topics.html").read_text(encoding="utf-8")
    assert re.search(r'corpus.*=.*&quot;seeds&quot;|corpus.*=.*"seeds"', injected)


def test_long_tables_are_interactive_and_carry_their_library_once(seed_runs):
    _, _, out, _ = seed_runs[0]
    expected = {"01_corpus": 2, "02_keywords": 2, "03_topics": 0, "04_cooccurrence": 2, "05_time": 0}
    for stem, tables in expected.items():
        page = (out / "reports" / f"{stem}.html").read_text(encoding="utf-8")
        assert len(set(re.findall(r"<table[^>]*\bid=\"(textkit_table_[0-9a-f]+)\"", page))) == tables, stem
        assert page.count("<script data-textkit-library=") == (1 if tables else 0), stem  # the DataTables library, once


def test_every_executed_notebook_and_report_names_the_textkit_that_ran_it(seed_runs):
    from textkit.version import describe_version

    proc, _, out, figures = seed_runs[0]
    assert describe_version() in proc.stdout.splitlines()
    for nb in NOTEBOOKS:
        executed = json.loads((out / "notebooks" / nb.name).read_text(encoding="utf-8"))
        tags = [c["metadata"].get("tags", []) for c in executed["cells"]]
        stamp = tags.index(["textkit-version"])
        assert tags[stamp - 1] == ["injected-parameters"]  # right after the parameters
        assert "".join(executed["cells"][stamp]["source"]).startswith(f"*Run with {describe_version()}, Python ")
        assert executed["metadata"]["textkit"]["describe"] == describe_version()
        assert f"Run with {describe_version()}" in (out / "reports" / f"{nb.stem}.html").read_text(encoding="utf-8")
    for figure in figures.glob("*.svg"):
        assert b"textkit 0." not in figure.read_bytes()  # the figures' bytes never carry it


def test_reruns_give_identical_reports(seed_runs):
    (_, _, out1, _), (_, _, out2, _) = seed_runs
    for first in sorted((out1 / "reports").glob("*.html")):
        second = (out2 / "reports" / first.name).read_text(encoding="utf-8")
        assert first.read_text(encoding="utf-8") == second.replace("out2/", "out1/").replace("fig2", "fig1"), first.name


@pytest.mark.parametrize(
    ("given", "shown"),
    [("seeds", "seeds"), ("../corpus/新聞", "../corpus/新聞"), ("{cwd}/output/tables", "output/tables"), ("{cwd}", "."), ("/srv/data/新聞", "/srv/data/新聞")],
)
def test_parameters_are_paths_as_given_relative_to_the_project(tmp_path, monkeypatch, given, shown):
    from textkit.runner import _as_given

    monkeypatch.chdir(tmp_path)
    assert _as_given(given.format(cwd=tmp_path)) == shown


def test_a_failing_notebook_is_named_with_its_cell(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('corpus = "x"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('沒有這個欄位')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder = tmp_path / "nbs"
    folder.mkdir()
    nbformat.write(nb, folder / "01_broken.ipynb")
    proc = subprocess.run(
        [sys.executable, "-m", "textkit", "run", "--corpus", str(SEED_DIR), "--out", str(tmp_path / "out"),
         "--figures", str(tmp_path / "fig"), "--notebooks", str(folder)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "01_broken.ipynb failed in cell 3 (raise ValueError('沒有這個欄位'))" in proc.stderr
    assert "ValueError: 沒有這個欄位" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_parameter_is_a_clear_error(tmp_path):
    proc = _run(tmp_path / "o", tmp_path / "f", "--only", "01", "-p", "no_such_thing", "3")
    assert proc.returncode == 2
    assert "unknown parameter(s) no_such_thing" in proc.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("top_n", "abc", "-p top_n 'abc': expected int, like the notebooks' default 20; got str"),
    ("n_jobs", "1.5", "-p n_jobs 1.5: expected int, like the notebooks' default 1; got float"),
])
def test_a_parameter_of_the_wrong_type_is_a_clear_error_before_any_notebook(tmp_path, name, value, message):
    proc = _run(tmp_path / "o", tmp_path / "f", "--only", "01", "-p", name, value)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o" / "notebooks").exists()  # nothing ran


def test_seed_time_and_group_sections_say_what_they_do(seed_runs):
    _, _, out, _ = seed_runs[0]
    time_nb = (out / "notebooks" / "05_time.ipynb").read_text(encoding="utf-8")
    assert "every date falls in one day (2021-01-20): one date is no trend" in time_nb
    assert "20 dated, 20 without a date" in time_nb
    keywords = (out / "notebooks" / "02_keywords.ipynb").read_text(encoding="utf-8")
    assert "2 groups, each compared with the rest of the corpus: article (20 documents), headlines (20)." in keywords
    assert "correspondence analysis needs three" in keywords
    assert "Headlines closest to each section" in keywords  # the seed format keeps its headline-section link
    key = (out / "tables" / "02_keywords_keyness.csv").read_text(encoding="utf-8-sig").splitlines()
    assert key[0] == "group,term,freq_group,freq_rest,g2,log_ratio,p,p_adjusted,chi2"
    assert {line.split(",")[0] for line in key[1:]} == {"article", "headlines"}


def test_a_warning_in_a_notebook_names_the_problem_not_textkits_source_file(tmp_path):
    news = tmp_path / "news.csv"
    news.write_text("text,date\n生命科學園的新機遇，數字經濟發展很快。,2021-01-02\n北京自貿區科技創新片區建設。,下週二\n"
                    "第三篇文章講人工智能和生物醫藥。,2021-02-03\n", encoding="utf-8")
    proc = _run(tmp_path / "o", tmp_path / "f", "--only", "01", "--corpus", str(news), "--date-column", "date")
    assert proc.returncode == 0, proc.stderr
    executed = (tmp_path / "o" / "notebooks" / "01_corpus.ipynb").read_text(encoding="utf-8")
    report = (tmp_path / "o" / "reports" / "01_corpus.html").read_text(encoding="utf-8")
    shown = "DateWarning: " + str(news) + ": 1 of 3 document(s) have no usable date in column 'date'"
    assert shown in executed and shown in report
    assert "load.py" not in executed and "load.py" not in report  # textkit's own file and line are not the reader's business


@pytest.mark.parametrize(("name", "value", "message"), [
    ("keep_n", None, None),  # annotated int | None: gensim keeps every word
    ("keep_n", 2000, None),
    ("min_df", 0.01, None),  # annotated int | float: a share of the documents
    ("min_df", 2, None),
    ("max_df", 0.9, None),
    ("max_df", 1, "-p max_df 1: expected float (write 1.0), like the notebooks' default 1.0; got int"),
    ("sublinear_tf", 1, "-p sublinear_tf 1: expected bool, like the notebooks' default True; got int"),
    ("keep_n", "all", "-p keep_n 'all': expected int or None, like the notebooks' default 5000; got str"),
    ("period", "month", None),  # a string default: the notebook checks its value
    ("discover_words", False, None),  # annotated bool | str: True, False or "auto"
    ("discover_words", "auto", None),
    ("discover_words", 1, '-p discover_words 1: expected bool or str, like the notebooks\' default "auto"; got int'),
])
def test_parameter_types_come_from_the_notebooks_annotations_or_defaults(name, value, message):
    import papermill as pm

    from textkit.errors import ParameterError
    from textkit.runner import _check_parameters

    declared = {nb: pm.inspect_notebook(str(nb)) for nb in sorted((ROOT / "notebooks").glob("0*.ipynb"))}
    if message is None:
        _check_parameters({name: value}, declared)
    else:
        with pytest.raises(ParameterError) as caught:
            _check_parameters({name: value}, declared)
        assert str(caught.value) == message


def _notebook_folder(folder: Path, parameters: str, code: str) -> Path:
    import nbformat

    folder.mkdir()
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "01_small.ipynb")
    return folder


def _run_folder(tmp_path: Path, notebooks: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "textkit", "run", "--corpus", str(SEED_DIR), "--out", str(tmp_path / "o"),
                           "--figures", str(tmp_path / "f"), "--notebooks", str(notebooks), *extra],
                          capture_output=True, text=True, cwd=ROOT)


def test_a_column_option_no_notebook_declares_is_an_error(tmp_path):
    notebooks = _notebook_folder(tmp_path / "nb", 'corpus = "x"\ntop_n = 5', "print(corpus, top_n)")
    news = tmp_path / "news.csv"
    news.write_text("text,date\n生命科學園的新機遇。,2021-01-02\n北京自貿區科技創新片區。,2021-02-03\n", encoding="utf-8")
    proc = _run_folder(tmp_path, notebooks, "--corpus", str(news), "--date-column", "date")
    assert proc.returncode == 2 and "unknown parameter(s) date_column" in proc.stderr and "Traceback" not in proc.stderr


def test_a_kernel_that_dies_is_one_line_naming_the_notebook(tmp_path):
    notebooks = _notebook_folder(tmp_path / "nb", 'corpus = "x"', "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    proc = _run_folder(tmp_path, notebooks)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "textkit: error: 01_small.ipynb: the kernel stopped (DeadKernelError" in proc.stderr


def test_a_report_that_cannot_be_written_is_one_line(tmp_path):
    notebooks = _notebook_folder(tmp_path / "nb", 'corpus = "x"', "print('生命科學園')")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "reports").write_text("a file where the reports folder should be", encoding="utf-8")
    proc = _run_folder(tmp_path, notebooks)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "textkit: error: the report of 01_small.ipynb could not be written to" in proc.stderr


@pytest.mark.parametrize(("given", "message"), [
    (["-p", "corpus", "/no/such/folder"], "-p corpus: give it as --corpus instead"),
    (["-p", "models", "elsewhere"], "-p models: give it as --out instead"),
    (["-p", "store", "elsewhere"], "-p store: give it as --out instead"),
    (["-p", "top_n", "{[]: 1}"], "-p top_n '{[]: 1}': expected int"),
])
def test_parameters_the_runner_sets_or_cannot_read_are_one_line(tmp_path, given, message):
    notebooks = _notebook_folder(tmp_path / "nb", 'corpus = "x"\ntop_n = 5', "print(corpus, top_n)")
    proc = _run_folder(tmp_path, notebooks, *given)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
