"""Every notebook runs headlessly on the seed corpus; the runner reports failures; reruns are identical, even perturbed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_DIR

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
            "03_topics_headline_terms",
            "03_topics_nmf_headline_terms",
        ],
        "tables": [
            "03_topics_sweep",
            "03_topics_terms",
            "03_topics_document_topics",
            "03_topics_by_source",
            "03_topics_headline_terms",
            "03_topics_nmf_headline_terms",
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


def _run(out: Path, figures: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "textkit", "run", "--corpus", str(SEED_DIR), "--out", str(out), "--figures", str(figures),
         "--notebooks", str(ROOT / "notebooks"), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def _perturbed(base: Path) -> dict[str, str]:
    """An environment whose Pythons (the notebook kernels too) add relative noise of 1e-12 to model outputs (tests/perturbation.py)."""
    from perturbation import sitecustomize

    folder = sitecustomize(base / "perturb")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "TEXTKIT_PERTURB_LOG": str(base / "perturbed.log")}


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")
    runs = []
    for i in (1, 2):
        # Small k range and two seeds keep the topic sweep short in the test suite.
        # The second run imitates another machine (floats that differ in their last bits).
        env = _perturbed(base) if i == 2 else None
        proc = _run(base / f"out{i}", base / f"fig{i}", "-p", "k_max", "4", "-p", "n_seeds", "2", env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        runs.append((proc, base / f"out{i}", base / f"fig{i}"))
    return runs


def test_every_notebook_runs_and_writes_what_it_promises(two_runs):
    proc, out, figures = two_runs[0]
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
    # Nothing else is noise: no jieba timing lines in executed notebooks.
    for nb in (out / "notebooks").glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        assert "Building prefix dict" not in text and "Loading model cost" not in text
        assert "Glyph" not in text and "missing from font" not in text


def test_reruns_give_identical_figures_and_tables(two_runs):
    # The rerun is perturbed: identical bytes mean the same on another machine, not only on this one.
    (_, out1, fig1), (_, out2, fig2) = two_runs
    fired = set((out2.parent / "perturbed.log").read_text(encoding="utf-8").split())
    assert {"gensim.LdaModel.get_topics", "gensim.LdaModel.inference", "gensim.CoherenceModel.get_coherence",
            "sklearn.TfidfVectorizer.fit_transform", "sklearn.NMF.fit_transform", "tomotopy.LDAModel.get_topic_word_dist",
            "networkx.spring_layout", "networkx.pagerank", "networkx.betweenness_centrality", "pyLDAvis.js_PCoA",
            "numpy.log", "numpy.log2", "sklearn.cosine_similarity"} <= fired
    assert _digest(fig1) == _digest(fig2)
    assert _digest(out1 / "tables") == _digest(out2 / "tables")
    ldavis = [(o / "reports" / "03_topics_ldavis.html").read_bytes() for o in (out1, out2)]
    assert ldavis[0] == ldavis[1]
    assert len(_digest(fig1)) >= 9


def test_topics_notebook_reports_its_sweep(two_runs):
    _, out, _ = two_runs[0]
    sweep = (out / "tables" / "03_topics_sweep.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sweep[0].startswith("k,seed,c_v,c_npmi,u_mass,stability")
    assert len(sweep) == 1 + 3 * 2  # k = 2..4, two seeds
    executed = (out / "notebooks" / "03_topics.ipynb").read_text(encoding="utf-8")
    assert "stable across seeds" in executed or "too small for a stable topic model" in executed
    page = (out / "reports" / "03_topics_ldavis.html").read_text(encoding="utf-8")
    assert "https://" not in page and "data:text/javascript;base64," in page and "@font-face" in page


def test_seed_results_mention_the_domain(two_runs):
    _, out, _ = two_runs[0]
    top = (out / "tables" / "01_corpus_top_terms.csv").read_text(encoding="utf-8-sig")
    assert "自貿區" in top and "科技創新片區" in top


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
